//! The typed CSS subset an element's styles may use, per breakpoint and state.
//!
//! Values are stored as the CSS text the designer chose (units kept: `2rem` stays `2rem`), after
//! checking that the text is a valid value for its property. Layout resolves units later.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::EngineError;

/// Longest accepted style value, in bytes.
pub const MAX_VALUE_LEN: usize = 2048;

/// Desktop-first breakpoints: tablet inherits base, mobile inherits tablet.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Breakpoint {
    /// The canvas at 1440 px; no media query.
    Base,
    /// `max-width: 991px`, canvas frame 768 px.
    Tablet,
    /// `max-width: 767px`, canvas frame 375 px.
    Mobile,
}

impl Breakpoint {
    /// All breakpoints, widest first (the cascade order).
    pub const ALL: [Breakpoint; 3] = [Self::Base, Self::Tablet, Self::Mobile];

    /// The canvas frame width in CSS pixels.
    pub fn frame_width(self) -> f32 {
        match self {
            Self::Base => 1440.0,
            Self::Tablet => 768.0,
            Self::Mobile => 375.0,
        }
    }

    /// The media query's max-width, if any.
    pub fn max_width(self) -> Option<u32> {
        match self {
            Self::Base => None,
            Self::Tablet => Some(991),
            Self::Mobile => Some(767),
        }
    }

    /// The name used in slots and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Base => "base",
            Self::Tablet => "tablet",
            Self::Mobile => "mobile",
        }
    }
}

/// Interaction state a style applies in.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Always.
    #[default]
    Default,
    /// While the pointer is over the element.
    Hover,
}

impl State {
    /// All states, the default first (the order their CSS rules appear in).
    pub const ALL: [State; 2] = [Self::Default, Self::Hover];

    /// The name used in slots and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::Hover => "hover",
        }
    }
}

/// Where a set of styles applies: a breakpoint and a state. Stored as `base`, `tablet:hover`, …
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    /// The breakpoint.
    pub breakpoint: Breakpoint,
    /// The state.
    pub state: State,
}

impl Slot {
    /// The base breakpoint in the default state.
    pub const BASE: Slot = Slot {
        breakpoint: Breakpoint::Base,
        state: State::Default,
    };

    /// The default state at a breakpoint.
    pub fn at(breakpoint: Breakpoint) -> Self {
        Self {
            breakpoint,
            state: State::Default,
        }
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.state {
            State::Default => f.write_str(self.breakpoint.as_str()),
            State::Hover => write!(f, "{}:hover", self.breakpoint.as_str()),
        }
    }
}

impl FromStr for Slot {
    type Err = EngineError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (bp, state) = match s.split_once(':') {
            Some((bp, "hover")) => (bp, State::Hover),
            Some(_) => {
                return Err(EngineError::invalid(
                    None,
                    "slot",
                    format!("unknown state in {s:?}"),
                ))
            }
            None => (s, State::Default),
        };
        let breakpoint = match bp {
            "base" => Breakpoint::Base,
            "tablet" => Breakpoint::Tablet,
            "mobile" => Breakpoint::Mobile,
            _ => {
                return Err(EngineError::invalid(
                    None,
                    "slot",
                    format!("unknown breakpoint in {s:?}"),
                ))
            }
        };
        Ok(Self { breakpoint, state })
    }
}

impl Serialize for Slot {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Slot {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

/// What values a property takes.
#[derive(Debug, Clone, Copy)]
enum ValueKind {
    /// One of the listed keywords.
    Keyword(&'static [&'static str]),
    /// A length (px, %, em, rem, vw, vh; a bare number means px), or one of the keywords.
    Len {
        keywords: &'static [&'static str],
        negative: bool,
    },
    /// A plain number in a range, or one of the keywords.
    Num {
        min: f64,
        max: f64,
        integer: bool,
        keywords: &'static [&'static str],
    },
    /// A number or a length (line-height).
    NumOrLen(&'static [&'static str]),
    /// A CSS colour.
    Colour,
    /// Free CSS text of a restricted alphabet (font stacks, tracks, shadows, gradients).
    Free,
}

