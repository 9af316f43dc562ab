//! The blob store: ONE suite run against every backend (memory, filesystem, and S3 against a
//! real S3-compatible server, `s3s-fs`, started in this process on a loopback port), then
//! `GET /blobs/<sha256>` and `omnios blobs import` through the real binary.

use std::net::SocketAddr;

use axum::body::{Body, Bytes};
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use omnios_engine::backup::sha256;
use omnios_server::blobs::{BlobError, BlobStore, Put, S3Config};
use omnios_server::{app, AppState};
use tower::ServiceExt;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n a pretend photo";

/// What every backend must do alike.
async fn suite(store: BlobStore) {
    let hash = sha256(PNG);
    assert_eq!(
        store.get(&hash).await.expect("blob store test"),
        None,
        "unknown is None"
    );
    assert_eq!(store.head(&hash).await.expect("blob store test"), None);
    assert_eq!(
        store
            .put(&hash, Bytes::from_static(PNG))
            .await
            .expect("blob store test"),
        Put::Stored
    );
    assert_eq!(
        store
            .put(&hash, Bytes::from_static(PNG))
            .await
            .expect("blob store test"),
        Put::AlreadyThere,
        "content addressing: the same bytes are stored once"
    );
    assert_eq!(
        store.get(&hash).await.expect("blob store test").as_deref(),
        Some(PNG)
    );
    assert_eq!(
        store.head(&hash).await.expect("blob store test"),
        Some(PNG.len() as u64)
    );
    assert_eq!(
        store.list().await.expect("blob store test"),
        std::slice::from_ref(&hash)
    );

    // Bytes under another name than their hash: refused, nothing written.
    let claimed = sha256(b"other bytes");
    let err = store
        .put(&claimed, Bytes::from_static(PNG))
        .await
        .expect_err("must be refused");
    assert!(matches!(err, BlobError::HashMismatch { .. }), "{err}");
    assert_eq!(err.code(), "hash_mismatch");
    assert_eq!(store.head(&claimed).await.expect("blob store test"), None);

    let err = store
        .put("../../etc/passwd", Bytes::from_static(PNG))
        .await
        .expect_err("must be refused");
    assert_eq!(err.code(), "malformed_hash");
    assert_eq!(
        store.get("ABC").await.expect_err("must be refused").code(),
        "malformed_hash",
        "reads check the name too"
    );

    // Over the limit: refused before anything is written.
    let big = vec![7u8; 64];
    let small = store.clone().with_max_bytes(16);
    let err = small
        .put(&sha256(&big), big.clone().into())
        .await
        .expect_err("must be refused");
    assert!(
        matches!(
            err,
            BlobError::TooLarge {
                bytes: 64,
                limit: 16
            }
        ),
        "{err}"
    );
    assert_eq!(
        store.head(&sha256(&big)).await.expect("blob store test"),
        None
    );

    assert!(store.delete(&hash).await.expect("blob store test"));
    assert!(
        !store.delete(&hash).await.expect("blob store test"),
        "already gone"
    );
    assert_eq!(store.get(&hash).await.expect("blob store test"), None);
    assert!(store.list().await.expect("blob store test").is_empty());
}

#[tokio::test]
async fn the_memory_backend_passes_the_suite() {
    suite(BlobStore::memory()).await;
}

#[tokio::test]
async fn the_filesystem_backend_passes_the_suite() {
    let dir = tempfile::tempdir().expect("blob store test");
    suite(BlobStore::filesystem(dir.path()).expect("blob store test")).await;
    // Only whole blobs are left on disk: no temporary files from the refused puts.
    let left: Vec<_> = walk(dir.path());
    assert!(left.is_empty(), "{left:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("blob store test") {
        let path = entry.expect("blob store test").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A real S3-compatible server (`s3s-fs`) on a loopback port, serving `root`'s folders as
/// buckets; it stops with the test's runtime.
async fn start_s3(root: &std::path::Path) -> SocketAddr {
    use hyper_util::rt::{TokioExecutor, TokioIo};
    use hyper_util::server::conn::auto::Builder;

    let fs = s3s_fs::FileSystem::new(root).expect("blob store test");
    let mut builder = s3s::service::S3ServiceBuilder::new(fs);
    builder.set_auth(s3s::auth::SimpleAuth::from_single(
        "omnios-test",
        "omnios-secret",
    ));
    let service = builder.build().into_shared();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("blob store test");
    let addr = listener.local_addr().expect("blob store test");
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let service = service.clone();
            tokio::spawn(async move {
                let _ = Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(socket), service)
                    .await;
            });
        }
    });
    addr
}

