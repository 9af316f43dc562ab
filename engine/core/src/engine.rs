//! [`Engine`]: the one surface every host calls. It gathers inputs, asks the planner for
//! writes, applies them in one yrs transaction, and reports what changed as deltas. This file
//! holds the engine, its options and the transaction loop (commit, undo and redo, peers'
//! updates, load, checkpoints, replay) and the thin calls into layout.
//!
//! Every other `impl Engine` block, by file:
//!
//! | file | what it adds to [`Engine`] |
//! |---|---|
//! | `delta.rs` | `take_deltas`, `full_deltas`: what changed, read from the touched ids |
//! | `gesture.rs` | `begin_gesture`, `end_gesture`, `cancel_gesture`: preview on the planner |
//! | `subscription.rs` | `query`, `subscribe`, `unsubscribe`, `take_subscription_events`, `cascaded_styles`, `page_order` |
//! | `restore.rs` | `restore`: a saved version back as one undo step |
//! | `snapshot.rs` | `to_snapshot`, `from_snapshot`: the JSON form |
//! | `backup.rs` | `.omnios` backups |
//! | `comment.rs` | `comment`, `comments`, `set_local_user`: comment threads, outside undo |
//! | `lib.rs` | `commit_json`, `commit_batch_json`: commands as JSON text |
//!
//! The clock is in `clock.rs`, the checks on update bytes from outside in `update_guard.rs`.
//! Neither this module nor `query.rs` imports the other: `subscription.rs` joins them.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use yrs::undo::UndoManager;
use yrs::updates::decoder::Decode;
use yrs::{Doc, Map, MapRef, Origin, ReadTxn, StateVector, Transact};

use crate::asset::AssetId;
use crate::clock::{Clock, ManualClock};
use crate::command::{Applied, Command};
use crate::comment::Author;
use crate::delta::{
    observe_changes, observe_comments, observe_project, unobserve_changes, Touched,
};
use crate::document;
use crate::document::comments::{MESSAGES_MAP, THREADS_MAP};
use crate::element::Element;
use crate::error::EngineError;
use crate::gesture::Gesture;
use crate::history::{step_once, undo_manager};
use crate::id::{prefix_for_client, ElementId, IdSource, PageId};
use crate::incoming::Gate;
use crate::layout::drop_target::DropTarget;
use crate::layout::spatial::Rect;
use crate::layout::{Layout, LayoutResult, SnapRequest, SnapResult, TextMeasurer};
use crate::log::LogEntry;
use crate::plan::{collapse, Op, Overlay, View};
use crate::repair::Dropped;
use crate::sender::Sender;
use crate::state::State;
use crate::style::Breakpoint;
use crate::subscription::Subscription;
use crate::token::TokenId;
use crate::update_guard::integrate_pending;

/// Most work in one batch: the sum of the commands' [`Command::weight`] (ids × properties of a
/// style update, …), and again the writes planned (a duplicate of a large subtree).
pub const MAX_BATCH: usize = 200_000;

