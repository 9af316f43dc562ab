//! The style-mapping kernel: an element's cascaded CSS text → a Taffy style, with em, rem, vw
//! and vh resolved to pixels from the frame and font sizes. Pure: plain data in, plain data out.

use std::collections::{BTreeMap, HashMap};

use taffy::prelude::*;
use taffy::style::{GridTemplateComponent, GridTemplateTracks, Overflow, TrackSizingFunction};

use crate::element::{Element, ElementKind, Scalar};
use crate::style::{parse_length, Breakpoint, Length, Property, Slot, State};
use crate::token::{Token, TokenId};

/// The frame an element is laid out in: its width and height set `vw`/`vh`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Frame width in CSS pixels.
    pub width: f32,
    /// Frame height in CSS pixels.
    pub height: f32,
}

/// Root font size (`rem`), as browsers default.
pub const ROOT_FONT_SIZE: f32 = 16.0;

/// Text properties an element inherits from its parent, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Font {
    /// `font-family` text.
    pub family: String,
    /// Pixels.
    pub size: f32,
    /// `font-weight` text.
    pub weight: String,
    /// `font-style` text.
    pub style: String,
    /// `line-height` as CSS text (`normal`, a number, or px after resolution).
    pub line_height: String,
    /// `letter-spacing` in px, or `normal`.
    pub letter_spacing: String,
    /// `white-space`.
    pub white_space: String,
    /// `text-transform`.
    pub text_transform: String,
}

impl Default for Font {
    fn default() -> Self {
        Self {
            family: "\"DejaVu Sans\"".into(),
            size: ROOT_FONT_SIZE,
            weight: "400".into(),
            style: "normal".into(),
            line_height: "normal".into(),
            letter_spacing: "normal".into(),
            white_space: "normal".into(),
            text_transform: "none".into(),
        }
    }
}

/// The declarations that apply at a breakpoint (desktop-first: base, then tablet, then mobile),
/// default state only: hover never changes layout on the canvas.
pub fn cascade(el: &Element, breakpoint: Breakpoint) -> BTreeMap<Property, &str> {
    let mut out = BTreeMap::new();
    for bp in Breakpoint::ALL {
        if let Some(set) = el.styles.get(&Slot {
            breakpoint: bp,
            state: State::Default,
        }) {
            out.extend(set.iter().map(|(p, v)| (*p, v.as_str())));
        }
        if bp == breakpoint {
            break;
        }
    }
    out
}

/// [`cascade`] with every design token resolved to its value (`token::resolve`): what
/// layout and measuring read, so changing a token relayouts every element using it.
pub fn cascade_resolved<'a>(
    el: &'a Element,
    breakpoint: Breakpoint,
    tokens: &'a HashMap<TokenId, Token>,
) -> BTreeMap<Property, &'a str> {
    cascade(el, breakpoint)
        .into_iter()
        .filter_map(|(property, value)| {
            crate::token::resolve(property, value, tokens).map(|v| (property, v))
        })
        .collect()
}

/// The one declaration of `property` that applies at a breakpoint: what [`cascade`] would hold
/// for it, without building the whole map.
pub fn declared(el: &Element, breakpoint: Breakpoint, property: Property) -> Option<&str> {
    // Breakpoints are ordered widest first (`Base < Tablet < Mobile`): the narrowest that
    // applies and declares the property wins.
    Breakpoint::ALL
        .iter()
        .rev()
        .filter(|bp| **bp <= breakpoint)
        .find_map(|bp| {
            el.styles
                .get(&Slot {
                    breakpoint: *bp,
                    state: State::Default,
                })?
                .get(&property)
        })
        .map(String::as_str)
}

/// Resolves lengths against a frame and font sizes.
#[derive(Debug, Clone, Copy)]
pub struct Units {
    /// The frame.
    pub frame: Frame,
    /// The element's own font size (for `em`).
    pub font_size: f32,
}

