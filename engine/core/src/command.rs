//! Commands: every change a user or tool asks of the document, as a tagged JSON enum.
//!
//! | `type` | fields |
//! |---|---|
//! | `create_element` | `kind`, `parent`, `index?`, `id?`, `name?`, `tag?`, `content?`, `props?`, `styles?` (`{slot: {property: value}}`) |
//! | `delete_elements` | `ids` |
//! | `move_elements` | `ids`, `parent`, `index?` (among the parent's children once the moved ones are taken out) |
//! | `duplicate_elements` | `ids` |
//! | `update_styles` | `ids`, `slot?` (`base`, `tablet`, `mobile`, `base:hover`, …), `set` (`{property: value or null}`) |
//! | `update_props` | `id`, `set` (`{key: value or null}`) |
//! | `set_text` | `id`, `runs` (`[{text, bold?, italic?, underline?, link?}]`, `\n` a line break): a text element's formatted text; a mark other than these, or a link that is not http(s), a site path, `mailto:` or `tel:`, is refused |
//! | `set_content`, `set_tag`, `rename_element` | `id`, `content` / `tag` (text: `h1`–`h6`, `p`, `span`; section, container: `div`, `section`, `nav`, `header`, `footer`, `main`, `article`, `aside`, `ul`, `ol`, `li`, `blockquote`, `figure`, `figcaption`) / `name` |
//! | `set_hidden`, `set_locked` | `ids`, `hidden` / `locked` |
//! | `group`, `wrap`, `ungroup` | `ids` (+ `kind` for wrap, `id?` of the new element) / `id` |
//! | `create_page` | `name`, `slug?`, `title?`, `description?`, `index?`, `id?` |
//! | `duplicate_page` | `id`, `new_id?`: a copy right after the page, every element copied with a fresh id (content, props, styles, token references and asset sources kept), named like a copied element ("About" → "About 2"), its slug numbered the same way (`about-2`; a copy of the home page takes one from its name), title, description, language and direction copied |
//! | `delete_page`, `rename_page`, `update_page`, `reorder_page` | `id` + `name` / `slug?`, `title?`, `description?`, `lang?`, `dir?` (`null` removes the page's override), `image?` (the social image: `asset:<sha256>` of a library image or an `http(s)` URL; `null` removes it) / `index` |
//! | `update_project` | `lang?` (BCP 47), `dir?` (`ltr`, `rtl`, `auto`) |
//! | `add_asset` | `asset` (`{id, name, mime, size, width?, height?, alt?, variants?, placeholder?}`, `id` the SHA-256 of the bytes) |
//! | `rename_asset`, `set_asset_alt` | `id` + `name` / `alt` |
//! | `replace_asset` | `id`, `with` (a new asset record): every element whose source is `asset:<id>` switches to the new one; the old one leaves the library; empty `alt` keeps the old alt text |
//! | `remove_asset` | `id`, `force?`: refused with `asset_in_use` (listing the elements) while in use, unless `force`, which also removes those elements' sources |
//! | `create_token` | `name` (`a-z`, `0-9`, `-`, starting with a letter; unique), `kind` (`color`, `font_size`, `spacing`, `radius`), `value` (CSS text or a number, checked for the kind), `id?` |
//! | `update_token` | `id`, `value`: every element whose style names the token restyles |
//! | `rename_token` | `id`, `name`: references name the id, so they all stay |
//! | `delete_token` | `id`, `force?`: refused with `token_in_use` (listing the elements) while a style names it, unless `force`, which writes the token's value in place of each reference |
//! | `create_component` | `id` (the element whose subtree becomes the master), `name` (unique among components, else `component_name_taken`), `component_id?`: the master is stored once (fresh ids), an instance takes `id`'s place under `id`'s own id; `applied.created` names the component |
//! | `rename_component` | `id`, `name` (unique among components) |
//! | `delete_component` | `id`, `force?`: refused with `component_in_use` (listing the instances) unless `force`, which detaches them |
//! | `declare_prop` | `component`, `name`, `kind` (`text`, `number`, `boolean`, `image`, `link`, `enum`), `target` (`<path>\|<field>`: `title\|content`, `box\|style\|base\|width`, `link\|prop\|href`), `default?` |
//! | `remove_prop` | `component`, `name` |
//! | `insert_instance` | `component`, `parent`, `index?`, `id?`; its prop values are set with `update_props` |
//! | `reset_override` | `id` (a shown element), `field?` (`content`, `hidden`, `prop\|<key>`, `style\|<slot>\|<property>`; absent: every field) |
//! | `detach_instance` | `id`: the instance becomes plain elements with its resolved values (children it supplied to slots move into the detached copies) |
//! | `set_variant_value` | `component`, `axis`, `option` (`size`, `lg`), `target`, `value` (`null` removes): an instance with prop `size` = `lg` shows it (master < variant < prop value < override) |
//! | `remove_variant` | `component`, `axis`, `option` |
//! | `set_slot` | `component`, `element` (a master element that holds children), `slot`: an instance's children go there (`create_element` / `move_elements` with the shown slot as `parent`) |
//!
//! `update_styles`, `update_props`, `set_content` and `set_hidden` on an element shown inside
//! an instance write overrides on the instance (`component.rs`); other commands refuse it with
//! `inside_instance`.
//!
//! Comments are not design edits: they go through [`CommentCommand`] and `Engine::comment`,
//! never into the undo history, written as the engine's local user (`Engine::set_local_user`).
//!
//! | `type` | fields |
//! |---|---|
//! | `start_thread` | `page`, `element?` (the anchor), `x`, `y` (relative to the element's box when anchored, page coordinates otherwise), `text`, `mentions?` (user ids), `id?` |
//! | `reply` | `thread`, `text`, `mentions?` |
//! | `resolve_thread`, `reopen_thread` | `thread` |
//! | `delete_message` | `id`: the author's own reply (a thread's first message goes with its thread) |
//! | `delete_thread` | `thread`: the author's own thread, with every message in it |
//! | `claim_comments` | — : every comment becomes the local user's (before a browser's project goes to an account on a server) |
//!
//! Text is 1–5,000 characters once trimmed, without control characters other than line
//! breaks and tabs; at most 50 mentions.
//!
//! A style uses a design token by holding `token:<id>` as its whole value, for a property the
//! token's kind fits (`token.rs`).
//!
//! An image's or video's source is `props.src` (a video's poster `props.poster`): an asset as
//! `asset:<id>`, a web address, a site path or a small `data:` picture (`source.rs`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::asset::{Asset, AssetId};
use crate::component::PropKind;
use crate::element::{Dir, ElementKind, Scalar, Tag};
use crate::id::{ElementId, MessageId, PageId, ThreadId, UserId};
use crate::style::{RawValue, Slot};
use crate::token::{TokenId, TokenKind};

