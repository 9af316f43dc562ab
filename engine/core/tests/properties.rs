//! Property tests: random command sequences against one engine, and against 2–4 peers that
//! exchange updates in random order.
//!
//! Steps are drawn as small numbers ("the 3rd element", "style value 7") and turned into
//! commands against the engine's state when they run, so every sequence is meaningful and
//! shrinks well. Many of them are refused on purpose (unknown ids, cycles, wrong kinds, bad
//! style values, the page root, the last page).
//!
//! One engine (`single_engine_…`), after every step: no panic; a refused command leaves the
//! document byte for byte as it was, logs nothing, sends nothing; the tree invariants hold
//! (`check_tree`: `check_invariants`, each element listed once under its shown parent, every
//! shown chain ends at its page's body, sibling order keys unique); a host mirror built from
//! deltas alone equals `full_deltas`. At the end: the log replays into a fresh engine (byte for
//! byte without undo, see `replay_is_reliable`) and survives JSON lines; a checkpoint after the
//! last undo plus the rest of the log equals the full replay (after a load round trip, see the
//! ignored `regression_checkpoint_…`); the snapshot round-trips; undoing everything gives back
//! the start and redoing it the end.
//!
//! Peers (`peers_converge_…`), 2–4 engines, commands, gestures, undo and deliveries of pending
//! updates in any order, duplicates included: invariants after every action (order keys may
//! tie across peers), the same snapshot and the same tree once everything is delivered, the
//! element ids exactly the creations minus the deletions (without undo), and each peer's log
//! replays.
//!
//! Each test draws all its cases from one seed, printed when it fails. To run that very case
//! again (proptest then shrinks it the same way and prints the minimal step list and its log):
//!
//! ```text
//! OMNIOS_SEED=<seed> cargo test -p omnios-engine --test properties <test name>
//! ```
//!
//! `PROPTEST_CASES=<n>` runs more or fewer cases. Keep every failure found as a regression case
//! at the end of this file, written as the commands it needed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

use omnios_engine::{
    from_json_lines, to_json_lines, Command, ElementDelta, ElementId, ElementKind, Engine,
    EngineOptions, LogEntry, ManualClock, PageId, RawValue, Scalar, Slot, State, TextTag,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

// ---- running with a printed, replayable seed ---------------------------------------------

/// Runs `test` on `cases` values of `strategy`, all drawn from one seed (`OMNIOS_SEED` or a
/// fresh one). Panics with the seed and proptest's minimal failing input.
fn check<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let seed = match std::env::var("OMNIOS_SEED") {
        Ok(text) => text
            .trim()
            .parse::<u64>()
            .expect("OMNIOS_SEED must be a u64"),
        Err(_) => fresh_seed(),
    };
    check_seed(name, seed, cases, strategy, test);
}

/// [`check`] with a given seed: the regression cases below replay seeds that once failed.
fn check_seed<S: Strategy>(
    name: &str,
    seed: u64,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 1024,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    if let Err(failure) = runner.run(&strategy, test) {
        panic!(
            "{name} failed with OMNIOS_SEED={seed}\n\
             rerun: OMNIOS_SEED={seed} cargo test -p omnios-engine --test properties {name}\n{failure}"
        );
    }
    eprintln!("{name}: {cases} cases passed (OMNIOS_SEED={seed})");
}

fn fresh_seed() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

// ---- steps: what a user does, as small numbers resolved against the state -----------------

/// Which element a step aims at: among containers (a plausible parent) or among every
/// element, page roots, leaves and an unknown id included.
#[derive(Debug, Clone, Copy)]
struct Target {
    anything: bool,
    n: u16,
}

#[derive(Debug, Clone)]
enum Edit {
    Create {
        kind: u8,
        parent: Target,
        index: Option<u8>,
        tag: Option<u8>,
        content: Option<u8>,
        name: Option<u8>,
        styles: Vec<(u8, u8, u8)>,
        props: Vec<(u8, u8)>,
    },
    Delete(Vec<u16>),
    Move {
        ids: Vec<u16>,
        parent: Target,
        index: Option<u8>,
    },
    Duplicate(Vec<u16>),
    Styles {
        ids: Vec<u16>,
        slot: u8,
        set: Vec<(u8, u8)>,
    },
    Props {
        id: u16,
        set: Vec<(u8, u8)>,
    },
    Content {
        id: u16,
        text: u8,
    },
    Tag {
        id: u16,
        tag: u8,
    },
    Rename {
        id: u16,
        name: u8,
    },
    Hide {
        ids: Vec<u16>,
        hidden: bool,
    },
    Lock {
        ids: Vec<u16>,
        locked: bool,
    },
    Group(Vec<u16>),
    Wrap {
        ids: Vec<u16>,
        kind: u8,
    },
    Ungroup(u16),
    CreatePage(u8),
    DeletePage(u16),
    RenamePage(u16, u8),
    ReorderPage(u16, u8),
    DuplicatePage(u16),
}

#[derive(Debug, Clone)]
enum Step {
    One(Edit),
    /// One `commit_batch`: all or nothing.
    Batch(Vec<Edit>),
    /// Previewed between `begin_gesture` and `end_gesture`, then written once.
    Gesture(Vec<Edit>),
    Undo,
    Redo,
}

const CREATE_KINDS: [ElementKind; 14] = [
    ElementKind::Section,
    ElementKind::Container,
    ElementKind::Container,
    ElementKind::Text,
    ElementKind::Text,
    ElementKind::Button,
    ElementKind::Link,
    ElementKind::Image,
    ElementKind::Input,
    ElementKind::Video,
    ElementKind::Embed,
    ElementKind::Instance,
    ElementKind::Repeater,
    ElementKind::Body, // refused: a body comes with its page
];
const TAGS: [TextTag; 8] = [
    TextTag::H1,
    TextTag::H2,
    TextTag::H3,
    TextTag::H4,
    TextTag::H5,
    TextTag::H6,
    TextTag::P,
    TextTag::Span,
];
const SLOTS: [&str; 5] = ["base", "tablet", "mobile", "base:hover", "mobile:hover"];
const STYLE_NAMES: [&str; 16] = [
    "display",
    "flex-direction",
    "width",
    "height",
    "padding-top",
    "margin-left",
    "color",
    "background-color",
    "flex-grow",
    "opacity",
    "font-size",
    "gap",
    "grid-template-columns",
    "z-index",
    "colour", // refused: not a property
    "Width",  // refused: names are lower case
];
const PROP_KEYS: [&str; 6] = ["href", "alt", "src", "data-x", "bad key", ""];
const CONTENTS: [&str; 4] = [
    "Hello",
    "",
    "Pricing plans for teams",
    "Lorem ipsum dolor sit amet",
];
const PAGE_NAMES: [&str; 5] = ["About", "Home", "Blog posts", "", "bad\u{1}name"];

