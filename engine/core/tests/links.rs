//! Section anchors, links that open a new tab and a page's social image: what a command may
//! write, and the same checks on a peer's update (form only where two honest peers can clash).

mod common;

use common::{diff, doc_bytes, raw_peer};
use omnios_engine::{
    ElementId, Engine, EngineError, EngineOptions, PageId, Scalar, Snapshot, SourceProblem,
};
use serde_json::{json, Value};
use yrs::{Map, Out, Transact};

const HERO: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const FONT: &str = "2222222222222222222222222222222222222222222222222222222222222222";

/// Two pages, `home` (body `b`, sections `s1`, `s2`) and `about` (body `b2`, section `s3`), a
/// link `l` on home, an image and a font in the library.
fn project() -> Engine {
    let snapshot = json!({"format": "omnios", "version": 1,
    "pages": [
        {"id": "home", "name": "Home", "slug": "", "order": "a0", "root": "b"},
        {"id": "about", "name": "About", "slug": "about", "order": "a1", "root": "b2"}],
    "elements": [
        {"id": "b", "kind": "body", "page": "home", "parent": null, "order": "a0"},
        {"id": "s1", "kind": "section", "page": "home", "parent": "b", "order": "a0"},
        {"id": "s2", "kind": "section", "page": "home", "parent": "b", "order": "a1"},
        {"id": "l", "kind": "link", "page": "home", "parent": "b", "order": "a2", "content": "Go"},
        {"id": "b2", "kind": "body", "page": "about", "parent": null, "order": "a0"},
        {"id": "s3", "kind": "section", "page": "about", "parent": "b2", "order": "a0"}],
    "assets": [
        {"id": HERO, "name": "hero.png", "mime": "image/png", "size": 10, "width": 1200, "height": 630},
        {"id": FONT, "name": "brand.woff2", "mime": "font/woff2", "size": 10}]});
    let snapshot = Snapshot::from_json(&snapshot.to_string()).expect("snapshot");
    Engine::from_snapshot(EngineOptions::deterministic(1), &snapshot).expect("project")
}

fn cmd(engine: &mut Engine, command: Value) -> Result<(), EngineError> {
    engine.commit_json(&command.to_string()).map(|_| ())
}

/// The command is refused and the document is exactly as before.
fn refused(engine: &mut Engine, command: Value) -> EngineError {
    let before = doc_bytes(engine);
    let err = cmd(engine, command.clone()).expect_err(&command.to_string());
    assert_eq!(doc_bytes(engine), before, "{command}: the document changed");
    err
}

fn anchor(id: &str, anchor: Value) -> Value {
    json!({"type": "update_props", "id": id, "set": {"anchor": anchor}})
}

fn prop(engine: &Engine, id: &str, key: &str) -> Option<Scalar> {
    engine.state().elements[&ElementId(id.into())]
        .props
        .get(key)
        .cloned()
}

fn page_image(engine: &Engine, page: &str) -> Option<String> {
    engine.state().pages[&PageId(page.into())].image.clone()
}

