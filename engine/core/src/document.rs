//! The Yjs schema: how elements and pages live in the `yrs::Doc`, and the only code that reads
//! or writes it.
//!
//! | root map | key | value |
//! |---|---|---|
//! | `elements` | element id | Y.Map: `kind`, `page`, `parent` (id or null), `order`, `name`, `tag`, `content` (a text element's: a Y.Text with marks, `rich_text.rs`; older documents and other kinds: a string), `hidden`, `locked`, `props` (Y.Map), `styles` (Y.Map keyed `slot|property`, e.g. `tablet:hover|width`) |
//! | `pages` | page id | Y.Map: `name`, `slug`, `title`, `description`, `order`, `root`, `lang`?, `dir`?, `image`? (the social image: `asset:<sha256>` or an `http(s)` URL) |
//! | `project` | `lang`, `dir` | the project's settings (absent: `en`, `ltr`) |
//! | `assets` | asset id (SHA-256 of the bytes) | Y.Map: `name`, `mime`, `size`, `width`?, `height`?, `alt`?, `placeholder`?, `variants` (Y.Map: width in px as text → SHA-256) |
//! | `tokens` | token id | Y.Map: `name`, `kind` (`color`, `font_size`, `spacing`, `radius`), `value` (CSS text checked for the kind) |
//! | `comments` | thread id | Y.Map: `page`, `element`? (the anchor), `x`, `y` (relative to the element's box when anchored, page coordinates otherwise), `author` (user id), `author_name`, `at` (ms), `resolved`, `resolved_by`? |
//! | `comment_messages` | message id | Y.Map: `thread`, `author`, `author_name`, `text` (1–5,000 characters), `at` (ms), `mentions`? (user ids, space-separated, at most 50) |
//!
//! Elements use an asset through `props.src` (a video's poster: `props.poster`) set to
//! `asset:<id>` (`asset.rs`).
//!
//! A style uses a design token by holding `token:<id>` as its whole value (`token.rs`).
//!
//! Components live in `elements` too: a master root is an element whose `page` is its own id
//! and that has no parent, the master's other elements carry its id as their `page`, and an
//! instance names it in `props.component`; declarations, variants, slots and overrides are
//! props with reserved prefixes (`component.rs` has their table).
//!
//! A section's or container's `tag` is absent when it is the kind's own (`section`, `div`).
//!
//! Comments (`document/comments.rs`) are written outside the undo manager's scope
//! (`comment.rs`): they travel and save with the design but are never an undo step.
//!
//! A text element's content is a Y.Text, so two peers typing in one paragraph, or one typing
//! while the other formats, both keep their edits: a command writes only the characters and
//! marks that changed (`rich_text::plan_edits`). A string `content` (written before rich text)
//! reads as plain text and becomes a Y.Text at its first edit.
//!
//! Every property is its own map entry, so concurrent edits of two properties of one element
//! both survive (per-property last-writer-wins). Styles are one flat map per element rather
//! than a map per breakpoint, so two peers styling a new breakpoint at once cannot replace each
//! other's map.

use std::collections::BTreeMap;

use yrs::types::map::MapPrelim;
use yrs::types::text::{TextPrelim, YChange};
use yrs::types::Attrs;
use yrs::{
    Any, GetString, Map, MapRef, Number, Out, ReadTxn, Text, TextRef, TransactionMut, WriteTxn,
};

pub mod comments;

/// The root map holding the project's settings.
pub const PROJECT_MAP: &str = "project";
/// The root map holding the asset library.
pub const ASSETS_MAP: &str = "assets";
/// The root map holding the design tokens.
pub const TOKENS_MAP: &str = "tokens";

use crate::asset::{Asset, AssetId, Variant};
use crate::element::{
    is_language_tag, ContainerTag, Dir, Element, ElementKind, Page, Project, Scalar, Tag, TextTag,
};
use crate::id::{ElementId, PageId};
use crate::plan::{Field, Op};
use crate::rich_text::{self, Edit, MarkValue, Run};
use crate::style::{Property, Slot};
use crate::token::{Token, TokenId, TokenKind};

fn text(map: &MapRef, txn: &impl ReadTxn, key: &str) -> Option<String> {
    match map.get(txn, key)? {
        Out::Any(Any::String(s)) => Some(s.to_string()),
        _ => None,
    }
}

