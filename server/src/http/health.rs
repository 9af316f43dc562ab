//! `GET /healthz`: liveness, and which build is answering.

use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

/// The `/healthz` body.
#[derive(Debug, Serialize)]
pub struct Health {
    /// Always `"ok"` when the server answers.
    pub status: &'static str,
    /// The server's version.
    pub version: &'static str,
    /// The engine crate's version linked into the server.
    pub engine: &'static str,
}

async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: crate::VERSION,
        engine: omnios_engine::VERSION,
    })
}