const AUTO: &[&str] = &["auto"];
const NONE: &[&str] = &["none"];
const NO_KEYWORDS: &[&str] = &[];
const ALIGN: &[&str] = &[
    "flex-start",
    "flex-end",
    "center",
    "stretch",
    "baseline",
    "start",
    "end",
];
const JUSTIFY: &[&str] = &[
    "flex-start",
    "flex-end",
    "center",
    "space-between",
    "space-around",
    "space-evenly",
    "start",
    "end",
    "stretch",
];
const OVERFLOW: &[&str] = &["visible", "hidden", "scroll", "auto", "clip"];

macro_rules! properties {
    ($($variant:ident => $css:literal, $kind:expr;)*) => {
        /// A style property of the supported subset, named as in CSS.
        #[cfg_attr(test, derive(ts_rs::TS))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[allow(missing_docs)]
        pub enum Property {
            $(#[serde(rename = $css)] $variant,)*
        }

        impl Property {
            /// Every supported property.
            pub const ALL: &'static [Property] = &[$(Property::$variant,)*];

            /// The CSS name.
            pub fn css_name(self) -> &'static str {
                match self { $(Property::$variant => $css,)* }
            }

            fn kind(self) -> ValueKind {
                match self { $(Property::$variant => $kind,)* }
            }
        }

        impl FromStr for Property {
            type Err = EngineError;
            fn from_str(s: &str) -> Result<Self, EngineError> {
                match s {
                    $($css => Ok(Property::$variant),)*
                    _ => Err(EngineError::invalid(None, "style", format!("unsupported property {:?}", s.chars().take(64).collect::<String>()))),
                }
            }
        }
    };
}

use ValueKind::*;

