//! Undo and redo one step at a time.
//!
//! yrs's undo manager pops steps until one changes something: when a collaborator has since
//! overwritten everything a step wrote, that step changes nothing and the manager reaches
//! further back — with two peers, "A creates x1; B sets its width; A sets it green; B sets it
//! blue; A presses undo" deleted x1 on both. Here each undo or redo hands the manager a stack
//! holding only the step asked for, so it can never reach past it; a step that changes nothing
//! is dropped and reported as [`EngineError::UndoOverwritten`].

use std::collections::HashSet;
use std::sync::Arc;

use yrs::undo::{Options as UndoOptions, StackItem, UndoManager};
use yrs::{Doc, Origin};

use crate::clock::{Clock, UndoClock};
use crate::document;
use crate::engine::LOCAL;
use crate::error::EngineError;

/// An undo manager over the document's five design root maps, tracking local transactions,
/// with the given stacks. The comment roots are outside its scope: a comment is never an undo
/// step (`comment.rs`).
pub(crate) fn undo_manager(
    doc: &Doc,
    clock: Arc<dyn Clock>,
    undo: Vec<StackItem<()>>,
    redo: Vec<StackItem<()>>,
) -> UndoManager<()> {
    let mut manager = UndoManager::with_options(UndoOptions {
        capture_timeout_millis: 0,
        tracked_origins: HashSet::new(),
        capture_transaction: None,
        timestamp: Arc::new(UndoClock(clock)),
        init_undo_stack: undo,
        init_redo_stack: redo,
    });
    for name in [
        "elements",
        "pages",
        document::PROJECT_MAP,
        document::ASSETS_MAP,
        document::TOKENS_MAP,
    ] {
        manager.expand_scope(doc, &doc.get_or_insert_map(name));
    }
    manager.include_origin(Origin::from(LOCAL));
    manager
}

fn split_top(mut stack: Vec<StackItem<()>>) -> (Option<StackItem<()>>, Vec<StackItem<()>>) {
    (stack.pop(), stack)
}

/// Undoes (or redoes) exactly the top step of `manager`. `Ok(false)`: no step; `Ok(true)`: the
/// step changed the document; [`EngineError::UndoOverwritten`]: collaborators had overwritten
/// all of it, nothing changed and the step is gone.
pub(crate) fn step_once(
    manager: &mut UndoManager<()>,
    doc: &Doc,
    clock: &Arc<dyn Clock>,
    undo: bool,
) -> Result<bool, EngineError> {
    let undo_stack = manager.undo_stack().to_vec();
    let redo_stack = manager.redo_stack().to_vec();
    // The manager is handed only the one step, with the other stack whole (the old manager is
    // dropped first, so only one observes the document at a time); afterwards the rest of the
    // stack goes back under what the step pushed on the other stack.
    let changed = if undo {
        let (Some(top), rest) = split_top(undo_stack) else {
            return Ok(false);
        };
        *manager = undo_manager(doc, clock.clone(), vec![top], redo_stack);
        let changed = manager.undo_blocking();
        let redo = manager.redo_stack().to_vec();
        *manager = undo_manager(doc, clock.clone(), rest, redo);
        changed
    } else {
        let (Some(top), rest) = split_top(redo_stack) else {
            return Ok(false);
        };
        *manager = undo_manager(doc, clock.clone(), undo_stack, vec![top]);
        let changed = manager.redo_blocking();
        let undo = manager.undo_stack().to_vec();
        *manager = undo_manager(doc, clock.clone(), undo, rest);
        changed
    };
    if changed {
        Ok(true)
    } else {
        Err(EngineError::UndoOverwritten)
    }
}
