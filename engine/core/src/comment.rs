//! Comments: threads pinned to an element or a page point, their messages, and the engine's
//! calls that write and read them (`Engine::comment`, `Engine::comments`).
//!
//! Comments live in the same yrs document as the design (root maps `comments` and
//! `comment_messages`, `document/comments.rs`), so they reach collaborators through the live
//! room and are saved with the project, but they are not design edits: they are written with
//! their own transaction origin outside the undo manager's scope, so undo never takes one back
//! and a comment never becomes an undo step. They are written as the engine's local user
//! ([`Engine::set_local_user`]). The limits below hold for commands and for update bytes alike.

use serde::{Deserialize, Serialize};
use yrs::Transact;

use crate::command::CommentCommand;
use crate::document::comments as stored;
use crate::engine::{Engine, COMMENT};
use crate::error::EngineError;
use crate::id::{ElementId, MessageId, PageId, ThreadId, UserId};
use crate::log::LogEntry;

/// Longest comment text, in characters, once trimmed.
pub const MAX_COMMENT_CHARS: usize = 5_000;
/// Most people one message mentions.
pub const MAX_MENTIONS: usize = 50;
/// Longest author name, in characters.
pub const MAX_AUTHOR_NAME_CHARS: usize = 200;
/// Largest coordinate of a pin, either way, in CSS pixels.
pub const MAX_COORDINATE: f64 = 1_000_000.0;

/// Who writes comments from this engine.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// The account's id, or this browser's local id.
    pub id: UserId,
    /// The name shown beside the comment.
    pub name: String,
}

impl Default for Author {
    fn default() -> Self {
        Self {
            id: UserId("local".into()),
            name: "Me".into(),
        }
    }
}

/// One message of a thread.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// The message's id.
    pub id: MessageId,
    /// Its thread.
    pub thread: ThreadId,
    /// Who wrote it.
    pub author: UserId,
    /// The author's name as it was when written.
    pub author_name: String,
    /// The text (mentions appear in it as `@name`).
    pub text: String,
    /// When it was written (engine clock, ms).
    pub at: f64,
    /// The people it mentions, by id.
    pub mentions: Vec<UserId>,
}

/// A comment thread with its messages, oldest first.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    /// The thread's id.
    pub id: ThreadId,
    /// The page it is on.
    pub page: PageId,
    /// The element it is pinned to; `None`: a point of the page.
    pub element: Option<ElementId>,
    /// The pin's position: relative to the element's box when pinned to one, else page
    /// coordinates.
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// Who started it.
    pub author: UserId,
    /// The author's name as it was when written.
    pub author_name: String,
    /// When it was started (engine clock, ms).
    pub at: f64,
    /// Whether it is resolved.
    pub resolved: bool,
    /// Who resolved it, while resolved.
    pub resolved_by: Option<UserId>,
    /// Its messages, oldest first (the first is the one it was started with).
    pub messages: Vec<Message>,
}

/// What a comment command created.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CommentApplied {
    /// The thread started, if any.
    pub thread: Option<ThreadId>,
    /// The message written, if any.
    pub message: Option<MessageId>,
}

/// A comment's text, trimmed: 1–[`MAX_COMMENT_CHARS`] characters, no control characters but
/// line breaks and tabs.
pub fn check_comment_text(text: &str) -> Result<&str, EngineError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(EngineError::invalid(
            None,
            "text",
            "a comment needs some text",
        ));
    }
    let chars = trimmed.chars().count();
    if chars > MAX_COMMENT_CHARS {
        return Err(EngineError::invalid(
            None,
            "text",
            format!("{chars} characters; the limit is {MAX_COMMENT_CHARS}"),
        ));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(EngineError::invalid(
            None,
            "text",
            "control characters other than line breaks and tabs",
        ));
    }
    Ok(trimmed)
}

/// An author's name: 1–[`MAX_AUTHOR_NAME_CHARS`] characters, no control characters.
pub fn check_author_name(name: &str) -> Result<(), EngineError> {
    let chars = name.chars().count();
    if name.trim().is_empty() || chars > MAX_AUTHOR_NAME_CHARS || name.chars().any(char::is_control)
    {
        return Err(EngineError::invalid(
            None,
            "author_name",
            format!("1–{MAX_AUTHOR_NAME_CHARS} printable characters"),
        ));
    }
    Ok(())
}

/// A pin coordinate: finite, within ±[`MAX_COORDINATE`].
pub fn check_coordinate(field: &str, value: f64) -> Result<(), EngineError> {
    if !value.is_finite() || value.abs() > MAX_COORDINATE {
        return Err(EngineError::invalid(
            None,
            field,
            format!("a finite number within ±{MAX_COORDINATE}"),
        ));
    }
    Ok(())
}

