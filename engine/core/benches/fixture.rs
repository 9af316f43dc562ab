//! The benchmark page (ARCHITECTURE.md, "The benchmark page"), made by one generator:
//!
//! ```text
//! body → 100 sections → container (flex column) → 5 rows (flex row) → 4 cells (flex column,
//! grow 1) → card (block) → 2–3 leaves (text of 3–12 words, image, button)
//! ```
//!
//! 10,000 elements with the body; every element has 15 base and 3 mobile style properties.
//! [`elements`] is the generator: plain records in tree order, deterministic (a fixed-seed
//! LCG picks colours, words and which cards get a third leaf). Two views of it:
//! [`commands`] (what a host sends to build the page) and [`snapshot`] (the `*.omnios.json`
//! project, equal field for field to what the engine makes of the commands).
//!
//! Set `OMNIOS_WRITE_FIXTURE=<path>` when running the bench to write the snapshot JSON there.

use std::collections::BTreeMap;

use omnios_engine::order;
use omnios_engine::{
    Command, Element, ElementId, ElementKind, Engine, EngineOptions, Page, PageId, RawValue,
    Scalar, Slot, Snapshot, TextTag, SNAPSHOT_FORMAT, SNAPSHOT_VERSION,
};

/// Elements on the page, the body included.
pub const ELEMENTS: usize = 10_000;
/// The page's id.
pub const PAGE: &str = "bench";
/// The body's id: what `create_page` mints first for client 1.
pub const BODY: &str = "1_0";
/// The client id the commands are meant for (so the body id above is right).
pub const CLIENT: u64 = 1;

const SECTIONS: usize = 100;
const ROWS: usize = 5;
const CELLS: usize = 4;
const CARDS: usize = SECTIONS * ROWS * CELLS;
/// Leaves needed for exactly [`ELEMENTS`]: body, sections, containers, rows, cells, cards.
const LEAVES: usize = ELEMENTS - (1 + SECTIONS * 2 + SECTIONS * ROWS + CARDS * 2);

const WORDS: [&str; 32] = [
    "fast", "design", "canvas", "pricing", "team", "launch", "build", "simple", "layout", "page",
    "grid", "flex", "brand", "story", "growth", "plans", "secure", "cloud", "mobile", "ready",
    "modern", "clean", "bold", "studio", "create", "share", "export", "publish", "theme", "colour",
    "motion", "insight",
];

/// A fixed-seed linear congruential generator: the same page on every run and platform.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

type Props<'a> = [(&'a str, &'a str)];

fn styles(base: &Props, mobile: &Props) -> omnios_engine::Styles {
    let mut out = omnios_engine::Styles::new();
    for (slot, set) in [("base", base), ("mobile", mobile)] {
        let slot: Slot = slot.parse().expect("base and mobile are slots");
        let map = out.entry(slot).or_default();
        for (name, value) in set {
            map.insert(
                name.parse().expect("the fixture uses supported properties"),
                (*value).to_owned(),
            );
        }
    }
    out
}

struct Builder {
    elements: Vec<Element>,
    last_key: BTreeMap<String, String>,
    next_id: usize,
}

impl Builder {
    fn add(&mut self, kind: ElementKind, parent: &str, styles: omnios_engine::Styles) -> String {
        let id = format!("e{}", self.next_id);
        self.next_id += 1;
        // The key the engine gives an element appended after its last sibling.
        let key = order::between(self.last_key.get(parent).map(String::as_str), None)
            .expect("appending always has a key");
        self.last_key.insert(parent.to_owned(), key.clone());
        self.elements.push(Element {
            id: ElementId(id.clone()),
            kind,
            page: PageId(PAGE.into()),
            parent: Some(ElementId(parent.into())),
            order: key,
            name: String::new(),
            tag: (kind == ElementKind::Text).then_some(TextTag::P),
            content: String::new(),
            props: BTreeMap::new(),
            styles,
            hidden: false,
            locked: false,
        });
        id
    }

