//! Rich text inside a text element: formatting, two peers editing one paragraph, every way in
//! refusing what no command could write, undo, and documents written before rich text.

mod common;

use common::{diff, doc_bytes, raw_peer, text_page};
use omnios_engine::rich_text::Run;
use omnios_engine::{Command, ElementId, Engine, EngineError, EngineOptions};
use serde_json::json;
use yrs::types::map::MapPrelim;
use yrs::types::Attrs;
use yrs::{Any, Map, Out, ReadTxn, Text, TextRef, Transact};

fn t() -> ElementId {
    ElementId("t".into())
}

fn run(text: &str) -> Run {
    Run {
        text: text.into(),
        ..Run::default()
    }
}

fn bold(text: &str) -> Run {
    Run {
        bold: true,
        ..run(text)
    }
}

fn link(text: &str, href: &str) -> Run {
    Run {
        link: Some(href.into()),
        ..run(text)
    }
}

fn set_text(engine: &mut Engine, runs: Vec<Run>) -> Result<(), EngineError> {
    engine
        .commit(Command::SetText { id: t(), runs })
        .map(|_| ())
}

fn content(engine: &Engine) -> String {
    engine.element(&t()).expect("t").content.clone()
}

fn runs(engine: &Engine) -> Vec<Run> {
    engine.element(&t()).expect("t").runs.clone()
}

/// Sends everything each engine has that the other lacks.
fn exchange(a: &mut Engine, b: &mut Engine) {
    let to_b = a
        .encode_state_as_update(&b.encode_state_vector())
        .expect("a");
    let to_a = b
        .encode_state_as_update(&a.encode_state_vector())
        .expect("b");
    b.apply_update(&to_b).expect("b applies");
    a.apply_update(&to_a).expect("a applies");
}

fn peers(text: &str) -> (Engine, Engine) {
    let mut a = text_page(1);
    set_text(&mut a, vec![run(text)]).expect("text");
    let mut b = Engine::new(EngineOptions::deterministic(2));
    b.apply_update(&doc_bytes(&a)).expect("b loads");
    (a, b)
}

#[test]
fn marks_and_line_breaks_are_stored_and_read_back() {
    let mut engine = text_page(1);
    let wanted = vec![
        run("Hello "),
        bold("bold"),
        run(" and\na "),
        link("link", "https://example.com/?a=1&b=2"),
    ];
    set_text(&mut engine, wanted.clone()).expect("set_text");
    assert_eq!(runs(&engine), wanted);
    assert_eq!(content(&engine), "Hello bold and\na link");
    // A copy of the document reads the same.
    let mut copy = Engine::new(EngineOptions::deterministic(9));
    copy.apply_update(&doc_bytes(&engine)).expect("copy");
    assert_eq!(runs(&copy), wanted);
}

#[test]
fn plain_text_has_no_runs_and_set_content_keeps_marks_of_unchanged_words() {
    let mut engine = text_page(1);
    assert!(runs(&engine).is_empty());
    set_text(&mut engine, vec![run("Hi "), bold("there")]).expect("bold");
    engine
        .commit(Command::SetContent {
            id: t(),
            content: "Hi you there".into(),
        })
        .expect("set_content");
    assert_eq!(runs(&engine), vec![run("Hi you "), bold("there")]);
}

#[test]
fn two_peers_typing_in_one_paragraph_both_keep_their_characters() {
    let (mut a, mut b) = peers("The quick fox");
    set_text(&mut a, vec![run("The very quick fox")]).expect("a types");
    set_text(&mut b, vec![run("The quick brown fox")]).expect("b types");
    exchange(&mut a, &mut b);
    assert_eq!(content(&a), "The very quick brown fox");
    assert_eq!(content(&b), content(&a));
}

#[test]
fn formatting_by_one_peer_merges_with_typing_by_the_other() {
    let (mut a, mut b) = peers("The quick fox");
    set_text(&mut a, vec![run("The "), bold("quick"), run(" fox")]).expect("a bolds");
    set_text(&mut b, vec![run("The quick fox jumps")]).expect("b types");
    exchange(&mut a, &mut b);
    let merged = vec![run("The "), bold("quick"), run(" fox jumps")];
    assert_eq!(runs(&a), merged);
    assert_eq!(runs(&b), merged);
}

#[test]
fn undo_reverts_a_formatted_edit_in_one_step() {
    let mut engine = text_page(1);
    engine.clear_history();
    set_text(&mut engine, vec![run("Hi "), bold("you"), run("\nthere")]).expect("edit");
    assert!(engine.undo());
    assert_eq!(content(&engine), "Hi");
    assert!(runs(&engine).is_empty());
    assert!(engine.redo());
    assert_eq!(runs(&engine), vec![run("Hi "), bold("you"), run("\nthere")]);
}

#[test]
fn commands_refuse_bad_links_unknown_marks_and_oversized_text() {
    let mut engine = text_page(1);
    let before = doc_bytes(&engine);
    for href in [
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.example",
        "file:///etc",
    ] {
        let err = set_text(&mut engine, vec![link("x", href)]).expect_err(href);
        assert!(
            matches!(err, EngineError::InvalidSource { .. }),
            "{href}: {err:?}"
        );
    }
    let huge = "x".repeat(omnios_engine::rich_text::MAX_TEXT_BYTES + 1);
    let err = set_text(&mut engine, vec![bold(&huge)]).expect_err("too large");
    assert!(
        matches!(err, EngineError::PayloadTooLarge { .. }),
        "{err:?}"
    );
    // An unknown mark does not parse as a command.
    let unknown = json!({"type": "set_text", "id": "t", "runs": [{"text": "x", "blink": true}]});
    assert!(serde_json::from_value::<Command>(unknown).is_err());
    assert_eq!(doc_bytes(&engine), before, "nothing changed");
    // Only a text element is formatted.
    let body = ElementId("b".into());
    let err = engine
        .commit(Command::SetText {
            id: body,
            runs: vec![bold("x")],
        })
        .expect_err("body");
    assert!(matches!(err, EngineError::WrongKind { .. }), "{err:?}");
}

