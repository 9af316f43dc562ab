//! Every command and every refusal, each checked for undo/redo restoring the exact document.

use omnios_engine::*;
use serde_json::{json, Value};

struct TestEngine {
    engine: Engine,
    page: PageId,
    body: ElementId,
}

impl TestEngine {
    fn new() -> Self {
        Self::with_client(1)
    }

    fn with_client(client: u64) -> Self {
        let mut engine = Engine::new(EngineOptions::deterministic(client));
        let made = engine
            .commit_json(r#"{"type":"create_page","id":"home","name":"Home"}"#)
            .expect("page");
        let page = made.created_pages[0].clone();
        let body = engine.state().pages[&page].root.clone();
        engine.clear_history();
        engine.take_deltas();
        engine.take_local_updates();
        Self { engine, page, body }
    }

    fn cmd(&mut self, command: Value) -> Result<Applied, EngineError> {
        self.engine.commit_json(&command.to_string())
    }

    fn create(&mut self, kind: &str, parent: &ElementId) -> ElementId {
        self.cmd(json!({"type": "create_element", "kind": kind, "parent": parent}))
            .expect("create")
            .created[0]
            .clone()
    }

    fn children(&self, id: &ElementId) -> Vec<ElementId> {
        self.engine.state().children(id).to_vec()
    }

    fn bytes(&self) -> Vec<u8> {
        self.engine.encode_state_as_update(&[]).expect("encode")
    }

    fn snapshot(&self) -> String {
        self.engine.to_snapshot().to_json()
    }

    /// Runs a command, then checks undo restores the snapshot before it and redo the one after.
    fn check_undo(&mut self, command: Value) -> Applied {
        let before = self.snapshot();
        let applied = self.cmd(command).expect("command applies");
        let after = self.snapshot();
        assert_ne!(before, after, "command changed nothing");
        assert!(self.engine.undo());
        assert_eq!(self.snapshot(), before, "undo did not restore the document");
        assert!(self.engine.redo());
        assert_eq!(self.snapshot(), after, "redo did not restore the change");
        self.engine.state().check_invariants().expect("invariants");
        applied
    }

    /// Runs a command that must be refused, and checks nothing changed.
    fn refused(&mut self, command: Value) -> EngineError {
        let before = self.bytes();
        let err = self.cmd(command).expect_err("command must be refused");
        assert_eq!(
            self.bytes(),
            before,
            "a refused command changed the document"
        );
        err
    }
}

fn id(s: &str) -> ElementId {
    ElementId(s.into())
}

#[test]
fn create_appends_or_inserts_at_index_and_undoes() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let a = t.create("section", &body);
    let b = t.create("section", &body);
    let made = t.check_undo(json!({"type": "create_element", "kind": "text", "parent": body, "index": 1,
        "tag": "h1", "content": "Hello", "name": "Title",
        "props": {"data-x": "1"}, "styles": {"base": {"font-size": 32, "color": "#112233"}, "mobile": {"font-size": "20px"}}}));
    let c = made.created[0].clone();
    assert_eq!(t.children(&body), vec![a, c.clone(), b]);
    let el = t.engine.element(&c).expect("created");
    assert_eq!(el.tag, Some(Tag::Text(TextTag::H1)));
    assert_eq!(el.content, "Hello");
    assert_eq!(el.styles[&Slot::BASE][&Property::FontSize], "32px");
    assert_eq!(
        el.styles[&Slot::at(Breakpoint::Mobile)][&Property::FontSize],
        "20px"
    );
}

#[test]
fn create_refuses_bad_input() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let img = t.create("image", &body);
    assert!(matches!(
        t.refused(json!({"type": "create_element", "kind": "text", "parent": "nope"})),
        EngineError::UnknownElement { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "create_element", "kind": "text", "parent": img})),
        EngineError::WrongKind { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "create_element", "kind": "text", "parent": body, "index": 9})),
        EngineError::InvalidValue { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "create_element", "kind": "text", "parent": body, "id": img})),
        EngineError::DuplicateId { .. }
    ));
    assert!(matches!(
        t.refused(
            json!({"type": "create_element", "kind": "text", "parent": body, "id": "bad id!"})
        ),
        EngineError::InvalidId { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "create_element", "kind": "body", "parent": body})),
        EngineError::InvalidValue { .. }
    ));
    assert!(matches!(
        t.refused(
            json!({"type": "create_element", "kind": "section", "parent": body, "tag": "h1"})
        ),
        EngineError::InvalidValue { .. }
    ));
    assert!(matches!(
        t.refused(
            json!({"type": "create_element", "kind": "section", "parent": body, "content": "x"})
        ),
        EngineError::WrongKind { .. }
    ));
    assert!(matches!(t.refused(json!({"type": "create_element", "kind": "text", "parent": body, "styles": {"base": {"width": "12pt"}}})), EngineError::InvalidValue { .. }));
    assert!(matches!(t.refused(json!({"type": "create_element", "kind": "text", "parent": body, "styles": {"base": {"float": "left"}}})), EngineError::InvalidValue { .. }));
    assert!(matches!(t.refused(json!({"type": "create_element", "kind": "text", "parent": body, "props": {"bad key": 1}})), EngineError::InvalidValue { .. }));
    assert!(matches!(t.refused(json!({"type": "create_element", "kind": "text", "parent": body, "content": "x".repeat(300_000)})), EngineError::PayloadTooLarge { .. }));
    assert!(matches!(
        t.refused(json!({"type": "create_element", "kind": "gizmo", "parent": body})),
        EngineError::InvalidCommand { .. }
    ));
    assert!(matches!(
        t.engine.commit_json("{not json"),
        Err(EngineError::InvalidCommand { .. })
    ));
    assert!(matches!(
        t.engine
            .commit_json(r#"{"type":"update_styles","ids":[],"set":{"width":1e400}}"#),
        Err(EngineError::InvalidCommand { .. })
    ));
}

#[test]
fn delete_removes_the_subtree_and_undo_brings_it_back() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let s = t.create("section", &body);
    let c = t.create("container", &s);
    let x = t.create("text", &c);
    t.check_undo(json!({"type": "delete_elements", "ids": [s, x]}));
    for gone in [&s, &c, &x] {
        assert!(t.engine.element(gone).is_none());
    }
    assert!(matches!(
        t.refused(json!({"type": "delete_elements", "ids": [body]})),
        EngineError::PageRoot { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "delete_elements", "ids": ["ghost"]})),
        EngineError::UnknownElement { .. }
    ));
}