    fn last(&mut self) -> &mut Element {
        self.elements.last_mut().expect("just added")
    }
}

/// The page's elements in tree order (parents first), body first.
pub fn elements() -> Vec<Element> {
    let mut rng = Lcg(0x0a11_cafe);
    let mut b = Builder {
        elements: Vec::with_capacity(ELEMENTS),
        last_key: BTreeMap::new(),
        next_id: 0,
    };
    b.elements.push(Element {
        id: ElementId(BODY.into()),
        kind: ElementKind::Body,
        page: PageId(PAGE.into()),
        parent: None,
        order: order::FIRST.into(),
        name: "Body".into(),
        tag: None,
        content: String::new(),
        props: BTreeMap::new(),
        styles: BTreeMap::new(),
        hidden: false,
        locked: false,
    });
    let mut card = 0usize;
    for s in 0..SECTIONS {
        let background = format!("#{:06x}", 0xf0_f0f0 + rng.below(0x0f_0f0f));
        let section = b.add(
            ElementKind::Section,
            BODY,
            styles(
                &[
                    ("display", "block"),
                    ("width", "100%"),
                    ("padding-top", "64px"),
                    ("padding-bottom", "64px"),
                    ("padding-left", "24px"),
                    ("padding-right", "24px"),
                    ("margin-top", "0px"),
                    ("margin-bottom", "0px"),
                    ("background-color", &background),
                    ("color", "#111111"),
                    ("font-family", "Inter, sans-serif"),
                    ("font-size", "16px"),
                    ("line-height", "1.5"),
                    ("border-bottom-width", "1px"),
                    ("border-style", "solid"),
                ],
                &[
                    ("padding-top", "32px"),
                    ("padding-bottom", "32px"),
                    ("padding-left", "16px"),
                ],
            ),
        );
        b.last().name = format!("Section {}", s + 1);
        let container = b.add(
            ElementKind::Container,
            &section,
            styles(
                &[
                    ("display", "flex"),
                    ("flex-direction", "column"),
                    ("gap", "24px"),
                    ("max-width", "1200px"),
                    ("width", "100%"),
                    ("margin-left", "auto"),
                    ("margin-right", "auto"),
                    ("padding-left", "16px"),
                    ("padding-right", "16px"),
                    ("align-items", "stretch"),
                    ("justify-content", "flex-start"),
                    ("row-gap", "24px"),
                    ("min-height", "0px"),
                    ("overflow", "visible"),
                    ("position", "relative"),
                ],
                &[
                    ("gap", "16px"),
                    ("padding-left", "8px"),
                    ("padding-right", "8px"),
                ],
            ),
        );
        for _ in 0..ROWS {
            let row = b.add(
                ElementKind::Container,
                &container,
                styles(
                    &[
                        ("display", "flex"),
                        ("flex-direction", "row"),
                        ("flex-wrap", "wrap"),
                        ("gap", "16px"),
                        ("column-gap", "16px"),
                        ("row-gap", "16px"),
                        ("align-items", "stretch"),
                        ("justify-content", "space-between"),
                        ("width", "100%"),
                        ("padding-top", "8px"),
                        ("padding-bottom", "8px"),
                        ("margin-bottom", "8px"),
                        ("min-height", "120px"),
                        ("position", "relative"),
                        ("overflow", "visible"),
                    ],
                    &[
                        ("flex-direction", "column"),
                        ("gap", "8px"),
                        ("padding-top", "4px"),
                    ],
                ),
            );
            for _ in 0..CELLS {
                let cell = b.add(
                    ElementKind::Container,
                    &row,
                    styles(
                        &[
                            ("display", "flex"),
                            ("flex-direction", "column"),
                            ("flex-grow", "1"),
                            ("flex-shrink", "1"),
                            ("flex-basis", "0px"),
                            ("min-width", "0px"),
                            ("gap", "8px"),
                            ("align-items", "stretch"),
                            ("justify-content", "flex-start"),
                            ("padding-top", "4px"),
                            ("padding-bottom", "4px"),
                            ("padding-left", "4px"),
                            ("padding-right", "4px"),
                            ("position", "relative"),
                            ("overflow", "hidden"),
                        ],
                        &[
                            ("flex-basis", "auto"),
                            ("width", "100%"),
                            ("padding-left", "0px"),
                        ],
                    ),
                );
                let card_id = b.add(
                    ElementKind::Container,
                    &cell,
                    styles(
                        &[
                            ("display", "block"),
                            ("padding-top", "16px"),
                            ("padding-right", "16px"),
                            ("padding-bottom", "16px"),
                            ("padding-left", "16px"),
                            ("background-color", "#ffffff"),
                            ("border-top-width", "1px"),
                            ("border-right-width", "1px"),
                            ("border-bottom-width", "1px"),
                            ("border-left-width", "1px"),
                            ("border-style", "solid"),
                            ("border-color", "#e5e7eb"),
                            ("border-radius", "8px"),
                            ("box-shadow", "0 1px 2px rgba(0, 0, 0, 0.05)"),
                            ("overflow", "hidden"),
                        ],
                        &[
                            ("padding-top", "12px"),
                            ("padding-left", "12px"),
                            ("border-radius", "4px"),
                        ],
                    ),
                );
                b.last().name = format!("Card {}", card + 1);
                // Spread the third leaves evenly: exactly LEAVES - 2 * CARDS cards get one.
                let third = (card + 1) * (LEAVES - 2 * CARDS) / CARDS
                    != card * (LEAVES - 2 * CARDS) / CARDS;
                let leaves: &[ElementKind] = match (third, card % 2) {
                    (true, _) => &[ElementKind::Image, ElementKind::Text, ElementKind::Button],
                    (false, 0) => &[ElementKind::Text, ElementKind::Button],
                    (false, _) => &[ElementKind::Image, ElementKind::Text],
                };
                for kind in leaves {
                    add_leaf(&mut b, &mut rng, *kind, &card_id, card);
                }
                card += 1;
            }
        }
    }
    assert_eq!(
        b.elements.len(),
        ELEMENTS,
        "the benchmark page has 10,000 elements"
    );
    b.elements
}

