//! Hostile input through every way in: a peer's update, a loaded document, a snapshot and
//! commands. Whatever a command could not write is refused whole with a typed error and the
//! document stays byte for byte as it was; nothing panics; nesting is capped.

mod common;

use common::{diff, doc_bytes, raw_peer};
use std::collections::BTreeMap;

use omnios_engine::{
    Command, ElementId, ElementKind, Engine, EngineError, EngineOptions, Snapshot, MAX_BATCH,
    MAX_DEPTH,
};
use serde_json::json;
use yrs::types::map::MapPrelim;
use yrs::{Any, Map, MapRef, ReadTxn, StateVector, Transact, TransactionMut};

/// A project: one page, body `b`, a text `t` and a link `l` in it.
fn project() -> Engine {
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
    Engine::from_snapshot(EngineOptions::deterministic(1), &snapshot).expect("project")
}

fn element_map(txn: &TransactionMut, elements: &MapRef, id: &str) -> MapRef {
    match elements.get(txn, id) {
        Some(yrs::Out::YMap(m)) => m,
        _ => panic!("no element {id}"),
    }
}

/// Writes a whole element entry as the engine would, with `extra` fields on top.
fn put_element(
    txn: &mut TransactionMut,
    elements: &MapRef,
    id: &str,
    parent: &str,
    extra: &[(&str, Any)],
) {
    let map = elements.insert(txn, id, MapPrelim::default());
    map.insert(txn, "kind", "container");
    map.insert(txn, "page", "home");
    map.insert(txn, "parent", parent);
    map.insert(txn, "order", "a5");
    map.insert(txn, "props", MapPrelim::default());
    map.insert(txn, "styles", MapPrelim::default());
    for (key, value) in extra {
        map.insert(txn, *key, value.clone());
    }
}

