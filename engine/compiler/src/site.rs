//! The project read once for both targets: pages with safe slugs, each page's visible element
//! tree with the class, tag and checked attributes every node renders with, and the CSS.

use std::collections::{BTreeMap, HashMap, HashSet};

use omnios_engine::style::{normalize, Breakpoint, Property, Slot};
use omnios_engine::{check_anchor, check_page_image, Asset, ANCHOR_PROP, ASSET_SCHEME};
use omnios_engine::{Dir, Element, ElementId, ElementKind, Page, RawValue, Scalar, Snapshot, Tag};

use crate::text::{clip, safe_url};
use crate::tokens::Variables;
use crate::{css, fonts, image, Assets, CompileError};

/// Deepest element tree compiled; deeper elements are left out with a warning.
const MAX_DEPTH: usize = 256;

/// The whole project, checked.
pub struct Site<'a> {
    /// `<html lang>`.
    pub lang: String,
    /// `<html dir>`.
    pub dir: Dir,
    /// Pages in order.
    pub pages: Vec<PageOut<'a>>,
    /// Every element rule, after the reset (see [`css::stylesheet`]).
    pub css: String,
    /// Each element's class and record, in the stylesheet's order (for a stylesheet of the
    /// elements a target writes only: [`Site::stylesheet_of`]).
    pub rules: Vec<(String, &'a Element)>,
    /// The design tokens as CSS variables.
    pub variables: Variables<'a>,
    /// The extra trees read after the pages ([`Extra::roots`]), in the same order; `None` for
    /// one that is hidden or left out.
    pub extra: Vec<Option<Node<'a>>>,
    /// Content left out.
    pub warnings: Vec<String>,
    /// The library blobs the pages use, by SHA-256, each once.
    pub blobs: Vec<UsedBlob>,
    /// The uploaded fonts the styles name: (family, file below the assets folder).
    pub fonts: Vec<(String, String)>,
}

/// Why the project is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// To compile it: every file an image needs must be there.
    Compile,
    /// To list the library blobs it uses, before the caller has read them.
    ListBlobs,
}

/// A library blob an image uses.
pub struct UsedBlob {
    /// Its SHA-256.
    pub sha256: String,
    /// Its file below the export's assets folder: `<sha256>.<ext>`.
    pub file: String,
    /// Whether it is only ever a responsive variant (never an asset's original).
    pub variant: bool,
}

/// Trees read besides the pages: the Next.js target's component bodies (`react.rs`).
#[derive(Debug, Default)]
pub struct Extra {
    /// Roots of the trees, read like elements inside a page.
    pub roots: Vec<ElementId>,
    /// The class of an element of these trees, where it is not [`class_of`] its id.
    pub classes: HashMap<ElementId, String>,
}

/// One page.
pub struct PageOut<'a> {
    /// The page record.
    pub page: &'a Page,
    /// Its slug, `""` for the home page, segments joined by `/`.
    pub slug: String,
    /// Its body and everything visible under it.
    pub root: Node<'a>,
    /// Its social image (`og:image`), when it has one the export can serve.
    pub image: Option<SocialImage>,
}

/// A page's social image.
pub enum SocialImage {
    /// A library image's file below the assets folder (`<sha256>.<ext>`).
    Asset(String),
    /// An `http(s)` URL.
    Remote(String),
}

/// One visible element.
pub struct Node<'a> {
    /// The record.
    pub el: &'a Element,
    /// Its class (`o-<id>`).
    pub class: String,
    /// Its HTML `id`: the element's section anchor, checked, and only on the first element of
    /// the page that has it (two collaborators may name two sections alike at once).
    pub anchor: Option<String>,
    /// What it renders as.
    pub kind: NodeKind,
    /// A text element's content as inline runs, when it has marks or line breaks; empty
    /// otherwise (the content is then written as one text).
    pub inline: Vec<Inline>,
    /// Visible children in order.
    pub children: Vec<Node<'a>>,
}

/// A run of formatted text inside a text element (`omnios_engine::rich_text`), nested as
/// `<a><strong><em><u>` with each `\n` a `<br>`.
pub struct Inline {
    /// The text.
    pub text: String,
    /// `<strong>`.
    pub bold: bool,
    /// `<em>`.
    pub italic: bool,
    /// `<u>`.
    pub underline: bool,
    /// `<a href>`; `None` also when the document's URL was refused.
    pub link: Option<Href>,
}