fn add_leaf(b: &mut Builder, rng: &mut Lcg, kind: ElementKind, card: &str, n: usize) {
    match kind {
        ElementKind::Text => {
            let words = 3 + rng.below(10) as usize;
            let text: Vec<&str> = (0..words)
                .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize])
                .collect();
            b.add(
                kind,
                card,
                styles(
                    &[
                        ("display", "block"),
                        ("font-size", "16px"),
                        ("font-weight", "400"),
                        ("line-height", "1.5"),
                        ("color", "#374151"),
                        ("margin-top", "0px"),
                        ("margin-bottom", "8px"),
                        ("letter-spacing", "normal"),
                        ("text-align", "left"),
                        ("text-transform", "none"),
                        ("white-space", "normal"),
                        ("font-family", "Inter, sans-serif"),
                        ("font-style", "normal"),
                        ("max-width", "100%"),
                        ("width", "auto"),
                    ],
                    &[
                        ("font-size", "14px"),
                        ("margin-bottom", "4px"),
                        ("line-height", "1.4"),
                    ],
                ),
            );
            b.last().content = text.join(" ");
        }
        ElementKind::Image => {
            b.add(
                kind,
                card,
                styles(
                    &[
                        ("display", "block"),
                        ("width", "100%"),
                        ("height", "auto"),
                        ("aspect-ratio", "16 / 9"),
                        ("object-fit", "cover"),
                        ("border-radius", "4px"),
                        ("margin-bottom", "8px"),
                        ("max-width", "100%"),
                        ("min-height", "0px"),
                        ("background-color", "#f3f4f6"),
                        ("border-style", "none"),
                        ("position", "relative"),
                        ("overflow", "hidden"),
                        ("opacity", "1"),
                        ("cursor", "default"),
                    ],
                    &[
                        ("aspect-ratio", "4 / 3"),
                        ("margin-bottom", "4px"),
                        ("border-radius", "2px"),
                    ],
                ),
            );
            let props = &mut b.last().props;
            props.insert("src".into(), Scalar::Text(format!("/assets/card-{n}.jpg")));
            props.insert("alt".into(), Scalar::Text(format!("Card {n}")));
        }
        _ => {
            b.add(
                ElementKind::Button,
                card,
                styles(
                    &[
                        ("display", "block"),
                        ("padding-top", "8px"),
                        ("padding-bottom", "8px"),
                        ("padding-left", "16px"),
                        ("padding-right", "16px"),
                        ("background-color", "#2563eb"),
                        ("color", "#ffffff"),
                        ("border-radius", "6px"),
                        ("border-style", "none"),
                        ("font-size", "14px"),
                        ("font-weight", "600"),
                        ("text-align", "center"),
                        ("cursor", "pointer"),
                        ("width", "auto"),
                        ("margin-top", "4px"),
                    ],
                    &[
                        ("width", "100%"),
                        ("padding-top", "10px"),
                        ("padding-bottom", "10px"),
                    ],
                ),
            );
            b.last().content = "Learn more".into();
        }
    }
}

