//! Arbitrary bytes, read as UTF-8 (lossily), go to `commit_json` and then `commit_batch_json`
//! on a small project. Neither may panic; a refused command leaves the document byte for byte
//! as it was; the tree keeps its invariants, also after undoing what was accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "project.rs"]
mod project;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut engine = project::engine();
    for (name, batch) in [("commit_json", false), ("commit_batch_json", true)] {
        let before = project::doc(&engine);
        let result = if batch {
            engine.commit_batch_json(&text)
        } else {
            engine.commit_json(&text)
        };
        if let Err(e) = result {
            assert!(
                project::doc(&engine) == before,
                "{name} refused ({e}) but changed the document"
            );
        }
        project::check(&engine, name);
        let _ = engine.take_deltas();
    }
    while engine.undo() {
        project::check(&engine, "undo");
    }
    let _ = engine.take_deltas();
});
