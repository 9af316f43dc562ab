//! Comments: threads pinned to an element or a page point, replies, resolve and reopen,
//! deleting one's own; every limit refused with a typed error; a comment is never an undo step;
//! peers see each other's comments; and update bytes writing comments meet the same rules.

mod common;

use common::{diff, doc_bytes, raw_peer, start_thread, text_page};
use omnios_engine::{
    Author, CommentCommand, ElementId, Engine, EngineError, EngineOptions, PageId, ThreadId,
    UserId, MAX_COMMENT_CHARS, MAX_MENTIONS,
};
use yrs::types::map::MapPrelim;
use yrs::{Any, Map, ReadTxn, StateVector, Transact, TransactionMut, WriteTxn};

/// A project: one page `home`, body `b`, a text `t` in it; Ada comments.
fn project(client: u64) -> Engine {
    let mut engine = text_page(client);
    engine
        .set_local_user(author("ada", "Ada"))
        .expect("local user");
    engine
}

fn author(id: &str, name: &str) -> Author {
    Author {
        id: UserId(id.into()),
        name: name.into(),
    }
}

#[test]
fn a_thread_is_started_replied_to_resolved_and_reopened() {
    let mut engine = project(1);
    let made = engine
        .comment(start_thread("  Bigger, please  "))
        .expect("start");
    let thread = made.thread.expect("thread");
    engine
        .comment(CommentCommand::Reply {
            thread: thread.clone(),
            text: "On it @Ada".into(),
            mentions: vec![UserId("ada".into()), UserId("ada".into())],
        })
        .expect("reply");
    let threads = engine.comments();
    assert_eq!(threads.len(), 1);
    let t = &threads[0];
    assert_eq!(t.id, thread);
    assert_eq!(t.element, Some(ElementId("t".into())));
    assert_eq!((t.x, t.y), (4.0, 2.0));
    assert_eq!(t.author, UserId("ada".into()));
    assert_eq!(t.author_name, "Ada");
    assert!(!t.resolved);
    let texts: Vec<&str> = t.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["Bigger, please", "On it @Ada"]);
    assert_eq!(t.messages[1].mentions, [UserId("ada".into())]);

    engine
        .comment(CommentCommand::ResolveThread {
            thread: thread.clone(),
        })
        .expect("resolve");
    let t = &engine.comments()[0];
    assert!(t.resolved);
    assert_eq!(t.resolved_by, Some(UserId("ada".into())));
    engine
        .comment(CommentCommand::ReopenThread { thread })
        .expect("reopen");
    let t = &engine.comments()[0];
    assert!(!t.resolved);
    assert_eq!(t.resolved_by, None);
}

