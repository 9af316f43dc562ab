//! Writes the 100-page export benchmark project (tests/fixtures/hundred_pages.rs) as
//! `hundred_pages.json` into the folder given (default `web/src/bench/__generated__`), for the
//! in-browser export benchmark. `make bench-fixture` runs it.

use std::path::PathBuf;

#[allow(dead_code)] // the command and engine views serve the engine's benches
#[path = "../../../tests/fixtures/benchmark_page.rs"]
mod benchmark_page;
#[path = "../../../tests/fixtures/hundred_pages.rs"]
mod hundred_pages;

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from("web/src/bench/__generated__"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir)?;
    let json = serde_json::to_string(&hundred_pages::snapshot())?;
    std::fs::write(dir.join("hundred_pages.json"), json)
}
