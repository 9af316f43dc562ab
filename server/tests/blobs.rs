//! The blob store: ONE suite run against every backend (memory, filesystem, and S3 against a
//! real S3-compatible server, `s3s-fs`, started in this process on a loopback port). A
//! project's blobs over HTTP are tested in `project_blobs.rs`.

use std::net::SocketAddr;

use axum::body::Bytes;
use omnios_engine::backup::sha256;
use omnios_server::blobs::{BlobError, BlobStore, Put, S3Config};

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
