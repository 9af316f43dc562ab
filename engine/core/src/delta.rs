//! What changed, read from the touched ids: [`Deltas`] and [`ElementDelta`], the observers
//! that record which element, page and project keys each transaction touched (whatever its
//! origin: local, remote or undo), and the engine's calls that turn those ids into deltas.
//! Their cost grows with what changed, not with the document.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use yrs::types::{Event, PathSegment};
use yrs::{DeepObservable, MapRef, Observable};

use crate::asset::{Asset, AssetId};
use crate::component::Origin;
use crate::element::{Element, Page, Project};
use crate::engine::{lock, Engine};
use crate::id::{ElementId, PageId};
use crate::token::{Token, TokenId};

/// An element record in a delta, shared with the engine's state: a frame that sends a
/// thousand shown copies does not copy them. Reads and serialises as the record itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared(pub Arc<Element>);

impl Shared {
    /// The record to change, copied first if the state still shares it.
    pub fn make_mut(&mut self) -> &mut Element {
        Arc::make_mut(&mut self.0)
    }
}

impl std::ops::Deref for Shared {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.0
    }
}

impl From<Element> for Shared {
    fn from(element: Element) -> Self {
        Self(Arc::new(element))
    }
}

impl Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (*self.0).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Shared {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Element::deserialize(deserializer).map(Self::from)
    }
}

/// An element as deltas and queries report it: the record, with `parent` being where it
/// shows in the tree, and its children in order.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElementDelta {
    /// The element (its `parent` is the shown parent).
    #[serde(flatten)]
    pub element: Shared,
    /// Children as shown, in order.
    pub children: Vec<ElementId>,
    /// For an element shown inside an instance: the instance, the master element's path and
    /// the fields the instance overrides on it. Absent for stored elements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub origin: Option<Origin>,
    /// For a stored instance: it shows only part of its master, or none of it, because a
    /// bound on shown elements stopped its expansion (10,000 per instance, 200,000 in the
    /// document, handed out in id order: `component::MAX_SHOWN_IN_DOCUMENT`). Absent otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub truncated: bool,
}

/// An asset of the library as deltas report it: the record and the elements using it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssetDelta {
    /// The asset.
    #[serde(flatten)]
    pub asset: Asset,
    /// Elements whose source names it, sorted (its usage count is the length).
    pub used_by: Vec<ElementId>,
}

/// A design token as deltas report it: the record and the elements using it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenDelta {
    /// The token.
    #[serde(flatten)]
    pub token: Token,
    /// Elements whose styles name it, sorted (the refusal to delete it lists the same).
    pub used_by: Vec<ElementId>,
}

/// What changed since the last [`Engine::take_deltas`].
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Deltas {
    /// Elements created or changed (including those whose children changed).
    pub elements: Vec<ElementDelta>,
    /// Elements removed.
    pub removed: Vec<ElementId>,
    /// Pages created or changed.
    pub pages: Vec<Page>,
    /// Pages removed.
    pub removed_pages: Vec<PageId>,
    /// The project's settings, when they changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub project: Option<Project>,
    /// Assets added or changed, and those whose users changed.
    #[serde(default)]
    pub assets: Vec<AssetDelta>,
    /// Assets removed from the library.
    #[serde(default)]
    pub removed_assets: Vec<AssetId>,
    /// Design tokens added or changed, and those whose users changed. Every element using a
    /// changed token is in `elements` too: its look changed.
    #[serde(default)]
    pub tokens: Vec<TokenDelta>,
    /// Design tokens removed.
    #[serde(default)]
    pub removed_tokens: Vec<TokenId>,
    /// Whether the comments changed (read them again with `Engine::comments`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub comments: bool,
}

impl Deltas {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
            && self.removed.is_empty()
            && self.pages.is_empty()
            && self.removed_pages.is_empty()
            && self.project.is_none()
            && self.assets.is_empty()
            && self.removed_assets.is_empty()
            && self.tokens.is_empty()
            && self.removed_tokens.is_empty()
            && !self.comments
    }
}

/// The keys transactions touched since the engine last read them.
#[derive(Default)]
pub(crate) struct Touched {
    pub(crate) elements: BTreeSet<ElementId>,
    pub(crate) pages: BTreeSet<PageId>,
    pub(crate) assets: BTreeSet<AssetId>,
    pub(crate) tokens: BTreeSet<TokenId>,
    pub(crate) project: bool,
    /// Whether any comment thread or message changed.
    pub(crate) comments: bool,
    pub(crate) threads: BTreeSet<String>,
    pub(crate) messages: BTreeSet<String>,
}

