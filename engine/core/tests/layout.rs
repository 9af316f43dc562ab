//! Layout, hit testing, marquee and snapping on the native engine (text measured by the
//! fixed-advance measurer; the Chromium fidelity suite covers real fonts).

use omnios_engine::layout::{BoxRect, GuideKind, SnapRequest};
use omnios_engine::*;
use serde_json::{json, Value};

fn engine() -> (Engine, ElementId) {
    let mut engine = Engine::new(EngineOptions::deterministic(1));
    let page = engine
        .commit_json(r#"{"type":"create_page","name":"Home"}"#)
        .expect("page")
        .created_pages[0]
        .clone();
    let body = engine.state().pages[&page].root.clone();
    (engine, body)
}

fn cmd(engine: &mut Engine, v: Value) -> Vec<ElementId> {
    engine.commit_json(&v.to_string()).expect("command").created
}

fn boxed(engine: &Engine, id: &ElementId) -> (f32, f32, f32, f32) {
    let b = engine.box_of(id).expect("laid out");
    (b.x, b.y, b.width, b.height)
}

#[test]
fn flex_row_with_gap_padding_and_grow() {
    let (mut e, body) = engine();
    let row = cmd(&mut e, json!({"type": "create_element", "kind": "container", "parent": body, "id": "row",
        "styles": {"base": {"display": "flex", "gap": 10, "padding-left": 20, "padding-top": 5, "width": 500}}}))[0].clone();
    for (i, w) in [100, 50].iter().enumerate() {
        cmd(
            &mut e,
            json!({"type": "create_element", "kind": "container", "parent": row, "id": format!("c{i}"),
            "styles": {"base": {"width": w, "height": 40}}}),
        );
    }
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": row, "id": "grow",
        "styles": {"base": {"flex-grow": 1, "height": 40}}}),
    );
    e.layout();
    assert_eq!(boxed(&e, &row), (0.0, 0.0, 500.0, 45.0));
    assert_eq!(boxed(&e, &ElementId("c0".into())), (20.0, 5.0, 100.0, 40.0));
    assert_eq!(boxed(&e, &ElementId("c1".into())), (130.0, 5.0, 50.0, 40.0));
    assert_eq!(
        boxed(&e, &ElementId("grow".into())),
        (190.0, 5.0, 310.0, 40.0)
    );
}

#[test]
fn grid_fr_tracks_spans_and_breakpoints() {
    let (mut e, body) = engine();
    let grid = cmd(&mut e, json!({"type": "create_element", "kind": "container", "parent": body, "id": "g",
        "styles": {"base": {"display": "grid", "grid-template-columns": "repeat(3, 1fr)", "column-gap": 30, "width": 930},
                   "mobile": {"grid-template-columns": "1fr", "width": "100%"}}}))[0].clone();
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": grid, "id": "wide",
        "styles": {"base": {"grid-column": "1 / span 2", "height": 10}}}),
    );
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": grid, "id": "one", "styles": {"base": {"height": 10}}}),
    );
    e.layout();
    assert_eq!(
        boxed(&e, &ElementId("wide".into())),
        (0.0, 0.0, 610.0, 10.0)
    );
    assert_eq!(
        boxed(&e, &ElementId("one".into())),
        (640.0, 0.0, 290.0, 10.0)
    );
    e.set_breakpoint(Breakpoint::Mobile, 800.0);
    e.layout();
    assert_eq!(
        boxed(&e, &ElementId("wide".into())),
        (0.0, 0.0, 375.0, 10.0)
    );
    // "wide" still spans two columns: an implicit auto track after the 1fr one, across the 30 px gap.
    assert_eq!(
        boxed(&e, &ElementId("one".into())),
        (0.0, 10.0, 345.0, 10.0)
    );
}

#[test]
fn absolute_insets_units_and_wrapped_text() {
    let (mut e, body) = engine();
    let frame = cmd(&mut e, json!({"type": "create_element", "kind": "section", "parent": body, "id": "f",
        "styles": {"base": {"position": "relative", "width": "50vw", "height": "10rem", "font-size": 20}}}))[0].clone();
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": frame, "id": "abs",
        "styles": {"base": {"position": "absolute", "right": "1em", "bottom": 10, "width": "25%", "height": "2em"}}}),
    );
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "text", "parent": frame, "id": "t",
        "content": "one two three four", "styles": {"base": {"width": 60, "font-size": 10}}}),
    );
    e.layout();
    assert_eq!(boxed(&e, &frame), (0.0, 0.0, 720.0, 160.0));
    assert_eq!(
        boxed(&e, &ElementId("abs".into())),
        (720.0 - 20.0 - 180.0, 160.0 - 10.0 - 40.0, 180.0, 40.0)
    );
    // 6 px per character at 10 px: 10 characters per line → "one two" / "three four" → 2 lines of 12 px.
    assert_eq!(boxed(&e, &ElementId("t".into())), (0.0, 0.0, 60.0, 24.0));
}

