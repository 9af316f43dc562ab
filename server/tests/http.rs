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

/// A built editor in a temporary folder: `index.html`, one hashed asset and a file at the root.
fn built_editor() -> Result<tempfile::TempDir, std::io::Error> {
    let dir = tempfile::tempdir()?;
    fs::write(dir.path().join("index.html"), INDEX)?;
    fs::write(dir.path().join("robots.txt"), "User-agent: *")?;
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
        assert_eq!(body["error"]["code"], "not_found", "{path}");
        assert_eq!(body["error"]["message"], format!("no API route for {path}"));
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
    assert_eq!(body["error"]["code"], "editor_not_built");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    // The answer says what to do, but never where the server's files are (its log does).
    assert!(
        !message.contains(&dir.path().display().to_string()),
        "{message}"
    );
    assert!(message.contains("index.html"), "{message}");
    assert!(message.contains("make run"), "{message}");

    let health = get(router(&web_dir), "/healthz").await?;
    assert_eq!(health.status(), StatusCode::OK);
    Ok(())
}

async fn request(
    router: Router,
    method: &str,
    path: &str,
) -> Result<Response, Box<dyn std::error::Error>> {
    Ok(router
        .oneshot(
            Request::builder()
                .method(method)
                .uri(path)
                .body(Body::empty())?,
        )
        .await?)
}

/// The editor's policy, as a browser reads it: directive name → sources.
fn policy(response: &Response) -> Vec<(String, Vec<String>)> {
    let text = response
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    text.split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace().map(str::to_owned);
            Some((words.next()?, words.collect()))
        })
        .collect()
}

fn directive<'a>(policy: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
    policy
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_slice())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_editor_pages_carry_a_policy_that_runs_only_the_editors_scripts() -> TestResult {
    let dir = built_editor()?;
    // The entry page, its file name, a client-side route (SPA fallback), and HEAD of one.
    for (method, path) in [
        ("GET", "/"),
        ("GET", "/index.html"),
        ("GET", "/p/demo"),
        ("HEAD", "/p/demo"),
    ] {
        let response = request(router(dir.path()), method, path).await?;
        assert_eq!(response.status(), StatusCode::OK, "{method} {path}");
        let policy = policy(&response);
        let script = directive(&policy, "script-src");
        assert_eq!(
            script,
            ["'self'", "'wasm-unsafe-eval'"],
            "{method} {path}: no inline script, no eval; WebAssembly may compile"
        );
        assert_eq!(directive(&policy, "default-src"), ["'self'"]);
        assert_eq!(directive(&policy, "connect-src"), ["'self'"]);
        assert_eq!(directive(&policy, "object-src"), ["'none'"]);
        assert_eq!(directive(&policy, "base-uri"), ["'none'"]);
        assert_eq!(directive(&policy, "frame-ancestors"), ["'none'"]);
        assert!(
            policy
                .iter()
                .all(|(_, sources)| !sources.iter().any(|s| s == "*")),
            "{policy:?}"
        );
        assert_eq!(
            response.headers()[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff"
        );
    }
    Ok(())
}

#[tokio::test]
async fn every_route_answers_nosniff() -> TestResult {
    let dir = built_editor()?;
    for (path, status) in [
        ("/", StatusCode::OK),
        ("/p/demo", StatusCode::OK),
        ("/assets/editor-abc123.js", StatusCode::OK),
        ("/robots.txt", StatusCode::OK),
        ("/assets/editor-old999.js", StatusCode::NOT_FOUND),
        ("/assets/editor", StatusCode::NOT_FOUND),
        ("/healthz", StatusCode::OK),
        ("/api/nope", StatusCode::NOT_FOUND),
    ] {
        let response = get(router(dir.path()), path).await?;
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(
            response.headers().get(header::X_CONTENT_TYPE_OPTIONS),
            Some(&header::HeaderValue::from_static("nosniff")),
            "{path}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn assets_without_a_file_name_are_404_never_the_editor_cached_for_a_year() -> TestResult {
    let dir = built_editor()?;
    for path in [
        "/assets/editor",
        "/assets/",
        "/assets/sub/page",
        "/assets/editor-abc123",
    ] {
        let response = get(router(dir.path()), path).await?;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            response.headers().get(header::CACHE_CONTROL),
            None,
            "{path}"
        );
        assert_ne!(text(response).await?, INDEX, "{path}");
    }
    Ok(())
}

#[tokio::test]
async fn only_hashed_assets_are_immutable() -> TestResult {
    let dir = built_editor()?;
    for (path, cache) in [
        (
            "/assets/editor-abc123.js",
            "public, max-age=31536000, immutable",
        ),
        ("/", "no-cache"),
        ("/index.html", "no-cache"),
        ("/p/demo", "no-cache"),
        ("/robots.txt", "no-cache"),
    ] {
        let response = get(router(dir.path()), path).await?;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], cache, "{path}");
    }
    Ok(())
}

#[tokio::test]
async fn no_error_answer_names_a_path_on_the_servers_disk() -> TestResult {
    let dir = built_editor()?;
    let missing = tempfile::tempdir()?;
    let secrets = [
        dir.path().display().to_string(),
        missing.path().display().to_string(),
        "/tmp".to_owned(),
    ];
    let cases = [
        (dir.path(), "/assets/editor-old999.js"),
        (dir.path(), "/assets/editor"),
        (dir.path(), "/../../etc/passwd"),
        (dir.path(), "/%2e%2e/%2e%2e/etc/passwd"),
        (dir.path(), "/assets/..%2f..%2findex.html"),
        (dir.path(), "/api/nope"),
        (missing.path(), "/"),
        (missing.path(), "/p/demo"),
    ];
    for (web_dir, path) in cases {
        let response = get(router(web_dir), path).await?;
        // A path that normalises to a page route (`/../../etc/passwd` is `/etc/passwd`) gets
        // the editor; every other case is an error. Neither names the disk.
        let body = text(response).await?;
        for secret in &secrets {
            assert!(!body.contains(secret.as_str()), "{path}: {body}");
        }
    }
    Ok(())
}
