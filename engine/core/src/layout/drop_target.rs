//! Where a dragged flow element (or a new one from the insert panel) would land: the innermost
//! container under the point that is not being moved, the index among its children, and the
//! line to draw (or, for an empty container, its box). Beside hit test, marquee and snap, it
//! reads the laid-out boxes and the shown tree, never the DOM.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::spatial::Rect;
use super::{style_map, Layout};
use crate::element::ElementKind;
use crate::id::ElementId;
use crate::state::State;
use crate::style::Property;

/// Where a drop would land.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DropTarget {
    /// The container.
    pub parent: ElementId,
    /// The index among its children once the moved ones are taken out (a `move_elements`
    /// index).
    pub index: usize,
    /// The line to draw (zero width or height) or, when the container has no laid-out child in
    /// the flow, the container's box.
    pub rect: Rect,
}

/// Widest edge zone of a container, in page pixels (a quarter of its size up to this).
const EDGE_ZONE_MAX: f32 = 24.0;
/// Narrowest edge zone, so a thin container still has edges to drop beside.
const EDGE_ZONE_MIN: f32 = 4.0;

/// The drop target at a page point on the laid-out page; `excluding` are the elements being
/// moved (neither they nor anything inside them can receive the drop).
///
/// Edge zones: a point near a container's leading or trailing edge (along its parent's flow:
/// top and bottom in a column, left and right in a row; a quarter of its size, 4–24 px) drops
/// before or after it, beside it in its parent; only the middle drops inside. Only the innermost
/// container under the point has edge zones (so the first card of a column drops before the
/// card, not before the column). A leaf never receives. `inside` (the designer holds Alt) turns the edge zones off: the innermost
/// container under the point receives.
pub(crate) fn drop_target(
    layout: &Layout,
    state: &State,
    x: f32,
    y: f32,
    excluding: &[ElementId],
    inside: bool,
) -> Option<DropTarget> {
    let root = layout.root(state)?;
    layout.box_of(&root)?;
    let moving: HashSet<&ElementId> = excluding.iter().collect();
    let breakpoint = layout.breakpoint();
    let within_moving = |id: &ElementId| {
        let mut cur = Some(id);
        while let Some(c) = cur {
            if moving.contains(c) {
                return true;
            }
            cur = state.parent(c);
        }
        false
    };
    let mut container = root;
    let mut cur = layout.spatial().hit_test(state, x, y);
    let mut passed_edge = false;
    while let Some(id) = cur {
        let Some(el) = state.get(&id) else {
            break;
        };
        let receives =
            el.kind.holds_children() && !matches!(el.kind, ElementKind::Button | ElementKind::Link);
        if receives && !within_moving(&id) {
            // Only the innermost container has edge zones: near its edge the drop goes beside it,
            // into the container holding it, whatever that one's own edges say.
            if inside || passed_edge || !on_edge(layout, state, &id, x, y) {
                container = id;
                break;
            }
            passed_edge = true;
        }
        cur = state.parent(&id).cloned();
    }
    let parent = state.get(&container)?;
    let bounds = to_rect(layout.box_of(&container)?);
    let declared = |el, property| style_map::declared(el, breakpoint, property);
    let horizontal = flows_horizontally(parent, breakpoint);

    // Children in the flow (not moving), and among them the ones laid out in it.
    let in_flow: Vec<&ElementId> = state
        .children(&container)
        .iter()
        .filter(|c| !moving.contains(c))
        .collect();
    let laid_out: Vec<(&ElementId, Rect)> = in_flow
        .iter()
        .filter_map(|c| {
            let el = state.get(c)?;
            let b = layout.box_of(c)?;
            let positioned = matches!(
                declared(el, Property::Position),
                Some("absolute") | Some("fixed")
            );
            (!el.hidden && !positioned).then(|| (*c, to_rect(b)))
        })
        .collect();
    let rects: Vec<Rect> = laid_out.iter().map(|(_, r)| *r).collect();
    let (slot, rect) = flow_slot(&rects, bounds, x, y, horizontal);
    // Slots count laid-out siblings; the index counts every child in the flow.
    let index = laid_out
        .get(slot)
        .and_then(|(anchor, _)| in_flow.iter().position(|c| c == anchor))
        .unwrap_or(in_flow.len());
    Some(DropTarget {
        parent: container,
        index,
        rect,
    })
}