fn style_value(n: u8) -> Option<RawValue> {
    let text = |t: &str| Some(RawValue::Text(t.into()));
    match n % 16 {
        0 => text("flex"),
        1 => text("column"),
        2 => text("120px"),
        3 => Some(RawValue::Number(12.0)),
        4 => text("50%"),
        5 => text("auto"),
        6 => text("#ff0000"),
        7 => text("1"),
        8 => Some(RawValue::Number(0.5)),
        9 => text("12pt"),                      // refused: unit
        10 => Some(RawValue::Number(f64::NAN)), // refused: not finite
        11 => text("red; x: y"),                // refused: ends the declaration
        12 => text("-4px"),
        13 => text("2rem"),
        14 => text("repeat(2, 1fr)"),
        _ => None, // removes the property
    }
}

fn prop_value(n: u8) -> Option<Scalar> {
    match n % 6 {
        0 => Some(Scalar::Text("https://example.test/a".into())),
        1 => Some(Scalar::Number(1.5)),
        2 => Some(Scalar::Bool(true)),
        3 => Some(Scalar::Number(f64::INFINITY)), // refused
        4 => Some(Scalar::Text(String::new())),
        _ => None,
    }
}

fn name_text(n: u8) -> String {
    match n % 6 {
        0 => "Hero".into(),
        1 => String::new(),
        2 => "Card 2".into(),
        3 => "名前".into(),
        4 => "bad\u{7}name".into(), // refused: control character
        _ => "x".repeat(300),       // refused: too long
    }
}

fn slot(n: u8) -> Slot {
    SLOTS[n as usize % SLOTS.len()]
        .parse()
        .expect("the slot table holds valid slots")
}

/// Sorted ids of the state, so a drawn number means the same element on every run.
struct Ids {
    all: Vec<ElementId>,
    containers: Vec<ElementId>,
    pages: Vec<PageId>,
}

impl Ids {
    fn of(state: &State) -> Self {
        let mut all: Vec<ElementId> = state.elements.keys().cloned().collect();
        all.sort();
        let containers = all
            .iter()
            .filter(|id| state.elements[*id].kind.holds_children())
            .cloned()
            .collect();
        let mut pages: Vec<PageId> = state.pages.keys().cloned().collect();
        pages.sort();
        Self {
            all,
            containers,
            pages,
        }
    }

    /// Mostly an existing element; now and then an unknown id.
    fn element(&self, n: u16) -> ElementId {
        pick(&self.all, n).unwrap_or_else(|| ElementId("ghost".into()))
    }

    fn elements(&self, ns: &[u16]) -> Vec<ElementId> {
        ns.iter().map(|n| self.element(*n)).collect()
    }

    fn target(&self, t: Target) -> ElementId {
        let list = if t.anything {
            &self.all
        } else {
            &self.containers
        };
        pick(list, t.n).unwrap_or_else(|| ElementId("ghost".into()))
    }

    fn page(&self, n: u16) -> PageId {
        pick(&self.pages, n).unwrap_or_else(|| PageId("ghost".into()))
    }
}

fn pick<T: Clone>(list: &[T], n: u16) -> Option<T> {
    if list.is_empty() || n % 23 == 22 {
        return None;
    }
    list.get(n as usize % list.len()).cloned()
}

/// Past this many elements, duplicates turn into renames: keeps cases small and fast.
const MAX_ELEMENTS: usize = 250;

fn resolve(state: &State, edit: &Edit) -> Command {
    let ids = Ids::of(state);
    match edit {
        Edit::Create {
            kind,
            parent,
            index,
            tag,
            content,
            name,
            styles,
            props,
        } => {
            let kind = CREATE_KINDS[*kind as usize % CREATE_KINDS.len()];
            let mut style_input: BTreeMap<Slot, BTreeMap<String, Option<RawValue>>> =
                BTreeMap::new();
            for (s, p, v) in styles {
                style_input.entry(slot(*s)).or_default().insert(
                    STYLE_NAMES[*p as usize % STYLE_NAMES.len()].into(),
                    style_value(*v),
                );
            }
            Command::CreateElement {
                id: None,
                kind,
                parent: ids.target(*parent),
                index: index.map(usize::from),
                name: name.map(name_text),
                tag: tag.map(|t| TAGS[t as usize % TAGS.len()].into()),
                // Content on a kind without text is refused: ask for it only now and then.
                content: content
                    .filter(|c| kind.has_text() || c % 7 == 0)
                    .map(|c| CONTENTS[c as usize % CONTENTS.len()].into()),
                props: props
                    .iter()
                    .filter_map(|(k, v)| {
                        Some((
                            PROP_KEYS[*k as usize % PROP_KEYS.len()].to_owned(),
                            prop_value(*v)?,
                        ))
                    })
                    .collect(),
                styles: style_input,
            }
        }
        Edit::Delete(ns) => Command::DeleteElements {
            ids: ids.elements(ns),
        },
        Edit::Move {
            ids: ns,
            parent,
            index,
        } => Command::MoveElements {
            ids: ids.elements(ns),
            parent: ids.target(*parent),
            index: index.map(usize::from),
        },
        Edit::Duplicate(ns) if state.elements.len() < MAX_ELEMENTS => Command::DuplicateElements {
            ids: ids.elements(ns),
        },
        Edit::Duplicate(ns) => Command::RenameElement {
            id: ids.element(ns[0]),
            name: "big".into(),
        },
        Edit::Styles {
            ids: ns,
            slot: s,
            set,
        } => Command::UpdateStyles {
            ids: ids.elements(ns),
            slot: slot(*s),
            set: set
                .iter()
                .map(|(p, v)| {
                    (
                        STYLE_NAMES[*p as usize % STYLE_NAMES.len()].to_owned(),
                        style_value(*v),
                    )
                })
                .collect(),
        },
        Edit::Props { id, set } => Command::UpdateProps {
            id: ids.element(*id),
            set: set
                .iter()
                .map(|(k, v)| {
                    (
                        PROP_KEYS[*k as usize % PROP_KEYS.len()].to_owned(),
                        prop_value(*v),
                    )
                })
                .collect(),
        },
        Edit::Content { id, text } => Command::SetContent {
            id: ids.element(*id),
            content: CONTENTS[*text as usize % CONTENTS.len()].into(),
        },
        Edit::Tag { id, tag } => Command::SetTag {
            id: ids.element(*id),
            tag: TAGS[*tag as usize % TAGS.len()].into(),
        },
        Edit::Rename { id, name } => Command::RenameElement {
            id: ids.element(*id),
            name: name_text(*name),
        },
        Edit::Hide { ids: ns, hidden } => Command::SetHidden {
            ids: ids.elements(ns),
            hidden: *hidden,
        },
        Edit::Lock { ids: ns, locked } => Command::SetLocked {
            ids: ids.elements(ns),
            locked: *locked,
        },
        Edit::Group(ns) => Command::Group {
            ids: ids.elements(ns),
            id: None,
        },
        Edit::Wrap { ids: ns, kind } => Command::Wrap {
            ids: ids.elements(ns),
            kind: CREATE_KINDS[*kind as usize % CREATE_KINDS.len()],
            id: None,
        },
        Edit::Ungroup(n) => Command::Ungroup {
            id: ids.element(*n),
        },
        Edit::CreatePage(n) => Command::CreatePage {
            id: None,
            name: PAGE_NAMES[*n as usize % PAGE_NAMES.len()].into(),
            slug: None,
            title: None,
            description: None,
            index: None,
        },
        Edit::DeletePage(n) => Command::DeletePage { id: ids.page(*n) },
        Edit::RenamePage(n, name) => Command::RenamePage {
            id: ids.page(*n),
            name: PAGE_NAMES[*name as usize % PAGE_NAMES.len()].into(),
        },
        Edit::ReorderPage(n, index) => Command::ReorderPage {
            id: ids.page(*n),
            index: usize::from(*index % 4),
        },
        Edit::DuplicatePage(n) => Command::DuplicatePage {
            id: ids.page(*n),
            new_id: None,
        },
    }
}

