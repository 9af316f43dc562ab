//! Duplicating a page: a copy right after it with every element copied under fresh ids (same
//! tree, content, props, styles, token references and asset sources), named and slugged "2",
//! "3", …; one undo step; a peer receives the whole copy; bad requests change nothing.

use omnios_engine::*;
use serde_json::{json, Value};

struct Project {
    engine: Engine,
}

impl Project {
    fn new(client: u64) -> Self {
        let mut engine = Engine::new(EngineOptions::deterministic(client));
        engine
            .commit_json(r#"{"type":"create_page","id":"home","name":"Home"}"#)
            .expect("page");
        engine.clear_history();
        engine.take_local_updates();
        Self { engine }
    }

    fn ok(&mut self, command: Value) -> Applied {
        self.engine
            .commit_json(&command.to_string())
            .unwrap_or_else(|e| panic!("{command}: {e}"))
    }

    fn create(&mut self, parent: &ElementId, element: Value) -> ElementId {
        let mut command = element;
        command["type"] = json!("create_element");
        command["parent"] = json!(parent);
        self.ok(command).created[0].clone()
    }

    fn page(&self, id: &str) -> Page {
        self.engine.state().pages[&PageId(id.into())].clone()
    }

    fn page_order(&self) -> Vec<(String, String)> {
        self.engine
            .state()
            .pages_in_order()
            .into_iter()
            .map(|p| (p.name.clone(), p.slug.clone()))
            .collect()
    }

    fn snapshot(&self) -> String {
        self.engine.to_snapshot().to_json()
    }

    fn bytes(&self) -> Vec<u8> {
        self.engine.encode_state_as_update(&[]).expect("encode")
    }

    /// The element and everything inside it without ids or order keys: what a user sees.
    fn tree(&self, id: &ElementId) -> Value {
        let el = self.engine.element(id).expect("element");
        let children: Vec<Value> = self
            .engine
            .state()
            .children(id)
            .iter()
            .map(|c| self.tree(c))
            .collect();
        json!({
            "kind": el.kind, "name": el.name, "tag": el.tag, "content": el.content,
            "props": el.props, "styles": el.styles, "hidden": el.hidden, "locked": el.locked,
            "children": children,
        })
    }

    /// Every element id on a page, body first.
    fn ids_on(&self, page: &Page) -> Vec<ElementId> {
        let mut out = Vec::new();
        let mut stack = vec![page.root.clone()];
        while let Some(id) = stack.pop() {
            stack.extend(self.engine.state().children(&id).iter().cloned());
            out.push(id);
        }
        out
    }
}

/// Home, then "About" holding a styled hero with nested text, an image from the library and a
/// token reference, then "Contact".
fn site() -> Project {
    let mut p = Project::new(1);
    let hash = "a".repeat(64);
    p.ok(
        json!({"type": "add_asset", "asset": {"id": hash, "name": "team.jpg",
        "mime": "image/jpeg", "size": 48_213, "width": 1920, "height": 1080}}),
    );
    p.ok(
        json!({"type": "create_token", "id": "brand", "name": "brand", "kind": "color",
        "value": "#ff3366"}),
    );
    p.ok(
        json!({"type": "create_page", "id": "about", "name": "About", "slug": "about",
        "title": "About us", "description": "Who we are"}),
    );
    p.ok(json!({"type": "update_page", "id": "about", "lang": "fr"}));
    p.ok(json!({"type": "create_page", "id": "contact", "name": "Contact"}));
    let body = p.page("about").root;
    let hero = p.create(
        &body,
        json!({"kind": "section", "name": "Hero", "tag": "header",
            "styles": {"base": {"background-color": "token:brand", "padding-top": "32px"},
                       "mobile": {"padding-top": "8px"}}}),
    );
    let inner = p.create(&hero, json!({"kind": "container", "name": "Copy"}));
    p.create(
        &inner,
        json!({"kind": "text", "tag": "h1", "content": "We make things",
            "styles": {"base": {"color": "token:brand"}}}),
    );
    p.create(
        &inner,
        json!({"kind": "link", "content": "Write to us", "props": {"href": "/contact"}}),
    );
    p.create(
        &body,
        json!({"kind": "image", "name": "Team", "props": {"src": format!("asset:{hash}")}}),
    );
    p.engine.clear_history();
    p.engine.take_local_updates();
    p
}

#[test]
fn a_copy_follows_the_page_with_the_same_elements_under_fresh_ids() {
    let mut p = site();
    let about = p.page("about");
    let before = p.snapshot();
    let made = p.ok(json!({"type": "duplicate_page", "id": "about"}));
    let after = p.snapshot();

    assert_eq!(made.created_pages.len(), 1);
    let copy = p.engine.state().pages[&made.created_pages[0]].clone();
    assert_eq!(
        p.page_order(),
        [
            ("Home", ""),
            ("About", "about"),
            ("About 2", "about-2"),
            ("Contact", "contact")
        ]
        .map(|(n, s)| (n.to_owned(), s.to_owned()))
    );
    assert_eq!(copy.title, "About us");
    assert_eq!(copy.description, "Who we are");
    assert_eq!(copy.lang.as_deref(), Some("fr"));

    // Same tree, content, props (the asset source), styles (the token references).
    assert_eq!(p.tree(&copy.root), p.tree(&about.root));
    let originals = p.ids_on(&about);
    let copies = p.ids_on(&copy);
    assert_eq!(copies.len(), originals.len());
    assert!(copies.iter().all(|c| !originals.contains(c)), "fresh ids");
    for id in &copies {
        assert_eq!(p.engine.element(id).map(|e| &e.page), Some(&copy.id));
    }
    // Every copied element but the body is reported, so the editor can select them.
    let mut created = made.created.clone();
    created.sort();
    let mut below_body: Vec<ElementId> = copies[1..].to_vec();
    below_body.sort();
    assert_eq!(created, below_body);
    // The original is untouched.
    assert_eq!(p.ids_on(&p.page("about")), originals);
    p.engine.state().check_invariants().expect("invariants");

    // One undo step removes the whole copy; redo brings it back.
    assert!(p.engine.undo());
    assert_eq!(p.snapshot(), before);
    assert!(!p.engine.state().pages.contains_key(&copy.id));
    assert!(p.engine.element(&copy.root).is_none());
    assert!(p.engine.redo());
    assert_eq!(p.snapshot(), after);
}

#[test]
fn copies_are_numbered_like_copied_elements_and_slugs_follow() {
    let mut p = site();
    p.ok(json!({"type": "duplicate_page", "id": "about"}));
    let third = p.ok(json!({"type": "duplicate_page", "id": "about"}));
    let of_copy = p.ok(json!({"type": "duplicate_page", "id": third.created_pages[0]}));
    let home = p.ok(json!({"type": "duplicate_page", "id": "home"}));
    let names: Vec<(String, String)> = p.page_order();
    assert_eq!(
        names,
        [
            ("Home", ""),
            ("Home 2", "home-2"),
            ("About", "about"),
            ("About 3", "about-3"),
            ("About 4", "about-4"),
            ("About 2", "about-2"),
            ("Contact", "contact"),
        ]
        .map(|(n, s)| (n.to_owned(), s.to_owned()))
    );
    assert_eq!(
        p.engine.state().pages[&of_copy.created_pages[0]].name,
        "About 4"
    );
    // The home page's copy is a page like any other, with its own slug.
    assert_eq!(
        p.engine.state().pages[&home.created_pages[0]].slug,
        "home-2"
    );
}

#[test]
fn the_new_page_takes_the_asked_id_and_bad_requests_change_nothing() {
    let mut p = site();
    let made = p.ok(json!({"type": "duplicate_page", "id": "about", "new_id": "about-copy"}));
    assert_eq!(made.created_pages, vec![PageId("about-copy".into())]);

    let before = p.bytes();
    for (command, code) in [
        (
            json!({"type": "duplicate_page", "id": "nope"}),
            "unknown_page",
        ),
        (
            json!({"type": "duplicate_page", "id": "about", "new_id": "contact"}),
            "duplicate_id",
        ),
        (
            json!({"type": "duplicate_page", "id": "about", "new_id": "bad id!"}),
            "invalid_id",
        ),
    ] {
        let err = p
            .engine
            .commit_json(&command.to_string())
            .expect_err("refused");
        assert_eq!(err.code(), code, "{command}");
        assert_eq!(p.bytes(), before, "{command} changed the document");
    }
}

#[test]
fn a_peer_receives_the_whole_copy() {
    let mut a = site();
    let mut b = Project {
        engine: Engine::new(EngineOptions::deterministic(2)),
    };
    b.engine.load(&a.bytes()).expect("load");
    a.engine.take_local_updates();
    let made = a.ok(json!({"type": "duplicate_page", "id": "about"}));
    for update in a.engine.take_local_updates() {
        b.engine.apply_update(&update).expect("peer applies");
    }
    let copy = &made.created_pages[0];
    let on_b = b.engine.state().pages[copy].clone();
    assert_eq!(on_b.name, "About 2");
    assert_eq!(b.tree(&on_b.root), a.tree(&a.page("about").root));
    assert_eq!(b.snapshot(), a.snapshot());
    b.engine.state().check_invariants().expect("invariants");
    // The peer's undo has nothing of it: the copy stays.
    assert!(!b.engine.undo());
    assert!(b.engine.state().pages.contains_key(copy));
}