#[test]
fn incremental_relayout_equals_a_fresh_layout() {
    let (mut e, body) = engine();
    let col = cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": body, "id": "col",
        "styles": {"base": {"display": "flex", "flex-direction": "column", "font-size": 10}}}),
    )[0]
    .clone();
    for i in 0..5 {
        cmd(
            &mut e,
            json!({"type": "create_element", "kind": "text", "parent": col, "id": format!("t{i}"), "content": "alpha beta gamma delta"}),
        );
    }
    e.layout();
    cmd(
        &mut e,
        json!({"type": "update_styles", "ids": [col], "set": {"font-size": 20, "width": 200}}),
    );
    cmd(
        &mut e,
        json!({"type": "move_elements", "ids": ["t4"], "parent": col, "index": 0}),
    );
    cmd(&mut e, json!({"type": "delete_elements", "ids": ["t2"]}));
    let changed = e.layout();
    assert!(changed.removed.contains(&ElementId("t2".into())));
    let mut fresh =
        Engine::from_snapshot(EngineOptions::deterministic(2), &e.to_snapshot()).expect("copy");
    fresh.layout();
    for id in e.state().elements.keys() {
        assert_eq!(e.box_of(id), fresh.box_of(id), "{id}");
    }
    assert_eq!(boxed(&e, &ElementId("t4".into())).1, 0.0, "moved first");
}

fn absolute(e: &mut Engine, parent: &ElementId, id: &str, x: f32, y: f32, w: f32, h: f32) {
    cmd(
        e,
        json!({"type": "create_element", "kind": "container", "parent": parent, "id": id,
        "styles": {"base": {"position": "absolute", "left": x, "top": y, "width": w, "height": h}}}),
    );
}

fn board() -> (Engine, ElementId) {
    let (mut e, body) = engine();
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "section", "parent": body, "id": "board",
        "styles": {"base": {"position": "relative", "width": 1000, "height": 800}}}),
    );
    let board = ElementId("board".into());
    absolute(&mut e, &board, "a", 100.0, 100.0, 100.0, 50.0);
    absolute(&mut e, &board, "b", 300.0, 100.0, 100.0, 50.0);
    absolute(&mut e, &board, "m", 0.0, 400.0, 80.0, 30.0);
    e.layout();
    (e, board)
}

fn snap(
    e: &mut Engine,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    zoom: f32,
) -> omnios_engine::layout::SnapResult {
    e.snap(&SnapRequest {
        id: Some(ElementId("m".into())),
        rect: BoxRect {
            x,
            y,
            width: w,
            height: h,
        },
        resize: None,
        zoom,
        threshold: 6.0,
    })
}

#[test]
fn a_dragged_box_snaps_exactly_to_a_neighbours_edge_and_reports_the_guide() {
    let (mut e, _) = board();
    let r = snap(&mut e, 103.0, 250.0, 80.0, 30.0, 1.0);
    assert_eq!(r.rect.x, 100.0, "left edge onto a's left edge");
    assert_eq!(r.dx, -3.0);
    let g = r
        .guides
        .iter()
        .find(|g| g.axis == 'x' && g.at == 100.0)
        .expect("guide at x=100");
    assert_eq!(g.kind, GuideKind::Edge);
    assert!(
        g.from <= 100.0 && g.to >= 280.0,
        "spans from a to the moved box: {g:?}"
    );
    let r = snap(&mut e, 313.0, 250.0, 80.0, 30.0, 1.0);
    assert_eq!(r.rect.x + 40.0, 350.0, "centre onto b's centre");
    assert!(r
        .guides
        .iter()
        .any(|g| g.kind == GuideKind::Center && g.at == 350.0));
}

