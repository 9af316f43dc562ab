//! `/api/projects/{project}/versions`: versions of the document kept by the server. Any member
//! lists them (newest first, paged) and reads one's document (the Yjs update bytes); editors and
//! owners save one — the server snapshots its own copy, never bytes from the client; owners
//! delete one.
//!
//! The snapshot is the stored document: the rooms store every update before they relay it, so
//! the stored log is what a loaded room holds, and the same when no room is loaded.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use omnios_engine::{Engine, EngineOptions};
use serde::Deserialize;

use super::extract::{Body, Params};
use crate::auth::CurrentUser;
use crate::cli::SystemClock;
use crate::store::{Page, ProjectId, Role, Store, StoredDocument, Version, VersionQuery};
use crate::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/projects/{project}/versions", get(list).post(create))
        .route(
            "/api/projects/{project}/versions/{version}",
            axum::routing::delete(remove),
        )
        .route(
            "/api/projects/{project}/versions/{version}/document",
            get(document),
        )
}

/// `POST …/versions` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewVersion {
    /// The version's name (1 to 200 characters).
    pub name: String,
}

/// The project's stored document as one update, and how many elements it holds.
pub async fn snapshot(store: &Store, project: &ProjectId) -> Result<(Vec<u8>, i64), ApiError> {
    let stored = store.load_document(project).await?;
    tokio::task::spawn_blocking(move || snapshot_of(&stored))
        .await
        .map_err(|e| ApiError::Internal(format!("snapshotting the document: {e}")))?
}

/// What [`snapshot`] computes, off the async threads: the engine loads what was stored (an
/// update it refuses is skipped, as when a room loads) and encodes the whole document.
pub fn snapshot_of(stored: &StoredDocument) -> Result<(Vec<u8>, i64), ApiError> {
    let mut engine = Engine::new(EngineOptions::new(0, Arc::new(SystemClock)));
    if let Some(snapshot) = &stored.snapshot {
        engine
            .load(snapshot)
            .map_err(|e| ApiError::Internal(format!("the stored snapshot does not load: {e}")))?;
    }
    for (seq, update) in &stored.updates {
        if let Err(e) = engine.apply_update(update) {
            tracing::error!(
                seq,
                "a version skips a stored update the engine refuses: {e}"
            );
        }
    }
    let doc = engine
        .encode_state_as_update(&[])
        .map_err(|e| ApiError::Internal(format!("encoding the document: {e}")))?;
    Ok((doc, i64::from(engine.stored_element_count())))
}

async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(project): Path<ProjectId>,
    Params(query): Params<VersionQuery>,
) -> Result<Json<Page<Version>>, ApiError> {
    let page = state
        .store()?
        .versions(&current.actor(), &project, &query)
        .await?;
    Ok(Json(page))
}

async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(project): Path<ProjectId>,
    Body(body): Body<NewVersion>,
) -> Result<(StatusCode, Json<Version>), ApiError> {
    let store = state.store()?;
    // Who may save is checked again with the insert; checking first spares strangers the work.
    store
        .require_role(&current.actor(), &project, Role::Editor)
        .await?;
    let (doc, elements) = snapshot(store, &project).await?;
    let saved = store
        .create_version(&current.actor(), &project, &body.name, &doc, elements)
        .await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

async fn document(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((project, version)): Path<(ProjectId, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let doc = state
        .store()?
        .version_document(&current.actor(), &project, &version)
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], doc))
}

async fn remove(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((project, version)): Path<(ProjectId, String)>,
) -> Result<StatusCode, ApiError> {
    state
        .store()?
        .delete_version(&current.actor(), &project, &version)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