fn s3_config(endpoint: &str, secret: &str) -> S3Config {
    S3Config {
        endpoint: endpoint.into(),
        bucket: "omnios-blobs".into(),
        region: "us-east-1".into(),
        access_key_id: "omnios-test".into(),
        secret_access_key: secret.into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_s3_backend_passes_the_suite_against_a_real_s3_server() {
    let root = tempfile::tempdir().expect("blob store test");
    std::fs::create_dir(root.path().join("omnios-blobs")).expect("blob store test");
    let addr = start_s3(root.path()).await;
    suite(
        BlobStore::s3(&s3_config(&format!("http://{addr}"), "omnios-secret"))
            .expect("blob store test"),
    )
    .await;
    let wrong_key = BlobStore::s3(&s3_config(&format!("http://{addr}"), "not-the-secret"))
        .expect("blob store test");
    let err = wrong_key
        .head(&sha256(PNG))
        .await
        .expect_err("must be refused");
    assert_eq!(
        err.code(),
        "backend",
        "a refused signature is a failure, not a miss"
    );
}

#[test]
fn plain_http_to_another_machine_is_refused() {
    let store = BlobStore::s3(&s3_config("http://s3.example.com", "omnios-secret"))
        .expect("blob store test");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("blob store test");
    let err = runtime
        .block_on(store.head(&sha256(PNG)))
        .expect_err("must be refused");
    assert!(err.to_string().to_lowercase().contains("http"), "{err}");
}

async fn get(store: &BlobStore, path: &str, etag: Option<&str>) -> axum::response::Response {
    let router = app(AppState::new("web/dist").with_blobs(store.clone()));
    let mut request = Request::get(path);
    if let Some(tag) = etag {
        request = request.header(header::IF_NONE_MATCH, tag);
    }
    router
        .oneshot(request.body(Body::empty()).expect("blob store test"))
        .await
        .expect("blob store test")
}

fn header_of(response: &axum::response::Response, name: header::HeaderName) -> &str {
    response
        .headers()
        .get(&name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn blobs_are_served_immutable_typed_from_their_bytes_and_svg_under_a_policy() {
    let store = BlobStore::memory();
    let png = sha256(PNG);
    store
        .put(&png, Bytes::from_static(PNG))
        .await
        .expect("blob store test");
    let response = get(&store, &format!("/blobs/{png}"), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_of(&response, header::CONTENT_TYPE), "image/png");
    assert_eq!(
        header_of(&response, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        header_of(&response, header::X_CONTENT_TYPE_OPTIONS),
        "nosniff"
    );
    assert_eq!(header_of(&response, header::ETAG), format!("\"{png}\""));
    assert_eq!(header_of(&response, header::CONTENT_SECURITY_POLICY), "");
    let body = response
        .into_body()
        .collect()
        .await
        .expect("blob store test")
        .to_bytes();
    assert_eq!(&body[..], PNG);

    let again = get(
        &store,
        &format!("/blobs/{png}"),
        Some(&format!("\"{png}\"")),
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let svg_hash = sha256(svg);
    store
        .put(&svg_hash, Bytes::from_static(svg))
        .await
        .expect("blob store test");
    let response = get(&store, &format!("/blobs/{svg_hash}"), None).await;
    assert_eq!(header_of(&response, header::CONTENT_TYPE), "image/svg+xml");
    let policy = header_of(&response, header::CONTENT_SECURITY_POLICY);
    assert!(
        policy.contains("default-src 'none'") && policy.contains("sandbox"),
        "{policy}"
    );

    let html = b"<html><script>alert(1)</script>";
    let html_hash = sha256(html);
    store
        .put(&html_hash, Bytes::from_static(html))
        .await
        .expect("blob store test");
    let response = get(&store, &format!("/blobs/{html_hash}"), None).await;
    assert_eq!(
        header_of(&response, header::CONTENT_TYPE),
        "application/octet-stream",
        "bytes that are no asset type are never served as a page"
    );

    let unknown = get(&store, &format!("/blobs/{}", sha256(b"never stored")), None).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let malformed = get(&store, "/blobs/not-a-hash", None).await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let body = malformed
        .into_body()
        .collect()
        .await
        .expect("blob store test")
        .to_bytes();
    let json: serde_json::Value = serde_json::from_slice(&body).expect("blob store test");
    assert_eq!(json["error"]["code"], "malformed_hash");
}

#[tokio::test]
async fn there_is_no_unauthenticated_upload_route() {
    let store = BlobStore::memory();
    let hash = sha256(PNG);
    let router = app(AppState::new("web/dist").with_blobs(store.clone()));
    for method in ["PUT", "POST"] {
        let response = router
            .clone()
            .oneshot(
                Request::builder()
                    .method(method)
                    .uri(format!("/blobs/{hash}"))
                    .body(Body::from(PNG))
                    .expect("blob store test"),
            )
            .await
            .expect("blob store test");
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}"
        );
    }
    assert_eq!(store.head(&hash).await.expect("blob store test"), None);
}
