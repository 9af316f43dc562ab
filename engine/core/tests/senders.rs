//! What a known sender may write (`Engine::apply_update_from`, the live room's door): a viewer
//! comments but never changes the design; nobody writes, changes or deletes a comment in
//! someone else's name. Each refusal leaves the document as it was.

mod common;

use common::{diff, doc_bytes, raw_peer, start_thread, text_page};
use omnios_engine::{
    Author, CommentCommand, Engine, EngineError, EngineOptions, Sender, ThreadId, UserId,
};
use yrs::{Doc, Map, Out, ReadTxn, Transact, WriteTxn};

/// The server's copy of a project: one page `home`, body `b`, a text `t`.
fn server() -> Engine {
    text_page(1)
}

fn author(id: &str) -> Author {
    let name = format!("{id}@example.com");
    Author {
        id: UserId(id.into()),
        name,
    }
}

fn sender(id: &str, may_edit: bool) -> Sender {
    Sender {
        author: author(id),
        may_edit,
    }
}

/// A member's editor, in step with the server, writing comments as `writes_as`.
fn member(server: &Engine, client: u64, writes_as: &str) -> Engine {
    let mut engine = Engine::new(EngineOptions::deterministic(client));
    engine.load(&doc_bytes(server)).expect("load");
    engine
        .set_local_user(author(writes_as))
        .expect("local user");
    engine
}

/// Sends what `from` wrote since the last call to `server` as `who`; the first refusal.
fn send(from: &mut Engine, server: &mut Engine, who: &Sender) -> Result<(), EngineError> {
    for update in from.take_local_updates() {
        server.apply_update_from(&update, who)?;
    }
    Ok(())
}

/// Brings a member up to date with the server.
fn receive(server: &Engine, member: &mut Engine) {
    let missing = server
        .encode_state_as_update(&member.encode_state_vector())
        .expect("diff");
    member.apply_update(&missing).expect("receive");
    member.take_local_updates();
}

#[test]
fn a_viewer_comments_replies_resolves_and_deletes_their_own() {
    let mut room = server();
    let viewer = sender("vera", false);
    let mut vera = member(&room, 2, "vera");
    let thread = vera.comment(start_thread("Is this final?")).expect("start");
    let thread = thread.thread.expect("thread");
    send(&mut vera, &mut room, &viewer).expect("a viewer's comment");
    vera.comment(CommentCommand::Reply {
        thread: thread.clone(),
        text: "Asking for the client".into(),
        mentions: Vec::new(),
    })
    .expect("reply");
    vera.comment(CommentCommand::ResolveThread {
        thread: thread.clone(),
    })
    .expect("resolve");
    send(&mut vera, &mut room, &viewer).expect("reply and resolve");
    let threads = room.comments();
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].messages.len(), 2);
    assert!(threads[0].resolved);
    assert_eq!(threads[0].author_name, "vera@example.com");

    vera.comment(CommentCommand::DeleteThread { thread })
        .expect("delete");
    send(&mut vera, &mut room, &viewer).expect("delete own thread");
    assert!(room.comments().is_empty());
}