fn target() -> impl Strategy<Value = Target> {
    (prop::bool::weighted(0.25), any::<u16>()).prop_map(|(anything, n)| Target { anything, n })
}

fn some_ids() -> impl Strategy<Value = Vec<u16>> {
    prop::collection::vec(any::<u16>(), 1..=3)
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        30 => (
            any::<u8>(),
            target(),
            prop::option::weighted(0.2, 0u8..6),
            prop::option::weighted(0.15, any::<u8>()),
            prop::option::weighted(0.5, any::<u8>()),
            prop::option::weighted(0.3, any::<u8>()),
            prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 0..4),
            prop::collection::vec((any::<u8>(), any::<u8>()), 0..2),
        )
            .prop_map(|(kind, parent, index, tag, content, name, styles, props)| Edit::Create {
                kind,
                parent,
                index,
                tag,
                content,
                name,
                styles,
                props
            }),
        6 => some_ids().prop_map(Edit::Delete),
        14 => (some_ids(), target(), prop::option::weighted(0.3, 0u8..6))
            .prop_map(|(ids, parent, index)| Edit::Move { ids, parent, index }),
        5 => some_ids().prop_map(Edit::Duplicate),
        12 => (some_ids(), any::<u8>(), prop::collection::vec((any::<u8>(), any::<u8>()), 1..4))
            .prop_map(|(ids, slot, set)| Edit::Styles { ids, slot, set }),
        4 => (any::<u16>(), prop::collection::vec((any::<u8>(), any::<u8>()), 1..3))
            .prop_map(|(id, set)| Edit::Props { id, set }),
        3 => (any::<u16>(), any::<u8>()).prop_map(|(id, text)| Edit::Content { id, text }),
        1 => (any::<u16>(), any::<u8>()).prop_map(|(id, tag)| Edit::Tag { id, tag }),
        3 => (any::<u16>(), any::<u8>()).prop_map(|(id, name)| Edit::Rename { id, name }),
        3 => (some_ids(), any::<bool>()).prop_map(|(ids, hidden)| Edit::Hide { ids, hidden }),
        1 => (some_ids(), any::<bool>()).prop_map(|(ids, locked)| Edit::Lock { ids, locked }),
        4 => some_ids().prop_map(Edit::Group),
        1 => (some_ids(), any::<u8>()).prop_map(|(ids, kind)| Edit::Wrap { ids, kind }),
        3 => any::<u16>().prop_map(Edit::Ungroup),
        2 => any::<u8>().prop_map(Edit::CreatePage),
        2 => any::<u16>().prop_map(Edit::DeletePage),
        1 => (any::<u16>(), any::<u8>()).prop_map(|(id, name)| Edit::RenamePage(id, name)),
        1 => (any::<u16>(), any::<u8>()).prop_map(|(id, index)| Edit::ReorderPage(id, index)),
        1 => any::<u16>().prop_map(Edit::DuplicatePage),
    ]
}

/// A step; with `history`, undo and redo too.
fn step(history: bool) -> impl Strategy<Value = Step> {
    let undo = if history { 10 } else { 0 };
    let redo = if history { 5 } else { 0 };
    prop_oneof![
        70 => edit().prop_map(Step::One),
        8 => prop::collection::vec(edit(), 1..4).prop_map(Step::Batch),
        5 => prop::collection::vec(edit(), 1..4).prop_map(Step::Gesture),
        undo => Just(Step::Undo),
        redo => Just(Step::Redo),
    ]
}

// ---- engines and checks ----------------------------------------------------------------

/// A deterministic engine whose clock the test moves.
fn engine(client: u64) -> (Engine, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(0));
    let options = EngineOptions {
        clock: clock.clone(),
        ..EngineOptions::deterministic(client)
    };
    (Engine::new(options), clock)
}

fn commit(engine: &mut Engine, command: Command) -> omnios_engine::Applied {
    match engine.commit(command.clone()) {
        Ok(applied) => applied,
        Err(e) => panic!("setup command {command:?} was refused: {e}"),
    }
}

fn create(
    engine: &mut Engine,
    kind: ElementKind,
    parent: &ElementId,
    content: Option<&str>,
) -> ElementId {
    let applied = commit(
        engine,
        Command::CreateElement {
            id: None,
            kind,
            parent: parent.clone(),
            index: None,
            name: None,
            tag: None,
            content: content.map(str::to_owned),
            props: BTreeMap::new(),
            styles: BTreeMap::new(),
        },
    );
    applied.created[0].clone()
}

/// A page with a little tree: body → section → (container → text, image, button), container.
fn seed_project(engine: &mut Engine) {
    let applied = commit(
        engine,
        Command::CreatePage {
            id: None,
            name: "Home".into(),
            slug: None,
            title: None,
            description: None,
            index: None,
        },
    );
    let body = engine.state().pages[&applied.created_pages[0]].root.clone();
    let section = create(engine, ElementKind::Section, &body, None);
    let row = create(engine, ElementKind::Container, &section, None);
    create(engine, ElementKind::Text, &row, Some("Hello world"));
    create(engine, ElementKind::Image, &row, None);
    create(engine, ElementKind::Button, &row, Some("Buy"));
    create(engine, ElementKind::Container, &body, None);
}

