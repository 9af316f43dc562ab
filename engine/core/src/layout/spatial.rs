//! The spatial index: every laid-out element's absolute box in an R-tree, for hit testing,
//! marquee selection and snapping. Queries visit the boxes near the question, never all of them.

use std::collections::{BTreeSet, HashMap};

use rstar::{Envelope, PointDistance, RTree, RTreeObject, AABB};
use serde::{Deserialize, Serialize};

use super::{Box, LayoutResult};
use crate::element::ElementKind;
use crate::id::ElementId;
use crate::state::State;

/// A rectangle in page coordinates.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl Rect {
    /// A rectangle from its corner and size.
    pub fn new(x: f32, y: f32, width: f32, height: f32) -> Self {
        Self {
            x,
            y,
            width,
            height,
        }
    }
    fn right(&self) -> f32 {
        self.x + self.width
    }
    fn bottom(&self) -> f32 {
        self.y + self.height
    }
    fn aabb(&self) -> AABB<[f32; 2]> {
        AABB::from_corners([self.x, self.y], [self.right(), self.bottom()])
    }
}

impl From<Box> for Rect {
    fn from(b: Box) -> Self {
        Self {
            x: b.x,
            y: b.y,
            width: b.width,
            height: b.height,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Entry {
    id: ElementId,
    rect: Rect,
}

impl RTreeObject for Entry {
    type Envelope = AABB<[f32; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.rect.aabb()
    }
}

impl PointDistance for Entry {
    fn distance_2(&self, point: &[f32; 2]) -> f32 {
        self.envelope().distance_2(point)
    }
    fn contains_point(&self, point: &[f32; 2]) -> bool {
        self.envelope().contains_point(point)
    }
}

/// Which edges a resize moves.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edges {
    /// The left edge moves.
    #[serde(default)]
    pub left: bool,
    /// The right edge moves.
    #[serde(default)]
    pub right: bool,
    /// The top edge moves.
    #[serde(default)]
    pub top: bool,
    /// The bottom edge moves.
    #[serde(default)]
    pub bottom: bool,
}

/// A snap question: where the host would put a box, and how close counts.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapRequest {
    /// The element being moved or resized (it and its descendants are not targets).
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub id: Option<ElementId>,
    /// The proposed box, in page coordinates.
    pub rect: Rect,
    /// For a resize, the edges that move; absent for a move.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub resize: Option<Edges>,
    /// Canvas zoom (screen px per page px).
    #[serde(default = "one")]
    pub zoom: f32,
    /// Snap distance in screen pixels.
    #[serde(default = "six")]
    pub threshold: f32,
}

fn one() -> f32 {
    1.0
}
fn six() -> f32 {
    6.0
}

/// What a guide shows.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuideKind {
    /// Edges aligned.
    Edge,
    /// Centres aligned.
    Center,
    /// Equal gaps between neighbours.
    Spacing,
}

/// A line to draw: vertical at `x = at` from `from` to `to` for axis `x`; horizontal for `y`.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Guide {
    /// What it shows.
    pub kind: GuideKind,
    /// `x` for a vertical line, `y` for a horizontal one.
    #[cfg_attr(test, ts(type = "\"x\" | \"y\""))]
    pub axis: char,
    /// Position on the axis.
    pub at: f32,
    /// Start along the line.
    pub from: f32,
    /// End along the line.
    pub to: f32,
}

/// The snapped box and the guides to draw.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapResult {
    /// The box after snapping.
    pub rect: Rect,
    /// Horizontal correction applied.
    pub dx: f32,
    /// Vertical correction applied.
    pub dy: f32,
    /// Guides, empty when nothing snapped.
    pub guides: Vec<Guide>,
}

/// The R-tree and the boxes it holds. Layout passes only note what changed; the tree catches up
/// when it is next asked ([`Spatial::refresh`]), so a pass that moves every box below an edit
/// costs the index nothing until a hit test or snap needs it, and edits in a row are paid for
/// once.
#[derive(Default)]
pub struct Spatial {
    tree: RTree<Entry>,
    rects: HashMap<ElementId, Rect>,
    pending: Pending,
}

