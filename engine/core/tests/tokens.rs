//! Design tokens: a style that names a token restyles and relayouts when the token changes;
//! references survive a rename; deleting a token in use is refused, or writes its value in
//! place; every token command undoes and redoes; a peer's bad token is refused whole; a
//! token edit and a style edit by two peers both survive the merge.

mod common;

use common::{diff, raw_peer, Project};
use omnios_engine::*;
use serde_json::{json, Value};
use yrs::types::map::MapPrelim;
use yrs::{Map, ReadTxn, StateVector, Transact};

impl Project {
    fn token(&mut self, id: &str, name: &str, kind: &str, value: Value) {
        self.ok(
            json!({"type": "create_token", "id": id, "name": name, "kind": kind, "value": value}),
        );
    }

    fn element(&mut self, id: &str, kind: &str, parent: &str, styles: Value) {
        self.ok(
            json!({"type": "create_element", "id": id, "kind": kind, "parent": parent,
            "styles": {"base": styles}}),
        );
    }

    fn style(&self, id: &str, property: Property) -> Option<String> {
        self.engine
            .element(&ElementId(id.into()))?
            .styles
            .get(&Slot::BASE)?
            .get(&property)
            .cloned()
    }

    fn y(&mut self, id: &str) -> f32 {
        self.engine.layout();
        self.engine
            .box_of(&ElementId(id.into()))
            .expect("laid out")
            .y
    }
}

fn token_id(s: &str) -> TokenId {
    TokenId(s.into())
}

#[test]
fn changing_a_token_relayouts_and_reports_every_element_using_it() {
    let mut p = Project::new(1);
    let body = p.body.to_string();
    p.token("space", "space-m", "spacing", json!(16));
    p.token("brand", "brand", "color", json!("#ff0000"));
    for (section, inner) in [("s1", "i1"), ("s2", "i2")] {
        p.element(
            section,
            "section",
            &body,
            json!({"padding-top": "token:space", "color": "token:brand"}),
        );
        p.element(inner, "container", section, json!({"height": 10}));
    }
    p.element("plain", "section", &body, json!({"padding-top": 16}));
    assert_eq!(p.y("i1") - p.y("s1"), 16.0);
    assert_eq!(p.y("i2") - p.y("s2"), 16.0);
    p.engine.take_deltas();

    p.ok(json!({"type": "update_token", "id": "space", "value": "40px"}));
    let deltas = p.engine.take_deltas();
    let changed: Vec<&str> = deltas
        .elements
        .iter()
        .map(|d| d.element.id.as_str())
        .collect();
    assert!(
        changed.contains(&"s1") && changed.contains(&"s2"),
        "{changed:?}"
    );
    assert!(!changed.contains(&"plain"), "{changed:?}");
    let token = deltas
        .tokens
        .iter()
        .find(|t| t.token.id == token_id("space"))
        .expect("token delta");
    assert_eq!(token.token.value, "40px");
    assert_eq!(
        token.used_by,
        vec![ElementId("s1".into()), ElementId("s2".into())]
    );
    assert_eq!(p.y("i1") - p.y("s1"), 40.0);
    assert_eq!(p.y("i2") - p.y("s2"), 40.0);

    // The reference stays in the style; the value it resolves to is the token's.
    assert_eq!(
        p.style("s1", Property::PaddingTop).as_deref(),
        Some("token:space")
    );
    assert!(p.engine.undo());
    assert_eq!(p.y("i1") - p.y("s1"), 16.0, "undo relayouts too");
}

#[test]
fn a_font_size_token_changes_the_measured_text() {
    let mut p = Project::new(1);
    let body = p.body.to_string();
    p.token("big", "text-big", "font_size", json!("20px"));
    p.ok(
        json!({"type": "create_element", "id": "t", "kind": "text", "parent": body,
        "content": "Hello", "styles": {"base": {"font-size": "token:big"}}}),
    );
    p.element("after", "container", &body, json!({"height": 1}));
    let small = p.y("after");
    p.ok(json!({"type": "update_token", "id": "big", "value": "40px"}));
    assert!(p.y("after") > small, "the text grew with its token");
}

