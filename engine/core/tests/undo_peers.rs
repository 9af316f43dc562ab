//! Undo never reverts a peer's work: an undo changes only what the undone step wrote, and a
//! step that collaborators have overwritten whole is refused (`undo_overwritten`) instead of
//! reaching further back.
//!
//! The property test runs 2–4 peers through random interleavings of edits, deliveries (in any
//! order) and undos. Each peer keeps the footprint of each of its own steps (the elements it
//! created or deleted whole, the fields it set); after every undo, every difference between
//! the peer's document before and after must lie inside the footprint of the step undone.
//! `PROPTEST_CASES=<n>` runs more or fewer cases.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use omnios_engine::{
    Command, Element, ElementId, ElementKind, Engine, EngineError, EngineOptions, ManualClock,
    RawValue, Slot,
};
use proptest::prelude::*;

fn engine(client: u64) -> Engine {
    Engine::new(EngineOptions {
        clock: Arc::new(ManualClock::new(0)),
        ..EngineOptions::deterministic(client)
    })
}

fn create_page(engine: &mut Engine) -> ElementId {
    let applied = engine
        .commit(Command::CreatePage {
            id: None,
            name: "Home".into(),
            slug: None,
            title: None,
            description: None,
            index: None,
        })
        .expect("page");
    engine.state().pages[&applied.created_pages[0]].root.clone()
}

fn create(engine: &mut Engine, parent: &ElementId) -> Result<ElementId, EngineError> {
    let applied = engine.commit(Command::CreateElement {
        id: None,
        kind: ElementKind::Container,
        parent: parent.clone(),
        index: None,
        name: None,
        tag: None,
        content: None,
        props: BTreeMap::new(),
        styles: BTreeMap::new(),
    })?;
    Ok(applied.created[0].clone())
}

fn style(
    engine: &mut Engine,
    id: &ElementId,
    property: &str,
    value: &str,
) -> Result<(), EngineError> {
    engine
        .commit(Command::UpdateStyles {
            ids: vec![id.clone()],
            slot: Slot::BASE,
            set: [(property.to_owned(), Some(RawValue::Text(value.into())))].into(),
        })
        .map(|_| ())
}

fn sync(from: &mut Engine, to: &mut Engine) {
    for update in from.take_local_updates() {
        to.apply_update(&update).expect("a peer's update applies");
    }
}

#[test]
fn an_undo_whose_step_a_peer_overwrote_stops_and_never_deletes_the_element() {
    let mut a = engine(1);
    let mut b = engine(2);
    let body = create_page(&mut a);
    sync(&mut a, &mut b);
    a.clear_history();
    let x1 = create(&mut a, &body).expect("A creates x1");
    sync(&mut a, &mut b);
    style(&mut b, &x1, "width", "120px").expect("B sets its width");
    sync(&mut b, &mut a);
    style(&mut a, &x1, "background-color", "green").expect("A sets it green");
    sync(&mut a, &mut b);
    style(&mut b, &x1, "background-color", "blue").expect("B sets it blue");
    sync(&mut b, &mut a);

    assert_eq!(a.try_undo(), Err(EngineError::UndoOverwritten));
    sync(&mut a, &mut b);
    for (name, peer) in [("A", &a), ("B", &b)] {
        let el = peer
            .element(&x1)
            .unwrap_or_else(|| panic!("x1 is gone on {name}"));
        let base = &el.styles[&Slot::BASE];
        assert_eq!(
            base.values().cloned().collect::<Vec<_>>(),
            ["120px", "blue"],
            "{name}"
        );
    }
    // The next undo is the step before: creating x1.
    assert_eq!(a.try_undo(), Ok(true));
    assert!(a.element(&x1).is_none());
    assert_eq!(a.try_undo(), Ok(false), "nothing left to undo");
}

/// What a step wrote: whole elements (created or deleted) and single fields of others.
#[derive(Debug, Default, Clone)]
struct Footprint {
    whole: BTreeSet<ElementId>,
    fields: BTreeSet<(ElementId, String)>,
}

/// Every field of an element, flattened: `name`, `parent`, `order`, `style:<slot>|<prop>`, ….
fn fields(el: &Element) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert("name".into(), el.name.clone());
    out.insert("parent".into(), format!("{:?}", el.parent));
    out.insert("order".into(), el.order.clone());
    out.insert("hidden".into(), el.hidden.to_string());
    for (slot, set) in &el.styles {
        for (property, value) in set {
            out.insert(
                format!("style:{slot}|{}", property.css_name()),
                value.clone(),
            );
        }
    }
    out
}

