//! [`Engine`]: the one surface every host calls. It gathers inputs, asks the planner for
//! writes, applies them in one yrs transaction, and reports what changed as deltas.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use yrs::types::{Event, PathSegment};
use yrs::undo::{Options as UndoOptions, UndoManager};
use yrs::updates::decoder::Decode;
use yrs::{
    DeepObservable, Doc, Map, MapRef, Observable, Origin, ReadTxn, StateVector, Transact, Update,
};

use crate::command::{Applied, Command};
use crate::document;
use crate::element::{Element, Page, Project};
use crate::error::EngineError;
use crate::id::{prefix_for_client, ElementId, IdSource, PageId};
use crate::layout::spatial::Rect;
use crate::layout::{Layout, LayoutResult, SnapRequest, SnapResult, TextMeasurer};
use crate::log::LogEntry;
use crate::plan::{collapse, Op, Overlay, View};
use crate::query::{Query, QueryResult};
use crate::state::State;
use crate::style::Breakpoint;

/// Largest update or snapshot the engine reads, in bytes.
pub const MAX_UPDATE_BYTES: usize = 256 * 1024 * 1024;
/// Most commands in one batch.
pub const MAX_BATCH: usize = 200_000;

const LOCAL: &str = "omnios:local";
const REMOTE: &str = "omnios:remote";

/// The host's clock, in milliseconds. Injected so a replayed log is byte-identical.
pub trait Clock: Send + Sync {
    /// Milliseconds since an epoch the host chooses.
    fn now_ms(&self) -> u64;
}

/// A clock that moves only when told to: for tests and replay.
#[derive(Debug, Default)]
pub struct ManualClock(AtomicU64);

impl ManualClock {
    /// A clock at `ms`.
    pub fn new(ms: u64) -> Self {
        Self(AtomicU64::new(ms))
    }

    /// Sets the time.
    pub fn set(&self, ms: u64) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

struct UndoClock(Arc<dyn Clock>);

impl yrs::sync::Clock for UndoClock {
    fn now(&self) -> yrs::sync::time::Timestamp {
        self.0.now_ms()
    }
}

/// How to build an engine.
#[derive(Clone)]
pub struct EngineOptions {
    /// The Yjs client id: unique per peer session; fixed for replay.
    pub client_id: u64,
    /// The host's clock.
    pub clock: Arc<dyn Clock>,
    /// Where new ids come from (default: a prefix derived from the client id).
    pub ids: Option<IdSource>,
    /// Keep a command log of local changes (see [`Engine::log`]).
    pub record_log: bool,
}

impl EngineOptions {
    /// Options with a client id and clock, default ids, no log.
    pub fn new(client_id: u64, clock: Arc<dyn Clock>) -> Self {
        Self {
            client_id,
            clock,
            ids: None,
            record_log: false,
        }
    }

    /// Fixed client id, a manual clock at 0 and a log: replays byte for byte.
    pub fn deterministic(client_id: u64) -> Self {
        Self {
            client_id,
            clock: Arc::new(ManualClock::new(0)),
            ids: None,
            record_log: true,
        }
    }
}

/// An element as deltas and queries report it: the record, with `parent` being where it
/// shows in the tree, and its children in order.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElementDelta {
    /// The element (its `parent` is the shown parent).
    #[serde(flatten)]
    pub element: Element,
    /// Children as shown, in order.
    pub children: Vec<ElementId>,
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
}

impl Deltas {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
            && self.removed.is_empty()
            && self.pages.is_empty()
            && self.removed_pages.is_empty()
            && self.project.is_none()
    }
}

/// What a subscription received since it was last drained.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionEvent {
    /// The subscription.
    pub subscription: u32,
    /// Elements that match now and were added or changed.
    pub changed: Vec<ElementDelta>,
    /// Elements that matched and no longer do (or are gone).
    pub left: Vec<ElementId>,
}

