//! Writes the 10,000-element benchmark page (tests/fixtures/benchmark_page.rs) as snapshot JSON
//! for the benchmarks that run in Chromium: `benchmark_page.json` and the flex-only variant
//! `benchmark_page_flex.json`, and the 100-page export project made from it
//! (tests/fixtures/hundred_pages.rs) as `hundred_pages.json`, into the folder given (default
//! `web/src/bench/__generated__`).
//! `make bench-fixture` runs it; the production WASM never holds the generator.

use std::path::PathBuf;

#[allow(dead_code)] // the command and engine views serve the native benches
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
    let page = benchmark_page::elements();
    let flex = benchmark_page::flex_only(page.clone());
    // Compact: the file is bundled as it is.
    for (name, elements) in [
        ("benchmark_page.json", page),
        ("benchmark_page_flex.json", flex),
    ] {
        let json = serde_json::to_string(&benchmark_page::snapshot(elements))?;
        std::fs::write(dir.join(name), json)?;
    }
    let json = serde_json::to_string(&hundred_pages::snapshot())?;
    std::fs::write(dir.join("hundred_pages.json"), json)?;
    Ok(())
}
