//! The document-wide bound on shown elements (`component::MAX_SHOWN_IN_DOCUMENT`): instances
//! take their share in id order until the bound is spent, the rest show empty and say so
//! (`truncated` in their delta); every replica shows the same whatever order the edits came
//! in, and a hostile document stays bounded and fast.

mod common;

use common::{diff, raw_peer, Project};
use omnios_engine::component::{MAX_SHOWN_IN_DOCUMENT, MAX_SHOWN_PER_INSTANCE};
use omnios_engine::*;
use serde_json::{json, Value};
use yrs::types::map::MapPrelim;
use yrs::{Any, Map, Transact};

/// Commits many commands as one batch.
fn batch(p: &mut Project, commands: impl IntoIterator<Item = Value>) -> Applied {
    let commands: Vec<Command> = commands
        .into_iter()
        .map(|c| serde_json::from_value(c).expect("a command"))
        .collect();
    p.engine.commit_batch(commands).expect("the batch")
}

/// A component `Big` whose master holds a section and `size - 1` texts inside it; the section
/// on the page becomes instance `big`.
fn big_component(p: &mut Project, size: usize) {
    let body = p.body.clone();
    p.ok(json!({"type": "create_element", "id": "big", "kind": "section", "parent": body}));
    batch(
        p,
        (1..size).map(|i| {
            json!({"type": "create_element", "id": format!("t{i}"), "kind": "text",
                "parent": "big", "content": "x"})
        }),
    );
    p.ok(json!({"type": "create_component", "id": "big", "name": "Big", "component_id": "Big"}));
}

/// Inserts instances of `Big` with the given ids.
fn insert(p: &mut Project, ids: impl IntoIterator<Item = String>) {
    let body = p.body.clone();
    batch(
        p,
        ids.into_iter().map(
            |id| json!({"type": "insert_instance", "component": "Big", "parent": body, "id": id}),
        ),
    );
}

/// How many elements each stored instance shows and whether it is cut, by id.
fn shares(p: &Project) -> Vec<(ElementId, usize, bool)> {
    let state = p.engine.state();
    let mut out: Vec<(ElementId, usize, bool)> = state
        .of_kind(ElementKind::Instance)
        .map(|id| (id.clone(), state.expansion(id).len(), state.is_cut(id)))
        .collect();
    out.sort();
    out
}

/// What a fresh replica of the same document shows: the shares and every shown record.
fn same_as_fresh(p: &Project, step: &str) {
    let fresh = p.peer(9);
    assert!(
        shares(&fresh) == shares(p),
        "{step}: the shares differ from a fresh replica's"
    );
    let records = |q: &Project| {
        let state = q.engine.state();
        let mut ids: Vec<&ElementId> = state.shown_copies().collect();
        ids.sort();
        ids.into_iter()
            .map(|id| state.get(id).cloned())
            .collect::<Vec<_>>()
    };
    assert!(
        records(&fresh) == records(p),
        "{step}: shown records differ"
    );
    assert_eq!(
        fresh.engine.state().starved().collect::<Vec<_>>(),
        p.engine.state().starved().collect::<Vec<_>>(),
        "{step}"
    );
    p.engine
        .state()
        .check_invariants()
        .unwrap_or_else(|e| panic!("{step}: {e}"));
}

/// The shares the rule gives: in id order, each instance shows what is left, up to its size.
fn check_rule(p: &Project, size: usize, step: &str) {
    let mut left = MAX_SHOWN_IN_DOCUMENT;
    for (id, shown, cut) in shares(p) {
        let want = size.min(left).min(MAX_SHOWN_PER_INSTANCE);
        assert_eq!(shown, want, "{step}: {id} shows {shown}, not {want}");
        assert_eq!(cut, want < size, "{step}: {id}'s cut");
        left -= want;
    }
    assert!(p.engine.state().shown_copies().count() <= MAX_SHOWN_IN_DOCUMENT);
}

fn truncated_in_deltas(p: &mut Project) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = p
        .engine
        .take_deltas()
        .elements
        .into_iter()
        .filter(|d| d.element.kind == ElementKind::Instance)
        .map(|d| (d.element.id.0.clone(), d.truncated))
        .collect();
    out.sort();
    out
}

