//! Gestures (a drag, a resize, a scrub): between [`Engine::begin_gesture`] and
//! [`Engine::end_gesture`] commands go through the same planner as a commit, into an overlay
//! that deltas, layout and snapping see and the document does not. The end plans them again
//! against the current document and writes them once, as one undo step; a cancel drops them.

use crate::command::{Applied, Command};
use crate::engine::Engine;
use crate::error::EngineError;
use crate::id::IdSource;
use crate::plan::{Overlay, View};

/// An open gesture: its commands so far, what they staged, and the id source at its start
/// (the end mints the same ids again when it writes).
pub(crate) struct Gesture {
    commands: Vec<Command>,
    overlay: Overlay,
    ids_at_start: IdSource,
}

impl Engine {
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
        self.close(gesture.overlay, gesture.ids_at_start);
        if gesture.commands.is_empty() {
            return Ok(Applied::default());
        }
        self.commit_batch(gesture.commands)
    }

    /// Drops the gesture; the document never saw it.
    pub fn cancel_gesture(&mut self) {
        if let Some(gesture) = self.gesture.take() {
            self.close(gesture.overlay, gesture.ids_at_start);
        }
    }

    /// What the preview showed must be shown again as the document has it.
    fn close(&mut self, overlay: Overlay, ids_at_start: IdSource) {
        self.mark_pending(&overlay);
        self.ids = ids_at_start;
    }

    fn mark_pending(&mut self, overlay: &Overlay) {
        self.pending_elements
            .extend(overlay.touched_elements().cloned());
        self.pending_pages.extend(overlay.touched_pages().cloned());
        self.pending_project |= overlay.project().is_some();
    }

    /// Plans `commands` on top of the gesture's overlay with the commit's planner
    /// ([`Engine::plan`]); nothing is written. Returns what these commands created.
    pub(crate) fn preview(
        &mut self,
        gesture: &mut Gesture,
        commands: Vec<Command>,
    ) -> Result<Applied, EngineError> {
        let mut staged = gesture.overlay.clone();
        let before = std::mem::take(&mut staged.applied);
        let (mut overlay, ids) = self.plan(&commands, staged, self.ids.clone())?;
        let applied = std::mem::replace(&mut overlay.applied, before);
        overlay
            .applied
            .created
            .extend(applied.created.iter().cloned());
        overlay
            .applied
            .created_pages
            .extend(applied.created_pages.iter().cloned());
        self.ids = ids;
        self.mark_pending(&overlay);
        gesture.overlay = overlay;
        gesture.commands.extend(commands);
        Ok(applied)
    }

    /// Runs `f` on the state as the open gesture previews it; `None` without a gesture.
    pub(crate) fn with_preview<R>(&self, f: impl FnOnce(&View) -> R) -> Option<R> {
        let gesture = self.gesture.as_ref()?;
        let mut overlay = gesture.overlay.clone();
        let mut ids = self.ids.clone();
        let view = View {
            state: &self.state,
            overlay: &mut overlay,
            ids: &mut ids,
        };
        Some(f(&view))
    }
}
