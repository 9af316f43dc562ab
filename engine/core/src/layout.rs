//! Layout: a Taffy tree mirrored from the active page, patched from deltas, with text measured
//! by the host, and every element's absolute box kept in an R-tree for hit tests, marquee and
//! snapping.
//!
//! The browser positions the canvas's real DOM; these boxes serve what must not ask the DOM
//! (docs/architecture.md, "Who positions the canvas"). Taffy's rounding is off: boxes are exact, and
//! the host rounds when it paints.

pub mod drop_target;
pub mod spatial;
mod style_map;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use taffy::prelude::*;
use taffy::tree::LayoutInput;

use crate::component;
use crate::element::{Element, ElementKind, Scalar};
use crate::id::{ElementId, PageId};
use crate::state::State;
use crate::style::{parse_length, Breakpoint, Length, Property};
pub use spatial::{Edges, Guide, GuideKind, Rect as BoxRect, SnapRequest, SnapResult, Spatial};
pub use style_map::{Font, Frame};

/// What the host must measure: a text leaf's content in its resolved font.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TextRequest {
    /// The text.
    pub text: String,
    /// A text element's runs (`rich_text.rs`) when it has marks or line breaks: the host lays
    /// them out as the canvas draws them (`<strong>` is wider, `<br>` starts a line). Their
    /// text is transformed like `text`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(optional, as = "Option<Vec<crate::rich_text::Run>>"))]
    pub runs: Vec<crate::rich_text::Run>,
    /// The resolved font.
    pub font: FontSpec,
}

/// A resolved font, as CSS text the host can apply directly.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FontSpec {
    /// `font-family`.
    pub family: String,
    /// `font-size` in px, as text.
    pub size: String,
    /// `font-weight`.
    pub weight: String,
    /// `font-style`.
    pub style: String,
    /// `line-height`.
    pub line_height: String,
    /// `letter-spacing`.
    pub letter_spacing: String,
    /// `white-space`.
    pub white_space: String,
    /// `text-transform`.
    pub text_transform: String,
}

impl From<&Font> for FontSpec {
    fn from(f: &Font) -> Self {
        Self {
            family: f.family.clone(),
            size: format!("{}px", f.size),
            weight: f.weight.clone(),
            style: f.style.clone(),
            line_height: f.line_height.clone(),
            letter_spacing: f.letter_spacing.clone(),
            white_space: f.white_space.clone(),
            text_transform: f.text_transform.clone(),
        }
    }
}

/// Measures text the way the host draws it. `max_width` is `None` for max-content.
pub trait TextMeasurer {
    /// Width and height of the text laid out within `max_width`.
    fn measure(&mut self, request: &TextRequest, max_width: Option<f32>) -> (f32, f32);
}

/// A measurer for hosts without fonts (server, tests): a fixed advance per character and a
/// line height of 1.2 em, wrapping at spaces; a text element's line break (in its runs) starts
/// a new line. Not what a browser draws.
#[derive(Debug, Default, Clone, Copy)]
pub struct MonospaceMeasurer;

impl TextMeasurer for MonospaceMeasurer {
    fn measure(&mut self, request: &TextRequest, max_width: Option<f32>) -> (f32, f32) {
        if request.runs.is_empty() {
            return monospace(request, &request.text, max_width);
        }
        // A last line break draws no line of its own, as in Chromium.
        let text = crate::rich_text::plain(&request.runs);
        text.strip_suffix('\n')
            .unwrap_or(&text)
            .split('\n')
            .map(|line| monospace(request, line, max_width))
            .fold((0.0, 0.0), |(w, h), (lw, lh)| (w.max(lw), h + lh))
    }
}