/// Whether a page point lies in a container's edge zone along its parent's flow (a page's body
/// and boxes placed absolutely have none: there is nothing to drop beside them).
fn on_edge(layout: &Layout, state: &State, id: &ElementId, x: f32, y: f32) -> bool {
    let breakpoint = layout.breakpoint();
    let (Some(el), Some(parent)) = (
        state.elements.get(id),
        state.parent(id).and_then(|p| state.elements.get(p)),
    ) else {
        return false;
    };
    let positioned = matches!(
        style_map::declared(el, breakpoint, Property::Position),
        Some("absolute") | Some("fixed")
    );
    let Some(b) = layout.box_of(id).filter(|_| !positioned) else {
        return false;
    };
    let (start, size, at) = if flows_horizontally(parent, breakpoint) {
        (b.x, b.width, x)
    } else {
        (b.y, b.height, y)
    };
    let zone = (size / 4.0).clamp(EDGE_ZONE_MIN, EDGE_ZONE_MAX);
    at < start + zone || at > start + size - zone
}

/// Whether a container lays its children out in a row (flex row or grid) rather than a column.
fn flows_horizontally(el: &crate::element::Element, breakpoint: crate::style::Breakpoint) -> bool {
    let display = style_map::declared(el, breakpoint, Property::Display).unwrap_or("block");
    let direction = style_map::declared(el, breakpoint, Property::FlexDirection).unwrap_or("row");
    (display == "flex" && direction.starts_with("row")) || display == "grid"
}

fn to_rect(b: &super::Box) -> Rect {
    Rect {
        x: b.x,
        y: b.y,
        width: b.width,
        height: b.height,
    }
}

