//! Projects: metadata with a `version` for optimistic locking, and the paged list of the
//! projects a user is a member of.

use serde::{Deserialize, Serialize};

use super::members::{insert_member, require_role};
use super::{audit, new_id, now_ms, Actor, ProjectId, Role, Store, StoreError};

/// The most items one page holds.
pub const MAX_PAGE: i64 = 100;

/// The longest project name, in characters.
const MAX_NAME: usize = 200;

/// A project as one member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    /// Its id.
    pub id: ProjectId,
    /// Its name.
    pub name: String,
    /// Bumped by every metadata change; a change must name the version it read.
    pub version: i64,
    /// When it was created (Unix ms).
    pub created_at: i64,
    /// When its metadata last changed (Unix ms).
    pub updated_at: i64,
    /// The viewing member's role.
    pub role: Role,
}

/// A metadata change, made against the `version` the client read.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectPatch {
    /// The new name, if it changes.
    #[serde(default)]
    pub name: Option<String>,
    /// The version the change was made from; a stale one is [`StoreError::Conflict`].
    pub version: i64,
}

/// What a list is sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// The name, by code point.
    Name,
    /// The last metadata change.
    #[default]
    UpdatedAt,
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Smallest first.
    Asc,
    /// Largest first.
    #[default]
    Desc,
}

/// Which page of a list: a filter, an order and either a cursor (from the previous page's
/// `next_cursor`) or an offset.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Keep names containing this (ASCII case ignored); `%` and `_` match themselves.
    #[serde(default, rename = "q")]
    pub name_contains: Option<String>,
    /// Sort key (`updated_at` by default).
    #[serde(default)]
    pub sort: SortBy,
    /// Direction (`desc` by default).
    #[serde(default)]
    pub order: Order,
    /// Items per page, 1 to [`MAX_PAGE`] (default 50).
    #[serde(default)]
    pub limit: Option<i64>,
    /// Items to skip (not with `cursor`).
    #[serde(default)]
    pub offset: Option<i64>,
    /// Where the previous page ended.
    #[serde(default)]
    pub cursor: Option<String>,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    /// The items, in order.
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// A position in a sorted list: the last item's sort key and id (ids break ties).
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Cursor {
    pub(super) key: serde_json::Value,
    pub(super) id: String,
}

impl Cursor {
    pub(super) fn encode(&self) -> String {
        super::hex(serde_json::to_string(self).unwrap_or_default().as_bytes())
    }

    pub(super) fn decode(text: &str) -> Result<Self, StoreError> {
        let bad = || StoreError::Validation("cursor is not one this server gave".into());
        let bytes = hex_decode(text).ok_or_else(bad)?;
        serde_json::from_slice(&bytes).map_err(|_| bad())
    }
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || text.len() > 2048 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A name, trimmed, 1 to 200 characters.
fn valid_name(name: &str) -> Result<String, StoreError> {
    let name = name.trim();
    let length = name.chars().count();
    if length == 0 || length > MAX_NAME {
        return Err(StoreError::Validation(format!(
            "a project name has 1 to {MAX_NAME} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(StoreError::Validation(
            "a project name has no control characters".into(),
        ));
    }
    Ok(name.to_owned())
}

type Row = (String, String, i64, i64, i64, String);

const COLUMNS: &str = "p.id, p.name, p.version, p.created_at, p.updated_at, m.role";

fn project((id, name, version, created_at, updated_at, role): Row) -> Result<Project, StoreError> {
    Ok(Project {
        id: ProjectId(id),
        name,
        version,
        created_at,
        updated_at,
        role: role.parse()?,
    })
}

pub(crate) async fn project_for(
    conn: &mut sqlx::AnyConnection,
    user: &super::UserId,
    id: &ProjectId,
) -> Result<Project, StoreError> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM projects p JOIN members m ON m.project_id = p.id \
         WHERE p.id = $1 AND m.user_id = $2"
    ))
    .bind(&id.0)
    .bind(&user.0)
    .fetch_optional(conn)
    .await?;
    project(row.ok_or(StoreError::NotFound("project"))?)
}

impl Store {
    /// Creates a project owned by the actor.
    pub async fn create_project(&self, actor: &Actor, name: &str) -> Result<Project, StoreError> {
        let user = actor.signed_in()?;
        let name = valid_name(name)?;
        let now = now_ms();
        let id = ProjectId(new_id());
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO projects (id, name, version, created_by, created_at, updated_at) \
             VALUES ($1, $2, 1, $3, $4, $4)",
        )
        .bind(&id.0)
        .bind(&name)
        .bind(&user.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_member(&mut tx, &id, user, Role::Owner).await?;
        audit::record(
            &mut tx,
            actor,
            "project.create",
            Some(&id),
            serde_json::json!({ "name": name }),
        )
        .await?;
        tx.commit().await?;
        Ok(Project {
            id,
            name,
            version: 1,
            created_at: now,
            updated_at: now,
            role: Role::Owner,
        })
    }

