//! The project every fuzz input runs against: one page with a small tree whose ids are fixed,
//! so the dictionary can name them.
//!
//! ```text
//! page "home" → body "1_0" → section "s1" → container "c1" → text "t1", image "i1", button "b1"
//!                          → container "c2"
//! ```

use std::collections::BTreeMap;

use omnios_engine::{Command, ElementId, ElementKind, Engine, EngineOptions, PageId};

fn create(engine: &mut Engine, id: &str, kind: ElementKind, parent: &str, content: Option<&str>) {
    let command = Command::CreateElement {
        id: Some(ElementId(id.into())),
        kind,
        parent: ElementId(parent.into()),
        index: None,
        name: None,
        tag: None,
        content: content.map(str::to_owned),
        props: BTreeMap::new(),
        styles: BTreeMap::new(),
    };
    if let Err(e) = engine.commit(command) {
        panic!("fuzz setup: creating {id} was refused: {e}");
    }
}

/// A deterministic engine (client 1) holding the project, with no undo history.
pub fn engine() -> Engine {
    let mut engine = Engine::new(EngineOptions::deterministic(1));
    let page = Command::CreatePage {
        id: Some(PageId("home".into())),
        name: "Home".into(),
        slug: None,
        title: None,
        description: None,
        index: None,
    };
    if let Err(e) = engine.commit(page) {
        panic!("fuzz setup: creating the page was refused: {e}");
    }
    create(&mut engine, "s1", ElementKind::Section, "1_0", None);
    create(&mut engine, "c1", ElementKind::Container, "s1", None);
    create(
        &mut engine,
        "t1",
        ElementKind::Text,
        "c1",
        Some("Hello world"),
    );
    create(&mut engine, "i1", ElementKind::Image, "c1", None);
    create(&mut engine, "b1", ElementKind::Button, "c1", Some("Buy"));
    create(&mut engine, "c2", ElementKind::Container, "1_0", None);
    engine.clear_history();
    let _ = engine.take_deltas();
    let _ = engine.take_local_updates();
    engine
}

/// The document's bytes.
pub fn doc(engine: &Engine) -> Vec<u8> {
    match engine.encode_state_as_update(&[]) {
        Ok(bytes) => bytes,
        Err(e) => panic!("encoding the whole document failed: {e}"),
    }
}

/// The tree's invariants; panics (a finding) when one breaks.
pub fn check(engine: &Engine, after: &str) {
    if let Err(e) = engine.state().check_invariants() {
        panic!("invariant broken after {after}: {e}");
    }
}

/// `data` as a peer's update to a fresh project: a refusal must leave the document byte for
/// byte as it was, and the tree keeps its invariants either way. Returns the engine.
pub fn apply_as_update(data: &[u8]) -> Engine {
    let mut engine = engine();
    let before = doc(&engine);
    if let Err(e) = engine.apply_update(data) {
        assert!(
            doc(&engine) == before,
            "apply_update refused ({e}) but changed the document"
        );
    }
    check(&engine, "apply_update");
    engine
}

/// `data` as a saved version restored on a fresh project, with the same guarantees as
/// [`apply_as_update`].
pub fn restore_as_version(data: &[u8]) -> Engine {
    let mut engine = engine();
    let before = doc(&engine);
    if let Err(e) = engine.restore(data) {
        assert!(
            doc(&engine) == before,
            "restore refused ({e}) but changed the document"
        );
    }
    check(&engine, "restore");
    engine
}