impl Inline {
    /// The tags of its marks inside the link, outermost first: `strong`, `em`, `u`.
    pub fn mark_tags(&self) -> impl Iterator<Item = &'static str> {
        [
            (self.bold, "strong"),
            (self.italic, "em"),
            (self.underline, "u"),
        ]
        .into_iter()
        .filter_map(|(on, tag)| on.then_some(tag))
    }
}

/// Where a link goes.
pub enum Href {
    /// A path on this site (`/about#team`): `next/link`, or a relative file in the static export
    /// when it names a page (`slug` is then the page's slug).
    Internal {
        /// The path as written.
        path: String,
        /// The page it names, if any.
        slug: Option<String>,
        /// `?query#hash` after the page's path.
        suffix: String,
    },
    /// Anything else that is safe (`https:`, `mailto:`, `#top`, `about`).
    Other(String),
}

/// Where an image comes from.
pub enum ImageSrc {
    /// An asset file, by its path below the assets folder.
    Asset(String),
    /// An asset of the library: its original's file below the assets folder and every file for
    /// `srcset` (width, file; narrowest first, the original among them when its width is known),
    /// empty when there is no variant.
    Library {
        /// The original's file (`<sha256>.<ext>`).
        file: String,
        /// Responsive candidates (width in pixels, file).
        srcset: Vec<(u32, String)>,
    },
    /// An `http(s)` URL.
    Remote(String),
}

/// What a node renders as.
pub enum NodeKind {
    /// The page's body (`<div class="omnios-page">`), with its own language and direction when
    /// they differ from the project's.
    Page {
        /// `lang`, when it differs from the project's.
        lang: Option<String>,
        /// `dir`, when it differs from the project's.
        dir: Option<Dir>,
    },
    /// A container (`div`, `section`, `nav`, …).
    Box(&'static str),
    /// Text in its tag.
    Text(&'static str),
    /// `<button type="button">`.
    Button,
    /// `<a>`.
    Link {
        /// Where it goes; `None` when the document's URL was refused or absent.
        href: Option<Href>,
        /// Opens in a new tab (`target="_blank" rel="noopener noreferrer"`).
        new_tab: bool,
    },
    /// An image with a source; width and height are its natural size when known.
    Image {
        /// The source.
        src: ImageSrc,
        /// `alt`.
        alt: String,
        /// Natural size in CSS pixels.
        size: Option<(u32, u32)>,
        /// `sizes` for the responsive image.
        sizes: String,
    },
    /// `<input>`.
    Input {
        /// `placeholder`.
        placeholder: String,
    },
    /// `<video>`.
    Video {
        /// The source, when it is safe.
        src: Option<String>,
    },
    /// Raw HTML, inserted as written: the only element that carries code.
    Embed,
}

/// Whether a path is a safe relative path of `A-Za-z0-9-_.` segments.
pub fn asset_path_ok(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 256
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
}

/// The class of an element: `o-<id>` as on the canvas when the id is the engine's alphabet
/// (`A-Za-z0-9_-`), else `o_` and the id's bytes in hex, so no id ever reaches CSS or markup
/// as written.
pub fn class_of(id: &ElementId) -> String {
    let raw = id.as_str();
    let safe = !raw.is_empty()
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if safe {
        format!("o-{raw}")
    } else {
        let hex: String = raw.bytes().map(|b| format!("{b:02x}")).collect();
        format!("o_{hex}")
    }
}

fn slug_of(page: &Page) -> Result<String, CompileError> {
    let slug = page.slug.trim_matches('/');
    let ok = slug.len() <= 128
        && (slug.is_empty()
            || slug.split('/').all(|seg| {
                !seg.is_empty()
                    && seg
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            }));
    if ok {
        Ok(slug.to_owned())
    } else {
        Err(CompileError::UnsafeSlug {
            page: clip(page.id.as_str()),
            slug: clip(&page.slug),
        })
    }
}

fn prop_text<'e>(el: &'e Element, key: &str) -> Option<&'e str> {
    match el.props.get(key) {
        Some(Scalar::Text(t)) if !t.trim().is_empty() => Some(t.as_str()),
        _ => None,
    }
}