/// Styles as a command gives them: slot → property name → value (`null` removes).
pub type StyleInput = BTreeMap<Slot, BTreeMap<String, Option<RawValue>>>;

/// One change to the document. See the module table for the JSON form.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Command {
    /// Creates an element inside `parent` at `index` (default: last).
    CreateElement {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<ElementId>,
        kind: ElementKind,
        parent: ElementId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tag: Option<Tag>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content: Option<String>,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        props: BTreeMap<String, Scalar>,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        styles: StyleInput,
    },
    /// Deletes elements and everything inside them.
    DeleteElements { ids: Vec<ElementId> },
    /// Moves elements (keeping the given order) into `parent` at `index`.
    MoveElements {
        ids: Vec<ElementId>,
        parent: ElementId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<usize>,
    },
    /// Copies elements with everything inside them, each placed right after its original.
    DuplicateElements { ids: Vec<ElementId> },
    /// Sets or removes style properties in one slot.
    UpdateStyles {
        ids: Vec<ElementId>,
        #[serde(default = "base_slot")]
        #[cfg_attr(test, ts(as = "Option<Slot>", optional))]
        slot: Slot,
        set: BTreeMap<String, Option<RawValue>>,
    },
    /// Sets or removes props.
    UpdateProps {
        id: ElementId,
        set: BTreeMap<String, Option<Scalar>>,
    },
    /// Replaces the text content (a text element keeps the marks of the characters that stay).
    SetContent { id: ElementId, content: String },
    /// Replaces a text element's text with formatted runs (`rich_text.rs`); only what differs
    /// is written, so collaborators' edits elsewhere in the text survive.
    SetText {
        id: ElementId,
        runs: Vec<crate::rich_text::Run>,
    },
    /// Changes the tag of a text element, a section or a container.
    SetTag { id: ElementId, tag: Tag },
    /// Renames an element.
    RenameElement { id: ElementId, name: String },
    /// Hides or shows elements.
    SetHidden { ids: Vec<ElementId>, hidden: bool },
    /// Locks or unlocks elements.
    SetLocked { ids: Vec<ElementId>, locked: bool },
    /// Wraps sibling elements in a new container.
    Group {
        ids: Vec<ElementId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<ElementId>,
    },
    /// Wraps sibling elements in a new element of `kind`.
    Wrap {
        ids: Vec<ElementId>,
        kind: ElementKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<ElementId>,
    },
    /// Moves an element's children to its place and removes it.
    Ungroup { id: ElementId },
    /// Adds a page with its body.
    CreatePage {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<PageId>,
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        slug: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<usize>,
    },
    /// Copies a page with every element on it, placed right after it.
    DuplicatePage {
        id: PageId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new_id: Option<PageId>,
    },
    /// Deletes a page and its elements.
    DeletePage { id: PageId },
    /// Renames a page.
    RenamePage { id: PageId, name: String },
    /// Changes a page's slug and SEO fields.
    UpdatePage {
        id: PageId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        slug: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        /// `Some(None)` (JSON `null`) removes the override: the page follows the project.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "present"
        )]
        lang: Option<Option<String>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "present"
        )]
        dir: Option<Option<Dir>>,
        /// The social image: `asset:<sha256>` of an image in the library or an `http(s)` URL;
        /// `null` removes it.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "present"
        )]
        image: Option<Option<String>>,
    },
    /// Sets the project's language and direction.
    UpdateProject {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dir: Option<Dir>,
    },
    /// Moves a page to `index` in the page list.
    ReorderPage { id: PageId, index: usize },
    /// Adds an asset to the library (its bytes are stored by the host under `asset.id`).
    AddAsset { asset: Asset },
    /// Renames an asset.
    RenameAsset { id: AssetId, name: String },
    /// Sets an asset's alt text.
    SetAssetAlt { id: AssetId, alt: String },
    /// Replaces an asset by another: every element using it switches.
    ReplaceAsset { id: AssetId, with: Asset },
    /// Removes an asset from the library.
    RemoveAsset {
        id: AssetId,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[cfg_attr(test, ts(as = "Option<bool>", optional))]
        force: bool,
    },
    /// Adds a design token.
    CreateToken {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<TokenId>,
        name: String,
        kind: TokenKind,
        value: RawValue,
    },
    /// Changes a token's value: every element using it restyles.
    UpdateToken { id: TokenId, value: RawValue },
    /// Renames a token (references name its id and stay).
    RenameToken { id: TokenId, name: String },
    /// Deletes a token.
    DeleteToken {
        id: TokenId,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[cfg_attr(test, ts(as = "Option<bool>", optional))]
        force: bool,
    },
    /// Makes an element's subtree a component's master; an instance takes its place.
    CreateComponent {
        id: ElementId,
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        component_id: Option<ElementId>,
    },
    /// Renames a component.
    RenameComponent { id: ElementId, name: String },
    /// Deletes a component's master.
    DeleteComponent {
        id: ElementId,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[cfg_attr(test, ts(as = "Option<bool>", optional))]
        force: bool,
    },
    /// Declares (or redeclares) a prop on a component, bound to one field of a master element.
    DeclareProp {
        component: ElementId,
        name: String,
        kind: PropKind,
        target: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        default: Option<Scalar>,
    },
    /// Removes a prop declaration.
    RemoveProp { component: ElementId, name: String },
    /// Adds an instance of a component.
    InsertInstance {
        component: ElementId,
        parent: ElementId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<ElementId>,
    },
    /// Removes an instance's overrides of a shown element.
    ResetOverride {
        id: ElementId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        field: Option<String>,
    },
    /// Turns an instance into plain elements.
    DetachInstance { id: ElementId },
    /// Sets (or with `null` removes) what a variant option sets on one field of a master
    /// element; an instance chooses the option with its prop `axis`.
    SetVariantValue {
        component: ElementId,
        axis: String,
        option: String,
        target: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<Scalar>,
    },
    /// Removes every value of a variant option.
    RemoveVariant {
        component: ElementId,
        axis: String,
        option: String,
    },
    /// Marks a master element as a slot (or not): each instance supplies its own children.
    SetSlot {
        component: ElementId,
        element: ElementId,
        slot: bool,
    },
}

