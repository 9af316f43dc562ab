//! The built editor (`web/dist`): its files as they are, and `index.html` for any other page
//! path so client-side routes such as `/p/<project>` load the editor (SPA fallback).
//!
//! Only a page path gets the fallback: nothing under `/assets/`, and no path whose last
//! segment has a dot (it names a file). A missing file is a 404, never `index.html`, so a
//! stale asset URL fails loudly instead of parsing HTML as JavaScript. Only a file found under
//! `/assets/` (Vite names each by its content hash) is cached for a year; everything else,
//! `index.html` included, is revalidated.

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
    let mut hashed_file = is_hashed_asset(&path);
    if response.status() == StatusCode::NOT_FOUND && is_page_route(&path) {
        let mut index_request = Request::new(Body::empty());
        *index_request.method_mut() = if method == Method::HEAD {
            Method::HEAD
        } else {
            Method::GET
        };
        response = into_body(ServeFile::new(index).oneshot(index_request).await);
        hashed_file = false;
    }
    if response.status().is_success() {
        let cache = if hashed_file { IMMUTABLE } else { REVALIDATE };
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

/// Where the build puts its content-hashed files.
const ASSETS: &str = "/assets/";

/// A client-side route, answered with `index.html`: not under `/assets/` (only files live
/// there) and no file extension in the last segment.
fn is_page_route(path: &str) -> bool {
    !path.starts_with(ASSETS) && !path.rsplit('/').next().unwrap_or_default().contains('.')
}

/// A file of the build's `/assets/` folder (`name-<hash>.ext`): its name changes with its bytes.
fn is_hashed_asset(path: &str) -> bool {
    path.strip_prefix(ASSETS)
        .is_some_and(|name| !name.is_empty() && !name.contains('/') && name.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::{is_hashed_asset, is_page_route};

    #[test]
    fn page_routes_have_no_extension_and_are_not_assets() {
        assert!(is_page_route("/"));
        assert!(is_page_route("/p/demo"));
        assert!(is_page_route("/p/demo/"));
        assert!(!is_page_route("/assets/editor-abc123.js"));
        assert!(!is_page_route("/assets/editor"));
        assert!(!is_page_route("/assets/"));
        assert!(!is_page_route("/favicon.ico"));
    }

    #[test]
    fn only_files_of_the_assets_folder_are_hashed() {
        assert!(is_hashed_asset("/assets/editor-abc123.js"));
        assert!(!is_hashed_asset("/assets/"));
        assert!(!is_hashed_asset("/assets/editor"));
        assert!(!is_hashed_asset("/assets/sub/editor-abc123.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/p/assets/x.js"));
    }
}
