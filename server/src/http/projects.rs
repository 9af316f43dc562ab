//! `/api/projects`: the projects I own and those shared with me, with my role; one project's
//! metadata (`PATCH` names the `version` it read); deleting (owners); the audit log (owners).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::extract::{Body, Params};
use crate::auth::CurrentUser;
use crate::store::{AuditEntry, ListQuery, Page, Project, ProjectId, ProjectPatch};
use crate::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/projects", get(list).post(create))
        .route(
            "/api/projects/{project}",
            get(show).patch(update).delete(remove),
        )
        .route("/api/projects/{project}/audit", get(audit))
}

/// `POST /api/projects` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewProject {
    /// The name (1 to 200 characters).
    pub name: String,
}

/// A list answer: `{ "items": [...] }`.
#[derive(Debug, Serialize)]
pub struct Items<T> {
    /// The items.
    pub items: Vec<T>,
}

async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    Params(query): Params<ListQuery>,
) -> Result<Json<Page<Project>>, ApiError> {
    let page = state
        .store()?
        .list_projects(&current.actor(), &query)
        .await?;
    Ok(Json(page))
}

async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    Body(body): Body<NewProject>,
) -> Result<(StatusCode, Json<Project>), ApiError> {
    let project = state
        .store()?
        .create_project(&current.actor(), &body.name)
        .await?;
    Ok((StatusCode::CREATED, Json(project)))
}

async fn show(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(project): Path<ProjectId>,
) -> Result<Json<Project>, ApiError> {
    let project = state.store()?.project(&current.actor(), &project).await?;
    Ok(Json(project))
}

async fn update(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(project): Path<ProjectId>,
    Body(patch): Body<ProjectPatch>,
) -> Result<Json<Project>, ApiError> {
    let project = state
        .store()?
        .update_project(&current.actor(), &project, &patch)
        .await?;
    Ok(Json(project))
}

async fn remove(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(project): Path<ProjectId>,
) -> Result<StatusCode, ApiError> {
    state
        .store()?
        .delete_project(&current.actor(), &project)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn audit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(project): Path<ProjectId>,
) -> Result<Json<Items<AuditEntry>>, ApiError> {
    let items = state
        .store()?
        .project_audit(&current.actor(), &project, 100)
        .await?;
    Ok(Json(Items { items }))
}
