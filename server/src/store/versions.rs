//! Versions of a project's document kept by the server: a name, who saved it (or that the server
//! made it on its own), when, how many elements, and the document itself as one Yjs update. The
//! bytes are always the server's own copy (the caller snapshots the stored document), never a
//! client's. Any member lists and reads them; editors and owners save; owners delete.

use serde::{Deserialize, Serialize};

use super::members::require_role;
use super::projects::{Cursor, Page, MAX_PAGE};
use super::{audit, new_id, now_ms, Actor, ProjectId, Role, Store, StoreError, UserId};

/// The longest version name, in characters.
const MAX_NAME: usize = 200;

/// A version as lists show it (its document is read apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// Its id.
    pub id: String,
    /// The project it belongs to.
    pub project: ProjectId,
    /// Its name.
    pub name: String,
    /// Who saved it; `None` for an automatic version.
    pub created_by: Option<UserId>,
    /// When (Unix ms).
    pub created_at: i64,
    /// Whether the server made it on its own.
    pub automatic: bool,
    /// How many elements its document holds.
    pub element_count: i64,
}

/// Which page of a project's versions (newest first): `limit` 1 to [`MAX_PAGE`] (default 50)
/// and the previous page's `next_cursor`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionQuery {
    /// Items per page.
    #[serde(default)]
    pub limit: Option<i64>,
    /// Where the previous page ended.
    #[serde(default)]
    pub cursor: Option<String>,
}

