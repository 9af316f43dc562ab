//! WebAssembly bindings for `omnios-engine`. Each export converts its arguments, calls the
//! engine and converts the result or error; domain logic belongs in the engine.

use wasm_bindgen::prelude::*;

/// The engine's version string, read from the Rust crate.
#[wasm_bindgen]
pub fn version() -> String {
    format!("omnios-engine {}", omnios_engine::VERSION)
}