#[test]
fn an_anchor_is_a_lowercase_name_unique_on_its_page() {
    let mut e = project();
    cmd(&mut e, anchor("s1", json!("pricing"))).expect("set");
    assert_eq!(
        prop(&e, "s1", "anchor"),
        Some(Scalar::Text("pricing".into()))
    );
    for bad in [
        "Pricing",
        "two words",
        "-x",
        "x-",
        "a--b",
        "x\"><script>",
        "a{}",
        "",
    ] {
        let err = refused(&mut e, anchor("s2", json!(bad)));
        assert!(
            matches!(&err, EngineError::InvalidValue { field, .. } if field == "anchor"),
            "{bad}: {err:?}"
        );
    }
    let err = refused(&mut e, anchor("s2", json!(42)));
    assert_eq!(err.code(), "invalid_value");
    // Taken on this page: refused, naming the element that has it.
    let err = refused(&mut e, anchor("s2", json!("pricing")));
    assert_eq!(
        err,
        EngineError::AnchorTaken {
            anchor: "pricing".into(),
            element: "s1".into()
        }
    );
    assert_eq!(err.code(), "anchor_taken");
    let err = refused(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": "b",
               "props": {"anchor": "pricing"}}),
    );
    assert_eq!(err.code(), "anchor_taken");
    // Setting the same anchor again on its own element is fine; another page may use it.
    cmd(&mut e, anchor("s1", json!("pricing"))).expect("again");
    cmd(&mut e, anchor("s3", json!("pricing"))).expect("other page");
    // Once removed, it is free again.
    cmd(&mut e, anchor("s1", Value::Null)).expect("remove");
    cmd(&mut e, anchor("s2", json!("pricing"))).expect("free");
}

#[test]
fn a_copy_beside_the_original_has_no_anchor_and_a_copied_page_keeps_them() {
    let mut e = project();
    cmd(&mut e, anchor("s1", json!("pricing"))).expect("set");
    let applied = e
        .commit_json(&json!({"type": "duplicate_elements", "ids": ["s1"]}).to_string())
        .expect("duplicate");
    let copy = applied.created.first().expect("a copy").clone();
    assert_eq!(prop(&e, copy.as_str(), "anchor"), None);
    let applied = e
        .commit_json(
            &json!({"type": "duplicate_page", "id": "home", "new_id": "home2"}).to_string(),
        )
        .expect("duplicate page");
    let _ = applied;
    let copied = e
        .state()
        .elements
        .values()
        .filter(|el| el.page == PageId("home2".into()))
        .filter(|el| el.props.get("anchor") == Some(&Scalar::Text("pricing".into())))
        .count();
    assert_eq!(copied, 1);
}

#[test]
fn a_link_opens_a_new_tab_with_blank_only() {
    let mut e = project();
    cmd(
        &mut e,
        json!({"type": "update_props", "id": "l", "set": {"href": "/about#pricing", "target": "_blank"}}),
    )
    .expect("new tab");
    for bad in ["_self", "_top", "evil", "_BLANK"] {
        let err = refused(
            &mut e,
            json!({"type": "update_props", "id": "l", "set": {"target": bad}}),
        );
        assert!(
            matches!(&err, EngineError::InvalidValue { field, .. } if field == "target"),
            "{bad}: {err:?}"
        );
    }
    // Only a link has a target.
    refused(
        &mut e,
        json!({"type": "update_props", "id": "s1", "set": {"target": "_blank"}}),
    );
}

