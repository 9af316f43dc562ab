//! What the engine's integration tests share: a raw Yjs peer, free to write anything yrs
//! allows, to send the engine what no command could.

#![allow(dead_code)] // each test file uses what it needs

use omnios_engine::{CommentCommand, ElementId, Engine, EngineOptions, PageId, Snapshot};
use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, StateVector, Transact};

/// The engine's whole document as one update.
pub fn doc_bytes(engine: &Engine) -> Vec<u8> {
    engine.encode_state_as_update(&[]).expect("encode")
}

/// A raw peer (Yjs client 77) holding the engine's document.
pub fn raw_peer(engine: &Engine) -> Doc {
    let doc = Doc::with_client_id(77);
    let update = yrs::Update::decode_v1(&doc_bytes(engine)).expect("decode");
    doc.transact_mut().apply_update(update).expect("apply");
    doc
}

/// What the raw peer wrote since it copied `engine`, as one update.
pub fn diff(raw: &Doc, engine: &Engine) -> Vec<u8> {
    let sv = StateVector::decode_v1(&engine.encode_state_vector()).expect("sv");
    raw.transact().encode_state_as_update_v1(&sv)
}

/// A project: one page `home`, body `b`, a text `t` in it; Yjs client `client`.
pub fn text_page(client: u64) -> Engine {
    let snapshot = serde_json::json!({"format": "omnios", "version": 1,
    "pages": [{"id": "home", "name": "Home", "slug": "", "title": "Home", "description": "",
               "order": "a0", "root": "b"}],
    "elements": [
        {"id": "b", "kind": "body", "page": "home", "parent": null, "order": "a0", "name": "Body"},
        {"id": "t", "kind": "text", "page": "home", "parent": "b", "order": "a0", "tag": "p", "content": "Hi"}
    ]});
    let snapshot = Snapshot::from_json(&snapshot.to_string()).expect("snapshot");
    Engine::from_snapshot(EngineOptions::deterministic(client), &snapshot).expect("project")
}

/// A comment thread pinned to the text `t` of [`text_page`].
pub fn start_thread(text: &str) -> CommentCommand {
    CommentCommand::StartThread {
        id: None,
        page: PageId("home".into()),
        element: Some(ElementId("t".into())),
        x: 4.0,
        y: 2.0,
        text: text.into(),
        mentions: Vec::new(),
    }
}
