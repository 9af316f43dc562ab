//! Layout benchmarks on the benchmark page (`fixture.rs`) at 1,000 and 10,000 elements, criterion
//! group `layout`: what a designer feels per edit (one style change and the incremental relayout
//! that follows) and per pointer move while dragging (a snap query). Run alone with
//! `cargo bench -p omnios-engine --bench layout`. Text is measured by the fixed-advance measurer;
//! the WASM cases with Chromium's text run in the browser (web/src/bench/cases/layout.ts).
//!
//! The 1,000-element page is the generator's first tenth: the body and its first ten sections,
//! so both sizes have the same structure and only the count differs. Per-edit costs should not
//! grow with the page.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use omnios_engine::layout::{BoxRect, SnapRequest};
use omnios_engine::{Element, ElementId, ElementKind, Engine, Snapshot};
use serde_json::json;

#[allow(dead_code)] // the commands and the flex-only variant serve the other benches
#[path = "../../../tests/fixtures/benchmark_page.rs"]
mod fixture;

/// The body and its first `sections` sections, with everything inside them.
fn first_sections(elements: Vec<Element>, sections: usize) -> Vec<Element> {
    let body = ElementId(fixture::BODY.to_owned());
    let mut kept: HashSet<ElementId> = HashSet::from([body.clone()]);
    let mut top = 0;
    // Tree order: a parent always comes before its children.
    elements
        .into_iter()
        .filter(|el| {
            let keep = match &el.parent {
                None => true,
                Some(p) if *p == body => {
                    top += 1;
                    top <= sections
                }
                Some(p) => kept.contains(p),
            };
            if keep {
                kept.insert(el.id.clone());
            }
            keep
        })
        .collect()
}

/// An engine holding the page cut to `sections` sections, laid out once.
fn laid_out(sections: usize) -> Engine {
    let elements = first_sections(fixture::elements(), sections);
    let snapshot: Snapshot = fixture::snapshot(elements);
    let mut engine = Engine::from_snapshot(fixture::options(), &snapshot)
        .expect("the page loads from its snapshot");
    engine.layout();
    engine
}

fn texts(engine: &Engine) -> Vec<ElementId> {
    let mut ids: Vec<ElementId> = engine
        .state()
        .elements
        .values()
        .filter(|e| e.kind == ElementKind::Text)
        .map(|e| e.id.clone())
        .collect();
    ids.sort();
    ids
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for sections in [10, 100] {
        let mut engine = laid_out(sections);
        let count = engine.state().elements.len();
        let texts = texts(&engine);
        // A text's top padding toggles: its card grows, and everything below it moves (the
        // same edit as the WASM case).
        group.bench_function(
            format!("native one style change + incremental relayout ({count} elements)"),
            |b| {
                b.iter_custom(|iters| {
                    let mut spent = Duration::ZERO;
                    for i in 0..iters {
                        let id = &texts[(i as usize * 97) % texts.len()];
                        let command = json!({"type": "update_styles", "ids": [id],
                            "set": {"padding-top": (i % 2) * 4}});
                        let start = Instant::now();
                        engine
                            .commit_json(&command.to_string())
                            .expect("a valid style");
                        engine.layout();
                        spent += start.elapsed();
                        let _ = engine.take_deltas();
                        if i % 1000 == 999 {
                            engine.clear_history();
                        }
                    }
                    spent
                })
            },
        );
        let boxes: Vec<BoxRect> = texts
            .iter()
            .filter_map(|id| engine.box_of(id))
            .map(|b| BoxRect::new(b.x + 3.0, b.y + 2.0, 120.0, 40.0))
            .collect();
        let mut n = 0;
        group.bench_function(format!("native snap query ({count} elements)"), |b| {
            b.iter(|| {
                n += 1;
                engine.snap(&SnapRequest {
                    id: None,
                    rect: boxes[(n * 131) % boxes.len()],
                    resize: None,
                    zoom: 1.0,
                    threshold: 6.0,
                })
            })
        });
    }
    group.finish();
}

criterion_group!(layout, benches);
criterion_main!(layout);
