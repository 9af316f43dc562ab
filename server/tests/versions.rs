//! Versions kept by the server, over HTTP: a saved version is the server's own copy of the
//! stored document (a client sends only a name), lists are newest first and paged, a version's
//! document reads back, an owner deletes one — on SQLite and on PostgreSQL. Who may call each
//! route is in tests/access.rs.

mod common;

use std::time::Duration;

use common::api::{Account, Db, TestResult, TestServer};
use futures_util::SinkExt;
use omnios_engine::{Engine, EngineOptions, Snapshot};
use omnios_server::rooms::RoomConfig;
use omnios_server::store::ProjectId;
use reqwest::Method;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest};
use yrs::sync::{Message, SyncMessage};
use yrs::updates::encoder::Encode;

/// A whole document as one update: page `page` with body `body` and `texts` text elements,
/// written by engine client `client` (two such documents merge: their ids differ).
fn document(
    client: u64,
    page: &str,
    body: &str,
    texts: &[&str],
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut elements = vec![
        json!({"id": body, "kind": "body", "page": page, "parent": null, "order": "a0", "name": "Body"}),
    ];
    for (i, text) in texts.iter().enumerate() {
        elements.push(json!({"id": text, "kind": "text", "page": page, "parent": body, "order": format!("a{i}"), "tag": "p", "content": *text}));
    }
    let snapshot = json!({"format": "omnios", "version": 1,
        "pages": [{"id": page, "name": page, "slug": if page == "home" { "" } else { page }, "title": page, "description": "", "order": format!("a{client}"), "root": body}],
        "elements": elements});
    let snapshot = Snapshot::from_json(&snapshot.to_string())?;
    Ok(
        Engine::from_snapshot(EngineOptions::deterministic(client), &snapshot)?
            .encode_state_as_update(&[])?,
    )
}

/// The element ids of a version's document, as an engine reads its bytes.
fn element_ids(bytes: &[u8]) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut engine = Engine::new(EngineOptions::deterministic(9));
    engine.load(bytes)?;
    let mut ids: Vec<String> = engine
        .to_snapshot()
        .elements
        .iter()
        .map(|e| e.id.to_string())
        .collect();
    ids.sort();
    Ok(ids)
}

/// `GET …/versions/{version}/document` as raw bytes.
async fn document_of(
    server: &TestServer,
    account: &Account,
    project: &str,
    version: &str,
) -> Result<(u16, Vec<u8>), Box<dyn std::error::Error>> {
    let answer = reqwest::Client::new()
        .get(format!(
            "{}/api/projects/{project}/versions/{version}/document",
            server.base
        ))
        .header("cookie", format!("omnios_session={}", account.session))
        .send()
        .await?;
    Ok((answer.status().as_u16(), answer.bytes().await?.to_vec()))
}

async fn save(
    server: &TestServer,
    account: &Account,
    project: &str,
    body: Value,
) -> Result<common::api::Answer, Box<dyn std::error::Error>> {
    server
        .call(
            Method::POST,
            &format!("/api/projects/{project}/versions"),
            Some(&account.session),
            Some(body),
        )
        .await
}

