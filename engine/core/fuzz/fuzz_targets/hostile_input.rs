//! One input, every way bytes from outside come in, then layout: the input as a peer's update
//! (`apply_update`), as a saved document (`load`), as a version (`restore`) and — resealed, so
//! it gets past the checksum to the zip, manifest and project checks — as a `.omnios` backup
//! (`read_backup`, `from_backup`). Whatever is accepted is laid out. Nothing may panic; a
//! refused update or version leaves the document byte for byte as it was.
//!
//! Shared by the `hostile_input` cargo-fuzz target and the `bounded_work` test, which runs it
//! over mutated seeds with an allocation counter.

use omnios_engine::backup::{read_backup, sha256};
use omnios_engine::{Engine, EngineOptions};

use super::project;

/// The seal's length at the end of a backup: `omnios-sha256:` and 64 hex digits.
const SEAL_LEN: usize = 14 + 64;

/// `data` with its last bytes replaced by the seal of the rest (too short: unchanged).
pub fn resealed(data: &[u8]) -> Vec<u8> {
    let mut bytes = data.to_vec();
    if let Some(body) = bytes.len().checked_sub(SEAL_LEN) {
        let seal = format!("omnios-sha256:{}", sha256(&bytes[..body]));
        bytes[body..].copy_from_slice(seal.as_bytes());
    }
    bytes
}

pub fn run(data: &[u8]) {
    let _ = project::apply_as_update(data).layout();

    let mut fresh = Engine::new(EngineOptions::deterministic(2));
    if fresh.load(data).is_ok() {
        project::check(&fresh, "load");
        let _ = fresh.layout();
    } else {
        assert!(
            fresh.state().elements.is_empty(),
            "a refused load kept elements"
        );
    }

    let _ = project::restore_as_version(data).layout();

    if let Ok(backup) = read_backup(&resealed(data)) {
        if let Ok(mut engine) = Engine::from_backup(EngineOptions::deterministic(3), &backup) {
            project::check(&engine, "from_backup");
            let _ = engine.layout();
        }
    }
}