#[derive(Default)]
struct Touched {
    elements: BTreeSet<ElementId>,
    pages: BTreeSet<PageId>,
    project: bool,
}

struct Subscription {
    query: Query,
    members: HashSet<ElementId>,
    changed: BTreeSet<ElementId>,
    left: BTreeSet<ElementId>,
}

struct Gesture {
    commands: Vec<Command>,
    overlay: Overlay,
    ids_at_start: IdSource,
}

/// A checkpoint: the encoded document and how far into the command log it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The whole document as one Yjs v1 update.
    pub update: Vec<u8>,
    /// How many log entries it includes.
    pub position: usize,
    /// The id source at that point.
    pub ids: IdSource,
}

/// The OMNIOS engine: one project document and everything derived from it.
pub struct Engine {
    doc: Doc,
    elements: MapRef,
    pages: MapRef,
    undo: UndoManager<()>,
    touched: Arc<Mutex<Touched>>,
    outbox: Arc<Mutex<Vec<Vec<u8>>>>,
    state: State,
    pending_elements: BTreeSet<ElementId>,
    pending_pages: BTreeSet<PageId>,
    pending_project: bool,
    subscriptions: BTreeMap<u32, Subscription>,
    next_subscription: u32,
    ids: IdSource,
    clock: Arc<dyn Clock>,
    record_log: bool,
    log: Vec<LogEntry>,
    gesture: Option<Gesture>,
    layout: Layout,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Engine {
    /// An engine with an empty document (no pages yet: commit `create_page` for a new project,
    /// or apply a peer's state).
    pub fn new(options: EngineOptions) -> Self {
        let mut doc_options = yrs::Options::with_guid_and_client_id(
            "omnios".into(),
            yrs::block::ClientID::new(options.client_id & ((1 << 53) - 1)),
        );
        // Deleted content is kept, not garbage-collected: the undo manager keeps what it may restore
        // anyway, and a replica that collected it (a replay, a checkpoint) would encode differently.
        // Overwritten values cost their bytes; a gesture writes once, so that stays small.
        doc_options.skip_gc = true;
        let doc = Doc::with_options(doc_options);
        let elements = doc.get_or_insert_map("elements");
        let pages = doc.get_or_insert_map("pages");
        let project = doc.get_or_insert_map(document::PROJECT_MAP);

        let touched = Arc::new(Mutex::new(Touched::default()));
        observe_changes(&elements, &pages, &touched);
        observe_project(&project, &touched);
        let outbox = Arc::new(Mutex::new(Vec::new()));
        let sink = outbox.clone();
        let remote = Origin::from(REMOTE);
        // Failure here would mean a transaction is open during construction, which cannot be.
        let _ = doc.observe_update_v1("omnios:outbox", move |txn, event| {
            if txn.origin() != Some(&remote) {
                lock(&sink).push(event.update.clone());
            }
        });

        let mut undo = UndoManager::with_options(UndoOptions {
            capture_timeout_millis: 0,
            tracked_origins: HashSet::new(),
            capture_transaction: None,
            timestamp: Arc::new(UndoClock(options.clock.clone())),
            init_undo_stack: Vec::new(),
            init_redo_stack: Vec::new(),
        });
        undo.expand_scope(&doc, &elements);
        undo.expand_scope(&doc, &pages);
        undo.expand_scope(&doc, &project);
        undo.include_origin(Origin::from(LOCAL));

        Self {
            doc,
            elements,
            pages,
            undo,
            touched,
            outbox,
            state: State::default(),
            pending_elements: BTreeSet::new(),
            pending_pages: BTreeSet::new(),
            pending_project: false,
            subscriptions: BTreeMap::new(),
            next_subscription: 1,
            ids: options
                .ids
                .unwrap_or_else(|| IdSource::new(prefix_for_client(options.client_id))),
            clock: options.clock,
            record_log: options.record_log,
            log: Vec::new(),
            gesture: None,
            layout: Layout::default(),
        }
    }

    /// The derived state: records, tree, indexes.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// One element's record as stored, if it exists.
    pub fn element(&self, id: &ElementId) -> Option<&Element> {
        self.state.elements.get(id)
    }

    /// Applies one command as one transaction and one undo step.
    pub fn commit(&mut self, command: Command) -> Result<Applied, EngineError> {
        self.commit_batch(vec![command])
    }

    /// Applies commands as one transaction and one undo step; if any is refused, none applies.
    /// Between [`Engine::begin_gesture`] and [`Engine::end_gesture`] the commands are only
    /// previewed (deltas show them; the document is not written).
    pub fn commit_batch(&mut self, commands: Vec<Command>) -> Result<Applied, EngineError> {
        if commands.len() > MAX_BATCH {
            return Err(EngineError::PayloadTooLarge {
                bytes: commands.len(),
                limit: MAX_BATCH,
            });
        }
        if let Some(mut gesture) = self.gesture.take() {
            let result = self.preview(&mut gesture, commands);
            self.gesture = Some(gesture);
            return result;
        }
        let (overlay, ids) = self.plan(&commands, Overlay::default(), self.ids.clone())?;
        self.ids = ids;
        self.write(overlay.ops);
        self.record(LogEntry::Commit {
            at: self.clock.now_ms(),
            commands,
        });
        Ok(overlay.applied)
    }

    fn plan(
        &self,
        commands: &[Command],
        mut overlay: Overlay,
        mut ids: IdSource,
    ) -> Result<(Overlay, IdSource), EngineError> {
        let mut view = View {
            state: &self.state,
            overlay: &mut overlay,
            ids: &mut ids,
        };
        for command in commands {
            view.plan(command)?;
        }
        Ok((overlay, ids))
    }

    fn preview(
        &mut self,
        gesture: &mut Gesture,
        commands: Vec<Command>,
    ) -> Result<Applied, EngineError> {
        let before = gesture.overlay.applied.clone();
        let mut ids = self.ids.clone();
        let (overlay, _) = {
            let mut overlay = gesture.overlay.clone();
            overlay.applied = Applied::default();
            let mut view = View {
                state: &self.state,
                overlay: &mut overlay,
                ids: &mut ids,
            };
            for command in &commands {
                view.plan(command)?;
            }
            (overlay, ())
        };
        let applied = overlay.applied.clone();
        gesture.overlay = overlay;
        gesture.overlay.applied.created.splice(0..0, before.created);
        gesture
            .overlay
            .applied
            .created_pages
            .splice(0..0, before.created_pages);
        self.ids = ids;
        self.pending_elements
            .extend(gesture.overlay.touched_elements().cloned());
        self.pending_pages
            .extend(gesture.overlay.touched_pages().cloned());
        self.pending_project |= gesture.overlay.project().is_some();
        gesture.commands.extend(commands);
        Ok(applied)
    }

    fn write(&mut self, ops: Vec<Op>) {
        let ops = collapse(ops);
        if ops.is_empty() {
            return;
        }
        {
            let mut txn = self.doc.transact_mut_with(LOCAL);
            document::write(&mut txn, &self.elements, &self.pages, &ops);
        }
        self.sync();
    }

    /// Writes ops outside the undo history and the log (loading a snapshot).
    pub(crate) fn write_unrecorded(&mut self, ops: Vec<Op>) {
        self.elements.unobserve_deep("omnios:deltas");
        self.pages.unobserve_deep("omnios:deltas");
        {
            let mut txn = self.doc.transact_mut_with(REMOTE);
            document::write(&mut txn, &self.elements, &self.pages, &ops);
        }
        observe_changes(&self.elements, &self.pages, &self.touched);
        self.touch_everything();
        self.sync();
    }

    /// Marks every element and page as touched (after a write made without observers).
    fn touch_everything(&mut self) {
        let txn = self.doc.transact();
        let mut t = lock(&self.touched);
        t.elements
            .extend(self.elements.keys(&txn).map(|k| ElementId(k.to_owned())));
        t.pages
            .extend(self.pages.keys(&txn).map(|k| PageId(k.to_owned())));
        t.project = true;
    }

    fn record(&mut self, entry: LogEntry) {
        if self.record_log {
            self.log.push(entry);
        }
    }

    /// Starts a gesture (a drag, a resize, a scrub): commands until [`Engine::end_gesture`]
    /// are previewed, then written once, as one undo step.
    pub fn begin_gesture(&mut self) {
        if self.gesture.is_none() {
            self.gesture = Some(Gesture {
                commands: Vec::new(),
                overlay: Overlay::default(),
                ids_at_start: self.ids.clone(),
            });
        }
    }

    /// Whether a gesture is open.
    pub fn in_gesture(&self) -> bool {
        self.gesture.is_some()
    }

    /// Ends the gesture: its commands are planned again against the current document (a peer
    /// may have changed it meanwhile) and written in one transaction.
    pub fn end_gesture(&mut self) -> Result<Applied, EngineError> {
        let Some(gesture) = self.gesture.take() else {
            return Ok(Applied::default());
        };
        self.pending_elements
            .extend(gesture.overlay.touched_elements().cloned());
        self.pending_pages
            .extend(gesture.overlay.touched_pages().cloned());
        self.pending_project |= gesture.overlay.project().is_some();
        self.ids = gesture.ids_at_start;
        if gesture.commands.is_empty() {
            return Ok(Applied::default());
        }
        self.commit_batch(gesture.commands)
    }

    /// Drops the gesture; the document never saw it.
    pub fn cancel_gesture(&mut self) {
        if let Some(gesture) = self.gesture.take() {
            self.pending_elements
                .extend(gesture.overlay.touched_elements().cloned());
            self.pending_pages
                .extend(gesture.overlay.touched_pages().cloned());
            self.pending_project |= gesture.overlay.project().is_some();
            self.ids = gesture.ids_at_start;
        }
    }

    /// Undoes this user's last step (never a collaborator's). Returns whether anything changed.
    pub fn undo(&mut self) -> bool {
        self.step_history(true)
    }

    /// Redoes the last undone step. Returns whether anything changed.
    pub fn redo(&mut self) -> bool {
        self.step_history(false)
    }

    fn step_history(&mut self, undo: bool) -> bool {
        self.cancel_gesture();
        let before = lock(&self.outbox).len();
        let changed = if undo {
            self.undo.undo_blocking()
        } else {
            self.undo.redo_blocking()
        };
        self.sync();
        if changed {
            // The log keeps what the step wrote, not the request: yrs re-creates restored items
            // in hash-set order, so re-running an undo would not give the same bytes.
            let updates = lock(&self.outbox)
                .get(before..)
                .map(<[Vec<u8>]>::to_vec)
                .unwrap_or_default();
            let at = self.clock.now_ms();
            self.record(if undo {
                LogEntry::Undo { at, updates }
            } else {
                LogEntry::Redo { at, updates }
            });
        }
        changed
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        self.undo.can_undo()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        self.undo.can_redo()
    }

    /// Forgets undo and redo history (after opening a project, say).
    pub fn clear_history(&mut self) {
        self.undo.clear_all();
    }

    /// Re-reads what the last transaction touched and patches the derived state.
    fn sync(&mut self) {
        let touched = std::mem::take(&mut *lock(&self.touched));
        let txn = self.doc.transact();
        if touched.project {
            self.state.project = document::read_project(&txn);
            self.pending_project = true;
        }
        for id in &touched.pages {
            self.state
                .set_page(id, document::read_page(&self.pages, &txn, id));
            self.pending_pages.insert(id.clone());
        }
        let updates: Vec<(ElementId, Option<Element>)> = touched
            .elements
            .into_iter()
            .map(|id| {
                let el = document::read_element(&self.elements, &txn, &id);
                (id, el)
            })
            .collect();
        drop(txn);
        if updates.is_empty() && touched.pages.is_empty() {
            return;
        }
        let affected = self.state.set_elements(updates);
        for sub in self.subscriptions.values_mut() {
            for id in &affected {
                let matches = self
                    .state
                    .elements
                    .get(id)
                    .is_some_and(|el| sub.query.matches(el, self.state.parent(id)));
                if matches {
                    sub.members.insert(id.clone());
                    sub.left.remove(id);
                    sub.changed.insert(id.clone());
                } else if sub.members.remove(id) {
                    sub.changed.remove(id);
                    sub.left.insert(id.clone());
                }
            }
        }
        self.layout.mark(affected.iter().cloned());
        self.pending_elements.extend(affected);
    }

    pub(crate) fn delta_of(&self, id: &ElementId) -> Option<ElementDelta> {
        if let Some(gesture) = &self.gesture {
            let mut overlay = gesture.overlay.clone();
            let mut ids = self.ids.clone();
            let view = View {
                state: &self.state,
                overlay: &mut overlay,
                ids: &mut ids,
            };
            let mut element = view.element(id)?.clone();
            element.parent = view.parent(id);
            return Some(ElementDelta {
                element,
                children: view.children(id),
            });
        }
        self.shown(id)
    }

    fn shown(&self, id: &ElementId) -> Option<ElementDelta> {
        let mut element = self.state.elements.get(id)?.clone();
        element.parent = self.state.parent(id).cloned();
        Some(ElementDelta {
            element,
            children: self.state.children(id).to_vec(),
        })
    }

    /// What changed since the last call, then forgets it. Cost grows with what changed.
    pub fn take_deltas(&mut self) -> Deltas {
        let mut deltas = Deltas::default();
        let ids = std::mem::take(&mut self.pending_elements);
        let pages = std::mem::take(&mut self.pending_pages);
        if self.gesture.is_some() && !ids.is_empty() {
            // One view over the overlay for the whole frame.
            let gesture = self
                .gesture
                .as_ref()
                .map(|g| g.overlay.clone())
                .unwrap_or_default();
            let mut overlay = gesture;
            let mut source = self.ids.clone();
            let view = View {
                state: &self.state,
                overlay: &mut overlay,
                ids: &mut source,
            };
            for id in ids {
                match view.element(&id) {
                    Some(el) => {
                        let mut element = el.clone();
                        element.parent = view.parent(&id);
                        deltas.elements.push(ElementDelta {
                            element,
                            children: view.children(&id),
                        });
                    }
                    None => deltas.removed.push(id),
                }
            }
            for id in pages {
                match view.page(&id) {
                    Some(p) => deltas.pages.push(p.clone()),
                    None => deltas.removed_pages.push(id),
                }
            }
            if std::mem::take(&mut self.pending_project) {
                deltas.project = Some(view.project().clone());
            }
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
        if std::mem::take(&mut self.pending_project) {
            deltas.project = Some(self.state.project.clone());
        }
        deltas
    }

    /// Everything, as deltas: what a host that just attached needs to render.
    pub fn full_deltas(&self) -> Deltas {
        let mut ids: Vec<&ElementId> = self.state.elements.keys().collect();
        ids.sort();
        let mut pages: Vec<Page> = self.state.pages.values().cloned().collect();
        pages.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
        Deltas {
            elements: ids.into_iter().filter_map(|id| self.delta_of(id)).collect(),
            removed: Vec::new(),
            pages,
            removed_pages: Vec::new(),
            project: Some(self.state.project.clone()),
        }
    }

    /// Runs a query over the elements.
    pub fn query(&self, query: &Query) -> QueryResult {
        query.run(&self.state, |id| self.shown(id))
    }

    /// Subscribes to a query: [`Engine::take_subscription_events`] then reports elements that
    /// start or keep matching after a change, and those that stop. Returns the subscription id
    /// and the elements matching now.
    pub fn subscribe(&mut self, query: Query) -> (u32, QueryResult) {
        let now = Query {
            limit: None,
            offset: 0,
            ..query.clone()
        };
        let current = self.query(&now);
        let id = self.next_subscription;
        self.next_subscription += 1;
        self.subscriptions.insert(
            id,
            Subscription {
                members: current
                    .elements
                    .iter()
                    .map(|e| e.element.id.clone())
                    .collect(),
                query,
                changed: BTreeSet::new(),
                left: BTreeSet::new(),
            },
        );
        (id, current)
    }

    /// Ends a subscription.
    pub fn unsubscribe(&mut self, id: u32) -> Result<(), EngineError> {
        self.subscriptions
            .remove(&id)
            .map(|_| ())
            .ok_or(EngineError::UnknownSubscription { id })
    }

    /// Drains what each subscription received since the last call.
    pub fn take_subscription_events(&mut self) -> Vec<SubscriptionEvent> {
        let mut out = Vec::new();
        let ids: Vec<u32> = self.subscriptions.keys().copied().collect();
        for id in ids {
            let Some(sub) = self.subscriptions.get_mut(&id) else {
                continue;
            };
            if sub.changed.is_empty() && sub.left.is_empty() {
                continue;
            }
            let changed = std::mem::take(&mut sub.changed);
            let left = std::mem::take(&mut sub.left);
            out.push(SubscriptionEvent {
                subscription: id,
                changed: changed.iter().filter_map(|e| self.shown(e)).collect(),
                left: left.into_iter().collect(),
            });
        }
        out
    }

    /// This document's state vector (Yjs v1 encoding).
    pub fn encode_state_vector(&self) -> Vec<u8> {
        use yrs::updates::encoder::Encode;
        self.doc.transact().state_vector().encode_v1()
    }

    /// Everything a peer with `state_vector` lacks, as one Yjs v1 update. An empty slice means
    /// the whole document.
    pub fn encode_state_as_update(&self, state_vector: &[u8]) -> Result<Vec<u8>, EngineError> {
        let sv = if state_vector.is_empty() {
            StateVector::default()
        } else {
            StateVector::decode_v1(state_vector).map_err(|e| EngineError::InvalidUpdate {
                reason: format!("state vector: {e}"),
            })?
        };
        Ok(self.doc.transact().encode_state_as_update_v1(&sv))
    }

    /// Applies a peer's update (Yjs v1). Deltas report what it changed; undo never reverts it.
    pub fn apply_update(&mut self, update: &[u8]) -> Result<(), EngineError> {
        if update.len() > MAX_UPDATE_BYTES {
            return Err(EngineError::PayloadTooLarge {
                bytes: update.len(),
                limit: MAX_UPDATE_BYTES,
            });
        }
        let decoded = decode_update(update)?;
        {
            let mut txn = self.doc.transact_mut_with(REMOTE);
            txn.apply_update(decoded)
                .map_err(|e| EngineError::InvalidUpdate {
                    reason: e.to_string(),
                })?;
        }
        self.sync();
        self.record(LogEntry::Update {
            at: self.clock.now_ms(),
            update: update.to_vec(),
        });
        Ok(())
    }

    /// Applies the writes a recorded undo or redo made (replay): sent to peers like local
    /// changes, but not an undo step of their own.
    fn apply_recorded(&mut self, updates: &[Vec<u8>]) -> Result<(), EngineError> {
        for update in updates {
            let decoded = decode_update(update)?;
            let mut txn = self.doc.transact_mut();
            txn.apply_update(decoded)
                .map_err(|e| EngineError::InvalidUpdate {
                    reason: e.to_string(),
                })?;
        }
        self.sync();
        Ok(())
    }

    /// Drains the updates local changes produced (commands, undo, redo), for the peers.
    pub fn take_local_updates(&mut self) -> Vec<Vec<u8>> {
        std::mem::take(&mut *lock(&self.outbox))
    }

    /// The command log recorded so far (empty unless `record_log`).
    pub fn log(&self) -> &[LogEntry] {
        &self.log
    }

    /// The id source, for checkpoints.
    pub fn ids(&self) -> &IdSource {
        &self.ids
    }

    /// The document and log position, to resume from later.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            update: self
                .doc
                .transact()
                .encode_state_as_update_v1(&StateVector::default()),
            position: self.log.len(),
            ids: self.ids.clone(),
        }
    }

