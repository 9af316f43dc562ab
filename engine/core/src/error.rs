//! The one error type of the engine. Every variant means: nothing in the document changed.

use serde::Serialize;
use thiserror::Error;

/// Why the engine refused a call. The document is untouched whenever one is returned.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum EngineError {
    /// An identifier has the wrong form.
    #[error("invalid {what} id {id:?}: use 1–64 characters of A-Z, a-z, 0-9, _ and -")]
    InvalidId {
        /// `element`, `page`, `asset`, `token`, `thread`, `message` or `user`.
        what: &'static str,
        /// The offending text (cut to 80 characters).
        id: String,
    },
    /// No element has this id.
    #[error("unknown element {id}")]
    UnknownElement {
        /// The id asked for.
        id: String,
    },
    /// No page has this id.
    #[error("unknown page {id}")]
    UnknownPage {
        /// The id asked for.
        id: String,
    },
    /// An element or page with this id exists already.
    #[error("id {id} is already in use")]
    DuplicateId {
        /// The id asked for.
        id: String,
    },
    /// Moving an element into itself or its own descendant.
    #[error("moving {moving} into {into} would put it inside itself")]
    WouldCreateCycle {
        /// The element being moved.
        moving: String,
        /// The parent asked for.
        into: String,
    },
    /// The element's kind does not allow the operation (e.g. children inside an image).
    #[error("{element} is a {kind}: {reason}")]
    WrongKind {
        /// The element.
        element: String,
        /// Its kind.
        kind: String,
        /// What was refused.
        reason: String,
    },
    /// A value is out of range, of the wrong type, NaN, or not valid CSS for its property.
    #[error("invalid value for {field}{}: {reason}", element.as_ref().map(|e| format!(" of {e}")).unwrap_or_default())]
    InvalidValue {
        /// The element concerned, if any.
        element: Option<String>,
        /// The field or style property.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// The input is larger than the engine accepts.
    #[error("payload of {bytes} bytes exceeds the limit of {limit} bytes")]
    PayloadTooLarge {
        /// Size of the input.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// A command's JSON could not be read.
    #[error("invalid command: {reason}")]
    InvalidCommand {
        /// The parser's explanation.
        reason: String,
    },
    /// Update or state-vector bytes could not be decoded or applied.
    #[error("invalid update: {reason}")]
    InvalidUpdate {
        /// The decoder's explanation.
        reason: String,
    },
    /// A query could not be read.
    #[error("invalid query: {reason}")]
    InvalidQuery {
        /// What is wrong.
        reason: String,
    },
    /// A snapshot, command log or checkpoint could not be read.
    #[error("invalid snapshot: {reason}")]
    InvalidSnapshot {
        /// What is wrong.
        reason: String,
    },
    /// Moving an element to another page (cut and paste copies instead).
    #[error("{moving} cannot move to another page ({into})")]
    CrossPage {
        /// The element being moved.
        moving: String,
        /// The parent asked for.
        into: String,
    },
    /// The page's root element cannot be deleted, moved or wrapped.
    #[error("{id} is the root of its page")]
    PageRoot {
        /// The root element.
        id: String,
    },
    /// A project keeps at least one page.
    #[error("the last page cannot be deleted")]
    LastPage,
    /// No subscription has this id.
    #[error("unknown subscription {id}")]
    UnknownSubscription {
        /// The id asked for.
        id: u32,
    },
    /// An image's or video's source is not one of the accepted forms (`source.rs`).
    #[error("invalid {field}{}: {}", element.as_ref().map(|e| format!(" of {e}")).unwrap_or_default(), problem.explain())]
    InvalidSource {
        /// The element concerned, if any.
        element: Option<String>,
        /// `src` or `poster`, or `image` for a page's social image.
        field: &'static str,
        /// The refused source (cut to 80 characters).
        value: String,
        /// Why, as a stable code (the message says it in words).
        problem: crate::source::SourceProblem,
    },
    /// No asset of the library has this id.
    #[error("unknown asset {id}")]
    UnknownAsset {
        /// The id asked for.
        id: String,
    },
    /// The asset is still the source of some elements; remove it with `force` to clear them.
    #[error("asset {id} is used by {} element(s): {}", elements.len(), elements.join(", "))]
    AssetInUse {
        /// The asset.
        id: String,
        /// The elements using it, sorted.
        elements: Vec<String>,
    },
    /// No design token has this id.
    #[error("unknown token {id}")]
    UnknownToken {
        /// The id asked for.
        id: String,
    },
    /// Another design token has this name already.
    #[error("a token named {name:?} exists already")]
    TokenNameTaken {
        /// The name asked for.
        name: String,
    },
    /// The token is still used by some elements' styles; delete it with `force` to write its
    /// value in their place.
    #[error("token {id} is used by {} element(s): {}", elements.len(), elements.join(", "))]
    TokenInUse {
        /// The token.
        id: String,
        /// The elements using it, sorted.
        elements: Vec<String>,
    },
    /// Another element of the page has this anchor already (an anchor names one place).
    #[error("the anchor {anchor:?} is already used on this page by {element}")]
    AnchorTaken {
        /// The anchor asked for.
        anchor: String,
        /// The element that has it.
        element: String,
    },
    /// No component has this id (the id of its master root).
    #[error("unknown component {id}")]
    UnknownComponent {
        /// The id asked for.
        id: String,
    },
    /// Another component has this name already.
    #[error("a component named {name:?} exists already")]
    ComponentNameTaken {
        /// The name asked for.
        name: String,
    },
    /// The component still has instances; delete it with `force` to detach them first.
    #[error("component {id} is used by {} instance(s): {}", instances.len(), instances.join(", "))]
    ComponentInUse {
        /// The component.
        id: String,
        /// The stored instances using it, sorted.
        instances: Vec<String>,
    },
    /// An instance of `component` inside the master `into` would make a master contain
    /// itself, directly or through other masters.
    #[error("an instance of {component} inside the master of {into} would make it contain itself")]
    ComponentContainsItself {
        /// The component of the instance.
        component: String,
        /// The master it would go into.
        into: String,
    },
    /// The element is shown inside an instance: only its styles, props, content and
    /// visibility can be overridden; structure is edited on the master.
    #[error("{id} is shown inside instance {instance}: edit the master, or override its fields")]
    InsideInstance {
        /// The shown element.
        id: String,
        /// The stored instance showing it.
        instance: String,
    },
    /// The element would sit deeper than [`crate::MAX_DEPTH`] levels below its page's body.
    #[error("{element} would be nested {depth} levels deep; the limit is {limit}")]
    TooDeep {
        /// The element that would be too deep.
        element: String,
        /// How deep it would be.
        depth: usize,
        /// The limit.
        limit: usize,
    },
    /// A collaborator changed what the next undo step would revert: nothing was undone, and
    /// the step is dropped so that the next undo does not reach past it.
    #[error("a collaborator has changed what this undo step would revert; nothing was undone")]
    UndoOverwritten,
    /// No comment thread has this id.
    #[error("unknown comment thread {id}")]
    UnknownThread {
        /// The id asked for.
        id: String,
    },
    /// No comment message has this id.
    #[error("unknown comment message {id}")]
    UnknownMessage {
        /// The id asked for.
        id: String,
    },
    /// Only a comment's author may delete it (or, in a peer's update, change it).
    #[error("only its author may change or delete {id}")]
    NotAuthor {
        /// The thread or message.
        id: String,
    },
    /// A peer's update writes a comment (or a resolution) in someone else's name.
    #[error("{id} claims to be written by {claimed:?}, who did not send it")]
    ImpersonatedAuthor {
        /// The thread or message.
        id: String,
        /// The author (or resolver) it names.
        claimed: String,
    },
    /// The sender may view and comment, not change the design.
    #[error("read-only: this project is shared with you to view and comment; design changes are refused")]
    ReadOnly,
}

impl EngineError {
    /// The stable code a host branches on (the serde tag of the variant).
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidId { .. } => "invalid_id",
            Self::UnknownElement { .. } => "unknown_element",
            Self::UnknownPage { .. } => "unknown_page",
            Self::DuplicateId { .. } => "duplicate_id",
            Self::WouldCreateCycle { .. } => "would_create_cycle",
            Self::WrongKind { .. } => "wrong_kind",
            Self::InvalidValue { .. } => "invalid_value",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::InvalidCommand { .. } => "invalid_command",
            Self::InvalidUpdate { .. } => "invalid_update",
            Self::InvalidQuery { .. } => "invalid_query",
            Self::InvalidSnapshot { .. } => "invalid_snapshot",
            Self::CrossPage { .. } => "cross_page",
            Self::PageRoot { .. } => "page_root",
            Self::LastPage => "last_page",
            Self::UnknownSubscription { .. } => "unknown_subscription",
            Self::InvalidSource { .. } => "invalid_source",
            Self::UnknownAsset { .. } => "unknown_asset",
            Self::AssetInUse { .. } => "asset_in_use",
            Self::UnknownToken { .. } => "unknown_token",
            Self::TokenNameTaken { .. } => "token_name_taken",
            Self::TokenInUse { .. } => "token_in_use",
            Self::AnchorTaken { .. } => "anchor_taken",
            Self::UnknownComponent { .. } => "unknown_component",
            Self::ComponentNameTaken { .. } => "component_name_taken",
            Self::ComponentInUse { .. } => "component_in_use",
            Self::ComponentContainsItself { .. } => "component_contains_itself",
            Self::InsideInstance { .. } => "inside_instance",
            Self::TooDeep { .. } => "too_deep",
            Self::UndoOverwritten => "undo_overwritten",
            Self::UnknownThread { .. } => "unknown_thread",
            Self::UnknownMessage { .. } => "unknown_message",
            Self::NotAuthor { .. } => "not_author",
            Self::ImpersonatedAuthor { .. } => "impersonated_author",
            Self::ReadOnly => "read_only",
        }
    }

    /// All codes, for generating the host's union type.
    pub const CODES: &'static [&'static str] = &[
        "invalid_id",
        "unknown_element",
        "unknown_page",
        "duplicate_id",
        "would_create_cycle",
        "wrong_kind",
        "invalid_value",
        "payload_too_large",
        "invalid_command",
        "invalid_update",
        "invalid_query",
        "invalid_snapshot",
        "cross_page",
        "page_root",
        "last_page",
        "unknown_subscription",
        "invalid_source",
        "unknown_asset",
        "asset_in_use",
        "unknown_token",
        "token_name_taken",
        "token_in_use",
        "anchor_taken",
        "too_deep",
        "undo_overwritten",
        "unknown_thread",
        "unknown_message",
        "not_author",
        "impersonated_author",
        "read_only",
    ];

    pub(crate) fn invalid(element: Option<&str>, field: &str, reason: impl Into<String>) -> Self {
        Self::InvalidValue {
            element: element.map(str::to_owned),
            field: field.to_owned(),
            reason: reason.into(),
        }
    }
}
