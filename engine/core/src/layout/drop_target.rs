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

/// The drop target at a page point on the laid-out page; `excluding` are the elements being
/// moved (neither they nor anything inside them can receive the drop).
pub(crate) fn drop_target(
    layout: &Layout,
    state: &State,
    x: f32,
    y: f32,
    excluding: &[ElementId],
) -> Option<DropTarget> {
    let page = match layout.page() {
        Some(id) => state.pages.get(id)?,
        None => *state.pages_in_order().first()?,
    };
    layout.box_of(&page.root)?;
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
    let mut container = page.root.clone();
    let mut cur = layout.spatial().hit_test(state, x, y);
    while let Some(id) = cur {
        let Some(el) = state.get(&id) else {
            break;
        };
        let receives =
            el.kind.holds_children() && !matches!(el.kind, ElementKind::Button | ElementKind::Link);
        if receives && !within_moving(&id) {
            container = id;
            break;
        }
        cur = state.parent(&id).cloned();
    }
    let parent = state.get(&container)?;
    let bounds = to_rect(layout.box_of(&container)?);
    let declared = |el, property| style_map::declared(el, breakpoint, property);
    let display = declared(parent, Property::Display).unwrap_or("block");
    let direction = declared(parent, Property::FlexDirection).unwrap_or("row");
    let horizontal = (display == "flex" && direction.starts_with("row")) || display == "grid";

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

    /// A body holding a flex row (two 100 × 40 cells) above an absolutely placed box.
    fn page() -> (Engine, ElementId, Vec<ElementId>, ElementId) {
        let mut engine = Engine::new(EngineOptions::deterministic(1));
        let made = engine
            .commit_json(r#"{"type":"create_page","id":"home","name":"Home"}"#)
            .expect("page");
        let body = engine.state().pages[&made.created_pages[0]].root.clone();
        let mut create = |value: serde_json::Value| {
            engine
                .commit_json(&value.to_string())
                .expect("create")
                .created[0]
                .clone()
        };
        let row = create(
            json!({"type": "create_element", "kind": "container", "parent": body.as_str(),
            "styles": {"base": {"display": "flex", "width": "400px", "height": "40px"}}}),
        );
        let cells: Vec<ElementId> = (0..2)
            .map(|_| {
                create(
                    json!({"type": "create_element", "kind": "container", "parent": row.as_str(),
                    "styles": {"base": {"width": "100px", "height": "40px"}}}),
                )
            })
            .collect();
        let free = create(
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
        let target = engine.drop_target(150.0, 20.0, &[]).expect("target");
        assert_eq!((target.parent, target.index), (cells[1].clone(), 0));
        // Moving the second cell: the point over it drops into the row after the first cell,
        // which is past the absolute box (index 2 once the moved cell is out).
        let target = engine
            .drop_target(160.0, 20.0, std::slice::from_ref(&cells[1]))
            .expect("target");
        assert_eq!((target.parent.clone(), target.index), (row, 2));
        assert_eq!(target.rect, rect(100.0, 0.0, 0.0, 40.0));
    }

    #[test]
    fn absolutely_placed_children_take_no_slot_but_keep_their_index() {
        let (mut engine, row, cells, free) = page();
        // Moving both cells, the row's only child is the absolute box: not in the flow, so
        // the drop goes after it, and the indicator is the row's box.
        let target = engine.drop_target(20.0, 20.0, &cells).expect("target");
        assert_eq!((target.parent, target.index), (row, 1));
        assert_eq!(target.rect, rect(0.0, 0.0, 400.0, 40.0));
        assert!(engine.element(&free).is_some());
    }
}