fn doc(engine: &Engine) -> Vec<u8> {
    engine
        .encode_state_as_update(&[])
        .expect("an empty state vector is always readable")
}

fn snapshot_json(engine: &Engine) -> String {
    engine.to_snapshot().to_json()
}

/// The tree's invariants. `single_writer`: sibling order keys must also be unique (concurrent
/// inserts by two peers may pick equal keys; the tree then sorts by id).
fn check_tree(state: &State, single_writer: bool) -> Result<(), String> {
    state.check_invariants()?;
    let mut listed: HashMap<&ElementId, &ElementId> = HashMap::new();
    for id in state.elements.keys() {
        let children = state.children(id);
        let mut orders = HashSet::new();
        for child in children {
            let Some(el) = state.elements.get(child) else {
                return Err(format!("{child}, listed under {id}, does not exist"));
            };
            if let Some(other) = listed.insert(child, id) {
                return Err(format!("{child} is listed under both {other} and {id}"));
            }
            if state.parent(child) != Some(id) {
                return Err(format!(
                    "{child} is listed under {id} but shows under {:?}",
                    state.parent(child)
                ));
            }
            if single_writer && !orders.insert(el.order.as_str()) {
                return Err(format!(
                    "two children of {id} share the order key {:?}",
                    el.order
                ));
            }
        }
    }
    let roots: HashSet<&ElementId> = state.pages.values().map(|p| &p.root).collect();
    for (id, el) in &state.elements {
        if let Some(parent) = state.parent(id) {
            if listed.get(id) != Some(&parent) {
                return Err(format!("{id} shows under {parent} but is not listed there"));
            }
        } else if let Some(owner) = listed.get(id) {
            return Err(format!(
                "{id} has no shown parent but is listed under {owner}"
            ));
        }
        let mut top = id;
        let mut steps = 0;
        while let Some(parent) = state.parent(top) {
            top = parent;
            steps += 1;
            if steps > state.elements.len() {
                return Err(format!("{id} is on a cycle"));
            }
        }
        match state.pages.get(&el.page) {
            Some(page) if top != &page.root => {
                return Err(format!(
                    "{id} ({}) ends at {top}, not at its page's body {}",
                    el.kind.as_str(),
                    page.root
                ));
            }
            // Its page is gone (deleted while a peer added to it): kept, but in no page's tree.
            None if roots.contains(top) => {
                return Err(format!("{id} of a deleted page shows under {top}"))
            }
            _ => {}
        }
    }
    for page in state.pages.values() {
        match state.elements.get(&page.root) {
            Some(body) if body.kind == ElementKind::Body && body.page == page.id => {}
            other => {
                return Err(format!(
                    "page {} has root {} = {other:?}",
                    page.id, page.root
                ))
            }
        }
    }
    Ok(())
}

/// What a host builds from deltas alone; must always equal [`Engine::full_deltas`].
#[derive(Default)]
struct Mirror {
    elements: BTreeMap<ElementId, ElementDelta>,
    pages: BTreeMap<PageId, omnios_engine::Page>,
}

impl Mirror {
    fn of(engine: &Engine) -> Self {
        let mut mirror = Mirror::default();
        let all = engine.full_deltas();
        mirror
            .elements
            .extend(all.elements.into_iter().map(|d| (d.element.id.clone(), d)));
        mirror
            .pages
            .extend(all.pages.into_iter().map(|p| (p.id.clone(), p)));
        mirror
    }

    fn pull(&mut self, engine: &mut Engine) {
        let deltas = engine.take_deltas();
        for d in deltas.elements {
            self.elements.insert(d.element.id.clone(), d);
        }
        for id in deltas.removed {
            self.elements.remove(&id);
        }
        for p in deltas.pages {
            self.pages.insert(p.id.clone(), p);
        }
        for id in deltas.removed_pages {
            self.pages.remove(&id);
        }
    }

    fn check(&self, engine: &Engine) -> Result<(), String> {
        let truth = Mirror::of(engine);
        for (id, d) in &truth.elements {
            match self.elements.get(id) {
                Some(mine) if mine == d => {}
                mine => {
                    return Err(format!(
                        "deltas left {id} as {mine:?}, the document has {d:?}"
                    ))
                }
            }
        }
        if let Some(extra) = self
            .elements
            .keys()
            .find(|id| !truth.elements.contains_key(*id))
        {
            return Err(format!("deltas never removed {extra}"));
        }
        if self.pages != truth.pages {
            return Err(format!(
                "deltas left pages {:?}, the document has {:?}",
                self.pages, truth.pages
            ));
        }
        Ok(())
    }
}

fn fail(context: &str, engine: &Engine, reason: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(format!(
        "{context}: {reason}\nlog:\n{}",
        to_json_lines(engine.log())
    ))
}

/// Runs one step. A refused command must leave the document byte for byte as it was, log
/// nothing and send nothing; the tree must keep its invariants either way.
fn run_step(engine: &mut Engine, step: &Step, single_writer: bool) -> Result<(), TestCaseError> {
    let before = doc(engine);
    let logged = engine.log().len();
    let refused =
        |engine: &mut Engine, what: &dyn std::fmt::Debug, error: &omnios_engine::EngineError| {
            if doc(engine) != before {
                return Err(fail(
                    "refused command changed the document",
                    engine,
                    format!("{what:?}: {error}"),
                ));
            }
            if engine.log().len() != logged {
                return Err(fail(
                    "refused command was logged",
                    engine,
                    format!("{what:?}"),
                ));
            }
            if !engine.take_local_updates().is_empty() {
                return Err(fail(
                    "refused command sent an update",
                    engine,
                    format!("{what:?}"),
                ));
            }
            Ok(())
        };
    match step {
        Step::One(edit) => {
            let command = resolve(engine.state(), edit);
            if let Err(error) = engine.commit(command.clone()) {
                refused(engine, &command, &error)?;
            }
        }
        Step::Batch(edits) => {
            let commands: Vec<Command> = edits.iter().map(|e| resolve(engine.state(), e)).collect();
            if let Err(error) = engine.commit_batch(commands.clone()) {
                refused(engine, &commands, &error)?;
            }
        }
        Step::Gesture(edits) => {
            engine.begin_gesture();
            for edit in edits {
                let command = resolve(engine.state(), edit);
                let _ = engine.commit(command);
                let _ = engine.take_deltas();
            }
            if doc(engine) != before {
                return Err(fail(
                    "a gesture in progress wrote the document",
                    engine,
                    format!("{edits:?}"),
                ));
            }
            if let Err(error) = engine.end_gesture() {
                return Err(fail(
                    "end_gesture refused what its previews accepted",
                    engine,
                    error,
                ));
            }
        }
        Step::Undo => {
            engine.undo();
        }
        Step::Redo => {
            engine.redo();
        }
    }
    check_tree(engine.state(), single_writer).map_err(|e| fail("tree invariant", engine, e))
}