fn prop_px(el: &Element, key: &str) -> Option<u32> {
    let n = match el.props.get(key)? {
        Scalar::Number(n) => *n,
        Scalar::Text(t) => t.trim().trim_end_matches("px").parse().ok()?,
        Scalar::Bool(_) => return None,
    };
    (n.is_finite() && (1.0..=100_000.0).contains(&n)).then(|| n.round() as u32)
}

/// The image's `sizes`: its width per breakpoint when every breakpoint has one in `px` or `%`
/// (a percentage of the parent, which is at most the viewport, becomes that many `vw`: an upper
/// bound, so the browser never picks a file too small); its natural width when no style sets a
/// width (the box is then as wide as the picture, and a responsive image's intrinsic width is its
/// `sizes`); else the viewport's width.
fn sizes_of(el: &Element, natural: Option<(u32, u32)>) -> String {
    let sets_width = el.styles.values().any(|s| s.contains_key(&Property::Width));
    if let (false, Some((w, _))) = (sets_width, natural) {
        return format!("{w}px");
    }
    let positive = |n: &str| n.parse::<f64>().is_ok_and(|v| v.is_finite() && v > 0.0);
    let mut widths = Vec::new();
    let mut current: Option<&str> = None;
    for bp in Breakpoint::ALL {
        if let Some(w) = el
            .styles
            .get(&Slot::at(bp))
            .and_then(|s| s.get(&Property::Width))
        {
            current = Some(w.as_str().trim());
        }
        let Some(w) = current else {
            return "100vw".into();
        };
        match (w.strip_suffix("px"), w.strip_suffix('%')) {
            (Some(n), _) if positive(n) => widths.push(format!("{n}px")),
            (_, Some(n)) if positive(n) => {
                let n: f64 = n.parse().unwrap_or(100.0);
                widths.push(format!("{}vw", n.min(100.0)))
            }
            _ => return "100vw".into(),
        }
    }
    let (base, tablet, mobile) = (&widths[0], &widths[1], &widths[2]);
    let mut parts = Vec::new();
    if mobile != tablet {
        parts.push(format!("(max-width: 767px) {mobile}"));
    }
    if tablet != base || !parts.is_empty() {
        parts.push(format!("(max-width: 991px) {tablet}"));
    }
    parts.push(base.clone());
    parts.join(", ")
}

struct Reader<'a> {
    children: HashMap<&'a ElementId, Vec<&'a Element>>,
    assets: &'a Assets,
    mode: Mode,
    library: HashMap<&'a str, &'a Asset>,
    blobs: BTreeMap<String, UsedBlob>,
    slugs: HashSet<String>,
    warnings: Vec<String>,
    seen: HashSet<&'a ElementId>,
    variables: Variables<'a>,
    /// The anchors given out on the page being read.
    anchors: HashSet<String>,
    /// Classes that are not [`class_of`] the id.
    classes: &'a HashMap<ElementId, String>,
}

impl<'a> Reader<'a> {
    fn href(&mut self, el: &Element) -> Option<Href> {
        self.resolve_href(el, prop_text(el, "href")?)
    }

    /// A text element's runs with their links resolved.
    fn inline(&mut self, el: &Element) -> Vec<Inline> {
        if el.kind != ElementKind::Text || (el.runs.is_empty() && !el.content.contains('\n')) {
            return Vec::new();
        }
        omnios_engine::rich_text::runs_of(&el.content, &el.runs)
            .into_iter()
            .map(|run| Inline {
                link: run
                    .link
                    .as_deref()
                    .and_then(|href| self.resolve_href(el, href)),
                text: run.text,
                bold: run.bold,
                italic: run.italic,
                underline: run.underline,
            })
            .collect()
    }