type Attack = (&'static str, fn(&mut TransactionMut, &MapRef, &MapRef));

const ATTACKS: &[Attack] = &[
    ("an id that escapes a CSS selector", |txn, elements, _| {
        put_element(txn, elements, "x,*", "b", &[]);
    }),
    (
        "a style value that adds a declaration and fetches",
        |txn, elements, _| {
            let t = element_map(txn, elements, "t");
            let styles = t.insert(txn, "styles", MapPrelim::default());
            styles.insert(
                txn,
                "base|background-image",
                "url(https://evil.example/beacon); position: fixed",
            );
        },
    ),
    (
        "a style that loads from another site",
        |txn, elements, _| {
            let t = element_map(txn, elements, "t");
            let styles = t.insert(txn, "styles", MapPrelim::default());
            styles.insert(
                txn,
                "base|background-image",
                "url(https://tracker.example/pixel.png)",
            );
        },
    ),
    ("an event handler prop", |txn, elements, _| {
        let t = element_map(txn, elements, "l");
        let props = t.insert(txn, "props", MapPrelim::default());
        props.insert(txn, "onclick", "alert(1)");
    }),
    ("a script link", |txn, elements, _| {
        let t = element_map(txn, elements, "l");
        let props = t.insert(txn, "props", MapPrelim::default());
        props.insert(txn, "href", "javascript:alert(1)");
    }),
    ("an unknown field", |txn, elements, _| {
        element_map(txn, elements, "t").insert(txn, "onload", "x");
    }),
    ("an element that is not a map", |txn, elements, _| {
        elements.insert(txn, "y", "surprise");
    }),
    ("a name with a terminal escape", |txn, elements, _| {
        element_map(txn, elements, "t").insert(txn, "name", "\u{1b}]0;owned\u{7}");
    }),
    ("an unknown kind", |txn, elements, _| {
        element_map(txn, elements, "t").insert(txn, "kind", "iframe");
    }),
    ("a tag the kind does not take", |txn, elements, _| {
        element_map(txn, elements, "t").insert(txn, "tag", "script");
    }),
    ("a malformed order key", |txn, elements, _| {
        element_map(txn, elements, "t").insert(txn, "order", "zz top");
    }),
    ("a page slug that climbs out", |txn, _, pages| {
        if let Some(yrs::Out::YMap(home)) = pages.get(txn, "home") {
            home.insert(txn, "slug", "../../etc");
        }
    }),
    ("a page title with control characters", |txn, _, pages| {
        if let Some(yrs::Out::YMap(home)) = pages.get(txn, "home") {
            home.insert(txn, "title", "a\u{0}b");
        }
    }),
    ("a chain nested past the limit", |txn, elements, _| {
        let mut parent = "b".to_owned();
        for i in 0..=MAX_DEPTH {
            let id = format!("n{i}");
            put_element(txn, elements, &id, &parent, &[]);
            parent = id;
        }
    }),
];

#[test]
fn a_peers_update_writing_what_no_command_could_is_refused_whole() {
    for (what, attack) in ATTACKS {
        let mut engine = project();
        let before = doc_bytes(&engine);
        let raw = raw_peer(&engine);
        {
            let elements = raw.get_or_insert_map("elements");
            let pages = raw.get_or_insert_map("pages");
            let mut txn = raw.transact_mut();
            attack(&mut txn, &elements, &pages);
        }
        let update = diff(&raw, &engine);
        let err = engine.apply_update(&update).expect_err(what);
        assert!(
            matches!(
                err,
                EngineError::InvalidUpdate { .. }
                    | EngineError::InvalidId { .. }
                    | EngineError::InvalidValue { .. }
                    | EngineError::InvalidSource { .. }
                    | EngineError::TooDeep { .. }
            ),
            "{what}: {err:?}"
        );
        assert_eq!(doc_bytes(&engine), before, "{what}: the document changed");
        assert!(engine.element(&ElementId("x,*".into())).is_none());
        // The same bytes are refused again, and an honest peer's edit still arrives.
        assert!(
            engine.apply_update(&update).is_err(),
            "{what}: accepted the second time"
        );
        let mut honest = project();
        honest
            .commit(Command::RenameElement {
                id: ElementId("t".into()),
                name: "Fine".into(),
            })
            .expect("rename");
        for u in honest.take_local_updates() {
            engine
                .apply_update(&u)
                .unwrap_or_else(|e| panic!("{what}: honest update refused: {e}"));
        }
        assert_eq!(
            engine
                .element(&ElementId("t".into()))
                .map(|e| e.name.as_str()),
            Some("Fine")
        );
    }
}

#[test]
fn a_cycle_of_parents_written_in_one_update_is_refused() {
    // Two new elements each other's parent, an element its own parent, and two existing
    // elements moved into each other at once: no command writes any of these, and no honest
    // peer sends them (its own parents never form a cycle in its own document).
    type Write = fn(&mut TransactionMut, &MapRef);
    let attacks: [(&str, Write); 3] = [
        ("two new elements", |txn, elements| {
            put_element(txn, elements, "c1", "c2", &[]);
            put_element(txn, elements, "c2", "c1", &[]);
        }),
        ("an element its own parent", |txn, elements| {
            element_map(txn, elements, "t").insert(txn, "parent", "t");
        }),
        ("two existing elements into each other", |txn, elements| {
            put_element(txn, elements, "c1", "b", &[]);
            put_element(txn, elements, "c2", "b", &[]);
        }),
    ];
    for (what, attack) in attacks {
        let mut engine = project();
        let raw = raw_peer(&engine);
        let elements = raw.get_or_insert_map("elements");
        attack(&mut raw.transact_mut(), &elements);
        if what == "two existing elements into each other" {
            // First the two elements arrive, honestly; then one update moves both.
            engine
                .apply_update(&diff(&raw, &engine))
                .expect("two containers");
            let mut txn = raw.transact_mut();
            element_map(&txn, &elements, "c1").insert(&mut txn, "parent", "c2");
            element_map(&txn, &elements, "c2").insert(&mut txn, "parent", "c1");
        }
        let before = doc_bytes(&engine);
        let err = engine.apply_update(&diff(&raw, &engine)).expect_err(what);
        assert!(
            matches!(err, EngineError::WouldCreateCycle { .. }),
            "{what}: {err:?}"
        );
        assert_eq!(doc_bytes(&engine), before, "{what}: the document changed");
        engine.state().check_invariants().expect("still a tree");
    }
}

#[test]
fn a_saved_document_holding_what_no_command_could_write_does_not_load() {
    for (what, attack) in ATTACKS {
        let raw = raw_peer(&project());
        {
            let elements = raw.get_or_insert_map("elements");
            let pages = raw.get_or_insert_map("pages");
            let mut txn = raw.transact_mut();
            attack(&mut txn, &elements, &pages);
        }
        let saved = raw
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        let mut engine = Engine::new(EngineOptions::deterministic(5));
        assert!(engine.load(&saved).is_err(), "{what}: loaded");
        assert!(
            engine.state().elements.is_empty() && engine.state().pages.is_empty(),
            "{what}"
        );
        // Restoring it as a version either refuses it, or (for a refused style or prop value,
        // which a version saved before a rule tightened may hold) leaves that value out: what
        // the document holds afterwards loads in a fresh engine, so nothing refused got in.
        let mut engine = project();
        if engine.restore(&saved).is_ok() {
            let mut fresh = Engine::new(EngineOptions::deterministic(6));
            fresh.load(&doc_bytes(&engine)).unwrap_or_else(|e| {
                panic!("{what}: restored with what no command could write: {e}")
            });
        }
    }
}

#[test]
fn a_root_the_document_does_not_have_is_refused() {
    let mut engine = project();
    let raw = raw_peer(&engine);
    raw.get_or_insert_map("evil")
        .insert(&mut raw.transact_mut(), "k", "v");
    let err = engine
        .apply_update(&diff(&raw, &engine))
        .expect_err("refused");
    assert!(err.to_string().contains("root"), "{err}");
}

/// Renames `t` to `name`, duplicates it and gives the copy's name.
fn copy_name_after_rename(engine: &mut Engine, name: &str) -> Option<String> {
    let t = ElementId("t".into());
    engine
        .commit(Command::RenameElement {
            id: t.clone(),
            name: name.to_owned(),
        })
        .expect("rename");
    let copy = engine
        .commit(Command::DuplicateElements { ids: vec![t] })
        .expect("duplicate")
        .created[0]
        .clone();
    engine.element(&copy).map(|e| e.name.clone())
}

#[test]
fn a_name_of_multibyte_characters_duplicates_without_panic() {
    let mut engine = project();
    let name = "€".repeat(100); // 100 characters, 300 bytes
    assert_eq!(
        copy_name_after_rename(&mut engine, &name),
        Some(format!("{name} 2"))
    );
    // At the limit the copy's name is cut to 256 characters, on a character boundary, keeping
    // its number.
    let long = "€".repeat(256);
    let copied = copy_name_after_rename(&mut engine, &long).unwrap_or_default();
    assert_eq!(copied.chars().count(), 256);
    assert!(copied.ends_with(" 2"), "{copied}");
}

#[test]
fn a_style_update_is_weighed_by_ids_times_properties() {
    let mut engine = project();
    let t = ElementId("t".into());
    let properties = [
        "width",
        "height",
        "color",
        "opacity",
        "margin-top",
        "padding-top",
    ];
    let set: BTreeMap<String, Option<omnios_engine::RawValue>> =
        properties.iter().map(|p| (p.to_string(), None)).collect();
    // One command naming the same element many times: few ids in the JSON, much work.
    let ids = vec![t; MAX_BATCH / properties.len() + 1];
    let before = doc_bytes(&engine);
    let err = engine
        .commit(Command::UpdateStyles {
            ids,
            slot: omnios_engine::Slot::BASE,
            set,
        })
        .expect_err("too much work");
    assert_eq!(err.code(), "payload_too_large", "{err}");
    assert_eq!(doc_bytes(&engine), before);
}

/// A command creating a container in `parent`, with the id given or a minted one.
fn container(id: Option<String>, parent: ElementId) -> Command {
    Command::CreateElement {
        id: id.map(ElementId),
        kind: ElementKind::Container,
        parent,
        index: None,
        name: None,
        tag: None,
        content: None,
        props: BTreeMap::new(),
        styles: BTreeMap::new(),
    }
}

fn create(engine: &mut Engine, parent: &ElementId) -> Result<ElementId, EngineError> {
    engine
        .commit(container(None, parent.clone()))
        .map(|a| a.created[0].clone())
}

#[test]
fn nesting_past_the_limit_is_refused_by_every_command() {
    let mut engine = project();
    let body = ElementId("b".into());
    let mut chain = vec![];
    let mut parent = body.clone();
    for _ in 0..MAX_DEPTH {
        parent = create(&mut engine, &parent).expect("within the limit");
        chain.push(parent.clone());
    }
    let err = create(&mut engine, &parent).expect_err("one too deep");
    assert_eq!(err.code(), "too_deep", "{err}");
    // Moving a two-level subtree under the deepest but one, or wrapping the deepest.
    let top = create(&mut engine, &body).expect("top");
    create(&mut engine, &top).expect("child");
    let err = engine
        .commit(Command::MoveElements {
            ids: vec![top],
            parent: chain[MAX_DEPTH - 2].clone(),
            index: None,
        })
        .expect_err("moved too deep");
    assert_eq!(err.code(), "too_deep", "{err}");
    let err = engine
        .commit(Command::Group {
            ids: vec![chain[MAX_DEPTH - 1].clone()],
            id: None,
        })
        .expect_err("wrapped too deep");
    assert_eq!(err.code(), "too_deep", "{err}");
    // Many nested creates in one batch stop at the limit with the same error.
    let batch: Vec<Command> = (0..200)
        .map(|i| {
            let parent = if i == 0 {
                "b".to_owned()
            } else {
                format!("deep{}", i - 1)
            };
            container(Some(format!("deep{i}")), ElementId(parent))
        })
        .collect();
    assert_eq!(
        engine.commit_batch(batch).expect_err("too deep").code(),
        "too_deep"
    );
}

#[test]
fn thousands_of_creates_in_one_batch_plan_and_apply() {
    let mut engine = project();
    let batch: Vec<Command> = (0..6000)
        .map(|i| container(Some(format!("c{i}")), ElementId("b".into())))
        .collect();
    engine.commit_batch(batch).expect("6,000 siblings");
    let children = engine.state().children(&ElementId("b".into()));
    assert_eq!(children.len(), 6002);
    assert_eq!(
        children.last(),
        Some(&ElementId("c5999".into())),
        "in the order created"
    );
}

/// The project's snapshot JSON with one change made by `edit`.
fn tampered(edit: impl FnOnce(&mut serde_json::Value)) -> Result<Engine, EngineError> {
    let mut value: serde_json::Value =
        serde_json::from_str(&project().to_snapshot().to_json()).expect("json");
    edit(&mut value);
    let snapshot = Snapshot::from_json(&value.to_string())?;
    Engine::from_snapshot(EngineOptions::deterministic(3), &snapshot)
}

#[test]
fn snapshots_are_checked_like_everything_else() {
    type Edit = fn(&mut serde_json::Value);
    let cases: &[(&str, Edit)] = &[
        ("a broken parent", |v| {
            v["elements"][1]["parent"] = json!("nowhere")
        }),
        ("a parent that is a text", |v| {
            v["elements"][2]["parent"] = json!("t")
        }),
        ("a second page with the same slug", |v| {
            let mut page = v["pages"][0].clone();
            page["id"] = json!("other");
            page["root"] = json!("b2");
            v["pages"].as_array_mut().expect("pages").push(page);
            v["elements"].as_array_mut().expect("elements").push(
                json!({"id": "b2", "kind": "body", "page": "other", "parent": null, "order": "a0"}),
            );
        }),
        ("a malformed slug", |v| {
            v["pages"][0]["slug"] = json!("a//b")
        }),
        ("a malformed order key", |v| {
            v["elements"][1]["order"] = json!("!!")
        }),
        ("a control character in a title", |v| {
            v["pages"][0]["title"] = json!("a\u{1b}[2Jb")
        }),
        ("an unknown tag", |v| {
            v["elements"][1]["tag"] = json!("marquee")
        }),
        ("an event handler prop", |v| {
            v["elements"][2]["props"]["onclick"] = json!("x")
        }),
        ("a script link", |v| {
            v["elements"][2]["props"]["href"] = json!("javascript:alert(1)")
        }),
        ("an id that escapes a selector", |v| {
            v["elements"][1]["id"] = json!("x,*")
        }),
        ("an element on no page", |v| {
            v["elements"][1]["page"] = json!("gone")
        }),
        ("a page whose root is not a body", |v| {
            v["pages"][0]["root"] = json!("t")
        }),
    ];
    for (what, edit) in cases {
        assert!(tampered(edit).is_err(), "{what} was accepted");
    }
    let deep = tampered(|v| {
        let list = v["elements"].as_array_mut().expect("elements");
        let mut parent = "b".to_owned();
        for i in 0..=MAX_DEPTH {
            let id = format!("n{i}");
            list.push(json!({"id": id, "kind": "container", "page": "home", "parent": parent, "order": "a9"}));
            parent = id;
        }
    });
    assert!(
        matches!(deep, Err(EngineError::TooDeep { .. })),
        "{:?}",
        deep.err()
    );
}

#[test]
fn links_take_web_mail_phone_site_and_asset_addresses_only() {
    let mut engine = project();
    let l = ElementId("l".into());
    for ok in [
        "https://example.com",
        "mailto:a@b.test",
        "tel:+15551234",
        "/about",
        "#top",
        "?q=1",
    ] {
        engine
            .commit(Command::UpdateProps {
                id: l.clone(),
                set: [(
                    "href".to_owned(),
                    Some(omnios_engine::Scalar::Text(ok.into())),
                )]
                .into(),
            })
            .unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    for bad in [
        "javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example",
        "file:///etc/passwd",
        "https://x/\"a",
    ] {
        let err = engine
            .commit(Command::UpdateProps {
                id: l.clone(),
                set: [(
                    "href".to_owned(),
                    Some(omnios_engine::Scalar::Text(bad.into())),
                )]
                .into(),
            })
            .expect_err(bad);
        assert_eq!(err.code(), "invalid_source", "{bad}");
    }
}
