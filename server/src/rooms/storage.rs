//! [`DocumentLog`]: where a room keeps its document — an append-only log of accepted Yjs
//! updates plus a compacted snapshot. The room calls it; [`super::FileLog`] implements it on
//! files, the server's database store implements it on its tables.

use async_trait::async_trait;

/// A project's stored document: the latest snapshot (one Yjs v1 update holding everything up
/// to the sequence number it was compacted at) and every update appended after it, in order —
/// the store's own type, so the database and the file log answer alike.
pub use crate::store::StoredDocument;

/// Why storage failed. The room refuses the update (or the join) and logs the cause; it never
/// relays what it could not store.
#[derive(Debug, thiserror::Error)]
#[error("document storage failed: {source}")]
pub struct StorageError {
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl StorageError {
    /// Wraps the storage's own error.
    pub fn new(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self {
            source: source.into(),
        }
    }
}

/// Durable storage of each project's Yjs document.
///
/// Every method returns only once what it wrote is durable (fsync, a committed transaction):
/// a room relays an update only after [`DocumentLog::append_update`] returned.
#[async_trait]
pub trait DocumentLog: Send + Sync {
    /// Appends one accepted update to `project`'s log; returns its sequence number (greater
    /// than every earlier one of the project, including the last compaction's `up_to_seq`).
    async fn append_update(&self, project: &str, update: &[u8]) -> Result<i64, StorageError>;

    /// Appends several accepted updates in order (a room's group commit: one durable write for
    /// the updates that arrived together); returns the last one's sequence number. The default
    /// appends them one by one; a failure may leave the first ones stored, never a later one
    /// without the earlier.
    async fn append_updates(
        &self,
        project: &str,
        updates: &[Vec<u8>],
    ) -> Result<i64, StorageError> {
        let mut last = 0;
        for update in updates {
            last = self.append_update(project, update).await?;
        }
        Ok(last)
    }

    /// The stored document: snapshot and the updates after it. A project never written is
    /// an empty [`StoredDocument`], not an error.
    async fn load_document(&self, project: &str) -> Result<StoredDocument, StorageError>;

    /// Replaces the snapshot with `snapshot` (which holds every update up to and including
    /// `up_to_seq`) and drops those updates; updates after `up_to_seq` stay. Atomic: a crash
    /// leaves either the old snapshot and log or the new ones.
    async fn compact(
        &self,
        project: &str,
        snapshot: &[u8],
        up_to_seq: i64,
    ) -> Result<(), StorageError>;

    /// Keeps `doc` (the whole stored document, holding `element_count` elements) as an
    /// automatic version of `project`. Storage without versions (the file log) keeps nothing.
    async fn record_automatic_version(
        &self,
        _project: &str,
        _doc: &[u8],
        _element_count: u32,
    ) -> Result<(), StorageError> {
        Ok(())
    }
}