impl Units {
    fn px(&self, l: Length) -> Option<f32> {
        Some(match l {
            Length::Px(v) => v,
            Length::Em(v) => v * self.font_size,
            Length::Rem(v) => v * ROOT_FONT_SIZE,
            Length::Vw(v) => v * self.frame.width / 100.0,
            Length::Vh(v) => v * self.frame.height / 100.0,
            Length::Percent(_) | Length::Fr(_) => return None,
        })
    }

    fn lpa(&self, text: Option<&str>, default: LengthPercentageAuto) -> LengthPercentageAuto {
        match text {
            Some("auto") => LengthPercentageAuto::auto(),
            Some(t) => match parse_length(t) {
                Some(Length::Percent(p)) => LengthPercentageAuto::percent(p / 100.0),
                Some(l) => self.px(l).map_or(default, LengthPercentageAuto::length),
                None => default,
            },
            None => default,
        }
    }

    fn lp(&self, text: Option<&str>) -> LengthPercentage {
        match text.and_then(parse_length) {
            Some(Length::Percent(p)) => LengthPercentage::percent(p / 100.0),
            Some(l) => LengthPercentage::length(self.px(l).unwrap_or(0.0)),
            None => LengthPercentage::length(0.0),
        }
    }

    fn dim(&self, text: Option<&str>) -> Dimension {
        match text {
            None | Some("auto") | Some("none") => Dimension::auto(),
            Some(t) => match parse_length(t) {
                Some(Length::Percent(p)) => Dimension::percent(p / 100.0),
                Some(l) => self.px(l).map_or(Dimension::auto(), Dimension::length),
                None => Dimension::auto(),
            },
        }
    }
}

/// The element's font size given its parent's, from `font-size` if set.
pub fn font_size(decl: &BTreeMap<Property, &str>, parent: f32, frame: Frame) -> f32 {
    match decl.get(&Property::FontSize).and_then(|t| parse_length(t)) {
        Some(Length::Percent(p)) => parent * p / 100.0,
        Some(Length::Em(v)) => parent * v,
        Some(l) => Units {
            frame,
            font_size: parent,
        }
        .px(l)
        .unwrap_or(parent),
        None => parent,
    }
}

/// The element's inherited text properties, given its parent's.
pub fn font(decl: &BTreeMap<Property, &str>, parent: &Font, frame: Frame) -> Font {
    let size = font_size(decl, parent.size, frame);
    let units = Units {
        frame,
        font_size: size,
    };
    let text = |p: Property, inherited: &String| {
        decl.get(&p)
            .map_or_else(|| inherited.clone(), |v| (*v).to_owned())
    };
    let line_height = match decl.get(&Property::LineHeight) {
        Some(&"normal") => "normal".to_owned(),
        Some(t) if t.parse::<f32>().is_ok() => (*t).to_owned(),
        Some(t) => match parse_length(t) {
            Some(Length::Percent(p)) => format!("{}px", size * p / 100.0),
            Some(l) => units
                .px(l)
                .map_or_else(|| parent.line_height.clone(), |v| format!("{v}px")),
            None => parent.line_height.clone(),
        },
        None => parent.line_height.clone(),
    };
    let letter_spacing = match decl.get(&Property::LetterSpacing) {
        Some(&"normal") => "normal".to_owned(),
        Some(t) => parse_length(t)
            .and_then(|l| units.px(l))
            .map_or_else(|| parent.letter_spacing.clone(), |v| format!("{v}px")),
        None => parent.letter_spacing.clone(),
    };
    Font {
        family: text(Property::FontFamily, &parent.family),
        size,
        weight: text(Property::FontWeight, &parent.weight),
        style: text(Property::FontStyle, &parent.style),
        line_height,
        letter_spacing,
        white_space: text(Property::WhiteSpace, &parent.white_space),
        text_transform: text(Property::TextTransform, &parent.text_transform),
    }
}

fn tracks(text: Option<&str>) -> Vec<GridTemplateComponent<String>> {
    text.and_then(|t| {
        zero_lengths_in_px(t)
            .parse::<GridTemplateTracks<String, GridTemplateComponent<String>>>()
            .ok()
    })
    .map(|t| t.tracks)
    .unwrap_or_default()
}

