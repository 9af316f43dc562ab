//! Which blobs each project holds. The bytes live once in the blob store under their SHA-256;
//! this table says which projects hold them, so a member reads a blob only through a project
//! of theirs that holds it and nobody reads another project's pictures by knowing a hash.

use super::members::require_role;
use super::{audit, now_ms, Actor, ProjectId, Role, Store, StoreError};

impl Store {
    /// Records that `project` holds the blob `sha256` of `size` bytes (editors and owners). The
    /// bytes must already be in the blob store. Returns whether the project did not hold it yet.
    pub async fn add_project_blob(
        &self,
        actor: &Actor,
        project: &ProjectId,
        sha256: &str,
        size: u64,
    ) -> Result<bool, StoreError> {
        let user = actor.signed_in()?;
        let size = i64::try_from(size)
            .map_err(|_| StoreError::Validation(format!("{size} bytes is too large")))?;
        let mut tx = self.pool.begin().await?;
        require_role(&mut tx, user, project, Role::Editor).await?;
        let added = sqlx::query(
            "INSERT INTO project_blobs (project_id, sha256, size, added_by, added_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (project_id, sha256) DO NOTHING",
        )
        .bind(&project.0)
        .bind(sha256)
        .bind(size)
        .bind(&user.0)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if added {
            audit::record(
                &mut tx,
                actor,
                "blob.add",
                Some(project),
                serde_json::json!({ "sha256": sha256, "size": size }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Checks that `project` holds the blob `sha256` and the actor is a member who may read it:
    /// a non-member, or a blob the project does not hold, is `NotFound`.
    pub async fn require_project_blob(
        &self,
        actor: &Actor,
        project: &ProjectId,
        sha256: &str,
    ) -> Result<(), StoreError> {
        let user = actor.signed_in()?;
        let mut conn = self.pool.acquire().await?;
        require_role(&mut conn, user, project, Role::Viewer).await?;
        let held: Option<(i64,)> =
            sqlx::query_as("SELECT size FROM project_blobs WHERE project_id = $1 AND sha256 = $2")
                .bind(&project.0)
                .bind(sha256)
                .fetch_optional(&mut *conn)
                .await?;
        held.map(|_| ()).ok_or(StoreError::NotFound("blob"))
    }

    /// The SHA-256 of every blob `project` holds (any member), in order.
    pub async fn project_blobs(
        &self,
        actor: &Actor,
        project: &ProjectId,
    ) -> Result<Vec<String>, StoreError> {
        let user = actor.signed_in()?;
        let mut conn = self.pool.acquire().await?;
        require_role(&mut conn, user, project, Role::Viewer).await?;
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT sha256 FROM project_blobs WHERE project_id = $1 ORDER BY sha256",
        )
        .bind(&project.0)
        .fetch_all(&mut *conn)
        .await?;
        Ok(rows.into_iter().map(|(sha,)| sha).collect())
    }
}