#[test]
fn equal_spacing_snaps_between_and_after_neighbours() {
    let (mut e, _) = board();
    // Between a (ends at 200) and b (starts at 300): an 80-wide box centred leaves 10 px each side.
    let r = snap(&mut e, 213.0, 110.0, 80.0, 30.0, 1.0);
    assert_eq!(r.rect.x, 210.0);
    assert_eq!(
        r.guides
            .iter()
            .filter(|g| g.kind == GuideKind::Spacing)
            .count(),
        2
    );
    // After b at the same 100 px gap that separates a and b.
    let r = snap(&mut e, 497.0, 110.0, 80.0, 30.0, 1.0);
    assert_eq!(r.rect.x, 500.0);
    assert!(r.guides.iter().any(|g| g.kind == GuideKind::Spacing));
}

#[test]
fn no_snap_beyond_the_threshold_and_the_threshold_is_in_screen_pixels() {
    let (mut e, _) = board();
    let r = snap(&mut e, 600.0, 250.0, 80.0, 33.0, 1.0);
    assert_eq!((r.dx, r.dy), (0.0, 0.0));
    assert!(r.guides.is_empty());
    // 4 page px away: snaps at zoom 1 (4 screen px), not at zoom 2 (8 screen px).
    assert_eq!(snap(&mut e, 104.0, 250.0, 80.0, 33.0, 1.0).rect.x, 100.0);
    assert_eq!(snap(&mut e, 104.0, 250.0, 80.0, 33.0, 2.0).rect.x, 104.0);
    // 2 page px at zoom 2 is 4 screen px: snaps.
    assert_eq!(snap(&mut e, 102.0, 250.0, 80.0, 33.0, 2.0).rect.x, 100.0);
}

#[test]
fn resizing_snaps_only_the_moving_edge() {
    let (mut e, _) = board();
    let r = e.snap(&SnapRequest {
        id: Some(ElementId("m".into())),
        rect: BoxRect {
            x: 10.0,
            y: 400.0,
            width: 287.0,
            height: 30.0,
        },
        resize: Some(serde_json::from_value(json!({"right": true})).expect("edges")),
        zoom: 1.0,
        threshold: 6.0,
    });
    assert_eq!(
        (r.rect.x, r.rect.width),
        (10.0, 290.0),
        "right edge onto b's left edge at 300"
    );
}

#[test]
fn hit_test_finds_the_topmost_selectable_element() {
    let (mut e, board) = board();
    absolute(
        &mut e,
        &ElementId("a".into()),
        "inner",
        10.0,
        10.0,
        20.0,
        20.0,
    );
    assert_eq!(e.hit_test(115.0, 115.0), Some(ElementId("inner".into())));
    assert_eq!(e.hit_test(150.0, 140.0), Some(ElementId("a".into())));
    assert_eq!(e.hit_test(600.0, 600.0), Some(board.clone()));
    cmd(
        &mut e,
        json!({"type": "set_locked", "ids": ["inner"], "locked": true}),
    );
    assert_eq!(e.hit_test(115.0, 115.0), Some(ElementId("a".into())));
    cmd(
        &mut e,
        json!({"type": "set_hidden", "ids": ["a"], "hidden": true}),
    );
    assert_eq!(e.hit_test(115.0, 115.0), Some(board));
    assert_eq!(e.hit_test(5000.0, 5000.0), None);
}

#[test]
fn marquee_selects_the_outermost_elements_inside() {
    let (mut e, _) = board();
    absolute(
        &mut e,
        &ElementId("a".into()),
        "inner",
        10.0,
        10.0,
        20.0,
        20.0,
    );
    let picked = e.marquee(BoxRect {
        x: 90.0,
        y: 90.0,
        width: 320.0,
        height: 70.0,
    });
    assert_eq!(picked, vec![ElementId("a".into()), ElementId("b".into())]);
}

// ---- Regressions found by the Chromium fidelity suite (tests/layout/) --------------------------

fn id(s: &str) -> ElementId {
    ElementId(s.into())
}

/// Asserts a box to within a thousandth of a pixel (the measurer's advances are not binary fractions).
fn assert_box(engine: &Engine, element: &str, want: (f32, f32, f32, f32)) {
    let got = boxed(engine, &id(element));
    let close = [
        (got.0, want.0),
        (got.1, want.1),
        (got.2, want.2),
        (got.3, want.3),
    ]
    .iter()
    .all(|(a, b)| (a - b).abs() < 1e-3);
    assert!(close, "{element}: got {got:?}, want {want:?}");
}