#[test]
fn comments_are_never_an_undo_step_and_undo_leaves_them_alone() {
    let mut engine = project(1);
    assert!(!engine.can_undo());
    engine.comment(start_thread("Hello")).expect("comment");
    assert!(!engine.can_undo(), "a comment became an undo step");
    engine
        .commit_json(r#"{"type":"rename_element","id":"t","name":"Title"}"#)
        .expect("rename");
    engine.comment(start_thread("Second")).expect("comment");
    assert!(engine.undo());
    assert_eq!(engine.element(&ElementId("t".into())).expect("t").name, "");
    assert_eq!(engine.comments().len(), 2, "undo took a comment back");
    assert!(!engine.undo());
    assert_eq!(engine.comments().len(), 2);
}

#[test]
fn every_limit_is_refused_with_a_typed_error_and_nothing_changes() {
    let mut engine = project(1);
    let before = doc_bytes(&engine);
    let too_long = "x".repeat(MAX_COMMENT_CHARS + 1);
    let refused = [
        start_thread("   "),
        start_thread(&too_long),
        start_thread("bell \u{7}"),
        CommentCommand::StartThread {
            id: None,
            page: PageId("nowhere".into()),
            element: None,
            x: 0.0,
            y: 0.0,
            text: "hi".into(),
            mentions: Vec::new(),
        },
        CommentCommand::StartThread {
            id: None,
            page: PageId("home".into()),
            element: Some(ElementId("gone".into())),
            x: 0.0,
            y: 0.0,
            text: "hi".into(),
            mentions: Vec::new(),
        },
        CommentCommand::StartThread {
            id: None,
            page: PageId("home".into()),
            element: None,
            x: f64::NAN,
            y: 0.0,
            text: "hi".into(),
            mentions: Vec::new(),
        },
        CommentCommand::StartThread {
            id: Some(ThreadId("not an id".into())),
            page: PageId("home".into()),
            element: None,
            x: 0.0,
            y: 0.0,
            text: "hi".into(),
            mentions: Vec::new(),
        },
        CommentCommand::StartThread {
            id: None,
            page: PageId("home".into()),
            element: None,
            x: 0.0,
            y: 0.0,
            text: "hi".into(),
            mentions: (0..=MAX_MENTIONS)
                .map(|i| UserId(format!("u{i}")))
                .collect(),
        },
        CommentCommand::Reply {
            thread: ThreadId("nope".into()),
            text: "hi".into(),
            mentions: Vec::new(),
        },
        CommentCommand::ResolveThread {
            thread: ThreadId("nope".into()),
        },
    ];
    for command in refused {
        let result = engine.comment(command.clone());
        assert!(
            matches!(
                result,
                Err(EngineError::InvalidValue { .. }
                    | EngineError::UnknownPage { .. }
                    | EngineError::UnknownElement { .. }
                    | EngineError::InvalidId { .. }
                    | EngineError::UnknownThread { .. })
            ),
            "{command:?} gave {result:?}"
        );
        assert_eq!(
            doc_bytes(&engine),
            before,
            "{command:?} changed the document"
        );
    }
    assert!(engine.take_local_updates().is_empty());
    let at_limit = "y".repeat(MAX_COMMENT_CHARS);
    assert!(engine.comment(start_thread(&at_limit)).is_ok());
}

#[test]
fn only_the_author_deletes_a_message_or_thread() {
    let mut engine = project(1);
    let thread = engine
        .comment(start_thread("Mine"))
        .expect("start")
        .thread
        .expect("thread");
    engine.set_local_user(author("bob", "Bob")).expect("bob");
    let reply = engine
        .comment(CommentCommand::Reply {
            thread: thread.clone(),
            text: "Bob's".into(),
            mentions: Vec::new(),
        })
        .expect("reply")
        .message
        .expect("message");
    assert_eq!(
        engine.comment(CommentCommand::DeleteThread {
            thread: thread.clone()
        }),
        Err(EngineError::NotAuthor {
            id: thread.0.clone()
        })
    );
    engine
        .comment(CommentCommand::DeleteMessage { id: reply })
        .expect("own reply");
    assert_eq!(engine.comments()[0].messages.len(), 1);
    engine.set_local_user(author("ada", "Ada")).expect("ada");
    engine
        .comment(CommentCommand::DeleteThread { thread })
        .expect("own thread");
    assert!(engine.comments().is_empty());
    assert!(engine.set_local_user(author("no spaces", "X")).is_err());
    assert!(engine.set_local_user(author("ok", "")).is_err());
}

#[test]
fn a_peer_sees_a_comment_and_the_deltas_say_so() {
    let mut a = project(1);
    let mut b = Engine::new(EngineOptions::deterministic(2));
    b.load(&doc_bytes(&a)).expect("load");
    b.take_deltas();
    a.comment(start_thread("From A")).expect("comment");
    assert!(a.take_deltas().comments);
    for update in a.take_local_updates() {
        b.apply_update(&update).expect("peer update");
    }
    assert!(b.take_deltas().comments, "no delta for a remote comment");
    assert!(!b.take_deltas().comments);
    let threads = b.comments();
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].messages[0].text, "From A");
    assert_eq!(threads[0].author_name, "Ada");
    // B's undo never touches A's comment.
    assert!(!b.undo());
    assert_eq!(b.comments().len(), 1);
}

