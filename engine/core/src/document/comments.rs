//! The comment roots of the Yjs document (the table in `document.rs`): reading, writing and
//! checking what a stored thread or message may hold. Flat like elements: one Y.Map of
//! scalars per thread and per message, so concurrent replies never replace each other and a
//! resolve is one field.

use yrs::types::map::MapPrelim;
use yrs::{Any, Map, MapRef, Number, Out, ReadTxn, TransactionMut, WriteTxn};

use super::{check_fields, refuse, text, Shape};
use crate::comment::{
    check_author_name, check_comment_text, check_coordinate, check_mentions, Author, Message,
    Thread,
};
use crate::error::EngineError;
use crate::id::{ElementId, MessageId, PageId, ThreadId, UserId};

/// The root map of threads.
pub const THREADS_MAP: &str = "comments";
/// The root map of messages.
pub const MESSAGES_MAP: &str = "comment_messages";

const THREAD_FIELDS: &[(&str, Shape)] = &[
    ("page", Shape::Text),
    ("element", Shape::Text),
    ("x", Shape::Number),
    ("y", Shape::Number),
    ("author", Shape::Text),
    ("author_name", Shape::Text),
    ("at", Shape::Number),
    ("resolved", Shape::Bool),
    ("resolved_by", Shape::Text),
];

const MESSAGE_FIELDS: &[(&str, Shape)] = &[
    ("thread", Shape::Text),
    ("author", Shape::Text),
    ("author_name", Shape::Text),
    ("text", Shape::Text),
    ("at", Shape::Number),
    ("mentions", Shape::Text),
];

fn number(map: &MapRef, txn: &impl ReadTxn, key: &str) -> Option<f64> {
    match map.get(txn, key)? {
        Out::Any(Any::Number(Number::Float(n))) => Some(n),
        Out::Any(Any::Number(Number::Int(n))) => Some(n as f64),
        _ => None,
    }
}

fn entry(txn: &impl ReadTxn, root: &str, key: &str) -> Option<MapRef> {
    match txn.get_map(root)?.get(txn, key)? {
        Out::YMap(map) => Some(map),
        _ => None,
    }
}

fn mentions_of(raw: &str) -> Vec<UserId> {
    raw.split_whitespace().map(UserId::from).collect()
}

fn read_thread(map: &MapRef, txn: &impl ReadTxn, id: &str) -> Option<Thread> {
    Some(Thread {
        id: ThreadId(id.to_owned()),
        page: PageId(text(map, txn, "page")?),
        element: text(map, txn, "element").map(ElementId),
        x: number(map, txn, "x").unwrap_or_default(),
        y: number(map, txn, "y").unwrap_or_default(),
        author: UserId(text(map, txn, "author")?),
        author_name: text(map, txn, "author_name").unwrap_or_default(),
        at: number(map, txn, "at").unwrap_or_default(),
        resolved: matches!(map.get(txn, "resolved"), Some(Out::Any(Any::Bool(true)))),
        resolved_by: text(map, txn, "resolved_by").map(UserId),
        messages: Vec::new(),
    })
}

fn read_message(map: &MapRef, txn: &impl ReadTxn, id: &str) -> Option<Message> {
    Some(Message {
        id: MessageId(id.to_owned()),
        thread: ThreadId(text(map, txn, "thread")?),
        author: UserId(text(map, txn, "author")?),
        author_name: text(map, txn, "author_name").unwrap_or_default(),
        text: text(map, txn, "text")?,
        at: number(map, txn, "at").unwrap_or_default(),
        mentions: text(map, txn, "mentions")
            .map(|m| mentions_of(&m))
            .unwrap_or_default(),
    })
}