#[test]
fn border_widths_count_unless_the_style_is_none_as_the_shared_reset_draws_them_solid() {
    let (mut e, body) = engine();
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": body, "id": "framed",
        "styles": {"base": {"border-top-width": 4, "border-left-width": 10, "padding-left": 5, "width": 300}}}),
    );
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": "framed", "id": "in",
        "styles": {"base": {"height": 30}}}),
    );
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": body, "id": "none",
        "styles": {"base": {"border-style": "none", "border-top-width": 8, "height": 20}}}),
    );
    e.layout();
    assert_eq!(boxed(&e, &id("framed")), (0.0, 0.0, 300.0, 34.0));
    assert_eq!(boxed(&e, &id("in")), (15.0, 4.0, 285.0, 30.0));
    assert_eq!(boxed(&e, &id("none")), (0.0, 34.0, 1440.0, 20.0));
}

#[test]
fn a_button_fits_its_label_in_block_layout_and_stretches_as_a_flex_item() {
    let (mut e, body) = engine();
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": body, "id": "col",
        "styles": {"base": {"width": 500}}}),
    );
    // 7 characters at 9.6 px (the fixed-advance measurer) + 2 × 10 px padding.
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "button", "parent": "col", "id": "buy",
        "content": "Buy now", "styles": {"base": {"padding-left": 10, "padding-right": 10}}}),
    );
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "button", "parent": "col", "id": "mid",
        "content": "Centred", "styles": {"base": {"margin-left": "auto", "margin-right": "auto"}}}),
    );
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "button", "parent": "col", "id": "fixed",
        "content": "Fixed", "styles": {"base": {"width": 200}}}),
    );
    e.layout();
    assert_box(&e, "buy", (0.0, 0.0, 87.2, 19.2));
    assert_box(&e, "mid", ((500.0 - 67.2) / 2.0, 19.2, 67.2, 19.2));
    assert_eq!(boxed(&e, &id("fixed")).2, 200.0);
    // The parent becomes a flex column: its buttons stretch (an incremental restyle of children).
    cmd(
        &mut e,
        json!({"type": "update_styles", "ids": ["col"], "set": {"display": "flex", "flex-direction": "column"}}),
    );
    e.layout();
    assert_eq!(boxed(&e, &id("buy")).2, 500.0);
    cmd(
        &mut e,
        json!({"type": "update_styles", "ids": ["col"], "set": {"display": null}}),
    );
    e.layout();
    assert_box(&e, "buy", (0.0, 0.0, 87.2, 19.2));
}

#[test]
fn an_auto_height_flex_item_with_an_aspect_ratio_sizes_its_height_from_the_flexed_width() {
    let (mut e, body) = engine();
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": body, "id": "row",
        "styles": {"base": {"display": "flex", "width": 600}}}),
    );
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": "row", "id": "square",
        "styles": {"base": {"flex-grow": 1, "aspect-ratio": "1"}}}),
    );
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": "row", "id": "wide",
        "styles": {"base": {"flex-grow": 2, "aspect-ratio": "4 / 1"}}}),
    );
    e.layout();
    assert_eq!(boxed(&e, &id("row")), (0.0, 0.0, 600.0, 200.0));
    assert_eq!(boxed(&e, &id("square")), (0.0, 0.0, 200.0, 200.0));
    // Stretched to the line, as Chromium does: the ratio gave the hypothetical size only.
    assert_eq!(boxed(&e, &id("wide")), (200.0, 0.0, 400.0, 200.0));
}

#[test]
fn a_percentage_width_image_adds_nothing_to_a_min_content_size() {
    let (mut e, body) = engine();
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": body, "id": "grid",
        "styles": {"base": {"display": "grid", "grid-template-columns": "repeat(3, 1fr)", "width": 600}}}),
    );
    for i in 0..3 {
        cmd(
            &mut e,
            json!({"type": "create_element", "kind": "container", "parent": "grid", "id": format!("card{i}"),
            "styles": {"base": {"display": "flex", "flex-direction": "column"}}}),
        );
        cmd(
            &mut e,
            json!({"type": "create_element", "kind": "image", "parent": format!("card{i}"), "id": format!("pic{i}"),
            "props": {"width": 300, "height": 150}, "styles": {"base": {"width": "100%"}}}),
        );
    }
    e.layout();
    assert_eq!(boxed(&e, &id("card1")), (200.0, 0.0, 200.0, 100.0));
    assert_eq!(boxed(&e, &id("pic2")), (400.0, 0.0, 200.0, 100.0));
}

