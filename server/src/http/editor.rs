//! The built editor (`web/dist`): its files as they are, and `index.html` for any other page
//! path so client-side routes such as `/p/<project>` load the editor (SPA fallback).
//!
//! A path whose last segment has a dot names a file: if missing it is a 404, never
//! `index.html`, so a stale asset URL fails loudly instead of parsing HTML as JavaScript.

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::{ApiError, AppState};

pub fn router() -> Router<AppState> {
    Router::new().fallback(serve_editor)
}

/// Vite names everything under `/assets/` by content hash, so it may be cached forever.
const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

async fn serve_editor(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    let index = state.index_html();
    if !tokio::fs::metadata(&index).await.is_ok_and(|m| m.is_file()) {
        return Err(ApiError::EditorNotBuilt { index });
    }
    let path = request.uri().path().to_owned();
    let method = request.method().clone();

    let mut response = into_body(ServeDir::new(state.web_dir()).oneshot(request).await);
    if response.status() == StatusCode::NOT_FOUND && is_page_route(&path) {
        let mut index_request = Request::new(Body::empty());
        *index_request.method_mut() = if method == Method::HEAD {
            Method::HEAD
        } else {
            Method::GET
        };
        response = into_body(ServeFile::new(index).oneshot(index_request).await);
    }
    if response.status().is_success() {
        let cache = if path.starts_with("/assets/") {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        response.headers_mut().insert(header::CACHE_CONTROL, cache);
    }
    Ok(response)
}

fn into_body<B>(result: Result<Response<B>, Infallible>) -> Response
where
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    match result {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}

/// A client-side route (no file extension in the last segment), answered with `index.html`.
fn is_page_route(path: &str) -> bool {
    !path.rsplit('/').next().unwrap_or_default().contains('.')
}

#[cfg(test)]
mod tests {
    use super::is_page_route;

    #[test]
    fn page_routes_have_no_extension() {
        assert!(is_page_route("/"));
        assert!(is_page_route("/p/demo"));
        assert!(is_page_route("/p/demo/"));
        assert!(!is_page_route("/assets/editor-abc123.js"));
        assert!(!is_page_route("/favicon.ico"));
    }
}
