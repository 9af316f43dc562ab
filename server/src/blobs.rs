//! The blob store: asset bytes stored once under their SHA-256, behind one small interface
//! ([`BlobStore`]) over the `object_store` crate, so the same code runs on the filesystem (the
//! default, `<data dir>/blobs/<sha256>`), in memory (tests) and on any S3-compatible service.
//!
//! Every blob is the object `blobs/<sha256>`. [`BlobStore::put`] hashes the bytes and checks
//! the size before anything is written: a blob whose bytes do not match its name, or that is
//! over the limit, writes nothing. A blob is never overwritten: putting one that exists is a
//! no-op (same name, same bytes). The filesystem backend writes to a temporary file and
//! renames it, S3 writes whole objects, so a failed write leaves no half-stored blob.
//!
//! Nothing here decides who may store: the HTTP upload route waits for accounts and projects
//! (docs/architecture.md, "Blob store"); today blobs come in through `omnios blobs import`.

pub mod config;
pub mod media_type;

use std::path::Path as FsPath;
use std::sync::Arc;

use axum::body::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use omnios_engine::backup::sha256;
use omnios_engine::is_sha256_hex;

/// Largest blob stored, in bytes (the engine's largest asset).
pub const MAX_BLOB_BYTES: u64 = omnios_engine::MAX_ASSET_BYTES;

const PREFIX: &str = "blobs";

/// Why the blob store refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The name is not a SHA-256 in lowercase hex.
    #[error("{0:?} is not a SHA-256 (64 lowercase hex digits)")]
    MalformedHash(String),
    /// The bytes' SHA-256 is not the name they were put under.
    #[error("the bytes hash to {actual}, not {expected}: nothing stored")]
    HashMismatch {
        /// The name asked for.
        expected: String,
        /// The bytes' SHA-256.
        actual: String,
    },
    /// Over the size limit.
    #[error("{bytes} bytes is over the limit of {limit} bytes: nothing stored")]
    TooLarge {
        /// The blob's size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The backend could not be set up.
    #[error("cannot open the {backend} blob store: {reason}")]
    Config {
        /// `filesystem` or `s3`.
        backend: &'static str,
        /// What went wrong.
        reason: String,
    },
    /// The backend failed (disk, network, permissions).
    #[error("blob store: {0}")]
    Backend(#[from] object_store::Error),
}

impl BlobError {
    /// A stable code for hosts and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MalformedHash(_) => "malformed_hash",
            Self::HashMismatch { .. } => "hash_mismatch",
            Self::TooLarge { .. } => "too_large",
            Self::Config { .. } => "config",
            Self::Backend(_) => "backend",
        }
    }
}

/// What a put did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    /// The blob was written.
    Stored,
    /// It was there already (content addressing: the same bytes).
    AlreadyThere,
}

/// Where an S3-compatible store is and how to sign in.
#[derive(Debug, Clone, Default)]
pub struct S3Config {
    /// The service's URL (`https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:9000`).
    pub endpoint: String,
    /// The bucket.
    pub bucket: String,
    /// The region (`us-east-1` for most S3-compatible services).
    pub region: String,
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: String,
}

impl S3Config {
    /// Plain `http://` is allowed only to this machine (a local S3-compatible server).
    fn allows_http(&self) -> bool {
        let rest = self.endpoint.strip_prefix("http://").unwrap_or_default();
        let host = rest.split(['/', ':']).next().unwrap_or_default();
        host == "localhost" || host.starts_with("127.") || rest.starts_with("[::1]")
    }
}

/// Content-addressed blob storage over one `object_store` backend. Cheap to clone.
#[derive(Clone, Debug)]
pub struct BlobStore {
    store: Arc<dyn ObjectStore>,
    max_bytes: u64,
}

fn location(hash: &str) -> Path {
    Path::from(format!("{PREFIX}/{hash}"))
}