/// Every difference between two states of one peer lies inside `step`.
fn changes_within(
    before: &BTreeMap<ElementId, Element>,
    after: &BTreeMap<ElementId, Element>,
    step: &Footprint,
) -> Result<(), String> {
    let ids: BTreeSet<&ElementId> = before.keys().chain(after.keys()).collect();
    for id in ids {
        if step.whole.contains(id) {
            continue;
        }
        match (before.get(id), after.get(id)) {
            (Some(_), None) => return Err(format!("{id} was deleted, outside the step")),
            (None, Some(_)) => return Err(format!("{id} appeared, outside the step")),
            (Some(b), Some(a)) => {
                let (fb, fa) = (fields(b), fields(a));
                let keys: BTreeSet<&String> = fb.keys().chain(fa.keys()).collect();
                for key in keys {
                    if fb.get(key) != fa.get(key)
                        && !step.fields.contains(&(id.clone(), key.clone()))
                    {
                        return Err(format!(
                            "{id} {key}: {:?} became {:?}, outside the step",
                            fb.get(key),
                            fa.get(key)
                        ));
                    }
                }
            }
            (None, None) => {}
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Action {
    /// Peer creates a container in the body.
    Create(usize),
    /// Peer sets a style property of the n-th element it knows.
    Style(usize, u16, bool),
    /// Peer deletes the n-th element it knows.
    Delete(usize, u16),
    /// Peer presses undo.
    Undo(usize),
    /// Peer receives the n-th update waiting for it.
    Deliver(usize, u16),
}

fn action(peers: usize) -> impl Strategy<Value = Action> {
    let p = 0..peers;
    prop_oneof![
        2 => p.clone().prop_map(Action::Create),
        5 => (p.clone(), any::<u16>(), any::<bool>()).prop_map(|(p, n, w)| Action::Style(p, n, w)),
        1 => (p.clone(), any::<u16>()).prop_map(|(p, n)| Action::Delete(p, n)),
        3 => p.clone().prop_map(Action::Undo),
        6 => (p, any::<u16>()).prop_map(|(p, n)| Action::Deliver(p, n)),
    ]
}

fn session() -> impl Strategy<Value = (usize, Vec<Action>)> {
    (2usize..=4).prop_flat_map(|peers| (Just(peers), prop::collection::vec(action(peers), 1..60)))
}

struct Peer {
    engine: Engine,
    inbox: Vec<Vec<u8>>,
    steps: Vec<Footprint>,
    counter: u32,
}

fn records(engine: &Engine) -> BTreeMap<ElementId, Element> {
    engine
        .state()
        .elements
        .iter()
        .map(|(id, el)| (id.clone(), el.clone()))
        .collect()
}

fn nth_element(engine: &Engine, n: u16) -> Option<ElementId> {
    let ids: Vec<&ElementId> = engine
        .state()
        .elements
        .values()
        .filter(|e| e.kind != ElementKind::Body)
        .map(|e| &e.id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    (!ids.is_empty()).then(|| ids[usize::from(n) % ids.len()].clone())
}

fn run(peers: usize, actions: &[Action]) -> Result<(), TestCaseError> {
    let mut all: Vec<Peer> = (0..peers)
        .map(|i| Peer {
            engine: engine(10 + i as u64),
            inbox: Vec::new(),
            steps: Vec::new(),
            counter: 0,
        })
        .collect();
    // Peer 0 makes the page; everyone starts from it with no history.
    let body = create_page(&mut all[0].engine);
    let start = all[0].engine.take_local_updates();
    for peer in &mut all {
        for u in &start {
            if peer.engine.state().pages.is_empty() {
                peer.engine.apply_update(u).expect("start");
            }
        }
        peer.engine.clear_history();
    }
    for action in actions {
        match *action {
            Action::Create(p) => {
                let peer = &mut all[p];
                if let Ok(id) = create(&mut peer.engine, &body) {
                    peer.steps.push(Footprint {
                        whole: [id].into(),
                        ..Footprint::default()
                    });
                }
            }
            Action::Style(p, n, width) => {
                let peer = &mut all[p];
                let Some(id) = nth_element(&peer.engine, n) else {
                    continue;
                };
                peer.counter += 1;
                // A value no other write ever uses, so every write changes something.
                let (property, value) = if width {
                    ("width", format!("{}px", p as u32 * 10_000 + peer.counter))
                } else {
                    ("opacity", format!("0.{}{:04}", p + 1, peer.counter))
                };
                if style(&mut peer.engine, &id, property, &value).is_ok() {
                    peer.steps.push(Footprint {
                        fields: [(id, format!("style:base|{property}"))].into(),
                        ..Footprint::default()
                    });
                }
            }
            Action::Delete(p, n) => {
                let peer = &mut all[p];
                let Some(id) = nth_element(&peer.engine, n) else {
                    continue;
                };
                let gone: BTreeSet<ElementId> =
                    peer.engine.state().subtree(&id).into_iter().collect();
                if peer
                    .engine
                    .commit(Command::DeleteElements { ids: vec![id] })
                    .is_ok()
                {
                    peer.steps.push(Footprint {
                        whole: gone,
                        ..Footprint::default()
                    });
                }
            }
            Action::Undo(p) => {
                let peer = &mut all[p];
                let before = records(&peer.engine);
                let result = peer.engine.try_undo();
                let after = records(&peer.engine);
                match result {
                    Ok(false) => prop_assert!(
                        peer.steps.is_empty(),
                        "no step to undo, but the model has some"
                    ),
                    Ok(true) | Err(EngineError::UndoOverwritten) => {
                        let step = peer.steps.pop().ok_or_else(|| {
                            TestCaseError::fail("an undo happened with no step of this peer left")
                        })?;
                        if let Err(why) = changes_within(&before, &after, &step) {
                            return Err(TestCaseError::fail(format!(
                                "peer {p}'s undo of {step:?} reverted more than its step: {why}"
                            )));
                        }
                        if result.is_err() {
                            prop_assert_eq!(&before, &after, "a refused undo changed the document");
                        }
                    }
                    Err(other) => return Err(TestCaseError::fail(format!("undo failed: {other}"))),
                }
            }
            Action::Deliver(p, n) => {
                let peer = &mut all[p];
                if !peer.inbox.is_empty() {
                    let update = peer.inbox.remove(usize::from(n) % peer.inbox.len());
                    peer.engine
                        .apply_update(&update)
                        .map_err(|e| TestCaseError::fail(format!("update refused: {e}")))?;
                }
            }
        }
        // Whatever a peer wrote goes to every other peer's inbox.
        for from in 0..peers {
            let updates = all[from].engine.take_local_updates();
            for (i, peer) in all.iter_mut().enumerate() {
                if i != from {
                    peer.inbox.extend(updates.iter().cloned());
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn an_undo_changes_only_what_its_own_step_wrote((peers, actions) in session()) {
        run(peers, &actions)?;
    }
}