    fn resolve_href(&mut self, el: &Element, raw: &str) -> Option<Href> {
        let Some(url) = safe_url(raw) else {
            self.warnings.push(format!(
                "link {}: the URL {:?} was refused (only http, https, mailto, tel and relative URLs are kept)",
                el.id,
                clip(raw)
            ));
            return None;
        };
        if url.starts_with('/') && !url.starts_with("//") {
            let cut = url.find(['?', '#']).unwrap_or(url.len());
            let (path, suffix) = url.split_at(cut);
            let slug = path.trim_matches('/').to_owned();
            let slug = self.slugs.contains(&slug).then_some(slug);
            Some(Href::Internal {
                path: url.clone(),
                slug,
                suffix: suffix.to_owned(),
            })
        } else {
            Some(Href::Other(url))
        }
    }

    /// The element's anchor as its HTML `id`: a well-formed one, the first time on the page.
    fn anchor(&mut self, el: &Element) -> Option<String> {
        let anchor = prop_text(el, ANCHOR_PROP)?;
        if check_anchor(None, anchor).is_err() {
            self.warnings.push(format!(
                "element {}: the anchor {:?} was refused, left out",
                el.id,
                clip(anchor)
            ));
            return None;
        }
        if !self.anchors.insert(anchor.to_owned()) {
            self.warnings.push(format!(
                "element {}: the anchor {anchor:?} is used earlier on its page, left out",
                el.id
            ));
            return None;
        }
        Some(anchor.to_owned())
    }

    /// A page's social image: a library image's file (copied like an image's) or a checked
    /// URL; anything else is left out with a warning.
    fn social_image(&mut self, page: &Page) -> Option<SocialImage> {
        let raw = page.image.as_deref()?;
        let refused = |reader: &mut Self, why: &str| {
            reader.warnings.push(format!(
                "page {}: the social image {:?} {why}, left out",
                page.id,
                clip(raw)
            ));
            None
        };
        match check_page_image(raw) {
            Err(_) => refused(self, "was refused"),
            Ok(None) => match safe_url(raw) {
                Some(url) => Some(SocialImage::Remote(url)),
                None => refused(self, "was refused"),
            },
            Ok(Some(id)) => {
                let Some(asset) = self.library.get(id.as_str()).copied() else {
                    return refused(self, "is not in the library");
                };
                if !asset.mime.starts_with("image/") {
                    return refused(self, "is not an image");
                }
                if self.assets.blob(asset.id.as_str()).is_none() && self.mode == Mode::Compile {
                    return refused(self, "was not given");
                }
                Some(SocialImage::Asset(self.use_blob(
                    asset.id.as_str(),
                    &asset.mime,
                    false,
                )))
            }
        }
    }

    fn image(&mut self, el: &Element) -> Result<Option<NodeKind>, CompileError> {
        let alt = prop_text(el, "alt").unwrap_or_default().to_owned();
        let Some(raw) = prop_text(el, "src") else {
            self.warnings.push(format!(
                "image {}: no source, left out of the export",
                el.id
            ));
            return Ok(None);
        };
        let raw = raw.trim();
        let declared = prop_px(el, "width").zip(prop_px(el, "height"));
        let lower = raw.to_ascii_lowercase();
        if let Some(id) = raw.strip_prefix(ASSET_SCHEME) {
            return self.library_image(el, id, alt, declared).map(Some);
        }
        let (src, size) = if lower.starts_with("http://") || lower.starts_with("https://") {
            match safe_url(raw) {
                Some(url) => (ImageSrc::Remote(url), declared),
                None => {
                    self.warnings
                        .push(format!("image {}: source refused, left out", el.id));
                    return Ok(None);
                }
            }
        } else if raw.contains(':') || raw.starts_with("//") {
            self.warnings.push(format!(
                "image {}: the source {:?} was refused (only http, https and assets are kept)",
                el.id,
                clip(raw)
            ));
            return Ok(None);
        } else {
            let path = raw.trim_start_matches('/');
            let path = path.strip_prefix("assets/").unwrap_or(path);
            let bytes = self.assets.get(path);
            if bytes.is_none() && self.mode == Mode::Compile {
                return Err(CompileError::MissingAsset {
                    element: clip(el.id.as_str()),
                    path: clip(raw),
                });
            }
            (
                ImageSrc::Asset(path.to_owned()),
                declared.or_else(|| bytes.and_then(image::natural_size)),
            )
        };
        Ok(Some(NodeKind::Image {
            src,
            alt,
            size,
            sizes: sizes_of(el, size),
        }))
    }

