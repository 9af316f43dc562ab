//! Components as the canvas shows them: before the export reads the project, every instance on
//! a page is replaced by what the engine's derived view shows for it (`State`, which expands
//! instances with `component::expand`): the master's subtree with the chosen variant, the prop
//! values and the overrides applied, the instance's slot children in their slots. The shown
//! records keep the engine's derived ids (`__` and 32 hex digits), so their classes are stable
//! and never carry user text. Masters are not pages: their own elements are left out.

use std::collections::HashSet;

use omnios_engine::component;
use omnios_engine::{Element, PageId, Snapshot, State};

/// The snapshot with only what pages show: stored page elements and the elements shown inside
/// their instances (each with its shown parent). Master elements are left out. `extra` records
/// (the Next.js target's component trees, `react.rs`) are added as they are.
pub fn resolve(snapshot: &Snapshot, extra: &[Element]) -> Snapshot {
    let state = state_of(snapshot);
    let pages: HashSet<&PageId> = snapshot.pages.iter().map(|p| &p.id).collect();
    let mut shown: Vec<Element> = state
        .shown_copies()
        .filter_map(|id| state.get(id))
        .filter(|e| pages.contains(&e.page))
        .cloned()
        .collect();
    shown.sort_by(|a, b| a.id.cmp(&b.id));
    let mut elements: Vec<Element> = snapshot
        .elements
        .iter()
        .filter(|e| pages.contains(&e.page))
        .cloned()
        .collect();
    elements.extend(shown);
    elements.extend(extra.iter().cloned());
    Snapshot {
        format: snapshot.format.clone(),
        version: snapshot.version,
        project: snapshot.project.clone(),
        pages: snapshot.pages.clone(),
        elements,
        assets: snapshot.assets.clone(),
        tokens: snapshot.tokens.clone(),
    }
}

/// The engine's derived view of a snapshot: stored records and every instance expanded.
pub fn state_of(snapshot: &Snapshot) -> State {
    let mut state = State::default();
    for page in &snapshot.pages {
        state.set_page(&page.id, Some(page.clone()));
    }
    state.set_elements(
        snapshot
            .elements
            .iter()
            .map(|e| (e.id.clone(), Some(e.clone())))
            .collect(),
    );
    state
}

/// The page ids master elements carry: their master roots' ids.
pub fn master_pages(snapshot: &Snapshot) -> HashSet<&str> {
    snapshot
        .elements
        .iter()
        .filter(|r| component::is_master_root(r))
        .map(|r| r.id.as_str())
        .collect()
}