#[test]
fn an_image_clamped_by_min_or_max_sizes_keeps_its_ratio() {
    let (mut e, body) = engine();
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": body, "id": "col",
        "styles": {"base": {"width": 600}}}),
    );
    for (name, styles) in [
        ("half", json!({"max-width": "50%"})),
        ("short", json!({"max-height": 150})),
        ("big", json!({"min-width": 800})),
    ] {
        cmd(
            &mut e,
            json!({"type": "create_element", "kind": "image", "parent": "col", "id": name,
            "props": {"width": 400, "height": 300}, "styles": {"base": styles}}),
        );
    }
    e.layout();
    assert_eq!(boxed(&e, &id("half")), (0.0, 0.0, 300.0, 225.0));
    assert_eq!(boxed(&e, &id("short")), (0.0, 225.0, 200.0, 150.0));
    assert_eq!(boxed(&e, &id("big")), (0.0, 375.0, 800.0, 600.0));
}

#[test]
fn flex_and_grid_items_follow_order_and_a_breakpoint_can_change_it() {
    let (mut e, body) = engine();
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "container", "parent": body, "id": "row",
        "styles": {"base": {"display": "flex"}}}),
    );
    for (name, order) in [("a", json!(2)), ("b", json!(-1)), ("c", Value::Null)] {
        let mut styles = json!({"base": {"width": 10, "height": 10}});
        if !order.is_null() {
            styles["base"]["order"] = order;
        }
        cmd(
            &mut e,
            json!({"type": "create_element", "kind": "container", "parent": "row", "id": name, "styles": styles}),
        );
    }
    e.layout();
    assert_eq!(boxed(&e, &id("b")).0, 0.0);
    assert_eq!(boxed(&e, &id("c")).0, 10.0);
    assert_eq!(boxed(&e, &id("a")).0, 20.0);
    // An order set at mobile only; and a block parent ignores order.
    cmd(
        &mut e,
        json!({"type": "update_styles", "ids": ["c"], "slot": "mobile", "set": {"order": 3}}),
    );
    e.set_breakpoint(Breakpoint::Mobile, 800.0);
    e.layout();
    assert_eq!(boxed(&e, &id("c")).0, 20.0);
    assert_eq!(boxed(&e, &id("a")).0, 10.0);
    cmd(
        &mut e,
        json!({"type": "update_styles", "ids": ["row"], "set": {"display": "block"}}),
    );
    e.layout();
    assert_eq!(
        [
            boxed(&e, &id("a")).1,
            boxed(&e, &id("b")).1,
            boxed(&e, &id("c")).1
        ],
        [0.0, 10.0, 20.0]
    );
}

#[test]
fn text_transform_capitalize_reaches_the_measurer_as_chromium_draws_it() {
    use omnios_engine::layout::{TextMeasurer, TextRequest};
    use std::sync::{Arc, Mutex};
    struct Recorder(Arc<Mutex<Vec<String>>>);
    impl TextMeasurer for Recorder {
        fn measure(&mut self, request: &TextRequest, _: Option<f32>) -> (f32, f32) {
            if let Ok(mut seen) = self.0.lock() {
                seen.push(request.text.clone());
            }
            (10.0, 10.0)
        }
    }
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (mut e, body) = engine();
    e.set_text_measurer(Box::new(Recorder(seen.clone())));
    cmd(
        &mut e,
        json!({"type": "create_element", "kind": "text", "parent": body, "id": "t",
        "content": "the fox's 3rd well-known (sly) élan, x.y", "styles": {"base": {"text-transform": "capitalize"}}}),
    );
    e.layout();
    let seen = seen.lock().expect("recorded").clone();
    assert!(
        seen.iter()
            .all(|t| t == "The Fox's 3rd Well-Known (Sly) Élan, X.Y"),
        "{seen:?}"
    );
    assert!(!seen.is_empty());
}

#[test]
fn a_layout_with_nothing_changed_reports_nothing_and_a_change_reports_only_what_moved() {
    let (mut e, board) = board();
    assert_eq!(e.layout(), omnios_engine::layout::LayoutResult::default());
    cmd(
        &mut e,
        json!({"type": "update_styles", "ids": ["a"], "set": {"left": 150}}),
    );
    let changed = e.layout();
    assert_eq!(
        changed.boxes.keys().cloned().collect::<Vec<_>>(),
        vec![ElementId("a".into())]
    );
    assert_eq!(e.hit_test(160.0, 110.0), Some(ElementId("a".into())));
    assert_eq!(e.hit_test(110.0, 110.0), Some(board));
}

