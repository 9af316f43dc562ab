//! Opening what a project saved before a rule tightened: a saved document holding a value the
//! checks refuse now loads without that value (and says so); everything else in it is kept.
//! A peer's update holding the same value is still refused whole.

mod common;

use common::{diff, doc_bytes, raw_peer, text_page};
use omnios_engine::{Engine, EngineError, EngineOptions};
use yrs::updates::decoder::Decode;
use yrs::{Map, MapRef, Out, ReadTxn, Transact};

/// Writes `value` as the text's `key` style (`base` is desktop) straight into the document, as an older
/// editor that accepted it would have.
fn write_style(raw: &yrs::Doc, key: &str, value: &str) {
    let elements: MapRef = raw.get_or_insert_map("elements");
    let mut txn = raw.transact_mut();
    let Some(Out::YMap(text)) = elements.get(&txn, "t") else {
        panic!("the text is there");
    };
    let Some(Out::YMap(styles)) = text.get(&txn, "styles") else {
        let styles = text.insert(&mut txn, "styles", yrs::MapPrelim::default());
        styles.insert(&mut txn, key, value);
        return;
    };
    styles.insert(&mut txn, key, value);
}

/// A saved project (the whole document) whose text has a remote background image, a colour and
/// a width, as saved before remote images were refused.
fn saved_with_remote_image() -> Vec<u8> {
    let engine = text_page(1);
    let raw = raw_peer(&engine);
    write_style(
        &raw,
        "base|background-image",
        "url(https://cdn.example.com/a.png)",
    );
    write_style(&raw, "base|color", "#123456");
    write_style(&raw, "tablet|width", "240px");
    let bytes = raw
        .transact()
        .encode_state_as_update_v1(&yrs::StateVector::default());
    bytes
}

fn style_of(engine: &Engine, slot: &str, property: &str) -> Option<String> {
    let element = engine.state().elements.get(&"t".into())?;
    let slot = slot.parse().ok()?;
    let property = property.parse().ok()?;
    element.styles.get(&slot)?.get(&property).cloned()
}

#[test]
fn a_saved_document_with_a_value_refused_now_opens_without_that_value_only() {
    let saved = saved_with_remote_image();
    let mut fresh = Engine::new(EngineOptions::deterministic(2));
    // Loading it as it is, as before: refused whole.
    assert!(
        fresh.load(&saved).is_err(),
        "the stored bytes are refused as they are"
    );

    let mut engine = Engine::new(EngineOptions::deterministic(3));
    let dropped = engine.load_saved(&[&saved]).expect("the project opens");
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert_eq!(dropped[0].element, "t");
    assert_eq!(dropped[0].field, "style base|background-image");
    assert!(
        dropped[0].reason.contains("background-image"),
        "the reason names the property: {}",
        dropped[0].reason
    );
    assert_eq!(style_of(&engine, "base", "background-image"), None);
    assert_eq!(
        style_of(&engine, "base", "color").as_deref(),
        Some("#123456")
    );
    assert_eq!(
        style_of(&engine, "tablet", "width").as_deref(),
        Some("240px")
    );
    assert_eq!(
        engine.state().elements.len(),
        2,
        "body and text are both there"
    );
}

#[test]
fn a_stored_update_after_the_snapshot_is_repaired_on_top_of_it() {
    let base = text_page(1);
    let raw = raw_peer(&base);
    write_style(
        &raw,
        "mobile|background-image",
        "url(http://tracker.example/x.gif)",
    );
    write_style(&raw, "mobile|color", "red");
    let stored_update = diff(&raw, &base);

    let mut engine = Engine::new(EngineOptions::deterministic(4));
    assert!(engine
        .load_saved(&[&doc_bytes(&base)])
        .expect("snapshot")
        .is_empty());
    let dropped = engine
        .load_saved(&[&stored_update])
        .expect("the update loads");
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert_eq!(style_of(&engine, "mobile", "color").as_deref(), Some("red"));
    assert_eq!(style_of(&engine, "mobile", "background-image"), None);
}

#[test]
fn repairing_is_the_same_delete_on_every_peer_and_merges_with_unrepaired_copies() {
    let saved = saved_with_remote_image();
    let mut first = Engine::new(EngineOptions::deterministic(5));
    let mut second = Engine::new(EngineOptions::deterministic(6));
    first.load_saved(&[&saved]).expect("opens");
    second.load_saved(&[&saved]).expect("opens");
    // Each repaired its own copy; they exchange states and agree, with nothing refused.
    first
        .apply_update(&doc_bytes(&second))
        .expect("the other repaired copy merges");
    second
        .apply_update(&doc_bytes(&first))
        .expect("the other repaired copy merges");
    assert_eq!(first.state().elements, second.state().elements);
    assert_eq!(
        style_of(&first, "base", "color").as_deref(),
        Some("#123456")
    );
}

#[test]
fn a_peer_sending_the_same_value_is_still_refused_whole() {
    let mut engine = text_page(1);
    let raw = raw_peer(&engine);
    write_style(
        &raw,
        "base|background-image",
        "url(https://cdn.example.com/a.png)",
    );
    write_style(&raw, "base|color", "#123456");
    let update = diff(&raw, &engine);
    let error = engine.apply_update(&update).expect_err("refused");
    assert!(
        matches!(
            error,
            EngineError::InvalidValue { .. } | EngineError::InvalidUpdate { .. }
        ),
        "{error:?}"
    );
    assert_eq!(
        style_of(&engine, "base", "color"),
        None,
        "nothing of it was taken"
    );
}

#[test]
fn bytes_that_are_no_document_stay_refused_and_change_nothing() {
    let mut engine = text_page(1);
    let before = engine.state().elements.clone();
    assert!(engine.load_saved(&[&[0xff, 0x01, 0x02]]).is_err());
    assert_eq!(engine.state().elements, before);
}

#[test]
fn a_version_saved_with_a_value_refused_now_restores_without_it() {
    let version = saved_with_remote_image();
    let mut engine = text_page(1);
    engine.restore(&version).expect("the version restores");
    assert_eq!(
        style_of(&engine, "base", "color").as_deref(),
        Some("#123456")
    );
    assert_eq!(style_of(&engine, "base", "background-image"), None);
    assert!(engine.undo());
    assert_eq!(
        style_of(&engine, "base", "color"),
        None,
        "one undo step takes the restore back"
    );
}

#[test]
fn a_refused_value_a_later_stored_update_replaced_is_not_reported() {
    let saved = saved_with_remote_image();
    // The raw peer that wrote it later put a site picture in its place, in a stored update.
    let mut reader = Engine::new(EngineOptions::deterministic(8));
    let raw = yrs::Doc::with_client_id(91);
    raw.transact_mut()
        .apply_update(yrs::Update::decode_v1(&saved).expect("decode"))
        .expect("apply");
    let before = raw.transact().state_vector();
    write_style(&raw, "base|background-image", "url(/images/hero.png)");
    let later = raw.transact().encode_state_as_update_v1(&before);

    let dropped = reader.load_saved(&[&saved, &later]).expect("opens");
    assert!(dropped.is_empty(), "{dropped:?}");
    let picture = style_of(&reader, "base", "background-image").unwrap_or_default();
    assert!(
        picture.contains("/images/hero.png"),
        "the later value is kept: {picture:?}"
    );
}