fn checked(hash: &str) -> Result<&str, BlobError> {
    if is_sha256_hex(hash) {
        Ok(hash)
    } else {
        Err(BlobError::MalformedHash(hash.chars().take(80).collect()))
    }
}

impl BlobStore {
    /// A store over any `object_store` backend.
    pub fn new(store: Arc<dyn ObjectStore>) -> Self {
        Self {
            store,
            max_bytes: MAX_BLOB_BYTES,
        }
    }

    /// The same store with another size limit.
    pub fn with_max_bytes(mut self, max_bytes: u64) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// Blobs in memory, gone when the process ends (tests).
    pub fn memory() -> Self {
        Self::new(Arc::new(InMemory::new()))
    }

    /// Blobs as files `<dir>/blobs/<sha256>` (`dir` is created if missing).
    pub fn filesystem(dir: &FsPath) -> Result<Self, BlobError> {
        let config = |reason: String| BlobError::Config {
            backend: "filesystem",
            reason,
        };
        std::fs::create_dir_all(dir).map_err(|e| config(format!("{}: {e}", dir.display())))?;
        let store = LocalFileSystem::new_with_prefix(dir).map_err(|e| config(e.to_string()))?;
        Ok(Self::new(Arc::new(store)))
    }

    /// Blobs in a bucket of an S3-compatible service.
    pub fn s3(config: &S3Config) -> Result<Self, BlobError> {
        let store = AmazonS3Builder::new()
            .with_endpoint(&config.endpoint)
            .with_bucket_name(&config.bucket)
            .with_region(&config.region)
            .with_access_key_id(&config.access_key_id)
            .with_secret_access_key(&config.secret_access_key)
            .with_virtual_hosted_style_request(false)
            .with_allow_http(config.allows_http())
            .build()
            .map_err(|e| BlobError::Config {
                backend: "s3",
                reason: e.to_string(),
            })?;
        Ok(Self::new(Arc::new(store)))
    }

    /// Stores `bytes` under `hash` after checking the size and that they hash to it.
    pub async fn put(&self, hash: &str, bytes: Bytes) -> Result<Put, BlobError> {
        let hash = checked(hash)?;
        let size = bytes.len() as u64;
        if size > self.max_bytes {
            return Err(BlobError::TooLarge {
                bytes: size,
                limit: self.max_bytes,
            });
        }
        let actual = sha256(&bytes);
        if actual != hash {
            return Err(BlobError::HashMismatch {
                expected: hash.to_owned(),
                actual,
            });
        }
        if self.head(hash).await?.is_some() {
            return Ok(Put::AlreadyThere);
        }
        self.store
            .put(&location(hash), PutPayload::from(bytes))
            .await?;
        Ok(Put::Stored)
    }

    /// The blob's bytes, if stored.
    pub async fn get(&self, hash: &str) -> Result<Option<Bytes>, BlobError> {
        match self.store.get(&location(checked(hash)?)).await {
            Ok(found) => Ok(Some(found.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The blob's size, if stored.
    pub async fn head(&self, hash: &str) -> Result<Option<u64>, BlobError> {
        match self.store.head(&location(checked(hash)?)).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes a blob; returns whether it was there.
    pub async fn delete(&self, hash: &str) -> Result<bool, BlobError> {
        if self.head(hash).await?.is_none() {
            return Ok(false);
        }
        match self.store.delete(&location(hash)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(true),
            Err(e) => Err(e.into()),
        }
    }

    /// Every stored blob's hash, sorted.
    pub async fn list(&self) -> Result<Vec<String>, BlobError> {
        let listed = self
            .store
            .list_with_delimiter(Some(&Path::from(PREFIX)))
            .await?;
        let mut hashes: Vec<String> = listed
            .objects
            .into_iter()
            .filter_map(|meta| meta.location.filename().map(str::to_owned))
            .filter(|name| is_sha256_hex(name))
            .collect();
        hashes.sort();
        Ok(hashes)
    }
}
