//! A project's blobs over real HTTP, on SQLite and on PostgreSQL: an editor uploads a picture's
//! bytes, every member reads them back with the headers a browser needs, and nobody reads or
//! plants a blob through a project that is not theirs. Bytes that do not match their name, or
//! come from someone who may not add them, store nothing.

mod common;

use common::api::{Db, RawAnswer, Team, TestResult, TestServer};
use omnios_engine::backup::sha256;
use reqwest::Method;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n a pretend photo";

fn blob_path(project: &str, hash: &str) -> String {
    format!("/api/projects/{project}/blobs/{hash}")
}

/// `PUT`s `bytes` at `path` with `session`'s cookie.
async fn put(
    server: &TestServer,
    path: &str,
    session: Option<&str>,
    bytes: &[u8],
) -> Result<RawAnswer, Box<dyn std::error::Error>> {
    server
        .send_bytes(Method::PUT, path, session, Some(bytes.to_vec()), &[])
        .await
}

/// `GET`s `path` with `session`'s cookie and extra `headers`.
async fn get(
    server: &TestServer,
    path: &str,
    session: Option<&str>,
    headers: &[(&str, &str)],
) -> Result<RawAnswer, Box<dyn std::error::Error>> {
    server
        .send_bytes(Method::GET, path, session, None, headers)
        .await
}

async fn listed(
    server: &TestServer,
    session: &str,
    project: &str,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let answer = server
        .call(
            Method::GET,
            &format!("/api/projects/{project}/blobs"),
            Some(session),
            None,
        )
        .await?;
    assert_eq!(answer.status, 200, "{}", answer.body);
    Ok(answer.body["items"]
        .as_array()
        .ok_or("no items")?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect())
}

async fn members_read_what_an_editor_uploaded(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let Team {
        owner,
        editor,
        viewer,
        project,
    } = server.team("Photos").await?;
    let png = sha256(PNG);

    let stored = put(
        &server,
        &blob_path(&project, &png),
        Some(&editor.session),
        PNG,
    )
    .await?;
    assert_eq!(
        stored.status,
        201,
        "{}",
        String::from_utf8_lossy(&stored.bytes)
    );
    let again = put(
        &server,
        &blob_path(&project, &png),
        Some(&owner.session),
        PNG,
    )
    .await?;
    assert_eq!(again.status, 200, "the project holds it already");
    assert_eq!(
        listed(&server, &viewer.session, &project).await?,
        std::slice::from_ref(&png)
    );

    let read = get(
        &server,
        &blob_path(&project, &png),
        Some(&viewer.session),
        &[],
    )
    .await?;
    assert_eq!(read.status, 200);
    assert_eq!(read.bytes, PNG);
    assert_eq!(read.header("content-type"), "image/png");
    assert_eq!(
        read.header("cache-control"),
        "private, max-age=31536000, immutable"
    );
    assert_eq!(read.header("x-content-type-options"), "nosniff");
    assert_eq!(read.header("etag"), format!("\"{png}\""));
    let etag = format!("\"{png}\"");
    let unchanged = get(
        &server,
        &blob_path(&project, &png),
        Some(&viewer.session),
        &[("if-none-match", &etag)],
    )
    .await?;
    assert_eq!(unchanged.status, 304);

    // An SVG is served under a policy that runs nothing; bytes of no asset type never as a page.
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let html = b"<html><script>alert(1)</script>";
    for (bytes, kind) in [
        (&svg[..], "image/svg+xml"),
        (&html[..], "application/octet-stream"),
    ] {
        let hash = sha256(bytes);
        let stored = put(
            &server,
            &blob_path(&project, &hash),
            Some(&editor.session),
            bytes,
        )
        .await?;
        assert_eq!(stored.status, 201);
        let read = get(
            &server,
            &blob_path(&project, &hash),
            Some(&owner.session),
            &[],
        )
        .await?;
        assert_eq!(read.header("content-type"), kind);
        if kind == "image/svg+xml" {
            let policy = read.header("content-security-policy");
            assert!(
                policy.contains("default-src 'none'") && policy.contains("sandbox"),
                "{policy}"
            );
        }
    }
    Ok(())
}

async fn nobody_reads_or_plants_a_blob_through_a_project_not_theirs(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let owner = server.sign_up("owner@example.com").await?;
    let viewer = server.sign_up("viewer@example.com").await?;
    let stranger = server.sign_up("stranger@example.com").await?;
    let project = server.create_project(&owner, "Private").await?;
    server
        .add_member(&owner, &project, &viewer, "viewer")
        .await?;
    let theirs = server.create_project(&stranger, "Theirs").await?;
    let png = sha256(PNG);
    let stored = put(
        &server,
        &blob_path(&project, &png),
        Some(&owner.session),
        PNG,
    )
    .await?;
    assert_eq!(stored.status, 201);

    // Knowing the hash is not enough: not through the project, not through one's own.
    for (session, path, status, code) in [
        (None, blob_path(&project, &png), 401, "unauthorized"),
        (
            Some(&stranger.session),
            blob_path(&project, &png),
            404,
            "not_found",
        ),
        (
            Some(&stranger.session),
            blob_path(&theirs, &png),
            404,
            "not_found",
        ),
        (
            Some(&owner.session),
            blob_path(&project, &sha256(b"never stored")),
            404,
            "not_found",
        ),
        (
            Some(&owner.session),
            blob_path(&project, "not-a-hash"),
            400,
            "malformed_hash",
        ),
    ] {
        let answer = get(&server, &path, session.map(String::as_str), &[]).await?;
        assert_eq!(answer.status, status, "GET {path}");
        assert_eq!(answer.code(), code, "GET {path}");
    }

    // Refused uploads store nothing at all, not even unreferenced bytes.
    let other = b"\x89PNG\r\n\x1a\n another photo";
    let other_hash = sha256(other);
    for (session, path, body, status, code) in [
        (
            None,
            blob_path(&project, &other_hash),
            other.to_vec(),
            401,
            "unauthorized",
        ),
        (
            Some(&stranger.session),
            blob_path(&project, &other_hash),
            other.to_vec(),
            404,
            "not_found",
        ),
        (
            Some(&viewer.session),
            blob_path(&project, &other_hash),
            other.to_vec(),
            403,
            "forbidden",
        ),
        (
            Some(&owner.session),
            blob_path(&project, &other_hash),
            b"other bytes".to_vec(),
            400,
            "hash_mismatch",
        ),
    ] {
        let answer = put(&server, &path, session.map(String::as_str), &body).await?;
        assert_eq!(answer.status, status, "PUT {path}");
        assert_eq!(answer.code(), code, "PUT {path}");
        assert_eq!(
            server.blobs.head(&other_hash).await?,
            None,
            "stored nothing"
        );
    }
    assert_eq!(listed(&server, &owner.session, &project).await?, [png]);
    Ok(())
}

on_both!(
    members_read_what_an_editor_uploaded,
    nobody_reads_or_plants_a_blob_through_a_project_not_theirs,
);