/// The runs of a stored Y.Text as they are, marks the engine does not know left out.
fn text_runs(text: &TextRef, txn: &impl ReadTxn) -> Vec<Run> {
    text.diff(txn, YChange::identity)
        .into_iter()
        .filter_map(|d| {
            let Out::Any(Any::String(s)) = d.insert else {
                return None;
            };
            let mut run = Run {
                text: s.to_string(),
                ..Run::default()
            };
            for (key, value) in d.attributes.iter().flat_map(|a| a.iter()) {
                match (key.as_ref(), value) {
                    ("bold", Any::Bool(true)) => run.bold = true,
                    ("italic", Any::Bool(true)) => run.italic = true,
                    ("underline", Any::Bool(true)) => run.underline = true,
                    ("link", Any::String(href)) => run.link = Some(href.to_string()),
                    _ => {}
                }
            }
            Some(run)
        })
        .collect()
}

/// An element's stored content: its plain text, and its runs when any is formatted.
fn read_content(map: &MapRef, txn: &impl ReadTxn) -> (String, Vec<Run>) {
    match map.get(txn, "content") {
        Some(Out::Any(Any::String(s))) => (s.to_string(), Vec::new()),
        Some(Out::YText(t)) => {
            let runs = text_runs(&t, txn);
            (t.get_string(txn), rich_text::normalize(runs))
        }
        _ => (String::new(), Vec::new()),
    }
}