/// Where among siblings (in order, along the flow) a point falls: the slot before the first
/// sibling whose middle lies past the point, and the line to draw there, halfway between the
/// neighbours. With no siblings the slot is 0 and the line is the container's box.
pub(crate) fn flow_slot(
    siblings: &[Rect],
    container: Rect,
    x: f32,
    y: f32,
    horizontal: bool,
) -> (usize, Rect) {
    let Some(last) = siblings.last() else {
        return (0, container);
    };
    let index = siblings
        .iter()
        .position(|r| {
            if horizontal {
                x < r.x + r.width / 2.0
            } else {
                y < r.y + r.height / 2.0
            }
        })
        .unwrap_or(siblings.len());
    let before = index.checked_sub(1).and_then(|i| siblings.get(i));
    let after = siblings.get(index);
    let reference = after.unwrap_or(last);
    let line = if horizontal {
        let at = match (before, after) {
            (Some(b), Some(a)) => (b.x + b.width + a.x) / 2.0,
            (None, Some(a)) => a.x,
            _ => last.x + last.width,
        };
        Rect {
            x: at,
            y: reference.y,
            width: 0.0,
            height: reference.height,
        }
    } else {
        let at = match (before, after) {
            (Some(b), Some(a)) => (b.y + b.height + a.y) / 2.0,
            (None, Some(a)) => a.y,
            _ => last.y + last.height,
        };
        Rect {
            x: reference.x,
            y: at,
            width: reference.width,
            height: 0.0,
        }
    };
    (index, line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, EngineOptions, PageId};
    use serde_json::json;

    fn rect(x: f32, y: f32, width: f32, height: f32) -> Rect {
        Rect::new(x, y, width, height)
    }

    #[test]
    fn slots_in_a_row_fall_at_the_middles_with_the_line_between_neighbours() {
        let row = [rect(0.0, 0.0, 100.0, 40.0), rect(120.0, 0.0, 100.0, 40.0)];
        let container = rect(0.0, 0.0, 400.0, 40.0);
        assert_eq!(
            flow_slot(&row, container, 10.0, 5.0, true),
            (0, rect(0.0, 0.0, 0.0, 40.0))
        );
        let (index, line) = flow_slot(&row, container, 90.0, 5.0, true);
        assert_eq!((index, line.x), (1, 110.0));
        assert_eq!(flow_slot(&row, container, 300.0, 5.0, true).1.x, 220.0);
    }

    #[test]
    fn an_empty_container_offers_its_own_box() {
        let container = rect(5.0, 5.0, 50.0, 50.0);
        assert_eq!(flow_slot(&[], container, 3.0, 3.0, false), (0, container));
    }

    #[test]
    fn a_column_slot_ignores_the_horizontal_position() {
        let column = [rect(0.0, 0.0, 80.0, 20.0), rect(0.0, 30.0, 80.0, 20.0)];
        let container = rect(0.0, 0.0, 80.0, 60.0);
        let (index, line) = flow_slot(&column, container, 500.0, 26.0, false);
        assert_eq!((index, line), (1, rect(0.0, 25.0, 80.0, 0.0)));
    }

    /// An engine holding one page, `home`, and that page's body.
    fn home_page() -> (Engine, ElementId) {
        let mut engine = Engine::new(EngineOptions::deterministic(1));
        let made = engine
            .commit_json(r#"{"type":"create_page","id":"home","name":"Home"}"#)
            .expect("page");
        let body = engine.state().pages[&made.created_pages[0]].root.clone();
        (engine, body)
    }

    /// Runs one `create_element` command (as JSON) and returns the element it made.
    fn create(engine: &mut Engine, command: serde_json::Value) -> ElementId {
        engine
            .commit_json(&command.to_string())
            .expect("create")
            .created[0]
            .clone()
    }

    /// A body holding a flex row (two 100 × 40 cells) above an absolutely placed box.
    fn page() -> (Engine, ElementId, Vec<ElementId>, ElementId) {
        let (mut engine, body) = home_page();
        let mut add = |value: serde_json::Value| create(&mut engine, value);
        let row = add(
            json!({"type": "create_element", "kind": "container", "parent": body.as_str(),
            "styles": {"base": {"display": "flex", "width": "400px", "height": "40px"}}}),
        );
        let cells: Vec<ElementId> = (0..2)
            .map(|_| {
                add(
                    json!({"type": "create_element", "kind": "container", "parent": row.as_str(),
                    "styles": {"base": {"width": "100px", "height": "40px"}}}),
                )
            })
            .collect();
        let free = add(
            json!({"type": "create_element", "kind": "container", "parent": row.as_str(),
            "styles": {"base": {"position": "absolute", "left": "300px", "top": "0px",
                                "width": "50px", "height": "40px"}}}),
        );
        engine.set_layout_page(Some(PageId("home".into())));
        (engine, row, cells, free)
    }

    #[test]
    fn a_point_in_a_cell_drops_into_the_cell_and_a_moved_cell_is_passed_over() {
        let (mut engine, row, cells, _) = page();
        let target = engine.drop_target(150.0, 20.0, &[], false).expect("target");
        assert_eq!((target.parent, target.index), (cells[1].clone(), 0));
        // Moving the second cell: the point over it drops into the row after the first cell,
        // which is past the absolute box (index 2 once the moved cell is out).
        let target = engine
            .drop_target(160.0, 20.0, std::slice::from_ref(&cells[1]), false)
            .expect("target");
        assert_eq!((target.parent.clone(), target.index), (row, 2));
        assert_eq!(target.rect, rect(100.0, 0.0, 0.0, 40.0));
    }

    /// A body holding a column (400 wide) of two empty cards, each 400 × 100, one under the other.
    fn column_of_cards() -> (Engine, ElementId, [ElementId; 2]) {
        let (mut engine, body) = home_page();
        let column = create(
            &mut engine,
            json!({"type": "create_element", "kind": "container", "parent": body.as_str(),
            "styles": {"base": {"width": "400px"}}}),
        );
        let card = json!({"type": "create_element", "kind": "container", "parent": column.as_str(),
            "styles": {"base": {"width": "400px", "height": "100px"}}});
        let cards = [create(&mut engine, card.clone()), create(&mut engine, card)];
        engine.set_layout_page(Some(PageId("home".into())));
        (engine, column, cards)
    }

    #[test]
    fn near_a_container_s_top_or_bottom_edge_the_drop_goes_beside_it_in_the_middle_inside() {
        let (mut engine, column, cards) = column_of_cards();
        engine.layout();
        let card_top = engine.box_of(&cards[0]).expect("laid out").y;
        let at = |engine: &mut Engine, y: f32, inside: bool| {
            let t = engine
                .drop_target(200.0, card_top + y, &[], inside)
                .expect("target");
            (t.parent, t.index)
        };
        // The first card's top edge: before it, in the column (not before the column).
        assert_eq!(at(&mut engine, 10.0, false), (column.clone(), 0));
        // Its middle: inside it.
        assert_eq!(at(&mut engine, 50.0, false), (cards[0].clone(), 0));
        // Its bottom edge: after it.
        assert_eq!(at(&mut engine, 90.0, false), (column.clone(), 1));
        // The second card's bottom edge: after it, the column's last place.
        assert_eq!(at(&mut engine, 190.0, false), (column.clone(), 2));
        // Alt held: inside, edges or not.
        assert_eq!(at(&mut engine, 10.0, true), (cards[0].clone(), 0));
        assert_eq!(at(&mut engine, 190.0, true), (cards[1].clone(), 0));
    }

    #[test]
    fn absolutely_placed_children_take_no_slot_but_keep_their_index() {
        let (mut engine, row, cells, free) = page();
        // Moving both cells, the row's only child is the absolute box: not in the flow, so
        // the drop goes after it, and the indicator is the row's box.
        let target = engine
            .drop_target(20.0, 20.0, &cells, false)
            .expect("target");
        assert_eq!((target.parent, target.index), (row, 1));
        assert_eq!(target.rect, rect(0.0, 0.0, 400.0, 40.0));
        assert!(engine.element(&free).is_some());
    }
}