#[test]
fn move_reparents_reorders_and_refuses_cycles() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let a = t.create("section", &body);
    let b = t.create("section", &body);
    let c = t.create("section", &body);
    let inner = t.create("container", &a);
    t.check_undo(json!({"type": "move_elements", "ids": [c], "parent": body, "index": 0}));
    assert_eq!(t.children(&body), vec![c.clone(), a.clone(), b.clone()]);
    t.check_undo(json!({"type": "move_elements", "ids": [b, c], "parent": inner}));
    assert_eq!(t.children(&inner), vec![b.clone(), c.clone()]);
    assert_eq!(t.engine.state().parent(&b), Some(&inner));
    assert!(matches!(
        t.refused(json!({"type": "move_elements", "ids": [a], "parent": inner})),
        EngineError::WouldCreateCycle { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "move_elements", "ids": [a], "parent": a})),
        EngineError::WouldCreateCycle { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "move_elements", "ids": [body], "parent": a})),
        EngineError::PageRoot { .. }
    ));
    let page2 = t
        .cmd(json!({"type": "create_page", "name": "About"}))
        .expect("page")
        .created_pages[0]
        .clone();
    let body2 = t.engine.state().pages[&page2].root.clone();
    assert!(matches!(
        t.refused(json!({"type": "move_elements", "ids": [a], "parent": body2})),
        EngineError::CrossPage { .. }
    ));
}

#[test]
fn duplicate_copies_the_subtree_after_the_original() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let s = t.create("section", &body);
    let after = t.create("section", &body);
    let x = t.create("text", &s);
    t.cmd(json!({"type": "update_styles", "ids": [x], "set": {"color": "red"}}))
        .expect("style");
    t.cmd(json!({"type": "rename_element", "id": s, "name": "Hero"}))
        .expect("rename");
    let made = t.check_undo(json!({"type": "duplicate_elements", "ids": [s, x]}));
    assert_eq!(
        made.created.len(),
        1,
        "the nested selection is copied with its parent"
    );
    let copy = made.created[0].clone();
    assert_eq!(t.children(&body), vec![s.clone(), copy.clone(), after]);
    let copied_kids = t.children(&copy);
    assert_eq!(copied_kids.len(), 1);
    assert_ne!(copied_kids[0], x);
    assert_eq!(
        t.engine.element(&copied_kids[0]).map(|e| e.styles.clone()),
        t.engine.element(&x).map(|e| e.styles.clone())
    );
    assert_eq!(
        t.engine.element(&copy).map(|e| e.name.as_str()),
        Some("Hero 2")
    );
    // Again: the next number among its siblings; a copy of "Hero 2" is "Hero 3" too.
    let again = t.check_undo(json!({"type": "duplicate_elements", "ids": [s]}));
    assert_eq!(
        t.engine.element(&again.created[0]).map(|e| e.name.as_str()),
        Some("Hero 3")
    );
    let of_copy = t.check_undo(json!({"type": "duplicate_elements", "ids": [copy]}));
    assert_eq!(
        t.engine
            .element(&of_copy.created[0])
            .map(|e| e.name.as_str()),
        Some("Hero 4")
    );
}

#[test]
fn styles_set_and_remove_per_slot() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let a = t.create("container", &body);
    t.check_undo(json!({"type": "update_styles", "ids": [a], "set": {"display": "flex", "gap": 8, "width": "50%"}}));
    t.check_undo(json!({"type": "update_styles", "ids": [a], "slot": "tablet:hover", "set": {"opacity": 0.5}}));
    t.check_undo(json!({"type": "update_styles", "ids": [a], "set": {"gap": null}}));
    let el = t.engine.element(&a).expect("el");
    assert!(!el.styles[&Slot::BASE].contains_key(&Property::Gap));
    assert_eq!(
        el.styles[&"tablet:hover".parse::<Slot>().expect("slot")][&Property::Opacity],
        "0.5"
    );
    for bad in [
        json!({"display": "inline"}),
        json!({"opacity": 3}),
        json!({"width": "NaN"}),
        json!({"color": "#zzz"}),
        json!({"box-shadow": "0 0 red; x: y"}),
    ] {
        assert!(matches!(
            t.refused(json!({"type": "update_styles", "ids": [a], "set": bad})),
            EngineError::InvalidValue { .. }
        ));
    }
    assert!(matches!(
        t.refused(json!({"type": "update_styles", "ids": [a], "slot": "desktop", "set": {}})),
        EngineError::InvalidCommand { .. }
    ));
}

#[test]
fn props_content_tag_name_flags() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let text = t.create("text", &body);
    let link = t.create("link", &body);
    let img = t.create("image", &body);
    t.check_undo(
        json!({"type": "update_props", "id": link, "set": {"href": "/about", "target": "_blank"}}),
    );
    t.check_undo(json!({"type": "update_props", "id": link, "set": {"target": null}}));
    t.check_undo(json!({"type": "set_content", "id": text, "content": "Welcome"}));
    t.check_undo(json!({"type": "set_tag", "id": text, "tag": "h2"}));
    t.check_undo(json!({"type": "rename_element", "id": img, "name": "Hero image"}));
    t.check_undo(json!({"type": "set_hidden", "ids": [img], "hidden": true}));
    t.check_undo(json!({"type": "set_locked", "ids": [img, text], "locked": true}));
    assert!(matches!(
        t.refused(json!({"type": "set_content", "id": img, "content": "x"})),
        EngineError::WrongKind { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "set_tag", "id": link, "tag": "h1"})),
        EngineError::WrongKind { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "rename_element", "id": img, "name": "a\u{0007}b"})),
        EngineError::InvalidValue { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "set_hidden", "ids": [body], "hidden": true})),
        EngineError::PageRoot { .. }
    ));
}

#[test]
fn group_wrap_and_ungroup() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let a = t.create("text", &body);
    let b = t.create("button", &body);
    let c = t.create("image", &body);
    let made = t.check_undo(json!({"type": "group", "ids": [c, a]}));
    let group = made.created[0].clone();
    assert_eq!(t.children(&body), vec![group.clone(), b.clone()]);
    assert_eq!(
        t.children(&group),
        vec![a.clone(), c.clone()],
        "tree order is kept"
    );
    t.check_undo(json!({"type": "ungroup", "id": group}));
    assert_eq!(t.children(&body), vec![a.clone(), c.clone(), b.clone()]);
    let made = t.check_undo(json!({"type": "wrap", "ids": [b], "kind": "link"}));
    assert_eq!(
        t.engine.element(&made.created[0]).map(|e| e.kind),
        Some(ElementKind::Link)
    );
    let inner = t.create("container", &made.created[0]);
    assert!(matches!(
        t.refused(json!({"type": "group", "ids": [a, inner]})),
        EngineError::InvalidValue { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "wrap", "ids": [a], "kind": "image"})),
        EngineError::InvalidValue { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "ungroup", "id": a})),
        EngineError::WrongKind { .. }
    ));
}

