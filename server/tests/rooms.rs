//! Live rooms end to end in process: a real server on a loopback port, the file log in a
//! temporary folder, raw yrs clients speaking y-websocket over real WebSockets.

mod rooms {
    pub mod peer;
}

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use omnios_engine::{Engine, EngineOptions, Snapshot};
use omnios_server::rooms::{Access, DocumentLog, FileLog, RoomConfig, TokenGate};
use omnios_server::{app, AppState, Rooms};
use rooms::peer::{element_map, put_element, Peer};
use serde_json::json;
use tokio_tungstenite::tungstenite;
use yrs::types::map::MapPrelim;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Map, ReadTxn, Transact};

const SOON: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(400);

/// The stored project: one page, body `b`, a text `t` and a link `l`.
fn project_document() -> Vec<u8> {
    let snapshot = json!({"format": "omnios", "version": 1,
    "pages": [{"id": "home", "name": "Home", "slug": "", "title": "Home", "description": "",
               "order": "a0", "root": "b"}],
    "elements": [
        {"id": "b", "kind": "body", "page": "home", "parent": null, "order": "a0", "name": "Body"},
        {"id": "t", "kind": "text", "page": "home", "parent": "b", "order": "a0", "tag": "p", "content": "Hi"},
        {"id": "l", "kind": "link", "page": "home", "parent": "b", "order": "a1", "content": "Go",
         "props": {"href": "/about"}}
    ]});
    let snapshot = Snapshot::from_json(&snapshot.to_string()).expect("snapshot");
    Engine::from_snapshot(EngineOptions::deterministic(1), &snapshot)
        .expect("project")
        .encode_state_as_update(&[])
        .expect("encode")
}

struct Server {
    addr: SocketAddr,
    rooms: Rooms,
}

fn config() -> RoomConfig {
    RoomConfig {
        max_frame_bytes: 1024 * 1024,
        idle_grace: Duration::from_millis(300),
        ..RoomConfig::default()
    }
}

/// Serves rooms over `dir` (project `p1` stored there first unless it already is); tokens:
/// `alice` and `bob` write p1, `vera` reads it.
async fn serve(dir: &Path, config: RoomConfig) -> Server {
    let log = FileLog::open(dir).expect("log");
    if log.load_document("p1").await.expect("load") == Default::default() {
        log.append_update("p1", &project_document())
            .await
            .expect("seed");
    }
    let gate = TokenGate::new()
        .grant("alice", "p1", Access::Write)
        .grant("bob", "p1", Access::Write)
        .grant("vera", "p1", Access::Read);
    let rooms = Rooms::new(Arc::new(log), Arc::new(gate), config);
    let state = AppState::new(dir.join("no-editor")).with_rooms(rooms.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app(state)).await });
    Server { addr, rooms }
}

