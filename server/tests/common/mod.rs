//! What the tests of the `omnios` binary share: running it, and paths as arguments.
#![allow(dead_code)] // each test file uses its own part

use std::path::Path;
use std::process::Command;

/// Runs the built `omnios` with `args`: (success, stdout, stderr).
pub fn omnios(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_omnios"))
        .args(args)
        .output()
        .expect("run omnios");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// A path as a command-line argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

pub mod api;