#[test]
fn pages_create_rename_update_reorder_delete() {
    let mut t = TestEngine::new();
    let made = t.check_undo(json!({"type": "create_page", "name": "About Us"}));
    let about = made.created_pages[0].clone();
    let page = &t.engine.state().pages[&about];
    assert_eq!(page.slug, "about-us");
    assert_eq!(
        t.engine.state().pages[&t.page].slug,
        "",
        "the first page is the home page"
    );
    t.check_undo(json!({"type": "rename_page", "id": about, "name": "Team"}));
    t.check_undo(json!({"type": "update_page", "id": about, "slug": "team", "title": "Our team", "description": "Who we are"}));
    t.check_undo(json!({"type": "reorder_page", "id": about, "index": 0}));
    let order: Vec<PageId> = t
        .engine
        .state()
        .pages_in_order()
        .iter()
        .map(|p| p.id.clone())
        .collect();
    assert_eq!(order, vec![about.clone(), t.page.clone()]);
    assert!(matches!(
        t.refused(json!({"type": "update_page", "id": about, "slug": "Bad Slug"})),
        EngineError::InvalidValue { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "update_page", "id": t.page, "slug": "team"})),
        EngineError::InvalidValue { .. }
    ));
    let body2 = t.engine.state().pages[&about].root.clone();
    let x = t.create("section", &body2);
    t.check_undo(json!({"type": "delete_page", "id": about}));
    assert!(t.engine.element(&x).is_none() && t.engine.element(&body2).is_none());
    assert!(matches!(
        t.refused(json!({"type": "delete_page", "id": t.page})),
        EngineError::LastPage
    ));
    assert!(matches!(
        t.refused(json!({"type": "rename_page", "id": "nope", "name": "x"})),
        EngineError::UnknownPage { .. }
    ));
}

#[test]
fn a_batch_is_one_transaction_and_one_undo_step_or_nothing() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let before = t.bytes();
    let err = t.engine.commit_batch_json(
        &json!([
            {"type": "create_element", "kind": "section", "parent": body, "id": "s1"},
            {"type": "create_element", "kind": "text", "parent": "s1", "id": "t1"},
            {"type": "update_styles", "ids": ["t1"], "set": {"width": "wide"}}
        ])
        .to_string(),
    );
    assert!(matches!(err, Err(EngineError::InvalidValue { .. })));
    assert_eq!(t.bytes(), before, "a refused batch left something behind");
    let start = t.snapshot();
    t.engine
        .commit_batch_json(
            &json!([
                {"type": "create_element", "kind": "section", "parent": body, "id": "s1"},
                {"type": "create_element", "kind": "text", "parent": "s1", "id": "t1"},
                {"type": "update_styles", "ids": ["t1"], "set": {"width": 100}},
                {"type": "update_styles", "ids": ["t1"], "set": {"width": 200}}
            ])
            .to_string(),
        )
        .expect("batch");
    assert_eq!(
        t.engine
            .element(&id("t1"))
            .map(|e| e.styles[&Slot::BASE][&Property::Width].clone()),
        Some("200px".into())
    );
    assert_eq!(t.engine.take_local_updates().len(), 1, "one transaction");
    assert!(t.engine.undo());
    assert_eq!(t.snapshot(), start, "one undo step reverts the whole batch");
    assert!(!t.engine.can_undo());
}

#[test]
fn deltas_report_only_what_changed() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let a = t.create("section", &body);
    let b = t.create("section", &body);
    let x = t.create("text", &a);
    t.engine.take_deltas();
    t.cmd(json!({"type": "update_styles", "ids": [x], "set": {"color": "blue"}}))
        .expect("style");
    let d = t.engine.take_deltas();
    assert_eq!(
        d.elements
            .iter()
            .map(|e| e.element.id.clone())
            .collect::<Vec<_>>(),
        vec![x.clone()]
    );
    assert!(
        t.engine.take_deltas().is_empty(),
        "deltas are cleared once taken"
    );
    t.cmd(json!({"type": "move_elements", "ids": [x], "parent": b}))
        .expect("move");
    let d = t.engine.take_deltas();
    let mut ids: Vec<_> = d.elements.iter().map(|e| e.element.id.clone()).collect();
    ids.sort();
    let mut want = vec![a.clone(), b.clone(), x.clone()];
    want.sort();
    assert_eq!(
        ids, want,
        "the moved element and both parents' children lists"
    );
    let moved = d.elements.iter().find(|e| e.element.id == x).expect("x");
    assert_eq!(moved.element.parent.as_ref(), Some(&b));
    t.cmd(json!({"type": "delete_elements", "ids": [x]}))
        .expect("delete");
    assert_eq!(t.engine.take_deltas().removed, vec![x]);
}

#[test]
fn undo_never_reverts_a_collaborators_change() {
    let mut alice = TestEngine::with_client(1);
    let mut bob = Engine::new(EngineOptions::deterministic(2));
    bob.apply_update(&alice.bytes()).expect("sync");
    let body = alice.body.clone();
    let a = alice.create("text", &body);
    for u in alice.engine.take_local_updates() {
        bob.apply_update(&u).expect("to bob");
    }
    bob.commit_json(
        &json!({"type": "set_content", "id": a, "content": "Bob wrote this"}).to_string(),
    )
    .expect("bob edits");
    for u in bob.take_local_updates() {
        alice.engine.apply_update(&u).expect("to alice");
    }
    alice
        .cmd(json!({"type": "update_styles", "ids": [a], "set": {"color": "red"}}))
        .expect("alice styles");
    assert!(alice.engine.undo(), "alice undoes her colour");
    let el = alice.engine.element(&a).expect("still there");
    assert_eq!(el.content, "Bob wrote this");
    assert!(!el
        .styles
        .get(&Slot::BASE)
        .is_some_and(|s| s.contains_key(&Property::Color)));
    assert!(alice.engine.undo(), "alice undoes her creation");
    assert!(alice.engine.element(&a).is_none());
    assert!(!alice.engine.undo(), "bob's edit is not on alice's stack");
}

