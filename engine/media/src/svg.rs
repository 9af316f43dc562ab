//! SVG made safe to show on a page: parsed with a real XML parser, then written back without
//! anything that runs code or reaches outside the file.
//!
//! Removed: `<script>`, `<foreignObject>`, elements outside the SVG namespace, `on*` event
//! attributes, links (`href`, `xlink:href`) other than to `#fragments` in the same file or to
//! inline raster `data:` images, any attribute whose value holds `javascript:`, animations
//! that set a link, and styles that import or load `url(…)` from outside the file. Comments
//! and processing instructions are dropped. Refused outright: text that is not XML, a root
//! other than `<svg>`, and any DOCTYPE (entities can expand without bound and are never needed).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use roxmltree::{Document, Node, NodeType, ParsingOptions};
use serde::Serialize;

use crate::error::MediaError;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// A sanitised SVG and what was taken out of it, for telling the designer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SanitisedSvg {
    /// The safe SVG as UTF-8 text.
    pub svg: String,
    /// One line per kind of thing removed, e.g. "<script> element", "onclick attribute".
    pub removed: Vec<String>,
    /// Width and height from the `width`/`height` attributes or the `viewBox`, when given in
    /// plain numbers or pixels.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Parses `bytes` as SVG and writes back only what is safe.
pub fn sanitise_svg(bytes: &[u8]) -> Result<SanitisedSvg, MediaError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| MediaError::SvgNotXml("it is not UTF-8 text".to_owned()))?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    let document = Document::parse_with_options(text, options)
        .map_err(|error| MediaError::SvgNotXml(error.to_string()))?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return Err(MediaError::SvgNotSvg(root.tag_name().name().to_owned()));
    }
    let (width, height) = dimensions(root);
    let mut writer = Writer::default();
    writer.element(root, None);
    Ok(SanitisedSvg {
        svg: writer.out,
        removed: writer.removed.into_iter().collect(),
        width,
        height,
    })
}

#[derive(Default)]
struct Writer {
    out: String,
    removed: BTreeSet<String>,
}

impl Writer {
    fn element(&mut self, node: Node, parent: Option<Node>) {
        let tag = node.tag_name();
        if tag.namespace() != Some(SVG_NS) {
            self.removed
                .insert(format!("<{}> element from another namespace", tag.name()));
            return;
        }
        let name = tag.name();
        if name == "script" || name.eq_ignore_ascii_case("foreignObject") {
            self.removed.insert(format!("<{name}> element"));
            return;
        }
        if matches!(
            name,
            "animate" | "set" | "animateMotion" | "animateTransform"
        ) && node
            .attributes()
            .any(|attribute| attribute.name() == "attributeName" && is_link_name(attribute.value()))
        {
            self.removed.insert(format!("<{name}> that changes a link"));
            return;
        }
        if name == "style" {
            let css: String = node.children().filter_map(|child| child.text()).collect();
            if let Some(reason) = unsafe_css(&css) {
                self.removed.insert(format!("<style> element ({reason})"));
                return;
            }
        }

        self.out.push('<');
        self.out.push_str(name);
        self.namespace_declarations(node, parent);
        for attribute in node.attributes() {
            let local = attribute.name();
            let value = attribute.value();
            let prefix = match attribute.namespace() {
                None => "",
                Some(XLINK_NS) => "xlink:",
                Some(XML_NS) => "xml:",
                Some(_) => {
                    self.removed
                        .insert(format!("{local} attribute from another namespace"));
                    continue;
                }
            };
            if let Some(reason) = unsafe_attribute(local, value) {
                self.removed
                    .insert(format!("{prefix}{local} attribute ({reason})"));
                continue;
            }
            let _ = write!(self.out, " {prefix}{local}=\"");
            escape_into(&mut self.out, value, true);
            self.out.push('"');
        }
        let mut children = node.children().peekable();
        if children.peek().is_none() {
            self.out.push_str("/>");
            return;
        }
        self.out.push('>');
        for child in children {
            match child.node_type() {
                NodeType::Element => self.element(child, Some(node)),
                NodeType::Text => escape_into(&mut self.out, child.text().unwrap_or(""), false),
                NodeType::Comment | NodeType::PI | NodeType::Root => {}
            }
        }
        let _ = write!(self.out, "</{name}>");
    }

    /// The root declares the SVG namespace as the default and xlink when any element uses it.
    /// Elements of other namespaces are dropped, so no other declaration is needed.
    fn namespace_declarations(&mut self, node: Node, parent: Option<Node>) {
        if parent.is_none() {
            let _ = write!(self.out, " xmlns=\"{SVG_NS}\"");
            let uses_xlink = node
                .descendants()
                .flat_map(|descendant| descendant.attributes())
                .any(|attribute| attribute.namespace() == Some(XLINK_NS));
            if uses_xlink {
                let _ = write!(self.out, " xmlns:xlink=\"{XLINK_NS}\"");
            }
        }
    }
}

fn is_link_name(name: &str) -> bool {
    let name = name.trim();
    name == "href" || name == "xlink:href"
}

/// Why an attribute must go, or `None` when it may stay.
fn unsafe_attribute(local: &str, value: &str) -> Option<&'static str> {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if local.len() > 2 && local[..2].eq_ignore_ascii_case("on") {
        return Some("runs script");
    }
    if compact.contains("javascript:") || compact.contains("vbscript:") {
        return Some("runs script");
    }
    if local == "href" || local == "src" {
        let inline_raster = [
            "data:image/png",
            "data:image/jpeg",
            "data:image/gif",
            "data:image/webp",
        ]
        .iter()
        .any(|prefix| compact.starts_with(prefix));
        if !(compact.starts_with('#') || inline_raster) {
            return Some("refers outside the file");
        }
    }
    if local == "style" || compact.contains("url(") {
        return unsafe_css(value);
    }
    None
}

/// Why CSS (a `style` attribute or element, or a presentation attribute) must go.
fn unsafe_css(css: &str) -> Option<&'static str> {
    let lower: String = css
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.contains("@import") {
        return Some("imports another file");
    }
    if lower.contains("javascript:") || lower.contains("expression(") {
        return Some("runs script");
    }
    let mut rest = lower.as_str();
    while let Some(start) = rest.find("url(") {
        rest = &rest[start + 4..];
        let target = rest.trim_start_matches(['"', '\'']);
        if !target.starts_with('#') {
            return Some("loads a file from outside");
        }
    }
    None
}

fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

fn dimensions(root: Node) -> (Option<u32>, Option<u32>) {
    let length = |name: &str| root.attribute(name).and_then(pixels);
    let view_box: Option<Vec<f64>> = root.attribute("viewBox").map(|value| {
        value
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|part| !part.is_empty())
            .filter_map(|part| part.parse().ok())
            .collect()
    });
    let from_box = |index: usize| {
        view_box
            .as_ref()
            .filter(|numbers| numbers.len() == 4)
            .and_then(|numbers| to_u32(numbers[index]))
    };
    (
        length("width").or_else(|| from_box(2)),
        length("height").or_else(|| from_box(3)),
    )
}

fn pixels(value: &str) -> Option<u32> {
    let number = value.trim().strip_suffix("px").unwrap_or(value.trim());
    to_u32(number.parse().ok()?)
}

fn to_u32(number: f64) -> Option<u32> {
    (number.is_finite() && number > 0.0 && number < f64::from(u32::MAX))
        .then(|| number.round() as u32)
}
