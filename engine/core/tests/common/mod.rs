//! What the engine's integration tests share: a raw Yjs peer, free to write anything yrs
//! allows, to send the engine what no command could.

#![allow(dead_code)] // each test file uses what it needs

use omnios_engine::{
    Applied, CommentCommand, ElementId, Engine, EngineError, EngineOptions, PageId, Snapshot,
};
use serde_json::Value;
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

/// A project for command tests: one page `home` with its body; Yjs client `client`; no undo
/// history, deltas or updates pending.
pub struct Project {
    pub engine: Engine,
    pub body: ElementId,
}

impl Project {
    pub fn new(client: u64) -> Self {
        let mut engine = Engine::new(EngineOptions::deterministic(client));
        let page = engine
            .commit_json(r#"{"type":"create_page","id":"home","name":"Home"}"#)
            .expect("page")
            .created_pages[0]
            .clone();
        let body = engine.state().pages[&page].root.clone();
        engine.clear_history();
        engine.take_deltas();
        engine.take_local_updates();
        Self { engine, body }
    }

    /// A second peer holding the same document.
    pub fn peer(&self, client: u64) -> Self {
        let mut engine = Engine::new(EngineOptions::deterministic(client));
        engine.load(&self.bytes()).expect("load");
        engine.take_deltas();
        Self {
            engine,
            body: self.body.clone(),
        }
    }

    pub fn cmd(&mut self, command: Value) -> Result<Applied, EngineError> {
        self.engine.commit_json(&command.to_string())
    }

    pub fn ok(&mut self, command: Value) -> Applied {
        self.cmd(command.clone())
            .unwrap_or_else(|e| panic!("{command}: {e}"))
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.engine.encode_state_as_update(&[]).expect("encode")
    }

    pub fn snapshot(&self) -> String {
        self.engine.to_snapshot().to_json()
    }

    /// Runs a command that must be refused and checks nothing changed.
    pub fn refused(&mut self, command: Value) -> EngineError {
        let before = self.bytes();
        let err = self.cmd(command.clone()).expect_err(&command.to_string());
        assert_eq!(
            self.bytes(),
            before,
            "{command}: a refusal changed the document"
        );
        err
    }

    /// Runs a command, then checks undo gives back the document before it and redo the one
    /// after.
    pub fn check_undo(&mut self, command: Value) -> Applied {
        let before = self.snapshot();
        let applied = self.ok(command.clone());
        let after = self.snapshot();
        assert_ne!(before, after, "{command} changed nothing");
        assert!(self.engine.undo(), "{command}: nothing to undo");
        assert_eq!(self.snapshot(), before, "{command}: undo");
        assert!(self.engine.redo(), "{command}: nothing to redo");
        assert_eq!(self.snapshot(), after, "{command}: redo");
        applied
    }
}