/// The page record.
pub fn page() -> Page {
    Page {
        id: PageId(PAGE.into()),
        name: "Benchmark".into(),
        slug: String::new(),
        title: "Benchmark".into(),
        description: String::new(),
        order: order::FIRST.into(),
        root: ElementId(BODY.into()),
    }
}

/// The command that creates the page (its body is [`BODY`] for client [`CLIENT`]).
pub fn create_page() -> Command {
    Command::CreatePage {
        id: Some(PageId(PAGE.into())),
        name: "Benchmark".into(),
        slug: None,
        title: None,
        description: None,
        index: None,
    }
}

/// One `create_element` per element but the body, parents first, with explicit ids.
pub fn commands(elements: &[Element]) -> Vec<Command> {
    elements
        .iter()
        .filter_map(|el| {
            let parent = el.parent.clone()?;
            Some(Command::CreateElement {
                id: Some(el.id.clone()),
                kind: el.kind,
                parent,
                index: None,
                name: (!el.name.is_empty()).then(|| el.name.clone()),
                tag: el.tag,
                content: (!el.content.is_empty()).then(|| el.content.clone()),
                props: el.props.clone(),
                styles: el
                    .styles
                    .iter()
                    .map(|(slot, set)| {
                        let set = set
                            .iter()
                            .map(|(p, v)| {
                                (p.css_name().to_owned(), Some(RawValue::Text(v.clone())))
                            })
                            .collect();
                        (*slot, set)
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The page as a project snapshot.
pub fn snapshot(elements: Vec<Element>) -> Snapshot {
    Snapshot {
        format: SNAPSHOT_FORMAT.into(),
        version: SNAPSHOT_VERSION,
        pages: vec![page()],
        elements,
    }
}

/// The page as `*.omnios.json`.
pub fn snapshot_json() -> String {
    snapshot(elements()).to_json()
}

/// An engine (client [`CLIENT`], no log) that built the page through commands, with no undo
/// history left.
pub fn engine() -> Engine {
    let mut engine = Engine::new(options());
    engine.commit(create_page()).expect("the page is created");
    engine
        .commit_batch(commands(&elements()))
        .expect("the benchmark page builds");
    engine.clear_history();
    let _ = engine.take_deltas();
    let _ = engine.take_local_updates();
    engine
}

/// Options as a host would pass them: client [`CLIENT`], a clock at 0, no command log.
pub fn options() -> EngineOptions {
    EngineOptions::new(
        CLIENT,
        std::sync::Arc::new(omnios_engine::ManualClock::new(0)),
    )
}