#[test]
fn a_saved_document_keeps_its_comments_and_a_log_replays_them() {
    let mut engine = project(1);
    engine.comment(start_thread("Keep me")).expect("comment");
    let mut reopened = Engine::new(EngineOptions::deterministic(3));
    reopened.load(&doc_bytes(&engine)).expect("load");
    assert_eq!(reopened.comments()[0].messages[0].text, "Keep me");

    let mut logged = Engine::new(EngineOptions::deterministic(1));
    logged
        .commit_json(r#"{"type":"create_page","name":"Home","id":"home"}"#)
        .expect("page");
    logged
        .comment(CommentCommand::StartThread {
            id: None,
            page: PageId("home".into()),
            element: None,
            x: 10.0,
            y: 20.0,
            text: "Logged".into(),
            mentions: Vec::new(),
        })
        .expect("comment");
    let mut replayed = Engine::new(EngineOptions::deterministic(1));
    replayed.replay(logged.log(), None).expect("replay");
    assert_eq!(doc_bytes(&replayed), doc_bytes(&logged));
}

/// A message entry as the engine writes it, with `extra` fields on top.
fn put_message(txn: &mut TransactionMut, id: &str, extra: &[(&str, Any)]) {
    let messages = txn.get_or_insert_map("comment_messages");
    let map = messages.insert(txn, id, MapPrelim::default());
    map.insert(txn, "thread", "th1");
    map.insert(txn, "author", "mallory");
    map.insert(txn, "author_name", "Mallory");
    map.insert(txn, "text", "hello");
    map.insert(txn, "at", 1.0);
    for (key, value) in extra {
        map.insert(txn, *key, value.clone());
    }
}

fn put_thread(txn: &mut TransactionMut, id: &str, extra: &[(&str, Any)]) {
    let threads = txn.get_or_insert_map("comments");
    let map = threads.insert(txn, id, MapPrelim::default());
    map.insert(txn, "page", "home");
    map.insert(txn, "x", 1.0);
    map.insert(txn, "y", 1.0);
    map.insert(txn, "author", "mallory");
    map.insert(txn, "author_name", "Mallory");
    map.insert(txn, "at", 1.0);
    map.insert(txn, "resolved", false);
    for (key, value) in extra {
        map.insert(txn, *key, value.clone());
    }
}

type Attack = (&'static str, fn(&mut TransactionMut));

const ATTACKS: &[Attack] = &[
    ("a 1 MB message", |txn| {
        put_message(txn, "m1", &[("text", Any::from("x".repeat(1 << 20)))]);
    }),
    ("an empty message", |txn| {
        put_message(txn, "m1", &[("text", Any::from("   "))]);
    }),
    ("a message with an unknown field", |txn| {
        put_message(txn, "m1", &[("html", Any::from("<b>"))]);
    }),
    ("a message whose text is a number", |txn| {
        put_message(txn, "m1", &[("text", Any::from(5.0))]);
    }),
    ("a message with 51 mentions", |txn| {
        let many = (0..51)
            .map(|i| format!("u{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        put_message(txn, "m1", &[("mentions", Any::from(many))]);
    }),
    ("a mention that is not a user id", |txn| {
        put_message(txn, "m1", &[("mentions", Any::from("<script>"))]);
    }),
    ("a message id that is not an id", |txn| {
        put_message(txn, "m 1", &[]);
    }),
    ("a message that is not a map", |txn| {
        let messages = txn.get_or_insert_map("comment_messages");
        messages.insert(txn, "m1", "text");
    }),
    ("a thread pinned to a point far away", |txn| {
        put_thread(txn, "th1", &[("x", Any::from(1e300))]);
    }),
    ("a thread whose resolved flag is text", |txn| {
        put_thread(txn, "th1", &[("resolved", Any::from("yes"))]);
    }),
    ("a thread with a nested map", |txn| {
        let threads = txn.get_or_insert_map("comments");
        let map = threads.insert(txn, "th1", MapPrelim::default());
        map.insert(txn, "page", MapPrelim::default());
    }),
    ("a thread author's name of control characters", |txn| {
        put_thread(txn, "th1", &[("author_name", Any::from("\u{1b}[31m"))]);
    }),
    ("a thread written before its time", |txn| {
        put_thread(txn, "th1", &[("at", Any::from(-5.0))]);
    }),
];

#[test]
fn a_peers_update_writing_a_comment_no_command_could_is_refused_whole() {
    for (what, attack) in ATTACKS {
        let mut engine = project(1);
        let before = doc_bytes(&engine);
        let raw = raw_peer(&engine);
        {
            let mut txn = raw.transact_mut();
            attack(&mut txn);
        }
        let update = diff(&raw, &engine);
        let result = engine.apply_update(&update);
        assert!(
            matches!(
                result,
                Err(EngineError::InvalidUpdate { .. } | EngineError::InvalidId { .. })
            ),
            "{what}: {result:?}"
        );
        assert_eq!(doc_bytes(&engine), before, "{what} changed the document");
        assert!(engine.comments().is_empty(), "{what}");
        // A saved document holding it does not load either.
        let mut loaded = Engine::new(EngineOptions::deterministic(5));
        let whole = {
            let txn = raw.transact();
            txn.encode_state_as_update_v1(&StateVector::default())
        };
        assert!(loaded.load(&whole).is_err(), "{what} loaded");
    }
}

#[test]
fn a_peers_well_formed_comment_is_accepted() {
    let mut engine = project(1);
    let raw = raw_peer(&engine);
    {
        let mut txn = raw.transact_mut();
        put_thread(&mut txn, "th1", &[("element", Any::from("t"))]);
        put_message(&mut txn, "m1", &[("mentions", Any::from("ada bob"))]);
    }
    engine.apply_update(&diff(&raw, &engine)).expect("accepted");
    let threads = engine.comments();
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].messages[0].author_name, "Mallory");
    assert_eq!(
        threads[0].messages[0].mentions,
        [UserId("ada".into()), UserId("bob".into())]
    );
}