#[test]
fn a_page_social_image_is_a_library_image_or_a_web_address() {
    let mut e = project();
    let set = |image: Value| json!({"type": "update_page", "id": "about", "image": image});
    cmd(&mut e, set(json!(format!("asset:{HERO}")))).expect("asset");
    assert_eq!(page_image(&e, "about"), Some(format!("asset:{HERO}")));
    cmd(&mut e, set(json!("https://cdn.example.com/card.png"))).expect("url");
    assert_eq!(
        page_image(&e, "about").as_deref(),
        Some("https://cdn.example.com/card.png")
    );
    let problem = |err: EngineError| match err {
        EngineError::InvalidSource { problem, field, .. } => {
            assert_eq!(field, "image");
            problem
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(
        problem(refused(&mut e, set(json!("javascript:alert(1)")))),
        SourceProblem::Scheme
    );
    assert_eq!(
        problem(refused(&mut e, set(json!("/card.png")))),
        SourceProblem::NotAddress
    );
    assert_eq!(
        problem(refused(&mut e, set(json!("data:image/png;base64,AAAA")))),
        SourceProblem::NotAddress
    );
    assert_eq!(
        problem(refused(&mut e, set(json!("https://x.test/a b.png")))),
        SourceProblem::BadCharacters
    );
    let missing = "3".repeat(64);
    assert_eq!(
        refused(&mut e, set(json!(format!("asset:{missing}")))).code(),
        "unknown_asset"
    );
    assert_eq!(
        refused(&mut e, set(json!(format!("asset:{FONT}")))).code(),
        "invalid_value"
    );
    // It survives a snapshot, and undo takes it back.
    let again =
        Engine::from_snapshot(EngineOptions::deterministic(2), &e.to_snapshot()).expect("reload");
    assert_eq!(
        page_image(&again, "about").as_deref(),
        Some("https://cdn.example.com/card.png")
    );
    assert!(e.undo());
    assert_eq!(page_image(&e, "about"), Some(format!("asset:{HERO}")));
    cmd(&mut e, set(Value::Null)).expect("remove");
    assert_eq!(page_image(&e, "about"), None);
}

/// What a raw peer writes into one element's props, sent to the engine.
fn peer_prop(e: &mut Engine, id: &str, key: &str, value: &str) -> Result<(), EngineError> {
    let raw = raw_peer(e);
    {
        let elements = raw.get_or_insert_map("elements");
        let mut txn = raw.transact_mut();
        let Some(Out::YMap(el)) = elements.get(&txn, id) else {
            panic!("no {id}");
        };
        let Some(Out::YMap(props)) = el.get(&txn, "props") else {
            panic!("no props on {id}");
        };
        props.insert(&mut txn, key, value);
    }
    let update = diff(&raw, e);
    e.apply_update(&update)
}

/// What a raw peer writes as a page's social image, sent to the engine.
fn peer_image(e: &mut Engine, page: &str, value: &str) -> Result<(), EngineError> {
    let raw = raw_peer(e);
    {
        let pages = raw.get_or_insert_map("pages");
        let mut txn = raw.transact_mut();
        let Some(Out::YMap(p)) = pages.get(&txn, page) else {
            panic!("no {page}");
        };
        p.insert(&mut txn, "image", value);
    }
    let update = diff(&raw, e);
    e.apply_update(&update)
}

#[test]
fn a_peers_anchor_target_and_social_image_meet_the_same_checks() {
    for (what, key, value) in [
        (
            "an anchor that breaks out of the id",
            "anchor",
            "x\" onclick=\"alert(1)",
        ),
        ("an anchor with a selector", "anchor", "a, body"),
        ("an upper-case anchor", "anchor", "Pricing"),
    ] {
        let mut e = project();
        let before = doc_bytes(&e);
        assert!(peer_prop(&mut e, "s1", key, value).is_err(), "{what}");
        assert_eq!(doc_bytes(&e), before, "{what}: the document changed");
    }
    let mut e = project();
    let before = doc_bytes(&e);
    assert!(peer_prop(&mut e, "l", "target", "_self").is_err());
    assert_eq!(doc_bytes(&e), before);
    for bad in [
        "javascript:alert(1)",
        "/card.png",
        "data:image/png;base64,AAAA",
        "https://x.test/\"><script>",
    ] {
        let mut e = project();
        let before = doc_bytes(&e);
        assert!(peer_image(&mut e, "about", bad).is_err(), "{bad}");
        assert_eq!(doc_bytes(&e), before, "{bad}: the document changed");
    }
    // Forms only: a peer may name an anchor another section has (two people at once) and an
    // image a collaborator has just removed from the library.
    let mut e = project();
    cmd(&mut e, anchor("s1", json!("faq"))).expect("set");
    peer_prop(&mut e, "s2", "anchor", "faq").expect("same anchor from a peer");
    peer_prop(&mut e, "l", "target", "_blank").expect("new tab from a peer");
    let missing = format!("asset:{}", "3".repeat(64));
    peer_image(&mut e, "about", &missing).expect("an image removed meanwhile");
    assert_eq!(page_image(&e, "about"), Some(missing));
}