    /// An engine at a checkpoint. Undo history starts empty there, as when a project is opened.
    pub fn from_checkpoint(
        mut options: EngineOptions,
        checkpoint: &Checkpoint,
    ) -> Result<Self, EngineError> {
        options.ids = Some(checkpoint.ids.clone());
        let mut engine = Engine::new(options);
        engine.load(&checkpoint.update)?;
        Ok(engine)
    }

    /// Loads a whole document (a saved state): not an undo step, not logged.
    pub fn load(&mut self, update: &[u8]) -> Result<(), EngineError> {
        let record = self.record_log;
        self.record_log = false;
        let result = if self.state.elements.is_empty() && self.state.pages.is_empty() {
            self.load_fresh(update)
        } else {
            self.apply_update(update)
        };
        self.record_log = record;
        result
    }

    /// Loads a whole document into an empty engine without deep observers: building an event
    /// with a path for every nested map of 10,000 elements costs more than the load itself.
    /// Everything is touched anyway, so every key is read once afterwards.
    fn load_fresh(&mut self, update: &[u8]) -> Result<(), EngineError> {
        if update.len() > MAX_UPDATE_BYTES {
            return Err(EngineError::PayloadTooLarge {
                bytes: update.len(),
                limit: MAX_UPDATE_BYTES,
            });
        }
        let decoded = decode_update(update)?;
        self.elements.unobserve_deep("omnios:deltas");
        self.pages.unobserve_deep("omnios:deltas");
        let applied = {
            let mut txn = self.doc.transact_mut_with(REMOTE);
            txn.apply_update(decoded)
                .map_err(|e| EngineError::InvalidUpdate {
                    reason: e.to_string(),
                })
        };
        observe_changes(&self.elements, &self.pages, &self.touched);
        {
            let txn = self.doc.transact();
            let mut t = lock(&self.touched);
            t.elements
                .extend(self.elements.keys(&txn).map(|k| ElementId(k.to_owned())));
            t.pages
                .extend(self.pages.keys(&txn).map(|k| PageId(k.to_owned())));
            t.project = true;
        }
        self.sync();
        applied
    }