/// Checks a stored Y.Text as a command would have written it: characters only, and only the
/// marks of `rich_text::MARKS` with their values (`true`; a link's address as text).
fn check_rich_content(
    text: &TextRef,
    txn: &impl ReadTxn,
    key: &str,
) -> Result<(), crate::error::EngineError> {
    for d in text.diff(txn, YChange::identity) {
        if !matches!(d.insert, Out::Any(Any::String(_))) {
            return Err(refuse(
                "element",
                key,
                "its text holds something other than characters",
            ));
        }
        for (mark, value) in d.attributes.iter().flat_map(|a| a.iter()) {
            let known = matches!(
                (mark.as_ref(), value),
                ("bold" | "italic" | "underline", Any::Bool(true)) | ("link", Any::String(_))
            );
            if !known {
                return Err(refuse(
                    "element",
                    key,
                    format!(
                        "mark {:?} is not one of {}",
                        mark.chars().take(40).collect::<String>(),
                        rich_text::MARKS.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn mark_any(value: Option<MarkValue>) -> Any {
    match value {
        None => Any::Null,
        Some(MarkValue::On) => Any::Bool(true),
        Some(MarkValue::Link(href)) => Any::String(href.as_str().into()),
    }
}

/// Writes a text element's content as `runs`, changing only what differs from the stored
/// text (`rich_text::plan_edits`); a string or absent content becomes a Y.Text first.
fn write_rich_content(txn: &mut TransactionMut, map: &MapRef, runs: &[Run]) {
    let (text, old) = match map.get(txn, "content") {
        Some(Out::YText(t)) => {
            let old = text_runs(&t, txn);
            (t, old)
        }
        stored => {
            let was = match stored {
                Some(Out::Any(Any::String(s))) => s.to_string(),
                _ => String::new(),
            };
            let t = map.insert(txn, "content", TextPrelim::new(was.as_str()));
            (t, vec![Run::new(was, &rich_text::Marks::default())])
        }
    };
    for edit in rich_text::plan_edits(&old, runs) {
        match edit {
            Edit::Format { at, len, changes } => {
                let attrs: Attrs = changes
                    .into_iter()
                    .map(|(k, v)| (k.into(), mark_any(v)))
                    .collect();
                text.format(txn, at, len, attrs);
            }
            Edit::Delete { at, len } => text.remove_range(txn, at, len),
            Edit::Insert {
                at,
                text: chunk,
                marks,
            } => {
                let attrs: Attrs = marks
                    .attributes()
                    .into_iter()
                    .map(|(k, v)| (k.into(), mark_any(Some(v))))
                    .collect();
                text.insert_with_attributes(txn, at, &chunk, attrs);
            }
        }
    }
}

fn flag(map: &MapRef, txn: &impl ReadTxn, key: &str) -> bool {
    matches!(map.get(txn, key), Some(Out::Any(Any::Bool(true))))
}

pub(crate) fn scalar(out: Out) -> Option<Scalar> {
    match out {
        Out::Any(Any::Bool(b)) => Some(Scalar::Bool(b)),
        Out::Any(Any::Number(Number::Float(n))) => Some(Scalar::Number(n)),
        Out::Any(Any::Number(Number::Int(n))) => Some(Scalar::Number(n as f64)),
        Out::Any(Any::String(s)) => Some(Scalar::Text(s.to_string())),
        _ => None,
    }
}

fn any_of(value: &Scalar) -> Any {
    match value {
        Scalar::Bool(b) => Any::Bool(*b),
        Scalar::Number(n) => Any::Number(Number::Float(*n)),
        Scalar::Text(t) => Any::String(t.as_str().into()),
    }
}

/// Reads an element; `None` if it is absent or not a readable element (a foreign client may
/// write anything: such an entry stays in the document untouched, and out of the tree).
pub fn read_element(elements: &MapRef, txn: &impl ReadTxn, id: &ElementId) -> Option<Element> {
    let Some(Out::YMap(map)) = elements.get(txn, id.as_str()) else {
        return None;
    };
    let kind = ElementKind::parse(&text(&map, txn, "kind")?)?;
    let page = PageId(text(&map, txn, "page")?);
    let parent = text(&map, txn, "parent").map(ElementId);
    let mut props = BTreeMap::new();
    if let Some(Out::YMap(p)) = map.get(txn, "props") {
        for (key, value) in p.iter(txn) {
            if let Some(v) = scalar(value) {
                props.insert(key.to_owned(), v);
            }
        }
    }
    let (content, runs) = read_content(&map, txn);
    let mut styles: crate::element::Styles = BTreeMap::new();
    if let Some(Out::YMap(s)) = map.get(txn, "styles") {
        for (key, value) in s.iter(txn) {
            let Out::Any(Any::String(css)) = value else {
                continue;
            };
            let Some((slot, property)) = key.split_once('|') else {
                continue;
            };
            let (Ok(slot), Ok(property)) = (slot.parse::<Slot>(), property.parse::<Property>())
            else {
                continue;
            };
            styles
                .entry(slot)
                .or_default()
                .insert(property, css.to_string());
        }
    }
    Some(Element {
        id: id.clone(),
        kind,
        page,
        parent,
        order: text(&map, txn, "order").unwrap_or_default(),
        name: text(&map, txn, "name").unwrap_or_default(),
        tag: match kind {
            ElementKind::Text => Some(Tag::Text(
                text(&map, txn, "tag")
                    .and_then(|t| TextTag::parse(&t))
                    .unwrap_or_default(),
            )),
            // A foreign or unknown tag reads as the kind's own.
            _ => text(&map, txn, "tag")
                .and_then(|t| ContainerTag::parse(&t))
                .and_then(|t| Tag::Container(t).for_kind(kind).ok().flatten()),
        },
        content,
        runs,
        props,
        styles,
        hidden: flag(&map, txn, "hidden"),
        locked: flag(&map, txn, "locked"),
    })
}

/// Reads a page; `None` if absent or unreadable.
pub fn read_page(pages: &MapRef, txn: &impl ReadTxn, id: &PageId) -> Option<Page> {
    let Some(Out::YMap(map)) = pages.get(txn, id.as_str()) else {
        return None;
    };
    Some(Page {
        id: id.clone(),
        name: text(&map, txn, "name").unwrap_or_default(),
        slug: text(&map, txn, "slug").unwrap_or_default(),
        title: text(&map, txn, "title").unwrap_or_default(),
        description: text(&map, txn, "description").unwrap_or_default(),
        order: text(&map, txn, "order").unwrap_or_default(),
        root: ElementId(text(&map, txn, "root")?),
        lang: text(&map, txn, "lang").filter(|l| is_language_tag(l)),
        dir: text(&map, txn, "dir").and_then(|d| Dir::parse(&d)),
        image: text(&map, txn, "image"),
    })
}

fn whole(map: &MapRef, txn: &impl ReadTxn, key: &str) -> Option<u64> {
    match map.get(txn, key)? {
        Out::Any(Any::Number(Number::Float(n))) if n >= 0.0 && n.fract() == 0.0 => Some(n as u64),
        Out::Any(Any::Number(Number::Int(n))) => u64::try_from(n).ok(),
        _ => None,
    }
}

fn pixels(map: &MapRef, txn: &impl ReadTxn, key: &str) -> Option<u32> {
    whole(map, txn, key).and_then(|n| u32::try_from(n).ok())
}

/// Reads an asset record; `None` if absent or unreadable (a foreign entry stays untouched).
pub fn read_asset(assets: &MapRef, txn: &impl ReadTxn, id: &AssetId) -> Option<Asset> {
    let Some(Out::YMap(map)) = assets.get(txn, id.as_str()) else {
        return None;
    };
    let mut variants = Vec::new();
    if let Some(Out::YMap(v)) = map.get(txn, "variants") {
        for (width, hash) in v.iter(txn) {
            if let (Ok(width), Out::Any(Any::String(hash))) = (width.parse::<u32>(), hash) {
                variants.push(Variant {
                    width,
                    hash: AssetId(hash.to_string()),
                });
            }
        }
    }
    variants.sort();
    Some(Asset {
        id: id.clone(),
        name: text(&map, txn, "name").unwrap_or_default(),
        mime: text(&map, txn, "mime")?,
        size: whole(&map, txn, "size").unwrap_or_default(),
        width: pixels(&map, txn, "width"),
        height: pixels(&map, txn, "height"),
        alt: text(&map, txn, "alt").unwrap_or_default(),
        variants,
        placeholder: text(&map, txn, "placeholder"),
    })
}

/// Writes an asset record, only the fields that differ from the stored one, so a rename and
/// an alt text edit by two peers both survive.
fn put_asset(txn: &mut TransactionMut, assets: &MapRef, asset: &Asset) {
    let current = read_asset(assets, txn, &asset.id);
    let map = child_map(assets, txn, asset.id.as_str());
    let old = current.as_ref();
    if old.map(|c| c.name.as_str()) != Some(asset.name.as_str()) {
        map.insert(txn, "name", asset.name.as_str());
    }
    if old.map(|c| c.mime.as_str()) != Some(asset.mime.as_str()) {
        map.insert(txn, "mime", asset.mime.as_str());
    }
    if old.map(|c| c.size) != Some(asset.size) {
        map.insert(txn, "size", Any::Number(Number::Float(asset.size as f64)));
    }
    for (key, value, was) in [
        ("width", asset.width, old.and_then(|c| c.width)),
        ("height", asset.height, old.and_then(|c| c.height)),
    ] {
        match value {
            Some(v) if was != Some(v) => {
                map.insert(txn, key, Any::Number(Number::Float(f64::from(v))));
            }
            None if was.is_some() => {
                map.remove(txn, key);
            }
            _ => {}
        }
    }
    put_optional(
        txn,
        &map,
        "alt",
        Some(asset.alt.as_str()).filter(|a| !a.is_empty()),
    );
    put_optional(txn, &map, "placeholder", asset.placeholder.as_deref());
    if old.map(|c| &c.variants) != Some(&asset.variants) {
        let variants = child_map(&map, txn, "variants");
        let keep: Vec<String> = asset.variants.iter().map(|v| v.width.to_string()).collect();
        let stale: Vec<String> = variants
            .keys(txn)
            .filter(|k| !keep.iter().any(|w| w == k))
            .map(str::to_owned)
            .collect();
        for key in stale {
            variants.remove(txn, &key);
        }
        for v in &asset.variants {
            if text(&variants, txn, &v.width.to_string()).as_deref() != Some(v.hash.as_str()) {
                variants.insert(txn, v.width.to_string(), v.hash.as_str());
            }
        }
    }
}

/// Reads a design token; `None` if absent or unreadable (a foreign entry stays untouched).
pub fn read_token(tokens: &MapRef, txn: &impl ReadTxn, id: &TokenId) -> Option<Token> {
    let Some(Out::YMap(map)) = tokens.get(txn, id.as_str()) else {
        return None;
    };
    Some(Token {
        id: id.clone(),
        name: text(&map, txn, "name")?,
        kind: TokenKind::parse(&text(&map, txn, "kind")?)?,
        value: text(&map, txn, "value")?,
    })
}

/// Writes a token, only the fields that differ from the stored one, so a rename and a new
/// value by two peers both survive.
fn put_token(txn: &mut TransactionMut, tokens: &MapRef, token: &Token) {
    let current = read_token(tokens, txn, &token.id);
    let map = child_map(tokens, txn, token.id.as_str());
    let old = current.as_ref();
    for (key, value, was) in [
        ("name", token.name.as_str(), old.map(|t| t.name.as_str())),
        ("kind", token.kind.as_str(), old.map(|t| t.kind.as_str())),
        ("value", token.value.as_str(), old.map(|t| t.value.as_str())),
    ] {
        if was != Some(value) {
            map.insert(txn, key, value);
        }
    }
}

/// Reads the project's settings; what is absent or unreadable is the default.
pub fn read_project(txn: &impl ReadTxn) -> Project {
    let default = Project::default();
    let Some(map) = txn.get_map(PROJECT_MAP) else {
        return default;
    };
    Project {
        lang: text(&map, txn, "lang")
            .filter(|l| is_language_tag(l))
            .unwrap_or(default.lang),
        dir: text(&map, txn, "dir")
            .and_then(|d| Dir::parse(&d))
            .unwrap_or(default.dir),
    }
}

/// Writes an optional text entry only where it changes: absent removes it.
fn put_optional(txn: &mut TransactionMut, map: &MapRef, key: &str, value: Option<&str>) {
    if text(map, txn, key).as_deref() == value {
        return;
    }
    match value {
        Some(v) => {
            map.insert(txn, key, v);
        }
        None => {
            map.remove(txn, key);
        }
    }
}

fn style_key(slot: Slot, property: Property) -> String {
    format!("{slot}|{}", property.css_name())
}

/// Writes a new element's fields one by one in a fixed order: `MapPrelim` is a hash map, whose
/// order would differ between runs and break byte-identical replay.
fn insert_element(txn: &mut TransactionMut, elements: &MapRef, el: &Element) {
    let map = elements.insert(txn, el.id.as_str(), MapPrelim::default());
    map.insert(txn, "kind", el.kind.as_str());
    map.insert(txn, "page", el.page.as_str());
    match &el.parent {
        Some(p) => map.insert(txn, "parent", p.as_str()),
        None => map.insert(txn, "parent", Any::Null),
    };
    map.insert(txn, "order", el.order.as_str());
    if !el.name.is_empty() {
        map.insert(txn, "name", el.name.as_str());
    }
    if let Some(tag) = el.tag {
        map.insert(txn, "tag", tag.as_str());
    }
    if el.kind == ElementKind::Text {
        // Always a Y.Text, so the first words two peers type both survive.
        map.insert(txn, "content", TextPrelim::new(""));
        write_rich_content(txn, &map, &rich_text::runs_of(&el.content, &el.runs));
    } else if !el.content.is_empty() {
        map.insert(txn, "content", el.content.as_str());
    }
    if el.hidden {
        map.insert(txn, "hidden", true);
    }
    if el.locked {
        map.insert(txn, "locked", true);
    }
    let props = map.insert(txn, "props", MapPrelim::default());
    for (key, value) in &el.props {
        props.insert(txn, key.as_str(), any_of(value));
    }
    let styles = map.insert(txn, "styles", MapPrelim::default());
    for (slot, set) in &el.styles {
        for (property, value) in set {
            styles.insert(txn, style_key(*slot, *property), value.as_str());
        }
    }
}

fn is_text(map: &MapRef, txn: &impl ReadTxn) -> bool {
    text(map, txn, "kind").as_deref() == Some(ElementKind::Text.as_str())
}

fn child_map(map: &MapRef, txn: &mut TransactionMut, key: &str) -> MapRef {
    match map.get(txn, key) {
        Some(Out::YMap(m)) => m,
        _ => map.insert(txn, key, MapPrelim::default()),
    }
}

/// Writes planned ops into the document, inside the caller's transaction. Ops aimed at an
/// element that is gone are skipped (a remote peer deleted it between plan and write).
pub fn write(
    txn: &mut TransactionMut,
    elements: &MapRef,
    pages: &MapRef,
    assets: &MapRef,
    tokens: &MapRef,
    ops: &[Op],
) {
    for op in ops {
        let element_map =
            |txn: &TransactionMut, id: &ElementId| match elements.get(txn, id.as_str()) {
                Some(Out::YMap(m)) => Some(m),
                _ => None,
            };
        match op {
            Op::PutElement(el) => insert_element(txn, elements, el),
            Op::Place { id, parent, order } => {
                if let Some(m) = element_map(txn, id) {
                    m.insert(txn, "parent", parent.as_str());
                    m.insert(txn, "order", order.as_str());
                }
            }
            Op::SetField { id, field } => {
                if let Some(m) = element_map(txn, id) {
                    match field {
                        Field::Tag(Some(v)) => {
                            m.insert(txn, "tag", v.as_str());
                        }
                        Field::Tag(None) => {
                            m.remove(txn, "tag");
                        }
                        Field::Hidden(v) => {
                            m.insert(txn, "hidden", *v);
                        }
                        Field::Locked(v) => {
                            m.insert(txn, "locked", *v);
                        }
                        Field::Name(v) => {
                            m.insert(txn, "name", v.as_str());
                        }
                        Field::Content(v) if is_text(&m, txn) => {
                            let (was, old) = read_content(&m, txn);
                            let runs = rich_text::with_text(&rich_text::runs_of(&was, &old), v);
                            write_rich_content(txn, &m, &rich_text::runs_of(v, &runs));
                        }
                        Field::Content(v) => {
                            m.insert(txn, "content", v.as_str());
                        }
                        Field::Text(runs) if is_text(&m, txn) => {
                            write_rich_content(txn, &m, runs);
                        }
                        Field::Text(runs) => {
                            m.insert(txn, "content", rich_text::plain(runs));
                        }
                    }
                }
            }
            Op::SetStyle {
                id,
                slot,
                property,
                value,
            } => {
                if let Some(m) = element_map(txn, id) {
                    let styles = child_map(&m, txn, "styles");
                    let key = style_key(*slot, *property);
                    match value {
                        Some(v) => {
                            styles.insert(txn, key, v.as_str());
                        }
                        None => {
                            styles.remove(txn, &key);
                        }
                    }
                }
            }
            Op::SetProp { id, key, value } => {
                if let Some(m) = element_map(txn, id) {
                    let props = child_map(&m, txn, "props");
                    match value {
                        Some(v) => {
                            props.insert(txn, key.as_str(), any_of(v));
                        }
                        None => {
                            props.remove(txn, key);
                        }
                    }
                }
            }
            Op::DeleteElement(id) => {
                elements.remove(txn, id.as_str());
            }
            Op::PutPage(page) => {
                let current = read_page(pages, txn, &page.id);
                let map = child_map(pages, txn, page.id.as_str());
                let fields: [(&str, &str, Option<&str>); 6] = [
                    (
                        "name",
                        &page.name,
                        current.as_ref().map(|c| c.name.as_str()),
                    ),
                    (
                        "slug",
                        &page.slug,
                        current.as_ref().map(|c| c.slug.as_str()),
                    ),
                    (
                        "title",
                        &page.title,
                        current.as_ref().map(|c| c.title.as_str()),
                    ),
                    (
                        "description",
                        &page.description,
                        current.as_ref().map(|c| c.description.as_str()),
                    ),
                    (
                        "order",
                        &page.order,
                        current.as_ref().map(|c| c.order.as_str()),
                    ),
                    (
                        "root",
                        page.root.as_str(),
                        current.as_ref().map(|c| c.root.as_str()),
                    ),
                ];
                for (key, value, old) in fields {
                    if old != Some(value) {
                        map.insert(txn, key, value);
                    }
                }
                put_optional(txn, &map, "lang", page.lang.as_deref());
                put_optional(txn, &map, "dir", page.dir.map(Dir::as_str));
                put_optional(txn, &map, "image", page.image.as_deref());
            }
            Op::DeletePage(id) => {
                pages.remove(txn, id.as_str());
            }
            Op::PutAsset(asset) => put_asset(txn, assets, asset),
            Op::DeleteAsset(id) => {
                assets.remove(txn, id.as_str());
            }
            Op::PutToken(token) => put_token(txn, tokens, token),
            Op::DeleteToken(id) => {
                tokens.remove(txn, id.as_str());
            }
            Op::SetProject { lang, dir } => {
                let project = txn.get_or_insert_map(PROJECT_MAP);
                let current = read_project(txn);
                if let Some(lang) = lang.as_deref().filter(|l| *l != current.lang) {
                    project.insert(txn, "lang", lang);
                }
                if let Some(dir) = dir.filter(|d| *d != current.dir) {
                    project.insert(txn, "dir", dir.as_str());
                }
            }
        }
    }
}

/// Why a stored entry is not one a command could have written, in words.
fn refuse(what: &str, key: &str, reason: impl std::fmt::Display) -> crate::error::EngineError {
    crate::error::EngineError::InvalidUpdate {
        reason: format!(
            "{what} {:?}: {reason}",
            key.chars().take(80).collect::<String>()
        ),
    }
}

/// The fields of a stored entry: each key must be one of `allowed` and hold what it says.
fn check_fields(
    map: &MapRef,
    txn: &impl ReadTxn,
    what: &str,
    key: &str,
    allowed: &[(&str, Shape)],
) -> Result<(), crate::error::EngineError> {
    for (field, value) in map.iter(txn) {
        let Some((_, shape)) = allowed.iter().find(|(name, _)| *name == field) else {
            return Err(refuse(what, key, format!("unknown field {field:?}")));
        };
        let fits = matches!(
            (shape, &value),
            (Shape::Text, Out::Any(Any::String(_)))
                | (Shape::TextOrNull, Out::Any(Any::String(_) | Any::Null))
                | (Shape::Bool, Out::Any(Any::Bool(_)))
                | (Shape::Number, Out::Any(Any::Number(_)))
                | (Shape::Map, Out::YMap(_))
                | (Shape::Content, Out::Any(Any::String(_)) | Out::YText(_))
        );
        if !fits {
            return Err(refuse(
                what,
                key,
                format!("field {field:?} has the wrong type"),
            ));
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Shape {
    Text,
    TextOrNull,
    Bool,
    Number,
    Map,
    /// Text, or a Y.Text (a text element's formatted content).
    Content,
}

const ELEMENT_FIELDS: &[(&str, Shape)] = &[
    ("kind", Shape::Text),
    ("page", Shape::Text),
    ("parent", Shape::TextOrNull),
    ("order", Shape::Text),
    ("name", Shape::Text),
    ("tag", Shape::Text),
    ("content", Shape::Content),
    ("hidden", Shape::Bool),
    ("locked", Shape::Bool),
    ("props", Shape::Map),
    ("styles", Shape::Map),
];

const PAGE_FIELDS: &[(&str, Shape)] = &[
    ("name", Shape::Text),
    ("slug", Shape::Text),
    ("title", Shape::Text),
    ("description", Shape::Text),
    ("order", Shape::Text),
    ("root", Shape::Text),
    ("lang", Shape::Text),
    ("dir", Shape::Text),
    ("image", Shape::Text),
];

const ASSET_FIELDS: &[(&str, Shape)] = &[
    ("name", Shape::Text),
    ("mime", Shape::Text),
    ("size", Shape::Number),
    ("width", Shape::Number),
    ("height", Shape::Number),
    ("alt", Shape::Text),
    ("placeholder", Shape::Text),
    ("variants", Shape::Map),
];

const TOKEN_FIELDS: &[(&str, Shape)] = &[
    ("name", Shape::Text),
    ("kind", Shape::Text),
    ("value", Shape::Text),
];

const PROJECT_FIELDS: &[(&str, Shape)] = &[("lang", Shape::Text), ("dir", Shape::Text)];

/// Checks a stored element entry as a command would have written it: the id, every field and
/// its type, each prop a scalar, each style key `slot|property` holding text, a tag the kind
/// takes, then the record itself (`plan::check_record`). An absent entry is fine (deleted).
pub fn check_element_entry(
    elements: &MapRef,
    txn: &impl ReadTxn,
    key: &str,
) -> Result<(), crate::error::EngineError> {
    let id = ElementId::parse(key)?;
    let Some(value) = elements.get(txn, key) else {
        return Ok(());
    };
    let Out::YMap(map) = value else {
        return Err(refuse("element", key, "not a map"));
    };
    check_fields(&map, txn, "element", key, ELEMENT_FIELDS)?;
    if let Some(Out::YMap(props)) = map.get(txn, "props") {
        for (prop, value) in props.iter(txn) {
            if scalar(value).is_none() {
                return Err(refuse(
                    "element",
                    key,
                    format!("prop {prop:?} is not a scalar"),
                ));
            }
        }
    }
    if let Some(Out::YMap(styles)) = map.get(txn, "styles") {
        for (style, value) in styles.iter(txn) {
            let parsed = style.split_once('|').is_some_and(|(slot, property)| {
                slot.parse::<Slot>().is_ok() && property.parse::<Property>().is_ok()
            });
            if !parsed || !matches!(value, Out::Any(Any::String(_))) {
                return Err(refuse("element", key, format!("style {style:?}")));
            }
        }
    }
    // Without its kind or page (an update delivered out of order can leave it so for a
    // while) the entry is not an element yet: nothing shows it. It is checked whole once the
    // missing field arrives, as that touches it again.
    if let Some(kind) = text(&map, txn, "kind").filter(|k| ElementKind::parse(k).is_none()) {
        return Err(refuse("element", key, format!("kind {kind:?}")));
    }
    if let Some(Out::YText(rich)) = map.get(txn, "content") {
        if text(&map, txn, "kind").is_some_and(|k| k != ElementKind::Text.as_str()) {
            return Err(refuse(
                "element",
                key,
                "only a text element's content is formatted",
            ));
        }
        check_rich_content(&rich, txn, key)?;
    }
    let Some(el) = read_element(elements, txn, &id) else {
        return Ok(());
    };
    if let Some(tag) = text(&map, txn, "tag") {
        let stored = match el.kind {
            ElementKind::Text => TextTag::parse(&tag).map(Tag::Text),
            kind => ContainerTag::parse(&tag)
                .and_then(|t| Tag::Container(t).for_kind(kind).ok().flatten()),
        };
        if stored.is_none() {
            return Err(refuse("element", key, format!("tag {tag:?}")));
        }
    }
    crate::plan::check_record_fields(&el, false)
}

/// Checks a stored page entry: its id, fields and types, then the page (`plan::check_page`).
pub fn check_page_entry(
    pages: &MapRef,
    txn: &impl ReadTxn,
    key: &str,
) -> Result<(), crate::error::EngineError> {
    let id = PageId::parse(key)?;
    let Some(value) = pages.get(txn, key) else {
        return Ok(());
    };
    let Out::YMap(map) = value else {
        return Err(refuse("page", key, "not a map"));
    };
    check_fields(&map, txn, "page", key, PAGE_FIELDS)?;
    if let Some(lang) = text(&map, txn, "lang").filter(|l| !is_language_tag(l)) {
        return Err(refuse("page", key, format!("language {lang:?}")));
    }
    if let Some(dir) = text(&map, txn, "dir").filter(|d| Dir::parse(d).is_none()) {
        return Err(refuse("page", key, format!("direction {dir:?}")));
    }
    let mut page = read_page(pages, txn, &id).ok_or_else(|| refuse("page", key, "no root"))?;
    // A reorder delivered out of order can leave the page without its key for a while.
    if page.order.is_empty() {
        page.order = crate::order::FIRST.to_owned();
    }
    crate::plan::check_page(&page)
}

/// Checks a stored asset entry: its id, fields and types, then the record (`asset::check_asset`).
pub fn check_asset_entry(
    assets: &MapRef,
    txn: &impl ReadTxn,
    key: &str,
) -> Result<(), crate::error::EngineError> {
    let id = AssetId::parse(key)?;
    let Some(value) = assets.get(txn, key) else {
        return Ok(());
    };
    let Out::YMap(map) = value else {
        return Err(refuse("asset", key, "not a map"));
    };
    check_fields(&map, txn, "asset", key, ASSET_FIELDS)?;
    if let Some(Out::YMap(variants)) = map.get(txn, "variants") {
        for (width, hash) in variants.iter(txn) {
            if width.parse::<u32>().is_err() || !matches!(hash, Out::Any(Any::String(_))) {
                return Err(refuse("asset", key, format!("variant {width:?}")));
            }
        }
    }
    let asset = read_asset(assets, txn, &id).ok_or_else(|| refuse("asset", key, "no type"))?;
    crate::asset::check_asset(&asset)
}

/// Checks a stored design token entry: its id, fields and types, then the record
/// (`token::check_token`). An absent entry is fine (deleted).
pub fn check_token_entry(
    tokens: &MapRef,
    txn: &impl ReadTxn,
    key: &str,
) -> Result<(), crate::error::EngineError> {
    let id = TokenId::parse(key)?;
    let Some(value) = tokens.get(txn, key) else {
        return Ok(());
    };
    let Out::YMap(map) = value else {
        return Err(refuse("token", key, "not a map"));
    };
    check_fields(&map, txn, "token", key, TOKEN_FIELDS)?;
    if let Some(kind) = text(&map, txn, "kind").filter(|k| TokenKind::parse(k).is_none()) {
        return Err(refuse("token", key, format!("kind {kind:?}")));
    }
    // Fields delivered out of order may leave it without its kind or value for a while:
    // nothing uses it until they arrive, and it is checked whole then.
    let Some(token) = read_token(tokens, txn, &id) else {
        return Ok(());
    };
    crate::token::check_token(&token).map_err(|e| refuse("token", key, e))
}

/// Checks the stored project settings: only `lang` (a language tag) and `dir`.
pub fn check_project_entry(txn: &impl ReadTxn) -> Result<(), crate::error::EngineError> {
    let Some(map) = txn.get_map(PROJECT_MAP) else {
        return Ok(());
    };
    check_fields(&map, txn, "project", "settings", PROJECT_FIELDS)?;
    if let Some(lang) = text(&map, txn, "lang").filter(|l| !is_language_tag(l)) {
        return Err(refuse("project", "lang", format!("{lang:?}")));
    }
    if let Some(dir) = text(&map, txn, "dir").filter(|d| Dir::parse(d).is_none()) {
        return Err(refuse("project", "dir", format!("{dir:?}")));
    }
    Ok(())
}

/// An element's stored `parent`: `None` for a page's root element, or when there is no such
/// element.
pub fn stored_parent(elements: &MapRef, txn: &impl ReadTxn, id: &str) -> Option<String> {
    match elements.get(txn, id)? {
        Out::YMap(map) => text(&map, txn, "parent"),
        _ => None,
    }
}

/// How deep `id` sits in the stored tree (a child of the body is at depth 1), following
/// stored parents until a body, a missing parent or a cycle; stops counting past `limit`.
pub fn stored_depth(elements: &MapRef, txn: &impl ReadTxn, id: &str, limit: usize) -> usize {
    let mut seen = std::collections::HashSet::new();
    let mut depth = 0;
    let mut current = id.to_owned();
    while depth <= limit && seen.insert(current.clone()) {
        let Some(Out::YMap(map)) = elements.get(txn, &current) else {
            return depth.saturating_sub(1);
        };
        match text(&map, txn, "parent") {
            Some(parent) => {
                depth += 1;
                current = parent;
            }
            None => return depth,
        }
    }
    depth
}
