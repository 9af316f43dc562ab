//! The questions the editor asks the engine instead of re-implementing its rules: the styles
//! in force at a breakpoint (the cascade) and the order of the page list.

use omnios_engine::style::{Breakpoint, CascadedValue, Property};
use omnios_engine::*;
use serde_json::json;

fn engine_with_body() -> (Engine, ElementId) {
    let mut engine = Engine::new(EngineOptions::deterministic(1));
    let made = engine
        .commit_json(r#"{"type":"create_page","id":"home","name":"Home"}"#)
        .expect("page");
    let body = engine.state().pages[&made.created_pages[0]].root.clone();
    (engine, body)
}

fn value(v: &str, from: Breakpoint) -> CascadedValue {
    CascadedValue {
        value: v.into(),
        from,
    }
}

#[test]
fn cascaded_styles_inherit_desktop_first_and_follow_a_gesture_preview() {
    let (mut engine, body) = engine_with_body();
    let command = json!({"type": "create_element", "kind": "container", "parent": body,
        "styles": {"base": {"width": "100px", "color": "red"}, "tablet": {"width": "50%"},
                   "base:hover": {"color": "blue"}}});
    let id = engine
        .commit_json(&command.to_string())
        .expect("create")
        .created[0]
        .clone();

    let mobile = engine
        .cascaded_styles(&id, Breakpoint::Mobile)
        .expect("known");
    assert_eq!(mobile[&Property::Width], value("50%", Breakpoint::Tablet));
    assert_eq!(
        mobile[&Property::Color],
        value("red", Breakpoint::Base),
        "hover is not the default state"
    );
    let base = engine
        .cascaded_styles(&id, Breakpoint::Base)
        .expect("known");
    assert_eq!(base[&Property::Width], value("100px", Breakpoint::Base));

    // While a drag previews a value, the panel shows it; cancelling shows the document again.
    engine.begin_gesture();
    let frame =
        json!({"type": "update_styles", "ids": [id], "slot": "mobile", "set": {"width": 10}});
    engine.commit_json(&frame.to_string()).expect("frame");
    let previewed = engine
        .cascaded_styles(&id, Breakpoint::Mobile)
        .expect("known");
    assert_eq!(
        previewed[&Property::Width],
        value("10px", Breakpoint::Mobile)
    );
    engine.cancel_gesture();
    let after = engine
        .cascaded_styles(&id, Breakpoint::Mobile)
        .expect("known");
    assert_eq!(after[&Property::Width], value("50%", Breakpoint::Tablet));

    let unknown = engine.cascaded_styles(&ElementId("gone".into()), Breakpoint::Base);
    assert!(
        matches!(unknown, Err(EngineError::UnknownElement { .. })),
        "{unknown:?}"
    );
}

#[test]
fn page_order_is_the_page_lists_order_after_a_reorder_and_its_undo() {
    let (mut engine, _) = engine_with_body();
    let about = engine
        .commit_json(r#"{"type":"create_page","id":"about","name":"About"}"#)
        .expect("page")
        .created_pages[0]
        .clone();
    let home = PageId("home".into());
    assert_eq!(engine.page_order(), vec![home.clone(), about.clone()]);
    engine
        .commit_json(r#"{"type":"reorder_page","id":"about","index":0}"#)
        .expect("reorder");
    assert_eq!(engine.page_order(), vec![about.clone(), home.clone()]);
    assert!(engine.undo());
    assert_eq!(engine.page_order(), vec![home, about]);
}