// ---- one engine ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Single {
    /// Undo and redo among the steps.
    history: bool,
    steps: Vec<Step>,
    /// Where to checkpoint, as a share of the log positions allowed.
    checkpoint: u16,
    /// Clock advance per step, ms.
    tick: u8,
}

fn single() -> impl Strategy<Value = Single> {
    any::<bool>().prop_flat_map(|history| {
        (
            prop::collection::vec(step(history), 1..40),
            any::<u16>(),
            any::<u8>(),
        )
            .prop_map(move |(steps, checkpoint, tick)| Single {
                history,
                steps,
                checkpoint,
                tick,
            })
    })
}

/// The document as a peer that loads it would encode it. Loading garbage-collects what the
/// writer still keeps for its undo history, so this is the form two engines with different
/// histories can be compared in.
fn canonical(engine: &Engine) -> Vec<u8> {
    let mut fresh = Engine::new(EngineOptions::deterministic(1));
    fresh
        .load(&doc(engine))
        .expect("an engine's own state loads");
    doc(&fresh)
}

/// Whether replaying `log` must rebuild the document. yrs 0.28.1 redoes the items of one undo
/// step in hash-set order (y-crdt/y-crdt#412), so a replayed undo gives the values it restores
/// other clocks than the original did. A peer's update that later names those clocks then lands
/// on other keys, or is refused (see the ignored regression cases below): such logs are left out.
/// `replayed` rebuilt `original` from its log: byte for byte when the log has no undo or redo;
/// with them (logged as the updates they wrote), field for field and tree for tree — yrs may
/// lay out the blocks of an undo's deletions differently from a replica that received them.
fn check_replay(original: &Engine, replayed: &Engine, what: &str) -> Result<(), TestCaseError> {
    let undone = original
        .log()
        .iter()
        .any(|e| matches!(e, LogEntry::Undo { .. } | LogEntry::Redo { .. }));
    if !undone && doc(replayed) != doc(original) {
        return Err(fail(
            &format!("{what}: not byte-identical"),
            original,
            snapshot_diff(original, replayed),
        ));
    }
    if snapshot_json(replayed) != snapshot_json(original) {
        return Err(fail(what, original, snapshot_diff(original, replayed)));
    }
    for id in original.state().elements.keys() {
        let (a, b) = (original.state(), replayed.state());
        if a.parent(id) != b.parent(id) || a.children(id) != b.children(id) {
            return Err(fail(what, original, format!("{id} shows differently")));
        }
    }
    Ok(())
}

fn run_single(case: Single) -> Result<(), TestCaseError> {
    const CLIENT: u64 = 7;
    let (mut engine, clock) = engine(CLIENT);
    seed_project(&mut engine);
    // Undo history starts here; the log keeps the setup, so replay rebuilds it too.
    engine.clear_history();
    let _ = engine.take_local_updates();
    let start = snapshot_json(&engine);
    let mut mirror = Mirror::of(&engine);
    let _ = engine.take_deltas();
    for (i, step) in case.steps.iter().enumerate() {
        clock.set((i as u64 + 1) * u64::from(case.tick));
        run_step(&mut engine, step, true)?;
        let _ = engine.take_local_updates();
        mirror.pull(&mut engine);
        mirror
            .check(&engine)
            .map_err(|e| fail(&format!("deltas after {step:?}"), &engine, e))?;
    }
    let end_snapshot = snapshot_json(&engine);
    let log = engine.log().to_vec();
    let undone_in_log = log
        .iter()
        .any(|e| matches!(e, LogEntry::Undo { .. } | LogEntry::Redo { .. }));
    prop_assert!(
        case.history || !undone_in_log,
        "undo logged without undo steps"
    );

    // The log replays into a fresh engine with the same client id.
    let (mut replayed, replay_clock) = self::engine(CLIENT);
    replayed
        .replay(&log, Some(&replay_clock))
        .map_err(|e| fail("replay refused its own log", &engine, e))?;
    check_replay(&engine, &replayed, "replay of the log")?;
    // The log survives its JSON form.
    let parsed = from_json_lines(&to_json_lines(&log))
        .map_err(|e| fail("log JSON unreadable", &engine, e))?;
    if parsed != log {
        return Err(fail("log JSON round trip", &engine, "entries differ"));
    }

    // A checkpoint anywhere in the log, plus the rest of the log, equals replaying the rest on
    // the engine the checkpoint came from (compared as a loading peer sees both).
    let at = usize::from(case.checkpoint) % (log.len() + 1);
    let (mut prefix, prefix_clock) = self::engine(CLIENT);
    prefix
        .replay(&log[..at], Some(&prefix_clock))
        .map_err(|e| fail("replay of a prefix", &engine, e))?;
    let checkpoint = prefix.checkpoint();
    prop_assert_eq!(checkpoint.position, at);
    let resumed_clock = Arc::new(ManualClock::new(0));
    let options = EngineOptions {
        clock: resumed_clock.clone(),
        ..EngineOptions::deterministic(CLIENT)
    };
    let mut resumed = Engine::from_checkpoint(options, &checkpoint)
        .map_err(|e| fail("checkpoint unreadable", &engine, e))?;
    resumed
        .replay(&log[at..], Some(&resumed_clock))
        .map_err(|e| fail("replay after a checkpoint", &engine, e))?;
    prefix
        .replay(&log[at..], Some(&prefix_clock))
        .map_err(|e| fail("replay of the rest", &engine, e))?;
    if canonical(&resumed) != canonical(&prefix) {
        return Err(fail(
            &format!(
                "checkpoint at {at} of {} + rest differs from the full replay",
                log.len()
            ),
            &engine,
            snapshot_diff(&prefix, &resumed),
        ));
    }

    // The snapshot round-trips.
    let snapshot = engine.to_snapshot();
    let reloaded = Engine::from_snapshot(EngineOptions::deterministic(99), &snapshot)
        .map_err(|e| fail("own snapshot refused", &engine, e))?;
    if reloaded.to_snapshot() != snapshot {
        return Err(fail(
            "snapshot round trip",
            &engine,
            snapshot_diff(&engine, &reloaded),
        ));
    }

    // Undo of everything gives back the start; redo of everything the end.
    let mut undone = 0;
    while engine.undo() {
        undone += 1;
        check_tree(engine.state(), true)
            .map_err(|e| fail("tree invariant during undo", &engine, e))?;
        if undone > 10 * case.steps.len() + 10 {
            return Err(fail("undo never ends", &engine, undone));
        }
    }
    mirror.pull(&mut engine);
    mirror
        .check(&engine)
        .map_err(|e| fail("deltas after undoing everything", &engine, e))?;
    let after_undo = snapshot_json(&engine);
    if after_undo != start {
        return Err(fail(
            "undo of everything",
            &engine,
            text_diff(&start, &after_undo),
        ));
    }
    // The redo stack may hold steps undone before the end: redo only what was undone here.
    for _ in 0..undone {
        if !engine.redo() {
            return Err(fail("redo ran out", &engine, undone));
        }
        check_tree(engine.state(), true)
            .map_err(|e| fail("tree invariant during redo", &engine, e))?;
    }
    let after_redo = snapshot_json(&engine);
    if after_redo != end_snapshot {
        return Err(fail(
            "redo of everything",
            &engine,
            text_diff(&end_snapshot, &after_redo),
        ));
    }
    Ok(())
}