#[test]
fn a_viewers_design_change_is_refused_and_nothing_changes() {
    let mut room = server();
    let before = doc_bytes(&room);
    let mut vera = member(&room, 2, "vera");
    vera.commit_json(r#"{"type":"set_content","id":"t","content":"Mine now"}"#)
        .expect("the viewer's own copy takes it");
    let result = send(&mut vera, &mut room, &sender("vera", false));
    assert_eq!(result, Err(EngineError::ReadOnly));
    assert_eq!(doc_bytes(&room), before);
    // Nor a design token: restyling through a token is a design change too.
    let mut vera = member(&room, 4, "vera");
    vera.commit_json(r#"{"type":"create_token","name":"brand","kind":"color","value":"red"}"#)
        .expect("the viewer's own copy takes it");
    let result = send(&mut vera, &mut room, &sender("vera", false));
    assert_eq!(result, Err(EngineError::ReadOnly));
    assert_eq!(doc_bytes(&room), before);
    // The same update from an editor is a plain edit.
    let mut ed = member(&room, 3, "ed");
    ed.commit_json(r#"{"type":"set_content","id":"t","content":"Edited"}"#)
        .expect("edit");
    send(&mut ed, &mut room, &sender("ed", true)).expect("an editor's change");
}

#[test]
fn a_comment_in_someone_elses_name_is_refused() {
    let mut room = server();
    let before = doc_bytes(&room);
    // Mallory's editor writes as Ada: by id, and by Ada's id with Mallory's name.
    let mut as_ada = member(&room, 2, "ada");
    as_ada
        .comment(start_thread("Approved. — Ada"))
        .expect("start");
    let result = send(&mut as_ada, &mut room, &sender("mallory", true));
    assert!(
        matches!(&result, Err(EngineError::ImpersonatedAuthor { claimed, .. }) if claimed == "ada"),
        "{result:?}"
    );
    let mut renamed = member(&room, 3, "mallory");
    renamed
        .set_local_user(Author {
            id: UserId("mallory".into()),
            name: "ada@example.com".into(),
        })
        .expect("user");
    renamed.comment(start_thread("Approved")).expect("start");
    let result = send(&mut renamed, &mut room, &sender("mallory", true));
    assert!(
        matches!(result, Err(EngineError::ImpersonatedAuthor { .. })),
        "{result:?}"
    );
    assert_eq!(doc_bytes(&room), before);
    assert!(room.comments().is_empty());
}

/// Ada's thread with Bob's reply on the server; returns the thread.
fn adas_thread_with_bobs_reply(room: &mut Engine) -> ThreadId {
    let mut ada = member(room, 2, "ada");
    let thread = ada
        .comment(start_thread("Tighter spacing?"))
        .expect("start")
        .thread
        .expect("thread");
    send(&mut ada, room, &sender("ada", true)).expect("ada");
    let mut bob = member(room, 3, "bob");
    bob.comment(CommentCommand::Reply {
        thread: thread.clone(),
        text: "Agreed".into(),
        mentions: Vec::new(),
    })
    .expect("reply");
    send(&mut bob, room, &sender("bob", false)).expect("bob");
    thread
}

/// The id of the first message whose author is `who`.
fn message_by(doc: &Doc, who: &str) -> String {
    let txn = doc.transact();
    let messages = txn.get_map("comment_messages").expect("messages");
    messages
        .iter(&txn)
        .find_map(|(id, value)| match value {
            Out::YMap(m)
                if m.get(&txn, "author").map(|a| a.to_string(&txn)) == Some(who.into()) =>
            {
                Some(id.to_owned())
            }
            _ => None,
        })
        .expect("message")
}

/// What Bob's raw client does to the document, named.
type Attack = (&'static str, fn(&Doc, &str));

#[test]
fn nobody_changes_or_deletes_someone_elses_comment() {
    let mut room = server();
    let thread = adas_thread_with_bobs_reply(&mut room);
    let before = doc_bytes(&room);
    let bob = sender("bob", true);

    let cases: [Attack; 5] = [
        ("deletes Ada's thread", |doc, thread| {
            let mut txn = doc.transact_mut();
            txn.get_or_insert_map("comments").remove(&mut txn, thread);
        }),
        ("deletes Ada's message", |doc, _| {
            let id = message_by(doc, "ada");
            let mut txn = doc.transact_mut();
            txn.get_or_insert_map("comment_messages")
                .remove(&mut txn, &id);
        }),
        ("rewrites Ada's message", |doc, _| {
            let id = message_by(doc, "ada");
            let mut txn = doc.transact_mut();
            let messages = txn.get_or_insert_map("comment_messages");
            if let Some(Out::YMap(m)) = messages.get(&txn, &id) {
                m.insert(&mut txn, "text", "Ship it as is");
            }
        }),
        ("moves Ada's pin", |doc, thread| {
            let mut txn = doc.transact_mut();
            let threads = txn.get_or_insert_map("comments");
            if let Some(Out::YMap(t)) = threads.get(&txn, thread) {
                t.insert(&mut txn, "x", 500.0);
            }
        }),
        ("resolves in Ada's name", |doc, thread| {
            let mut txn = doc.transact_mut();
            let threads = txn.get_or_insert_map("comments");
            if let Some(Out::YMap(t)) = threads.get(&txn, thread) {
                t.insert(&mut txn, "resolved", true);
                t.insert(&mut txn, "resolved_by", "ada");
            }
        }),
    ];
    for (what, attack) in cases {
        let doc = raw_peer(&room);
        attack(&doc, thread.as_str());
        let result = room.apply_update_from(&diff(&doc, &room), &bob);
        assert!(
            matches!(
                result,
                Err(EngineError::NotAuthor { .. } | EngineError::ImpersonatedAuthor { .. })
            ),
            "Bob {what}: {result:?}"
        );
        assert_eq!(doc_bytes(&room), before, "Bob {what} changed the document");
    }

    // What Bob may do: resolve in his own name, delete his own reply.
    let mut bobs = member(&room, 4, "bob");
    bobs.comment(CommentCommand::ResolveThread {
        thread: thread.clone(),
    })
    .expect("resolve");
    send(&mut bobs, &mut room, &bob).expect("Bob resolves");
    let reply = room.comments()[0].messages[1].id.clone();
    bobs.comment(CommentCommand::DeleteMessage { id: reply })
        .expect("delete reply");
    send(&mut bobs, &mut room, &bob).expect("Bob deletes his reply");
    assert_eq!(room.comments()[0].messages.len(), 1);
    assert_eq!(room.comments()[0].resolved_by, Some(UserId("bob".into())));
}

#[test]
fn deleting_ones_own_thread_takes_the_others_replies_with_it() {
    let mut room = server();
    let thread = adas_thread_with_bobs_reply(&mut room);
    let mut ada = member(&room, 5, "ada");
    receive(&room, &mut ada);
    ada.comment(CommentCommand::DeleteThread { thread })
        .expect("delete");
    send(&mut ada, &mut room, &sender("ada", true)).expect("Ada deletes her thread");
    assert!(room.comments().is_empty());
}

#[test]
fn a_browsers_project_goes_to_the_server_once_its_comments_are_claimed() {
    // Comments written in a browser, before any account: this browser's local person.
    let mut local = member(&server(), 6, "local-x7");
    local.comment(start_thread("Note to self")).expect("start");
    local.take_local_updates();
    let upload = |engine: &Engine| {
        let mut room = Engine::new(EngineOptions::deterministic(7));
        room.apply_update_from(&doc_bytes(engine), &sender("ada", true))
            .map(|()| room)
    };
    let refused = upload(&local);
    assert!(
        matches!(&refused, Err(EngineError::ImpersonatedAuthor { claimed, .. }) if claimed == "local-x7"),
        "{:?}",
        refused.err()
    );

    local.set_local_user(author("ada")).expect("ada signs in");
    local.comment(CommentCommand::ClaimComments).expect("claim");
    let room = upload(&local).expect("the claimed project uploads");
    let threads = room.comments();
    assert_eq!(threads[0].author, UserId("ada".into()));
    assert_eq!(threads[0].messages[0].author_name, "ada@example.com");
    assert_eq!(threads[0].messages[0].text, "Note to self");
    // Claiming is not a design edit: nothing to undo.
    assert!(!local.undo());
}
