//! The gate every update from outside passes before it reaches the document: a peer's update,
//! a saved document being loaded, a recorded undo being replayed.
//!
//! yrs cannot take back an applied update, so an update is first applied to a *shadow*: a
//! second `yrs::Doc` holding the same document. Every entry the update touched there is
//! checked by the rules commands follow (`document::check_*_entry`, `plan::check_record`,
//! the nesting limit); only if all pass is the update applied to the real document. An update
//! that would write anything a command could not is refused whole with
//! [`EngineError::InvalidUpdate`] (or the record's own error), and the document is unchanged.
//!
//! The shadow is built lazily (from the document's full state plus whatever yrs holds back as
//! pending) when an update arrives, and kept in step afterwards: every local transaction's
//! update is queued for it by the engine's update observer, and every checked update is
//! applied to it first. Holding the same pending structs as the document matters: an update
//! held back because it arrived early is checked when it integrates, in the shadow as in the
//! document. After a refusal, or once the queue grows past [`MAX_QUEUED_BYTES`] without a
//! remote update, the shadow is dropped and rebuilt next time.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, Map, MapRef, ReadTxn, StateVector, Transact, Update};

use crate::asset::AssetId;
use crate::component;
use crate::delta::{observe_changes, observe_comments, observe_project, Touched};
use crate::document::comments::{
    check_message_entry, check_thread_entry, MESSAGES_MAP, THREADS_MAP,
};
use crate::document::{
    check_asset_entry, check_element_entry, check_page_entry, check_project_entry,
    check_token_entry, read_element, stored_depth, stored_parent, ASSETS_MAP, PROJECT_MAP,
    TOKENS_MAP,
};
use crate::engine::lock;
use crate::error::EngineError;
use crate::id::{ElementId, PageId};
use crate::plan::MAX_DEPTH;
use crate::sender::{check_comments, check_may_edit, Sender};
use crate::state::State;
use crate::token::TokenId;
use crate::update_guard::{decode_update, integrate_pending};

/// Local updates queued for the shadow beyond this many bytes drop it instead.
const MAX_QUEUED_BYTES: usize = 4 * 1024 * 1024;

/// Local updates waiting to reach the shadow (filled by the engine's update observer).
#[derive(Default)]
pub(crate) struct Queue {
    /// Whether a shadow exists to receive them.
    live: bool,
    updates: Vec<Vec<u8>>,
    bytes: usize,
}

impl Queue {
    /// Queues a local transaction's update while a shadow exists.
    pub(crate) fn push(&mut self, update: &[u8]) {
        if !self.live {
            return;
        }
        self.bytes += update.len();
        if self.bytes > MAX_QUEUED_BYTES {
            *self = Queue::default();
        } else {
            self.updates.push(update.to_vec());
        }
    }
}

struct Shadow {
    doc: Doc,
    elements: MapRef,
    pages: MapRef,
    assets: MapRef,
    tokens: MapRef,
    threads: MapRef,
    messages: MapRef,
    touched: Arc<Mutex<Touched>>,
}

impl Shadow {
    /// An empty shadow; `observed`: recording which entries each transaction touches (a whole
    /// document is applied without: every entry is read afterwards anyway).
    fn new(observed: bool) -> Self {
        let doc = Doc::with_options(yrs::Options {
            skip_gc: true,
            ..yrs::Options::default()
        });
        let elements = doc.get_or_insert_map("elements");
        let pages = doc.get_or_insert_map("pages");
        let assets = doc.get_or_insert_map(ASSETS_MAP);
        let tokens = doc.get_or_insert_map(TOKENS_MAP);
        let project = doc.get_or_insert_map(PROJECT_MAP);
        let threads = doc.get_or_insert_map(THREADS_MAP);
        let messages = doc.get_or_insert_map(MESSAGES_MAP);
        let touched = Arc::new(Mutex::new(Touched::default()));
        if observed {
            observe_changes(&elements, &pages, &assets, &tokens, &touched);
            observe_project(&project, &touched);
            observe_comments(&threads, &messages, &touched);
        }
        Self {
            doc,
            elements,
            pages,
            assets,
            tokens,
            threads,
            messages,
            touched,
        }
    }

    /// A shadow of `main`: its whole state, then what it holds back as pending.
    fn copy_of(main: &Doc) -> Result<Self, EngineError> {
        let shadow = Self::new(false);
        let (state, pending, pending_ds) = {
            let txn = main.transact();
            let store = txn.store();
            (
                txn.encode_state_as_update_v1(&StateVector::default()),
                store.pending_update().map(|p| p.update.encode_v1()),
                store.pending_ds().map(|ds| {
                    // An update with no structs, only this delete set.
                    let mut bytes = vec![0u8];
                    bytes.extend(ds.encode_v1());
                    bytes
                }),
            )
        };
        for bytes in [Some(state), pending, pending_ds].into_iter().flatten() {
            shadow.apply_trusted(&bytes)?;
        }
        observe_changes(
            &shadow.elements,
            &shadow.pages,
            &shadow.assets,
            &shadow.tokens,
            &shadow.touched,
        );
        observe_project(&shadow.doc.get_or_insert_map(PROJECT_MAP), &shadow.touched);
        observe_comments(&shadow.threads, &shadow.messages, &shadow.touched);
        Ok(shadow)
    }

