//! Security headers on every response of the server.
//!
//! - `X-Content-Type-Options: nosniff` everywhere: a browser never runs or styles bytes as
//!   another type than the one answered (a 404 is never parsed as script).
//! - The editor's pages (any `text/html` answer) carry [`EDITOR_POLICY`]: only the editor's own
//!   scripts run (no inline script, no `eval`; WebAssembly may compile), connections go to this
//!   server only, and no other site may frame the editor. A response that set its own policy
//!   (an SVG blob) keeps it.

use axum::http::{header, HeaderValue};
use axum::response::Response;

/// The editor's Content-Security-Policy.
///
/// What the editor needs, and nothing more: `'wasm-unsafe-eval'` to compile the engine and
/// PGlite; `'unsafe-inline'` styles because the canvas and embed previews set style
/// attributes (style cannot run script); images and media from anywhere a design may point
/// (`http(s)`, and `data:`/`blob:` for placeholders and local files); workers from this
/// server (and `blob:`); `fetch`, WebSocket and beacons to this server only.
pub const EDITOR_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; \
    img-src 'self' data: blob: https: http:; \
    media-src 'self' data: blob: https: http:; \
    font-src 'self' data:; \
    connect-src 'self'; \
    worker-src 'self' blob:; \
    frame-src 'self' blob:; \
    object-src 'none'; \
    base-uri 'none'; \
    form-action 'none'; \
    frame-ancestors 'none'";

/// Adds the headers above to `response` (an `axum::middleware::map_response` function).
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("text/html"));
    if html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(EDITOR_POLICY),
        );
    }
    response
}
