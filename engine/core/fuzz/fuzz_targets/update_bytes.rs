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
    let mut engine = project::engine();
    let before = project::doc(&engine);
    if let Err(e) = engine.apply_update(data) {
        assert!(
            project::doc(&engine) == before,
            "apply_update refused ({e}) but changed the document"
        );
    }
    project::check(&engine, "apply_update");
    let _ = engine.take_deltas();
    let _ = engine.commit(Command::RenameElement {
        id: ElementId("t1".into()),
        name: "After".into(),
    });
    project::check(&engine, "a command after the update");
    let _ = engine.take_deltas();
    let _ = engine.to_snapshot().to_json();

    let mut engine = project::engine();
    let before = project::doc(&engine);
    if let Err(e) = engine.restore(data) {
        assert!(
            project::doc(&engine) == before,
            "restore refused ({e}) but changed the document"
        );
    }
    project::check(&engine, "restore");
});