    /// Records a blob the export copies and returns its file name (`<sha256>.<ext>`).
    fn use_blob(&mut self, sha256: &str, mime: &str, variant: bool) -> String {
        let ext = image::extension(self.assets.blob(sha256), mime);
        let used = self
            .blobs
            .entry(sha256.to_owned())
            .or_insert_with(|| UsedBlob {
                sha256: sha256.to_owned(),
                file: format!("{sha256}.{ext}"),
                variant,
            });
        used.variant &= variant;
        used.file.clone()
    }

    /// An image showing an asset of the library: its original, its variants for `srcset`, the
    /// asset's size and, when the element has none, its alt text.
    fn library_image(
        &mut self,
        el: &Element,
        id: &str,
        alt: String,
        declared: Option<(u32, u32)>,
    ) -> Result<NodeKind, CompileError> {
        let Some(asset) = self.library.get(id).copied() else {
            return Err(CompileError::UnknownAsset {
                element: clip(el.id.as_str()),
                asset: clip(id),
            });
        };
        let original = self.assets.blob(asset.id.as_str());
        if original.is_none() && self.mode == Mode::Compile {
            return Err(CompileError::MissingBlob {
                element: clip(el.id.as_str()),
                asset: asset.id.to_string(),
                name: clip(&asset.name),
            });
        }
        let size = declared
            .or(asset.width.zip(asset.height))
            .or_else(|| original.and_then(image::natural_size));
        let file = self.use_blob(asset.id.as_str(), &asset.mime, false);
        let mut srcset = Vec::new();
        for variant in &asset.variants {
            if self.assets.blob(variant.hash.as_str()).is_none() && self.mode == Mode::Compile {
                self.warnings.push(format!(
                    "image {}: the {} px variant of the asset {:?} was not given, left out of srcset",
                    el.id, variant.width, asset.name
                ));
                continue;
            }
            let name = self.use_blob(variant.hash.as_str(), "", true);
            srcset.push((variant.width, name));
        }
        if !srcset.is_empty() {
            if let Some(width) = asset.width {
                srcset.push((width, file.clone()));
            }
            srcset.sort();
            srcset.dedup_by_key(|(w, _)| *w);
        }
        let alt = if alt.is_empty() {
            asset.alt.trim().to_owned()
        } else {
            alt
        };
        if alt.is_empty() {
            self.warnings.push(format!(
                "image {}: no alt text (neither the image nor the asset {:?} has one)",
                el.id, asset.name
            ));
        }
        Ok(NodeKind::Image {
            src: ImageSrc::Library { file, srcset },
            alt,
            size,
            sizes: sizes_of(el, size),
        })
    }

    fn kind(&mut self, el: &Element, is_root: bool) -> Result<Option<NodeKind>, CompileError> {
        Ok(Some(match el.kind {
            ElementKind::Body if is_root => NodeKind::Page {
                lang: None,
                dir: None,
            },
            ElementKind::Section => NodeKind::Box(match el.tag {
                Some(Tag::Container(t)) => t.as_str(),
                _ => "section",
            }),
            ElementKind::Text => NodeKind::Text(match el.tag {
                Some(Tag::Text(t)) => t.as_str(),
                _ => "p",
            }),
            ElementKind::Button => NodeKind::Button,
            ElementKind::Link => NodeKind::Link {
                href: self.href(el),
                new_tab: prop_text(el, "target") == Some("_blank"),
            },
            ElementKind::Image => return self.image(el),
            ElementKind::Input => NodeKind::Input {
                placeholder: prop_text(el, "placeholder").unwrap_or_default().to_owned(),
            },
            ElementKind::Video => NodeKind::Video {
                src: prop_text(el, "src").and_then(|s| {
                    let url = safe_url(s)?;
                    (!url.to_ascii_lowercase().starts_with("mailto:")).then_some(url)
                }),
            },
            ElementKind::Embed => NodeKind::Embed,
            ElementKind::Body
            | ElementKind::Container
            | ElementKind::Instance
            | ElementKind::Repeater => NodeKind::Box(match el.tag {
                Some(Tag::Container(t)) => t.as_str(),
                _ => "div",
            }),
        }))
    }