#[test]
fn a_style_names_only_a_token_that_exists_and_fits() {
    let mut p = Project::new(1);
    let body = p.body.to_string();
    p.token("brand", "brand", "color", json!("#123456"));
    p.token("space", "space", "spacing", json!("8px"));
    p.element("s", "section", &body, json!({}));
    let set = |property: &str, value: &str| json!({"type": "update_styles", "ids": ["s"], "set": {property: value}});
    assert!(matches!(
        p.refused(set("color", "token:nope")),
        EngineError::UnknownToken { .. }
    ));
    // A colour token in a padding, a spacing in a colour, a token where none fits.
    for (property, value) in [
        ("padding-top", "token:brand"),
        ("color", "token:space"),
        ("width", "token:space"),
        ("color", "token:bad id"),
    ] {
        let err = p.refused(set(property, value));
        assert!(
            matches!(
                err,
                EngineError::InvalidValue { .. } | EngineError::InvalidId { .. }
            ),
            "{property} {value}: {err:?}"
        );
    }
    p.ok(set("border-color", "token:brand"));
    p.ok(set("margin-left", "token:space"));
    assert!(matches!(
        p.refused(
            json!({"type": "create_element", "kind": "section", "parent": body,
            "styles": {"base": {"gap": "token:brand"}}})
        ),
        EngineError::InvalidValue { .. }
    ));
}

#[test]
fn token_commands_check_their_input() {
    let mut p = Project::new(1);
    p.token("brand", "brand", "color", json!("#123456"));
    let cases = [
        json!({"type": "create_token", "name": "brand", "kind": "color", "value": "red"}),
        json!({"type": "create_token", "name": "Brand Blue", "kind": "color", "value": "red"}),
        json!({"type": "create_token", "name": "x", "kind": "color", "value": "12px"}),
        json!({"type": "create_token", "name": "x", "kind": "spacing", "value": "-4px"}),
        json!({"type": "create_token", "name": "x", "kind": "radius", "value": "1px; color: red"}),
        json!({"type": "create_token", "name": "x", "kind": "color", "value": "token:brand"}),
        json!({"type": "create_token", "id": "brand", "name": "x", "kind": "color", "value": "red"}),
        json!({"type": "create_token", "id": "no good", "name": "x", "kind": "color", "value": "red"}),
        json!({"type": "update_token", "id": "brand", "value": "16px"}),
        json!({"type": "update_token", "id": "nope", "value": "red"}),
        json!({"type": "rename_token", "id": "brand", "name": ""}),
        json!({"type": "delete_token", "id": "nope"}),
    ];
    for case in cases {
        p.refused(case);
    }
    p.token("accent", "accent", "color", json!("blue"));
    assert!(matches!(
        p.refused(json!({"type": "rename_token", "id": "accent", "name": "brand"})),
        EngineError::TokenNameTaken { .. }
    ));
    assert!(p
        .cmd(json!({"type": "create_token", "kind": "shadow", "name": "x", "value": "red"}))
        .is_err());
}

#[test]
fn renaming_keeps_every_reference() {
    let mut p = Project::new(1);
    let body = p.body.to_string();
    p.token("brand", "brand", "color", json!("#123456"));
    p.element("s", "section", &body, json!({"color": "token:brand"}));
    p.check_undo(json!({"type": "rename_token", "id": "brand", "name": "primary"}));
    assert_eq!(p.engine.state().tokens[&token_id("brand")].name, "primary");
    assert_eq!(
        p.style("s", Property::Color).as_deref(),
        Some("token:brand")
    );
}

#[test]
fn deleting_a_token_in_use_is_refused_unless_forced_and_then_keeps_the_look() {
    let mut p = Project::new(1);
    let body = p.body.to_string();
    p.token("brand", "brand", "color", json!("#123456"));
    p.token("unused", "unused", "radius", json!(4));
    p.element("a", "section", &body, json!({"color": "token:brand"}));
    p.ok(
        json!({"type": "update_styles", "ids": ["a"], "slot": "mobile:hover",
        "set": {"background-color": "token:brand"}}),
    );
    p.element(
        "b",
        "section",
        &body,
        json!({"border-color": "token:brand"}),
    );
    match p.refused(json!({"type": "delete_token", "id": "brand"})) {
        EngineError::TokenInUse { id, elements } => {
            assert_eq!(id, "brand");
            assert_eq!(elements, vec!["a".to_owned(), "b".to_owned()]);
        }
        other => panic!("{other:?}"),
    }
    p.check_undo(json!({"type": "delete_token", "id": "unused"}));
    p.check_undo(json!({"type": "delete_token", "id": "brand", "force": true}));
    assert!(!p.engine.state().tokens.contains_key(&token_id("brand")));
    assert_eq!(p.style("a", Property::Color).as_deref(), Some("#123456"));
    assert_eq!(
        p.style("b", Property::BorderColor).as_deref(),
        Some("#123456")
    );
    let hover: Slot = "mobile:hover".parse().expect("slot");
    assert_eq!(
        p.engine.element(&ElementId("a".into())).expect("a").styles[&hover]
            [&Property::BackgroundColor],
        "#123456"
    );
    // Undo brings back the token and the references in one step.
    assert!(p.engine.undo());
    assert_eq!(
        p.style("a", Property::Color).as_deref(),
        Some("token:brand")
    );
    assert!(p.engine.state().tokens.contains_key(&token_id("brand")));
}