#[test]
fn instances_share_the_bound_in_id_order_and_edits_agree_with_a_fresh_replica() {
    let mut p = Project::new(1);
    big_component(&mut p, 1_000);
    // 250 instances of a 1,000-element master would show 251,000 elements.
    insert(&mut p, (0..250).map(|i| format!("i{i:03}")));
    check_rule(&p, 1_000, "inserted");
    assert_eq!(
        p.engine.state().shown_copies().count(),
        MAX_SHOWN_IN_DOCUMENT
    );
    // `big` sorts first, so i000…i198 show in full and the rest show empty.
    let i199 = ElementId("i199".into());
    assert!(p.engine.state().expansion(&i199).is_empty());
    assert!(p.engine.state().is_cut(&i199));
    assert!(!p.engine.state().is_cut(&ElementId("i198".into())));
    // The editor reads the cut from the instance's delta.
    let full = p.engine.full_deltas();
    let flag = |id: &str| {
        full.elements
            .iter()
            .find(|d| d.element.id.0 == id)
            .map(|d| d.truncated)
    };
    assert_eq!(flag("i199"), Some(true));
    assert_eq!(flag("i198"), Some(false));
    let wire = serde_json::to_value(&full).expect("json");
    let on_wire = |id: &str| {
        wire["elements"]
            .as_array()
            .and_then(|all| all.iter().find(|d| d["id"] == id))
            .map(|d| d.get("truncated").cloned())
    };
    assert_eq!(on_wire("i199"), Some(Some(json!(true))));
    assert_eq!(on_wire("i198"), Some(None));
    p.engine.take_deltas();

    // Deleting the first instance leaves room: the next one shows in full, and says so.
    p.ok(json!({"type": "delete_elements", "ids": ["big"]}));
    check_rule(&p, 1_000, "deleted big");
    assert_eq!(p.engine.state().expansion(&i199).len(), 1_000);
    let flags = truncated_in_deltas(&mut p);
    assert!(flags.contains(&("i199".into(), false)), "{flags:?}");

    // An instance sorting first takes its share from the last one shown.
    insert(&mut p, ["a".to_owned()]);
    check_rule(&p, 1_000, "inserted a");
    assert!(p.engine.state().expansion(&i199).is_empty());

    // A master that grows moves the boundary into the middle of an instance.
    p.ok(json!({"type": "create_element", "id": "more", "kind": "text", "parent": "Big", "content": "y"}));
    check_rule(&p, 1_001, "grown");
    let partial = shares(&p)
        .into_iter()
        .find(|(_, shown, _)| (1..1_001).contains(shown));
    assert!(
        partial.is_some_and(|(_, _, cut)| cut),
        "one instance is cut midway"
    );
    same_as_fresh(&p, "grown");

    // Undo brings back the shares as they were.
    assert!(p.engine.undo());
    check_rule(&p, 1_000, "undone");

    // A shrinking master gives every starved instance its share again.
    let texts: Vec<String> = (1..900).map(|i| format!("t{i}")).collect();
    let master_texts: Vec<ElementId> = p
        .engine
        .state()
        .children(&ElementId("Big".into()))
        .iter()
        .take(texts.len())
        .cloned()
        .collect();
    p.ok(json!({"type": "delete_elements", "ids": master_texts}));
    check_rule(&p, 101, "shrunk");
    assert!(p.engine.state().starved().next().is_none());
    same_as_fresh(&p, "shrunk");
}

#[test]
fn a_hostile_peer_writing_ten_thousand_instances_of_a_ten_thousand_element_master_stays_bounded() {
    let mut p = Project::new(1);
    // A peer writes, in one update, a master of 10,000 elements and 10,000 instances of it:
    // 100,000,000 shown elements if every instance were expanded.
    let raw = raw_peer(&p.engine);
    {
        let elements = raw.get_or_insert_map("elements");
        let mut txn = raw.transact_mut();
        let put = |txn: &mut yrs::TransactionMut, id: &str, kind: &str, page: &str| {
            let map = elements.insert(txn, id, MapPrelim::default());
            map.insert(txn, "kind", kind);
            map.insert(txn, "page", page);
            map.insert(txn, "order", "a0");
            map
        };
        let root = put(&mut txn, "Big", "section", "Big");
        root.insert(&mut txn, "name", "Big");
        for i in 1..10_000 {
            let text = put(&mut txn, &format!("t{i}"), "text", "Big");
            text.insert(&mut txn, "parent", "Big");
        }
        let body = p.body.0.clone();
        for i in 0..10_000 {
            let map = put(&mut txn, &format!("h{i:05}"), "instance", "home");
            map.insert(&mut txn, "parent", body.as_str());
            let props = map.insert(&mut txn, "props", MapPrelim::default());
            props.insert(&mut txn, "component", Any::from("Big"));
        }
    }
    p.engine
        .apply_update(&diff(&raw, &p.engine))
        .expect("a well-formed update");
    check_rule(&p, 10_000, "hostile");
    assert_eq!(
        p.engine.state().shown_copies().count(),
        MAX_SHOWN_IN_DOCUMENT
    );
    // An edit of the master's structure expands every instance again, within the bound.
    p.ok(json!({"type": "create_element", "id": "more", "kind": "text", "parent": "Big", "content": "y"}));
    check_rule(&p, 10_001, "hostile, edited");
    assert_eq!(
        p.engine.state().shown_copies().count(),
        MAX_SHOWN_IN_DOCUMENT
    );
}