impl Touched {
    /// Whether the design changed: anything but comments (what a viewer may not touch). A root
    /// added to this struct belongs here unless it is as open as comments.
    pub(crate) fn design(&self) -> bool {
        !self.elements.is_empty()
            || !self.pages.is_empty()
            || !self.assets.is_empty()
            || !self.tokens.is_empty()
            || self.project
    }
}

/// The name the deep observers are registered under (a fresh load detaches them).
pub(crate) const OBSERVER: &str = "omnios:deltas";

/// The root-map keys a transaction's deep events touched: the first key of each event's path,
/// or, for an event on the root map itself, the keys it added or removed.
fn touched_keys(txn: &yrs::TransactionMut, events: &yrs::types::Events) -> Vec<String> {
    let mut keys = Vec::new();
    for event in events.iter() {
        match event.path().front() {
            Some(PathSegment::Key(key)) => keys.push(key.to_string()),
            Some(PathSegment::Index(_)) => {}
            None => {
                if let Event::Map(map) = event {
                    keys.extend(map.keys(txn).keys().map(|k| k.to_string()));
                }
            }
        }
    }
    keys
}

/// Records that a transaction touched the project's settings (a shallow map of scalars).
pub(crate) fn observe_project(project: &MapRef, touched: &Arc<Mutex<Touched>>) {
    let sink = touched.clone();
    project.observe(OBSERVER, move |_, _| lock(&sink).project = true);
}

/// Records which comment threads and messages each transaction touched.
pub(crate) fn observe_comments(threads: &MapRef, messages: &MapRef, touched: &Arc<Mutex<Touched>>) {
    let sink = touched.clone();
    threads.observe_deep(OBSERVER, move |txn, events| {
        let keys = touched_keys(txn, events);
        let mut t = lock(&sink);
        t.comments = true;
        t.threads.extend(keys);
    });
    let sink = touched.clone();
    messages.observe_deep(OBSERVER, move |txn, events| {
        let keys = touched_keys(txn, events);
        let mut t = lock(&sink);
        t.comments = true;
        t.messages.extend(keys);
    });
}

/// Records which elements and pages each transaction touched (docs/architecture.md, "The
/// command path"), whatever its origin: local, remote or undo.
pub(crate) fn observe_changes(
    elements: &MapRef,
    pages: &MapRef,
    assets: &MapRef,
    tokens: &MapRef,
    touched: &Arc<Mutex<Touched>>,
) {
    let sink = touched.clone();
    elements.observe_deep(OBSERVER, move |txn, events| {
        let keys = touched_keys(txn, events);
        lock(&sink).elements.extend(keys.into_iter().map(ElementId));
    });
    let sink = touched.clone();
    pages.observe_deep(OBSERVER, move |txn, events| {
        let keys = touched_keys(txn, events);
        lock(&sink).pages.extend(keys.into_iter().map(PageId));
    });
    let sink = touched.clone();
    assets.observe_deep(OBSERVER, move |txn, events| {
        let keys = touched_keys(txn, events);
        lock(&sink).assets.extend(keys.into_iter().map(AssetId));
    });
    let sink = touched.clone();
    tokens.observe_deep(OBSERVER, move |txn, events| {
        let keys = touched_keys(txn, events);
        lock(&sink).tokens.extend(keys.into_iter().map(TokenId));
    });
}

/// Detaches the deep observers (a write of everything reads every key afterwards instead).
pub(crate) fn unobserve_changes(
    elements: &MapRef,
    pages: &MapRef,
    assets: &MapRef,
    tokens: &MapRef,
) {
    elements.unobserve_deep(OBSERVER);
    pages.unobserve_deep(OBSERVER);
    assets.unobserve_deep(OBSERVER);
    tokens.unobserve_deep(OBSERVER);
}

impl Engine {
    /// An element as shown: through the open gesture's preview if there is one.
    pub(crate) fn delta_of(&self, id: &ElementId) -> Option<ElementDelta> {
        self.with_preview(|view| {
            let mut element = view.shown_element(id)?.clone();
            element.parent = view.parent(id);
            Some(ElementDelta {
                element: element.into(),
                children: view.shown_children(id),
                origin: self.state.origin(id).cloned(),
                truncated: self.state.is_cut(id),
            })
        })
        .unwrap_or_else(|| self.shown(id))
    }

