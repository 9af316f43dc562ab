//! The export compiler, natively: the 100-page project (tests/fixtures/hundred_pages.rs, 10,000
//! elements) compiled to Next.js and to static HTML (target < 1 s). Suite `export` in
//! target/bench/export.json (tests/bench/README.md).

use criterion::{criterion_group, criterion_main, Criterion};
use omnios_compiler::{compile, Assets, Target};

#[allow(dead_code)] // the command and engine views serve the engine's benches
#[path = "../../../tests/fixtures/benchmark_page.rs"]
mod benchmark_page;
#[path = "../../../tests/fixtures/hundred_pages.rs"]
mod hundred_pages;

fn export(c: &mut Criterion) {
    let snapshot = hundred_pages::snapshot();
    let assets = Assets::new();
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    for (target, name) in [
        (Target::NextJs, "native compile, 100 pages, Next.js"),
        (Target::Static, "native compile, 100 pages, static"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| compile(&snapshot, &assets, target).expect("the project compiles"))
        });
    }
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