#[test]
fn a_gesture_previews_then_writes_once_as_one_undo_step() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let a = t.create("container", &body);
    t.engine.take_local_updates();
    t.engine.take_deltas();
    let before = t.snapshot();
    t.engine.begin_gesture();
    for x in 0..60 {
        t.cmd(json!({"type": "update_styles", "ids": [a], "set": {"position": "absolute", "left": x, "top": x * 2}})).expect("frame");
        let d = t.engine.take_deltas();
        let shown = d
            .elements
            .iter()
            .find(|e| e.element.id == a)
            .expect("preview delta");
        assert_eq!(
            shown.element.styles[&Slot::BASE][&Property::Left],
            format!("{x}px")
        );
    }
    assert!(
        t.engine.take_local_updates().is_empty(),
        "nothing written during the gesture"
    );
    assert_eq!(t.snapshot(), before);
    t.engine.end_gesture().expect("end");
    assert_eq!(
        t.engine.take_local_updates().len(),
        1,
        "one write at the end"
    );
    assert_eq!(
        t.engine
            .element(&a)
            .map(|e| e.styles[&Slot::BASE][&Property::Left].clone()),
        Some("59px".into())
    );
    assert!(t.engine.undo());
    assert_eq!(t.snapshot(), before, "one undo step for the whole drag");

    t.engine.begin_gesture();
    t.cmd(json!({"type": "update_styles", "ids": [a], "set": {"left": 5}}))
        .expect("frame");
    t.engine.cancel_gesture();
    assert_eq!(t.snapshot(), before);
    let d = t.engine.take_deltas();
    assert!(
        d.elements.iter().any(|e| e.element.id == a),
        "cancel re-sends the true state"
    );
}

#[test]
fn queries_filter_sort_page_and_use_indexes() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let s = t.create("section", &body);
    for (i, word) in ["Pricing plans", "About us", "pricing FAQ"]
        .iter()
        .enumerate()
    {
        t.cmd(json!({"type": "create_element", "kind": "text", "parent": s, "id": format!("t{i}"), "content": word, "name": format!("n{}", 3 - i),
            "styles": {"base": {"width": (i + 1) * 100}}})).expect("text");
    }
    let q = |t: &TestEngine, v: Value| {
        let query = Query::from_json(&v.to_string()).expect("query");
        t.engine
            .query(&query)
            .elements
            .into_iter()
            .map(|e| e.element.id.0.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        q(
            &t,
            json!({"filter": {"and": [{"field": "kind", "op": "eq", "value": "text"}, {"field": "content", "op": "contains", "value": "pricing"}]}})
        ),
        vec!["t0", "t2"]
    );
    assert_eq!(
        q(
            &t,
            json!({"filter": {"field": "parent", "op": "eq", "value": s}, "sort": [{"field": "name"}]})
        ),
        vec!["t2", "t1", "t0"]
    );
    assert_eq!(
        q(
            &t,
            json!({"filter": {"field": "styles.base.width", "op": "gte", "value": 200}})
        ),
        vec!["t1", "t2"]
    );
    assert_eq!(
        q(
            &t,
            json!({"filter": {"field": "id", "op": "in", "value": ["t1", "t2", "zz"]}, "sort": [{"field": "id", "desc": true}], "limit": 1})
        ),
        vec!["t2"]
    );
    assert_eq!(
        q(
            &t,
            json!({"filter": {"not": {"field": "tag", "op": "exists"}}, "sort": [{"field": "kind"}]})
        ),
        vec![body.0.clone(), s.0.clone()]
    );
    let all = t.engine.query(
        &Query::from_json(
            r#"{"filter":{"field":"kind","op":"eq","value":"text"},"offset":1,"limit":1}"#,
        )
        .expect("q"),
    );
    assert_eq!((all.total, all.elements.len()), (3, 1));
    assert!(matches!(
        Query::from_json(r#"{"filter":{"field":"colour","op":"eq","value":1}}"#),
        Err(EngineError::InvalidQuery { .. })
    ));
    assert!(matches!(
        Query::from_json(r#"{"filter":{"field":"kind","op":"like","value":1}}"#),
        Err(EngineError::InvalidQuery { .. })
    ));
}

#[test]
fn subscriptions_receive_matching_changes() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let (sub, now) = t.engine.subscribe(
        Query::from_json(r#"{"filter":{"field":"kind","op":"eq","value":"button"}}"#).expect("q"),
    );
    assert_eq!(now.total, 0);
    let b = t.create("button", &body);
    let _x = t.create("text", &body);
    let events = t.engine.take_subscription_events();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].subscription, sub);
    assert_eq!(
        events[0]
            .changed
            .iter()
            .map(|e| e.element.id.clone())
            .collect::<Vec<_>>(),
        vec![b.clone()]
    );
    t.cmd(json!({"type": "delete_elements", "ids": [b]}))
        .expect("delete");
    let events = t.engine.take_subscription_events();
    assert_eq!(events[0].left, vec![b]);
    t.engine.unsubscribe(sub).expect("unsubscribe");
    assert!(matches!(
        t.engine.unsubscribe(sub),
        Err(EngineError::UnknownSubscription { .. })
    ));
}

#[test]
fn replay_is_byte_identical_and_checkpoints_resume() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let s = t.create("section", &body);
    let x = t.create("text", &s);
    t.cmd(json!({"type": "update_styles", "ids": [x], "set": {"color": "red"}}))
        .expect("style");
    let checkpoint = t.engine.checkpoint();
    t.cmd(json!({"type": "duplicate_elements", "ids": [s]}))
        .expect("dup");
    t.cmd(json!({"type": "move_elements", "ids": [x], "parent": body, "index": 0}))
        .expect("move");
    let log = to_json_lines(t.engine.log());
    let entries = from_json_lines(&log).expect("read log");

    let clock = std::sync::Arc::new(ManualClock::new(0));
    let mut options = EngineOptions::deterministic(1);
    options.clock = clock.clone();
    let mut replayed = Engine::new(options.clone());
    replayed.replay(&entries, Some(&clock)).expect("replay");
    assert_eq!(
        replayed.encode_state_as_update(&[]).expect("enc"),
        t.bytes(),
        "replay is byte-identical"
    );

    let mut resumed = Engine::from_checkpoint(options, &checkpoint).expect("resume");
    resumed
        .replay(&entries[checkpoint.position..], None)
        .expect("replay rest");
    assert_eq!(
        resumed.to_snapshot(),
        t.engine.to_snapshot(),
        "resuming equals replaying from the start"
    );
    assert!(matches!(
        from_json_lines("{\"op\":\"nope\"}"),
        Err(EngineError::InvalidSnapshot { .. })
    ));
}

