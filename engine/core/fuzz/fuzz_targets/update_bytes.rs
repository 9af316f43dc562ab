//! Arbitrary bytes go to `apply_update` on a small project, as a peer's update would, and to
//! `restore`, as a saved version would. Neither may panic; a refused update or version leaves
//! the document byte for byte as it was; the tree keeps its invariants and the engine keeps
//! working (deltas, a command, a snapshot).
#![no_main]

use libfuzzer_sys::fuzz_target;
use omnios_engine::{Command, ElementId};

#[path = "project.rs"]
mod project;

fuzz_target!(|data: &[u8]| {
    let mut engine = project::apply_as_update(data);
    let _ = engine.take_deltas();
    let _ = engine.commit(Command::RenameElement {
        id: ElementId("t1".into()),
        name: "After".into(),
    });
    project::check(&engine, "a command after the update");
    let _ = engine.take_deltas();
    let _ = engine.to_snapshot().to_json();

    project::restore_as_version(data);
});