#[test]
fn every_token_command_undoes_and_redoes() {
    let mut p = Project::new(1);
    let body = p.body.to_string();
    let made = p.check_undo(
        json!({"type": "create_token", "name": "space-l", "kind": "spacing", "value": 32}),
    );
    let id = made.created_tokens[0].clone();
    assert_eq!(p.engine.state().tokens[&id].value, "32px");
    p.check_undo(json!({"type": "update_token", "id": id, "value": "2rem"}));
    p.check_undo(json!({"type": "rename_token", "id": id, "name": "space-xl"}));
    p.check_undo(
        json!({"type": "create_element", "kind": "section", "parent": body,
        "styles": {"base": {"gap": format!("token:{id}")}}}),
    );
    p.check_undo(json!({"type": "delete_token", "id": id, "force": true}));
}

#[test]
fn tokens_survive_a_snapshot_a_reload_a_restore_and_a_backup() {
    let mut p = Project::new(1);
    let body = p.body.to_string();
    p.token("brand", "brand", "color", json!("#123456"));
    p.element("s", "section", &body, json!({"color": "token:brand"}));
    let snapshot = p.engine.to_snapshot();
    assert_eq!(snapshot.tokens.len(), 1);
    let back = Engine::from_snapshot(EngineOptions::deterministic(2), &snapshot).expect("load");
    assert_eq!(back.to_snapshot(), snapshot);
    let mut loaded = Engine::new(EngineOptions::deterministic(3));
    loaded.load(&p.bytes()).expect("load");
    assert_eq!(loaded.state().tokens, p.engine.state().tokens);

    let version = p.bytes();
    p.ok(json!({"type": "update_token", "id": "brand", "value": "red"}));
    p.ok(json!({"type": "create_token", "id": "later", "name": "later", "kind": "radius", "value": 2}));
    p.engine.restore(&version).expect("restore");
    assert_eq!(p.engine.to_snapshot(), snapshot);

    let backup = p.engine.write_backup("Site", 1, &[]).expect("backup");
    let backup = backup::read_backup(&backup).expect("read backup");
    let restored =
        Engine::from_backup(EngineOptions::deterministic(5), &backup).expect("from backup");
    assert_eq!(restored.to_snapshot(), snapshot);

    let mut bad = serde_json::to_value(&snapshot).expect("json");
    bad["tokens"][0]["value"] = json!("red; }");
    assert!(Snapshot::from_json(&bad.to_string())
        .and_then(|s| Engine::from_snapshot(EngineOptions::deterministic(4), &s))
        .is_err());
}

/// Writes a token entry as a peer could, field by field.
fn put(txn: &mut yrs::TransactionMut, tokens: &yrs::MapRef, id: &str, fields: &[(&str, &str)]) {
    let t = tokens.insert(txn, id, MapPrelim::default());
    for (key, value) in fields {
        t.insert(txn, *key, *value);
    }
}

