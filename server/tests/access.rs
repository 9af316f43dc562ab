//! Who may call what: every API route (a project's blobs included) and the live room's
//! WebSocket, for someone anonymous, a non-member, a viewer, an editor and an owner,
//! against the expected status of each cell — on SQLite and on PostgreSQL. Each cell runs on a fresh project; a
//! refused request must leave the project as it was.

mod common;

use std::time::Duration;

use common::api::{Account, Answer, Db, RawAnswer, Team, TestResult, TestServer};
use futures_util::{SinkExt, StreamExt};
use omnios_engine::backup::sha256;
use omnios_server::store::ProjectId;
use reqwest::Method;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest};
use yrs::sync::{Message, SyncMessage};
use yrs::updates::encoder::Encode;
use yrs::{Doc, Map, ReadTxn, Transact};

/// The actors, in the order of each row's expected statuses.
const ACTORS: [&str; 5] = ["anonymous", "non-member", "viewer", "editor", "owner"];

struct Route {
    method: Method,
    /// `{p}` is the project, `{t}` another member's id, `{l}` a share link's token, `{k}` its
    /// id, `{v}` a version's id, `{b}` a blob the project holds, `{n}` the hash of [`NEW_BLOB`].
    path: &'static str,
    body: Payload,
    /// Expected status for anonymous, non-member, viewer, editor, owner.
    expect: [u16; 5],
}

