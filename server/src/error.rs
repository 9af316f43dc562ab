//! [`ApiError`]: the one error type HTTP handlers return. Each variant documents its status;
//! the body is always JSON `{"code": <stable snake_case code>, "message": <for people>}`, and
//! never names a path on the server's disk (those go to its log).

use std::path::PathBuf;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::blobs::BlobError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 404: no API route has this path.
    #[error("no API route for {path}")]
    NotFound { path: String },

    /// 503: the editor is not built (its `index.html` is missing), so no page can be served.
    /// The answer never names the path (it is the server's business); the log does.
    #[error(
        "the editor is not built: its index.html is missing (the server's log says where it looked). \
         Run `make run` (or `make web`), or point --web-dir / OMNIOS_WEB_DIR at a built editor"
    )]
    EditorNotBuilt { index: PathBuf },

    /// 400 for a malformed blob name, a mismatching hash or an oversized blob; 500 (logged,
    /// answered generically) when the store itself failed.
    #[error("{0}")]
    Blob(#[from] BlobError),
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
            Self::Blob(BlobError::Backend(_) | BlobError::Config { .. }) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            Self::Blob(BlobError::TooLarge { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Blob(_) => StatusCode::BAD_REQUEST,
        }
    }

    /// Stable code for clients to branch on; the message may change.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "not_found",
            Self::EditorNotBuilt { .. } => "editor_not_built",
            Self::Blob(e) => e.code(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!("{self}");
            "the server failed; the error is in its log".to_owned()
        } else {
            if let Self::EditorNotBuilt { index } = &self {
                tracing::warn!("the editor is not built: {} is missing", index.display());
            }
            self.to_string()
        };
        let body = Body {
            code: self.code(),
            message,
        };
        (status, Json(body)).into_response()
    }
}