    /// Replays log entries onto this engine (with a manual clock, each entry's time is set
    /// before it runs).
    pub fn replay(
        &mut self,
        entries: &[LogEntry],
        clock: Option<&ManualClock>,
    ) -> Result<(), EngineError> {
        for entry in entries {
            if let Some(clock) = clock {
                clock.set(entry.at());
            }
            match entry {
                LogEntry::Commit { commands, .. } => {
                    self.commit_batch(commands.clone())?;
                }
                LogEntry::Undo { updates, .. } | LogEntry::Redo { updates, .. } => {
                    self.apply_recorded(updates)?;
                    self.record(entry.clone());
                }
                LogEntry::Update { update, .. } => self.apply_update(update)?,
            }
        }
        if entries
            .iter()
            .any(|e| matches!(e, LogEntry::Undo { .. } | LogEntry::Redo { .. }))
        {
            // Recorded undo steps were applied as writes: this engine's own stack no longer
            // matches its document.
            self.clear_history();
        }
        Ok(())
    }

    /// Number of root entries in the elements map, readable or not.
    pub fn stored_element_count(&self) -> u32 {
        self.elements.len(&self.doc.transact())
    }

    /// Lays out the active page at the active breakpoint (incrementally) and returns the boxes
    /// that changed since the last call.
    pub fn layout(&mut self) -> LayoutResult {
        self.layout.update(&self.state)
    }

