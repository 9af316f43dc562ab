//! Share links: an owner makes one with a role (`POST /api/projects/{project}/share-links`,
//! the token is in the answer only), lists those that still join (`GET`, ids and roles, never
//! tokens) and revokes one (`DELETE …/share-links/{token or id}`); a signed-in user joins with
//! it (`POST /api/share-links/{token}/accept`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::extract::Body;
use super::projects::Items;
use crate::auth::CurrentUser;
use crate::store::{Project, ProjectId, Role, ShareLink, ShareLinkSummary};
use crate::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/projects/{project}/share-links",
            get(list).post(create),
        )
        .route(
            "/api/projects/{project}/share-links/{token}",
            delete(revoke),
        )
        .route("/api/share-links/{token}/accept", post(accept))
}

/// `POST …/share-links` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewShareLink {
    /// The role it grants: `editor` or `viewer`.
    pub role: Role,
}

async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(project): Path<ProjectId>,
) -> Result<Json<Items<ShareLinkSummary>>, ApiError> {
    let items = state
        .store()?
        .share_links(&current.actor(), &project)
        .await?;
    Ok(Json(Items { items }))
}

async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(project): Path<ProjectId>,
    Body(body): Body<NewShareLink>,
) -> Result<(StatusCode, Json<ShareLink>), ApiError> {
    let link = state
        .store()?
        .create_share_link(&current.actor(), &project, body.role)
        .await?;
    Ok((StatusCode::CREATED, Json(link)))
}

async fn revoke(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((project, token)): Path<(ProjectId, String)>,
) -> Result<StatusCode, ApiError> {
    state
        .store()?
        .revoke_share_link(&current.actor(), &project, &token)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn accept(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(token): Path<String>,
) -> Result<Json<Project>, ApiError> {
    let project = state
        .store()?
        .accept_share_link(&current.actor(), &token)
        .await?;
    Ok(Json(project))
}
