//! [`Store`]: users, sessions, projects, members, share links, the audit log and the document
//! log, in SQLite (the default: one file in the data directory) or PostgreSQL (`DATABASE_URL`).
//!
//! **One code path.** Every query goes through sqlx's `Any` driver: one `Store` type (not generic
//! over a database, so handlers and the rooms name no type parameter) and one text per query.
//! SQL is written in the subset both databases read alike: `$1` placeholders (SQLite reads them
//! by number), `RETURNING`, `ON CONFLICT`, row-value comparisons. The price is that `Any` only
//! carries plain values, so ids are text, times are Unix milliseconds (`i64`), flags are
//! nullable times and bytes are bytes; and queries are checked by tests, not by macros (those
//! would need a live database at build time). The schema is the one place the dialects differ
//! (`BLOB`/`BYTEA`, identity columns, a byte-order collation): `migrations/sqlite` and
//! `migrations/postgres` hold the same tables, embedded in the binary.
//!
//! **Authorization lives with the data.** Methods that act for someone take an [`Actor`] and
//! check the actor's role in the same transaction as the change and its audit entry: a
//! non-member gets [`StoreError::NotFound`] (a project's existence is not revealed), a member
//! without the right role [`StoreError::Forbidden`]. Multi-row writes are one transaction.
//!
//! - `users.rs`, `sessions.rs`: accounts and signed-in sessions (tokens stored hashed).
//! - `projects.rs`: projects, with optimistic locking on `version`, and their paged lists.
//! - `members.rs`: roles, invitations by email, share links.
//! - `audit.rs`: the audit log every change writes to.
//! - `documents.rs`: the rooms' document log (updates by sequence number, snapshots).
//! - `versions.rs`: named and automatic versions of a document, snapshots the server made.
//! - `project_blobs.rs`: which blobs (asset bytes) each project holds.

mod audit;
mod documents;
mod members;
mod project_blobs;
mod projects;
mod sessions;
mod users;
mod versions;

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sqlx::any::AnyPoolOptions;
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::AnyPool;

pub use audit::AuditEntry;
pub use documents::StoredDocument;
pub use members::{Member, ShareLink, ShareLinkSummary};
pub use projects::{ListQuery, Order, Page, Project, ProjectPatch, SortBy, MAX_PAGE};
pub use sessions::{NewSession, SESSION_TTL_MS};
pub use users::{User, UserCredentials};
pub use versions::{Version, VersionQuery};

/// Why a store operation failed. Each variant has a stable [`StoreError::code`]; an error means
/// nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The input is malformed or out of bounds (`validation_error`).
    #[error("{0}")]
    Validation(String),
    /// No such thing, or not visible to the caller (`not_found`).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The change collides with the current state: a stale version, a taken email, removing the
    /// last owner (`conflict`).
    #[error("{0}")]
    Conflict(String),
    /// The caller may see the project but not do this (`forbidden`).
    #[error("{0}")]
    Forbidden(String),
    /// The database failed (`internal`); logged, never shown.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date (`internal`).
    #[error("migrating the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The store's configuration is unusable (`internal`), e.g. an unknown `DATABASE_URL` scheme.
    #[error("{0}")]
    Config(String),
}

impl StoreError {
    /// The stable code clients branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation_error",
            Self::NotFound(_) => "not_found",
            Self::Conflict(_) => "conflict",
            Self::Forbidden(_) => "forbidden",
            Self::Database(_) | Self::Migrate(_) | Self::Config(_) => "internal",
        }
    }

    /// A unique-constraint violation becomes `conflict` with `message`; anything else stays.
    fn on_unique(error: sqlx::Error, message: &str) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                Self::Conflict(message.to_owned())
            }
            _ => Self::Database(error),
        }
    }
}

/// Which database a [`Store`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, one file (or memory).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// A project's id (random, opaque text).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProjectId(pub String);

/// A user's id (random, opaque text).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub String);

impl fmt::Display for ProjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A member's role in a project. Ordered: `Viewer < Editor < Owner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads the project and its document; its document updates are refused.
    Viewer,
    /// Also edits the document and the project's metadata.
    Editor,
    /// Also manages members and share links, and deletes the project.
    Owner,
}

impl Role {
    /// The role as stored and sent: `owner`, `editor` or `viewer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Editor => "editor",
            Self::Viewer => "viewer",
        }
    }

    /// Whether this role may change the document and the project's metadata.
    pub fn can_edit(self) -> bool {
        self >= Self::Editor
    }
}