    /// Applies bytes that came from the document itself (no check).
    fn apply_trusted(&self, bytes: &[u8]) -> Result<(), EngineError> {
        let update = Update::decode_v1(bytes).map_err(|e| EngineError::InvalidUpdate {
            reason: e.to_string(),
        })?;
        let mut txn = self.doc.transact_mut();
        txn.apply_update(update)
            .map_err(|e| EngineError::InvalidUpdate {
                reason: e.to_string(),
            })
    }

    /// Applies an update from outside, unchecked yet; returns what it touched.
    fn apply(&self, update: Update) -> Result<Touched, EngineError> {
        {
            let mut txn = self.doc.transact_mut();
            txn.apply_update(update)
                .map_err(|e| EngineError::InvalidUpdate {
                    reason: e.to_string(),
                })?;
            integrate_pending(&mut txn)?;
        }
        Ok(std::mem::take(&mut *lock(&self.touched)))
    }

    /// Refuses a cycle of parents that the update just applied wrote whole: every element on
    /// the cycle has another parent here than in `main` (the document before the update). No
    /// command writes one, and no honest peer can send one: its own parents never form a cycle
    /// in its own document. A cycle that needs a parent written before is what two concurrent
    /// moves legitimately make; refusing it would cut an honest peer off, so every replica
    /// repairs that one by the same rule instead (`state.rs`).
    fn refuse_written_cycle(&self, main: &Doc, touched: &Touched) -> Result<(), EngineError> {
        let txn = self.doc.transact();
        let main_txn = main.transact();
        let before = main_txn.get_map("elements");
        for start in &touched.elements {
            let mut path: Vec<String> = Vec::new();
            let mut current = start.0.clone();
            let cycle = loop {
                if let Some(at) = path.iter().position(|p| *p == current) {
                    break Some(&path[at..]);
                }
                if path.len() > MAX_DEPTH + 1 {
                    break None;
                }
                path.push(current.clone());
                match stored_parent(&self.elements, &txn, &current) {
                    Some(parent) => current = parent,
                    None => break None,
                }
            };
            let Some(cycle) = cycle else { continue };
            let written = cycle.iter().all(|id| {
                let was = before
                    .as_ref()
                    .and_then(|b| stored_parent(b, &main_txn, id));
                stored_parent(&self.elements, &txn, id) != was
            });
            if written {
                let moving = cycle[0].clone();
                let into = stored_parent(&self.elements, &txn, &moving).unwrap_or_default();
                return Err(EngineError::WouldCreateCycle { moving, into });
            }
        }
        Ok(())
    }