#[test]
fn snapshot_round_trips_and_refuses_tampering() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let s = t.create("section", &body);
    t.cmd(json!({"type": "create_element", "kind": "text", "parent": s, "content": "Hi", "styles": {"mobile:hover": {"color": "red"}}, "props": {"data-n": 2, "data-b": true}})).expect("text");
    t.cmd(json!({"type": "create_page", "name": "About"}))
        .expect("page");
    let json = t.snapshot();
    let back = Engine::from_snapshot(
        EngineOptions::deterministic(9),
        &Snapshot::from_json(&json).expect("read"),
    )
    .expect("import");
    assert_eq!(back.to_snapshot().to_json(), json, "lossless round trip");
    assert!(!back.can_undo(), "loading is not an undo step");
    back.state().check_invariants().expect("invariants");

    let tampered = json.replacen("\"red\"", "\"red; background: url(evil)\"", 1);
    assert!(matches!(
        Engine::from_snapshot(
            EngineOptions::deterministic(9),
            &Snapshot::from_json(&tampered).expect("parses")
        ),
        Err(EngineError::InvalidSnapshot { .. })
    ));
    assert!(matches!(
        Snapshot::from_json(r#"{"format":"grapesjs","version":1}"#),
        Err(EngineError::InvalidSnapshot { .. })
    ));
    assert!(matches!(
        Snapshot::from_json(r#"{"format":"omnios","version":99,"pages":[],"elements":[]}"#),
        Err(EngineError::InvalidSnapshot { .. })
    ));
}

fn exchange(a: &mut Engine, b: &mut Engine) {
    let from_a = a.take_local_updates();
    let from_b = b.take_local_updates();
    for u in &from_b {
        a.apply_update(u).expect("a applies");
    }
    for u in &from_a {
        b.apply_update(u).expect("b applies");
    }
}

#[test]
fn concurrent_moves_into_each_other_are_repaired_the_same_everywhere() {
    let mut a = TestEngine::with_client(1);
    let mut b = Engine::new(EngineOptions::deterministic(2));
    b.apply_update(&a.bytes()).expect("sync");
    let body = a.body.clone();
    let x = a.create("container", &body);
    let y = a.create("container", &body);
    exchange(&mut a.engine, &mut b);
    a.cmd(json!({"type": "move_elements", "ids": [x], "parent": y}))
        .expect("a moves x into y");
    b.commit_json(&json!({"type": "move_elements", "ids": [y], "parent": x}).to_string())
        .expect("b moves y into x");
    exchange(&mut a.engine, &mut b);
    for e in [&a.engine, &b] {
        e.state().check_invariants().expect("acyclic");
        assert!(
            e.element(&x).is_some() && e.element(&y).is_some(),
            "nothing lost"
        );
    }
    assert_eq!(a.engine.state().parent(&x), b.state().parent(&x));
    assert_eq!(a.engine.state().parent(&y), b.state().parent(&y));
    let smallest = x.clone().min(y.clone());
    assert_eq!(
        a.engine.state().parent(&smallest),
        Some(&body),
        "the smallest id of the cycle shows at the root"
    );
    assert_eq!(a.engine.to_snapshot(), b.to_snapshot());
}

#[test]
fn an_insert_into_a_concurrently_deleted_parent_shows_at_the_page_root() {
    let mut a = TestEngine::with_client(1);
    let mut b = Engine::new(EngineOptions::deterministic(2));
    b.apply_update(&a.bytes()).expect("sync");
    let body = a.body.clone();
    let s = a.create("section", &body);
    exchange(&mut a.engine, &mut b);
    a.cmd(json!({"type": "delete_elements", "ids": [s]}))
        .expect("delete");
    let made = b
        .commit_json(
            &json!({"type": "create_element", "kind": "text", "parent": s, "content": "keep me"})
                .to_string(),
        )
        .expect("insert");
    exchange(&mut a.engine, &mut b);
    let x = made.created[0].clone();
    for e in [&a.engine, &b] {
        assert_eq!(e.element(&x).map(|el| el.content.as_str()), Some("keep me"));
        assert_eq!(e.state().parent(&x), Some(&body));
        e.state().check_invariants().expect("invariants");
    }
}

#[test]
fn malformed_updates_are_refused_with_a_typed_error() {
    let mut t = TestEngine::new();
    let before = t.bytes();
    for bad in [vec![], vec![0xff; 16], vec![1, 2, 3]] {
        let r = t.engine.apply_update(&bad);
        assert!(r.is_ok() || matches!(r, Err(EngineError::InvalidUpdate { .. })));
    }
    assert_eq!(t.bytes(), before);
    assert!(matches!(
        t.engine.encode_state_as_update(&[0xff, 0xff, 0xff]),
        Err(EngineError::InvalidUpdate { .. })
    ));
}

#[test]
fn replay_with_undo_rebuilds_the_same_document() {
    // Undo is logged as the updates it wrote: the replay holds the same content and tree.
    // (Bytes may differ: yrs can split the blocks of an undo's deletions differently.)
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let s = t.create("section", &body);
    t.create("text", &s);
    t.cmd(json!({"type": "duplicate_elements", "ids": [s]}))
        .expect("dup");
    t.engine.undo();
    t.cmd(json!({"type": "move_elements", "ids": [s], "parent": body, "index": 0}))
        .expect("move");
    t.engine.undo();
    t.engine.redo();
    let entries = from_json_lines(&to_json_lines(t.engine.log())).expect("log");
    let mut replayed = Engine::new(EngineOptions::deterministic(1));
    replayed.replay(&entries, None).expect("replay");
    assert_eq!(replayed.to_snapshot(), t.engine.to_snapshot());
    for id in t.engine.state().elements.keys() {
        assert_eq!(replayed.state().children(id), t.engine.state().children(id));
    }
    assert!(
        !replayed.can_undo(),
        "replayed undo steps are writes, not history"
    );
}

fn snapshot_json(engine: &Engine) -> Value {
    serde_json::from_str(&engine.to_snapshot().to_json()).expect("snapshot is JSON")
}

fn record<'a>(snapshot: &'a Value, id: &ElementId) -> &'a Value {
    snapshot["elements"]
        .as_array()
        .and_then(|all| all.iter().find(|e| e["id"] == id.as_str()))
        .expect("element in the snapshot")
}

