//! The Chromium layout fidelity cases without text, run natively (tests/layout/README.md):
//! tests/layout/expected/<algo>/<case>.json holds each fixture's
//! elements and the boxes Chromium gave them; a case with no text needs no browser to measure
//! it, so its boxes must come out of the native engine too, within 0.5 px. The full suite, text
//! included, runs the WASM engine in Chromium (tests/layout/fidelity.test.mjs).
//!
//! Fixtures named in tests/layout/known-differences.toml are left to the browser suite, which
//! explains their misses.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use omnios_engine::*;
use serde_json::{json, Map, Value};

const TOLERANCE: f32 = 0.5;

fn layout_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/layout")
}

fn expected_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            expected_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            out.push(path);
        }
    }
}

/// Fixtures with a known difference, read from the `fixture = "…"` lines of the TOML file.
fn known_fixtures() -> BTreeSet<String> {
    let text = fs::read_to_string(layout_dir().join("known-differences.toml"))
        .expect("tests/layout/known-differences.toml");
    text.lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("fixture")?.trim_start();
            let value = rest.strip_prefix('=')?.trim();
            Some(value.trim_matches(|c| c == '"' || c == '\'').to_owned())
        })
        .collect()
}

fn has_text(element: &Value) -> bool {
    element.get("text").is_some()
        || element["children"]
            .as_array()
            .is_some_and(|children| children.iter().any(has_text))
}

/// The fixture's tag as an element kind and text tag (web/src/layout-fidelity/fixtureCommands.ts).
fn kind_of(tag: &str) -> (&'static str, Option<&str>) {
    match tag {
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "span" => ("text", Some(tag)),
        "section" => ("section", None),
        "button" => ("button", None),
        "a" => ("link", None),
        "img" => ("image", None),
        "input" => ("input", None),
        "video" => ("video", None),
        _ => ("container", None),
    }
}

fn slots(styles: &Value) -> Map<String, Value> {
    styles
        .as_object()
        .map(|slots| {
            slots
                .iter()
                .filter(|(_, decls)| decls.as_object().is_some_and(|d| !d.is_empty()))
                .map(|(slot, decls)| (slot.clone(), decls.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn create(engine: &mut Engine, element: &Value, parent: &str) {
    let (kind, tag) = kind_of(element["tag"].as_str().expect("tag"));
    let id = element["id"].as_str().expect("id");
    let mut command = json!({"type": "create_element", "kind": kind, "parent": parent, "id": id});
    if let Some(tag) = tag {
        command["tag"] = json!(tag);
    }
    if let Some(attributes) = element.get("attributes").and_then(Value::as_object) {
        let props: Map<String, Value> = attributes
            .iter()
            .map(|(k, v)| {
                let n: f64 = v
                    .as_str()
                    .and_then(|s| s.parse().ok())
                    .expect("numeric attribute");
                (k.clone(), json!(n))
            })
            .collect();
        command["props"] = Value::Object(props);
    }
    let styles = slots(&element["styles"]);
    if !styles.is_empty() {
        command["styles"] = Value::Object(styles);
    }
    engine
        .commit_json(&command.to_string())
        .unwrap_or_else(|e| panic!("#{id}: {e}"));
    for child in element["children"].as_array().into_iter().flatten() {
        create(engine, child, id);
    }
}

fn build(root: &Value) -> (Engine, ElementId) {
    let mut engine = Engine::new(EngineOptions::deterministic(1));
    let page = engine
        .commit_json(r#"{"type":"create_page","name":"Fixture"}"#)
        .expect("page")
        .created_pages[0]
        .clone();
    let body = engine.state().pages[&page].root.clone();
    for (slot, set) in slots(&root["styles"]) {
        let command = json!({"type": "update_styles", "ids": [body], "slot": slot, "set": set});
        engine
            .commit_json(&command.to_string())
            .expect("body styles");
    }
    for child in root["children"].as_array().into_iter().flatten() {
        create(&mut engine, child, body.as_str());
    }
    (engine, body)
}

fn number(v: &Value, key: &str) -> f32 {
    v[key].as_f64().expect("box field") as f32
}

#[test]
fn chromium_boxes_of_cases_without_text_match_the_native_engine() {
    let mut files = Vec::new();
    expected_files(&layout_dir().join("expected"), &mut files);
    assert!(
        !files.is_empty(),
        "no expected cases under tests/layout/expected"
    );
    let known = known_fixtures();
    let (mut cases, mut boxes) = (0, 0);
    let mut misses = Vec::new();
    for file in &files {
        let case: Value = serde_json::from_str(&fs::read_to_string(file).expect("read case"))
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let fixture = case["fixture"].as_str().expect("fixture");
        if has_text(&case["root"]) || known.contains(fixture) {
            continue;
        }
        cases += 1;
        let root_id = case["root"]["id"].as_str().expect("root id").to_owned();
        let (mut engine, body) = build(&case["root"]);
        for render in case["renders"].as_array().expect("renders") {
            let breakpoint: Breakpoint =
                serde_json::from_value(render["breakpoint"].clone()).expect("breakpoint");
            engine.set_breakpoint(breakpoint, number(&render["viewport"], "height"));
            engine.layout();
            for (id, want) in render["boxes"].as_object().expect("boxes") {
                boxes += 1;
                let element = if *id == root_id {
                    body.clone()
                } else {
                    ElementId(id.clone())
                };
                let got = engine.box_of(&element);
                let ok = match (want.is_null(), got) {
                    (true, None) => true,
                    (false, Some(b)) => [
                        (b.x, number(want, "x")),
                        (b.y, number(want, "y")),
                        (b.width, number(want, "width")),
                        (b.height, number(want, "height")),
                    ]
                    .iter()
                    .all(|(a, w)| (a - w).abs() <= TOLERANCE),
                    _ => false,
                };
                if !ok {
                    misses.push(format!(
                        "{fixture} {id} at {}: chromium {want}, engine {got:?}",
                        render["breakpoint"]
                    ));
                }
            }
        }
    }
    assert!(cases >= 20, "only {cases} cases without text");
    assert!(
        misses.is_empty(),
        "{} of {boxes} boxes in {cases} cases differ by more than {TOLERANCE} px:\n{}",
        misses.len(),
        misses.join("\n")
    );
}