    /// Refuses an update that by itself makes a master contain itself: every instance on
    /// the loop was written by this update (like [`Shadow::refuse_written_cycle`]; no command
    /// writes one). A loop two concurrent honest edits make only on merge is accepted and
    /// shown empty at the repetition instead, the same on every replica (`component.rs`).
    fn refuse_self_containment(&self, touched: &Touched) -> Result<(), EngineError> {
        let txn = self.doc.transact();
        // Master → components its touched instances name.
        let mut written: HashMap<ElementId, Vec<ElementId>> = HashMap::new();
        for id in &touched.elements {
            let Some(el) = read_element(&self.elements, &txn, id) else {
                continue;
            };
            let Some(component) = component::component_of(&el) else {
                continue;
            };
            let master = ElementId(el.page.0.clone());
            if read_element(&self.elements, &txn, &master)
                .is_some_and(|r| component::is_master_root(&r))
            {
                written.entry(master).or_default().push(component);
            }
        }
        let instances_in = |m: &ElementId| written.get(m).cloned().unwrap_or_default();
        for (master, components) in &written {
            for component in components {
                if component::contains(&instances_in, component, master) {
                    return Err(EngineError::ComponentContainsItself {
                        component: component.0.clone(),
                        into: master.0.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    fn check(&self, touched: &Touched, state: &State) -> Result<(), EngineError> {
        let txn = self.doc.transact();
        if touched.project {
            check_project_entry(&txn)?;
        }
        for id in &touched.pages {
            check_page_entry(&self.pages, &txn, id.as_str())?;
        }
        for id in &touched.assets {
            check_asset_entry(&self.assets, &txn, id.as_str())?;
        }
        for id in &touched.tokens {
            check_token_entry(&self.tokens, &txn, id.as_str())?;
        }
        for id in &touched.threads {
            check_thread_entry(&self.threads, &txn, id)?;
        }
        for id in &touched.messages {
            check_message_entry(&self.messages, &txn, id)?;
        }
        for id in &touched.elements {
            check_element_entry(&self.elements, &txn, id.as_str())?;
            // Its depth now, plus how far its subtree reached below it before.
            let depth =
                stored_depth(&self.elements, &txn, id.as_str(), MAX_DEPTH + 1) + height(state, id);
            if depth > MAX_DEPTH {
                return Err(EngineError::TooDeep {
                    element: id.0.clone(),
                    depth,
                    limit: MAX_DEPTH,
                });
            }
        }
        Ok(())
    }
}

/// How many levels the element's subtree reaches below it in the derived tree.
fn height(state: &State, id: &ElementId) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(id, 0usize)];
    let mut seen = BTreeSet::new();
    while let Some((next, level)) = stack.pop() {
        if !seen.insert(next) || level > MAX_DEPTH {
            continue;
        }
        deepest = deepest.max(level);
        stack.extend(state.children(next).iter().map(|c| (c, level + 1)));
    }
    deepest
}

/// The gate: the shadow, when there is one, and the queue of local updates it has not seen.
#[derive(Default)]
pub(crate) struct Gate {
    shadow: Option<Shadow>,
    pub(crate) queue: Arc<Mutex<Queue>>,
}

impl Gate {
    /// Checks `bytes` against the document `main` (whose derived state is `state`): decoded,
    /// applied to the shadow, every touched entry checked, and when the host knows who sent
    /// it, what that `sender` may write (`sender.rs`). On success the caller applies the same
    /// bytes to `main`; on refusal the shadow is dropped and nothing else changed.
    pub(crate) fn check(
        &mut self,
        main: &Doc,
        state: &State,
        bytes: &[u8],
        sender: Option<&Sender>,
    ) -> Result<Update, EngineError> {
        let for_shadow = decode_update(bytes)?;
        let result = self.shadow(main).and_then(|shadow| {
            let touched = shadow.apply(for_shadow)?;
            // A reader's design change is refused for what it is, before what it says.
            if let Some(sender) = sender {
                check_may_edit(&touched, sender)?;
            }
            shadow.check(&touched, state)?;
            shadow.refuse_written_cycle(main, &touched)?;
            shadow.refuse_self_containment(&touched)?;
            match sender {
                Some(sender) => check_comments(main, &shadow.doc, &touched, sender),
                None => Ok(()),
            }
        });
        if let Err(e) = result {
            self.drop_shadow();
            return Err(e);
        }
        // Decoding again is cheaper than cloning what yrs decoded.
        decode_update(bytes)
    }

    /// Checks a whole document about to be loaded into an empty engine: every entry in it.
    pub(crate) fn check_whole(bytes: &[u8]) -> Result<Update, EngineError> {
        let shadow = Shadow::new(false);
        {
            let mut txn = shadow.doc.transact_mut();
            txn.apply_update(decode_update(bytes)?)
                .map_err(|e| EngineError::InvalidUpdate {
                    reason: e.to_string(),
                })?;
        }
        let touched = {
            let txn = shadow.doc.transact();
            Touched {
                elements: shadow
                    .elements
                    .keys(&txn)
                    .map(|k| ElementId(k.to_owned()))
                    .collect(),
                pages: shadow
                    .pages
                    .keys(&txn)
                    .map(|k| PageId(k.to_owned()))
                    .collect(),
                assets: shadow
                    .assets
                    .keys(&txn)
                    .map(|k| AssetId(k.to_owned()))
                    .collect(),
                tokens: shadow
                    .tokens
                    .keys(&txn)
                    .map(|k| TokenId(k.to_owned()))
                    .collect(),
                project: true,
                comments: true,
                threads: shadow.threads.keys(&txn).map(str::to_owned).collect(),
                messages: shadow.messages.keys(&txn).map(str::to_owned).collect(),
            }
        };
        shadow.check(&touched, &State::default())?;
        decode_update(bytes)
    }

    /// Forgets the shadow (after a write the queue did not see, or a refusal).
    pub(crate) fn drop_shadow(&mut self) {
        self.shadow = None;
        *lock(&self.queue) = Queue::default();
    }

    /// The shadow, built or brought up to date with the queued local updates.
    fn shadow(&mut self, main: &Doc) -> Result<&Shadow, EngineError> {
        let queued = {
            let mut queue = lock(&self.queue);
            if !queue.live {
                self.shadow = None;
            }
            queue.live = true;
            queue.bytes = 0;
            std::mem::take(&mut queue.updates)
        };
        let shadow = match self.shadow.take() {
            Some(shadow) => {
                for update in &queued {
                    shadow.apply_trusted(update)?;
                }
                *lock(&shadow.touched) = Touched::default();
                shadow
            }
            None => Shadow::copy_of(main)?,
        };
        Ok(self.shadow.insert(shadow))
    }
}
