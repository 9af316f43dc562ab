//! The HTTP surface, one module per resource; each exports `router()`.
//!
//! API paths are `/healthz`, `/blobs/<sha256>` and everything under `/api/` (today the live
//! rooms, `/api/projects/{id}/live`); an unknown one is
//! a JSON 404.
//! Every other path belongs to the editor (see [`editor`]).

pub mod blobs;
pub mod editor;
pub mod headers;
pub mod health;
pub mod live;

use axum::http::Uri;
use axum::routing::any;
use axum::Router;

use crate::{ApiError, AppState};

/// All resources together; [`crate::app`] adds the state and middleware.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(blobs::router())
        .merge(live::router())
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .merge(editor::router())
}

async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::NotFound {
        path: uri.path().to_owned(),
    }
}