async fn a_saved_version_is_the_servers_own_copy(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let ada = server.sign_up("ada@example.com").await?;
    let bob = server.sign_up("bob@example.com").await?;
    let vera = server.sign_up("vera@example.com").await?;
    let project = server.create_project(&ada, "Launch").await?;
    server.add_member(&ada, &project, &bob, "editor").await?;
    server.add_member(&ada, &project, &vera, "viewer").await?;
    let store = &server.db.store;
    let id = ProjectId(project.clone());
    store
        .append_update(&id, &document(1, "home", "b", &["hero", "intro"])?)
        .await?;

    // Bob (an editor) saves: the server snapshots what it stored.
    let saved = save(
        &server,
        &bob,
        &project,
        json!({ "name": "Before hero change" }),
    )
    .await?;
    assert_eq!(saved.status, 201, "{}", saved.body);
    assert_eq!(saved.body["name"], "Before hero change");
    assert_eq!(saved.body["created_by"].as_str(), Some(bob.id.as_str()));
    assert_eq!(saved.body["automatic"], false);
    assert_eq!(saved.body["element_count"], 3);
    let before = saved.body["id"].as_str().ok_or("no id")?.to_owned();

    // Bytes from the client are refused, not stored; so are empty and control-character names.
    for body in [
        json!({ "name": "Mine", "doc": [1, 2, 3] }),
        json!({ "name": "  " }),
        json!({ "name": "a\u{7}b" }),
        json!({ "name": "x".repeat(201) }),
    ] {
        let refused = save(&server, &bob, &project, body.clone()).await?;
        assert_eq!(
            (refused.status, refused.code()),
            (400, "validation_error"),
            "{body}"
        );
    }
    // A viewer may not save.
    let refused = save(&server, &vera, &project, json!({ "name": "Viewer's" })).await?;
    assert_eq!((refused.status, refused.code()), (403, "forbidden"));

    // The document changes; a second version holds the change, the first does not.
    store
        .append_update(&id, &document(2, "about", "b2", &[])?)
        .await?;
    let after = save(&server, &ada, &project, json!({ "name": "After" })).await?;
    assert_eq!(after.status, 201, "{}", after.body);
    assert_eq!(after.body["element_count"], 4);
    let after = after.body["id"].as_str().ok_or("no id")?.to_owned();

    // Any member (Vera too) lists them, newest first, and reads each one's document.
    let listed = server
        .call(
            Method::GET,
            &format!("/api/projects/{project}/versions"),
            Some(&vera.session),
            None,
        )
        .await?;
    assert_eq!(listed.status, 200);
    let names: Vec<&str> = listed.body["items"]
        .as_array()
        .ok_or("no items")?
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    assert_eq!(names, ["After", "Before hero change"]);
    assert_eq!(listed.body["next_cursor"], Value::Null);
    let (status, first) = document_of(&server, &vera, &project, &before).await?;
    assert_eq!(status, 200);
    assert_eq!(element_ids(&first)?, ["b", "hero", "intro"]);
    let (_, second) = document_of(&server, &vera, &project, &after).await?;
    assert_eq!(element_ids(&second)?, ["b", "b2", "hero", "intro"]);

    // A version read through another project is not found; an unknown one neither.
    let other = server.create_project(&ada, "Other").await?;
    assert_eq!(document_of(&server, &ada, &other, &before).await?.0, 404);
    assert_eq!(document_of(&server, &ada, &project, "nope").await?.0, 404);

    // The owner deletes one; its document is gone, the other stays.
    let deleted = server
        .call(
            Method::DELETE,
            &format!("/api/projects/{project}/versions/{before}"),
            Some(&ada.session),
            None,
        )
        .await?;
    assert_eq!(deleted.status, 204);
    assert_eq!(document_of(&server, &ada, &project, &before).await?.0, 404);
    assert_eq!(document_of(&server, &ada, &project, &after).await?.0, 200);

    // An automatic version (the rooms make them) has no author.
    let auto = store
        .create_automatic_version(&id, "Automatic", &second, 4)
        .await?;
    assert!(auto.automatic && auto.created_by.is_none());
    Ok(())
}

async fn versions_are_paged_newest_first(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let ada = server.sign_up("ada@example.com").await?;
    let project = server.create_project(&ada, "Paged").await?;
    for i in 0..5 {
        let saved = save(&server, &ada, &project, json!({ "name": format!("v{i}") })).await?;
        assert_eq!(saved.status, 201, "{}", saved.body);
    }
    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..5 {
        let query = cursor
            .as_ref()
            .map_or(String::new(), |c| format!("&cursor={c}"));
        let page = server
            .call(
                Method::GET,
                &format!("/api/projects/{project}/versions?limit=2{query}"),
                Some(&ada.session),
                None,
            )
            .await?;
        assert_eq!(page.status, 200, "{}", page.body);
        let items = page.body["items"].as_array().ok_or("no items")?;
        assert!(items.len() <= 2);
        names.extend(
            items
                .iter()
                .filter_map(|v| v["name"].as_str().map(str::to_owned)),
        );
        cursor = page.body["next_cursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(names, ["v4", "v3", "v2", "v1", "v0"]);
    for bad in ["limit=0", "limit=101", "cursor=zz", "sort=name"] {
        let refused = server
            .call(
                Method::GET,
                &format!("/api/projects/{project}/versions?{bad}"),
                Some(&ada.session),
                None,
            )
            .await?;
        assert_eq!(
            (refused.status, refused.code()),
            (400, "validation_error"),
            "{bad}"
        );
    }
    Ok(())
}

/// The project's versions as its owner lists them: (name, automatic, element count, author).
async fn versions_of(
    server: &TestServer,
    owner: &Account,
    project: &str,
) -> Result<Vec<(String, bool, i64, Value)>, Box<dyn std::error::Error>> {
    let listed = server
        .call(
            Method::GET,
            &format!("/api/projects/{project}/versions"),
            Some(&owner.session),
            None,
        )
        .await?;
    Ok(listed.body["items"]
        .as_array()
        .ok_or("no items")?
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap_or_default().to_owned(),
                v["automatic"].as_bool().unwrap_or_default(),
                v["element_count"].as_i64().unwrap_or_default(),
                v["created_by"].clone(),
            )
        })
        .collect())
}