    /// The last computed absolute box of an element.
    pub fn box_of(&self, id: &ElementId) -> Option<crate::layout::Box> {
        self.layout.box_of(id).copied()
    }

    /// Sets the page laid out (`None`: the first page).
    pub fn set_layout_page(&mut self, page: Option<PageId>) {
        self.layout.set_page(page);
    }

    /// Sets the breakpoint laid out, and the frame height that `vh` refers to.
    pub fn set_breakpoint(&mut self, breakpoint: Breakpoint, frame_height: f32) {
        self.layout.set_breakpoint(breakpoint, frame_height);
    }

    /// Sets how text is measured (the browser supplies its own fonts).
    pub fn set_text_measurer(&mut self, measurer: Box<dyn TextMeasurer>) {
        self.layout.set_measurer(measurer);
    }

    /// The topmost selectable element at a page point (after bringing the layout up to date).
    pub fn hit_test(&mut self, x: f32, y: f32) -> Option<ElementId> {
        self.layout.update(&self.state);
        self.layout.spatial().hit_test(&self.state, x, y)
    }

    /// Selectable elements entirely inside a page rectangle, outermost only.
    pub fn marquee(&mut self, rect: Rect) -> Vec<ElementId> {
        self.layout.update(&self.state);
        self.layout.spatial().marquee(&self.state, rect)
    }

