//! [`ApiError`]: the one error type HTTP handlers return. Each variant documents its status;
//! the body is always JSON
//! `{"error": {"code": <stable snake_case code>, "message": <for people>, "correlation_id": …}}`
//! (the id is also the response's `x-correlation-id`), and never names a path on the server's
//! disk or a database error (those go to its log, under the same correlation id).

use std::path::PathBuf;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::blobs::BlobError;
use crate::http::correlation::CorrelationId;
use crate::store::StoreError;

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

    /// By the store error's code: 400 `validation_error`, 404 `not_found`, 409 `conflict`,
    /// 403 `forbidden`, 500 `internal` (logged, answered generically).
    #[error("{0}")]
    Store(#[from] StoreError),

    /// 400 `validation_error`: a malformed body, query or field.
    #[error("{0}")]
    Validation(String),

    /// 401 `unauthorized`: no valid session, or a wrong email or password.
    #[error("sign in first (wrong email or password, or the session ended)")]
    Unauthorized,

    /// 429 `rate_limited`, with `Retry-After`: too many failed sign-ins.
    #[error("too many failed sign-ins; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },

    /// 500 `internal` (logged, answered generically).
    #[error("{0}")]
    Internal(String),

    /// 500 `internal`: the server runs without a database (routers built for tests of other
    /// parts).
    #[error("this server has no database")]
    NoStore,
}

#[derive(Serialize)]
struct Body {
    error: Detail,
}

#[derive(Serialize)]
struct Detail {
    code: &'static str,
    message: String,
    correlation_id: String,
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
            Self::Store(e) => match e {
                StoreError::Validation(_) => StatusCode::BAD_REQUEST,
                StoreError::NotFound(_) => StatusCode::NOT_FOUND,
                StoreError::Conflict(_) => StatusCode::CONFLICT,
                StoreError::Forbidden(_) => StatusCode::FORBIDDEN,
                StoreError::Database(_) | StoreError::Migrate(_) | StoreError::Config(_) => {
                    StatusCode::INTERNAL_SERVER_ERROR
                }
            },
            Self::Validation(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) | Self::NoStore => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable code for clients to branch on; the message may change.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "not_found",
            Self::EditorNotBuilt { .. } => "editor_not_built",
            Self::Blob(e) => e.code(),
            Self::Store(e) => e.code(),
            Self::Validation(_) => "validation_error",
            Self::Unauthorized => "unauthorized",
            Self::RateLimited { .. } => "rate_limited",
            Self::Internal(_) | Self::NoStore => "internal",
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
            error: Detail {
                code: self.code(),
                message,
                correlation_id: CorrelationId::current(),
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let Self::RateLimited { retry_after_secs } = self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_after_secs),
            );
        }
        response
    }
}