/// Waits until `project` has `count` versions, or fails after 10 s.
async fn until_versions(
    server: &TestServer,
    owner: &Account,
    project: &str,
    count: usize,
) -> Result<Vec<(String, bool, i64, Value)>, Box<dyn std::error::Error>> {
    for _ in 0..100 {
        let versions = versions_of(server, owner, project).await?;
        if versions.len() >= count {
            return Ok(versions);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("{project} never had {count} versions").into())
}

async fn rooms_keep_automatic_versions(db: Db) -> TestResult {
    // Every update is "10 minutes of editing" here, and an empty room unloads at once.
    let config = RoomConfig {
        idle_grace: Duration::from_millis(200),
        auto_version_after: Duration::ZERO,
        ..RoomConfig::default()
    };
    let Some(server) = TestServer::start_with_rooms(db, config).await? else {
        return Ok(());
    };
    let ada = server.sign_up("ada@example.com").await?;
    let project = server.create_project(&ada, "Automatic").await?;
    let mut request = format!(
        "{}/api/projects/{project}/live",
        server.base.replacen("http", "ws", 1)
    )
    .into_client_request()?;
    request
        .headers_mut()
        .insert("cookie", format!("omnios_session={}", ada.session).parse()?);
    let (mut room, _) = tokio_tungstenite::connect_async(request).await?;
    let update =
        Message::Sync(SyncMessage::Update(document(1, "home", "b", &["hero"])?)).encode_v1();
    room.send(tungstenite::Message::Binary(update.into()))
        .await?;
    let versions = until_versions(&server, &ada, &project, 1).await?;
    assert_eq!(
        versions,
        [("Automatic version".to_owned(), true, 2, Value::Null)],
        "an edit past the timer keeps a version"
    );

    // Ada leaves: the room had no edit since that version, so unloading keeps none more.
    room.close(None).await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(versions_of(&server, &ada, &project).await?.len(), 1);
    Ok(())
}

async fn a_room_unloading_after_edits_keeps_a_version(db: Db) -> TestResult {
    let config = RoomConfig {
        idle_grace: Duration::from_millis(200),
        ..RoomConfig::default()
    };
    let Some(server) = TestServer::start_with_rooms(db, config).await? else {
        return Ok(());
    };
    let ada = server.sign_up("ada@example.com").await?;
    let project = server.create_project(&ada, "Unloaded").await?;
    let mut request = format!(
        "{}/api/projects/{project}/live",
        server.base.replacen("http", "ws", 1)
    )
    .into_client_request()?;
    request
        .headers_mut()
        .insert("cookie", format!("omnios_session={}", ada.session).parse()?);
    let (mut room, _) = tokio_tungstenite::connect_async(request).await?;
    let update = Message::Sync(SyncMessage::Update(document(
        1,
        "home",
        "b",
        &["hero", "intro"],
    )?))
    .encode_v1();
    room.send(tungstenite::Message::Binary(update.into()))
        .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        versions_of(&server, &ada, &project).await?.is_empty(),
        "no version while the room is in use and the timer has not run out"
    );
    room.close(None).await?;
    let versions = until_versions(&server, &ada, &project, 1).await?;
    assert_eq!(
        versions,
        [("Automatic version".to_owned(), true, 3, Value::Null)]
    );
    Ok(())
}

on_both!(
    a_saved_version_is_the_servers_own_copy,
    versions_are_paged_newest_first,
    rooms_keep_automatic_versions,
    a_room_unloading_after_edits_keeps_a_version
);
