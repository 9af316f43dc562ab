//! The rooms' document log: each accepted Yjs update under a per-project sequence number, and
//! now and then a snapshot that replaces the updates it covers. No permission checks here: the
//! rooms check [`Store::role_of`] when a connection joins.

use super::{ProjectId, Store, StoreError};

/// A project's stored document: a snapshot (if one was made) and the updates after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredDocument {
    /// The latest snapshot (a Yjs update encoding the whole document up to its sequence).
    pub snapshot: Option<Vec<u8>>,
    /// The updates after the snapshot, in sequence order, with their sequence numbers.
    pub updates: Vec<(i64, Vec<u8>)>,
}

impl Store {
    /// Stores one update and returns its sequence number (1, 2, … per project, never reused).
    /// The update is on disk (committed) when this returns.
    pub async fn append_update(
        &self,
        project: &ProjectId,
        update: &[u8],
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        // The counter lives on the project row: PostgreSQL locks it, so concurrent appends to
        // one project queue, and compaction cannot make a number come back.
        let seq: Option<(i64,)> = sqlx::query_as(
            "UPDATE projects SET doc_seq = doc_seq + 1 WHERE id = $1 RETURNING doc_seq",
        )
        .bind(&project.0)
        .fetch_optional(&mut *tx)
        .await?;
        let (seq,) = seq.ok_or(StoreError::NotFound("project"))?;
        sqlx::query("INSERT INTO document_updates (project_id, seq, bytes) VALUES ($1, $2, $3)")
            .bind(&project.0)
            .bind(seq)
            .bind(update)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// Stores several updates in one transaction (one commit, one sync to disk) under
    /// consecutive sequence numbers and returns the last one's; all or none are stored. No
    /// updates is a no-op returning 0.
    pub async fn append_updates(
        &self,
        project: &ProjectId,
        updates: &[Vec<u8>],
    ) -> Result<i64, StoreError> {
        if updates.is_empty() {
            return Ok(0);
        }
        let count = i64::try_from(updates.len())
            .map_err(|_| StoreError::Validation("too many updates in one append".into()))?;
        let mut tx = self.pool.begin().await?;
        let last: Option<(i64,)> = sqlx::query_as(
            "UPDATE projects SET doc_seq = doc_seq + $2 WHERE id = $1 RETURNING doc_seq",
        )
        .bind(&project.0)
        .bind(count)
        .fetch_optional(&mut *tx)
        .await?;
        let (last,) = last.ok_or(StoreError::NotFound("project"))?;
        for (seq, update) in (last - count + 1..).zip(updates) {
            sqlx::query(
                "INSERT INTO document_updates (project_id, seq, bytes) VALUES ($1, $2, $3)",
            )
            .bind(&project.0)
            .bind(seq)
            .bind(update.as_slice())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(last)
    }

    /// The project's snapshot and the updates after it. An unknown project is `NotFound`; a
    /// project with no document yet has neither.
    pub async fn load_document(&self, project: &ProjectId) -> Result<StoredDocument, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let exists: Option<(i64,)> = sqlx::query_as("SELECT doc_seq FROM projects WHERE id = $1")
            .bind(&project.0)
            .fetch_optional(&mut *conn)
            .await?;
        exists.ok_or(StoreError::NotFound("project"))?;
        // Updates first, then the snapshot: a compaction in between leaves updates the newer
        // snapshot covers (dropped below), never a gap.
        let updates: Vec<(i64, Vec<u8>)> = sqlx::query_as(
            "SELECT seq, bytes FROM document_updates WHERE project_id = $1 ORDER BY seq",
        )
        .bind(&project.0)
        .fetch_all(&mut *conn)
        .await?;
        let snapshot: Option<(i64, Vec<u8>)> =
            sqlx::query_as("SELECT up_to_seq, bytes FROM document_snapshots WHERE project_id = $1")
                .bind(&project.0)
                .fetch_optional(&mut *conn)
                .await?;
        let covered = snapshot.as_ref().map_or(0, |(up_to, _)| *up_to);
        Ok(StoredDocument {
            snapshot: snapshot.map(|(_, bytes)| bytes),
            updates: updates
                .into_iter()
                .filter(|(seq, _)| *seq > covered)
                .collect(),
        })
    }

    /// Replaces the updates up to `up_to_seq` with `snapshot`, in one transaction. `up_to_seq`
    /// must be one that was appended and not older than the current snapshot's.
    pub async fn compact(
        &self,
        project: &ProjectId,
        snapshot: &[u8],
        up_to_seq: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        // A no-op write locks the project row (PostgreSQL), so compactions of one project queue.
        let latest: Option<(i64,)> =
            sqlx::query_as("UPDATE projects SET doc_seq = doc_seq WHERE id = $1 RETURNING doc_seq")
                .bind(&project.0)
                .fetch_optional(&mut *tx)
                .await?;
        let (latest,) = latest.ok_or(StoreError::NotFound("project"))?;
        if !(0..=latest).contains(&up_to_seq) {
            return Err(StoreError::Validation(format!(
                "up_to_seq {up_to_seq} is not a stored sequence number (latest {latest})"
            )));
        }
        let current: Option<(i64,)> =
            sqlx::query_as("SELECT up_to_seq FROM document_snapshots WHERE project_id = $1")
                .bind(&project.0)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((current,)) = current {
            if current > up_to_seq {
                return Err(StoreError::Conflict(format!(
                    "a newer snapshot (up to {current}) is stored"
                )));
            }
        }
        sqlx::query(
            "INSERT INTO document_snapshots (project_id, up_to_seq, bytes) VALUES ($1, $2, $3) \
             ON CONFLICT (project_id) DO UPDATE SET up_to_seq = excluded.up_to_seq, \
             bytes = excluded.bytes",
        )
        .bind(&project.0)
        .bind(up_to_seq)
        .bind(snapshot)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM document_updates WHERE project_id = $1 AND seq <= $2")
            .bind(&project.0)
            .bind(up_to_seq)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