    /// An element as the document shows it. A shown copy's record is shared, not copied.
    pub(crate) fn shown(&self, id: &ElementId) -> Option<ElementDelta> {
        let parent = self.state.parent(id);
        let element = match self.state.shown_record(id) {
            Some(record) if record.parent.as_ref() == parent => Shared(record.clone()),
            _ => {
                let mut element = self.state.get(id)?.clone();
                element.parent = parent.cloned();
                element.into()
            }
        };
        Some(ElementDelta {
            element,
            children: self.state.children(id).to_vec(),
            origin: self.state.origin(id).cloned(),
            truncated: self.state.is_cut(id),
        })
    }

    /// An asset as deltas report it.
    pub(crate) fn asset_delta(&self, id: &AssetId) -> Option<AssetDelta> {
        Some(AssetDelta {
            asset: self.state.assets.get(id)?.clone(),
            used_by: self.state.users_of(id).cloned().collect(),
        })
    }

    /// A design token as deltas report it.
    pub(crate) fn token_delta(&self, id: &TokenId) -> Option<TokenDelta> {
        Some(TokenDelta {
            token: self.state.tokens.get(id)?.clone(),
            used_by: self.state.token_users(id).cloned().collect(),
        })
    }

    /// What changed since the last call, then forgets it. Cost grows with what changed.
    pub fn take_deltas(&mut self) -> Deltas {
        let mut deltas = Deltas::default();
        // Tokens are never previewed by a gesture either.
        for id in std::mem::take(&mut self.pending_tokens) {
            match self.token_delta(&id) {
                Some(d) => deltas.tokens.push(d),
                None => deltas.removed_tokens.push(id),
            }
        }
        // Assets are never previewed by a gesture: read from the document.
        for id in std::mem::take(&mut self.pending_assets) {
            match self.asset_delta(&id) {
                Some(d) => deltas.assets.push(d),
                None => deltas.removed_assets.push(id),
            }
        }
        let ids = std::mem::take(&mut self.pending_elements);
        let pages = std::mem::take(&mut self.pending_pages);
        let project = std::mem::take(&mut self.pending_project);
        deltas.comments = std::mem::take(&mut self.pending_comments);
        // One view over the gesture's preview for the whole frame.
        let previewed = self.with_preview(|view| {
            for id in &ids {
                match view.shown_element(id) {
                    Some(el) => {
                        let mut element = el.clone();
                        element.parent = view.parent(id);
                        deltas.elements.push(ElementDelta {
                            element: element.into(),
                            children: view.shown_children(id),
                            origin: self.state.origin(id).cloned(),
                            truncated: self.state.is_cut(id),
                        });
                    }
                    None => deltas.removed.push(id.clone()),
                }
            }
            for id in &pages {
                match view.page(id) {
                    Some(p) => deltas.pages.push(p.clone()),
                    None => deltas.removed_pages.push(id.clone()),
                }
            }
            if project {
                deltas.project = Some(view.project().clone());
            }
        });
        if previewed.is_some() {
            return deltas;
        }
        for id in ids {
            match self.shown(&id) {
                Some(d) => deltas.elements.push(d),
                None => deltas.removed.push(id),
            }
        }
        for id in pages {
            match self.state.pages.get(&id) {
                Some(p) => deltas.pages.push(p.clone()),
                None => deltas.removed_pages.push(id),
            }
        }
        if project {
            deltas.project = Some(self.state.project.clone());
        }
        deltas
    }

    /// Everything, as deltas: what a host that just attached needs to render.
    pub fn full_deltas(&self) -> Deltas {
        let mut ids: Vec<&ElementId> = self
            .state
            .elements
            .keys()
            .chain(self.state.shown_copies())
            .collect();
        ids.sort();
        let mut pages: Vec<Page> = self.state.pages.values().cloned().collect();
        pages.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
        let mut assets: Vec<&AssetId> = self.state.assets.keys().collect();
        assets.sort();
        let mut tokens: Vec<&TokenId> = self.state.tokens.keys().collect();
        tokens.sort();
        Deltas {
            elements: ids.into_iter().filter_map(|id| self.delta_of(id)).collect(),
            removed: Vec::new(),
            pages,
            removed_pages: Vec::new(),
            project: Some(self.state.project.clone()),
            assets: assets
                .into_iter()
                .filter_map(|id| self.asset_delta(id))
                .collect(),
            removed_assets: Vec::new(),
            tokens: tokens
                .into_iter()
                .filter_map(|id| self.token_delta(id))
                .collect(),
            removed_tokens: Vec::new(),
            comments: true,
        }
    }
}