/// A name, trimmed, 1 to 200 characters, no control characters.
fn valid_name(name: &str) -> Result<String, StoreError> {
    let name = name.trim();
    let length = name.chars().count();
    if length == 0 || length > MAX_NAME {
        return Err(StoreError::Validation(format!(
            "a version name has 1 to {MAX_NAME} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(StoreError::Validation(
            "a version name has no control characters".into(),
        ));
    }
    Ok(name.to_owned())
}

type Row = (String, String, String, Option<String>, i64, i64, i64);

const COLUMNS: &str = "id, project_id, name, created_by, created_at, automatic, element_count";

fn version((id, project, name, created_by, created_at, automatic, count): Row) -> Version {
    Version {
        id,
        project: ProjectId(project),
        name,
        created_by: created_by.map(UserId),
        created_at,
        automatic: automatic != 0,
        element_count: count,
    }
}

impl Store {
    /// Saves `doc` (the server's snapshot of the project's document) as a version named `name`
    /// (editors and owners).
    pub async fn create_version(
        &self,
        actor: &Actor,
        project: &ProjectId,
        name: &str,
        doc: &[u8],
        element_count: i64,
    ) -> Result<Version, StoreError> {
        let user = actor.signed_in()?;
        let name = valid_name(name)?;
        let mut tx = self.pool.begin().await?;
        require_role(&mut tx, user, project, Role::Editor).await?;
        let saved = insert(&mut tx, project, &name, Some(user), doc, element_count).await?;
        audit::record(
            &mut tx,
            actor,
            "version.create",
            Some(project),
            serde_json::json!({ "version": saved.id, "name": saved.name }),
        )
        .await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Saves an automatic version of `project` (the rooms call this; no actor, no audit entry).
    pub async fn create_automatic_version(
        &self,
        project: &ProjectId,
        name: &str,
        doc: &[u8],
        element_count: i64,
    ) -> Result<Version, StoreError> {
        let name = valid_name(name)?;
        let mut tx = self.pool.begin().await?;
        let saved = insert(&mut tx, project, &name, None, doc, element_count).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// The project's versions, newest first (any member).
    pub async fn versions(
        &self,
        actor: &Actor,
        project: &ProjectId,
        query: &VersionQuery,
    ) -> Result<Page<Version>, StoreError> {
        let user = actor.signed_in()?;
        let limit = query.limit.unwrap_or(50);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(StoreError::Validation(format!(
                "limit must be 1 to {MAX_PAGE}"
            )));
        }
        let cursor = query.cursor.as_deref().map(Cursor::decode).transpose()?;
        let after = match &cursor {
            Some(cursor) => Some((
                cursor.key.as_i64().ok_or_else(|| {
                    StoreError::Validation("cursor is not one this server gave".into())
                })?,
                cursor.id.clone(),
            )),
            None => None,
        };
        let mut conn = self.pool.acquire().await?;
        require_role(&mut conn, user, project, Role::Viewer).await?;
        let seek = if after.is_some() {
            "AND (created_at, id) < ($3, $4)"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM versions WHERE project_id = $1 {seek} \
             ORDER BY created_at DESC, id DESC LIMIT $2"
        );
        let mut select = sqlx::query_as::<_, Row>(&sql)
            .bind(&project.0)
            .bind(limit + 1);
        if let Some((at, id)) = &after {
            select = select.bind(*at).bind(id.clone());
        }
        let mut items: Vec<Version> = select
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(version)
            .collect();
        let more = items.len() > usize::try_from(limit).unwrap_or(usize::MAX);
        items.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let next_cursor = match items.last() {
            Some(last) if more => Some(
                Cursor {
                    key: last.created_at.into(),
                    id: last.id.clone(),
                }
                .encode(),
            ),
            _ => None,
        };
        Ok(Page { items, next_cursor })
    }

    /// A version's document (any member): a Yjs update encoding the whole document.
    pub async fn version_document(
        &self,
        actor: &Actor,
        project: &ProjectId,
        version: &str,
    ) -> Result<Vec<u8>, StoreError> {
        let user = actor.signed_in()?;
        let mut conn = self.pool.acquire().await?;
        require_role(&mut conn, user, project, Role::Viewer).await?;
        let row: Option<(Vec<u8>,)> =
            sqlx::query_as("SELECT doc FROM versions WHERE id = $1 AND project_id = $2")
                .bind(version)
                .bind(&project.0)
                .fetch_optional(&mut *conn)
                .await?;
        Ok(row.ok_or(StoreError::NotFound("version"))?.0)
    }

    /// Deletes a version (owners only).
    pub async fn delete_version(
        &self,
        actor: &Actor,
        project: &ProjectId,
        version: &str,
    ) -> Result<(), StoreError> {
        let user = actor.signed_in()?;
        let mut tx = self.pool.begin().await?;
        require_role(&mut tx, user, project, Role::Owner).await?;
        let deleted = sqlx::query("DELETE FROM versions WHERE id = $1 AND project_id = $2")
            .bind(version)
            .bind(&project.0)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound("version"));
        }
        audit::record(
            &mut tx,
            actor,
            "version.delete",
            Some(project),
            serde_json::json!({ "version": version }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn insert(
    conn: &mut sqlx::AnyConnection,
    project: &ProjectId,
    name: &str,
    by: Option<&UserId>,
    doc: &[u8],
    element_count: i64,
) -> Result<Version, StoreError> {
    // A no-op write locks the project row (PostgreSQL), so saves of one project queue; each
    // version is then strictly newer than the last, and "newest first" is the order they were
    // saved in even within one millisecond.
    let locked: Option<(i64,)> =
        sqlx::query_as("UPDATE projects SET doc_seq = doc_seq WHERE id = $1 RETURNING doc_seq")
            .bind(&project.0)
            .fetch_optional(&mut *conn)
            .await?;
    locked.ok_or(StoreError::NotFound("project"))?;
    let (latest,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(created_at) FROM versions WHERE project_id = $1")
            .bind(&project.0)
            .fetch_one(&mut *conn)
            .await?;
    let saved = Version {
        id: new_id(),
        project: project.clone(),
        name: name.to_owned(),
        created_by: by.cloned(),
        created_at: now_ms().max(latest.map_or(0, |t| t + 1)),
        automatic: by.is_none(),
        element_count,
    };
    sqlx::query(
        "INSERT INTO versions (id, project_id, name, created_by, created_at, automatic, \
         element_count, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&saved.id)
    .bind(&project.0)
    .bind(&saved.name)
    .bind(by.map(|u| u.0.clone()))
    .bind(saved.created_at)
    .bind(i64::from(saved.automatic))
    .bind(element_count)
    .bind(doc)
    .execute(conn)
    .await?;
    Ok(saved)
}