/// One paragraph of [`MonospaceMeasurer`]: `text` without line breaks of its own.
fn monospace(request: &TextRequest, text: &str, max_width: Option<f32>) -> (f32, f32) {
    let size: f32 = request
        .font
        .size
        .trim_end_matches("px")
        .parse()
        .unwrap_or(16.0);
    let advance = size * 0.6;
    let line = size * 1.2;
    let words: Vec<usize> = text.split_whitespace().map(|w| w.chars().count()).collect();
    if words.is_empty() {
        return (0.0, line);
    }
    let max_chars = max_width.map(|w| (w / advance).floor().max(1.0) as usize);
    let (mut lines, mut current, mut widest) = (1usize, 0usize, 0usize);
    for w in words {
        let next = if current == 0 { w } else { current + 1 + w };
        match max_chars {
            Some(max) if next > max && current > 0 => {
                widest = widest.max(current);
                lines += 1;
                current = w;
            }
            _ => current = next,
        }
    }
    widest = widest.max(current);
    (widest as f32 * advance, lines as f32 * line)
}

/// One element's absolute box, in page coordinates (CSS px, unrounded).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Box {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// What a layout pass changed.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LayoutResult {
    /// Boxes that are new or moved, by element.
    pub boxes: BTreeMap<ElementId, Box>,
    /// Elements that no longer have a box.
    pub removed: Vec<ElementId>,
}

enum Leaf {
    Text(std::boxed::Box<TextRequest>),
    /// An image or video: its natural size, and whether a percentage width or max-width makes
    /// it compressible (its min-content contribution is zero, css-sizing-3 §5.2.2).
    Replaced {
        width: f32,
        height: f32,
        compressible: bool,
    },
}

/// What each Taffy node carries: its element, and what a leaf measures.
struct NodeData {
    id: ElementId,
    leaf: Option<Leaf>,
}

/// The layout of one page at one breakpoint.
pub struct Layout {
    tree: TaffyTree<NodeData>,
    nodes: HashMap<ElementId, NodeId>,
    fonts: HashMap<ElementId, Font>,
    page: Option<PageId>,
    breakpoint: Breakpoint,
    frame: Frame,
    dirty: BTreeSet<ElementId>,
    rebuild: bool,
    /// Boxes are up to date with everything marked since: `update` has nothing to do.
    computed: bool,
    /// Each element's box and the pass that last saw it (boxes unseen by a pass are gone).
    boxes: HashMap<ElementId, (Box, u32)>,
    pass: u32,
    spatial: Spatial,
    measurer: std::boxed::Box<dyn TextMeasurer>,
    text_cache: HashMap<(TextRequest, u32), (f32, f32)>,
}

impl Default for Layout {
    fn default() -> Self {
        Self::new(std::boxed::Box::new(MonospaceMeasurer))
    }
}

impl Layout {
    /// An empty layout measuring text with `measurer`.
    pub fn new(measurer: std::boxed::Box<dyn TextMeasurer>) -> Self {
        let mut tree = TaffyTree::new();
        tree.disable_rounding();
        Self {
            tree,
            nodes: HashMap::new(),
            fonts: HashMap::new(),
            page: None,
            breakpoint: Breakpoint::Base,
            frame: Frame {
                width: Breakpoint::Base.frame_width(),
                height: 900.0,
            },
            dirty: BTreeSet::new(),
            rebuild: true,
            computed: false,
            boxes: HashMap::new(),
            pass: 0,
            spatial: Spatial::default(),
            measurer,
            text_cache: HashMap::new(),
        }
    }

    /// Replaces the text measurer (and forgets measured text).
    pub fn set_measurer(&mut self, measurer: std::boxed::Box<dyn TextMeasurer>) {
        self.measurer = measurer;
        self.text_cache.clear();
        self.rebuild = true;
    }

    /// Lays out `page` (default: the first page) from now on.
    pub fn set_page(&mut self, page: Option<PageId>) {
        if self.page != page {
            self.page = page;
            self.rebuild = true;
        }
    }

    /// The page laid out.
    pub fn page(&self) -> Option<&PageId> {
        self.page.as_ref()
    }

