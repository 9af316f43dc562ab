//! `/api/projects/{project}/members`: who is in a project (any member reads), inviting an
//! existing account by email, changing a role and removing (owners; anyone may leave).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};
use serde::Deserialize;

use super::extract::Body;
use super::projects::Items;
use crate::auth::{self, CurrentUser};
use crate::store::{Member, ProjectId, Role, UserId};
use crate::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/projects/{project}/members", get(list).post(invite))
        .route(
            "/api/projects/{project}/members/{user}",
            patch(change_role).delete(remove),
        )
}

/// `POST …/members` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invitation {
    /// The email of an existing account.
    pub email: String,
    /// Its role.
    pub role: Role,
}

/// `PATCH …/members/{user}` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    /// The new role.
    pub role: Role,
}

async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(project): Path<ProjectId>,
) -> Result<Json<Items<Member>>, ApiError> {
    let items = state.store()?.members(&current.actor(), &project).await?;
    Ok(Json(Items { items }))
}

async fn invite(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(project): Path<ProjectId>,
    Body(invitation): Body<Invitation>,
) -> Result<(StatusCode, Json<Member>), ApiError> {
    let email = auth::valid_email(&invitation.email)?;
    let member = state
        .store()?
        .add_member(&current.actor(), &project, &email, invitation.role)
        .await?;
    Ok((StatusCode::CREATED, Json(member)))
}

async fn change_role(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((project, user)): Path<(ProjectId, UserId)>,
    Body(change): Body<RoleChange>,
) -> Result<Json<Member>, ApiError> {
    let member = state
        .store()?
        .set_member_role(&current.actor(), &project, &user, change.role)
        .await?;
    Ok(Json(member))
}

async fn remove(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((project, user)): Path<(ProjectId, UserId)>,
) -> Result<StatusCode, ApiError> {
    state
        .store()?
        .remove_member(&current.actor(), &project, &user)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
