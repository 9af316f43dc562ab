//! The audit log: who changed what, when, within which request. Written in the same transaction
//! as the change it describes; project entries outlive the project.

use serde::Serialize;
use sqlx::AnyConnection;

use super::members::require_role;
use super::{now_ms, Actor, ProjectId, Role, Store, StoreError, UserId};

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Increasing with time.
    pub id: i64,
    /// When (Unix ms).
    pub at: i64,
    /// Who, when someone was signed in (a failed sign-in has no actor).
    pub actor: Option<UserId>,
    /// What, as `resource.verb`: `project.create`, `member.add`, `session.signin`, …
    pub action: String,
    /// The project concerned, if any.
    pub project: Option<ProjectId>,
    /// Details as JSON (never a secret: tokens and passwords are not logged).
    pub detail: serde_json::Value,
    /// The request's correlation id.
    pub correlation_id: String,
}

/// Appends an entry within the caller's transaction.
pub(crate) async fn record(
    conn: &mut AnyConnection,
    actor: &Actor,
    action: &str,
    project: Option<&ProjectId>,
    detail: serde_json::Value,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, project_id, detail, correlation_id) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now_ms())
    .bind(actor.user.as_ref().map(|u| u.0.clone()))
    .bind(action)
    .bind(project.map(|p| p.0.clone()))
    .bind(detail.to_string())
    .bind(&actor.correlation_id)
    .execute(conn)
    .await?;
    Ok(())
}

type Row = (
    i64,
    i64,
    Option<String>,
    String,
    Option<String>,
    String,
    String,
);

fn entry((id, at, actor, action, project, detail, correlation_id): Row) -> AuditEntry {
    AuditEntry {
        id,
        at,
        actor: actor.map(UserId),
        action,
        project: project.map(ProjectId),
        detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
        correlation_id,
    }
}

impl Store {
    /// Records an event that changes nothing else (a refused sign-in).
    pub async fn record_audit(
        &self,
        actor: &Actor,
        action: &str,
        detail: serde_json::Value,
    ) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        record(&mut conn, actor, action, None, detail).await
    }

    /// A project's audit log, newest first, for its owners.
    pub async fn project_audit(
        &self,
        actor: &Actor,
        project: &ProjectId,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let user = actor.signed_in()?;
        let mut conn = self.pool.acquire().await?;
        require_role(&mut conn, user, project, Role::Owner).await?;
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, at, actor, action, project_id, detail, correlation_id FROM audit_log \
             WHERE project_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(&project.0)
        .bind(limit.clamp(1, 1000))
        .fetch_all(&mut *conn)
        .await?;
        Ok(rows.into_iter().map(entry).collect())
    }

    /// The newest `limit` entries of the whole log (operators and tests).
    pub async fn recent_audit(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, at, actor, action, project_id, detail, correlation_id FROM audit_log \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(limit.clamp(1, 1000))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(entry).collect())
    }
}