    /// Lays out at `breakpoint`, in its frame width (and `frame_height` for `vh`).
    pub fn set_breakpoint(&mut self, breakpoint: Breakpoint, frame_height: f32) {
        let frame = Frame {
            width: breakpoint.frame_width(),
            height: frame_height,
        };
        if self.breakpoint != breakpoint || self.frame != frame {
            self.breakpoint = breakpoint;
            self.frame = frame;
            self.rebuild = true;
        }
    }

    /// The active breakpoint.
    pub fn breakpoint(&self) -> Breakpoint {
        self.breakpoint
    }

    /// Marks elements whose record or children changed (from the engine's deltas).
    pub fn mark(&mut self, ids: impl IntoIterator<Item = ElementId>) {
        self.dirty.extend(ids);
    }

    /// Forgets the tree so the next update builds it afresh (the text cache stays).
    pub fn invalidate(&mut self) {
        self.rebuild = true;
    }

    /// Every box of the last pass: the laid-out page's (or master's) elements, shown copies
    /// inside instances included.
    pub fn boxes(&self) -> impl Iterator<Item = (&ElementId, &Box)> {
        self.boxes.iter().map(|(id, (b, _))| (id, b))
    }

    /// The element's last computed box.
    pub fn box_of(&self, id: &ElementId) -> Option<&Box> {
        self.boxes.get(id).map(|(b, _)| b)
    }

    /// The spatial index over the boxes as of its last refresh (see [`Layout::update_for_queries`]).
    pub fn spatial(&self) -> &Spatial {
        &self.spatial
    }

    /// [`Layout::update`], then brings the spatial index up to date for hit tests, marquee,
    /// drop targets and snapping. Layout passes alone leave the index to catch up here.
    pub fn update_for_queries(&mut self, state: &State) {
        self.update(state);
        self.spatial.refresh(&self.boxes);
    }

    /// The element laid out at the top: see [`root_of`].
    pub(crate) fn root(&self, state: &State) -> Option<ElementId> {
        root_of(state, self.page.as_ref())
    }

    /// Brings the layout up to date with `state`: restyles what changed (and descendants whose
    /// inherited font changed), relays out, and returns the boxes that moved.
    pub fn update(&mut self, state: &State) -> LayoutResult {
        // Hit tests and snaps ask for an up-to-date layout on every pointer move: when nothing
        // changed since the last pass, that costs nothing.
        if self.computed && !self.rebuild && self.dirty.is_empty() {
            return LayoutResult::default();
        }
        self.computed = true;
        let Some(root) = self.root(state) else {
            let removed = self.boxes.drain().map(|(id, _)| id).collect();
            self.computed = false;
            self.tree.clear();
            self.nodes.clear();
            self.fonts.clear();
            self.spatial = Spatial::default();
            self.dirty.clear();
            return LayoutResult {
                boxes: BTreeMap::new(),
                removed,
            };
        };
        if self.rebuild || !self.nodes.contains_key(&root) {
            self.tree.clear();
            self.nodes.clear();
            self.fonts.clear();
            self.dirty.clear();
            self.rebuild = false;
            self.build(state, &root);
        } else if !self.dirty.is_empty() {
            self.patch(state);
        }
        self.compute(&root)
    }

    fn build(&mut self, state: &State, root: &ElementId) {
        let mut stack = vec![(root.clone(), Font::default())];
        let mut order = Vec::new();
        while let Some((id, parent_font)) = stack.pop() {
            let Some(el) = state.get(&id) else {
                continue;
            };
            let (style, leaf, font) = self.style_of(state, el, &parent_font);
            let data = NodeData {
                id: id.clone(),
                leaf,
            };
            let node = self.tree.new_leaf_with_context(style, data);
            let Ok(node) = node else { continue };
            self.nodes.insert(id.clone(), node);
            for child in state.children(&id).iter().rev() {
                stack.push((child.clone(), font.clone()));
            }
            self.fonts.insert(id.clone(), font);
            order.push(id);
        }
        for id in order {
            self.set_children(state, &id);
        }
    }