    /// Snaps a moving or resizing box; returns the snapped box and the guides to draw.
    pub fn snap(&mut self, request: &SnapRequest) -> SnapResult {
        self.layout.update(&self.state);
        self.layout.spatial().snap(&self.state, request)
    }
}

/// Decodes a peer's update. yrs's decoder can panic on hostile input (a `debug_assert!` on
/// client ids past 2^53): such a panic is an invalid update, never a crash. The struct count
/// an update claims is checked against its length first, so a few bytes cannot make the
/// decoder reserve gigabytes.
fn decode_update(update: &[u8]) -> Result<Update, EngineError> {
    check_claimed_sizes(update)?;
    std::panic::catch_unwind(|| Update::decode_v1(update))
        .map_err(|_| EngineError::InvalidUpdate {
            reason: "malformed update".into(),
        })?
        .map_err(|e| EngineError::InvalidUpdate {
            reason: e.to_string(),
        })
}

fn read_var_u64(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// Every struct takes at least one byte, so no honest update claims more clients or structs
/// than it has bytes.
fn check_claimed_sizes(update: &[u8]) -> Result<(), EngineError> {
    let mut at = 0;
    let too_many = |n: u64| n > update.len() as u64;
    if let Some(clients) = read_var_u64(update, &mut at) {
        if too_many(clients) {
            return Err(EngineError::InvalidUpdate {
                reason: format!("claims {clients} clients in {} bytes", update.len()),
            });
        }
        if clients > 0 {
            if let Some(structs) = read_var_u64(update, &mut at) {
                if too_many(structs) {
                    return Err(EngineError::InvalidUpdate {
                        reason: format!("claims {structs} structs in {} bytes", update.len()),
                    });
                }
            }
        }
    }
    Ok(())
}

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
fn observe_project(project: &MapRef, touched: &Arc<Mutex<Touched>>) {
    let sink = touched.clone();
    project.observe("omnios:deltas", move |_, _| lock(&sink).project = true);
}

/// Records which elements and pages each transaction touched (docs/architecture.md, "The command path"), whatever its
/// origin: local, remote or undo.
fn observe_changes(elements: &MapRef, pages: &MapRef, touched: &Arc<Mutex<Touched>>) {
    let sink = touched.clone();
    elements.observe_deep("omnios:deltas", move |txn, events| {
        let keys = touched_keys(txn, events);
        lock(&sink).elements.extend(keys.into_iter().map(ElementId));
    });
    let sink = touched.clone();
    pages.observe_deep("omnios:deltas", move |txn, events| {
        let keys = touched_keys(txn, events);
        lock(&sink).pages.extend(keys.into_iter().map(PageId));
    });
}