/// What the tree has not caught up with yet.
#[derive(Default)]
enum Pending {
    /// Nothing: the tree holds the boxes of the last pass.
    #[default]
    Nothing,
    /// These elements' boxes moved, appeared or went.
    Some(BTreeSet<ElementId>),
    /// So many boxes changed that the tree is loaded afresh.
    All,
}

impl Spatial {
    /// Notes a layout pass's moved, new and removed boxes for the next refresh.
    pub(super) fn apply(&mut self, result: &LayoutResult) {
        let changed = result.boxes.keys().chain(&result.removed);
        match &mut self.pending {
            Pending::All => {}
            // Many moved boxes (a section grew and everything below it moved): one bulk load
            // beats thousands of removals and insertions, and noting them costs nothing.
            _ if self.rects.is_empty()
                || (result.boxes.len() + result.removed.len()) * 4 > self.rects.len().max(64) =>
            {
                self.pending = Pending::All;
            }
            Pending::Some(ids) => {
                ids.extend(changed.cloned());
                if ids.len() * 4 > self.rects.len().max(64) {
                    self.pending = Pending::All;
                }
            }
            Pending::Nothing => {
                let ids: BTreeSet<ElementId> = changed.cloned().collect();
                if !ids.is_empty() {
                    self.pending = Pending::Some(ids);
                }
            }
        }
    }

    /// Brings the tree up to date with `boxes` (the layout's current boxes).
    pub(super) fn refresh(&mut self, boxes: &HashMap<ElementId, (Box, u32)>) {
        match std::mem::take(&mut self.pending) {
            Pending::Nothing => {}
            Pending::All => {
                let entries: Vec<Entry> = boxes
                    .iter()
                    .map(|(id, (b, _))| Entry {
                        id: id.clone(),
                        rect: (*b).into(),
                    })
                    .collect();
                self.rects = entries.iter().map(|e| (e.id.clone(), e.rect)).collect();
                self.tree = RTree::bulk_load(entries);
            }
            Pending::Some(ids) => {
                for id in ids {
                    if let Some(rect) = self.rects.remove(&id) {
                        self.tree.remove(&Entry {
                            id: id.clone(),
                            rect,
                        });
                    }
                    if let Some((b, _)) = boxes.get(&id) {
                        let rect: Rect = (*b).into();
                        self.rects.insert(id.clone(), rect);
                        self.tree.insert(Entry { id, rect });
                    }
                }
            }
        }
    }

    /// Whether the tree holds the boxes of the last layout pass.
    pub fn is_fresh(&self) -> bool {
        matches!(self.pending, Pending::Nothing)
    }

    /// Number of boxes held.
    pub fn len(&self) -> usize {
        self.rects.len()
    }

    /// Whether no box is held.
    pub fn is_empty(&self) -> bool {
        self.rects.is_empty()
    }

    /// The topmost selectable element at a point: hidden and locked elements (and their
    /// descendants) are skipped; the page root is never hit.
    pub fn hit_test(&self, state: &State, x: f32, y: f32) -> Option<ElementId> {
        self.tree
            .locate_all_at_point([x, y])
            .filter(|e| selectable(state, &e.id))
            .map(|e| (paint_key(state, &e.id), e.id.clone()))
            .max()
            .map(|(_, id)| id)
    }

    /// Selectable elements entirely inside `rect`, outermost only.
    pub fn marquee(&self, state: &State, rect: Rect) -> Vec<ElementId> {
        let inside: BTreeSet<ElementId> = self
            .tree
            .locate_in_envelope(rect.aabb())
            .filter(|e| selectable(state, &e.id))
            .map(|e| e.id.clone())
            .collect();
        let mut out: Vec<ElementId> = inside
            .iter()
            .filter(|id| {
                let mut cur = state.parent(id);
                while let Some(p) = cur {
                    if inside.contains(p) {
                        return false;
                    }
                    cur = state.parent(p);
                }
                true
            })
            .cloned()
            .collect();
        out.sort_by_key(|id| paint_key(state, id));
        out
    }