    fn node(
        &mut self,
        el: &'a Element,
        depth: usize,
        rules: &mut Vec<(String, &'a Element)>,
    ) -> Result<Option<Node<'a>>, CompileError> {
        if el.hidden || !self.seen.insert(&el.id) {
            return Ok(None);
        }
        if depth > MAX_DEPTH {
            self.warnings.push(format!(
                "element {}: deeper than {MAX_DEPTH} levels, left out",
                el.id
            ));
            return Ok(None);
        }
        let Some(kind) = self.kind(el, depth == 0)? else {
            return Ok(None);
        };
        for (slot, props) in &el.styles {
            for (property, value) in props {
                normalize(*property, &RawValue::Text(value.clone()), None).map_err(|e| {
                    CompileError::InvalidStyle {
                        element: clip(el.id.as_str()),
                        reason: format!("{slot}: {e}"),
                    }
                })?;
            }
        }
        for (slot, props) in &el.styles {
            for (property, value) in props {
                if self.variables.declaration(*property, value).is_none() {
                    self.warnings.push(format!(
                        "element {}: {slot} {} names a design token the project does not \
                         have ({}), left out",
                        el.id,
                        property.css_name(),
                        clip(value)
                    ));
                }
            }
        }
        let class = match self.classes.get(&el.id) {
            Some(class) => class.clone(),
            None => class_of(&el.id),
        };
        rules.push((class.clone(), el));
        let anchor = self.anchor(el);
        let mut children = Vec::new();
        // An instance holds what it shows (`components.rs`), as on the canvas.
        if el.kind.holds_children() || el.kind == ElementKind::Instance {
            let kids = self.children.get(&el.id).cloned().unwrap_or_default();
            for child in kids {
                if let Some(node) = self.node(child, depth + 1, rules)? {
                    children.push(node);
                }
            }
        }
        let inline = self.inline(el);
        Ok(Some(Node {
            el,
            class,
            anchor,
            kind,
            inline,
            children,
        }))
    }
}

impl<'a> Site<'a> {
    /// Reads and checks the project.
    pub fn read(
        snapshot: &'a Snapshot,
        assets: &'a Assets,
        mode: Mode,
        extra: &'a Extra,
    ) -> Result<Self, CompileError> {
        let mut pages: Vec<&Page> = snapshot.pages.iter().collect();
        pages.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
        if pages.is_empty() {
            return Err(CompileError::NoPages);
        }
        let mut slugs: BTreeMap<String, &Page> = BTreeMap::new();
        for page in &pages {
            let slug = slug_of(page)?;
            if let Some(first) = slugs.insert(slug.clone(), page) {
                return Err(CompileError::DuplicateSlug {
                    slug,
                    first: clip(first.id.as_str()),
                    second: clip(page.id.as_str()),
                });
            }
        }
        let by_id: HashMap<&ElementId, &Element> =
            snapshot.elements.iter().map(|e| (&e.id, e)).collect();
        let mut children: HashMap<&ElementId, Vec<&Element>> = HashMap::new();
        for el in &snapshot.elements {
            if let Some(parent) = &el.parent {
                children.entry(parent).or_default().push(el);
            }
        }
        for list in children.values_mut() {
            list.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
        }
        let mut reader = Reader {
            children,
            assets,
            mode,
            library: snapshot.assets.iter().map(|a| (a.id.as_str(), a)).collect(),
            blobs: BTreeMap::new(),
            slugs: slugs.keys().cloned().collect(),
            warnings: Vec::new(),
            seen: HashSet::new(),
            variables: Variables::read(&snapshot.tokens)?,
            anchors: HashSet::new(),
            classes: &extra.classes,
        };
        let project = &snapshot.project;
        let mut rules = Vec::new();
        let mut out = Vec::new();
        for page in pages {
            let missing = || CompileError::MissingRoot {
                page: clip(page.id.as_str()),
                root: clip(page.root.as_str()),
            };
            let body = by_id.get(&page.root).copied().ok_or_else(missing)?;
            reader.anchors.clear();
            let mut root = match reader.node(body, 0, &mut rules)? {
                Some(root) => root,
                // A hidden body still gives an (empty) page.
                None => Node {
                    el: body,
                    class: class_of(&body.id),
                    anchor: None,
                    kind: NodeKind::Box("div"),
                    inline: Vec::new(),
                    children: Vec::new(),
                },
            };
            let lang = page.lang.clone().filter(|l| *l != project.lang);
            let dir = page.dir.filter(|d| *d != project.dir);
            root.kind = NodeKind::Page { lang, dir };
            let image = reader.social_image(page);
            out.push(PageOut {
                page,
                slug: slug_of(page)?,
                root,
                image,
            });
        }
        let mut extra_out = Vec::new();
        for root in &extra.roots {
            reader.anchors.clear();
            let node = match by_id.get(root) {
                Some(el) => reader.node(el, 1, &mut rules)?,
                None => None,
            };
            extra_out.push(node);
        }
        let library: Vec<&Asset> = snapshot.assets.iter().collect();
        let mut used_fonts = Vec::new();
        for font in fonts::used(&library, &rules) {
            if reader.assets.blob(font.id.as_str()).is_none() && mode == Mode::Compile {
                reader.warnings.push(format!(
                    "font {:?}: its file was not given, left out (the fallback font shows)",
                    clip(&font.name)
                ));
                continue;
            }
            let file = reader.use_blob(font.id.as_str(), &font.mime, false);
            used_fonts.push((fonts::family_of(&font.name), file));
        }
        Ok(Site {
            lang: project.lang.clone(),
            dir: project.dir,
            pages: out,
            css: css::stylesheet(&rules, &reader.variables, &[]),
            rules,
            variables: reader.variables,
            extra: extra_out,
            warnings: reader.warnings,
            blobs: reader.blobs.into_values().collect(),
            fonts: used_fonts,
        })
    }
}

