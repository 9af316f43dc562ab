//! The command log: local commands, undo, redo, restored versions, comments and remote updates, one JSON object per line,
//! each with the injected clock's time. Replayed with the same client id and id source, it
//! rebuilds a byte-identical document.

use serde::{Deserialize, Serialize};

use crate::command::{Command, CommentCommand};
use crate::comment::Author;
use crate::error::EngineError;

/// One step of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum LogEntry {
    /// A batch of commands (one transaction).
    Commit {
        /// Clock time, ms.
        at: u64,
        /// The commands.
        commands: Vec<Command>,
    },
    /// An undo, with the updates it wrote (replayed as written: see `Engine::undo`).
    Undo {
        /// Clock time, ms.
        at: u64,
        /// Yjs v1 updates the undo produced.
        updates: Vec<Vec<u8>>,
    },
    /// A redo, with the updates it wrote.
    Redo {
        /// Clock time, ms.
        at: u64,
        /// Yjs v1 updates the redo produced.
        updates: Vec<Vec<u8>>,
    },
    /// A saved version restored (see `Engine::restore`): replayed by restoring it again.
    Restore {
        /// Clock time, ms.
        at: u64,
        /// The version: a whole document as one Yjs v1 update.
        update: Vec<u8>,
    },
    /// A peer's update.
    Update {
        /// Clock time, ms.
        at: u64,
        /// Yjs v1 update bytes.
        update: Vec<u8>,
    },
    /// A comment command, as its author (not an undo step).
    Comment {
        /// Clock time, ms.
        at: u64,
        /// Who wrote it.
        author: Author,
        /// The command.
        command: CommentCommand,
    },
}

impl LogEntry {
    /// When it happened.
    pub fn at(&self) -> u64 {
        match self {
            Self::Commit { at, .. }
            | Self::Undo { at, .. }
            | Self::Redo { at, .. }
            | Self::Restore { at, .. }
            | Self::Update { at, .. }
            | Self::Comment { at, .. } => *at,
        }
    }
}

/// Writes entries as JSON lines.
pub fn to_json_lines(entries: &[LogEntry]) -> String {
    let mut out = String::new();
    for entry in entries {
        // Serialising these plain types cannot fail.
        if let Ok(line) = serde_json::to_string(entry) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Reads JSON lines; an unreadable line is an error naming its number.
pub fn from_json_lines(text: &str) -> Result<Vec<LogEntry>, EngineError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| EngineError::InvalidSnapshot {
                reason: format!("log line {}: {e}", i + 1),
            })
        })
        .collect()
}