fn auto_tracks(text: Option<&str>) -> Vec<TrackSizingFunction> {
    text.and_then(|t| {
        zero_lengths_in_px(t)
            .parse::<GridTemplateTracks<String, TrackSizingFunction>>()
            .ok()
    })
    .map(|t| t.tracks)
    .unwrap_or_default()
}

/// A track list with every bare `0` written `0px`: CSS lets a zero length go without a unit
/// (`minmax(0, 1fr)`, the usual way to keep content from widening a column), Taffy's parser
/// does not. A `0` inside a longer token (`10px`, `0.5fr`) is left as it is.
fn zero_lengths_in_px(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        out.push_str(if token == "0" { "0px" } else { token });
        token.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '%' || c == '-' || c == '_' {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

fn placement(text: Option<&str>) -> Line<GridPlacement<String>> {
    let Some(text) = text else {
        return Line {
            start: GridPlacement::Auto,
            end: GridPlacement::Auto,
        };
    };
    let mut parts = text.splitn(2, '/').map(str::trim);
    let start = parts
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(GridPlacement::Auto);
    let end = parts
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(GridPlacement::Auto);
    Line { start, end }
}

fn number(text: Option<&&str>, default: f32) -> f32 {
    text.and_then(|t| t.parse::<f32>().ok())
        .filter(|v| v.is_finite())
        .unwrap_or(default)
}

fn align_items(text: Option<&&str>) -> Option<AlignItems> {
    text?.parse().ok()
}

fn align_content(text: Option<&&str>) -> Option<AlignContent> {
    text?.parse().ok()
}

fn overflow(text: Option<&&str>) -> Overflow {
    match text.copied() {
        Some("hidden") => Overflow::Hidden,
        Some("scroll") | Some("auto") => Overflow::Scroll,
        Some("clip") => Overflow::Clip,
        _ => Overflow::Visible,
    }
}

/// Numeric prop (an image's natural width, say).
fn prop_number(el: &Element, key: &str) -> Option<f32> {
    match el.props.get(key)? {
        Scalar::Number(n) => Some(*n as f32),
        Scalar::Text(t) => t.parse().ok(),
        Scalar::Bool(_) => None,
    }
}

/// The layout a `display` declaration gives: block unless it says flex, grid or none
/// (docs/architecture.md, "No inline layout in the engine").
pub fn display(declared: Option<&str>) -> Display {
    match declared {
        Some("flex") => Display::Flex,
        Some("grid") => Display::Grid,
        Some("none") => Display::None,
        _ => Display::Block,
    }
}

/// CSS transfers a min or max limit through `aspect-ratio` only to a dimension whose size is
/// automatic (css-sizing-4 §5.2.1): `width: 400px; aspect-ratio: 1; max-height: 200px` is
/// 400 × 200 in Chromium. Taffy transfers the limit whenever the other axis declares none, and so
/// shrinks (or grows) the explicit width. An axis with an explicit size therefore gets limits of
/// its own that limit nothing, so there is nothing to transfer into it. (A percentage height is
/// often indefinite and then acts as automatic, so it keeps the transfer; a percentage width
/// resolves against the containing block.)
fn keep_explicit_sizes_from_transferred_limits(style: &mut Style) {
    let unset = |l: LengthPercentageAuto| l.is_auto();
    let width = style.size.width;
    if !width.is_auto() && !width.is_sizing_keyword() {
        if unset(style.max_size.width) && !unset(style.max_size.height) {
            style.max_size.width = LengthPercentageAuto::length(f32::INFINITY);
        }
        if unset(style.min_size.width) && !unset(style.min_size.height) {
            style.min_size.width = LengthPercentageAuto::length(0.0);
        }
    }
    if style.size.height.into_option().is_some() {
        if unset(style.max_size.height) && !unset(style.max_size.width) {
            style.max_size.height = LengthPercentageAuto::length(f32::INFINITY);
        }
        if unset(style.min_size.height) && !unset(style.min_size.width) {
            style.min_size.height = LengthPercentageAuto::length(0.0);
        }
    }
}

/// Maps an element's declarations to a Taffy style. `parent` is the display of the element's
/// parent where the mapping depends on it (a button's width), `None` elsewhere.
pub fn taffy_style(
    el: &Element,
    decl: &BTreeMap<Property, &str>,
    units: Units,
    parent: Option<Display>,
) -> Style {
    let get = |p: Property| decl.get(&p).copied();
    let mut style = Style {
        display: display(get(Property::Display)),
        // The shared reset makes every box border-box; an element's own style may say otherwise.
        box_sizing: match get(Property::BoxSizing) {
            Some("content-box") => taffy::style::BoxSizing::ContentBox,
            _ => taffy::style::BoxSizing::BorderBox,
        },
        position: match get(Property::Position) {
            Some("absolute") | Some("fixed") => Position::Absolute,
            Some("relative") | Some("sticky") => Position::Relative,
            _ => Position::Static,
        },
        ..Style::default()
    };
    let edge = |p: Property| units.lpa(get(p), LengthPercentageAuto::auto());
    style.inset = Rect {
        left: edge(Property::Left),
        right: edge(Property::Right),
        top: edge(Property::Top),
        bottom: edge(Property::Bottom),
    };
    style.size = Size {
        width: units.dim(get(Property::Width)),
        height: units.dim(get(Property::Height)),
    };
    style.min_size = Size {
        width: units.lpa(get(Property::MinWidth), LengthPercentageAuto::auto()),
        height: units.lpa(get(Property::MinHeight), LengthPercentageAuto::auto()),
    };
    style.max_size = Size {
        width: units.lpa(get(Property::MaxWidth), LengthPercentageAuto::auto()),
        height: units.lpa(get(Property::MaxHeight), LengthPercentageAuto::auto()),
    };
    if get(Property::MaxWidth) == Some("none") {
        style.max_size.width = LengthPercentageAuto::auto();
    }
    if get(Property::MaxHeight) == Some("none") {
        style.max_size.height = LengthPercentageAuto::auto();
    }
    style.aspect_ratio = get(Property::AspectRatio).and_then(|t| {
        let mut parts = t.split('/').map(|p| p.trim().parse::<f32>().ok());
        match (parts.next().flatten(), parts.next()) {
            (Some(w), Some(Some(h))) if h > 0.0 => Some(w / h),
            (Some(r), None) => Some(r),
            _ => None,
        }
    });
    if style.aspect_ratio.is_some() {
        keep_explicit_sizes_from_transferred_limits(&mut style);
    }
    let zero = LengthPercentageAuto::length(0.0);
    style.margin = Rect {
        left: units.lpa(get(Property::MarginLeft), zero),
        right: units.lpa(get(Property::MarginRight), zero),
        top: units.lpa(get(Property::MarginTop), zero),
        bottom: units.lpa(get(Property::MarginBottom), zero),
    };
    style.padding = Rect {
        left: units.lp(get(Property::PaddingLeft)),
        right: units.lp(get(Property::PaddingRight)),
        top: units.lp(get(Property::PaddingTop)),
        bottom: units.lp(get(Property::PaddingBottom)),
    };
    // Borders count unless their style is `none`. CSS's initial style is `none`, but the shared
    // reset (web/src/canvas/reset.css) makes every border `0 solid`, so a width alone draws one.
    let border_drawn = get(Property::BorderStyle) != Some("none");
    let border = |p: Property| {
        if border_drawn {
            units.lp(get(p))
        } else {
            LengthPercentage::length(0.0)
        }
    };
    style.border = Rect {
        left: border(Property::BorderLeftWidth),
        right: border(Property::BorderRightWidth),
        top: border(Property::BorderTopWidth),
        bottom: border(Property::BorderBottomWidth),
    };
    style.overflow = taffy::geometry::Point {
        x: overflow(
            decl.get(&Property::OverflowX)
                .or(decl.get(&Property::Overflow)),
        ),
        y: overflow(
            decl.get(&Property::OverflowY)
                .or(decl.get(&Property::Overflow)),
        ),
    };
    style.scrollbar_width = 0.0;
    style.flex_direction = match get(Property::FlexDirection) {
        Some("row-reverse") => FlexDirection::RowReverse,
        Some("column") => FlexDirection::Column,
        Some("column-reverse") => FlexDirection::ColumnReverse,
        _ => FlexDirection::Row,
    };
    style.flex_wrap = match get(Property::FlexWrap) {
        Some("wrap") => FlexWrap::Wrap,
        Some("wrap-reverse") => FlexWrap::WrapReverse,
        _ => FlexWrap::NoWrap,
    };
    style.flex_grow = number(decl.get(&Property::FlexGrow), 0.0);
    style.flex_shrink = number(decl.get(&Property::FlexShrink), 1.0);
    style.flex_basis = units.dim(get(Property::FlexBasis));
    style.align_items = align_items(decl.get(&Property::AlignItems)).unwrap_or_default();
    style.align_self = match get(Property::AlignSelf) {
        Some("auto") | None => None,
        other => align_items(other.as_ref()),
    };
    style.justify_items = align_items(decl.get(&Property::JustifyItems)).unwrap_or_default();
    style.justify_self = match get(Property::JustifySelf) {
        Some("auto") | None => None,
        other => align_items(other.as_ref()),
    };
    style.align_content = align_content(decl.get(&Property::AlignContent)).unwrap_or_default();
    style.justify_content = align_content(decl.get(&Property::JustifyContent)).unwrap_or_default();
    let gap = get(Property::Gap).map(|g| units.lp(Some(g)));
    style.gap = Size {
        width: get(Property::ColumnGap)
            .map(|g| units.lp(Some(g)))
            .or(gap)
            .unwrap_or(LengthPercentage::length(0.0)),
        height: get(Property::RowGap)
            .map(|g| units.lp(Some(g)))
            .or(gap)
            .unwrap_or(LengthPercentage::length(0.0)),
    };
    style.grid_template_columns = tracks(get(Property::GridTemplateColumns));
    style.grid_template_rows = tracks(get(Property::GridTemplateRows));
    style.grid_auto_columns = auto_tracks(get(Property::GridAutoColumns));
    style.grid_auto_rows = auto_tracks(get(Property::GridAutoRows));
    style.grid_auto_flow = match get(Property::GridAutoFlow) {
        Some("column") => GridAutoFlow::Column,
        Some("row dense") | Some("dense") => GridAutoFlow::RowDense,
        Some("column dense") => GridAutoFlow::ColumnDense,
        _ => GridAutoFlow::Row,
    };
    style.grid_column = placement(get(Property::GridColumn));
    style.grid_row = placement(get(Property::GridRow));
    // A button's automatic width in block layout is its fit-content width, not the stretch of
    // other block-level boxes (HTML, "The button element" rendering rules); as a flex or grid
    // item, or positioned absolutely, it is sized like any other box.
    if el.kind == ElementKind::Button
        && parent == Some(Display::Block)
        && style.position != Position::Absolute
        && style.size.width.is_auto()
    {
        style.size.width = Dimension::fit_content();
    }
    // Replaced elements take their natural size from props (width/height attributes).
    if matches!(el.kind, ElementKind::Image | ElementKind::Video) {
        style.item_is_replaced = true;
        let (w, h) = match el.kind {
            ElementKind::Video => (
                prop_number(el, "width").unwrap_or(300.0),
                prop_number(el, "height").unwrap_or(150.0),
            ),
            _ => (
                prop_number(el, "width").unwrap_or(0.0),
                prop_number(el, "height").unwrap_or(0.0),
            ),
        };
        if style.aspect_ratio.is_none() && w > 0.0 && h > 0.0 {
            style.aspect_ratio = Some(w / h);
        }
    }
    style
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn element(styles: serde_json::Value) -> Element {
        serde_json::from_value(json!({"id": "e", "kind": "container", "page": "p",
            "parent": "b", "order": "a0", "styles": styles}))
        .expect("element")
    }

    const TABLET: Frame = Frame {
        width: 768.0,
        height: 1000.0,
    };

    #[test]
    fn the_narrower_breakpoint_wins_and_hover_never_applies() {
        let el = element(json!({
            "base": {"width": "100px", "height": "10px"},
            "tablet": {"width": "50px"},
            "base:hover": {"height": "99px"}
        }));
        let tablet = cascade(&el, Breakpoint::Tablet);
        assert_eq!(tablet.get(&Property::Width), Some(&"50px"));
        assert_eq!(tablet.get(&Property::Height), Some(&"10px"));
        assert_eq!(
            cascade(&el, Breakpoint::Base).get(&Property::Width),
            Some(&"100px")
        );
        // Mobile inherits tablet, which it does not override.
        assert_eq!(
            declared(&el, Breakpoint::Mobile, Property::Width),
            Some("50px")
        );
        assert_eq!(
            declared(&el, Breakpoint::Mobile, Property::Height),
            Some("10px")
        );
    }

    #[test]
    fn relative_units_resolve_to_pixels_from_the_frame_and_the_font() {
        let el = element(json!({"base": {
            "width": "50vw", "height": "10vh", "margin-left": "2em", "padding-top": "1.5rem"
        }}));
        let decl = cascade(&el, Breakpoint::Tablet);
        let units = Units {
            frame: TABLET,
            font_size: 20.0,
        };
        let style = taffy_style(&el, &decl, units, None);
        assert_eq!(style.size.width, Dimension::length(384.0));
        assert_eq!(style.size.height, Dimension::length(100.0));
        assert_eq!(style.margin.left, LengthPercentageAuto::length(40.0));
        assert_eq!(style.padding.top, LengthPercentage::length(24.0));
    }

    #[test]
    fn a_font_size_in_em_or_percent_scales_the_parents_not_the_root() {
        let frame = TABLET;
        let em = element(json!({"base": {"font-size": "1.5em"}}));
        let percent = element(json!({"base": {"font-size": "50%"}}));
        let rem = element(json!({"base": {"font-size": "2rem"}}));
        let size = |el: &Element| font_size(&cascade(el, Breakpoint::Base), 20.0, frame);
        assert_eq!(size(&em), 30.0);
        assert_eq!(size(&percent), 10.0);
        assert_eq!(size(&rem), 32.0);
    }

    #[test]
    fn a_border_width_counts_unless_its_style_is_none() {
        let units = Units {
            frame: TABLET,
            font_size: 16.0,
        };
        let drawn = element(json!({"base": {"border-top-width": "3px"}}));
        let none = element(json!({"base": {"border-top-width": "3px", "border-style": "none"}}));
        let top = |el: &Element| {
            taffy_style(el, &cascade(el, Breakpoint::Base), units, None)
                .border
                .top
        };
        assert_eq!(top(&drawn), LengthPercentage::length(3.0));
        assert_eq!(top(&none), LengthPercentage::length(0.0));
    }

    #[test]
    fn a_bare_zero_in_a_track_list_is_a_length() {
        assert_eq!(
            zero_lengths_in_px("repeat(3, minmax(0, 1fr))"),
            "repeat(3, minmax(0px, 1fr))"
        );
        assert_eq!(zero_lengths_in_px("10px 0.5fr 0"), "10px 0.5fr 0px");
        // Three equal columns, not one: the template parses.
        assert_eq!(tracks(Some("repeat(3, minmax(0, 1fr))")).len(), 1);
        assert_eq!(tracks(Some("minmax(0,1fr) minmax(0,1fr)")).len(), 2);
        assert_eq!(auto_tracks(Some("minmax(0, 1fr)")).len(), 1);
    }

    #[test]
    fn unknown_display_values_are_block_and_max_width_none_is_no_limit() {
        assert_eq!(display(Some("inline-block")), Display::Block);
        assert_eq!(display(None), Display::Block);
        let el = element(json!({"base": {"max-width": "none", "display": "grid"}}));
        let style = taffy_style(
            &el,
            &cascade(&el, Breakpoint::Base),
            Units {
                frame: TABLET,
                font_size: 16.0,
            },
            None,
        );
        assert_eq!(style.display, Display::Grid);
        assert_eq!(style.max_size.width, LengthPercentageAuto::auto());
    }
}
