//! The injected time: the engine never reads a wall clock. The host hands in a [`Clock`]; tests
//! and replay hand in a [`ManualClock`], so a replayed log gets the same timestamps and the
//! same bytes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

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

/// The injected clock as the yrs undo manager reads it.
pub(crate) struct UndoClock(pub(crate) Arc<dyn Clock>);

impl yrs::sync::Clock for UndoClock {
    fn now(&self) -> yrs::sync::time::Timestamp {
        self.0.now_ms()
    }
}
