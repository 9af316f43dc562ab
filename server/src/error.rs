//! [`ApiError`]: the one error type HTTP handlers return. Each variant documents its status;
//! the body is always JSON `{"code": <stable snake_case code>, "message": <for people>}`.

use std::path::PathBuf;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 404: no API route has this path.
    #[error("no API route for {path}")]
    NotFound { path: String },

    /// 503: the editor is not built (its `index.html` is missing), so no page can be served.
    #[error(
        "the editor is not built: {} is missing. Run `make run` (or `make web`), \
         or point --web-dir / OMNIOS_WEB_DIR at a built editor",
        index.display()
    )]
    EditorNotBuilt { index: PathBuf },
}

#[derive(Serialize)]
struct Body {
    code: &'static str,
    message: String,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::EditorNotBuilt { .. } => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// Stable code for clients to branch on; the message may change.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "not_found",
            Self::EditorNotBuilt { .. } => "editor_not_built",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            code: self.code(),
            message: self.to_string(),
        };
        (self.status(), Json(body)).into_response()
    }
}