impl Command {
    /// How many single writes the command asks for before it is planned: ids × properties
    /// for a style update, one per prop or style of a new element, one per id elsewhere.
    /// [`crate::MAX_BATCH`] bounds the sum over a batch.
    pub fn weight(&self) -> usize {
        let ids = |ids: &[ElementId]| ids.len().max(1);
        match self {
            Command::CreateElement { props, styles, .. } => styles
                .values()
                .map(BTreeMap::len)
                .fold(1 + props.len(), usize::saturating_add),
            Command::UpdateStyles { ids: list, set, .. } => {
                ids(list).saturating_mul(set.len().max(1))
            }
            Command::UpdateProps { set, .. } => set.len().max(1),
            Command::DeleteElements { ids: list }
            | Command::MoveElements { ids: list, .. }
            | Command::DuplicateElements { ids: list }
            | Command::SetHidden { ids: list, .. }
            | Command::SetLocked { ids: list, .. }
            | Command::Group { ids: list, .. }
            | Command::Wrap { ids: list, .. } => ids(list),
            _ => 1,
        }
    }
}

/// A field that is present, possibly `null`: absent stays `None` through `#[serde(default)]`.
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

fn base_slot() -> Slot {
    Slot::BASE
}

/// A change to the project's comments (see the module's second table). Not an undo step.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum CommentCommand {
    /// Starts a thread with its first message, pinned to an element or a page point.
    StartThread {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<ThreadId>,
        page: PageId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        element: Option<ElementId>,
        x: f64,
        y: f64,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        mentions: Vec<UserId>,
    },
    /// Adds a message to a thread.
    Reply {
        thread: ThreadId,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        mentions: Vec<UserId>,
    },
    /// Marks a thread resolved.
    ResolveThread { thread: ThreadId },
    /// Opens a resolved thread again.
    ReopenThread { thread: ThreadId },
    /// Deletes one of the author's own replies.
    DeleteMessage { id: MessageId },
    /// Deletes the author's own thread and every message in it.
    DeleteThread { thread: ThreadId },
    /// Makes the local user the author of every comment in the project (and the resolver of
    /// every resolved thread): a project of this browser going to an account on a server, whose
    /// live room accepts comments only in the name of whoever sends them.
    ClaimComments,
}

/// What a successful commit created, so the host can select it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// Elements created (including duplicates and wrappers, and every element below the body
    /// of a duplicated page), in command order.
    pub created: Vec<ElementId>,
    /// Pages created.
    pub created_pages: Vec<PageId>,
    /// Design tokens created.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(optional, as = "Option<Vec<TokenId>>"))]
    pub created_tokens: Vec<TokenId>,
}
