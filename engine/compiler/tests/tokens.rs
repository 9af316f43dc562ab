//! Design tokens in the export: CSS variables on `:root` named after the tokens, and every
//! style that uses a token written as `var(--name)`, in both targets.

use omnios_compiler::{compile, Assets, CompileError, Target};
use omnios_engine::{Engine, EngineOptions, Snapshot};
use serde_json::{json, Value};

fn cmd(engine: &mut Engine, command: Value) {
    engine
        .commit_json(&command.to_string())
        .unwrap_or_else(|e| panic!("{command}: {e}"));
}

/// A page whose two sections use a colour token and a spacing token.
fn project() -> Engine {
    let mut engine = Engine::new(EngineOptions::deterministic(1));
    cmd(
        &mut engine,
        json!({"type": "create_page", "id": "home", "name": "Home"}),
    );
    let body = engine.state().pages[&"home".into()].root.clone();
    for (id, kind, name, value) in [
        ("brand", "color", "brand", "#ff0000"),
        ("space", "spacing", "space-m", "16px"),
        ("corner", "radius", "corner", "4px"),
    ] {
        cmd(
            &mut engine,
            json!({"type": "create_token", "id": id, "kind": kind, "name": name, "value": value}),
        );
    }
    for id in ["s1", "s2"] {
        cmd(
            &mut engine,
            json!({"type": "create_element", "id": id, "kind": "section", "parent": body,
            "styles": {"base": {"color": "token:brand", "padding-top": "token:space"},
                       "mobile": {"background-color": "token:brand"}}}),
        );
    }
    engine
}

fn css(engine: &Engine, target: Target) -> String {
    let export = compile(&engine.to_snapshot(), &Assets::new(), target).expect("compile");
    let path = match target {
        Target::NextJs => "app/globals.css",
        Target::Static => "styles.css",
    };
    String::from_utf8(export.file(path).expect(path).to_vec()).expect("utf-8")
}

#[test]
fn tokens_are_root_variables_and_styles_use_them() {
    let engine = project();
    for target in [Target::Static, Target::NextJs] {
        let css = css(&engine, target);
        assert!(
            css.contains(":root {\n  --brand: #ff0000;\n  --space-m: 16px;\n  --corner: 4px;\n}"),
            "{css}"
        );
        for id in ["s1", "s2"] {
            assert!(
                css.contains(&format!(
                    ".o-{id} {{\n  padding-top: var(--space-m);\n  color: var(--brand);\n}}"
                )),
                "{css}"
            );
            assert!(
                css.contains(&format!(
                    "  .o-{id} {{\n    background-color: var(--brand);\n  }}"
                )),
                "{css}"
            );
        }
        assert!(!css.contains("token:"), "{css}");
    }
}

#[test]
fn changing_or_renaming_a_token_changes_the_one_variable() {
    let mut engine = project();
    cmd(
        &mut engine,
        json!({"type": "update_token", "id": "brand", "value": "#00ff00"}),
    );
    cmd(
        &mut engine,
        json!({"type": "rename_token", "id": "brand", "name": "primary"}),
    );
    let css = css(&engine, Target::Static);
    assert!(css.contains("  --primary: #00ff00;\n"), "{css}");
    assert!(!css.contains("--brand"), "{css}");
    assert_eq!(css.matches("color: var(--primary);").count(), 4, "{css}");
}

#[test]
fn a_forced_delete_exports_the_value_in_place() {
    let mut engine = project();
    cmd(
        &mut engine,
        json!({"type": "delete_token", "id": "brand", "force": true}),
    );
    let css = css(&engine, Target::Static);
    assert!(!css.contains("--brand"), "{css}");
    assert_eq!(css.matches("color: #ff0000;").count(), 4, "{css}");
}

fn with_tokens(tokens: Value, color: &str) -> Snapshot {
    let json = json!({"format": "omnios", "version": 1,
        "pages": [{"id": "p1", "name": "Home", "slug": "", "title": "Home", "description": "",
                   "order": "a0", "root": "b1"}],
        "elements": [
            {"id": "b1", "kind": "body", "page": "p1", "parent": null, "order": "a0"},
            {"id": "t1", "kind": "text", "page": "p1", "parent": "b1", "order": "a0",
             "content": "Hi", "styles": {"base": {"color": color}}}],
        "tokens": tokens});
    Snapshot::from_json(&json.to_string()).expect("snapshot")
}

#[test]
fn two_tokens_of_one_name_get_two_variables() {
    // Two collaborators named two tokens alike at once: neither variable shadows the other.
    let snapshot = with_tokens(
        json!([{"id": "a", "name": "brand", "kind": "color", "value": "red"},
               {"id": "b", "name": "brand", "kind": "color", "value": "blue"}]),
        "token:b",
    );
    let export = compile(&snapshot, &Assets::new(), Target::Static).expect("compile");
    let css = String::from_utf8(export.file("styles.css").expect("css").to_vec()).expect("utf-8");
    assert!(
        css.contains("  --brand: red;\n  --brand-b: blue;\n"),
        "{css}"
    );
    assert!(css.contains("color: var(--brand-b);"), "{css}");
}

#[test]
fn a_reference_to_a_missing_token_is_left_out_with_a_warning() {
    let snapshot = with_tokens(json!([]), "token:gone");
    let export = compile(&snapshot, &Assets::new(), Target::Static).expect("compile");
    let css = String::from_utf8(export.file("styles.css").expect("css").to_vec()).expect("utf-8");
    assert!(!css.contains("token:") && !css.contains("var(--"), "{css}");
    assert!(
        export
            .warnings
            .iter()
            .any(|w| w.contains("t1") && w.contains("gone")),
        "{:?}",
        export.warnings
    );
}

#[test]
fn a_token_the_engine_would_refuse_is_refused() {
    for bad in [
        json!([{"id": "a", "name": "brand", "kind": "color", "value": "red; } body { display: none"}]),
        json!([{"id": "a", "name": "x} :root {", "kind": "color", "value": "red"}]),
        json!([{"id": "a", "name": "gap", "kind": "spacing", "value": "red"}]),
        json!([{"id": "a b", "name": "brand", "kind": "color", "value": "red"}]),
    ] {
        let snapshot = with_tokens(bad.clone(), "red");
        assert!(
            matches!(
                compile(&snapshot, &Assets::new(), Target::NextJs),
                Err(CompileError::InvalidToken { .. })
            ),
            "{bad}"
        );
    }
}