fn snapshot_diff(a: &Engine, b: &Engine) -> String {
    text_diff(&snapshot_json(a), &snapshot_json(b))
}

/// The first differing line of two texts, with a little context.
fn text_diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let at = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let from = at.saturating_sub(3);
    format!(
        "first difference at line {at}\nexpected:\n{}\nactual:\n{}",
        e[from..(at + 4).min(e.len())].join("\n"),
        a[from..(at + 4).min(a.len())].join("\n")
    )
}

#[test]
fn single_engine_sequences_keep_invariants_undo_and_replay() {
    check(
        "single_engine_sequences_keep_invariants_undo_and_replay",
        256,
        single(),
        run_single,
    );
}

// ---- peers ------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Action {
    /// A peer runs a step on its own document.
    Local(u8, Step),
    /// A peer begins a gesture, or ends the one it has open.
    Gesture(u8),
    /// A peer receives one pending update; `keep` leaves it pending too (a duplicate later).
    Deliver { peer: u8, pick: u16, keep: bool },
}

#[derive(Debug, Clone)]
struct Session {
    peers: u8,
    /// Undo and redo among the steps (then the id-set check is off: undo brings ids back).
    history: bool,
    actions: Vec<Action>,
    /// Orders the final delivery of everything still pending.
    flush: u64,
}

fn session() -> impl Strategy<Value = Session> {
    (2u8..=4, any::<bool>()).prop_flat_map(|(peers, history)| {
        let action = prop_oneof![
            10 => (0..peers, step(history)).prop_map(|(p, s)| Action::Local(p, s)),
            1 => (0..peers).prop_map(Action::Gesture),
            8 => (0..peers, any::<u16>(), prop::bool::weighted(0.2))
                .prop_map(|(peer, pick, keep)| Action::Deliver { peer, pick, keep }),
        ];
        (prop::collection::vec(action, 1..60), any::<u64>()).prop_map(move |(actions, flush)| {
            Session {
                peers,
                history,
                actions,
                flush,
            }
        })
    })
}

struct Peer {
    engine: Engine,
    clock: Arc<ManualClock>,
    inbox: Vec<Vec<u8>>,
}

fn element_ids(engine: &Engine) -> BTreeSet<ElementId> {
    engine.state().elements.keys().cloned().collect()
}

/// Sends a peer's local updates to every other peer's inbox.
fn broadcast(peers: &mut [Peer], from: usize) {
    let updates = peers[from].engine.take_local_updates();
    for (i, peer) in peers.iter_mut().enumerate() {
        if i != from {
            peer.inbox.extend(updates.iter().cloned());
        }
    }
}

fn deliver(peer: &mut Peer, at: usize, keep: bool) -> Result<(), TestCaseError> {
    let update = if keep {
        peer.inbox[at].clone()
    } else {
        peer.inbox.remove(at)
    };
    peer.engine
        .apply_update(&update)
        .map_err(|e| fail("a peer's update was refused", &peer.engine, e))
}