properties! {
    Display => "display", Keyword(&["flex", "grid", "block", "none"]);
    FlexDirection => "flex-direction", Keyword(&["row", "row-reverse", "column", "column-reverse"]);
    FlexWrap => "flex-wrap", Keyword(&["nowrap", "wrap", "wrap-reverse"]);
    JustifyContent => "justify-content", Keyword(JUSTIFY);
    AlignItems => "align-items", Keyword(ALIGN);
    AlignContent => "align-content", Keyword(JUSTIFY);
    AlignSelf => "align-self", Keyword(&["auto", "flex-start", "flex-end", "center", "stretch", "baseline", "start", "end"]);
    JustifyItems => "justify-items", Keyword(&["start", "end", "center", "stretch"]);
    JustifySelf => "justify-self", Keyword(&["auto", "start", "end", "center", "stretch"]);
    FlexGrow => "flex-grow", Num { min: 0.0, max: 1e6, integer: false, keywords: NO_KEYWORDS };
    FlexShrink => "flex-shrink", Num { min: 0.0, max: 1e6, integer: false, keywords: NO_KEYWORDS };
    FlexBasis => "flex-basis", Len { keywords: AUTO, negative: false };
    Order => "order", Num { min: -1e6, max: 1e6, integer: true, keywords: NO_KEYWORDS };
    Gap => "gap", Len { keywords: NO_KEYWORDS, negative: false };
    RowGap => "row-gap", Len { keywords: NO_KEYWORDS, negative: false };
    ColumnGap => "column-gap", Len { keywords: NO_KEYWORDS, negative: false };
    GridTemplateColumns => "grid-template-columns", Free;
    GridTemplateRows => "grid-template-rows", Free;
    GridAutoColumns => "grid-auto-columns", Free;
    GridAutoRows => "grid-auto-rows", Free;
    GridAutoFlow => "grid-auto-flow", Keyword(&["row", "column", "dense", "row dense", "column dense"]);
    GridColumn => "grid-column", Free;
    GridRow => "grid-row", Free;
    Position => "position", Keyword(&["static", "relative", "absolute", "fixed", "sticky"]);
    Top => "top", Len { keywords: AUTO, negative: true };
    Right => "right", Len { keywords: AUTO, negative: true };
    Bottom => "bottom", Len { keywords: AUTO, negative: true };
    Left => "left", Len { keywords: AUTO, negative: true };
    ZIndex => "z-index", Num { min: -1e6, max: 1e6, integer: true, keywords: AUTO };
    Width => "width", Len { keywords: AUTO, negative: false };
    Height => "height", Len { keywords: AUTO, negative: false };
    MinWidth => "min-width", Len { keywords: AUTO, negative: false };
    MinHeight => "min-height", Len { keywords: AUTO, negative: false };
    MaxWidth => "max-width", Len { keywords: NONE, negative: false };
    MaxHeight => "max-height", Len { keywords: NONE, negative: false };
    AspectRatio => "aspect-ratio", Free;
    BoxSizing => "box-sizing", Keyword(&["border-box", "content-box"]);
    MarginTop => "margin-top", Len { keywords: AUTO, negative: true };
    MarginRight => "margin-right", Len { keywords: AUTO, negative: true };
    MarginBottom => "margin-bottom", Len { keywords: AUTO, negative: true };
    MarginLeft => "margin-left", Len { keywords: AUTO, negative: true };
    PaddingTop => "padding-top", Len { keywords: NO_KEYWORDS, negative: false };
    PaddingRight => "padding-right", Len { keywords: NO_KEYWORDS, negative: false };
    PaddingBottom => "padding-bottom", Len { keywords: NO_KEYWORDS, negative: false };
    PaddingLeft => "padding-left", Len { keywords: NO_KEYWORDS, negative: false };
    Overflow => "overflow", Keyword(OVERFLOW);
    OverflowX => "overflow-x", Keyword(OVERFLOW);
    OverflowY => "overflow-y", Keyword(OVERFLOW);
    FontFamily => "font-family", Free;
    FontSize => "font-size", Len { keywords: NO_KEYWORDS, negative: false };
    FontWeight => "font-weight", Num { min: 1.0, max: 1000.0, integer: false, keywords: &["normal", "bold", "lighter", "bolder"] };
    FontStyle => "font-style", Keyword(&["normal", "italic"]);
    LineHeight => "line-height", NumOrLen(&["normal"]);
    LetterSpacing => "letter-spacing", Len { keywords: &["normal"], negative: true };
    TextAlign => "text-align", Keyword(&["left", "right", "center", "justify", "start", "end"]);
    TextDecoration => "text-decoration", Free;
    TextTransform => "text-transform", Keyword(&["none", "uppercase", "lowercase", "capitalize"]);
    WhiteSpace => "white-space", Keyword(&["normal", "nowrap", "pre", "pre-wrap", "pre-line"]);
    Color => "color", Colour;
    BackgroundColor => "background-color", Colour;
    BackgroundImage => "background-image", Free;
    BackgroundSize => "background-size", Free;
    BackgroundPosition => "background-position", Free;
    BorderTopWidth => "border-top-width", Len { keywords: NO_KEYWORDS, negative: false };
    BorderRightWidth => "border-right-width", Len { keywords: NO_KEYWORDS, negative: false };
    BorderBottomWidth => "border-bottom-width", Len { keywords: NO_KEYWORDS, negative: false };
    BorderLeftWidth => "border-left-width", Len { keywords: NO_KEYWORDS, negative: false };
    BorderStyle => "border-style", Keyword(&["none", "solid", "dashed", "dotted", "double"]);
    BorderColor => "border-color", Colour;
    BorderRadius => "border-radius", Free;
    BoxShadow => "box-shadow", Free;
    Opacity => "opacity", Num { min: 0.0, max: 1.0, integer: false, keywords: NO_KEYWORDS };
    Transform => "transform", Free;
    Transition => "transition", Free;
    Cursor => "cursor", Keyword(&["auto", "default", "pointer", "text", "move", "not-allowed", "grab"]);
    ObjectFit => "object-fit", Keyword(&["fill", "contain", "cover", "none", "scale-down"]);
}