/// Mentions: at most [`MAX_MENTIONS`], each a user id; duplicates are dropped.
pub fn check_mentions(mentions: &[UserId]) -> Result<Vec<UserId>, EngineError> {
    if mentions.len() > MAX_MENTIONS {
        return Err(EngineError::invalid(
            None,
            "mentions",
            format!("{} people; the limit is {MAX_MENTIONS}", mentions.len()),
        ));
    }
    let mut out: Vec<UserId> = Vec::with_capacity(mentions.len());
    for mention in mentions {
        let id = UserId::parse(mention.as_str())?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

impl Engine {
    /// Sets who writes comments from this engine (the signed-in account, or this browser's
    /// local person). Refused when the id or name has the wrong form.
    pub fn set_local_user(&mut self, author: Author) -> Result<(), EngineError> {
        UserId::parse(author.id.as_str())?;
        check_author_name(&author.name)?;
        self.local_user = author;
        Ok(())
    }

    /// Who writes comments from this engine.
    pub fn local_user(&self) -> &Author {
        &self.local_user
    }

    /// Applies a comment command as the local user: one transaction, sent to peers, saved with
    /// the document, never an undo step.
    pub fn comment(&mut self, command: CommentCommand) -> Result<CommentApplied, EngineError> {
        let author = self.local_user.clone();
        let at = self.clock.now_ms();
        let applied = self.write_comment(&author, at, &command)?;
        self.record(LogEntry::Comment {
            at,
            author,
            command,
        });
        Ok(applied)
    }

    /// Replays a logged comment command as its author.
    pub(crate) fn replay_comment(
        &mut self,
        author: &Author,
        at: u64,
        command: &CommentCommand,
    ) -> Result<(), EngineError> {
        self.write_comment(author, at, command).map(|_| ())
    }

    fn write_comment(
        &mut self,
        author: &Author,
        at: u64,
        command: &CommentCommand,
    ) -> Result<CommentApplied, EngineError> {
        let at = at as f64;
        let mut applied = CommentApplied::default();
        {
            let mut txn = self.doc.transact_mut_with(COMMENT);
            match command {
                CommentCommand::StartThread {
                    id,
                    page,
                    element,
                    x,
                    y,
                    text,
                    mentions,
                } => {
                    let text = check_comment_text(text)?;
                    let mentions = check_mentions(mentions)?;
                    check_coordinate("x", *x)?;
                    check_coordinate("y", *y)?;
                    if !self.state.pages.contains_key(page) {
                        return Err(EngineError::UnknownPage { id: page.0.clone() });
                    }
                    if let Some(element) = element {
                        match self.state.elements.get(element) {
                            Some(el) if el.page == *page => {}
                            Some(_) => {
                                return Err(EngineError::invalid(
                                    Some(element.as_str()),
                                    "element",
                                    format!("not on page {page}"),
                                ))
                            }
                            None => {
                                return Err(EngineError::UnknownElement {
                                    id: element.0.clone(),
                                })
                            }
                        }
                    }
                    let thread = match id {
                        Some(id) => {
                            let id = ThreadId::parse(id.as_str())?;
                            if stored::thread_exists(&txn, &id) {
                                return Err(EngineError::DuplicateId { id: id.0 });
                            }
                            id
                        }
                        None => ThreadId(self.ids.mint()),
                    };
                    let message = MessageId(self.ids.mint());
                    stored::put_thread(
                        &mut txn,
                        &stored::NewThread {
                            id: &thread,
                            page,
                            element: element.as_ref(),
                            x: *x,
                            y: *y,
                            author,
                            at,
                        },
                    );
                    stored::put_message(&mut txn, &message, &thread, author, text, at, &mentions);
                    applied.thread = Some(thread);
                    applied.message = Some(message);
                }
                CommentCommand::Reply {
                    thread,
                    text,
                    mentions,
                } => {
                    let text = check_comment_text(text)?;
                    let mentions = check_mentions(mentions)?;
                    if !stored::thread_exists(&txn, thread) {
                        return Err(EngineError::UnknownThread {
                            id: thread.0.clone(),
                        });
                    }
                    let message = MessageId(self.ids.mint());
                    stored::put_message(&mut txn, &message, thread, author, text, at, &mentions);
                    applied.message = Some(message);
                }
                CommentCommand::ResolveThread { thread }
                | CommentCommand::ReopenThread { thread } => {
                    let resolve = matches!(command, CommentCommand::ResolveThread { .. });
                    if !stored::set_resolved(&mut txn, thread, resolve.then_some(&author.id)) {
                        return Err(EngineError::UnknownThread {
                            id: thread.0.clone(),
                        });
                    }
                }
                CommentCommand::DeleteMessage { id } => {
                    let Some((message_author, thread)) = stored::message_author(&txn, id) else {
                        return Err(EngineError::UnknownMessage { id: id.0.clone() });
                    };
                    if message_author != author.id {
                        return Err(EngineError::NotAuthor { id: id.0.clone() });
                    }
                    if stored::first_message(&txn, &thread).as_ref() == Some(id) {
                        return Err(EngineError::invalid(
                            None,
                            "id",
                            "a thread's first message goes with its thread: delete the thread",
                        ));
                    }
                    stored::delete_message(&mut txn, id);
                }
                CommentCommand::ClaimComments => {
                    stored::claim_all(&mut txn, author);
                }
                CommentCommand::DeleteThread { thread } => {
                    let Some(thread_author) = stored::thread_author(&txn, thread) else {
                        return Err(EngineError::UnknownThread {
                            id: thread.0.clone(),
                        });
                    };
                    if thread_author != author.id {
                        return Err(EngineError::NotAuthor {
                            id: thread.0.clone(),
                        });
                    }
                    stored::delete_thread(&mut txn, thread);
                }
            }
        }
        self.sync();
        Ok(applied)
    }

    /// Every readable thread with its messages: oldest thread first, messages oldest first.
    /// A message whose thread is gone, and an entry a foreign client wrote that cannot be read,
    /// are left out.
    pub fn comments(&self) -> Vec<Thread> {
        stored::read_threads(&self.doc.transact())
    }
}