    /// The project, as the actor (a member) sees it.
    pub async fn project(&self, actor: &Actor, id: &ProjectId) -> Result<Project, StoreError> {
        let user = actor.signed_in()?;
        project_for(&mut *self.pool.acquire().await?, user, id).await
    }

    /// Changes the project's metadata (editors and owners) if `patch.version` is current.
    pub async fn update_project(
        &self,
        actor: &Actor,
        id: &ProjectId,
        patch: &ProjectPatch,
    ) -> Result<Project, StoreError> {
        let user = actor.signed_in()?;
        let name = patch.name.as_deref().map(valid_name).transpose()?;
        let mut tx = self.pool.begin().await?;
        require_role(&mut tx, user, id, Role::Editor).await?;
        let changed = sqlx::query(
            "UPDATE projects SET name = COALESCE($1, name), version = version + 1, \
             updated_at = $2 WHERE id = $3 AND version = $4",
        )
        .bind(name.clone())
        .bind(now_ms())
        .bind(&id.0)
        .bind(patch.version)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "the project changed since version {}; reload it and try again",
                patch.version
            )));
        }
        let updated = project_for(&mut tx, user, id).await?;
        audit::record(
            &mut tx,
            actor,
            "project.update",
            Some(id),
            serde_json::json!({ "name": name, "version": updated.version }),
        )
        .await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Deletes the project, its members, links and document (owners only).
    pub async fn delete_project(&self, actor: &Actor, id: &ProjectId) -> Result<(), StoreError> {
        let user = actor.signed_in()?;
        let mut tx = self.pool.begin().await?;
        require_role(&mut tx, user, id, Role::Owner).await?;
        sqlx::query("DELETE FROM projects WHERE id = $1")
            .bind(&id.0)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            actor,
            "project.delete",
            Some(id),
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The projects the actor is a member of (owned and shared), filtered, sorted and paged.
    pub async fn list_projects(
        &self,
        actor: &Actor,
        query: &ListQuery,
    ) -> Result<Page<Project>, StoreError> {
        let user = actor.signed_in()?;
        let limit = query.limit.unwrap_or(50);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(StoreError::Validation(format!(
                "limit must be 1 to {MAX_PAGE}"
            )));
        }
        let offset = query.offset.unwrap_or(0);
        if offset < 0 {
            return Err(StoreError::Validation("offset must not be negative".into()));
        }
        if query.cursor.is_some() && query.offset.is_some() {
            return Err(StoreError::Validation(
                "give a cursor or an offset, not both".into(),
            ));
        }
        let cursor = query.cursor.as_deref().map(Cursor::decode).transpose()?;
        let pattern = match &query.name_contains {
            Some(text) if text.chars().count() > MAX_NAME => {
                return Err(StoreError::Validation(format!(
                    "q has at most {MAX_NAME} characters"
                )))
            }
            Some(text) => format!(
                "%{}%",
                text.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            ),
            None => "%".to_owned(),
        };
        // Only these fixed fragments vary the SQL text; every value is bound.
        let column = match query.sort {
            SortBy::Name => "p.name",
            SortBy::UpdatedAt => "p.updated_at",
        };
        let (direction, after) = match query.order {
            Order::Asc => ("ASC", ">"),
            Order::Desc => ("DESC", "<"),
        };
        let seek = if cursor.is_some() {
            format!("AND ({column}, p.id) {after} ($5, $6)")
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM projects p JOIN members m ON m.project_id = p.id \
             WHERE m.user_id = $1 AND lower(p.name) LIKE lower($2) ESCAPE '\\' {seek} \
             ORDER BY {column} {direction}, p.id {direction} LIMIT $3 OFFSET $4"
        );
        let mut select = sqlx::query_as::<_, Row>(&sql)
            .bind(&user.0)
            .bind(pattern)
            .bind(limit + 1)
            .bind(offset);
        if let Some(cursor) = &cursor {
            let bad = || StoreError::Validation("cursor does not match the sort".into());
            select = match query.sort {
                SortBy::Name => select.bind(cursor.key.as_str().ok_or_else(bad)?.to_owned()),
                SortBy::UpdatedAt => select.bind(cursor.key.as_i64().ok_or_else(bad)?),
            }
            .bind(cursor.id.clone());
        }
        let rows = select.fetch_all(&self.pool).await?;
        let more = rows.len() as i64 > limit;
        let items = rows
            .into_iter()
            .take(limit as usize)
            .map(project)
            .collect::<Result<Vec<_>, _>>()?;
        let next_cursor = match items.last() {
            Some(last) if more => Some(
                Cursor {
                    key: match query.sort {
                        SortBy::Name => serde_json::Value::from(last.name.clone()),
                        SortBy::UpdatedAt => serde_json::Value::from(last.updated_at),
                    },
                    id: last.id.0.clone(),
                }
                .encode(),
            ),
            _ => None,
        };
        Ok(Page { items, next_cursor })
    }
}