    fn set_children(&mut self, state: &State, id: &ElementId) {
        let Some(&node) = self.nodes.get(id) else {
            return;
        };
        let mut kids: Vec<(i32, NodeId)> = state
            .children(id)
            .iter()
            .filter_map(|c| Some((0, *self.nodes.get(c)?)))
            .collect();
        // Flex and grid lay their items out in `order`-modified document order (css-flexbox-1
        // §5.4, css-grid-1 §8.3); Taffy takes the order of its children, so sort them (stably).
        let lays_out_items = self
            .tree
            .style(node)
            .is_ok_and(|s| matches!(s.display, Display::Flex | Display::Grid));
        if lays_out_items {
            for ((order, _), child) in kids.iter_mut().zip(state.children(id)) {
                *order = state
                    .get(child)
                    .and_then(|el| style_map::declared(el, self.breakpoint, Property::Order))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
            }
            kids.sort_by_key(|(order, _)| *order);
        }
        let kids: Vec<NodeId> = kids.into_iter().map(|(_, node)| node).collect();
        let _ = self.tree.set_children(node, &kids);
    }

    fn style_of(
        &self,
        state: &State,
        el: &Element,
        parent_font: &Font,
    ) -> (Style, Option<Leaf>, Font) {
        let decl = style_map::cascade_resolved(el, self.breakpoint, &state.tokens);
        let font = style_map::font(&decl, parent_font, self.frame);
        let units = style_map::Units {
            frame: self.frame,
            font_size: font.size,
        };
        let parent_display = (el.kind == ElementKind::Button)
            .then(|| state.parent(&el.id).and_then(|p| state.get(p)))
            .flatten()
            .map(|p| {
                style_map::display(style_map::declared(p, self.breakpoint, Property::Display))
            });
        let mut style = style_map::taffy_style(el, &decl, units, parent_display);
        if el.kind == ElementKind::Body {
            style.size.width = Dimension::length(self.frame.width);
        }
        let has_children = !state.children(&el.id).is_empty();
        let leaf = if el.kind.has_text() && !has_children {
            let text = apply_transform(&el.content, &font.text_transform);
            let rich =
                el.kind == ElementKind::Text && (!el.runs.is_empty() || el.content.contains('\n'));
            let runs = if rich {
                crate::rich_text::runs_of(&el.content, &el.runs)
                    .into_iter()
                    .map(|r| crate::rich_text::Run {
                        text: apply_transform(&r.text, &font.text_transform),
                        ..r
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Some(Leaf::Text(std::boxed::Box::new(TextRequest {
                text,
                runs,
                font: FontSpec::from(&font),
            })))
        } else if matches!(el.kind, ElementKind::Image | ElementKind::Video) {
            let n = |k: &str, d: f32| match el.props.get(k) {
                Some(Scalar::Number(v)) => *v as f32,
                Some(Scalar::Text(t)) => t.parse().unwrap_or(d),
                _ => d,
            };
            let d = if el.kind == ElementKind::Video {
                (300.0, 150.0)
            } else {
                (0.0, 0.0)
            };
            let percent = |p: Property| {
                decl.get(&p)
                    .and_then(|v| parse_length(v))
                    .is_some_and(|l| matches!(l, Length::Percent(_)))
            };
            Some(Leaf::Replaced {
                width: n("width", d.0),
                height: n("height", d.1),
                compressible: percent(Property::Width) || percent(Property::MaxWidth),
            })
        } else {
            None
        };
        (style, leaf, font)
    }

    fn patch(&mut self, state: &State) {
        let dirty = std::mem::take(&mut self.dirty);
        let mut restyle: Vec<ElementId> = Vec::new();
        let mut rechild: BTreeSet<ElementId> = BTreeSet::new();
        for id in &dirty {
            let on_page = state
                .get(id)
                .is_some_and(|e| Some(&e.page) == self.page.as_ref().or(Some(&e.page)));
            if !on_page || !self.in_tree(state, id) {
                if let Some(node) = self.nodes.remove(id) {
                    let _ = self.tree.remove(node);
                    self.fonts.remove(id);
                }
                continue;
            }
            if !self.nodes.contains_key(id) {
                let data = NodeData {
                    id: id.clone(),
                    leaf: None,
                };
                if let Ok(node) = self.tree.new_leaf_with_context(Style::default(), data) {
                    self.nodes.insert(id.clone(), node);
                }
            }
            restyle.push(id.clone());
            rechild.insert(id.clone());
            if let Some(p) = state.parent(id) {
                rechild.insert(p.clone());
            }
        }
        // Parents before children, so inherited fonts are ready.
        restyle.sort_by_key(|id| depth(state, id));
        let mut queue: std::collections::VecDeque<ElementId> = restyle.into();
        let mut seen = BTreeSet::new();
        while let Some(id) = queue.pop_front() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let Some(el) = state.get(&id) else {
                continue;
            };
            let Some(&node) = self.nodes.get(&id) else {
                continue;
            };
            let parent_font = state
                .parent(&id)
                .and_then(|p| self.fonts.get(p))
                .cloned()
                .unwrap_or_default();
            let (style, leaf, font) = self.style_of(state, el, &parent_font);
            // Children inherit the font, and a child's mapping may depend on this display.
            let display_changed = self.tree.style(node).map(|s| s.display) != Ok(style.display);
            let _ = self.tree.set_style(node, style);
            let _ = self.tree.set_node_context(
                node,
                Some(NodeData {
                    id: id.clone(),
                    leaf,
                }),
            );
            let font_changed = self.fonts.get(&id) != Some(&font);
            if font_changed || display_changed {
                queue.extend(state.children(&id).iter().cloned());
            }
            if font_changed {
                self.fonts.insert(id.clone(), font);
            }
        }
        for id in rechild {
            self.set_children(state, &id);
        }
    }

    fn in_tree(&self, state: &State, id: &ElementId) -> bool {
        let Some(root) = self.root(state) else {
            return false;
        };
        let mut cur = Some(id);
        let mut steps = 0;
        while let Some(c) = cur {
            if c == &root {
                return true;
            }
            steps += 1;
            if steps > state.shown_count() {
                return false;
            }
            cur = state.parent(c);
        }
        false
    }

    fn compute(&mut self, root: &ElementId) -> LayoutResult {
        let Some(&root_node) = self.nodes.get(root) else {
            return LayoutResult::default();
        };
        let space = Size {
            width: AvailableSpace::Definite(self.frame.width),
            height: AvailableSpace::MaxContent,
        };
        let measurer = &mut self.measurer;
        let cache = &mut self.text_cache;
        let _ = self.tree.compute_layout_with_measure(
            root_node,
            space,
            |input: LayoutInput, _node, data, style| {
                let leaf = data.and_then(|d| d.leaf.as_mut());
                measure_leaf(input, style, leaf, &mut **measurer, cache)
            },
        ) as Result<(), taffy::TaffyError>;
        // Page boxes: walk the tree adding each node's location to its origin, patching the
        // stored boxes in place (no map is rebuilt, no id cloned unless a box is new). An
        // in-flow box is placed in its parent; an absolutely positioned one in its containing
        // block, the nearest positioned ancestor (else the root), which Taffy lays it out in.
        let mut result = LayoutResult::default();
        self.pass = self.pass.wrapping_add(1);
        let pass = self.pass;
        // Taffy's own tree is walked (each node names its element): no lookup by id but the box.
        let mut stack: Vec<(NodeId, Origins)> = vec![(root_node, Origins::default())];
        while let Some((node, origins)) = stack.pop() {
            let (Ok(style), Some(data)) = (self.tree.style(node), self.tree.get_node_context(node))
            else {
                continue;
            };
            if style.display == Display::None {
                continue;
            }
            let (ox, oy) = if style.position == Position::Absolute {
                origins.containing_block
            } else {
                origins.parent
            };
            let l = self.tree.unrounded_layout(node);
            let b = Box {
                x: ox + l.location.x,
                y: oy + l.location.y,
                width: l.size.width,
                height: l.size.height,
            };
            let id = &data.id;
            match self.boxes.get_mut(id) {
                Some((old, seen)) => {
                    *seen = pass;
                    if *old != b {
                        *old = b;
                        result.boxes.insert(id.clone(), b);
                    }
                }
                None => {
                    self.boxes.insert(id.clone(), (b, pass));
                    result.boxes.insert(id.clone(), b);
                }
            }
            let children = Origins {
                parent: (b.x, b.y),
                containing_block: if style.position != Position::Static || node == root_node {
                    (b.x, b.y)
                } else {
                    origins.containing_block
                },
            };
            stack.extend(self.tree.child_ids(node).map(|child| (child, children)));
        }
        if self.boxes.len() > self.nodes.len() || self.boxes.values().any(|(_, seen)| *seen != pass)
        {
            self.boxes.retain(|id, (_, seen)| {
                if *seen != pass {
                    result.removed.push(id.clone());
                }
                *seen == pass
            });
        }
        result.removed.sort();
        self.spatial.apply(&result);
        result
    }
}

/// The element laid out at the top for `page` (`None`: the first page): the page's body, or,
/// when `page` names a component (a master root's id, which is also the page id its master
/// elements carry), that master root. The editor shows one master at a time on the canvas this
/// way; the master root has no body above it, so it is the root that hit tests, drop targets
/// and snapping see.
pub(crate) fn root_of(state: &State, page: Option<&PageId>) -> Option<ElementId> {
    let page = match page {
        Some(p) => match state.pages.get(p) {
            Some(page) => page,
            None => {
                let root = ElementId(p.0.clone());
                return state
                    .elements
                    .get(&root)
                    .is_some_and(component::is_master_root)
                    .then_some(root);
            }
        },
        None => *state.pages_in_order().first()?,
    };
    Some(page.root.clone()).filter(|r| state.elements.contains_key(r))
}

/// Where a node's Taffy location is measured from, in page coordinates: its parent's border box
/// for an in-flow box, its containing block's for an absolutely positioned one.
#[derive(Debug, Clone, Copy, Default)]
struct Origins {
    parent: (f32, f32),
    containing_block: (f32, f32),
}

/// Lays out a node without children: an empty box, a text leaf or a replaced element.
fn measure_leaf(
    input: LayoutInput,
    style: &Style,
    leaf: Option<&mut Leaf>,
    measurer: &mut dyn TextMeasurer,
    cache: &mut HashMap<(TextRequest, u32), (f32, f32)>,
) -> taffy::LayoutOutput {
    let mut output = taffy::compute_leaf_layout(
        input,
        style,
        |_, _| 0.0,
        |known, available| {
            // `known` is the border box. Text wraps, and an image scales, within the content
            // box: where a dimension is known, Taffy has made `available` that size less the
            // padding, border and scrollbar gutter.
            let known = Size {
                width: known
                    .width
                    .and(available.width.into_option().map(|w| w.max(0.0))),
                height: known
                    .height
                    .and(available.height.into_option().map(|h| h.max(0.0))),
            };
            match leaf.as_deref() {
                Some(Leaf::Text(request)) => {
                    let max_width = match available.width {
                        AvailableSpace::Definite(w) => Some(w.max(0.0)),
                        AvailableSpace::MinContent => Some(0.0),
                        AvailableSpace::MaxContent => None,
                    };
                    let key = (
                        (**request).clone(),
                        max_width.map_or(u32::MAX, |w| (w * 64.0) as u32),
                    );
                    let (w, h) = *cache
                        .entry(key)
                        .or_insert_with(|| measurer.measure(request, max_width));
                    Size {
                        width: known.width.unwrap_or(w),
                        height: known.height.unwrap_or(h),
                    }
                }
                Some(&Leaf::Replaced {
                    width: w,
                    height: h,
                    compressible,
                }) => match (known.width, known.height) {
                    (Some(kw), Some(kh)) => Size {
                        width: kw,
                        height: kh,
                    },
                    // A compressible replaced element contributes nothing to a min-content size.
                    (None, None)
                        if compressible && available.width == AvailableSpace::MinContent =>
                    {
                        Size::ZERO
                    }
                    (Some(kw), None) if w > 0.0 => Size {
                        width: kw,
                        height: kw * h / w,
                    },
                    (None, Some(kh)) if h > 0.0 => Size {
                        width: kh * w / h,
                        height: kh,
                    },
                    (None, None) => constrained_natural_size(&input, style, w, h),
                    _ => Size {
                        width: known.width.unwrap_or(w),
                        height: known.height.unwrap_or(h),
                    },
                },
                None => Size::ZERO,
            }
        },
    );
    // Flex layout measures an item's hypothetical cross size and base size in content-size
    // mode, where Taffy ignores `aspect-ratio`. CSS still sizes an auto dimension of a box with
    // a preferred aspect ratio through the ratio (css-sizing-4 §2.1; css-flexbox-1 §9.2 3.B),
    // so transfer the known dimension here, never below the content.
    if input.sizing_mode == taffy::SizingMode::ContentSize {
        if let Some(ratio) = style.aspect_ratio.filter(|r| r.is_finite() && *r > 0.0) {
            match (input.known_dimensions.width, input.known_dimensions.height) {
                (Some(w), None) if style.size.height.is_auto() => {
                    output.size.height = output.size.height.max(w / ratio);
                }
                (None, Some(h)) if style.size.width.is_auto() => {
                    output.size.width = output.size.width.max(h * ratio);
                }
                _ => {}
            }
        }
    }
    // Taffy's leaf takes the larger of its clamped height and its width through the ratio, so
    // the ratio overrides a set height and `max-height`. In CSS the ratio only sizes an automatic
    // height (at least the content's), within `min-height` and `max-height`: `height: 50px;
    // aspect-ratio: 2; min-width: 300px` is 300 × 50 in Chromium, and `width: 400px;
    // aspect-ratio: 1; max-height: 200px` is 400 × 200.
    if input.sizing_mode == taffy::SizingMode::InherentSize && style.aspect_ratio.is_some() {
        let (min, max) = height_limits(&input, style);
        let set = input
            .known_dimensions
            .height
            .or_else(|| set_height(&input, style));
        output.size.height = set.unwrap_or(output.size.height).min(max).max(min);
    }
    output
}

/// Padding plus border, top and bottom.
fn vertical_padding_border(input: &LayoutInput, style: &Style) -> f32 {
    use taffy::util::ResolveOrZero;
    let no_calc = |_: *const (), _: f32| 0.0;
    (style
        .padding
        .resolve_or_zero(input.parent_size.width, no_calc)
        + style
            .border
            .resolve_or_zero(input.parent_size.width, no_calc))
    .vertical_axis_sum()
}

/// What `box-sizing` adds to a declared height to make it a border-box height.
fn border_box_adjustment(input: &LayoutInput, style: &Style) -> f32 {
    match style.box_sizing {
        taffy::style::BoxSizing::BorderBox => 0.0,
        taffy::style::BoxSizing::ContentBox => vertical_padding_border(input, style),
    }
}

/// The border-box height the styles set (before min and max), if they set one.
fn set_height(input: &LayoutInput, style: &Style) -> Option<f32> {
    use taffy::util::MaybeResolve;
    let no_calc = |_: *const (), _: f32| 0.0;
    let height: Option<f32> = style
        .size
        .height
        .maybe_resolve(input.parent_size.height, no_calc);
    Some(height? + border_box_adjustment(input, style))
}

/// A box's least and most border-box height: `min-height` (which wins a conflict) and
/// `max-height` (unbounded when none), never below its padding and border.
fn height_limits(input: &LayoutInput, style: &Style) -> (f32, f32) {
    use taffy::util::MaybeResolve;
    let no_calc = |_: *const (), _: f32| 0.0;
    let resolve = |l: LengthPercentageAuto| -> Option<f32> {
        l.maybe_resolve(input.parent_size.height, no_calc)
    };
    let adjust = border_box_adjustment(input, style);
    let floor = vertical_padding_border(input, style);
    let min = resolve(style.min_size.height)
        .map_or(0.0, |m| m + adjust)
        .max(floor);
    let max = resolve(style.max_size.height).map_or(f32::INFINITY, |m| m + adjust);
    (min, max.max(min))
}

/// A replaced element's content size when both its width and height are auto: the natural
/// size, scaled to honour min/max widths and heights while keeping the ratio where it can
/// (CSS 2.1 §10.4, the constraint table for replaced elements). Taffy would clamp one
/// dimension and keep the other natural.
fn constrained_natural_size(input: &LayoutInput, style: &Style, w: f32, h: f32) -> Size<f32> {
    use taffy::util::{MaybeResolve, ResolveOrZero};
    let no_calc = |_: *const (), _: f32| 0.0;
    let inset = (style
        .padding
        .resolve_or_zero(input.parent_size.width, no_calc)
        + style
            .border
            .resolve_or_zero(input.parent_size.width, no_calc))
    .sum_axes();
    // Border-box limits include the padding and border; the natural size is the content's.
    let inset = match style.box_sizing {
        taffy::style::BoxSizing::BorderBox => inset,
        taffy::style::BoxSizing::ContentBox => Size::ZERO,
    };
    let content = |s: Size<Option<f32>>| Size {
        width: s.width.map(|v| (v - inset.width).max(0.0)),
        height: s.height.map(|v| (v - inset.height).max(0.0)),
    };
    let min = content(style.min_size.maybe_resolve(input.parent_size, no_calc));
    let max = content(style.max_size.maybe_resolve(input.parent_size, no_calc));
    // Scale to a width or a height, keeping the ratio (a zero natural size has none to keep).
    let to_width = |(cw, ch): (f32, f32), nw: f32| (nw, if cw > 0.0 { ch * nw / cw } else { ch });
    let to_height = |(cw, ch): (f32, f32), nh: f32| (if ch > 0.0 { cw * nh / ch } else { cw }, nh);
    let mut size = (w, h);
    if let Some(m) = max.width.filter(|m| size.0 > *m) {
        size = to_width(size, m);
    }
    if let Some(m) = max.height.filter(|m| size.1 > *m) {
        size = to_height(size, m);
    }
    if let Some(m) = min.width.filter(|m| size.0 < *m) {
        size = to_width(size, m);
    }
    if let Some(m) = min.height.filter(|m| size.1 < *m) {
        size = to_height(size, m);
    }
    Size {
        width: size.0,
        height: size.1,
    }
}

fn depth(state: &State, id: &ElementId) -> usize {
    let mut d = 0;
    let mut cur = state.parent(id);
    while let Some(p) = cur {
        d += 1;
        if d > state.shown_count() {
            break;
        }
        cur = state.parent(p);
    }
    d
}

fn apply_transform(text: &str, transform: &str) -> String {
    match transform {
        "uppercase" => text.to_uppercase(),
        "lowercase" => text.to_lowercase(),
        // The first letter of each word, where a word starts after anything but a letter, a
        // digit or an apostrophe ("don't", "3rd" and "o'neil" keep their inner letters), as
        // Chromium does.
        "capitalize" => {
            let mut out = String::with_capacity(text.len());
            let mut prev: Option<char> = None;
            for c in text.chars() {
                let starts_word =
                    prev.is_none_or(|p| !(p.is_alphanumeric() || p == '\'' || p == '’'));
                if c.is_alphabetic() && starts_word {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                prev = Some(c);
            }
            out
        }
        _ => text.to_owned(),
    }
}