/// The numeric part and unit of a CSS length, e.g. `(2.0, Unit::Rem)` for `2rem`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// Pixels.
    Px(f32),
    /// Percent of the containing block.
    Percent(f32),
    /// Multiples of the element's font size.
    Em(f32),
    /// Multiples of the root font size.
    Rem(f32),
    /// Percent of the frame width.
    Vw(f32),
    /// Percent of the frame height.
    Vh(f32),
    /// A grid track fraction.
    Fr(f32),
}

/// Parses a CSS length such as `12px`, `50%`, `1.5rem` or a bare number (pixels).
pub fn parse_length(text: &str) -> Option<Length> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(text.len());
    let (num, unit) = text.split_at(split);
    if num.is_empty() || num == "-" || num == "+" || num.matches('.').count() > 1 {
        return None;
    }
    let value: f32 = num.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    Some(match unit {
        "" | "px" => Length::Px(value),
        "%" => Length::Percent(value),
        "em" => Length::Em(value),
        "rem" => Length::Rem(value),
        "vw" => Length::Vw(value),
        "vh" => Length::Vh(value),
        "fr" => Length::Fr(value),
        _ => return None,
    })
}

fn is_color(text: &str) -> bool {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    for func in ["rgb(", "rgba(", "hsl(", "hsla(", "var("] {
        if let Some(rest) = t.strip_prefix(func) {
            return rest.ends_with(')')
                && rest[..rest.len() - 1]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b" .,%/-_".contains(&b));
        }
    }
    !t.is_empty() && t.len() <= 32 && t.bytes().all(|b| b.is_ascii_lowercase())
}

/// CSS functions that fetch or build from something other than a plain `url()`: refused.
const FETCHING: [&str; 7] = [
    "image-set(",
    "-webkit-image-set(",
    "image(",
    "cross-fade(",
    "element(",
    "src(",
    "expression(",
];

/// Free CSS text: printable; balanced parentheses and quotes; nothing that ends a declaration
/// or a block (`;`, `{`, `}`), no comment, escape or at-rule; and every `url(…)` names what a
/// source may name (`source::check_source`: an asset of the library, a site path or a small
/// inline picture), so a value never leaves its property or fetches from a place an image
/// could not. An address on another host is refused before this, with its own reason
/// ([`fetches_from_another_host`]): a style is the page's, not a picture the designer placed.
fn is_safe_text(text: &str) -> bool {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (_, c) if c.is_control() => return false,
            (_, ';' | '{' | '}' | '<' | '>' | '\\' | '@' | '`') => return false,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    let lower = text.to_ascii_lowercase();
    depth == 0
        && quote.is_none()
        && !text.trim().is_empty()
        && !lower.contains("/*")
        && !lower.contains("*/")
        && !FETCHING.iter().any(|f| lower.contains(f))
        && urls_are_sources(text, &lower)
}

/// Whether a `url(…)` in `text` names an address on another host (`http:`, `https:`).
fn fetches_from_another_host(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("url(") {
        let start = from + at + 4;
        let inner = lower[start..].trim_start().trim_start_matches(['"', '\'']);
        if inner.starts_with("http:") || inner.starts_with("https:") {
            return true;
        }
        from = start;
    }
    false
}

/// Whether every `url(…)` in `text` holds an accepted source.
fn urls_are_sources(text: &str, lower: &str) -> bool {
    let mut from = 0;
    while let Some(at) = lower[from..].find("url(") {
        let start = from + at + 4;
        let Some(len) = text[start..].find(')') else {
            return false;
        };
        let inner = text[start..start + len].trim();
        let inner = inner
            .strip_prefix('"')
            .and_then(|i| i.strip_suffix('"'))
            .or_else(|| inner.strip_prefix('\'').and_then(|i| i.strip_suffix('\'')))
            .unwrap_or(inner);
        if crate::source::check_source(crate::element::ElementKind::Image, None, "src", inner)
            .is_err()
        {
            return false;
        }
        from = start + len;
    }
    true
}