#[test]
fn sections_and_containers_take_semantic_tags() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let nav = t.create("container", &body);
    t.check_undo(json!({"type": "set_tag", "id": nav, "tag": "nav"}));
    assert_eq!(
        t.engine.element(&nav).and_then(|e| e.tag),
        Some(Tag::Container(ContainerTag::Nav))
    );
    assert_eq!(record(&snapshot_json(&t.engine), &nav)["tag"], "nav");
    let deltas = t.engine.take_deltas();
    let delta = deltas.elements.iter().find(|d| d.element.id == nav);
    assert_eq!(
        delta.and_then(|d| d.element.tag),
        Some(Tag::Container(ContainerTag::Nav)),
        "deltas carry the new tag"
    );

    t.check_undo(json!({"type": "set_tag", "id": nav, "tag": "div"}));
    assert_eq!(t.engine.element(&nav).and_then(|e| e.tag), None);
    assert!(
        record(&snapshot_json(&t.engine), &nav).get("tag").is_none(),
        "a container's own tag is stored absent"
    );

    let list = t
        .cmd(json!({"type": "create_element", "kind": "container", "parent": body, "tag": "ul"}))
        .expect("a container created as a list")
        .created[0]
        .clone();
    let item = t
        .cmd(json!({"type": "create_element", "kind": "section", "parent": list, "tag": "li"}))
        .expect("a section created as a list item")
        .created[0]
        .clone();
    assert_eq!(record(&snapshot_json(&t.engine), &list)["tag"], "ul");
    assert_eq!(record(&snapshot_json(&t.engine), &item)["tag"], "li");
    let plain = t
        .cmd(json!({"type": "create_element", "kind": "section", "parent": body, "tag": "section"}))
        .expect("a section with its own tag")
        .created[0]
        .clone();
    assert_eq!(t.engine.element(&plain).and_then(|e| e.tag), None);
    t.check_undo(json!({"type": "set_tag", "id": plain, "tag": "div"}));

    let text = t.create("text", &body);
    let img = t.create("image", &body);
    assert!(matches!(
        t.refused(json!({"type": "set_tag", "id": nav, "tag": "h1"})),
        EngineError::InvalidValue { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "set_tag", "id": text, "tag": "nav"})),
        EngineError::InvalidValue { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "set_tag", "id": img, "tag": "figure"})),
        EngineError::WrongKind { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "set_tag", "id": nav, "tag": "marquee"})),
        EngineError::InvalidCommand { .. }
    ));
    assert!(matches!(
        t.refused(
            json!({"type": "create_element", "kind": "text", "parent": body, "tag": "aside"})
        ),
        EngineError::InvalidValue { .. }
    ));
}

#[test]
fn project_and_pages_carry_language_and_direction() {
    let mut t = TestEngine::new();
    assert!(
        snapshot_json(&t.engine).get("project").is_none(),
        "the default project is left out of the snapshot"
    );
    assert_eq!(t.engine.state().project, Project::default());
    t.check_undo(json!({"type": "update_project", "lang": "ar", "dir": "rtl"}));
    assert_eq!(
        snapshot_json(&t.engine)["project"],
        json!({"lang": "ar", "dir": "rtl"})
    );
    assert_eq!(
        t.engine.take_deltas().project,
        Some(Project {
            lang: "ar".into(),
            dir: Dir::Rtl
        }),
        "deltas deliver the project when it changed"
    );
    t.cmd(json!({"type": "rename_page", "id": t.page, "name": "Start"}))
        .expect("rename");
    assert_eq!(t.engine.take_deltas().project, None, "and only then");
    t.check_undo(json!({"type": "update_project", "lang": "zh-Hant"}));
    assert_eq!(t.engine.state().project.dir, Dir::Rtl, "dir is kept");

    let page = t.page.clone();
    t.check_undo(json!({"type": "update_page", "id": page, "lang": "en-GB", "dir": "ltr"}));
    let stored = &snapshot_json(&t.engine)["pages"][0];
    assert_eq!(
        (&stored["lang"], &stored["dir"]),
        (&json!("en-GB"), &json!("ltr"))
    );
    t.check_undo(json!({"type": "update_page", "id": page, "lang": null, "dir": null}));
    let stored = &snapshot_json(&t.engine)["pages"][0];
    assert!(stored.get("lang").is_none() && stored.get("dir").is_none());
    assert_eq!(t.engine.state().pages[&page].lang, None);

    for lang in ["", "e", "english!", "en_GB", "toolonglanguage", "en--GB"] {
        assert!(
            matches!(
                t.refused(json!({"type": "update_project", "lang": lang})),
                EngineError::InvalidValue { .. }
            ),
            "{lang:?} is refused"
        );
        assert!(matches!(
            t.refused(json!({"type": "update_page", "id": page, "lang": lang})),
            EngineError::InvalidValue { .. }
        ));
    }
    assert!(matches!(
        t.refused(json!({"type": "update_project", "dir": "up"})),
        EngineError::InvalidCommand { .. }
    ));
    assert!(matches!(
        t.refused(json!({"type": "update_page", "id": "nope", "dir": "rtl"})),
        EngineError::UnknownPage { .. }
    ));
}

#[test]
fn tags_and_languages_survive_snapshots_updates_and_backups() {
    let mut t = TestEngine::new();
    let body = t.body.clone();
    let page = t.page.clone();
    let nav = t.create("container", &body);
    t.cmd(json!({"type": "set_tag", "id": nav, "tag": "nav"}))
        .expect("tag");
    t.cmd(json!({"type": "update_project", "lang": "he", "dir": "rtl"}))
        .expect("project");
    t.cmd(json!({"type": "update_page", "id": page, "lang": "en", "dir": "ltr"}))
        .expect("page");
    let json = t.snapshot();

    let from_snapshot = Engine::from_snapshot(
        EngineOptions::deterministic(9),
        &Snapshot::from_json(&json).expect("read"),
    )
    .expect("import");
    assert_eq!(from_snapshot.to_snapshot().to_json(), json);

    let mut from_update = Engine::new(EngineOptions::deterministic(9));
    from_update.load(&t.bytes()).expect("load");
    assert_eq!(from_update.to_snapshot().to_json(), json);
    assert_eq!(
        from_update.take_deltas().project.map(|p| p.dir),
        Some(Dir::Rtl),
        "a loaded document delivers its project"
    );

    let backup = t.engine.write_backup("p", 0, &[]).expect("backup");
    let read = backup::read_backup(&backup).expect("read backup");
    let restored = Engine::from_backup(EngineOptions::deterministic(9), &read).expect("restore");
    assert_eq!(restored.to_snapshot().to_json(), json);

    for (bad, what) in [
        (json.replacen("\"he\"", "\"h e\"", 1), "project lang"),
        (json.replacen("\"nav\"", "\"h1\"", 1), "container tag"),
    ] {
        assert!(
            matches!(
                Snapshot::from_json(&bad)
                    .and_then(|s| Engine::from_snapshot(EngineOptions::deterministic(9), &s)),
                Err(EngineError::InvalidSnapshot { .. })
            ),
            "a bad {what} is refused"
        );
    }
}

