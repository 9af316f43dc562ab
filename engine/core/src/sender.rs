//! Who sent a peer's update, and what that person may write: the rules a host that knows its
//! peers (the server's live room, which admitted each client by its account) applies on top of
//! the document's own checks (`incoming.rs`).
//!
//! The document's checks say what *any* update may hold. These say what *this sender's* update
//! may hold, the same rules the comment commands follow (`comment.rs`):
//!
//! | what the update does | allowed when |
//! |---|---|
//! | changes elements, pages, assets, tokens or the project | the sender may edit (an editor or owner, not a viewer) |
//! | adds a thread or a message | its `author` is the sender's id and its `author_name` the sender's name |
//! | resolves or reopens a thread | always (anyone who may comment); `resolved_by`, when set, is the sender |
//! | changes any other field of a thread, or any field of a message | never (no command does) |
//! | deletes a thread | the sender wrote it |
//! | deletes a message | the sender wrote it, or wrote its thread and the thread goes too |
//!
//! A viewer may therefore comment, reply and resolve, and nothing else.

use std::collections::BTreeMap;

use yrs::{Doc, Map, Out, ReadTxn, Transact};

use crate::comment::Author;
use crate::delta::Touched;
use crate::document::comments::{MESSAGES_MAP, THREADS_MAP};
use crate::error::EngineError;

/// The person behind a peer's update, as the host that admitted them knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    /// Their account, as every comment they write must name it.
    pub author: Author,
    /// Whether they may change the design, not only comment.
    pub may_edit: bool,
}

/// An entry's fields as text, to compare before and after.
type Fields = BTreeMap<String, String>;

fn fields(txn: &impl ReadTxn, root: &str, key: &str) -> Option<Fields> {
    let Out::YMap(map) = txn.get_map(root)?.get(txn, key)? else {
        return None;
    };
    Some(
        map.iter(txn)
            .map(|(field, value)| (field.to_owned(), value.to_string(txn)))
            .collect(),
    )
}

fn field<'a>(entry: &'a Fields, name: &str) -> Option<&'a str> {
    entry.get(name).map(String::as_str)
}

/// Whether `entry` names the sender as its author, by id and by name.
fn written_by(entry: &Fields, sender: &Sender) -> bool {
    field(entry, "author") == Some(sender.author.id.as_str())
        && field(entry, "author_name") == Some(sender.author.name.as_str())
}

fn impersonation(id: &str, entry: &Fields) -> EngineError {
    EngineError::ImpersonatedAuthor {
        id: id.to_owned(),
        claimed: field(entry, "author").unwrap_or_default().to_owned(),
    }
}

fn not_author(id: &str) -> EngineError {
    EngineError::NotAuthor { id: id.to_owned() }
}

/// Refuses an update that touches the design (elements, pages, assets, tokens, the project)
/// from a sender who may not edit.
pub(crate) fn check_may_edit(touched: &Touched, sender: &Sender) -> Result<(), EngineError> {
    if touched.design() && !sender.may_edit {
        return Err(EngineError::ReadOnly);
    }
    Ok(())
}

/// Checks the comments the update wrote (`after`, the shadow it was applied to) against the
/// document before it (`before`) for `sender`, entry by entry of what it touched.
pub(crate) fn check_comments(
    before: &Doc,
    after: &Doc,
    touched: &Touched,
    sender: &Sender,
) -> Result<(), EngineError> {
    let was = before.transact();
    let now = after.transact();
    for id in &touched.threads {
        match (fields(&was, THREADS_MAP, id), fields(&now, THREADS_MAP, id)) {
            (None, Some(new)) => {
                let resolver = field(&new, "resolved_by");
                if !written_by(&new, sender)
                    || resolver.is_some_and(|by| by != sender.author.id.as_str())
                {
                    return Err(impersonation(id, &new));
                }
            }
            (Some(old), None) => {
                if field(&old, "author") != Some(sender.author.id.as_str()) {
                    return Err(not_author(id));
                }
            }
            (Some(old), Some(new)) => check_resolve(id, &old, &new, sender)?,
            (None, None) => {}
        }
    }
    for id in &touched.messages {
        match (
            fields(&was, MESSAGES_MAP, id),
            fields(&now, MESSAGES_MAP, id),
        ) {
            (None, Some(new)) if !written_by(&new, sender) => {
                return Err(impersonation(id, &new));
            }
            (Some(old), None) => {
                let own = field(&old, "author") == Some(sender.author.id.as_str());
                let thread = field(&old, "thread").unwrap_or_default();
                let thread_gone = fields(&now, THREADS_MAP, thread).is_none();
                let owns_thread = fields(&was, THREADS_MAP, thread)
                    .is_some_and(|t| field(&t, "author") == Some(sender.author.id.as_str()));
                if !(own || thread_gone && owns_thread) {
                    return Err(not_author(id));
                }
            }
            (Some(old), Some(new)) if old != new => return Err(not_author(id)),
            _ => {}
        }
    }
    Ok(())
}

/// A thread that existed before and still does: only its resolution may change, and a
/// resolution the sender makes is theirs.
fn check_resolve(id: &str, old: &Fields, new: &Fields, sender: &Sender) -> Result<(), EngineError> {
    const RESOLUTION: [&str; 2] = ["resolved", "resolved_by"];
    let rest = |entry: &Fields| -> Fields {
        entry
            .iter()
            .filter(|(k, _)| !RESOLUTION.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    if rest(old) != rest(new) {
        return Err(not_author(id));
    }
    let resolver = field(new, "resolved_by");
    if resolver != field(old, "resolved_by")
        && resolver.is_some_and(|by| by != sender.author.id.as_str())
    {
        return Err(EngineError::ImpersonatedAuthor {
            id: id.to_owned(),
            claimed: resolver.unwrap_or_default().to_owned(),
        });
    }
    Ok(())
}