impl FromStr for Role {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "owner" => Ok(Self::Owner),
            "editor" => Ok(Self::Editor),
            "viewer" => Ok(Self::Viewer),
            other => Err(StoreError::Validation(format!(
                "role must be owner, editor or viewer, not {other:?}"
            ))),
        }
    }
}

/// Who is acting, for permission checks and the audit log.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The signed-in user, if any.
    pub user: Option<UserId>,
    /// The request's correlation id, written with each audit entry.
    pub correlation_id: String,
}

impl Actor {
    /// A signed-in user acting within the request `correlation_id`.
    pub fn user(user: UserId, correlation_id: impl Into<String>) -> Self {
        Self {
            user: Some(user),
            correlation_id: correlation_id.into(),
        }
    }

    /// Someone not signed in (signing up or in).
    pub fn anonymous(correlation_id: impl Into<String>) -> Self {
        Self {
            user: None,
            correlation_id: correlation_id.into(),
        }
    }

    fn signed_in(&self) -> Result<&UserId, StoreError> {
        self.user
            .as_ref()
            .ok_or_else(|| StoreError::Forbidden("sign in first".into()))
    }
}

/// The database behind the server. Cheap to clone (a connection pool).
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Opens (creating when missing) `omnios.db` in `data_dir`, which is created too.
    pub async fn open_sqlite_dir(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            StoreError::Config(format!("cannot create {}: {e}", data_dir.display()))
        })?;
        let file = std::path::absolute(data_dir.join("omnios.db"))
            .map_err(|e| StoreError::Config(format!("data directory: {e}")))?;
        let path = file
            .to_str()
            .filter(|path| !path.contains(['?', '#', '%']))
            .ok_or_else(|| {
                StoreError::Config(format!(
                    "the data directory's path must be UTF-8 without ?, # or % (it becomes a URL): {}",
                    file.display()
                ))
            })?;
        Self::connect(&format!("sqlite://{path}?mode=rwc")).await
    }

    /// Connects to `url` (`sqlite:…` or `postgres://…`) and brings its schema up to date.
    ///
    /// SQLite gets one connection: it takes one writer at a time anyway, and a single connection
    /// turns what would be `SQLITE_BUSY` failures of concurrent transactions into a queue.
    /// PostgreSQL gets a pool of ten.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::Config(
                "the database URL must start with sqlite: or postgres://".into(),
            ));
        };
        let pool = match backend {
            Backend::Sqlite => {
                let pool = AnyPoolOptions::new()
                    .max_connections(1)
                    .connect(url)
                    .await?;
                // WAL: readers never wait for the writer; the setting stays with the file.
                if !url.contains(":memory:") {
                    sqlx::query("PRAGMA journal_mode = WAL")
                        .execute(&pool)
                        .await?;
                }
                pool
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(10)
                    .connect(url)
                    .await?
            }
        };
        let migrations = Migrator::new(Migrations(backend)).await?;
        migrations.run(&pool).await?;
        Ok(Self { pool, backend })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection (waits for those in use).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The embedded migrations of one backend, in version order.
#[derive(Debug)]
struct Migrations(Backend);

impl<'s> MigrationSource<'s> for Migrations {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 's>> {
        let files: &[(i64, &str, &str)] = match self.0 {
            Backend::Sqlite => &[
                (
                    1,
                    "accounts projects documents",
                    include_str!("../migrations/sqlite/0001_accounts_projects_documents.sql"),
                ),
                (
                    2,
                    "versions",
                    include_str!("../migrations/sqlite/0002_versions.sql"),
                ),
                (
                    3,
                    "project blobs",
                    include_str!("../migrations/sqlite/0003_project_blobs.sql"),
                ),
            ],
            Backend::Postgres => &[
                (
                    1,
                    "accounts projects documents",
                    include_str!("../migrations/postgres/0001_accounts_projects_documents.sql"),
                ),
                (
                    2,
                    "versions",
                    include_str!("../migrations/postgres/0002_versions.sql"),
                ),
                (
                    3,
                    "project blobs",
                    include_str!("../migrations/postgres/0003_project_blobs.sql"),
                ),
            ],
        };
        let migrations = files
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    Cow::Borrowed(description),
                    MigrationType::Simple,
                    Cow::Borrowed(sql),
                    false,
                )
            })
            .collect();
        Box::pin(async move { Ok(migrations) })
    }
}

/// Now, in Unix milliseconds (the store's time unit).
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A fresh random id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A fresh secret: 32 random bytes from the operating system, as 64 hex digits.
pub fn new_token() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// The SHA-256 of a secret as hex: what the store keeps instead of a session or link token, so
/// a copy of the database opens no session.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}
