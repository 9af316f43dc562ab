//! Restoring a saved version: one call, one transaction, one undo step, pages included.

use omnios_engine::*;
use serde_json::{json, Value};

fn cmd(engine: &mut Engine, command: Value) -> Applied {
    engine
        .commit_json(&command.to_string())
        .expect("command applies")
}

fn snapshot(engine: &Engine) -> String {
    engine.to_snapshot().to_json()
}

fn version_of(engine: &Engine) -> Vec<u8> {
    engine.encode_state_as_update(&[]).expect("encode")
}

/// A project with two pages, each with a few styled elements, and the ids of the second page.
fn project() -> (Engine, PageId, ElementId) {
    let mut engine = Engine::new(EngineOptions::deterministic(1));
    cmd(
        &mut engine,
        json!({"type": "create_page", "id": "home", "name": "Home"}),
    );
    let about = cmd(
        &mut engine,
        json!({"type": "create_page", "id": "about", "name": "About", "slug": "about"}),
    )
    .created_pages[0]
        .clone();
    let home_body = engine.state().pages[&PageId("home".into())].root.clone();
    let about_body = engine.state().pages[&about].root.clone();
    let section = cmd(
        &mut engine,
        json!({"type": "create_element", "kind": "section", "parent": about_body.as_str(),
               "name": "Hero", "styles": {"base": {"padding-top": "24px"}, "mobile": {"padding-top": "8px"}}}),
    )
    .created[0]
        .clone();
    let text = cmd(
        &mut engine,
        json!({"type": "create_element", "kind": "text", "parent": section.as_str(),
               "content": "About us", "tag": "h1"}),
    )
    .created[0]
        .clone();
    cmd(
        &mut engine,
        json!({"type": "create_element", "kind": "button", "parent": home_body.as_str(),
               "content": "Go", "props": {"href": "/about"}}),
    );
    engine.clear_history();
    (engine, about, text)
}

#[test]
fn a_version_with_a_later_deleted_page_restores_in_one_call_and_one_undo_step() {
    let (mut engine, about, text) = project();
    let version = version_of(&engine);
    let at_version = snapshot(&engine);

    // After the version: the page goes, the home page's button changes, a new element appears.
    cmd(
        &mut engine,
        json!({"type": "delete_page", "id": about.as_str()}),
    );
    let home_body = engine.state().pages[&PageId("home".into())].root.clone();
    let button = engine.state().children(&home_body)[0].clone();
    cmd(
        &mut engine,
        json!({"type": "set_content", "id": button.as_str(), "content": "Stop"}),
    );
    cmd(
        &mut engine,
        json!({"type": "create_element", "kind": "image", "parent": home_body.as_str()}),
    );
    assert!(engine.element(&text).is_none());
    let before_restore = snapshot(&engine);
    engine.take_deltas();

    engine.restore(&version).expect("restore");
    assert_eq!(
        snapshot(&engine),
        at_version,
        "the version, field for field"
    );
    assert_eq!(
        engine.element(&text).map(|e| e.content.as_str()),
        Some("About us")
    );
    let deltas = engine.take_deltas();
    assert!(deltas.pages.iter().any(|p| p.id == about));
    assert!(deltas.elements.iter().any(|d| d.element.id == text));

    assert!(engine.undo(), "the restore is an undo step");
    assert_eq!(
        snapshot(&engine),
        before_restore,
        "one undo: as before the restore"
    );
    assert!(!engine.state().pages.contains_key(&about));
    assert!(engine.redo());
    assert_eq!(snapshot(&engine), at_version, "redo: the version again");
}

#[test]
fn project_and_page_language_and_direction_come_back() {
    let (mut engine, about, _) = project();
    cmd(
        &mut engine,
        json!({"type": "update_project", "lang": "ar", "dir": "rtl"}),
    );
    cmd(
        &mut engine,
        json!({"type": "update_page", "id": about.as_str(), "lang": "fr", "dir": "ltr"}),
    );
    let version = version_of(&engine);
    let at_version = snapshot(&engine);
    cmd(
        &mut engine,
        json!({"type": "update_project", "lang": "en", "dir": "ltr"}),
    );
    cmd(
        &mut engine,
        json!({"type": "update_page", "id": about.as_str(), "lang": null, "dir": "rtl"}),
    );
    cmd(
        &mut engine,
        json!({"type": "rename_page", "id": about.as_str(), "name": "Team"}),
    );

    engine.restore(&version).expect("restore");
    assert_eq!(snapshot(&engine), at_version);
    assert_eq!(engine.state().project.lang, "ar");
    assert_eq!(engine.state().project.dir, Dir::Rtl);
    let page = &engine.state().pages[&about];
    assert_eq!(
        (page.lang.as_deref(), page.dir, page.name.as_str()),
        (Some("fr"), Some(Dir::Ltr), "About")
    );
}

#[test]
fn a_page_added_after_the_version_goes_and_comes_back_with_undo() {
    let (mut engine, _, _) = project();
    let version = version_of(&engine);
    let added = cmd(
        &mut engine,
        json!({"type": "create_page", "id": "blog", "name": "Blog"}),
    )
    .created_pages[0]
        .clone();
    let before = snapshot(&engine);
    engine.restore(&version).expect("restore");
    assert!(!engine.state().pages.contains_key(&added));
    assert!(engine.undo());
    assert_eq!(snapshot(&engine), before);
}

#[test]
fn hostile_bytes_are_refused_and_change_nothing() {
    let (mut engine, _, _) = project();
    let before = version_of(&engine);
    let mut empty = Engine::new(EngineOptions::deterministic(9));
    let no_pages = version_of(&empty);
    let _ = empty.take_local_updates();
    for bytes in [
        vec![0xff; 12],
        vec![1, 0x80, 0x80, 0x80, 0x80, 0x01],
        no_pages,
        Vec::new(),
    ] {
        let err = engine.restore(&bytes).expect_err("refused");
        assert!(
            matches!(err, EngineError::InvalidUpdate { .. }),
            "{bytes:?}: {err:?}"
        );
        assert_eq!(
            version_of(&engine),
            before,
            "{bytes:?} changed the document"
        );
        assert!(!engine.can_undo(), "a refusal is no undo step");
    }
}

#[test]
fn a_replayed_log_restores_the_same_bytes() {
    let (mut engine, about, _) = project();
    let version = version_of(&engine);
    let start = engine.checkpoint();
    cmd(
        &mut engine,
        json!({"type": "delete_page", "id": about.as_str()}),
    );
    engine.restore(&version).expect("restore");
    let log = engine.log()[start.position..].to_vec();
    assert!(log.iter().any(|e| matches!(e, LogEntry::Restore { .. })));
    let text = to_json_lines(&log);

    let mut replica =
        Engine::from_checkpoint(EngineOptions::deterministic(1), &start).expect("checkpoint");
    replica
        .replay(&from_json_lines(&text).expect("log"), None)
        .expect("replay");
    assert_eq!(version_of(&replica), version_of(&engine));
}