fn content_text(raw: &yrs::Doc) -> TextRef {
    let elements = raw.get_or_insert_map("elements");
    let txn = raw.transact();
    let Some(Out::YMap(map)) = elements.get(&txn, "t") else {
        panic!("no t")
    };
    match map.get(&txn, "content") {
        Some(Out::YText(text)) => text,
        other => panic!("content is {other:?}"),
    }
}

#[test]
fn a_peers_update_with_an_unknown_mark_or_a_bad_link_is_refused_whole() {
    let attacks: Vec<(&str, Attrs)> = vec![
        (
            "an unknown mark",
            Attrs::from([("onclick".into(), Any::String("x".into()))]),
        ),
        (
            "a javascript link",
            Attrs::from([("link".into(), Any::String("javascript:alert(1)".into()))]),
        ),
        (
            "a bold that is not true",
            Attrs::from([("bold".into(), Any::String("yes".into()))]),
        ),
    ];
    for (what, attrs) in attacks {
        let mut engine = text_page(1);
        let before = doc_bytes(&engine);
        let raw = raw_peer(&engine);
        let text = content_text(&raw);
        text.format(&mut raw.transact_mut(), 0, 2, attrs);
        let err = engine.apply_update(&diff(&raw, &engine)).expect_err(what);
        assert!(
            matches!(
                err,
                EngineError::InvalidUpdate { .. } | EngineError::InvalidSource { .. }
            ),
            "{what}: {err:?}"
        );
        assert_eq!(doc_bytes(&engine), before, "{what}: nothing changed");
    }
}

#[test]
fn a_peers_update_nesting_a_map_in_a_text_is_refused() {
    let mut engine = text_page(1);
    let before = doc_bytes(&engine);
    let raw = raw_peer(&engine);
    {
        let text = content_text(&raw);
        let mut txn = raw.transact_mut();
        text.insert_embed(&mut txn, 1, MapPrelim::default());
    }
    assert!(engine.apply_update(&diff(&raw, &engine)).is_err());
    assert_eq!(doc_bytes(&engine), before);
}

#[test]
fn a_peers_honest_typing_is_accepted() {
    let mut engine = text_page(1);
    let raw = raw_peer(&engine);
    {
        let text = content_text(&raw);
        let mut txn = raw.transact_mut();
        text.insert_with_attributes(
            &mut txn,
            2,
            " there",
            Attrs::from([("italic".into(), Any::Bool(true))]),
        );
    }
    engine
        .apply_update(&diff(&raw, &engine))
        .expect("honest update");
    assert_eq!(
        runs(&engine),
        vec![
            run("Hi"),
            Run {
                italic: true,
                ..run(" there")
            }
        ]
    );
}

#[test]
fn a_document_from_before_rich_text_reads_the_same_and_becomes_rich_at_its_first_edit() {
    // The element as older engines wrote it: `content` a plain string.
    let mut engine = text_page(1);
    let raw = raw_peer(&engine);
    {
        let elements = raw.get_or_insert_map("elements");
        let mut txn = raw.transact_mut();
        let Some(Out::YMap(map)) = elements.get(&txn, "t") else {
            panic!("no t")
        };
        map.insert(&mut txn, "content", "Old words");
    }
    let mut old = Engine::new(EngineOptions::deterministic(3));
    old.apply_update(
        &raw.transact()
            .encode_state_as_update_v1(&Default::default()),
    )
    .expect("old document loads");
    assert_eq!(content(&old), "Old words");
    assert!(runs(&old).is_empty());
    set_text(&mut old, vec![run("Old "), bold("words")]).expect("first edit");
    assert_eq!(runs(&old), vec![run("Old "), bold("words")]);
    // And the other engine, still holding a Y.Text, takes the edit too.
    engine
        .apply_update(
            &old.encode_state_as_update(&engine.encode_state_vector())
                .expect("u"),
        )
        .expect("applies");
    assert_eq!(runs(&engine), vec![run("Old "), bold("words")]);
}

#[test]
fn a_peers_update_growing_a_text_past_the_limit_is_refused() {
    let mut engine = text_page(1);
    let before = doc_bytes(&engine);
    let raw = raw_peer(&engine);
    {
        let text = content_text(&raw);
        let huge = "x".repeat(omnios_engine::rich_text::MAX_TEXT_BYTES);
        text.insert(&mut raw.transact_mut(), 2, &huge);
    }
    let err = engine
        .apply_update(&diff(&raw, &engine))
        .expect_err("too large");
    assert!(
        matches!(err, EngineError::PayloadTooLarge { .. }),
        "{err:?}"
    );
    assert_eq!(doc_bytes(&engine), before);
}

#[test]
fn a_line_break_makes_the_box_a_line_taller() {
    let mut engine = text_page(1);
    engine.set_layout_page(Some(omnios_engine::PageId("home".into())));
    set_text(&mut engine, vec![run("one "), bold("two")]).expect("one line");
    engine.layout();
    let one = engine.box_of(&t()).expect("box").height;
    set_text(&mut engine, vec![run("one\n"), bold("two")]).expect("two lines");
    engine.layout();
    assert_eq!(engine.box_of(&t()).expect("box").height, 2.0 * one);
    // A last break alone draws no line, as in Chromium.
    set_text(&mut engine, vec![run("one two\n")]).expect("trailing break");
    engine.layout();
    assert_eq!(engine.box_of(&t()).expect("box").height, one);
}
