//! The plain records the engine derives from the document: elements and pages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::id::{ElementId, PageId};
use crate::style::{Property, Slot};

/// What an element is. Every kind is a block-level box unless its style says flex or grid.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElementKind {
    /// The root of a page (`<body>`); one per page, created with it.
    Body,
    /// `<section>`, or the semantic container tag it is given.
    Section,
    /// `<div>`, or the semantic container tag it is given: the general container.
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

    /// Whether the element shows a source: `props.src` (an asset, a URL or a site path,
    /// checked by `source.rs`), never `content`.
    pub fn has_source(self) -> bool {
        matches!(self, Self::Image | Self::Video)
    }
}

/// The HTML tag of a text element.
#[cfg_attr(test, derive(ts_rs::TS))]
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

/// The HTML tag of a section or container. The kind's own tag (`section`, `div`) is the
/// default and is stored absent.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ContainerTag {
    Div,
    Section,
    Nav,
    Header,
    Footer,
    Main,
    Article,
    Aside,
    Ul,
    Ol,
    Li,
    Blockquote,
    Figure,
    Figcaption,
}

impl ContainerTag {
    /// Every container tag.
    pub const ALL: [ContainerTag; 14] = [
        Self::Div,
        Self::Section,
        Self::Nav,
        Self::Header,
        Self::Footer,
        Self::Main,
        Self::Article,
        Self::Aside,
        Self::Ul,
        Self::Ol,
        Self::Li,
        Self::Blockquote,
        Self::Figure,
        Self::Figcaption,
    ];

    /// The tag's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Div => "div",
            Self::Section => "section",
            Self::Nav => "nav",
            Self::Header => "header",
            Self::Footer => "footer",
            Self::Main => "main",
            Self::Article => "article",
            Self::Aside => "aside",
            Self::Ul => "ul",
            Self::Ol => "ol",
            Self::Li => "li",
            Self::Blockquote => "blockquote",
            Self::Figure => "figure",
            Self::Figcaption => "figcaption",
        }
    }

    /// Reads a tag name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The tag a kind has when none is stored: `section` for sections, `div` for containers.
    pub fn default_for(kind: ElementKind) -> Option<Self> {
        match kind {
            ElementKind::Section => Some(Self::Section),
            ElementKind::Container => Some(Self::Div),
            _ => None,
        }
    }
}

/// An element's HTML tag: a text tag for text, a container tag for sections and containers.
/// In JSON it is the tag's name (`"h1"`, `"nav"`).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(missing_docs)]
pub enum Tag {
    Text(TextTag),
    Container(ContainerTag),
}

impl Tag {
    /// The tag's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text(t) => t.as_str(),
            Self::Container(t) => t.as_str(),
        }
    }

    /// Reads a tag name.
    pub fn parse(name: &str) -> Option<Self> {
        TextTag::parse(name)
            .map(Self::Text)
            .or_else(|| ContainerTag::parse(name).map(Self::Container))
    }

    /// The tag as an element of `kind` stores it: `Ok(None)` for the kind's default container
    /// tag (stored absent), `Err` when the kind cannot take this tag.
    pub fn for_kind(self, kind: ElementKind) -> Result<Option<Self>, &'static str> {
        match (kind, self) {
            (ElementKind::Text, Self::Text(_)) => Ok(Some(self)),
            (ElementKind::Text, Self::Container(_)) => Err("a text element takes h1–h6, p or span"),
            (ElementKind::Section | ElementKind::Container, Self::Container(t)) => {
                Ok((ContainerTag::default_for(kind) != Some(t)).then_some(self))
            }
            (ElementKind::Section | ElementKind::Container, Self::Text(_)) => Err(
                "a section or container takes div, section, nav, header, footer, main, article, \
                 aside, ul, ol, li, blockquote, figure or figcaption",
            ),
            _ => Err("only text, section and container elements have a tag"),
        }
    }
}

impl From<TextTag> for Tag {
    fn from(tag: TextTag) -> Self {
        Self::Text(tag)
    }
}

impl From<ContainerTag> for Tag {
    fn from(tag: ContainerTag) -> Self {
        Self::Container(tag)
    }
}

/// Which way text runs: the HTML `dir` attribute.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Dir {
    #[default]
    Ltr,
    Rtl,
    Auto,
}

impl Dir {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
            Self::Auto => "auto",
        }
    }

    /// Reads an attribute value.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Ltr, Self::Rtl, Self::Auto]
            .into_iter()
            .find(|d| d.as_str() == name)
    }
}

/// The project's default language (BCP 47) when none is set.
pub const DEFAULT_LANG: &str = "en";

/// Project-wide settings every page inherits unless it overrides them.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Language of the content, a BCP 47 tag (`en`, `en-GB`, `zh-Hant`).
    pub lang: String,
    /// Direction of the content.
    pub dir: Dir,
}

impl Default for Project {
    fn default() -> Self {
        Self {
            lang: DEFAULT_LANG.into(),
            dir: Dir::Ltr,
        }
    }
}

impl Project {
    /// Whether every setting is the default (a snapshot then leaves the project out).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// Whether `lang` is a well-formed BCP 47 language tag: a 2–3 or 5–8 letter language, then
/// subtags of 1–8 letters or digits separated by `-` (script, region, variants, extensions).
pub fn is_language_tag(lang: &str) -> bool {
    let mut subtags = lang.split('-');
    let language_ok = subtags.next().is_some_and(|l| {
        matches!(l.len(), 2 | 3 | 5..=8) && l.bytes().all(|b| b.is_ascii_alphabetic())
    });
    language_ok
        && lang.len() <= 64
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A prop value: text, number or flag.
#[cfg_attr(test, derive(ts_rs::TS))]
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
#[cfg_attr(test, derive(ts_rs::TS))]
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
    /// Tag of a text element (always set), a section or a container (absent: the kind's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub tag: Option<Tag>,
    /// Text content (text, button, link) or HTML (embed). Images and videos have none: their
    /// source is `props.src` ([`ElementKind::has_source`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub content: String,
    /// A text element's formatted runs (`rich_text.rs`), whose text joined is `content`; empty
    /// when no mark is set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(optional, as = "Option<Vec<crate::rich_text::Run>>"))]
    pub runs: Vec<crate::rich_text::Run>,
    /// Attributes and component props: href, src (`asset:<id>`, a URL or a site path), alt,
    /// poster, placeholder, …
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
#[cfg_attr(test, derive(ts_rs::TS))]
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
    /// Language overriding the project's (BCP 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub lang: Option<String>,
    /// Direction overriding the project's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub dir: Option<Dir>,
    /// The social image (`og:image`, the Twitter card): `asset:<sha256>` or an `http(s)` URL
    /// (`source::check_page_image`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub image: Option<String>,
}