pub(crate) const LOCAL: &str = "omnios:local";
pub(crate) const REMOTE: &str = "omnios:remote";
/// The origin of comment transactions: not tracked by the undo manager (`comment.rs`).
pub(crate) const COMMENT: &str = "omnios:comment";

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
    pub(crate) doc: Doc,
    pub(crate) elements: MapRef,
    pub(crate) pages: MapRef,
    pub(crate) assets: MapRef,
    pub(crate) tokens: MapRef,
    pub(crate) undo: UndoManager<()>,
    pub(crate) touched: Arc<Mutex<Touched>>,
    pub(crate) outbox: Arc<Mutex<Vec<Vec<u8>>>>,
    pub(crate) state: State,
    pub(crate) pending_elements: BTreeSet<ElementId>,
    pub(crate) pending_pages: BTreeSet<PageId>,
    pub(crate) pending_project: bool,
    pub(crate) pending_assets: BTreeSet<AssetId>,
    pub(crate) pending_tokens: BTreeSet<TokenId>,
    pub(crate) subscriptions: BTreeMap<u32, Subscription>,
    pub(crate) next_subscription: u32,
    pub(crate) ids: IdSource,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) record_log: bool,
    pub(crate) log: Vec<LogEntry>,
    pub(crate) gesture: Option<Gesture>,
    pub(crate) layout: Layout,
    /// Checks updates from outside before they reach the document (`incoming.rs`).
    pub(crate) gate: Gate,
    /// Whether the comments changed since the last `take_deltas`.
    pub(crate) pending_comments: bool,
    /// Who writes comments from this engine (`comment.rs`).
    pub(crate) local_user: Author,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
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
        let assets = doc.get_or_insert_map(document::ASSETS_MAP);
        let tokens = doc.get_or_insert_map(document::TOKENS_MAP);

        let touched = Arc::new(Mutex::new(Touched::default()));
        observe_changes(&elements, &pages, &assets, &tokens, &touched);
        observe_project(&project, &touched);
        observe_comments(
            &doc.get_or_insert_map(THREADS_MAP),
            &doc.get_or_insert_map(MESSAGES_MAP),
            &touched,
        );
        let outbox = Arc::new(Mutex::new(Vec::new()));
        let sink = outbox.clone();
        let gate = Gate::default();
        let queue = gate.queue.clone();
        let remote = Origin::from(REMOTE);
        // Failure here would mean a transaction is open during construction, which cannot be.
        let _ = doc.observe_update_v1("omnios:outbox", move |txn, event| {
            if txn.origin() != Some(&remote) {
                lock(&queue).push(&event.update);
                lock(&sink).push(event.update.clone());
            }
        });

        let undo = undo_manager(&doc, options.clock.clone(), Vec::new(), Vec::new());

        Self {
            doc,
            elements,
            pages,
            assets,
            tokens,
            undo,
            touched,
            outbox,
            state: State::default(),
            pending_elements: BTreeSet::new(),
            pending_pages: BTreeSet::new(),
            pending_project: false,
            pending_assets: BTreeSet::new(),
            pending_tokens: BTreeSet::new(),
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
            gate,
            pending_comments: false,
            local_user: Author::default(),
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
        let weight = commands
            .iter()
            .map(Command::weight)
            .fold(0usize, usize::saturating_add);
        if weight > MAX_BATCH {
            return Err(EngineError::PayloadTooLarge {
                bytes: weight,
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

    /// Plans commands on top of `overlay` with the planner (`plan.rs`): the one path from a
    /// command to writes, for commits and gesture previews alike.
    pub(crate) fn plan(
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
            if view.overlay.ops.len() > MAX_BATCH {
                return Err(EngineError::PayloadTooLarge {
                    bytes: view.overlay.ops.len(),
                    limit: MAX_BATCH,
                });
            }
        }
        Ok((overlay, ids))
    }

    /// Writes planned ops in one local transaction: one undo step.
    pub(crate) fn write(&mut self, ops: Vec<Op>) {
        let ops = collapse(ops);
        if ops.is_empty() {
            return;
        }
        self.write_with(LOCAL, &ops);
        self.sync();
    }

    /// Writes ops into the document's design roots in one transaction of `origin`.
    fn write_with(&self, origin: &str, ops: &[Op]) {
        let mut txn = self.doc.transact_mut_with(origin);
        document::write(
            &mut txn,
            &self.elements,
            &self.pages,
            &self.assets,
            &self.tokens,
            ops,
        );
    }

    /// Writes ops outside the undo history and the log (loading a snapshot).
    pub(crate) fn write_unrecorded(&mut self, ops: Vec<Op>) {
        self.gate.drop_shadow();
        unobserve_changes(&self.elements, &self.pages, &self.assets, &self.tokens);
        self.write_with(REMOTE, &ops);
        self.observe_after_unobserved_write();
    }

    /// Attaches the deep observers again after a write made without them, and reads
    /// everything, as that write may have touched anything.
    fn observe_after_unobserved_write(&mut self) {
        observe_changes(
            &self.elements,
            &self.pages,
            &self.assets,
            &self.tokens,
            &self.touched,
        );
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
        t.assets
            .extend(self.assets.keys(&txn).map(|k| AssetId(k.to_owned())));
        t.tokens
            .extend(self.tokens.keys(&txn).map(|k| TokenId(k.to_owned())));
        t.project = true;
        t.comments = true;
    }

    pub(crate) fn record(&mut self, entry: LogEntry) {
        if self.record_log {
            self.log.push(entry);
        }
    }

    /// Undoes this user's last step (never a collaborator's). Returns whether anything changed:
    /// `false` also when collaborators had overwritten the whole step (see [`Engine::try_undo`]).
    pub fn undo(&mut self) -> bool {
        self.try_undo().unwrap_or(false)
    }

    /// Redoes the last undone step. Returns whether anything changed.
    pub fn redo(&mut self) -> bool {
        self.try_redo().unwrap_or(false)
    }

    /// Undoes exactly this user's last step: `Ok(true)` when it changed the document,
    /// `Ok(false)` when there is none, and [`EngineError::UndoOverwritten`] when collaborators
    /// have since overwritten everything it wrote: nothing changes, that step is dropped, and
    /// the undo never reaches past it to an earlier step (`history.rs`).
    pub fn try_undo(&mut self) -> Result<bool, EngineError> {
        self.step_history(true)
    }

    /// Redoes exactly the last undone step; the counterpart of [`Engine::try_undo`].
    pub fn try_redo(&mut self) -> Result<bool, EngineError> {
        self.step_history(false)
    }

    fn step_history(&mut self, undo: bool) -> Result<bool, EngineError> {
        self.cancel_gesture();
        let before = lock(&self.outbox).len();
        let result = step_once(&mut self.undo, &self.doc, &self.clock, undo);
        self.sync();
        if result == Ok(true) {
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
        result
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
    pub(crate) fn sync(&mut self) {
        let touched = std::mem::take(&mut *lock(&self.touched));
        if touched.comments {
            self.pending_comments = true;
        }
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
        for id in &touched.assets {
            self.state
                .set_asset(id, document::read_asset(&self.assets, &txn, id));
            self.pending_assets.insert(id.clone());
        }
        // Every element using a changed token restyles: its look changed with the token.
        let mut restyled: BTreeSet<ElementId> = BTreeSet::new();
        for id in &touched.tokens {
            self.state
                .set_token(id, document::read_token(&self.tokens, &txn, id));
            self.pending_tokens.insert(id.clone());
            restyled.extend(self.state.token_users(id).cloned());
            // Shown copies of master elements hold the same reference.
            let masters: BTreeSet<ElementId> = self
                .state
                .token_users(id)
                .filter_map(|u| self.state.elements.get(u))
                .map(|u| ElementId(u.page.0.clone()))
                .collect();
            for master in &masters {
                for instance in self.state.readers_of(master) {
                    restyled.extend(self.state.expansion(instance).iter().cloned());
                }
            }
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
        if updates.is_empty() && touched.pages.is_empty() && restyled.is_empty() {
            return;
        }
        let mut affected = self.state.set_elements(updates);
        affected.extend(restyled);
        self.pending_assets
            .extend(std::mem::take(&mut self.state.users_changed));
        self.pending_tokens
            .extend(std::mem::take(&mut self.state.token_users_changed));
        for sub in self.subscriptions.values_mut() {
            sub.notice(&self.state, &affected);
        }
        self.layout.mark(affected.iter().cloned());
        self.pending_elements.extend(affected);
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
    /// An update that would write anything a command could not (`incoming.rs`) is refused
    /// whole and the document is unchanged.
    pub fn apply_update(&mut self, update: &[u8]) -> Result<(), EngineError> {
        self.apply_update_checked(update, None)
    }

    /// Applies a peer's update as [`Engine::apply_update`] does, after checking it against
    /// what `sender` may write (`sender.rs`): a viewer's design changes and a comment in
    /// someone else's name are refused whole, like any other bad update.
    pub fn apply_update_from(&mut self, update: &[u8], sender: &Sender) -> Result<(), EngineError> {
        self.apply_update_checked(update, Some(sender))
    }

    fn apply_update_checked(
        &mut self,
        update: &[u8],
        sender: Option<&Sender>,
    ) -> Result<(), EngineError> {
        let decoded = self.gate.check(&self.doc, &self.state, update, sender)?;
        {
            let mut txn = self.doc.transact_mut_with(REMOTE);
            txn.apply_update(decoded)
                .map_err(|e| EngineError::InvalidUpdate {
                    reason: e.to_string(),
                })?;
            integrate_pending(&mut txn)?;
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
            let decoded = self.gate.check(&self.doc, &self.state, update, None)?;
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

    /// Loads what this project saved itself — its document and the updates stored after it, in
    /// order — as [`Engine::load`] does each. If one is refused because the stored values hold
    /// style or prop values the checks refuse now (written before a rule tightened), it and
    /// every piece after it are loaded together without those values (`repair.rs`), and what
    /// was left out is returned: a value a later piece replaced or deleted anyway is not
    /// reported. Anything else refused stays refused, the document as the earlier pieces left
    /// it. Never for a peer's update: those are refused whole.
    pub fn load_saved(&mut self, pieces: &[&[u8]]) -> Result<Vec<Dropped>, EngineError> {
        for (at, piece) in pieces.iter().enumerate() {
            let refused = match self.load(piece) {
                Ok(()) => continue,
                Err(e) => e,
            };
            let rest = pieces.get(at..).unwrap_or_default();
            let Ok(repaired) = crate::repair::repaired(&self.doc, rest) else {
                return Err(refused);
            };
            self.load(&repaired.update).map_err(|_| refused)?;
            return Ok(repaired.dropped);
        }
        Ok(Vec::new())
    }

    /// Loads a whole document into an empty engine without deep observers: building an event
    /// with a path for every nested map of 10,000 elements costs more than the load itself.
    /// Everything is touched anyway, so every key is read once afterwards.
    fn load_fresh(&mut self, update: &[u8]) -> Result<(), EngineError> {
        let decoded = Gate::check_whole(update)?;
        self.gate.drop_shadow();
        unobserve_changes(&self.elements, &self.pages, &self.assets, &self.tokens);
        let applied = {
            let mut txn = self.doc.transact_mut_with(REMOTE);
            txn.apply_update(decoded)
                .map_err(|e| EngineError::InvalidUpdate {
                    reason: e.to_string(),
                })
        };
        self.observe_after_unobserved_write();
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
                LogEntry::Restore { update, .. } => self.restore(update)?,
                LogEntry::Update { update, .. } => self.apply_update(update)?,
                LogEntry::Comment {
                    at,
                    author,
                    command,
                } => {
                    self.replay_comment(author, *at, command)?;
                    self.record(entry.clone());
                }
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

    /// Lays out (incrementally) and returns every box of the laid-out page or master, sorted
    /// by id: stored elements and those shown inside instances.
    pub fn all_boxes(&mut self) -> BTreeMap<ElementId, crate::layout::Box> {
        self.layout.update(&self.state);
        self.layout
            .boxes()
            .map(|(id, b)| (id.clone(), *b))
            .collect()
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
        self.layout.update_for_queries(&self.state);
        self.layout.spatial().hit_test(&self.state, x, y)
    }

    /// Selectable elements entirely inside a page rectangle, outermost only.
    pub fn marquee(&mut self, rect: Rect) -> Vec<ElementId> {
        self.layout.update_for_queries(&self.state);
        self.layout.spatial().marquee(&self.state, rect)
    }

    /// Where a flow element dropped at a page point would land (container, index and the
    /// line to draw); `excluding` are the elements being moved. Near a container's edges the
    /// drop goes before or after it; `inside` (Alt held) drops into the innermost container.
    pub fn drop_target(
        &mut self,
        x: f32,
        y: f32,
        excluding: &[ElementId],
        inside: bool,
    ) -> Option<DropTarget> {
        self.layout.update_for_queries(&self.state);
        crate::layout::drop_target::drop_target(&self.layout, &self.state, x, y, excluding, inside)
    }

    /// Snaps a moving or resizing box; returns the snapped box and the guides to draw.
    pub fn snap(&mut self, request: &SnapRequest) -> SnapResult {
        self.layout.update_for_queries(&self.state);
        self.layout.spatial().snap(&self.state, request)
    }
}
