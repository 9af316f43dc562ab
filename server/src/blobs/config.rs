//! Which blob store `omnios` opens, from flags or the environment (README, "Blob store").

use std::path::PathBuf;

use super::{BlobError, BlobStore, S3Config};

/// The backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    /// Files under `<data dir>/blobs`.
    Filesystem,
    /// In memory: gone when the server stops (tests, demos).
    Memory,
    /// A bucket of an S3-compatible service.
    S3,
}

/// The blob store's settings.
#[derive(Debug, Clone, clap::Args)]
pub struct BlobArgs {
    /// Where the server keeps its data (created if missing): the SQLite database `omnios.db`
    /// (unless `DATABASE_URL` names PostgreSQL) and blobs under `<data dir>/blobs`.
    #[arg(
        long = "data",
        visible_alias = "data-dir",
        env = "OMNIOS_DATA",
        default_value = "data"
    )]
    pub data_dir: PathBuf,
    /// Where blobs are stored.
    #[arg(long, env = "OMNIOS_BLOBS", value_enum, default_value_t = Backend::Filesystem)]
    pub blobs: Backend,
    /// S3: the service's URL (plain http only to this machine).
    #[arg(long, env = "OMNIOS_S3_ENDPOINT", default_value = "")]
    pub s3_endpoint: String,
    /// S3: the bucket.
    #[arg(long, env = "OMNIOS_S3_BUCKET", default_value = "")]
    pub s3_bucket: String,
    /// S3: the region.
    #[arg(long, env = "OMNIOS_S3_REGION", default_value = "us-east-1")]
    pub s3_region: String,
    /// S3: the access key id.
    #[arg(
        long,
        env = "OMNIOS_S3_ACCESS_KEY_ID",
        default_value = "",
        hide_env_values = true
    )]
    pub s3_access_key_id: String,
    /// S3: the secret access key (prefer the environment variable to the flag).
    #[arg(
        long,
        env = "OMNIOS_S3_SECRET_ACCESS_KEY",
        default_value = "",
        hide_env_values = true
    )]
    pub s3_secret_access_key: String,
}

impl BlobArgs {
    /// Opens the configured store.
    pub fn open(&self) -> Result<BlobStore, BlobError> {
        match self.blobs {
            Backend::Filesystem => BlobStore::filesystem(&self.data_dir),
            Backend::Memory => Ok(BlobStore::memory()),
            Backend::S3 => {
                if self.s3_endpoint.is_empty() || self.s3_bucket.is_empty() {
                    return Err(BlobError::Config {
                        backend: "s3",
                        reason: "set --s3-endpoint and --s3-bucket (OMNIOS_S3_ENDPOINT, OMNIOS_S3_BUCKET)".into(),
                    });
                }
                BlobStore::s3(&S3Config {
                    endpoint: self.s3_endpoint.clone(),
                    bucket: self.s3_bucket.clone(),
                    region: self.s3_region.clone(),
                    access_key_id: self.s3_access_key_id.clone(),
                    secret_access_key: self.s3_secret_access_key.clone(),
                })
            }
        }
    }
}