    /// Snaps a moving or resizing box to nearby edges and centres, its parent's edges and
    /// centre, and equal spacing between row or column neighbours.
    pub fn snap(&self, state: &State, request: &SnapRequest) -> SnapResult {
        let zoom = if request.zoom.is_finite() && request.zoom > 0.0 {
            request.zoom
        } else {
            1.0
        };
        let threshold = request.threshold.max(0.0) / zoom;
        let r = request.rect;
        let range = (1200.0 / zoom).max(r.width.max(r.height));
        let window = AABB::from_corners(
            [r.x - range, r.y - range],
            [r.right() + range, r.bottom() + range],
        );
        let moving: BTreeSet<ElementId> =
            request.id.iter().flat_map(|id| state.subtree(id)).collect();
        let targets: Vec<Rect> = self
            .tree
            .locate_in_envelope_intersecting(window)
            .filter(|e| !moving.contains(&e.id))
            .filter(|e| state.get(&e.id).is_some_and(|el| !el.hidden))
            .map(|e| e.rect)
            .collect();
        let edges = request.resize.unwrap_or(Edges {
            left: true,
            right: true,
            top: true,
            bottom: true,
        });
        let resize = request.resize.is_some();
        let xs: Vec<(f32, bool)> = [
            (r.x, edges.left),
            (r.x + r.width / 2.0, !resize),
            (r.right(), edges.right),
        ]
        .into_iter()
        .filter(|(_, on)| *on)
        .collect();
        let ys: Vec<(f32, bool)> = [
            (r.y, edges.top),
            (r.y + r.height / 2.0, !resize),
            (r.bottom(), edges.bottom),
        ]
        .into_iter()
        .filter(|(_, on)| *on)
        .collect();
        let (dx, mut guides) = snap_axis(&targets, &xs, threshold, 'x', &r);
        let (dy, guides_y) = snap_axis(&targets, &ys, threshold, 'y', &r);
        guides.extend(guides_y);
        let (mut dx, mut dy) = (dx, dy);
        if !resize {
            if let Some((sx, g)) = spacing(&targets, &r, threshold, 'x') {
                match dx {
                    Some(d) if (d - sx).abs() < 0.01 => guides.extend(g),
                    Some(d) if d.abs() <= sx.abs() => {}
                    _ => {
                        guides.retain(|g| g.axis != 'x');
                        dx = Some(sx);
                        guides.extend(g);
                    }
                }
            }
            if let Some((sy, g)) = spacing(&targets, &r, threshold, 'y') {
                match dy {
                    Some(d) if (d - sy).abs() < 0.01 => guides.extend(g),
                    Some(d) if d.abs() <= sy.abs() => {}
                    _ => {
                        guides.retain(|g| g.axis != 'y');
                        dy = Some(sy);
                        guides.extend(g);
                    }
                }
            }
        }
        let (dx, dy) = (dx.unwrap_or(0.0), dy.unwrap_or(0.0));
        let mut rect = r;
        if resize {
            if edges.left {
                rect.x += dx;
                rect.width -= dx;
            } else if edges.right {
                rect.width += dx;
            }
            if edges.top {
                rect.y += dy;
                rect.height -= dy;
            } else if edges.bottom {
                rect.height += dy;
            }
        } else {
            rect.x += dx;
            rect.y += dy;
        }
        // Guides end at the snapped box, not the proposed one.
        for g in &mut guides {
            let (lo, hi) = if g.axis == 'x' {
                (rect.y, rect.bottom())
            } else {
                (rect.x, rect.right())
            };
            if g.kind != GuideKind::Spacing {
                g.from = g.from.min(lo);
                g.to = g.to.max(hi);
            }
        }
        SnapResult {
            rect,
            dx,
            dy,
            guides,
        }
    }
}