impl Site<'_> {
    /// The stylesheet with the rules of the elements `keep` names only, then `extra` rules
    /// (the Next.js components' variant classes), each breakpoint's after its elements'.
    pub fn stylesheet_of(
        &self,
        keep: impl Fn(&ElementId) -> bool,
        extra: &[(String, &Element)],
    ) -> String {
        let rules: Vec<(String, &Element)> = self
            .rules
            .iter()
            .filter(|(_, el)| keep(&el.id))
            .cloned()
            .collect();
        css::stylesheet(&rules, &self.variables, extra)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(styles: &str) -> Element {
        serde_json::from_str(&format!(
            r#"{{"id":"i","kind":"image","page":"p","parent":"b","order":"a0","styles":{styles}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn sizes_follow_the_rendered_width() {
        let fixed = image(
            r#"{"base":{"width":"640px"},"tablet":{"width":"480px"},"mobile":{"width":"343px"}}"#,
        );
        assert_eq!(
            sizes_of(&fixed, Some((64, 36))),
            "(max-width: 767px) 343px, (max-width: 991px) 480px, 640px"
        );
        let same = image(r#"{"base":{"width":"32px"}}"#);
        assert_eq!(sizes_of(&same, None), "32px");
        assert_eq!(sizes_of(&image("{}"), Some((16, 16))), "16px");
        let fluid = image(r#"{"base":{"width":"100%"}}"#);
        assert_eq!(sizes_of(&fluid, Some((16, 16))), "100vw");
        // A percentage of the parent is at most that share of the viewport, never all of it.
        let half = image(r#"{"base":{"width":"50%"},"mobile":{"width":"100%"}}"#);
        assert_eq!(
            sizes_of(&half, Some((16, 16))),
            "(max-width: 767px) 100vw, (max-width: 991px) 50vw, 50vw"
        );
        let mixed = image(r#"{"base":{"width":"33.5%"},"tablet":{"width":"320px"}}"#);
        assert_eq!(
            sizes_of(&mixed, Some((16, 16))),
            "(max-width: 991px) 320px, 33.5vw"
        );
        let auto = image(r#"{"base":{"width":"auto"}}"#);
        assert_eq!(sizes_of(&auto, Some((16, 16))), "100vw");
    }

    #[test]
    fn classes_are_safe_for_any_id() {
        assert_eq!(class_of(&ElementId("a1_B-2".into())), "o-a1_B-2");
        assert_eq!(class_of(&ElementId("x{}".into())), "o_787b7d");
        assert_eq!(class_of(&ElementId("a b".into())), "o_612062");
    }
}
