//! Components export as the canvas shows them: each instance is its master's subtree with the
//! chosen variant, prop values and overrides; masters are not pages and leave no trace of their
//! own ids; the same document gives the same bytes.

use omnios_compiler::{compile, select_pages, Assets, Target};
use omnios_engine::component::shown_id;
use omnios_engine::{ElementId, Engine, EngineOptions, Snapshot};
use serde_json::{json, Value};

fn run(engine: &mut Engine, command: Value) {
    engine
        .commit_json(&command.to_string())
        .unwrap_or_else(|e| panic!("{command}: {e}"));
}

/// An engine with one page, and that page's body.
fn home() -> (Engine, ElementId) {
    let mut engine = Engine::new(EngineOptions::deterministic(1));
    let page = engine
        .commit_json(r#"{"type":"create_page","id":"home","name":"Home"}"#)
        .expect("page")
        .created_pages[0]
        .clone();
    let body = engine.state().pages[&page].root.clone();
    (engine, body)
}

/// A page with a card master `Card` (a section holding the text `title`, its content the
/// prop `heading`, default "Plain") and three instances: `a` as the master shows it, `b` with
/// its title overridden, `c` with the variant `size=lg` (its padding 40px, title "Large").
/// Returns the snapshot and the master's id for the title.
fn three_cards() -> (Snapshot, String) {
    let (mut engine, body) = home();
    run(
        &mut engine,
        json!({"type": "create_element", "id": "a", "kind": "section", "parent": body,
        "styles": {"base": {"padding-top": "8px"}, "mobile": {"padding-top": "4px"}}}),
    );
    run(
        &mut engine,
        json!({"type": "create_element", "id": "title", "kind": "text", "parent": "a",
        "content": "Hello", "tag": "h2"}),
    );
    run(
        &mut engine,
        json!({"type": "create_component", "id": "a", "name": "Card", "component_id": "Card"}),
    );
    let title = engine.state().children(&"Card".into())[0].0.clone();
    run(
        &mut engine,
        json!({"type": "declare_prop", "component": "Card", "name": "heading", "kind": "text",
        "target": format!("{title}|content"), "default": "Plain"}),
    );
    for id in ["b", "c"] {
        run(
            &mut engine,
            json!({"type": "insert_instance", "component": "Card", "parent": body, "id": id}),
        );
    }
    let b_title = shown_id(&"b".into(), &[title.as_str().into()]);
    run(
        &mut engine,
        json!({"type": "set_content", "id": b_title, "content": "Overridden"}),
    );
    for (target, value) in [
        ("Card|style|base|padding-top".to_owned(), "40px"),
        (format!("{title}|content"), "Large"),
    ] {
        run(
            &mut engine,
            json!({"type": "set_variant_value", "component": "Card", "axis": "size",
            "option": "lg", "target": target, "value": value}),
        );
    }
    run(
        &mut engine,
        json!({"type": "update_props", "id": "c", "set": {"size": "lg"}}),
    );
    (engine.to_snapshot(), title)
}

fn text(export: &omnios_compiler::Export, path: &str) -> String {
    String::from_utf8(export.file(path).expect(path).to_vec()).expect("utf-8")
}

fn class(instance: &str, path: &[&str]) -> String {
    let path: Vec<_> = path.iter().map(|p| (*p).into()).collect();
    format!("o-{}", shown_id(&instance.into(), &path))
}

#[test]
fn each_instance_exports_as_its_resolved_card() {
    let (snapshot, title) = three_cards();
    let stat = compile(&snapshot, &Assets::new(), Target::Static).expect("static");
    let next = compile(&snapshot, &Assets::new(), Target::NextJs).expect("next");
    let html = text(&stat, "index.html");
    let tsx = text(&next, "app/page.tsx");
    for (instance, heading) in [("a", "Plain"), ("b", "Overridden"), ("c", "Large")] {
        let h2 = class(instance, &[&title]);
        assert!(
            html.contains(&format!(r#"<h2 class="{h2}">{heading}</h2>"#)),
            "{instance}: {html}"
        );
        // Next.js writes the instance with an override inline, the others as `<Card />`.
        assert_eq!(
            tsx.contains(&format!(r#"<h2 className="{h2}">{{"{heading}"}}</h2>"#)),
            instance == "b",
            "{instance}: {tsx}"
        );
        // The card sits inside its instance, the title inside the card.
        let card = class(instance, &["Card"]);
        let flat: String = html.lines().map(str::trim).collect();
        let wrapped =
            format!(r#"<div class="o-{instance}"><section class="{card}"><h2 class="{h2}">"#);
        assert!(flat.contains(&wrapped), "{instance}: {html}");
    }
    let page: String = tsx.lines().map(str::trim).collect();
    assert!(
        page.contains(r#"<div className="o-a"><Card /></div>"#),
        "{tsx}"
    );
    assert!(
        page.contains(r#"<div className="o-c"><Card size="lg" /></div>"#),
        "{tsx}"
    );
    // The prop wins over the variant's text, the variant's over the default.
    let card = text(&next, "components/Card.tsx");
    assert!(
        card.contains(&format!(
            r#"<h2 className="o-{title}">{{heading ?? (size === "lg" ? "Large" : "Plain")}}</h2>"#
        )),
        "{card}"
    );
    // Styles per breakpoint as for plain elements; the variant's padding on `c` only.
    let css = text(&stat, "styles.css");
    for (instance, padding) in [("a", "8px"), ("b", "8px"), ("c", "40px")] {
        let card = class(instance, &["Card"]);
        assert!(
            css.contains(&format!(".{card} {{\n  padding-top: {padding};\n}}")),
            "{instance}: {css}"
        );
        assert!(
            css.contains(&format!("  .{card} {{\n    padding-top: 4px;\n  }}")),
            "{instance}: {css}"
        );
    }
    // The master is no page and its own ids reach neither markup nor CSS.
    let pages: Vec<&str> = stat
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert_eq!(pages, ["index.html"]);
    for file in [&html, &tsx, &css] {
        assert!(!file.contains("o-Card"), "{file}");
        assert!(!file.contains(&format!("o-{title}")), "{file}");
        assert!(
            !file.contains("Hello"),
            "the master's own text shows nowhere: {file}"
        );
    }
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let (one, _) = three_cards();
    let (two, _) = three_cards();
    for target in [Target::Static, Target::NextJs] {
        let a = compile(&one, &Assets::new(), target).expect("compile");
        let b = compile(&two, &Assets::new(), target).expect("compile");
        assert_eq!(a, b);
        assert_eq!(a, compile(&one, &Assets::new(), target).expect("compile"));
    }
}

#[test]
fn exporting_one_page_keeps_the_masters_its_instances_show() {
    let (snapshot, title) = three_cards();
    let home = snapshot.pages[0].id.0.clone();
    let only = select_pages(&snapshot, &[home]).expect("select");
    let html = text(
        &compile(&only, &Assets::new(), Target::Static).expect("static"),
        "index.html",
    );
    assert!(html.contains(&class("c", &[&title])), "{html}");
    assert!(html.contains(">Large</h2>"), "{html}");
}

#[test]
fn slot_children_and_images_of_the_master_export_in_place() {
    let (mut engine, body) = home();
    run(
        &mut engine,
        json!({"type": "create_element", "id": "x", "kind": "section", "parent": body}),
    );
    run(
        &mut engine,
        json!({"type": "create_element", "id": "pic", "kind": "image", "parent": "x",
        "props": {"src": "assets/hero.png", "alt": "Hero", "width": 4, "height": 2}}),
    );
    run(
        &mut engine,
        json!({"type": "create_element", "id": "box", "kind": "container", "parent": "x"}),
    );
    run(
        &mut engine,
        json!({"type": "create_component", "id": "x", "name": "Media", "component_id": "Media"}),
    );
    let kids = engine.state().children(&"Media".into()).to_vec();
    let (pic, slot) = (kids[0].0.clone(), kids[1].0.clone());
    run(
        &mut engine,
        json!({"type": "set_slot", "component": "Media", "element": slot, "slot": true}),
    );
    let shown_slot = shown_id(&"x".into(), &[slot.as_str().into()]);
    run(
        &mut engine,
        json!({"type": "create_element", "id": "mine", "kind": "text", "parent": shown_slot,
        "content": "Only in x"}),
    );
    let snapshot = engine.to_snapshot();
    // The master's image is read like any image: its file must be given.
    assert!(compile(&snapshot, &Assets::new(), Target::Static).is_err());
    let mut assets = Assets::new();
    assets.insert("hero.png", vec![1, 2, 3]).expect("asset");
    let export = compile(&snapshot, &assets, Target::Static).expect("static");
    let flat: String = text(&export, "index.html").lines().map(str::trim).collect();
    let img = class("x", &[&pic]);
    assert!(
        flat.contains(&format!(r#"<img class="{img}" src="assets/hero.png""#)),
        "{flat}"
    );
    let slot_class = class("x", &[&slot]);
    assert!(
        flat.contains(&format!(
            r#"<div class="{slot_class}"><p class="o-mine">Only in x</p></div>"#
        )),
        "{flat}"
    );
    assert!(export.file("assets/hero.png").is_some());
}
