//! Engine benchmarks on the 10,000-element benchmark page (`fixture.rs`), criterion group
//! `engine` (`make bench` collects it through tests/bench/criterion.mjs). Run alone with
//! `cargo bench -p omnios-engine --bench engine`. Names start with "native" (the WASM cases run in Chromium).
//!
//! Heavy cases (building and loading the whole page) take 20 samples of one iteration each;
//! the rest sample as criterion likes. The whole run takes a few minutes on 2 cores.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use omnios_engine::{Command, ElementId, Engine, Query, RawValue, Snapshot};

#[allow(dead_code)] // the flex-only variant serves the WASM benches
#[path = "../../../tests/fixtures/benchmark_page.rs"]
mod fixture;

/// A card in the middle of the page: what a designer restyles.
fn some_card(engine: &Engine) -> ElementId {
    let cards: Vec<&ElementId> = engine
        .state()
        .elements
        .values()
        .filter(|e| e.name.starts_with("Card "))
        .map(|e| &e.id)
        .collect();
    let mut cards = cards;
    cards.sort();
    cards[cards.len() / 2].clone()
}

fn width(id: &ElementId, i: u64) -> Command {
    Command::UpdateStyles {
        ids: vec![id.clone()],
        slot: omnios_engine::Slot::BASE,
        set: [(
            "width".to_owned(),
            Some(RawValue::Text(format!("{}px", 100 + i % 200))),
        )]
        .into(),
    }
}

fn benches(c: &mut Criterion) {
    if let Ok(path) = std::env::var("OMNIOS_WRITE_FIXTURE") {
        std::fs::write(&path, fixture::snapshot_json()).expect("the fixture path is writable");
        eprintln!("wrote the benchmark page to {path}");
    }
    let elements = fixture::elements();
    let commands = fixture::commands(&elements);
    let mut built = fixture::engine();
    assert_eq!(built.state().elements.len(), fixture::ELEMENTS);
    // One generator: the snapshot it makes is the project the commands make.
    let snapshot = fixture::snapshot(elements);
    assert!(
        built.to_snapshot() == snapshot,
        "the fixture's snapshot and its commands disagree"
    );
    let json = snapshot.to_json();
    let update = built
        .encode_state_as_update(&[])
        .expect("whole-document update");
    let card = some_card(&built);

    let mut group = c.benchmark_group("engine");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));

    group.bench_function(
        "native one style command + take_deltas (10000 elements)",
        |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for i in 0..iters {
                    let command = width(&card, i);
                    let start = Instant::now();
                    built.commit(command).expect("a valid style");
                    let deltas = built.take_deltas();
                    spent += start.elapsed();
                    assert_eq!(deltas.elements.len(), 1);
                    if i % 1000 == 999 {
                        built.clear_history();
                    }
                }
                spent
            })
        },
    );

    group.bench_function("native undo one style command (10000 elements)", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for i in 0..iters {
                built.commit(width(&card, i)).expect("a valid style");
                let _ = built.take_deltas();
                let start = Instant::now();
                let undone = built.undo();
                spent += start.elapsed();
                assert!(undone);
                let _ = built.take_deltas();
            }
            built.clear_history();
            spent
        })
    });

    // A card of the page made a component with 1,000 instances on the page; the case edits
    // the master and takes the deltas: every instance's shown copy must be out.
    let mut shared = Engine::new(fixture::options());
    shared.load(&update).expect("the update loads");
    let body = shared.state().pages_in_order()[0].root.clone();
    shared
        .commit_json(&format!(
            r#"{{"type":"create_component","id":"{card}","name":"Card","component_id":"bench-card"}}"#
        ))
        .expect("a component");
    let inserts: Vec<Command> = (1..1000)
        .map(|i| Command::InsertInstance {
            component: ElementId("bench-card".into()),
            parent: body.clone(),
            index: None,
            id: Some(ElementId(format!("bench-instance-{i}"))),
        })
        .collect();
    shared.commit_batch(inserts).expect("instances");
    let _ = shared.take_deltas();
    let master = ElementId("bench-card".into());
    let mut flip = 0u64;
    group.bench_function(
        "native edit a master used by 1000 instances + take_deltas (10000 elements)",
        |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for i in 0..iters {
                    // Two values the card never had, alternating across calls: every commit
                    // changes every copy.
                    flip += 1;
                    let command = Command::UpdateStyles {
                        ids: vec![master.clone()],
                        slot: omnios_engine::Slot::BASE,
                        set: [(
                            "min-height".to_owned(),
                            Some(RawValue::Text(format!("{}px", 1 + flip % 2))),
                        )]
                        .into(),
                    };
                    let start = Instant::now();
                    shared.commit(command).expect("a valid style");
                    let deltas = shared.take_deltas();
                    spent += start.elapsed();
                    assert!(deltas.elements.len() > 1000, "{}", deltas.elements.len());
                    if i % 1000 == 999 {
                        shared.clear_history();
                    }
                }
                spent
            })
        },
    );
    drop(shared);

    let query = Query::from_json(
        r#"{"filter": {"and": [{"field": "kind", "op": "eq", "value": "text"},
                                {"field": "content", "op": "contains", "value": "pricing"}]}}"#,
    )
    .expect("a valid query");
    let hits = built.query(&query).total;
    assert!(hits > 100, "the query finds texts ({hits})");
    group.bench_function("native filtered query (10000 elements)", |b| {
        b.iter(|| built.query(&query))
    });

    group.sample_size(20);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(5));

    group.bench_function("native batch create 10000 elements", |b| {
        b.iter_batched(
            || {
                let mut engine = Engine::new(fixture::options());
                engine.commit(fixture::create_page()).expect("page");
                (engine, commands.clone())
            },
            |(mut engine, commands)| {
                engine.commit_batch(commands).expect("the page builds");
                engine
            },
            BatchSize::PerIteration,
        )
    });

    group.bench_function("native load from update bytes (10000 elements)", |b| {
        b.iter_with_large_drop(|| {
            let mut engine = Engine::new(fixture::options());
            engine.load(&update).expect("the update loads");
            engine
        })
    });

    group.bench_function("native load from JSON snapshot (10000 elements)", |b| {
        b.iter_with_large_drop(|| {
            let snapshot = Snapshot::from_json(&json).expect("the snapshot reads");
            Engine::from_snapshot(fixture::options(), &snapshot).expect("the snapshot loads")
        })
    });

    group.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