/// Creates elements in order (parents first), each given as a `create_element` command without
/// its type, with `base` for its base styles.
fn add(e: &mut Engine, elements: Value) {
    for mut element in elements.as_array().cloned().unwrap_or_default() {
        element["type"] = json!("create_element");
        element["styles"] = json!({"base": element["base"].take()});
        if let Some(fields) = element.as_object_mut() {
            fields.remove("base");
        }
        cmd(e, element);
    }
}

#[test]
fn box_sizing_content_box_adds_padding_and_border_to_sizes_and_limits() {
    let (mut e, body) = engine();
    add(
        &mut e,
        json!([
            {"kind": "container", "parent": body, "id": "content", "base": {"box-sizing": "content-box",
                "width": 300, "height": 40, "padding-left": 20, "padding-right": 30,
                "border-left-width": 4, "border-top-width": 2}},
            {"kind": "container", "parent": body, "id": "border", "base": {"box-sizing": "border-box",
                "width": 300, "height": 40, "padding-left": 20}},
            {"kind": "container", "parent": body, "id": "capped", "base": {"box-sizing": "content-box",
                "max-width": 200, "height": 10, "padding-left": 25, "padding-right": 25}}
        ]),
    );
    e.layout();
    assert_eq!(boxed(&e, &id("content")), (0.0, 0.0, 354.0, 42.0));
    assert_eq!(boxed(&e, &id("border")), (0.0, 42.0, 300.0, 40.0));
    assert_eq!(boxed(&e, &id("capped")), (0.0, 82.0, 250.0, 10.0));
    // Back to the default: the same declarations size the border box.
    cmd(
        &mut e,
        json!({"type": "update_styles", "ids": ["content"], "set": {"box-sizing": null}}),
    );
    e.layout();
    assert_eq!(boxed(&e, &id("content")), (0.0, 0.0, 300.0, 40.0));
    // Anything but the two keywords is refused with a typed error, and nothing changes.
    let refused = e.commit_json(
        &json!({"type": "update_styles", "ids": ["border"], "set": {"box-sizing": "padding-box"}})
            .to_string(),
    );
    assert!(
        matches!(refused, Err(EngineError::InvalidValue { .. })),
        "{refused:?}"
    );
    e.layout();
    assert_eq!(boxed(&e, &id("border")), (0.0, 40.0, 300.0, 40.0));
}

#[test]
fn an_absolute_box_is_placed_in_its_nearest_positioned_ancestor_past_static_parents() {
    let (mut e, body) = engine();
    add(
        &mut e,
        json!([
            {"kind": "section", "parent": body, "id": "frame", "base": {"position": "relative",
                "width": 600, "height": 200, "padding-top": 20, "padding-left": 20,
                "border-top-width": 3}},
            {"kind": "container", "parent": "frame", "id": "static", "base": {"width": 300,
                "height": 100, "margin-left": 50, "margin-top": 30}},
            {"kind": "container", "parent": "static", "id": "inner", "base": {"padding-left": 15,
                "height": 50}},
            {"kind": "container", "parent": "inner", "id": "badge", "base": {"position": "absolute",
                "top": 10, "right": 10, "width": 40, "height": 20}},
            // No positioned ancestor: the page is the containing block.
            {"kind": "container", "parent": body, "id": "loose", "base": {"padding-top": 40,
                "margin-left": 100}},
            {"kind": "container", "parent": "loose", "id": "corner", "base": {"position": "absolute",
                "top": 500, "left": 700, "width": 10, "height": 10}}
        ]),
    );
    cmd(
        &mut e,
        json!({"type": "update_styles", "ids": ["frame"], "slot": "mobile", "set": {"position": "static"}}),
    );
    e.layout();
    // Insets from the section's padding box: right edge 600, top edge 3 (below the border).
    assert_eq!(boxed(&e, &id("badge")), (550.0, 13.0, 40.0, 20.0));
    assert_eq!(boxed(&e, &id("corner")), (700.0, 500.0, 10.0, 10.0));
    // The same box once the section is static (at mobile): the page contains it.
    e.set_breakpoint(Breakpoint::Mobile, 800.0);
    e.layout();
    let right_aligned = 375.0 - 10.0 - 40.0;
    assert_eq!(boxed(&e, &id("badge")), (right_aligned, 10.0, 40.0, 20.0));
}