fn run_session(case: Session) -> Result<(), TestCaseError> {
    let mut peers: Vec<Peer> = (0..case.peers)
        .map(|i| {
            let (engine, clock) = engine(100 + u64::from(i));
            Peer {
                engine,
                clock,
                inbox: Vec::new(),
            }
        })
        .collect();
    seed_project(&mut peers[0].engine);
    let initial = doc(&peers[0].engine);
    let _ = peers[0].engine.take_local_updates();
    for peer in &mut peers[1..] {
        peer.engine
            .apply_update(&initial)
            .map_err(|e| fail("initial sync", &peer.engine, e))?;
    }
    let mut created = element_ids(&peers[0].engine);
    let mut deleted = BTreeSet::new();
    let mut mirrors: Vec<Mirror> = peers.iter().map(|p| Mirror::of(&p.engine)).collect();
    for peer in &mut peers {
        peer.engine.clear_history();
        let _ = peer.engine.take_deltas();
    }

    // A local action: whatever ids appear or vanish on the peer are its creations and deletions.
    let local = |peers: &mut Vec<Peer>,
                 p: usize,
                 created: &mut BTreeSet<ElementId>,
                 deleted: &mut BTreeSet<ElementId>,
                 act: &mut dyn FnMut(&mut Engine) -> Result<(), TestCaseError>| {
        let before = element_ids(&peers[p].engine);
        act(&mut peers[p].engine)?;
        let after = element_ids(&peers[p].engine);
        created.extend(after.difference(&before).cloned());
        deleted.extend(before.difference(&after).cloned());
        broadcast(peers, p);
        Ok::<(), TestCaseError>(())
    };

    for (i, action) in case.actions.iter().enumerate() {
        for peer in &peers {
            peer.clock.set(i as u64 * 16);
        }
        let p = match action {
            Action::Local(p, step) => {
                let p = usize::from(*p);
                local(&mut peers, p, &mut created, &mut deleted, &mut |engine| {
                    if engine.in_gesture() {
                        // Previews only, but they must not break anything either.
                        let edits = match step {
                            Step::One(e) => vec![e.clone()],
                            Step::Batch(es) | Step::Gesture(es) => es.clone(),
                            Step::Undo | Step::Redo => return run_step(engine, step, false),
                        };
                        for edit in &edits {
                            let command = resolve(engine.state(), edit);
                            let _ = engine.commit(command);
                        }
                        Ok(())
                    } else {
                        run_step(engine, step, false)
                    }
                })?;
                p
            }
            Action::Gesture(p) => {
                let p = usize::from(*p);
                local(&mut peers, p, &mut created, &mut deleted, &mut |engine| {
                    if engine.in_gesture() {
                        // A peer may have removed what the gesture moves: refusing is fine.
                        let _ = engine.end_gesture();
                    } else {
                        engine.begin_gesture();
                    }
                    Ok(())
                })?;
                p
            }
            Action::Deliver { peer, pick, keep } => {
                let p = usize::from(*peer);
                if !peers[p].inbox.is_empty() {
                    let at = usize::from(*pick) % peers[p].inbox.len();
                    deliver(&mut peers[p], at, *keep)?;
                }
                p
            }
        };
        let peer = &mut peers[p];
        check_tree(peer.engine.state(), false)
            .map_err(|e| fail(&format!("peer {p}: {action:?}"), &peer.engine, e))?;
        mirrors[p].pull(&mut peer.engine);
        if !peer.engine.in_gesture() {
            mirrors[p]
                .check(&peer.engine)
                .map_err(|e| fail(&format!("peer {p} deltas: {action:?}"), &peer.engine, e))?;
        }
    }

    // Close open gestures, then deliver everything still pending, in a scrambled order.
    for p in 0..peers.len() {
        if peers[p].engine.in_gesture() {
            local(&mut peers, p, &mut created, &mut deleted, &mut |engine| {
                let _ = engine.end_gesture();
                Ok(())
            })?;
        }
    }
    let mut rng = case.flush | 1;
    for peer in &mut peers {
        while !peer.inbox.is_empty() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let at = (rng % peer.inbox.len() as u64) as usize;
            deliver(peer, at, false)?;
        }
        check_tree(peer.engine.state(), false).map_err(|e| fail("after flush", &peer.engine, e))?;
    }
    for (peer, mirror) in peers.iter_mut().zip(&mut mirrors) {
        mirror.pull(&mut peer.engine);
        mirror
            .check(&peer.engine)
            .map_err(|e| fail("deltas after flush", &peer.engine, e))?;
    }

    // Converged: the same snapshot, the same tree.
    let first = &peers[0].engine;
    let snapshot = snapshot_json(first);
    for (p, peer) in peers.iter().enumerate().skip(1) {
        let other = snapshot_json(&peer.engine);
        if other != snapshot {
            return Err(fail(
                &format!("peer {p} did not converge with peer 0"),
                &peer.engine,
                text_diff(&snapshot, &other),
            ));
        }
        for id in first.state().elements.keys() {
            let (a, b) = (first.state(), peer.engine.state());
            if a.parent(id) != b.parent(id) || a.children(id) != b.children(id) {
                return Err(fail(
                    &format!("peer {p} shows {id} differently"),
                    &peer.engine,
                    format!(
                        "{:?} {:?} vs {:?} {:?}",
                        a.parent(id),
                        a.children(id),
                        b.parent(id),
                        b.children(id)
                    ),
                ));
            }
        }
    }
    // Nothing duplicated or lost: the ids are exactly the creations minus the deletions.
    if !case.history {
        let expected: BTreeSet<ElementId> = created.difference(&deleted).cloned().collect();
        let actual = element_ids(first);
        if actual != expected {
            return Err(fail(
                "element ids after the merge",
                first,
                format!(
                    "missing {:?}, unexpected {:?}",
                    expected.difference(&actual).collect::<Vec<_>>(),
                    actual.difference(&expected).collect::<Vec<_>>()
                ),
            ));
        }
    }
    // Each peer's log, remote updates included, replays.
    for (p, peer) in peers.iter().enumerate() {
        let (mut replayed, clock) = engine(100 + p as u64);
        replayed
            .replay(peer.engine.log(), Some(&clock))
            .map_err(|e| fail("peer log replay", &peer.engine, e))?;
        check_replay(&peer.engine, &replayed, &format!("peer {p} replay"))?;
    }
    Ok(())
}

#[test]
fn peers_converge_whatever_the_delivery_order() {
    check(
        "peers_converge_whatever_the_delivery_order",
        256,
        session(),
        run_session,
    );
}

// ---- regression cases -------------------------------------------------------------------
//
// Ids below are those `seed_project` mints for client 7: page 7_0, body 7_1, section 7_2,
// row 7_3 (in the section), text 7_4, image 7_5, button 7_6 (in the row), container 7_7.

fn id(raw: &str) -> ElementId {
    ElementId(raw.into())
}

/// Found by `peers_converge_whatever_the_delivery_order` with this seed: three peers, gestures
/// and updates delivered out of order, duplicates included. Every update reached every peer,
/// yet one peer's yrs document still held some of them back as pending (waiting for
/// dependencies that had arrived), so its document and tree differed from the others'. The
/// engine now integrates what yrs holds back once its dependencies are there
/// (`integrate_pending` in engine.rs).
#[test]
fn regression_updates_held_back_integrate_once_their_dependencies_arrive() {
    check_seed(
        "regression_updates_held_back_integrate_once_their_dependencies_arrive",
        5_501_339_574_368_570_857,
        256,
        session(),
        run_session,
    );
}

/// The engine refuses a move into the element's own descendant and keeps the bytes.
#[test]
fn regression_refused_cycle_keeps_the_document() {
    let (mut engine, _) = engine(7);
    seed_project(&mut engine);
    let before = doc(&engine);
    let result = engine.commit(Command::MoveElements {
        ids: vec![id("7_2")],
        parent: id("7_3"),
        index: None,
    });
    assert!(
        matches!(
            result,
            Err(omnios_engine::EngineError::WouldCreateCycle { .. })
        ),
        "{result:?}"
    );
    assert_eq!(doc(&engine), before);
    check_tree(engine.state(), true).expect("invariants hold");
}

/// Found by `single_engine_sequences_keep_invariants_undo_and_replay`. Undoing a move of three
/// elements into the body leaves the body's children out of order: `State::set_elements`
/// re-inserts each touched child with a binary search over a list that still holds siblings
/// whose order keys the same transaction changed and that are not processed yet.
#[test]
fn regression_undo_of_a_move_keeps_siblings_sorted() {
    let (mut engine, _) = engine(7);
    seed_project(&mut engine);
    commit(
        &mut engine,
        Command::DuplicateElements {
            ids: vec![id("7_4"), id("7_7")],
        },
    );
    commit(
        &mut engine,
        Command::MoveElements {
            ids: vec![id("7_3"), id("7_4"), id("7_7")],
            parent: id("7_1"),
            index: None,
        },
    );
    check_tree(engine.state(), true).expect("invariants hold after the move");
    assert!(engine.undo());
    check_tree(engine.state(), true).expect("invariants hold after undoing the move");
}