fn lines(t: &Rect, axis: char) -> [(f32, GuideKind); 3] {
    if axis == 'x' {
        [
            (t.x, GuideKind::Edge),
            (t.x + t.width / 2.0, GuideKind::Center),
            (t.right(), GuideKind::Edge),
        ]
    } else {
        [
            (t.y, GuideKind::Edge),
            (t.y + t.height / 2.0, GuideKind::Center),
            (t.bottom(), GuideKind::Edge),
        ]
    }
}

/// The smallest correction bringing one of `moving` lines onto a target line, and the guides
/// for every target line it then meets.
fn snap_axis(
    targets: &[Rect],
    moving: &[(f32, bool)],
    threshold: f32,
    axis: char,
    r: &Rect,
) -> (Option<f32>, Vec<Guide>) {
    let mut best: Option<f32> = None;
    for t in targets {
        for (line, _) in lines(t, axis) {
            for (m, _) in moving {
                let d = line - m;
                if d.abs() <= threshold && best.is_none_or(|b| d.abs() < b.abs()) {
                    best = Some(d);
                }
            }
        }
    }
    let Some(d) = best else {
        return (None, Vec::new());
    };
    let mut guides: Vec<Guide> = Vec::new();
    for t in targets {
        for (line, kind) in lines(t, axis) {
            if moving.iter().any(|(m, _)| (m + d - line).abs() < 0.01) {
                let (from, to) = if axis == 'x' {
                    (t.y.min(r.y), t.bottom().max(r.bottom()))
                } else {
                    (t.x.min(r.x), t.right().max(r.right()))
                };
                match guides
                    .iter_mut()
                    .find(|g| (g.at - line).abs() < 0.01 && g.kind == kind)
                {
                    Some(g) => {
                        g.from = g.from.min(from);
                        g.to = g.to.max(to);
                    }
                    None => guides.push(Guide {
                        kind,
                        axis,
                        at: line,
                        from,
                        to,
                    }),
                }
            }
        }
    }
    (Some(d), guides)
}

/// Equal spacing along `axis` among neighbours that overlap the box across it: centred
/// between the nearest neighbour on each side, or at a gap that already separates two of them.
fn spacing(targets: &[Rect], r: &Rect, threshold: f32, axis: char) -> Option<(f32, Vec<Guide>)> {
    let span = |t: &Rect| {
        if axis == 'x' {
            (t.x, t.right(), t.y, t.bottom())
        } else {
            (t.y, t.bottom(), t.x, t.right())
        }
    };
    let (start, end, cross_lo, cross_hi) = span(r);
    // Neighbours in the same row (or column): they overlap across the axis and do not contain the box.
    let mut row: Vec<(f32, f32, f32, f32)> = targets
        .iter()
        .map(span)
        .filter(|(s, e, lo, hi)| *lo < cross_hi && *hi > cross_lo && !(*s <= start && *e >= end))
        .filter(|(s, e, _, _)| *e <= start + threshold || *s >= end - threshold)
        .collect();
    row.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    let before = row
        .iter()
        .filter(|t| t.1 <= start + threshold)
        .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))?;
    let after = row
        .iter()
        .filter(|t| t.0 >= end - threshold)
        .min_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    let size = end - start;
    let mut options: Vec<(f32, f32)> = Vec::new(); // (correction, gap)
    if let Some(after) = after {
        let gap = (after.0 - before.1 - size) / 2.0;
        if gap >= 0.0 {
            options.push((before.1 + gap - start, gap));
        }
    }
    // Gaps that already separate consecutive neighbours on the side before the box.
    let left_side: Vec<&(f32, f32, f32, f32)> =
        row.iter().filter(|t| t.1 <= start + threshold).collect();
    for w in left_side.windows(2) {
        let gap = w[1].0 - w[0].1;
        if gap > 0.0 {
            options.push((before.1 + gap - start, gap));
        }
    }
    let (d, gap) = options
        .into_iter()
        .filter(|(d, _)| d.abs() <= threshold)
        .min_by(|a, b| {
            a.0.abs()
                .partial_cmp(&b.0.abs())
                .unwrap_or(std::cmp::Ordering::Equal)
        })?;
    let s = start + d;
    let mid = (cross_lo + cross_hi) / 2.0;
    let mut guides = vec![Guide {
        kind: GuideKind::Spacing,
        axis: flip(axis),
        at: mid,
        from: before.1,
        to: s,
    }];
    if let Some(after) = after {
        if (after.0 - (s + size) - gap).abs() < 0.01 {
            guides.push(Guide {
                kind: GuideKind::Spacing,
                axis: flip(axis),
                at: mid,
                from: s + size,
                to: after.0,
            });
        }
    }
    Some((d, guides))
}