/// A style value as given by a command: CSS text, or a number (pixels for lengths).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RawValue {
    /// A number.
    Number(f64),
    /// CSS text.
    Text(String),
}

/// Checks a value against its property and returns the CSS text to store.
pub fn normalize(
    property: Property,
    raw: &RawValue,
    element: Option<&str>,
) -> Result<String, EngineError> {
    let field = property.css_name();
    let fail = |reason: String| EngineError::invalid(element, field, reason);
    let text = match raw {
        RawValue::Number(n) if !n.is_finite() => return Err(fail("not a finite number".into())),
        RawValue::Number(n) => match property.kind() {
            Len { .. } => format!("{n}px"),
            _ => format!("{n}"),
        },
        RawValue::Text(t) => t.trim().to_owned(),
    };
    // A design token as the whole value (`token.rs`): its form here; that it exists and fits
    // is the planner's check, which knows the tokens.
    if crate::token::check_reference(property, &text, element)?.is_some() {
        return Ok(text);
    }
    // A bare number typed into a length (`16`) means pixels, as in Webflow; it is stored as
    // `16px` so the canvas, the layout and the export read the same value.
    let text = match property.kind() {
        Len { .. } if is_bare_number(&text) => format!("{text}px"),
        Free if property == Property::BorderRadius && is_bare_number(&text) => format!("{text}px"),
        _ => text,
    };
    if text.len() > MAX_VALUE_LEN {
        return Err(fail(format!("longer than {MAX_VALUE_LEN} bytes")));
    }
    let ok = match property.kind() {
        Keyword(words) => words.contains(&text.as_str()),
        Len { keywords, negative } => {
            keywords.contains(&text.as_str())
                || match parse_length(&text) {
                    Some(Length::Fr(_)) => false,
                    Some(l) => negative || !is_negative(l),
                    None => false,
                }
        }
        Num {
            min,
            max,
            integer,
            keywords,
        } => {
            keywords.contains(&text.as_str())
                || text
                    .parse::<f64>()
                    .ok()
                    .filter(|v| {
                        v.is_finite() && *v >= min && *v <= max && (!integer || v.fract() == 0.0)
                    })
                    .is_some()
        }
        NumOrLen(keywords) => {
            keywords.contains(&text.as_str())
                || text
                    .parse::<f64>()
                    .map(|v| v.is_finite() && v >= 0.0)
                    .unwrap_or(false)
                || parse_length(&text)
                    .is_some_and(|l| !is_negative(l) && !matches!(l, Length::Fr(_)))
        }
        Colour => is_color(&text),
        Free => {
            if fetches_from_another_host(&text) {
                return Err(fail(
                    "a style may not load from another site (it would tell that site who views \
                     the page): add the picture to the assets and use it from there"
                        .into(),
                ));
            }
            is_safe_text(&text)
        }
    };
    if ok {
        Ok(text)
    } else {
        Err(fail(format!(
            "{:?} is not a valid value",
            text.chars().take(64).collect::<String>()
        )))
    }
}

/// `16`, `-4`, `1.5`: a number without a unit.
fn is_bare_number(text: &str) -> bool {
    !text.is_empty() && text.parse::<f64>().is_ok_and(f64::is_finite) && !text.contains(['e', 'E'])
}

fn is_negative(l: Length) -> bool {
    match l {
        Length::Px(v)
        | Length::Percent(v)
        | Length::Em(v)
        | Length::Rem(v)
        | Length::Vw(v)
        | Length::Vh(v)
        | Length::Fr(v) => v < 0.0,
    }
}

/// A property's value in force at a breakpoint, and the breakpoint whose slot set it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CascadedValue {
    /// The CSS text.
    pub value: String,
    /// The breakpoint that declared it: the one asked for, or a wider one it inherits from.
    pub from: Breakpoint,
}

