//! # omnios-engine
//!
//! The pure core of OMNIOS. It owns the project document (a Yjs document held by `yrs`),
//! applies [`Command`]s to it, reports what changed as [`Deltas`], undoes per user, answers
//! [`Query`]s, and replays command logs. No browser types, no I/O, no wall clock: hosts supply
//! those through [`EngineOptions`].
//!
//! Where to start: [`Engine`] (the one surface), then [`Command`] (what can change), then
//! `document.rs` (how the Yjs document is laid out).
//!
//! ```
//! use omnios_engine::{Command, Engine, EngineOptions, ElementKind};
//!
//! let mut engine = Engine::new(EngineOptions::deterministic(1));
//! let page = engine.commit(Command::CreatePage {
//!     id: None, name: "Home".into(), slug: None, title: None, description: None, index: None,
//! }).unwrap();
//! let body = engine.state().pages[&page.created_pages[0]].root.clone();
//! let made = engine.commit(serde_json::from_value(serde_json::json!({
//!     "type": "create_element", "kind": "text", "parent": body.as_str(),
//!     "content": "Hello", "styles": {"base": {"font-size": 32}}
//! })).unwrap()).unwrap();
//! let deltas = engine.take_deltas();
//! assert!(deltas.elements.iter().any(|d| d.element.id == made.created[0]));
//! assert!(engine.undo());
//! assert!(engine.element(&made.created[0]).is_none());
//! # let _ = ElementKind::Text;
//! ```
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod asset;
pub mod backup;
mod clock;
pub mod collab;
mod command;
mod comment;
pub mod component;
mod delta;
mod document;
mod element;
mod engine;
mod error;
mod gesture;
mod history;
mod id;
mod incoming;
pub mod layout;
mod library;
mod log;
pub mod order;
mod plan;
mod props;
mod query;
mod repair;
mod restore;
pub mod rich_text;
mod sender;
mod snapshot;
mod source;
mod state;
pub mod style;
mod subscription;
pub mod token;
#[cfg(test)]
mod typescript;
mod update_guard;

pub use asset::{
    assets_used_by, is_sha256_hex, source_props, Asset, AssetId, AssetUsage, Variant, ASSET_SCHEME,
    MAX_ASSET_BYTES,
};
pub use clock::{Clock, ManualClock};
pub use command::{Applied, Command, CommentCommand, StyleInput};
pub use comment::{
    check_comment_text, Author, CommentApplied, Message, Thread, MAX_AUTHOR_NAME_CHARS,
    MAX_COMMENT_CHARS, MAX_COORDINATE, MAX_MENTIONS,
};
pub use delta::{AssetDelta, Deltas, ElementDelta, Shared, TokenDelta};
pub use element::{
    is_language_tag, ContainerTag, Dir, Element, ElementKind, Page, Project, Scalar, Styles, Tag,
    TextTag, DEFAULT_LANG,
};
pub use engine::{Checkpoint, Engine, EngineOptions, MAX_BATCH};
pub use error::EngineError;
pub use id::{ElementId, IdSource, MessageId, PageId, ThreadId, UserId};
pub use library::blobs_in_version;
pub use log::{from_json_lines, to_json_lines, LogEntry};
pub use plan::MAX_DEPTH;
pub use props::{check_anchor, ANCHOR_PROP, MAX_ANCHOR_BYTES, MAX_PROPS, MAX_PROP_BYTES};
pub use query::{FieldPath, Filter, Op as QueryOp, Query, QueryResult, SortKey};
pub use repair::Dropped;
pub use sender::Sender;
pub use snapshot::{Snapshot, FORMAT as SNAPSHOT_FORMAT, VERSION as SNAPSHOT_VERSION};
pub use source::{
    check_link, check_page_image, check_source, Source, SourceProblem, MAX_INLINE_BYTES,
    MAX_SOURCE_BYTES,
};
pub use state::State;
pub use style::{Breakpoint, Property, RawValue, Slot};
pub use subscription::SubscriptionEvent;
pub use token::{
    check_token, check_token_name, Token, TokenId, TokenKind, MAX_TOKEN_NAME_CHARS, TOKEN_SCHEME,
};
pub use update_guard::MAX_UPDATE_BYTES;

/// The engine's version, as built.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Largest command JSON the text entry points accept, in bytes.
pub const MAX_COMMAND_JSON: usize = 64 * 1024 * 1024;

impl Engine {
    /// Applies one command given as JSON.
    pub fn commit_json(&mut self, json: &str) -> Result<Applied, EngineError> {
        self.commit(parse_json(json)?)
    }

    /// Applies a JSON array of commands as one transaction and one undo step.
    pub fn commit_batch_json(&mut self, json: &str) -> Result<Applied, EngineError> {
        self.commit_batch(parse_json(json)?)
    }

    /// Applies one comment command given as JSON (`comment.rs`).
    pub fn comment_json(&mut self, json: &str) -> Result<CommentApplied, EngineError> {
        self.comment(parse_json(json)?)
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, EngineError> {
    if json.len() > MAX_COMMAND_JSON {
        return Err(EngineError::PayloadTooLarge {
            bytes: json.len(),
            limit: MAX_COMMAND_JSON,
        });
    }
    serde_json::from_str(json).map_err(|e| EngineError::InvalidCommand {
        reason: e.to_string(),
    })
}
