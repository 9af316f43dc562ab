//! The HTTP surface in process: `app()` driven with `oneshot`, no socket.

use std::fs;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::Response;
use axum::Router;
use http_body_util::BodyExt;
use omnios_server::{app, AppState};
use serde_json::Value;
use tower::ServiceExt;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const INDEX: &str = "<!doctype html><title>OMNIOS</title><div id=root></div>";

/// A built editor in a temporary folder: `index.html` and one hashed asset.
fn built_editor() -> Result<tempfile::TempDir, std::io::Error> {
    let dir = tempfile::tempdir()?;
    fs::write(dir.path().join("index.html"), INDEX)?;
    fs::create_dir(dir.path().join("assets"))?;
    fs::write(
        dir.path().join("assets/editor-abc123.js"),
        "console.log('editor')",
    )?;
    Ok(dir)
}

fn router(web_dir: &Path) -> Router {
    app(AppState::new(web_dir))
}

async fn get(router: Router, path: &str) -> Result<Response, Box<dyn std::error::Error>> {
    Ok(router
        .oneshot(Request::get(path).body(Body::empty())?)
        .await?)
}

async fn text(response: Response) -> Result<String, Box<dyn std::error::Error>> {
    let bytes = response.into_body().collect().await?.to_bytes();
    Ok(String::from_utf8(bytes.to_vec())?)
}

async fn json(response: Response) -> Result<Value, Box<dyn std::error::Error>> {
    Ok(serde_json::from_str(&text(response).await?)?)
}

#[tokio::test]
async fn healthz_reports_status_and_versions() -> TestResult {
    let dir = built_editor()?;
    let response = get(router(dir.path()), "/healthz").await?;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json(response).await?;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], omnios_server::VERSION);
    assert_eq!(body["engine"], omnios_engine::VERSION);
    Ok(())
}

#[tokio::test]
async fn root_serves_the_editor_revalidated() -> TestResult {
    let dir = built_editor()?;
    let response = get(router(dir.path()), "/").await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(text(response).await?, INDEX);
    Ok(())
}

#[tokio::test]
async fn page_routes_fall_back_to_the_editor() -> TestResult {
    let dir = built_editor()?;
    for path in ["/p/demo", "/p/demo/pages/home", "/settings"] {
        let response = get(router(dir.path()), path).await?;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(text(response).await?, INDEX, "{path}");
    }
    Ok(())
}

#[tokio::test]
async fn assets_are_served_immutable_and_missing_ones_are_404() -> TestResult {
    let dir = built_editor()?;
    let response = get(router(dir.path()), "/assets/editor-abc123.js").await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(text(response).await?, "console.log('editor')");

    let missing = get(router(dir.path()), "/assets/editor-old999.js").await?;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    Ok(())
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() -> TestResult {
    let dir = built_editor()?;
    for path in ["/api", "/api/nope", "/api/projects/1/missing"] {
        let response = get(router(dir.path()), path).await?;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body = json(response).await?;
        assert_eq!(body["code"], "not_found", "{path}");
        assert_eq!(body["message"], format!("no API route for {path}"));
    }
    Ok(())
}

#[tokio::test]
async fn a_missing_editor_is_a_clear_503_and_health_still_answers() -> TestResult {
    let dir = tempfile::tempdir()?;
    let web_dir = dir.path().join("dist");

    let response = get(router(&web_dir), "/").await?;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = json(response).await?;
    assert_eq!(body["code"], "editor_not_built");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(&web_dir.join("index.html").display().to_string()),
        "{message}"
    );
    assert!(message.contains("make run"), "{message}");

    let health = get(router(&web_dir), "/healthz").await?;
    assert_eq!(health.status(), StatusCode::OK);
    Ok(())
}
