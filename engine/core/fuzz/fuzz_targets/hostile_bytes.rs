//! Arbitrary bytes through every way in, then layout (`hostile_input.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "project.rs"]
mod project;

#[path = "hostile_input.rs"]
mod hostile_input;

fuzz_target!(|data: &[u8]| hostile_input::run(data));