#[test]
fn padded_and_bordered_text_wraps_at_its_content_width() {
    let (mut e, body) = engine();
    // 9.6 px per character: the 200 px border box holds 20, the 120 px content box 12.
    let text = "aaaa bbbb cccc dddd";
    add(
        &mut e,
        json!([
            {"kind": "text", "parent": body, "id": "p", "content": text, "base": {"width": 200,
                "padding-left": 40, "padding-right": 40}},
            {"kind": "button", "parent": body, "id": "button", "content": text, "base": {"width": 200,
                "padding-left": 30, "padding-right": 30, "border-left-width": 10,
                "border-right-width": 10, "padding-top": 5, "padding-bottom": 5}},
            {"kind": "container", "parent": body, "id": "row", "base": {"display": "flex",
                "width": 200}},
            {"kind": "text", "parent": "row", "id": "item", "content": text, "base": {"flex-grow": 1,
                "padding-left": 40, "padding-right": 40}}
        ]),
    );
    e.layout();
    assert_box(&e, "p", (0.0, 0.0, 200.0, 38.4));
    assert_box(&e, "button", (0.0, 38.4, 200.0, 48.4));
    assert_box(&e, "item", (0.0, 86.8, 200.0, 38.4));
}

#[test]
fn a_limit_carried_through_aspect_ratio_never_changes_an_explicit_size() {
    let (mut e, body) = engine();
    add(
        &mut e,
        json!([
            {"kind": "container", "parent": body, "id": "wide", "base": {"width": 400,
                "aspect-ratio": "1", "max-height": 200}},
            {"kind": "container", "parent": body, "id": "tall", "base": {"height": 120,
                "aspect-ratio": "2", "max-width": 100}},
            {"kind": "container", "parent": body, "id": "floor", "base": {"width": 100,
                "aspect-ratio": "1", "min-height": 250}},
            {"kind": "container", "parent": body, "id": "short", "base": {"height": 50,
                "aspect-ratio": "2", "min-width": 300}}
        ]),
    );
    e.layout();
    assert_eq!(boxed(&e, &id("wide")), (0.0, 0.0, 400.0, 200.0));
    assert_eq!(boxed(&e, &id("tall")), (0.0, 200.0, 100.0, 120.0));
    assert_eq!(boxed(&e, &id("floor")), (0.0, 320.0, 100.0, 250.0));
    assert_eq!(boxed(&e, &id("short")), (0.0, 570.0, 300.0, 50.0));
}

#[test]
fn hit_tests_and_snaps_see_boxes_moved_by_edits_made_since_the_last_query() {
    let (mut e, body) = engine();
    let mut elements = vec![
        json!({"kind": "container", "parent": body, "id": "top", "base": {"height": 100}}),
        json!({"kind": "container", "parent": body, "id": "below", "base": {"height": 50, "width": 300}}),
    ];
    // Enough boxes that one moved box is a small change to the index, not a reload.
    for i in 0..40 {
        elements.push(
            json!({"kind": "container", "parent": body, "id": format!("f{i}"),
            "base": {"height": 10, "width": 40}}),
        );
    }
    add(&mut e, Value::Array(elements));
    assert_eq!(e.hit_test(10.0, 120.0), Some(id("below")));
    // Edits in a row, each laid out, and no query between them.
    for height in [300, 120, 200] {
        cmd(
            &mut e,
            json!({"type": "update_styles", "ids": ["top"], "set": {"height": height}}),
        );
        e.layout();
    }
    cmd(
        &mut e,
        json!({"type": "update_styles", "ids": ["f3"], "set": {"width": 80}}),
    );
    e.layout();
    assert_eq!(e.hit_test(10.0, 120.0), Some(id("top")));
    assert_eq!(e.hit_test(10.0, 220.0), Some(id("below")));
    assert_eq!(e.hit_test(60.0, 285.0), Some(id("f3")));
    let snapped = e.snap(&SnapRequest {
        id: None,
        rect: BoxRect::new(500.0, 202.0, 100.0, 20.0),
        resize: None,
        zoom: 1.0,
        threshold: 6.0,
    });
    assert_eq!(snapped.rect.y, 200.0, "{snapped:?}");
}