#[test]
fn a_peers_bad_token_is_refused_whole() {
    const OK: [(&str, &str); 3] = [("name", "x"), ("kind", "color"), ("value", "red")];
    // What a peer writes under `tokens`: an entry's id and fields (`None`: not a map).
    type Fields<'a> = Option<Vec<(&'a str, &'a str)>>;
    let attacks: [(&str, &str, Fields); 7] = [
        (
            "a value that escapes its declaration",
            "t9",
            Some(vec![OK[0], OK[1], ("value", "red; } body { display: none")]),
        ),
        (
            "a value of the wrong kind",
            "t9",
            Some(vec![OK[0], ("kind", "spacing"), OK[2]]),
        ),
        (
            "an unknown kind",
            "t9",
            Some(vec![OK[0], ("kind", "shadow"), OK[2]]),
        ),
        ("an id of the wrong form", "no good", Some(OK.to_vec())),
        (
            "an unknown field",
            "t9",
            Some(vec![OK[0], OK[1], OK[2], ("script", "alert(1)")]),
        ),
        (
            "a bad name",
            "t9",
            Some(vec![("name", "x} :root{"), OK[1], OK[2]]),
        ),
        ("a token that is not a map", "t9", None),
    ];
    for (what, id, fields) in attacks {
        let mut p = Project::new(1);
        p.token("brand", "brand", "color", json!("#123456"));
        let before = p.bytes();
        let raw = raw_peer(&p.engine);
        {
            let tokens = raw.get_or_insert_map("tokens");
            let mut txn = raw.transact_mut();
            match &fields {
                Some(fields) => put(&mut txn, &tokens, id, fields),
                None => {
                    tokens.insert(&mut txn, id, "red");
                }
            }
        }
        let update = diff(&raw, &p.engine);
        let err = p.engine.apply_update(&update).expect_err(what);
        assert!(
            matches!(
                err,
                EngineError::InvalidUpdate { .. } | EngineError::InvalidId { .. }
            ),
            "{what}: {err:?}"
        );
        assert!(err.to_string().contains("token"), "{what}: {err}");
        assert_eq!(p.bytes(), before, "{what}: the document changed");
        // An honest peer's token still arrives.
        let mut honest = p.peer(6);
        honest.token("fine", "fine", "spacing", json!(4));
        sync(&mut honest.engine, &mut p.engine);
        assert!(
            p.engine.state().tokens.contains_key(&token_id("fine")),
            "{what}"
        );
        // Loaded as a whole document, it is refused too.
        let mut fresh = Engine::new(EngineOptions::deterministic(5));
        let whole = raw
            .transact()
            .encode_state_as_update_v1(&StateVector::default());
        assert!(fresh.load(&whole).is_err(), "{what}: loaded");
    }

    // A style naming a token where no token fits is refused like any bad style.
    let mut p = Project::new(1);
    let body = p.body.to_string();
    p.element("s", "section", &body, json!({}));
    let before = p.bytes();
    let raw = raw_peer(&p.engine);
    {
        let elements = raw.get_or_insert_map("elements");
        let mut txn = raw.transact_mut();
        let Some(yrs::Out::YMap(s)) = elements.get(&txn, "s") else {
            panic!("no s");
        };
        let Some(yrs::Out::YMap(styles)) = s.get(&txn, "styles") else {
            panic!("no styles");
        };
        styles.insert(&mut txn, "base|width", "token:brand");
    }
    assert!(p.engine.apply_update(&diff(&raw, &p.engine)).is_err());
    assert_eq!(p.bytes(), before);
}

/// Sends every update one engine made to the other.
fn sync(from: &mut Engine, to: &mut Engine) {
    for update in from.take_local_updates() {
        to.apply_update(&update).expect("peer update");
    }
}

#[test]
fn a_token_edit_and_a_style_using_it_by_two_peers_both_survive() {
    let mut a = Project::new(1);
    let body = a.body.to_string();
    a.token("brand", "brand", "color", json!("#123456"));
    a.element("s", "section", &body, json!({}));
    let mut b = a.peer(2);
    a.engine.take_local_updates();

    // Concurrently: A changes the token's value and renames it, B applies it to an element.
    a.ok(json!({"type": "update_token", "id": "brand", "value": "#00ff00"}));
    b.ok(json!({"type": "rename_token", "id": "brand", "name": "primary"}));
    b.ok(
        json!({"type": "update_styles", "ids": ["s"], "set": {"background-color": "token:brand"}}),
    );
    sync(&mut a.engine, &mut b.engine);
    sync(&mut b.engine, &mut a.engine);

    for p in [&a, &b] {
        let token = &p.engine.state().tokens[&token_id("brand")];
        assert_eq!(token.value, "#00ff00");
        assert_eq!(token.name, "primary");
        assert_eq!(
            p.style("s", Property::BackgroundColor).as_deref(),
            Some("token:brand")
        );
        assert_eq!(
            p.engine
                .state()
                .token_users(&token_id("brand"))
                .cloned()
                .collect::<Vec<_>>(),
            vec![ElementId("s".into())]
        );
    }
    assert_eq!(a.snapshot(), b.snapshot());

    // One peer deletes the token while the other applies it: both updates are honest; the
    // reference resolves to nothing on both, and the usage still lists the element.
    let mut c = a.peer(3);
    c.element("late", "section", &body, json!({}));
    sync(&mut c.engine, &mut a.engine);
    a.engine.take_local_updates();
    a.ok(json!({"type": "delete_token", "id": "brand", "force": true}));
    c.ok(json!({"type": "update_styles", "ids": ["late"], "set": {"color": "token:brand"}}));
    sync(&mut a.engine, &mut c.engine);
    sync(&mut c.engine, &mut a.engine);
    assert_eq!(a.snapshot(), c.snapshot());
    assert_eq!(
        a.style("late", Property::Color).as_deref(),
        Some("token:brand")
    );
    assert_eq!(
        a.style("s", Property::BackgroundColor).as_deref(),
        Some("#00ff00")
    );
}
