//! Bounded work from small inputs, under an allocation counter.
//!
//! libFuzzer cannot be built here without a network install (`engine/core/fuzz/README.md`),
//! so this test runs the fuzz targets' own code (`fuzz_targets/hostile_input.rs`: an input as
//! a peer's update, a saved document, a version and a resealed backup, then layout) over
//! mutations of the committed seeds and a real backup, with a global allocator that records
//! the largest single request and the most bytes live at once on the test's thread. A few
//! hundred bytes must never ask for more than [`MAX_REQUEST`] at once.
//!
//! `OMNIOS_FUZZ_ITERATIONS=<n>` runs more mutations (the default keeps `cargo test` short),
//! `OMNIOS_FUZZ_SECONDS=<n>` keeps going for that long; `OMNIOS_SEED=<n>` replays a run. Keep every input that fails as a regression test below.
#![allow(unsafe_code)] // a counting global allocator: the one place the counter can sit

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

#[path = "../fuzz/fuzz_targets/project.rs"]
mod project;

#[path = "../fuzz/fuzz_targets/hostile_input.rs"]
mod hostile_input;

thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

struct Counting;

fn note_alloc(size: usize) {
    let _ = LARGEST.try_with(|l| l.set(l.get().max(size)));
    let _ = LIVE.try_with(|live| {
        let now = live.get().saturating_add(size);
        live.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

fn note_free(size: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(size)));
}

// SAFETY: every call is passed straight to the system allocator; the counters only read the
// layout's size and touch thread-local cells that never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_alloc(layout.size());
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note_free(layout.size());
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_alloc(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_free(layout.size());
        note_alloc(new_size);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The largest single allocation an input of a few kilobytes may ask for.
const MAX_REQUEST: usize = 16 * 1024 * 1024;
/// The most bytes such an input may keep live at once.
const MAX_PEAK: usize = 256 * 1024 * 1024;

/// Runs `f` and returns (largest single request, peak live bytes above the start) on this thread.
fn measured(f: impl FnOnce()) -> (usize, usize) {
    LARGEST.with(|l| l.set(0));
    let start = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(start));
    f();
    (LARGEST.with(Cell::get), PEAK.with(Cell::get) - start)
}

fn check_bounded(input: &[u8], what: &str) {
    let (largest, peak) = measured(|| hostile_input::run(input));
    assert!(
        largest <= MAX_REQUEST && peak <= MAX_PEAK,
        "{what}: {} bytes of input asked for {largest} bytes at once, {peak} live: {input:?}",
        input.len()
    );
}

fn varint(mut n: u64, out: &mut Vec<u8>) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

#[test]
fn a_claim_of_huge_counts_by_a_later_client_asks_for_little() {
    // Two clients: the first honest and empty, the second claiming 300 million structs.
    let mut update = vec![2, 0, 1, 0];
    varint(300_000_000, &mut update);
    update.extend([2, 0]);
    check_bounded(&update, "a later client's struct count");
    let mut engine = project::engine();
    assert_eq!(
        engine.apply_update(&update).map_err(|e| e.code()),
        Err("invalid_update")
    );
}

#[test]
fn a_claim_of_a_huge_value_array_asks_for_little() {
    // One client, one struct: an item in the root map `elements` under key "k" whose content
    // claims 2^31 values.
    let mut update = vec![1, 1, 5, 0];
    update.push(0b0010_1000); // no origins, a parent key, content kind 8 (values)
    update.push(1); // parent: a root, by name
    update.push(8);
    update.extend(b"elements");
    update.push(1);
    update.push(b'k');
    varint(1 << 31, &mut update);
    update.extend([0, 0]);
    check_bounded(&update, "a value count");
    // A value nested far deeper than anything the engine writes.
    let mut nested = update[..update.len() - 7].to_vec();
    nested.push(1);
    for _ in 0..10_000 {
        nested.extend([117, 1]);
    }
    nested.extend([126, 0]);
    check_bounded(&nested, "nested values");
}

/// splitmix64: a small deterministic generator, replayable from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One random change: a flipped or replaced byte, a large count spliced in, a cut, a copy.
fn mutate(rng: &mut Rng, input: &mut Vec<u8>) {
    let at = rng.below(input.len() + 1);
    match rng.below(6) {
        0 if !input.is_empty() => {
            let i = rng.below(input.len());
            input[i] ^= 1 << rng.below(8);
        }
        1 if !input.is_empty() => {
            let i = rng.below(input.len());
            input[i] = [0, 0x7f, 0x80, 0xff, 117, 118, 119][rng.below(7)];
        }
        2 => {
            let mut count = Vec::new();
            varint(rng.next() >> rng.below(64), &mut count);
            input.splice(at..at, count);
        }
        3 => input.truncate(at),
        4 if !input.is_empty() => {
            let from = rng.below(input.len());
            let len = rng.below(input.len() - from + 1).min(64);
            let piece = input[from..from + len].to_vec();
            input.splice(at..at, piece);
        }
        _ => {
            let len = rng.below(input.len().saturating_sub(at) + 1).min(16);
            input.drain(at..at + len);
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/update_bytes");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .expect("seeds")
        .map(|e| std::fs::read(e.expect("seed").path()).expect("read seed"))
        .collect();
    // A real backup of the project, so mutations reach the zip, the manifest and the project.
    seeds.push(
        project::engine()
            .write_backup("Seed", 0, &[])
            .expect("backup"),
    );
    seeds
}

#[test]
fn mutated_seeds_never_panic_and_never_ask_for_much() {
    let seed = std::env::var("OMNIOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x0dd_b175);
    let iterations: usize = std::env::var("OMNIOS_FUZZ_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    // A run of at least this many seconds, iterations permitting (for long runs by hand).
    let budget = std::env::var("OMNIOS_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(std::time::Duration::from_secs);
    let started = std::time::Instant::now();
    let seeds = seeds();
    let mut rng = Rng(seed);
    let mut done = 0;
    for i in 0.. {
        let more_time = budget.is_some_and(|b| started.elapsed() < b);
        if i >= iterations && !more_time {
            break;
        }
        done = i + 1;
        let mut input = seeds[rng.below(seeds.len())].clone();
        for _ in 0..=rng.below(4) {
            mutate(&mut rng, &mut input);
        }
        check_bounded(&input, &format!("iteration {i} of seed {seed}"));
    }
    eprintln!("{done} inputs in {:.0?}, seed {seed}", started.elapsed());
}