#[test]
fn concurrent_tag_and_language_changes_converge() {
    let mut a = TestEngine::with_client(1);
    let mut b = Engine::new(EngineOptions::deterministic(2));
    b.apply_update(&a.bytes()).expect("sync");
    let body = a.body.clone();
    let x = a.create("container", &body);
    exchange(&mut a.engine, &mut b);
    a.cmd(json!({"type": "set_tag", "id": x, "tag": "nav"}))
        .expect("a tags nav");
    a.cmd(json!({"type": "update_project", "lang": "fr"}))
        .expect("a sets French");
    b.commit_json(&json!({"type": "set_tag", "id": x, "tag": "header"}).to_string())
        .expect("b tags header");
    b.commit_json(&json!({"type": "update_project", "dir": "rtl"}).to_string())
        .expect("b sets rtl");
    exchange(&mut a.engine, &mut b);
    assert_eq!(a.engine.to_snapshot(), b.to_snapshot(), "both peers agree");
    let tag = b.element(&x).and_then(|e| e.tag);
    assert!(
        [ContainerTag::Nav, ContainerTag::Header]
            .map(Tag::Container)
            .contains(&tag.expect("a tag")),
        "one writer wins"
    );
    assert_eq!(
        b.state().project,
        Project {
            lang: "fr".into(),
            dir: Dir::Rtl
        },
        "edits of different settings both survive"
    );
}

fn hash(c: char) -> String {
    c.to_string().repeat(64)
}

fn photo(c: char, name: &str) -> Value {
    json!({"id": hash(c), "name": name, "mime": "image/jpeg", "size": 48_213,
           "width": 1920, "height": 1080,
           "variants": [{"width": 1280, "hash": hash('e')}, {"width": 640, "hash": hash('f')}],
           "placeholder": "data:image/webp;base64,UklGRg=="})
}

fn image_of(t: &mut TestEngine, asset: char) -> ElementId {
    let parent = t.body.clone();
    t.cmd(
        json!({"type": "create_element", "kind": "image", "parent": parent,
                 "props": {"src": format!("asset:{}", hash(asset))}}),
    )
    .expect("image")
    .created[0]
        .clone()
}

fn src(t: &TestEngine, id: &ElementId) -> Option<Scalar> {
    t.engine
        .element(id)
        .and_then(|e| e.props.get("src").cloned())
}