/// The default-state declarations in force at `breakpoint`: desktop-first, so tablet inherits
/// base and mobile inherits tablet, and the narrowest breakpoint that declares a property wins.
/// Each value says where it came from (the properties panel dims inherited values).
pub fn cascade(
    styles: &BTreeMap<Slot, BTreeMap<Property, String>>,
    breakpoint: Breakpoint,
) -> BTreeMap<Property, CascadedValue> {
    let mut out = BTreeMap::new();
    for bp in Breakpoint::ALL.into_iter().filter(|bp| *bp <= breakpoint) {
        if let Some(set) = styles.get(&Slot::at(bp)) {
            for (property, value) in set {
                out.insert(
                    *property,
                    CascadedValue {
                        value: value.clone(),
                        from: bp,
                    },
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(p: Property, v: &str) -> Result<String, EngineError> {
        normalize(p, &RawValue::Text(v.into()), Some("e1"))
    }

    fn styles(slots: &[(&str, Property, &str)]) -> BTreeMap<Slot, BTreeMap<Property, String>> {
        let mut out: BTreeMap<Slot, BTreeMap<Property, String>> = BTreeMap::new();
        for (slot, p, v) in slots {
            out.entry(slot.parse().unwrap())
                .or_default()
                .insert(*p, (*v).to_owned());
        }
        out
    }

    fn at(
        styles: &BTreeMap<Slot, BTreeMap<Property, String>>,
        bp: Breakpoint,
        p: Property,
    ) -> Option<(String, Breakpoint)> {
        cascade(styles, bp).remove(&p).map(|c| (c.value, c.from))
    }

    #[test]
    fn cascade_inherits_from_wider_breakpoints_and_the_narrowest_wins() {
        let s = styles(&[
            ("base", Property::Width, "100px"),
            ("base", Property::Color, "red"),
            ("tablet", Property::Width, "50%"),
            ("mobile", Property::Color, "blue"),
        ]);
        assert_eq!(
            at(&s, Breakpoint::Base, Property::Width),
            Some(("100px".into(), Breakpoint::Base))
        );
        assert_eq!(
            at(&s, Breakpoint::Tablet, Property::Width),
            Some(("50%".into(), Breakpoint::Tablet))
        );
        assert_eq!(
            at(&s, Breakpoint::Tablet, Property::Color),
            Some(("red".into(), Breakpoint::Base))
        );
        // Mobile inherits tablet's width, not base's.
        assert_eq!(
            at(&s, Breakpoint::Mobile, Property::Width),
            Some(("50%".into(), Breakpoint::Tablet))
        );
        assert_eq!(
            at(&s, Breakpoint::Mobile, Property::Color),
            Some(("blue".into(), Breakpoint::Mobile))
        );
        // A narrower breakpoint never leaks into a wider one.
        assert_eq!(
            at(&s, Breakpoint::Base, Property::Color),
            Some(("red".into(), Breakpoint::Base))
        );
        assert_eq!(at(&s, Breakpoint::Base, Property::Height), None);
    }

    #[test]
    fn cascade_ignores_hover_slots() {
        let s = styles(&[
            ("base:hover", Property::Color, "red"),
            ("tablet", Property::Width, "1px"),
        ]);
        let base = cascade(&s, Breakpoint::Base);
        assert!(base.is_empty(), "{base:?}");
        assert_eq!(cascade(&s, Breakpoint::Mobile).len(), 1);
    }

    #[test]
    fn a_bare_number_in_a_length_is_stored_as_pixels() {
        assert_eq!(check(Property::PaddingTop, "16").as_deref(), Ok("16px"));
        assert_eq!(check(Property::MarginLeft, " -4 ").as_deref(), Ok("-4px"));
        assert_eq!(check(Property::Width, "12.5").as_deref(), Ok("12.5px"));
        assert_eq!(check(Property::BorderRadius, "8").as_deref(), Ok("8px"));
        // A unitless line height is a multiplier, and a count stays a count.
        assert_eq!(check(Property::LineHeight, "1.5").as_deref(), Ok("1.5"));
        assert_eq!(check(Property::FlexGrow, "1").as_deref(), Ok("1"));
        assert!(check(Property::PaddingTop, "1e3").is_err());
    }

    #[test]
    fn accepts_the_subset() {
        assert_eq!(check(Property::Display, "flex").as_deref(), Ok("flex"));
        assert_eq!(check(Property::Width, " 2rem ").as_deref(), Ok("2rem"));
        assert_eq!(check(Property::MarginTop, "-12px").as_deref(), Ok("-12px"));
        assert_eq!(check(Property::MaxWidth, "none").as_deref(), Ok("none"));
        assert_eq!(check(Property::Color, "#ff00aa").as_deref(), Ok("#ff00aa"));
        assert_eq!(
            check(Property::Color, "rgba(0, 0, 0, 0.5)").as_deref(),
            Ok("rgba(0, 0, 0, 0.5)")
        );
        assert!(check(Property::GridTemplateColumns, "repeat(3, minmax(0, 1fr))").is_ok());
        assert!(check(
            Property::BackgroundImage,
            "linear-gradient(90deg, #fff, #000)"
        )
        .is_ok());
        let asset = format!("url(asset:{})", "ab".repeat(32));
        for ok in [
            asset.as_str(),
            "url(\"/images/hero.png\"), linear-gradient(#fff, #000)",
        ] {
            assert!(check(Property::BackgroundImage, ok).is_ok(), "{ok}");
        }
        assert!(check(
            Property::FontFamily,
            "\"Helvetica Neue\", 'Segoe UI', sans-serif"
        )
        .is_ok());
        assert_eq!(
            normalize(Property::Width, &RawValue::Number(120.0), None).as_deref(),
            Ok("120px")
        );
        assert_eq!(
            normalize(Property::Opacity, &RawValue::Number(0.5), None).as_deref(),
            Ok("0.5")
        );
    }

    #[test]
    fn refuses_bad_values() {
        for (p, v) in [
            (Property::Display, "inline"),
            (Property::Width, "12pt"),
            (Property::PaddingTop, "-1px"),
            (Property::Width, "NaN"),
            (Property::Opacity, "2"),
            (Property::ZIndex, "1.5"),
            (Property::Color, "#ggg"),
            (Property::BoxShadow, "0 0 1px red; background: url(x)"),
            (Property::FontFamily, "x} body {color: red"),
            (Property::FontFamily, ""),
            (Property::FontFamily, "\"Inter, sans-serif"),
            (Property::FontFamily, "Inter /* x */"),
            (Property::BackgroundImage, "url(javascript:alert(1))"),
            (Property::BackgroundImage, "url(//evil.example/beacon)"),
            (
                Property::BackgroundImage,
                "url('https://cdn.example.com/a.png')",
            ),
            (
                Property::BackgroundImage,
                "URL( \"HTTP://cdn.example.com/a.png\")",
            ),
            (
                Property::BackgroundImage,
                "url(\"https://x.example/a.png\" ) , url(data:text/html,x)",
            ),
            (
                Property::BackgroundImage,
                "image-set(\"https://evil.example/a.png\" 1x)",
            ),
            (
                Property::BackgroundImage,
                "url(https://evil.example/beacon); position: fixed",
            ),
        ] {
            assert!(
                matches!(check(p, v), Err(EngineError::InvalidValue { .. })),
                "{p:?} {v}"
            );
        }
        assert!(normalize(Property::Width, &RawValue::Number(f64::NAN), None).is_err());
        assert!(normalize(Property::Width, &RawValue::Number(f64::INFINITY), None).is_err());
    }

    #[test]
    fn slots_round_trip() {
        for s in ["base", "tablet", "mobile", "base:hover", "mobile:hover"] {
            assert_eq!(s.parse::<Slot>().unwrap().to_string(), s);
        }
        assert!("desktop".parse::<Slot>().is_err());
        assert!("base:focus".parse::<Slot>().is_err());
    }

    #[test]
    fn every_property_parses_back_from_its_name() {
        for p in Property::ALL {
            assert_eq!(p.css_name().parse::<Property>().ok(), Some(*p));
        }
    }
}