async fn join(server: &Server, token: &str, client: u64) -> Peer {
    Peer::join(server.addr, "p1", Some(token), client)
        .await
        .expect("join")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_gets_the_stored_state_and_two_clients_converge() {
    let dir = tempfile::tempdir().expect("dir");
    let server = serve(dir.path(), config()).await;
    let mut alice = join(&server, "alice", 101).await;
    let mut bob = join(&server, "bob", 102).await;
    assert!(
        alice.has_element("t") && alice.has_element("l"),
        "stored state"
    );

    alice
        .write(|txn, elements, _| put_element(txn, elements, "c1", "b"))
        .await;
    assert!(
        bob.until(SOON, |p| p.has_element("c1")).await,
        "bob sees c1"
    );
    bob.write(|txn, elements, _| put_element(txn, elements, "c2", "c1"))
        .await;
    assert!(
        alice.until(SOON, |p| p.has_element("c2")).await,
        "alice sees c2"
    );
    assert_eq!(alice.parent_of("c2").as_deref(), Some("c1"));
    assert!(alice.closed.is_none() && bob.closed.is_none());
}

type Attack = (&'static str, fn(&mut yrs::TransactionMut, &yrs::MapRef));

const ATTACKS: &[Attack] = &[
    ("an id that escapes a CSS selector", |txn, elements| {
        put_element(txn, elements, "x,*", "b");
    }),
    (
        "a style value that fetches and adds a declaration",
        |txn, elements| {
            let t = element_map(txn, elements, "t");
            let styles = t.insert(txn, "styles", MapPrelim::default());
            styles.insert(
                txn,
                "base|background-image",
                "url(https://evil.example/x); position: fixed",
            );
        },
    ),
    ("an event handler prop", |txn, elements| {
        let l = element_map(txn, elements, "l");
        let props = l.insert(txn, "props", MapPrelim::default());
        props.insert(txn, "onclick", "alert(1)");
    }),
    (
        "a cycle of parents written in one update",
        |txn, elements| {
            put_element(txn, elements, "cy1", "cy2");
            put_element(txn, elements, "cy2", "cy1");
        },
    ),
    ("a style that loads from another site", |txn, elements| {
        let t = element_map(txn, elements, "t");
        let styles = t.insert(txn, "styles", MapPrelim::default());
        styles.insert(
            txn,
            "base|background-image",
            "url(https://tracker.example/pixel.png)",
        );
    }),
    ("a chain nested past the limit", |txn, elements| {
        let mut parent = "b".to_owned();
        for i in 0..=omnios_engine::MAX_DEPTH {
            let id = format!("n{i}");
            put_element(txn, elements, &id, &parent);
            parent = id;
        }
    }),
];

/// What the attack changed, as the other side would see it.
fn planted(peer: &Peer) -> bool {
    let elements = peer.doc.get_or_insert_map("elements");
    let txn = peer.doc.transact();
    let styled = match elements.get(&txn, "t") {
        Some(yrs::Out::YMap(t)) => {
            matches!(t.get(&txn, "styles"), Some(yrs::Out::YMap(s)) if s.len(&txn) > 0)
        }
        _ => false,
    };
    let handler = match elements.get(&txn, "l") {
        Some(yrs::Out::YMap(l)) => match l.get(&txn, "props") {
            Some(yrs::Out::YMap(p)) => p.get(&txn, "onclick").is_some(),
            _ => false,
        },
        _ => false,
    };
    elements.get(&txn, "x,*").is_some()
        || elements.get(&txn, "n0").is_some()
        || elements.get(&txn, "cy1").is_some()
        || styled
        || handler
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_no_command_could_write_is_refused_for_everyone() {
    let dir = tempfile::tempdir().expect("dir");
    let server = serve(dir.path(), config()).await;
    let mut bob = join(&server, "bob", 202).await;
    for (i, (what, attack)) in ATTACKS.iter().enumerate() {
        let mut mallory = join(&server, "alice", 300 + i as u64).await;
        mallory
            .write(|txn, elements, _| attack(txn, elements))
            .await;
        let (code, reason) = mallory.close_frame(SOON).await.expect("closed");
        assert_eq!(code, 4422, "{what}: {reason}");
        assert!(reason.starts_with("update refused"), "{what}: {reason}");
        bob.listen(QUIET).await;
        assert!(!planted(&bob), "{what} reached bob");
        assert!(bob.closed.is_none(), "{what} disturbed bob");
    }
    // Nothing of it was stored: a newcomer loads clean, and the room still relays.
    let fresh = join(&server, "alice", 399).await;
    assert!(!planted(&fresh));
    bob.write(|txn, elements, _| put_element(txn, elements, "ok", "b"))
        .await;
    let mut fresh = fresh;
    assert!(fresh.until(SOON, |p| p.has_element("ok")).await);
}

/// Writes one comment message entry with `text`, as a raw client could.
fn put_comment(txn: &mut yrs::TransactionMut, id: &str, text: &str) {
    use yrs::WriteTxn;
    let messages = txn.get_or_insert_map("comment_messages");
    let map = messages.insert(txn, id, MapPrelim::default());
    map.insert(txn, "thread", "th1");
    map.insert(txn, "author", "mallory");
    map.insert(txn, "author_name", "Mallory");
    map.insert(txn, "text", text);
    map.insert(txn, "at", 1.0);
}

fn has_comment(peer: &Peer, id: &str) -> bool {
    let messages = peer.doc.get_or_insert_map("comment_messages");
    let txn = peer.doc.transact();
    messages.get(&txn, id).is_some()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_of_a_megabyte_is_refused_and_a_short_one_relayed() {
    let dir = tempfile::tempdir().expect("dir");
    let config = RoomConfig {
        max_frame_bytes: 4 * 1024 * 1024,
        ..config()
    };
    let server = serve(dir.path(), config).await;
    let mut bob = join(&server, "bob", 202).await;
    let mut mallory = join(&server, "alice", 301).await;
    let huge = "x".repeat(1024 * 1024);
    mallory
        .write(|txn, _, _| put_comment(txn, "m1", &huge))
        .await;
    let (code, reason) = mallory.close_frame(SOON).await.expect("closed");
    assert_eq!(code, 4422, "{reason}");
    assert!(reason.contains("message"), "{reason}");
    bob.listen(QUIET).await;
    assert!(!has_comment(&bob, "m1"), "the megabyte reached bob");
    let mut alice = join(&server, "alice", 302).await;
    alice
        .write(|txn, _, _| put_comment(txn, "m2", "Looks good"))
        .await;
    assert!(bob.until(SOON, |p| has_comment(p, "m2")).await);
    assert!(!has_comment(&bob, "m1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cycle_of_parents_is_repaired_the_same_on_every_side() {
    // A cycle that needs a parent written earlier is what two concurrent moves legitimately
    // make, so the engine cannot refuse it without cutting an honest peer off: every replica
    // repairs it by the same rule (state.rs) instead. (One written whole in one update is
    // refused: see ATTACKS.) A raw client closing one in a second update is accepted, and
    // every engine loading the room shows a tree without a cycle.
    let dir = tempfile::tempdir().expect("dir");
    let server = serve(dir.path(), config()).await;
    let mut mallory = join(&server, "alice", 501).await;
    mallory
        .write(|txn, elements, _| {
            put_element(txn, elements, "c1", "b");
            put_element(txn, elements, "c2", "c1");
        })
        .await;
    mallory
        .write(|txn, elements, _| {
            element_map(txn, elements, "c1").insert(txn, "parent", "c2");
        })
        .await;
    let mut bob = join(&server, "bob", 502).await;
    assert!(
        bob.until(SOON, |p| p.parent_of("c1").as_deref() == Some("c2"))
            .await
    );
    let whole = bob
        .doc
        .transact()
        .encode_state_as_update_v1(&yrs::StateVector::default());
    let mut engine = Engine::new(EngineOptions::deterministic(9));
    engine.load(&whole).expect("loads");
    engine
        .state()
        .check_invariants()
        .expect("a tree without a cycle");
    let _ = yrs::Update::decode_v1(&whole).expect("decodes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_receives_but_its_updates_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let server = serve(dir.path(), config()).await;
    let mut alice = join(&server, "alice", 601).await;
    let mut vera = join(&server, "vera", 602).await;
    assert!(vera.has_element("t"), "a viewer loads the document");
    alice
        .write(|txn, elements, _| put_element(txn, elements, "from-alice", "b"))
        .await;
    assert!(
        vera.until(SOON, |p| p.has_element("from-alice")).await,
        "a viewer receives"
    );

    // Alice overwrites a field (a deletion in Yjs); a viewer's sync step 2 then carries it
    // back, as y-websocket sends on every reconnect: that is no write.
    alice
        .write(|txn, elements, _| {
            element_map(txn, elements, "from-alice").insert(txn, "name", "Renamed");
        })
        .await;
    alice
        .write(|txn, elements, _| {
            element_map(txn, elements, "from-alice").insert(txn, "name", "Renamed again");
        })
        .await;
    assert!(
        vera.until(SOON, |p| p.name_of("from-alice").as_deref()
            == Some("Renamed again"))
            .await
    );
    let step2 = vera
        .doc
        .transact()
        .encode_state_as_update_v1(&vera.doc.transact().state_vector());
    assert_ne!(
        step2,
        vec![0, 0],
        "the viewer's step 2 carries a delete set"
    );
    vera.send(yrs::sync::Message::Sync(yrs::sync::SyncMessage::SyncStep2(step2)).encode_v1())
        .await;
    vera.listen(QUIET).await;
    assert!(
        vera.closed.is_none(),
        "a step 2 with nothing new is accepted from a viewer"
    );

    vera.write(|txn, elements, _| put_element(txn, elements, "from-vera", "b"))
        .await;
    let (code, reason) = vera.close_frame(SOON).await.expect("closed");
    assert_eq!(code, 4403, "{reason}");
    assert!(reason.contains("read-only"), "{reason}");
    alice.listen(QUIET).await;
    assert!(!alice.has_element("from-vera"));
    assert!(alice.closed.is_none());
    let fresh = join(&server, "bob", 603).await;
    assert!(!fresh.has_element("from-vera"), "not stored");
}

async fn refused_status(server: &Server, project: &str, token: Option<&str>) -> u16 {
    match Peer::join(server.addr, project, token, 1).await {
        Err(tungstenite::Error::Http(response)) => {
            let body = response.body().as_deref().unwrap_or_default();
            let body: serde_json::Value = serde_json::from_slice(body).expect("json body");
            assert!(body["code"].is_string(), "{body}");
            response.status().as_u16()
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("joined {project} with {token:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_valid_token_the_upgrade_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let server = serve(dir.path(), config()).await;
    assert_eq!(refused_status(&server, "p1", None).await, 401);
    assert_eq!(refused_status(&server, "p1", Some("mallory")).await, 401);
    // A member of p1 is not one of p2; the answer does not tell whether p2 exists.
    assert_eq!(refused_status(&server, "p2", Some("alice")).await, 404);
    assert_eq!(
        refused_status(&server, "..%2Fetc", Some("alice")).await,
        404
    );
    assert!(
        server.rooms.loaded().is_empty(),
        "a refused join loads nothing"
    );
}

/// One awareness message setting `n` clients' presence.
fn many_presences(n: u64) -> Vec<u8> {
    use yrs::sync::awareness::{AwarenessUpdate, AwarenessUpdateEntry};
    use yrs::updates::encoder::Encode;
    let clients = (1..=n)
        .map(|id| {
            let entry = AwarenessUpdateEntry {
                clock: 1,
                json: "{}".into(),
            };
            (yrs::block::ClientID::new(5000 + id), entry)
        })
        .collect();
    yrs::sync::Message::Awareness(AwarenessUpdate { clients }).encode_v1()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_oversized_frames_close_their_sender_only() {
    let dir = tempfile::tempdir().expect("dir");
    let server = serve(dir.path(), config()).await;
    let mut bob = join(&server, "bob", 702).await;
    let cases: [(&str, Vec<u8>, u16); 5] = [
        ("a truncated update", vec![0, 2, 10, 1, 2], 1007),
        ("an unknown sync step", vec![0, 9, 0], 1007),
        (
            "an update that does not decode",
            vec![0, 2, 3, 200, 200, 200],
            4422,
        ),
        ("a frame over 1 MiB", vec![0; 1024 * 1024 + 1], 1009),
        ("presence states for 100 clients", many_presences(100), 1008),
    ];
    for (i, (what, frame, expected)) in cases.into_iter().enumerate() {
        let mut mallory = join(&server, "alice", 710 + i as u64).await;
        mallory.send(frame).await;
        let closed = mallory.close_frame(SOON).await;
        assert_eq!(
            closed.as_ref().map(|c| c.0),
            Some(expected),
            "{what}: {closed:?}"
        );
        bob.write(|txn, elements, _| put_element(txn, elements, &format!("after{i}"), "b"))
            .await;
        let mut check = join(&server, "alice", 720 + i as u64).await;
        let id = format!("after{i}");
        assert!(check.until(SOON, |p| p.has_element(&id)).await, "{what}");
        assert!(bob.closed.is_none(), "{what} disturbed bob");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_room_unloads_and_reloads_from_storage() {
    let dir = tempfile::tempdir().expect("dir");
    let server = serve(dir.path(), config()).await;
    {
        let mut alice = join(&server, "alice", 801).await;
        alice
            .write(|txn, elements, _| put_element(txn, elements, "kept", "b"))
            .await;
        // Stored before relayed: once bob sees it, it is on disk.
        let mut bob = join(&server, "bob", 802).await;
        assert!(bob.until(SOON, |p| p.has_element("kept")).await);
    }
    assert_eq!(server.rooms.loaded(), vec!["p1".to_owned()]);
    let unloaded = async {
        while !server.rooms.loaded().is_empty() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(SOON, unloaded)
        .await
        .expect("unloads when idle");
    assert!(dir.path().join("p1.ysnap").is_file(), "compacted on unload");

    let carol = join(&server, "bob", 803).await;
    assert!(
        carol.has_element("kept") && carol.has_element("t"),
        "reloaded"
    );
}

/// An update as an earlier server stored it, before remote pictures were refused: the text `t`
/// gets a background from another site and a colour.
fn stored_before_a_rule_tightened() -> Vec<u8> {
    let doc = yrs::Doc::with_client_id(55);
    let elements = doc.get_or_insert_map("elements");
    doc.transact_mut()
        .apply_update(yrs::Update::decode_v1(&project_document()).expect("decode"))
        .expect("apply");
    let before = doc.transact().state_vector();
    {
        let mut txn = doc.transact_mut();
        let text = element_map(&txn, &elements, "t");
        let styles = text.insert(&mut txn, "styles", MapPrelim::default());
        styles.insert(
            &mut txn,
            "base|background-image",
            "url(https://cdn.example.com/a.png)",
        );
        styles.insert(&mut txn, "base|color", "#123456");
    }
    let update = doc.transact().encode_state_as_update_v1(&before);
    update
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_value_refused_since_is_left_out_and_the_rest_of_its_update_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let log = FileLog::open(dir.path()).expect("log");
    log.append_update("p1", &project_document())
        .await
        .expect("seed");
    log.append_update("p1", &stored_before_a_rule_tightened())
        .await
        .expect("the old update");
    let server = serve(dir.path(), config()).await;
    let alice = join(&server, "alice", 1001).await;
    assert_eq!(
        alice.style_of("t", "base|color").as_deref(),
        Some("#123456")
    );
    assert_eq!(alice.style_of("t", "base|background-image"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_compacts_every_n_updates_and_a_new_server_reads_it_back() {
    let dir = tempfile::tempdir().expect("dir");
    {
        let server = serve(
            dir.path(),
            RoomConfig {
                compact_after_updates: 3,
                ..config()
            },
        )
        .await;
        let mut alice = join(&server, "alice", 901).await;
        let mut bob = join(&server, "bob", 902).await;
        for i in 0..7 {
            alice
                .write(|txn, elements, _| put_element(txn, elements, &format!("e{i}"), "b"))
                .await;
        }
        assert!(bob.until(SOON, |p| p.has_element("e6")).await);
        // The periodic compaction runs beside the room: give it a moment.
        let snapshot = dir.path().join("p1.ysnap");
        let deadline = tokio::time::Instant::now() + SOON;
        while !snapshot.is_file() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(snapshot.is_file(), "compacted");
    }
    // Another server over the same folder, as after a restart.
    let server = serve(dir.path(), config()).await;
    let carol = join(&server, "bob", 903).await;
    assert!((0..7).all(|i| carol.has_element(&format!("e{i}"))));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_does_not_read_is_dropped_without_holding_up_the_room() {
    let dir = tempfile::tempdir().expect("dir");
    let server = serve(
        dir.path(),
        RoomConfig {
            send_queue: 8,
            ..config()
        },
    )
    .await;
    let mut lazy = join(&server, "bob", 1101).await;
    let mut alice = join(&server, "alice", 1102).await;
    let mut bob = join(&server, "bob", 1103).await;
    // 40 presence states of 400 KB each reach every client (16 MB): far more than the lazy
    // client's socket buffers and queue hold, while alice and bob keep reading.
    let big = format!(r#"{{"cursor":"{}"}}"#, "x".repeat(400 * 1024));
    let started = std::time::Instant::now();
    for clock in 1..=40 {
        alice.send_awareness(clock, &big).await;
        alice.listen(Duration::from_millis(20)).await;
        bob.listen(Duration::from_millis(5)).await;
    }
    alice
        .write(|txn, elements, _| put_element(txn, elements, "still-moving", "b"))
        .await;
    assert!(
        bob.until(SOON, |p| p.has_element("still-moving")).await,
        "the room goes on"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(alice.closed.is_none() && bob.closed.is_none());
    // The lazy client finds its queued frames, then the close.
    let closed = lazy.close_frame(Duration::from_secs(20)).await;
    assert_eq!(closed.map(|c| c.0), Some(1013));
}

/// Two nodes (two servers, each its own rooms) joined through the machine's Redis; each node
/// has its own file log here, so both rooms are loaded before the edits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_on_two_nodes_converge_through_redis() {
    let url =
        std::env::var("OMNIOS_TEST_REDIS").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    // A channel prefix of this run's own: other tests and servers may share the broker.
    let prefix = format!(
        "omnios-test-{}-{}:",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    let (dir_a, dir_b) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    let a = serve(dir_a.path(), config()).await;
    let b = serve(dir_b.path(), config()).await;
    a.rooms
        .fan_out_through_redis(&url, &prefix)
        .await
        .expect("redis for node a");
    b.rooms
        .fan_out_through_redis(&url, &prefix)
        .await
        .expect("redis for node b");

    let mut alice = join(&a, "alice", 1001).await;
    let mut bob = join(&b, "bob", 1002).await;
    alice
        .write(|txn, elements, _| put_element(txn, elements, "from-a", "b"))
        .await;
    assert!(
        bob.until(SOON, |p| p.has_element("from-a")).await,
        "node b relays node a's edit"
    );
    bob.write(|txn, elements, _| put_element(txn, elements, "from-b", "from-a"))
        .await;
    assert!(
        alice.until(SOON, |p| p.has_element("from-b")).await,
        "and back"
    );

    // A refused update on one node reaches no node.
    let mut mallory = join(&a, "alice", 1003).await;
    mallory
        .write(|txn, elements, _| put_element(txn, elements, "x,*", "b"))
        .await;
    assert_eq!(mallory.close_frame(SOON).await.map(|c| c.0), Some(4422));
    bob.listen(QUIET).await;
    assert!(!bob.has_element("x,*"));
}