#[test]
fn the_asset_library_adds_renames_and_sets_alt_text_each_as_one_undo_step() {
    let mut t = TestEngine::new();
    t.check_undo(json!({"type": "add_asset", "asset": photo('a', "Team photo.jpg")}));
    let a = AssetId(hash('a'));
    let stored = t.engine.asset(&a).expect("in the library").clone();
    assert_eq!(stored.name, "Team photo.jpg");
    assert_eq!(
        stored.variants.iter().map(|v| v.width).collect::<Vec<_>>(),
        [640, 1280],
        "variants narrowest first"
    );
    t.check_undo(json!({"type": "rename_asset", "id": a, "name": "Team"}));
    t.check_undo(json!({"type": "set_asset_alt", "id": a, "alt": "The team on the roof"}));
    assert_eq!(
        t.engine.asset(&a).expect("asset").alt,
        "The team on the roof"
    );
    // The library travels in the snapshot and back.
    let copy = Engine::from_snapshot(EngineOptions::deterministic(9), &t.engine.to_snapshot())
        .expect("snapshot with assets loads");
    assert_eq!(copy.asset(&a), t.engine.asset(&a));

    let dup = t.refused(json!({"type": "add_asset", "asset": photo('a', "again.jpg")}));
    assert_eq!(dup.code(), "duplicate_id");
    let unknown = t.refused(json!({"type": "rename_asset", "id": hash('9'), "name": "x"}));
    assert_eq!(unknown.code(), "unknown_asset");
    for bad in [
        json!({"type": "add_asset", "asset": {"id": "not-a-hash", "name": "x", "mime": "image/png", "size": 1}}),
        json!({"type": "add_asset", "asset": {"id": hash('b'), "name": "", "mime": "image/png", "size": 1}}),
        json!({"type": "add_asset", "asset": {"id": hash('b'), "name": "x", "mime": "png", "size": 1}}),
        json!({"type": "set_asset_alt", "id": a, "alt": "bad\u{7}"}),
    ] {
        let err = t.refused(bad.clone());
        assert!(
            matches!(
                err.code(),
                "invalid_id" | "invalid_value" | "invalid_command"
            ),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn deltas_list_assets_with_their_users_and_removals() {
    let mut t = TestEngine::new();
    t.cmd(json!({"type": "add_asset", "asset": photo('a', "a.jpg")}))
        .expect("add");
    let d = t.engine.take_deltas();
    assert_eq!(d.assets.len(), 1);
    assert!(d.assets[0].used_by.is_empty());
    let img = image_of(&mut t, 'a');
    let d = t.engine.take_deltas();
    assert_eq!(
        d.assets.len(),
        1,
        "the usage count changed: the asset is sent again"
    );
    assert_eq!(d.assets[0].used_by, std::slice::from_ref(&img));
    let usage = t.engine.asset_usage();
    assert_eq!(usage.len(), 1);
    assert_eq!(usage[0].elements, std::slice::from_ref(&img));
    assert!(!usage[0].missing);
    t.cmd(json!({"type": "delete_elements", "ids": [img]}))
        .expect("delete");
    let d = t.engine.take_deltas();
    assert!(d.assets[0].used_by.is_empty());
    t.cmd(json!({"type": "remove_asset", "id": hash('a')}))
        .expect("unused: removed");
    let d = t.engine.take_deltas();
    assert_eq!(d.removed_assets, [AssetId(hash('a'))]);
    assert!(t.engine.full_deltas().assets.is_empty());
}

#[test]
fn removing_an_asset_in_use_is_refused_listing_the_elements_unless_forced() {
    let mut t = TestEngine::new();
    t.cmd(json!({"type": "add_asset", "asset": photo('a', "a.jpg")}))
        .expect("add");
    let one = image_of(&mut t, 'a');
    let two = image_of(&mut t, 'a');
    let err = t.refused(json!({"type": "remove_asset", "id": hash('a')}));
    let mut users = vec![one.0.clone(), two.0.clone()];
    users.sort();
    assert_eq!(
        err,
        EngineError::AssetInUse {
            id: hash('a'),
            elements: users
        }
    );
    assert_eq!(err.code(), "asset_in_use");
    t.check_undo(json!({"type": "remove_asset", "id": hash('a'), "force": true}));
    assert!(t.engine.asset(&AssetId(hash('a'))).is_none());
    assert_eq!(src(&t, &one), None, "a forced removal clears the source");
    assert_eq!(src(&t, &two), None);
}

#[test]
fn replacing_an_asset_switches_every_image_using_it_in_one_undo_step() {
    let mut t = TestEngine::new();
    t.cmd(json!({"type": "add_asset", "asset": photo('a', "old.jpg")}))
        .expect("add");
    t.cmd(json!({"type": "set_asset_alt", "id": hash('a'), "alt": "Our shop"}))
        .expect("alt");
    let one = image_of(&mut t, 'a');
    let section = t.create("section", &t.body.clone());
    let parent = section.clone();
    let two = t
        .cmd(json!({"type": "create_element", "kind": "video", "parent": parent,
                     "props": {"src": "https://cdn.example.com/v.mp4", "poster": format!("asset:{}", hash('a'))}}))
        .expect("video")
        .created[0]
        .clone();
    let mut with = photo('b', "new.jpg");
    with["alt"] = json!("");
    t.check_undo(json!({"type": "replace_asset", "id": hash('a'), "with": with}));
    let b = Scalar::Text(format!("asset:{}", hash('b')));
    assert_eq!(src(&t, &one), Some(b.clone()));
    assert_eq!(
        t.engine
            .element(&two)
            .and_then(|e| e.props.get("poster").cloned()),
        Some(b)
    );
    assert!(t.engine.asset(&AssetId(hash('a'))).is_none());
    let new = t.engine.asset(&AssetId(hash('b'))).expect("replacement");
    assert_eq!(new.alt, "Our shop", "an empty alt keeps the old alt text");
    assert_eq!(new.name, "new.jpg");
    let same =
        t.refused(json!({"type": "replace_asset", "id": hash('b'), "with": photo('b', "x")}));
    assert_eq!(same.code(), "invalid_value");
}

#[test]
fn image_sources_are_checked_and_content_is_not_a_source() {
    let mut t = TestEngine::new();
    let img = t.create("image", &t.body.clone());
    for ok in [
        "https://example.com/a.png",
        "/images/a.png",
        "assets/logo.png",
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
    ] {
        t.check_undo(json!({"type": "update_props", "id": img, "set": {"src": ok}}));
    }
    let cases = [
        ("javascript:alert(1)", "scheme"),
        ("vbscript:x", "scheme"),
        ("//evil.example/a.png", "protocol_relative"),
        ("photo.png", "relative"),
        ("https://x/a\u{1}.png", "bad_characters"),
    ];
    for (value, problem) in cases {
        let err = t.refused(json!({"type": "update_props", "id": img, "set": {"src": value}}));
        assert_eq!(err.code(), "invalid_source", "{value}");
        let wire = serde_json::to_value(&err).expect("json");
        assert_eq!(wire["problem"], problem, "{value}");
    }
    let big = format!("data:image/png;base64,{}", "A".repeat(MAX_INLINE_BYTES));
    let err = t.refused(json!({"type": "update_props", "id": img, "set": {"src": big}}));
    assert_eq!(
        serde_json::to_value(&err).expect("json")["problem"],
        "inline_too_large"
    );
    let missing = t.refused(
        json!({"type": "update_props", "id": img, "set": {"src": format!("asset:{}", hash('c'))}}),
    );
    assert_eq!(missing.code(), "unknown_asset");
    let content =
        t.refused(json!({"type": "set_content", "id": img, "content": "https://x/a.png"}));
    assert_eq!(content.code(), "wrong_kind");
    assert!(content.to_string().contains("props.src"));
    let parent = t.body.clone();
    let created = t.refused(
        json!({"type": "create_element", "kind": "image", "parent": parent,
                                   "props": {"src": "javascript:alert(1)"}}),
    );
    assert_eq!(created.code(), "invalid_source");
    // Props are an allow-list per kind: an embed has no src, no element an event handler.
    let embed = t.create("embed", &t.body.clone());
    for key in ["src", "onclick", "onerror"] {
        let err = t.refused(json!({"type": "update_props", "id": embed, "set": {key: "anything"}}));
        assert_eq!(err.code(), "invalid_value", "{key}");
    }
    t.check_undo(json!({"type": "update_props", "id": embed, "set": {"data-config": "anything"}}));
}

#[test]
fn a_restored_version_brings_back_its_library_and_lists_its_blobs() {
    let mut t = TestEngine::new();
    t.cmd(json!({"type": "add_asset", "asset": photo('a', "a.jpg")}))
        .expect("add");
    image_of(&mut t, 'a');
    let version = t.bytes();
    let blobs = blobs_in_version(&version).expect("blobs");
    assert_eq!(blobs, [hash('a'), hash('e'), hash('f')]);
    assert_eq!(t.engine.referenced_blobs(), blobs);
    t.cmd(json!({"type": "remove_asset", "id": hash('a'), "force": true}))
        .expect("remove");
    t.cmd(json!({"type": "add_asset", "asset": photo('b', "b.jpg")}))
        .expect("add b");
    let before = t.snapshot();
    t.engine.restore(&version).expect("restore");
    assert!(t.engine.asset(&AssetId(hash('a'))).is_some());
    assert!(t.engine.asset(&AssetId(hash('b'))).is_none());
    assert_eq!(t.engine.asset_usage()[0].elements.len(), 1);
    assert!(t.engine.undo(), "the restore is one undo step");
    assert_eq!(t.snapshot(), before);
}

#[test]
fn a_collaborator_removing_an_asset_in_use_leaves_it_reported_missing() {
    let mut a = TestEngine::with_client(1);
    let mut b = Engine::new(EngineOptions::deterministic(2));
    b.apply_update(&a.bytes()).expect("b joins");
    a.cmd(json!({"type": "add_asset", "asset": photo('a', "a.jpg")}))
        .expect("add");
    exchange(&mut a.engine, &mut b);
    b.commit_json(&json!({"type": "remove_asset", "id": hash('a')}).to_string())
        .expect("unused for b");
    let img = image_of(&mut a, 'a');
    exchange(&mut a.engine, &mut b);
    exchange(&mut a.engine, &mut b);
    for engine in [&a.engine, &b] {
        let usage = engine.asset_usage();
        assert_eq!(usage.len(), 1);
        assert!(usage[0].missing);
        assert_eq!(usage[0].elements, std::slice::from_ref(&img));
    }
}
