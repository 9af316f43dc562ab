//! A project's blobs (the bytes of its assets, stored once under their SHA-256):
//!
//! - `GET /api/projects/{project}/blobs`: the hashes the project holds (any member);
//! - `PUT /api/projects/{project}/blobs/{sha256}`: the bytes (editors and owners); refused
//!   unless they hash to the name, or when over the size limit; nothing is stored then. 201 when
//!   the project did not hold the blob yet, 200 when it did;
//! - `GET /api/projects/{project}/blobs/{sha256}`: the bytes (any member, and only a blob the
//!   project holds), cached privately forever (a name never changes its bytes). The type comes
//!   from the bytes (`blobs::media_type`), browsers may not guess another (`nosniff`), and an
//!   SVG is served under a policy that runs no script and loads nothing, so a hostile SVG
//!   opened directly is inert.
//!
//! Someone who is not a member gets 404 whether or not the blob exists anywhere: knowing a
//! hash never reads another project's picture.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use super::projects::Items;
use crate::auth::CurrentUser;
use crate::blobs::media_type::sniff;
use crate::blobs::{BlobError, MAX_BLOB_BYTES};
use crate::store::{ProjectId, Role, StoreError};
use crate::{ApiError, AppState};

/// The policy an SVG is served under: no script, no loads, a sandbox of its own.
pub const SVG_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

pub fn router() -> Router<AppState> {
    // One byte over the limit still reaches the store, which refuses it as `too_large`.
    let limit = usize::try_from(MAX_BLOB_BYTES + 1).unwrap_or(usize::MAX);
    Router::new()
        .route("/api/projects/{project}/blobs", get(list))
        .route(
            "/api/projects/{project}/blobs/{hash}",
            get(read).put(upload).layer(DefaultBodyLimit::max(limit)),
        )
}

async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(project): Path<ProjectId>,
) -> Result<Json<Items<String>>, ApiError> {
    let items = state
        .store()?
        .project_blobs(&current.actor(), &project)
        .await?;
    Ok(Json(Items { items }))
}

async fn upload(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((project, hash)): Path<(ProjectId, String)>,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    let store = state.store()?;
    // Who may store comes first: nobody else's bytes reach the blob store.
    store
        .require_role(&current.actor(), &project, Role::Editor)
        .await?;
    let size = bytes.len() as u64;
    state.blobs().put(&hash, bytes).await?;
    let added = store
        .add_project_blob(&current.actor(), &project, &hash, size)
        .await?;
    Ok(if added {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    })
}

async fn read(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((project, hash)): Path<(ProjectId, String)>,
    request: HeaderMap,
) -> Result<Response, ApiError> {
    if !omnios_engine::is_sha256_hex(&hash) {
        return Err(BlobError::MalformedHash(hash.chars().take(80).collect()).into());
    }
    state
        .store()?
        .require_project_blob(&current.actor(), &project, &hash)
        .await?;
    let bytes = state
        .blobs()
        .get(&hash)
        .await?
        .ok_or(StoreError::NotFound("blob"))?;
    Ok(served(&hash, bytes, &request))
}

/// The blob's bytes with the headers every blob answer carries, or 304 when the browser has
/// them already.
fn served(hash: &str, bytes: Bytes, request: &HeaderMap) -> Response {
    let etag = format!("\"{hash}\"");
    let mut headers = HeaderMap::new();
    let media_type = sniff(&bytes);
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if media_type == "image/svg+xml" {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(SVG_POLICY),
        );
    }
    let unchanged = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    if unchanged {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    (headers, bytes).into_response()
}