/// Every readable thread with its messages, each sorted by time then id.
pub fn read_threads(txn: &impl ReadTxn) -> Vec<Thread> {
    let mut threads: Vec<Thread> = match txn.get_map(THREADS_MAP) {
        Some(root) => root
            .iter(txn)
            .filter_map(|(id, value)| match value {
                Out::YMap(map) => read_thread(&map, txn, id),
                _ => None,
            })
            .collect(),
        None => Vec::new(),
    };
    threads.sort_by(|a, b| a.at.total_cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    if let Some(root) = txn.get_map(MESSAGES_MAP) {
        let mut messages: Vec<Message> = root
            .iter(txn)
            .filter_map(|(id, value)| match value {
                Out::YMap(map) => read_message(&map, txn, id),
                _ => None,
            })
            .collect();
        messages.sort_by(|a, b| a.at.total_cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
        for message in messages {
            if let Some(thread) = threads.iter_mut().find(|t| t.id == message.thread) {
                thread.messages.push(message);
            }
        }
    }
    threads
}

/// Whether a thread is stored under this id.
pub fn thread_exists(txn: &impl ReadTxn, id: &ThreadId) -> bool {
    entry(txn, THREADS_MAP, id.as_str()).is_some()
}

/// A thread's author, if the thread exists.
pub fn thread_author(txn: &impl ReadTxn, id: &ThreadId) -> Option<UserId> {
    text(&entry(txn, THREADS_MAP, id.as_str())?, txn, "author").map(UserId)
}

/// A message's author and thread, if the message exists.
pub fn message_author(txn: &impl ReadTxn, id: &MessageId) -> Option<(UserId, ThreadId)> {
    let map = entry(txn, MESSAGES_MAP, id.as_str())?;
    Some((
        UserId(text(&map, txn, "author")?),
        ThreadId(text(&map, txn, "thread")?),
    ))
}

/// The oldest message of a thread.
pub fn first_message(txn: &impl ReadTxn, thread: &ThreadId) -> Option<MessageId> {
    let root = txn.get_map(MESSAGES_MAP)?;
    root.iter(txn)
        .filter_map(|(id, value)| match value {
            Out::YMap(map) => read_message(&map, txn, id),
            _ => None,
        })
        .filter(|m| &m.thread == thread)
        .min_by(|a, b| a.at.total_cmp(&b.at).then_with(|| a.id.cmp(&b.id)))
        .map(|m| m.id)
}

/// A new thread as `put_thread` writes it.
pub struct NewThread<'a> {
    pub id: &'a ThreadId,
    pub page: &'a PageId,
    pub element: Option<&'a ElementId>,
    pub x: f64,
    pub y: f64,
    pub author: &'a Author,
    pub at: f64,
}

/// Writes a new thread (without messages).
pub fn put_thread(txn: &mut TransactionMut, thread: &NewThread<'_>) {
    let root = txn.get_or_insert_map(THREADS_MAP);
    let map = root.insert(txn, thread.id.as_str(), MapPrelim::default());
    map.insert(txn, "page", thread.page.as_str());
    if let Some(element) = thread.element {
        map.insert(txn, "element", element.as_str());
    }
    map.insert(txn, "x", thread.x);
    map.insert(txn, "y", thread.y);
    map.insert(txn, "author", thread.author.id.as_str());
    map.insert(txn, "author_name", thread.author.name.as_str());
    map.insert(txn, "at", thread.at);
    map.insert(txn, "resolved", false);
}

/// Writes a new message.
pub fn put_message(
    txn: &mut TransactionMut,
    id: &MessageId,
    thread: &ThreadId,
    author: &Author,
    text: &str,
    at: f64,
    mentions: &[UserId],
) {
    let root = txn.get_or_insert_map(MESSAGES_MAP);
    let map = root.insert(txn, id.as_str(), MapPrelim::default());
    map.insert(txn, "thread", thread.as_str());
    map.insert(txn, "author", author.id.as_str());
    map.insert(txn, "author_name", author.name.as_str());
    map.insert(txn, "text", text);
    map.insert(txn, "at", at);
    if !mentions.is_empty() {
        let joined = mentions
            .iter()
            .map(UserId::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        map.insert(txn, "mentions", joined);
    }
}

/// Resolves (`Some(by)`) or reopens (`None`) a thread; `false` if it does not exist.
pub fn set_resolved(txn: &mut TransactionMut, id: &ThreadId, by: Option<&UserId>) -> bool {
    let Some(map) = entry(txn, THREADS_MAP, id.as_str()) else {
        return false;
    };
    map.insert(txn, "resolved", by.is_some());
    match by {
        Some(by) => {
            map.insert(txn, "resolved_by", by.as_str());
        }
        None => {
            map.remove(txn, "resolved_by");
        }
    }
    true
}

/// Removes a message.
pub fn delete_message(txn: &mut TransactionMut, id: &MessageId) {
    txn.get_or_insert_map(MESSAGES_MAP).remove(txn, id.as_str());
}

/// Removes a thread and every message in it.
pub fn delete_thread(txn: &mut TransactionMut, id: &ThreadId) {
    let messages = txn.get_or_insert_map(MESSAGES_MAP);
    let doomed: Vec<String> = messages
        .iter(txn)
        .filter_map(|(key, value)| match value {
            Out::YMap(map) if text(&map, txn, "thread").as_deref() == Some(id.as_str()) => {
                Some(key.to_owned())
            }
            _ => None,
        })
        .collect();
    for key in doomed {
        messages.remove(txn, &key);
    }
    txn.get_or_insert_map(THREADS_MAP).remove(txn, id.as_str());
}

/// Makes `author` the author of every thread and message, and the resolver of every resolved
/// thread; returns how many entries it rewrote.
pub fn claim_all(txn: &mut TransactionMut, author: &Author) -> usize {
    let mut claimed = 0;
    for root in [THREADS_MAP, MESSAGES_MAP] {
        let entries: Vec<MapRef> = txn
            .get_or_insert_map(root)
            .iter(txn)
            .filter_map(|(_, value)| match value {
                Out::YMap(map) => Some(map),
                _ => None,
            })
            .collect();
        for map in entries {
            map.insert(txn, "author", author.id.as_str());
            map.insert(txn, "author_name", author.name.as_str());
            if map.contains_key(txn, "resolved_by") {
                map.insert(txn, "resolved_by", author.id.as_str());
            }
            claimed += 1;
        }
    }
    claimed
}

fn checked<T>(what: &str, key: &str, result: Result<T, EngineError>) -> Result<T, EngineError> {
    result.map_err(|e| refuse(what, key, e))
}

/// Checks a stored thread entry as a command would have written it: its id, fields and types,
/// ids of the right form, coordinates and time finite, the author's name. An absent entry is
/// fine (deleted); a missing field is left to reading (an update may bring it later).
pub fn check_thread_entry(
    threads: &MapRef,
    txn: &impl ReadTxn,
    key: &str,
) -> Result<(), EngineError> {
    ThreadId::parse(key)?;
    let Some(value) = threads.get(txn, key) else {
        return Ok(());
    };
    let Out::YMap(map) = value else {
        return Err(refuse("thread", key, "not a map"));
    };
    check_fields(&map, txn, "thread", key, THREAD_FIELDS)?;
    if let Some(page) = text(&map, txn, "page") {
        checked("thread", key, PageId::parse(&page))?;
    }
    if let Some(element) = text(&map, txn, "element") {
        checked("thread", key, ElementId::parse(&element))?;
    }
    for field in ["author", "resolved_by"] {
        if let Some(user) = text(&map, txn, field) {
            checked("thread", key, UserId::parse(&user))?;
        }
    }
    if let Some(name) = text(&map, txn, "author_name") {
        checked("thread", key, check_author_name(&name))?;
    }
    for field in ["x", "y"] {
        if let Some(n) = number(&map, txn, field) {
            checked("thread", key, check_coordinate(field, n))?;
        }
    }
    check_time(&map, txn, "thread", key)
}

fn check_time(map: &MapRef, txn: &impl ReadTxn, what: &str, key: &str) -> Result<(), EngineError> {
    match number(map, txn, "at") {
        Some(at) if !at.is_finite() || at < 0.0 => Err(refuse(what, key, "time out of range")),
        _ => Ok(()),
    }
}

/// Checks a stored message entry: its id, fields and types, the thread and author ids, the
/// text by the commands' limits (1–5,000 characters), at most 50 mentions of user ids.
pub fn check_message_entry(
    messages: &MapRef,
    txn: &impl ReadTxn,
    key: &str,
) -> Result<(), EngineError> {
    MessageId::parse(key)?;
    let Some(value) = messages.get(txn, key) else {
        return Ok(());
    };
    let Out::YMap(map) = value else {
        return Err(refuse("message", key, "not a map"));
    };
    check_fields(&map, txn, "message", key, MESSAGE_FIELDS)?;
    if let Some(thread) = text(&map, txn, "thread") {
        checked("message", key, ThreadId::parse(&thread))?;
    }
    if let Some(author) = text(&map, txn, "author") {
        checked("message", key, UserId::parse(&author))?;
    }
    if let Some(name) = text(&map, txn, "author_name") {
        checked("message", key, check_author_name(&name))?;
    }
    if let Some(body) = text(&map, txn, "text") {
        let trimmed = checked("message", key, check_comment_text(&body))?;
        if trimmed.len() != body.len() {
            return Err(refuse("message", key, "text with surrounding spaces"));
        }
    }
    if let Some(mentions) = text(&map, txn, "mentions") {
        let ids = mentions_of(&mentions);
        checked("message", key, check_mentions(&ids))?;
    }
    check_time(&map, txn, "message", key)
}