/// Found by `peers_converge_whatever_the_delivery_order`. One step wraps the text in a new
/// container (rewriting the text's `parent` and `order`) and deletes the section holding both;
/// undoing it restores the text with its old `parent` and `order` locally, but the update it
/// sends gives those two values origins inside the deleted copy of the text's map (yrs 0.28.1
/// redoes a map entry after its last, deleted, successor), so every other peer reads the text
/// with no parent and no order. The engine can avoid it by not writing fields of an element
/// that the same batch deletes (`plan::collapse`).
#[test]
fn regression_undo_of_a_step_that_moved_then_deleted_an_element_converges() {
    let (mut a, _) = engine(7);
    seed_project(&mut a);
    let (mut b, _) = engine(8);
    b.apply_update(&doc(&a)).expect("initial sync");
    b.clear_history();
    b.commit_batch(vec![
        Command::Group {
            ids: vec![id("7_4")],
            id: None,
        },
        Command::DeleteElements {
            ids: vec![id("7_2")],
        },
    ])
    .expect("group then delete");
    assert!(b.undo());
    for update in b.take_local_updates() {
        a.apply_update(&update).expect("b's updates apply");
    }
    let (mine, theirs) = (snapshot_json(&b), snapshot_json(&a));
    assert!(
        mine == theirs,
        "peers diverged: {}",
        text_diff(&mine, &theirs)
    );
}

/// Found by `peers_converge_whatever_the_delivery_order`. yrs 0.28.1 redoes the items of one
/// undo step in `HashSet` order (y-crdt/y-crdt#412), so an undo that restores two values (here
/// the text's `parent` and `order`) gives them clocks in a random order. A peer's later move
/// of the text names those clocks as origins; replaying the log then puts the peer's `parent`
/// under `order` and the other way round about half the time: the replayed document is not
/// the one the log recorded. Needs a deterministic undo (a patched yrs or the engine's own).
#[test]
fn regression_replay_with_undo_and_a_later_remote_update_is_deterministic() {
    let (mut a, _) = engine(7);
    seed_project(&mut a);
    let (mut b, _) = engine(8);
    b.apply_update(&doc(&a)).expect("initial sync");
    let _ = a.take_local_updates();
    commit(
        &mut a,
        Command::MoveElements {
            ids: vec![id("7_4")],
            parent: id("7_7"),
            index: None,
        },
    );
    assert!(a.undo());
    for update in a.take_local_updates() {
        b.apply_update(&update).expect("a's updates apply");
    }
    commit(
        &mut b,
        Command::MoveElements {
            ids: vec![id("7_4")],
            parent: id("7_7"),
            index: None,
        },
    );
    for update in b.take_local_updates() {
        a.apply_update(&update).expect("b's update applies");
    }
    let expected = snapshot_json(&a);
    for attempt in 0..20 {
        let (mut replayed, clock) = engine(7);
        replayed
            .replay(a.log(), Some(&clock))
            .expect("the log replays");
        let actual = snapshot_json(&replayed);
        assert!(
            actual == expected,
            "replay {attempt} differs: {}",
            text_diff(&expected, &actual)
        );
    }
}

/// An engine keeps the content of deleted values while its undo history may restore them; a
/// loaded checkpoint used to garbage-collect them and so encoded differently from the engine
/// it was taken from. Engines now keep deleted content (`skip_gc` in `Engine::new`), so a
/// checkpoint encodes byte for byte like its source.
#[test]
fn regression_checkpoint_encodes_like_the_engine_it_came_from() {
    let (mut engine, _) = engine(7);
    seed_project(&mut engine);
    for name in ["A", "B"] {
        commit(
            &mut engine,
            Command::RenameElement {
                id: id("7_2"),
                name: name.into(),
            },
        );
    }
    let resumed = Engine::from_checkpoint(EngineOptions::deterministic(7), &engine.checkpoint())
        .expect("own checkpoint loads");
    assert_eq!(snapshot_json(&resumed), snapshot_json(&engine));
    assert!(doc(&resumed) == doc(&engine), "checkpoint bytes differ");
}

/// Found by the `update_bytes` fuzz target (26 bytes from a peer). They name a client id of 2^53
/// or more, and yrs 0.28.1 decodes it with `ClientID::new`, whose `debug_assert!` then panics:
/// any build with debug assertions (tests, a debug server) dies on such an update; release
/// builds pass it on masked. `Engine::apply_update` must refuse it without panicking.
#[test]
fn regression_update_naming_an_oversized_client_id_is_refused_without_panic() {
    const UPDATE: [u8; 26] = [
        0x01, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x15, 0x31, 0x5f, 0x30, 0xa8, 0x02,
        0x27, 0x01, 0x77, 0x02, 0x61, 0x30, 0x01, 0x02, 0x01, 0x1f, 0x0a,
    ];
    let (mut engine, _) = engine(7);
    seed_project(&mut engine);
    let before = doc(&engine);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        engine.apply_update(&UPDATE)
    }));
    let Ok(result) = outcome else {
        panic!("apply_update panicked on a peer's bytes");
    };
    if result.is_err() {
        assert!(
            doc(&engine) == before,
            "a refused update changed the document"
        );
    }
    check_tree(engine.state(), true).expect("invariants hold");
}

/// Found by the `update_bytes` fuzz target (42 bytes from a peer). They claim billions of
/// blocks for one client, and yrs 0.28.1's decoder reserves room for all of them up front
/// (`VecDeque::try_reserve`, 0x17ffffffd0 bytes here) before reading any. Natively the
/// reservation fails or stays virtual and the update is refused; under AddressSanitizer, and in
/// a WASM memory that can only grow, a few bytes can claim gigabytes.
#[test]
fn regression_update_claiming_billions_of_blocks_is_refused() {
    const UPDATE: [u8; 42] = [
        0x01, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0x77, 0x03, 0x31, 0x5f, 0x30, 0xa8, 0x02, 0x27,
        0x02, 0x26, 0x01, 0x77, 0x03, 0x2c, 0x5f, 0x30, 0xa8, 0x02, 0x27, 0x01, 0x77, 0x02, 0x61,
        0x30, 0x01, 0x02, 0x01, 0x77, 0x02, 0x61, 0x30, 0x01, 0xff, 0xff, 0x02,
    ];
    let (mut engine, _) = engine(7);
    seed_project(&mut engine);
    let before = doc(&engine);
    assert!(engine.apply_update(&UPDATE).is_err());
    assert!(
        doc(&engine) == before,
        "a refused update changed the document"
    );
    check_tree(engine.state(), true).expect("invariants hold");
}
