//! The plain records the engine derives from the document: elements and pages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::id::{ElementId, PageId};
use crate::style::{Property, Slot};

/// What an element is. Every kind is a block-level box unless its style says flex or grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElementKind {
    /// The root of a page (`<body>`); one per page, created with it.
    Body,
    /// `<section>`.
    Section,
    /// `<div>`: the general container.
    Container,
    /// Text: `h1`–`h6`, `p` or `span`, one leaf measured by the host.
    Text,
    /// `<button>`.
    Button,
    /// `<a>`.
    Link,
    /// `<img>`.
    Image,
    /// `<input>`.
    Input,
    /// `<video>`.
    Video,
    /// Embedded HTML or a third-party widget.
    Embed,
    /// An instance of a master component (props in `props`).
    Instance,
    /// Repeats its children once per item of a collection.
    Repeater,
}

impl ElementKind {
    /// Every kind.
    pub const ALL: [ElementKind; 12] = [
        Self::Body,
        Self::Section,
        Self::Container,
        Self::Text,
        Self::Button,
        Self::Link,
        Self::Image,
        Self::Input,
        Self::Video,
        Self::Embed,
        Self::Instance,
        Self::Repeater,
    ];

    /// The name used in the document and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Body => "body",
            Self::Section => "section",
            Self::Container => "container",
            Self::Text => "text",
            Self::Button => "button",
            Self::Link => "link",
            Self::Image => "image",
            Self::Input => "input",
            Self::Video => "video",
            Self::Embed => "embed",
            Self::Instance => "instance",
            Self::Repeater => "repeater",
        }
    }

    /// Reads a kind's name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether elements of this kind hold child elements.
    pub fn holds_children(self) -> bool {
        matches!(
            self,
            Self::Body
                | Self::Section
                | Self::Container
                | Self::Link
                | Self::Button
                | Self::Repeater
        )
    }

    /// Whether the element's `content` is text shown inside it.
    pub fn has_text(self) -> bool {
        matches!(self, Self::Text | Self::Button | Self::Link)
    }
}

/// The HTML tag of a text element.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum TextTag {
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    #[default]
    P,
    Span,
}

impl TextTag {
    /// The tag's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::H1 => "h1",
            Self::H2 => "h2",
            Self::H3 => "h3",
            Self::H4 => "h4",
            Self::H5 => "h5",
            Self::H6 => "h6",
            Self::P => "p",
            Self::Span => "span",
        }
    }

    /// Reads a tag name.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::H1,
            Self::H2,
            Self::H3,
            Self::H4,
            Self::H5,
            Self::H6,
            Self::P,
            Self::Span,
        ]
        .into_iter()
        .find(|t| t.as_str() == name)
    }
}

/// A prop value: text, number or flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    /// A flag.
    Bool(bool),
    /// A finite number.
    Number(f64),
    /// Text.
    Text(String),
}

/// Styles of one element: slot → property → CSS text.
pub type Styles = BTreeMap<Slot, BTreeMap<Property, String>>;

/// One element as the document holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Element {
    /// Its id.
    pub id: ElementId,
    /// Its kind.
    pub kind: ElementKind,
    /// The page it belongs to.
    pub page: PageId,
    /// The parent as stored (`None` only for a page's body). The tree may attach the element
    /// elsewhere after a merge; [`crate::ElementDelta::parent`] says where it shows.
    pub parent: Option<ElementId>,
    /// Fractional order key among siblings.
    pub order: String,
    /// Name shown in the layers panel.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Tag of a text element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<TextTag>,
    /// Text content (text, button, link) or source (image, video, embed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub content: String,
    /// Attributes and component props: href, src, alt, placeholder, …
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub props: BTreeMap<String, Scalar>,
    /// Styles per breakpoint and state.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub styles: Styles,
    /// Hidden on the canvas and in the export.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    /// Not selectable or movable on the canvas.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
}

/// One page of the project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// Its id.
    pub id: PageId,
    /// Name shown in the pages panel.
    pub name: String,
    /// URL path segment (`""` for the home page).
    pub slug: String,
    /// `<title>`.
    #[serde(default)]
    pub title: String,
    /// `<meta name="description">`.
    #[serde(default)]
    pub description: String,
    /// Fractional order key among pages.
    pub order: String,
    /// The page's body element.
    pub root: ElementId,
}