/// What a request sends.
enum Payload {
    Empty,
    Json(fn() -> Value),
    Bytes(&'static [u8]),
}

/// A blob every fresh project holds, uploaded by its owner.
const HELD_BLOB: &[u8] = b"\x89PNG\r\n\x1a\n the project's photo";
/// A blob no project holds yet.
const NEW_BLOB: &[u8] = b"\x89PNG\r\n\x1a\n a new photo";

fn routes() -> Vec<Route> {
    use Method as M;
    let route = |method, path, body, expect| Route {
        method,
        path,
        body,
        expect,
    };
    vec![
        route(
            M::POST,
            "/api/auth/signup",
            Payload::Json(
                || json!({ "email": format!("new-{}@example.com", uuid::Uuid::new_v4().simple()), "password": "correct horse" }),
            ),
            [201, 201, 201, 201, 201],
        ),
        route(
            M::POST,
            "/api/auth/signin",
            Payload::Json(
                || json!({ "email": "invitee@example.com", "password": "correct horse" }),
            ),
            [200, 200, 200, 200, 200],
        ),
        route(
            M::POST,
            "/api/auth/signout",
            Payload::Empty,
            [204, 204, 204, 204, 204],
        ),
        route(
            M::GET,
            "/api/auth/me",
            Payload::Empty,
            [401, 200, 200, 200, 200],
        ),
        route(
            M::GET,
            "/api/auth/session",
            Payload::Empty,
            [200, 200, 200, 200, 200],
        ),
        route(
            M::GET,
            "/api/projects",
            Payload::Empty,
            [401, 200, 200, 200, 200],
        ),
        route(
            M::POST,
            "/api/projects",
            Payload::Json(|| json!({ "name": "Another" })),
            [401, 201, 201, 201, 201],
        ),
        route(
            M::GET,
            "/api/projects/{p}",
            Payload::Empty,
            [401, 404, 200, 200, 200],
        ),
        route(
            M::PATCH,
            "/api/projects/{p}",
            Payload::Json(|| json!({ "name": "Renamed", "version": 1 })),
            [401, 404, 403, 200, 200],
        ),
        route(
            M::DELETE,
            "/api/projects/{p}",
            Payload::Empty,
            [401, 404, 403, 403, 204],
        ),
        route(
            M::GET,
            "/api/projects/{p}/audit",
            Payload::Empty,
            [401, 404, 403, 403, 200],
        ),
        route(
            M::GET,
            "/api/projects/{p}/members",
            Payload::Empty,
            [401, 404, 200, 200, 200],
        ),
        route(
            M::POST,
            "/api/projects/{p}/members",
            Payload::Json(|| json!({ "email": "invitee@example.com", "role": "viewer" })),
            [401, 404, 403, 403, 201],
        ),
        route(
            M::PATCH,
            "/api/projects/{p}/members/{t}",
            Payload::Json(|| json!({ "role": "editor" })),
            [401, 404, 403, 403, 200],
        ),
        route(
            M::DELETE,
            "/api/projects/{p}/members/{t}",
            Payload::Empty,
            [401, 404, 403, 403, 204],
        ),
        route(
            M::POST,
            "/api/projects/{p}/share-links",
            Payload::Json(|| json!({ "role": "viewer" })),
            [401, 404, 403, 403, 201],
        ),
        route(
            M::GET,
            "/api/projects/{p}/share-links",
            Payload::Empty,
            [401, 404, 403, 403, 200],
        ),
        route(
            M::DELETE,
            "/api/projects/{p}/share-links/{l}",
            Payload::Empty,
            [401, 404, 403, 403, 204],
        ),
        route(
            M::DELETE,
            "/api/projects/{p}/share-links/{k}",
            Payload::Empty,
            [401, 404, 403, 403, 204],
        ),
        route(
            M::GET,
            "/api/projects/{p}/versions",
            Payload::Empty,
            [401, 404, 200, 200, 200],
        ),
        route(
            M::POST,
            "/api/projects/{p}/versions",
            Payload::Json(|| json!({ "name": "Before the hero change" })),
            [401, 404, 403, 201, 201],
        ),
        route(
            M::GET,
            "/api/projects/{p}/versions/{v}/document",
            Payload::Empty,
            [401, 404, 200, 200, 200],
        ),
        route(
            M::DELETE,
            "/api/projects/{p}/versions/{v}",
            Payload::Empty,
            [401, 404, 403, 403, 204],
        ),
        route(
            M::POST,
            "/api/share-links/{l}/accept",
            Payload::Empty,
            [401, 200, 200, 200, 200],
        ),
        route(
            M::GET,
            "/api/projects/{p}/blobs",
            Payload::Empty,
            [401, 404, 200, 200, 200],
        ),
        route(
            M::GET,
            "/api/projects/{p}/blobs/{b}",
            Payload::Empty,
            [401, 404, 200, 200, 200],
        ),
        route(
            M::PUT,
            "/api/projects/{p}/blobs/{n}",
            Payload::Bytes(NEW_BLOB),
            [401, 404, 403, 201, 201],
        ),
    ]
}

/// The project's name, version, member count, share links, versions and blobs, as its owner
/// sees them.
async fn state_of(
    server: &TestServer,
    owner: &Account,
    project: &str,
) -> Result<(u16, Value, Value, Value), Box<dyn std::error::Error>> {
    let shown = server
        .call(
            Method::GET,
            &format!("/api/projects/{project}"),
            Some(&owner.session),
            None,
        )
        .await?;
    let members = server
        .call(
            Method::GET,
            &format!("/api/projects/{project}/members"),
            Some(&owner.session),
            None,
        )
        .await?;
    let links = server
        .call(
            Method::GET,
            &format!("/api/projects/{project}/share-links"),
            Some(&owner.session),
            None,
        )
        .await?;
    let versions = server
        .call(
            Method::GET,
            &format!("/api/projects/{project}/versions"),
            Some(&owner.session),
            None,
        )
        .await?;
    let blobs = server
        .call(
            Method::GET,
            &format!("/api/projects/{project}/blobs"),
            Some(&owner.session),
            None,
        )
        .await?;
    Ok((
        shown.status,
        json!([shown.body["name"], shown.body["version"]]),
        json!([
            members.body["items"].as_array().map(Vec::len),
            links.body["items"].as_array().map(Vec::len),
            versions.body["items"].as_array().map(Vec::len),
        ]),
        blobs.body["items"].clone(),
    ))
}

/// A bytes answer as a JSON one: errors keep their JSON body, blobs become `Null`.
fn raw_answer(raw: RawAnswer) -> Result<Answer, Box<dyn std::error::Error>> {
    let body = if raw.header("content-type") == "application/json" {
        serde_json::from_slice(&raw.bytes)?
    } else {
        Value::Null
    };
    Ok(Answer {
        status: raw.status,
        headers: raw.headers,
        body,
    })
}

async fn every_route_for_every_actor(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let owner = server.sign_up("owner@example.com").await?;
    let editor = server.sign_up("editor@example.com").await?;
    let viewer = server.sign_up("viewer@example.com").await?;
    let stranger = server.sign_up("stranger@example.com").await?;
    let other = server.sign_up("other@example.com").await?;
    server.sign_up("invitee@example.com").await?;

    let mut failures = Vec::new();
    for route in routes() {
        for (column, actor) in ACTORS.iter().enumerate() {
            let project = server.create_project(&owner, "Shared").await?;
            server
                .add_member(&owner, &project, &editor, "editor")
                .await?;
            server
                .add_member(&owner, &project, &viewer, "viewer")
                .await?;
            server
                .add_member(&owner, &project, &other, "viewer")
                .await?;
            let link = server
                .call(
                    Method::POST,
                    &format!("/api/projects/{project}/share-links"),
                    Some(&owner.session),
                    Some(json!({ "role": "viewer" })),
                )
                .await?;
            let link_id = link.body["id"].as_str().ok_or("no link id")?.to_owned();
            let version = server
                .call(
                    Method::POST,
                    &format!("/api/projects/{project}/versions"),
                    Some(&owner.session),
                    Some(json!({ "name": "First" })),
                )
                .await?;
            let version = version.body["id"]
                .as_str()
                .ok_or("no version id")?
                .to_owned();
            let link = link.body["token"].as_str().ok_or("no token")?.to_owned();
            let held = server
                .send_bytes(
                    Method::PUT,
                    &format!("/api/projects/{project}/blobs/{}", sha256(HELD_BLOB)),
                    Some(&owner.session),
                    Some(HELD_BLOB.to_vec()),
                    &[],
                )
                .await?;
            assert_eq!(held.status, 201);
            let before = state_of(&server, &owner, &project).await?;

            let account = match *actor {
                "anonymous" => None,
                "non-member" => Some(&stranger),
                "viewer" => Some(&viewer),
                "editor" => Some(&editor),
                _ => Some(&owner),
            };
            // Signing in and out ends the session sent: those cells get a session of their own.
            let fresh = match account {
                Some(account) if route.path.starts_with("/api/auth/sign") => {
                    let signed_in = server
                        .call(
                            Method::POST,
                            "/api/auth/signin",
                            None,
                            Some(json!({ "email": account.email, "password": "correct horse" })),
                        )
                        .await?;
                    signed_in.session()
                }
                Some(account) => Some(account.session.clone()),
                None => None,
            };
            let path = route
                .path
                .replace("{p}", &project)
                .replace("{t}", &other.id)
                .replace("{l}", &link)
                .replace("{k}", &link_id)
                .replace("{v}", &version)
                .replace("{b}", &sha256(HELD_BLOB))
                .replace("{n}", &sha256(NEW_BLOB));
            let answer = match route.body {
                Payload::Bytes(bytes) => raw_answer(
                    server
                        .send_bytes(
                            route.method.clone(),
                            &path,
                            fresh.as_deref(),
                            Some(bytes.to_vec()),
                            &[],
                        )
                        .await?,
                )?,
                Payload::Empty if path.contains("/blobs/") => raw_answer(
                    server
                        .send_bytes(route.method.clone(), &path, fresh.as_deref(), None, &[])
                        .await?,
                )?,
                Payload::Empty => {
                    server
                        .call(route.method.clone(), &path, fresh.as_deref(), None)
                        .await?
                }
                Payload::Json(body) => {
                    server
                        .call(route.method.clone(), &path, fresh.as_deref(), Some(body()))
                        .await?
                }
            };
            let expected = route.expect[column];
            let cell = format!("{} {} as {actor}", route.method, route.path);
            if answer.status != expected {
                failures.push(format!(
                    "{cell}: {} (expected {expected}) {}",
                    answer.status, answer.body
                ));
                continue;
            }
            if expected >= 400 {
                let code = match expected {
                    401 => "unauthorized",
                    403 => "forbidden",
                    _ => "not_found",
                };
                assert_eq!(answer.code(), code, "{cell}");
                assert_eq!(
                    answer.body["error"]["correlation_id"].as_str(),
                    answer.headers["x-correlation-id"].to_str().ok(),
                    "{cell}"
                );
                let after = state_of(&server, &owner, &project).await?;
                assert_eq!(before, after, "{cell} was refused but changed the project");
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    Ok(())
}

async fn a_removed_member_and_a_revoked_link_lose_access(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let owner = server.sign_up("owner@example.com").await?;
    let guest = server.sign_up("guest@example.com").await?;
    let late = server.sign_up("late@example.com").await?;
    let project = server.create_project(&owner, "Shared").await?;
    let link = server
        .call(
            Method::POST,
            &format!("/api/projects/{project}/share-links"),
            Some(&owner.session),
            Some(json!({ "role": "editor" })),
        )
        .await?;
    let token = link.body["token"].as_str().ok_or("no token")?;
    let joined = server
        .call(
            Method::POST,
            &format!("/api/share-links/{token}/accept"),
            Some(&guest.session),
            None,
        )
        .await?;
    assert_eq!(
        (joined.status, joined.body["role"].as_str()),
        (200, Some("editor"))
    );
    let listed = server
        .call(Method::GET, "/api/projects", Some(&guest.session), None)
        .await?;
    assert_eq!(
        listed.body["items"][0]["id"].as_str(),
        Some(project.as_str())
    );
    assert_eq!(listed.body["items"][0]["role"].as_str(), Some("editor"));

    let (as_server, as_owner) = (&server, &owner);
    let links_of = |project: String| async move {
        let listed = as_server
            .call(
                Method::GET,
                &format!("/api/projects/{project}/share-links"),
                Some(&as_owner.session),
                None,
            )
            .await?;
        assert_eq!(listed.status, 200, "{}", listed.body);
        Ok::<_, Box<dyn std::error::Error>>(listed.body["items"].clone())
    };
    let listed = links_of(project.clone()).await?;
    assert_eq!(
        listed[0]["id"], link.body["id"],
        "the list names the link by id"
    );
    assert_eq!(listed[0]["role"].as_str(), Some("editor"));
    assert!(
        !listed.to_string().contains(token),
        "the list never shows a token"
    );

    let revoked = server
        .call(
            Method::DELETE,
            &format!("/api/projects/{project}/share-links/{token}"),
            Some(&owner.session),
            None,
        )
        .await?;
    assert_eq!(revoked.status, 204);
    assert_eq!(
        links_of(project.clone()).await?,
        json!([]),
        "a revoked link leaves the list"
    );
    let refused = server
        .call(
            Method::POST,
            &format!("/api/share-links/{token}/accept"),
            Some(&late.session),
            None,
        )
        .await?;
    assert_eq!((refused.status, refused.code()), (404, "not_found"));

    let removed = server
        .call(
            Method::DELETE,
            &format!("/api/projects/{project}/members/{}", guest.id),
            Some(&owner.session),
            None,
        )
        .await?;
    assert_eq!(removed.status, 204);
    let gone = server
        .call(
            Method::GET,
            &format!("/api/projects/{project}"),
            Some(&guest.session),
            None,
        )
        .await?;
    assert_eq!(gone.status, 404);
    assert_eq!(
        server
            .db
            .store
            .role_of(
                &omnios_server::store::UserId(guest.id.clone()),
                &omnios_server::store::ProjectId(project.clone())
            )
            .await?,
        None
    );

    // The last owner cannot leave or be demoted.
    let last = server
        .call(
            Method::PATCH,
            &format!("/api/projects/{project}/members/{}", owner.id),
            Some(&owner.session),
            Some(json!({ "role": "viewer" })),
        )
        .await?;
    assert_eq!((last.status, last.code()), (409, "conflict"));
    Ok(())
}

/// Opens the project's live room with `session` (if any): the upgrade's HTTP status, and the
/// socket when it was accepted.
async fn join_room(
    server: &TestServer,
    project: &str,
    session: Option<&str>,
) -> Result<(u16, Option<Room>), Box<dyn std::error::Error>> {
    let url = format!(
        "{}/api/projects/{project}/live",
        server.base.replacen("http", "ws", 1)
    );
    let mut request = url.into_client_request()?;
    if let Some(session) = session {
        request
            .headers_mut()
            .insert("cookie", format!("omnios_session={session}").parse()?);
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, response)) => Ok((response.status().as_u16(), Some(socket))),
        Err(tungstenite::Error::Http(response)) => Ok((response.status().as_u16(), None)),
        Err(e) => Err(e.into()),
    }
}

type Room =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The frames the room sends within `wait`, until it closes: the close code, if it did.
async fn close_code(room: &mut Room, wait: Duration) -> Option<u16> {
    let deadline = tokio::time::Instant::now() + wait;
    while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, room.next()).await {
        if let tungstenite::Message::Close(close) = frame {
            return close.map(|c| u16::from(c.code));
        }
    }
    None
}

/// One document update: a top-level map entry (the room refuses any update from a viewer
/// before it looks at what it says).
fn some_update() -> Vec<u8> {
    let doc = Doc::with_client_id(77);
    doc.get_or_insert_map("elements")
        .insert(&mut doc.transact_mut(), "x", "y");
    let update = doc
        .transact()
        .encode_state_as_update_v1(&yrs::StateVector::default());
    Message::Sync(SyncMessage::Update(update)).encode_v1()
}

/// The WebSocket room, row by row like the routes above: anonymous 401, a non-member 404 (as
/// for a project that does not exist), members join; a viewer's update closes its socket
/// (4403) and is never stored.
async fn the_live_room_for_every_actor(db: Db) -> TestResult {
    let Some(server) = TestServer::start(db).await? else {
        return Ok(());
    };
    let Team {
        owner,
        editor,
        viewer,
        project,
    } = server.team("Live").await?;
    let stranger = server.sign_up("stranger@example.com").await?;

    let cells = [
        ("anonymous", None, 401),
        ("non-member", Some(&stranger), 404),
        ("viewer", Some(&viewer), 101),
        ("editor", Some(&editor), 101),
        ("owner", Some(&owner), 101),
    ];
    for (actor, account, expected) in cells {
        let (status, _) = join_room(&server, &project, account.map(|a| a.session.as_str())).await?;
        assert_eq!(status, expected, "the live room as {actor}");
    }
    let (status, _) = join_room(&server, "no-such-project", Some(&owner.session)).await?;
    assert_eq!(status, 404, "a project that does not exist");

    let (_, room) = join_room(&server, &project, Some(&viewer.session)).await?;
    let mut room = room.ok_or("the viewer joined")?;
    room.send(tungstenite::Message::Binary(some_update().into()))
        .await?;
    assert_eq!(
        close_code(&mut room, Duration::from_secs(5)).await,
        Some(4403)
    );
    let stored = server
        .db
        .store
        .load_document(&ProjectId(project.clone()))
        .await?;
    assert!(
        stored.updates.is_empty() && stored.snapshot.is_none(),
        "a viewer's update was stored"
    );

    // Comments: a viewer's own is stored; one in someone else's name, from any member, is
    // refused (4422) and never stored.
    let comment_rows = [
        ("viewer, as themself", &viewer, &viewer, None),
        ("editor, as the viewer", &editor, &viewer, Some(4422)),
        ("owner, as the editor", &owner, &editor, Some(4422)),
    ];
    for (i, (actor, sender, named, refused)) in comment_rows.into_iter().enumerate() {
        let (_, room) = join_room(&server, &project, Some(&sender.session)).await?;
        let mut room = room.ok_or("the member joined")?;
        let thread = format!("t{i}");
        room.send(tungstenite::Message::Binary(
            comment_update(&thread, named, 80 + i as u64).into(),
        ))
        .await?;
        let wait = Duration::from_millis(if refused.is_some() { 5000 } else { 500 });
        assert_eq!(close_code(&mut room, wait).await, refused, "{actor}");
        let stored = server
            .db
            .store
            .load_document(&ProjectId(project.clone()))
            .await?;
        let mut engine = omnios_engine::Engine::new(omnios_engine::EngineOptions::deterministic(9));
        let updates = stored.updates.iter().map(|(_, bytes)| bytes);
        for update in stored.snapshot.iter().chain(updates) {
            engine.apply_update(update)?;
        }
        let kept = engine.comments().iter().any(|t| t.id.as_str() == thread);
        assert_eq!(kept, refused.is_none(), "{actor}: stored {kept}");
    }
    Ok(())
}

/// A thread `id` with its first message, written in `author`'s name as the editor writes it, by
/// Yjs client `client` (one per update: a client's structs are numbered from 0).
fn comment_update(id: &str, author: &Account, client: u64) -> Vec<u8> {
    let doc = Doc::with_client_id(client);
    let (threads, messages) = (
        doc.get_or_insert_map("comments"),
        doc.get_or_insert_map("comment_messages"),
    );
    {
        let mut txn = doc.transact_mut();
        threads.insert(
            &mut txn,
            id,
            yrs::MapPrelim::from([
                ("page", yrs::Any::from("home")),
                ("x", 1.0.into()),
                ("y", 1.0.into()),
                ("author", author.id.as_str().into()),
                ("author_name", author.email.as_str().into()),
                ("at", 1.0.into()),
                ("resolved", false.into()),
            ]),
        );
        messages.insert(
            &mut txn,
            format!("{id}-m"),
            yrs::MapPrelim::from([
                ("thread", yrs::Any::from(id)),
                ("author", author.id.as_str().into()),
                ("author_name", author.email.as_str().into()),
                ("text", "Looks good".into()),
                ("at", 1.0.into()),
            ]),
        );
    }
    let update = doc
        .transact()
        .encode_state_as_update_v1(&yrs::StateVector::default());
    Message::Sync(SyncMessage::Update(update)).encode_v1()
}

on_both!(
    every_route_for_every_actor,
    a_removed_member_and_a_revoked_link_lose_access,
    the_live_room_for_every_actor
);