fn flip(axis: char) -> char {
    if axis == 'x' {
        'y'
    } else {
        'x'
    }
}

fn selectable(state: &State, id: &ElementId) -> bool {
    let mut cur = Some(id);
    let mut first = true;
    while let Some(c) = cur {
        let Some(el) = state.get(c) else {
            return false;
        };
        if (first && el.kind == ElementKind::Body) || el.hidden || el.locked {
            return false;
        }
        first = false;
        cur = state.parent(c);
    }
    true
}

/// Paint order: a later sibling, or a descendant, paints above.
fn paint_key(state: &State, id: &ElementId) -> Vec<usize> {
    let mut path = Vec::new();
    let mut cur = id.clone();
    while let Some(p) = state.parent(&cur) {
        path.push(
            state
                .children(p)
                .iter()
                .position(|c| c == &cur)
                .unwrap_or(0),
        );
        cur = p.clone();
        if path.len() > state.shown_count() {
            break;
        }
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::element::Element;
    use serde_json::json;

    fn rect(x: f32, y: f32, width: f32, height: f32) -> Rect {
        Rect::new(x, y, width, height)
    }

    /// `(id, parent, order, hidden, locked, box)`.
    type Item<'a> = (&'a str, Option<&'a str>, &'a str, bool, bool, Rect);

    /// Elements with their boxes, on page `p`.
    fn world(items: &[Item]) -> (State, Spatial) {
        let mut state = State::default();
        state.set_elements(
            items
                .iter()
                .map(|(id, parent, order, hidden, locked, _)| {
                    let kind = if parent.is_none() {
                        "body"
                    } else {
                        "container"
                    };
                    let el: Element = serde_json::from_value(json!({"id": id, "kind": kind,
                        "page": "p", "parent": parent, "order": order,
                        "hidden": hidden, "locked": locked}))
                    .expect("element");
                    (ElementId((*id).into()), Some(el))
                })
                .collect(),
        );
        let boxes: HashMap<ElementId, (Box, u32)> = items
            .iter()
            .map(|(id, .., r)| {
                let b = Box {
                    x: r.x,
                    y: r.y,
                    width: r.width,
                    height: r.height,
                };
                (ElementId((*id).into()), (b, 0))
            })
            .collect();
        let result = LayoutResult {
            boxes: boxes.iter().map(|(id, (b, _))| (id.clone(), *b)).collect(),
            ..LayoutResult::default()
        };
        let mut spatial = Spatial::default();
        spatial.apply(&result);
        spatial.refresh(&boxes);
        (state, spatial)
    }

    fn id(s: &str) -> ElementId {
        ElementId(s.into())
    }

    #[test]
    fn the_later_sibling_and_the_deeper_element_win_a_hit_and_the_body_never_does() {
        let (state, spatial) = world(&[
            (
                "body",
                None,
                "a0",
                false,
                false,
                rect(0.0, 0.0, 1000.0, 1000.0),
            ),
            (
                "under",
                Some("body"),
                "a0",
                false,
                false,
                rect(0.0, 0.0, 100.0, 100.0),
            ),
            (
                "over",
                Some("body"),
                "a1",
                false,
                false,
                rect(50.0, 50.0, 100.0, 100.0),
            ),
            (
                "child",
                Some("under"),
                "a0",
                false,
                false,
                rect(10.0, 10.0, 20.0, 20.0),
            ),
        ]);
        assert_eq!(spatial.hit_test(&state, 60.0, 60.0), Some(id("over")));
        assert_eq!(spatial.hit_test(&state, 15.0, 15.0), Some(id("child")));
        assert_eq!(spatial.hit_test(&state, 500.0, 500.0), None);
    }

    #[test]
    fn hidden_and_locked_elements_and_their_insides_are_not_hit() {
        let (state, spatial) = world(&[
            (
                "body",
                None,
                "a0",
                false,
                false,
                rect(0.0, 0.0, 1000.0, 1000.0),
            ),
            (
                "back",
                Some("body"),
                "a0",
                false,
                false,
                rect(0.0, 0.0, 300.0, 300.0),
            ),
            (
                "locked",
                Some("body"),
                "a1",
                false,
                true,
                rect(0.0, 0.0, 100.0, 100.0),
            ),
            (
                "inside",
                Some("locked"),
                "a0",
                false,
                false,
                rect(0.0, 0.0, 50.0, 50.0),
            ),
            (
                "hidden",
                Some("body"),
                "a2",
                true,
                false,
                rect(200.0, 200.0, 50.0, 50.0),
            ),
        ]);
        assert_eq!(spatial.hit_test(&state, 10.0, 10.0), Some(id("back")));
        assert_eq!(spatial.hit_test(&state, 210.0, 210.0), Some(id("back")));
    }

    #[test]
    fn a_marquee_selects_the_outermost_boxes_wholly_inside_in_paint_order() {
        let (state, spatial) = world(&[
            (
                "body",
                None,
                "a0",
                false,
                false,
                rect(0.0, 0.0, 1000.0, 1000.0),
            ),
            (
                "b",
                Some("body"),
                "a1",
                false,
                false,
                rect(200.0, 0.0, 100.0, 100.0),
            ),
            (
                "a",
                Some("body"),
                "a0",
                false,
                false,
                rect(0.0, 0.0, 100.0, 100.0),
            ),
            (
                "a-child",
                Some("a"),
                "a0",
                false,
                false,
                rect(10.0, 10.0, 10.0, 10.0),
            ),
            (
                "partly",
                Some("body"),
                "a2",
                false,
                false,
                rect(250.0, 250.0, 200.0, 200.0),
            ),
        ]);
        assert_eq!(
            spatial.marquee(&state, rect(-5.0, -5.0, 320.0, 320.0)),
            vec![id("a"), id("b")]
        );
    }

    #[test]
    fn a_move_snaps_within_the_threshold_in_screen_pixels_and_not_beyond() {
        let (state, spatial) = world(&[
            (
                "body",
                None,
                "a0",
                false,
                false,
                rect(0.0, 0.0, 1000.0, 1000.0),
            ),
            (
                "target",
                Some("body"),
                "a0",
                false,
                false,
                rect(100.0, 500.0, 100.0, 100.0),
            ),
            (
                "moving",
                Some("body"),
                "a1",
                false,
                false,
                rect(0.0, 0.0, 50.0, 50.0),
            ),
        ]);
        let request = |x: f32, zoom: f32| SnapRequest {
            id: Some(id("moving")),
            rect: rect(x, 300.0, 50.0, 50.0),
            resize: None,
            zoom,
            threshold: 6.0,
        };
        // Left edge 4 px right of the target's left edge: snaps back onto it, with a guide.
        let snapped = spatial.snap(&state, &request(104.0, 1.0));
        assert_eq!((snapped.rect.x, snapped.dx), (100.0, -4.0));
        assert!(snapped
            .guides
            .iter()
            .any(|g| g.axis == 'x' && g.at == 100.0));
        // At zoom 0.5 the same 6 screen px reach 12 page px; at zoom 2 only 3.
        assert_eq!(spatial.snap(&state, &request(110.0, 0.5)).rect.x, 100.0);
        assert_eq!(spatial.snap(&state, &request(104.0, 2.0)).dx, 0.0);
    }
}
