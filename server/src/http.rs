//! The HTTP surface, one module per resource; each exports `router()`.
//!
//! API paths are `/healthz` and everything under `/api/`: accounts ([`auth`]), [`projects`],
//! their [`members`], [`share_links`], [`versions`] and [`blobs`]
//! (`/api/projects/{id}/blobs/<sha256>`), and each project's live room ([`live`],
//! `/api/projects/{id}/live`); an unknown one is a JSON 404.
//! [`correlation`] gives every request its id; [`extract`] turns malformed bodies and queries
//! into `validation_error` answers.
//! Every other path belongs to the editor (see [`editor`]).

pub mod auth;
pub mod blobs;
pub mod correlation;
pub mod editor;
pub mod extract;
pub mod headers;
pub mod health;
pub mod live;
pub mod members;
pub mod projects;
pub mod share_links;
pub mod versions;

use axum::http::Uri;
use axum::routing::any;
use axum::Router;

use crate::{ApiError, AppState};

/// All resources together; [`crate::app`] adds the state and middleware.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(blobs::router())
        .merge(auth::router())
        .merge(projects::router())
        .merge(members::router())
        .merge(share_links::router())
        .merge(versions::router())
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
