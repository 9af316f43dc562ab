//! `GET /blobs/<sha256>`: a stored blob's bytes, cached forever (a name never changes its
//! bytes). The type comes from the bytes (`blobs::media_type`), browsers may not guess
//! another (`nosniff`), and an SVG is served under a policy that runs no script and loads
//! nothing, so a hostile SVG opened directly is inert. 404 for an unknown blob, 400 for a
//! name that is not a SHA-256.
//!
//! There is no upload route yet: storing needs the accounts and projects of the
//! collaboration work (docs/architecture.md, "Blob store").

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::blobs::media_type::sniff;
use crate::{ApiError, AppState};

/// The policy an SVG is served under: no script, no loads, a sandbox of its own.
pub const SVG_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

pub fn router() -> Router<AppState> {
    Router::new().route("/blobs/{hash}", get(blob))
}

async fn blob(
    State(state): State<AppState>,
    Path(hash): Path<String>,
    request: HeaderMap,
) -> Result<Response, ApiError> {
    let etag = format!("\"{hash}\"");
    let bytes = state
        .blobs()
        .get(&hash)
        .await?
        .ok_or_else(|| ApiError::NotFound {
            path: format!("/blobs/{hash}"),
        })?;
    let mut headers = HeaderMap::new();
    let media_type = sniff(&bytes);
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
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
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    Ok((headers, bytes).into_response())
}
