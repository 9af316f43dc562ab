//! Components: a subtree becomes a master stored once and an instance takes its place;
//! instances show the master with their prop values and overrides (master < prop < override);
//! editing the master changes every instance that did not override the field; reset and
//! detach; nesting; a master containing itself is refused from commands and peers; every
//! command undoes in one step; a master edit and an instance override by two peers merge.

mod common;

use common::{diff, raw_peer, Project};
use omnios_engine::component::{shown_id, COMPONENT_PROP};
use omnios_engine::*;
use serde_json::json;
use yrs::types::map::MapPrelim;
use yrs::{Any, Map, Transact};

impl Project {
    /// A card on the page: section `card` holding text `title` ("Hello") and button `cta`.
    fn card(&mut self) {
        let body = self.body.clone();
        self.ok(
            json!({"type": "create_element", "id": "card", "kind": "section", "parent": body,
            "styles": {"base": {"padding-top": "8px", "color": "red"}}}),
        );
        self.ok(
            json!({"type": "create_element", "id": "title", "kind": "text", "parent": "card",
            "content": "Hello"}),
        );
        self.ok(
            json!({"type": "create_element", "id": "cta", "kind": "button", "parent": "card",
            "content": "Go"}),
        );
    }

    /// Makes the card a component `Card` (master root `Card`) and returns its master's ids
    /// for `title` and `cta`.
    fn card_component(&mut self) -> (String, String) {
        self.card();
        self.ok(json!({"type": "create_component", "id": "card", "name": "Card", "component_id": "Card"}));
        let master = ElementId("Card".into());
        let kids = self.engine.state().children(&master).to_vec();
        assert_eq!(kids.len(), 2, "the master holds the card's children");
        (kids[0].0.clone(), kids[1].0.clone())
    }

    /// A list component (master root `List`) whose master holds an instance of `Card`, and
    /// instance `list` of it on the page. Returns the master's ids of Card's `title` and of
    /// the nested instance (`create_component` copies it under a fresh id).
    fn list_component(&mut self) -> (String, String) {
        let (title, _) = self.card_component();
        let body = self.body.clone();
        self.ok(
            json!({"type": "create_element", "id": "list", "kind": "container", "parent": body}),
        );
        self.ok(json!({"type": "insert_instance", "component": "Card", "parent": "list", "id": "inner"}));
        self.ok(json!({"type": "create_component", "id": "list", "name": "List", "component_id": "List"}));
        let inner = self.engine.state().children(&ElementId("List".into()))[0]
            .0
            .clone();
        (title, inner)
    }

    fn insert(&mut self, id: &str) {
        let body = self.body.clone();
        self.ok(json!({"type": "insert_instance", "component": "Card", "parent": body, "id": id}));
    }

    /// The element instance `instance` shows for the master element at `path`.
    fn shown(&self, instance: &str, path: &[&str]) -> Element {
        let path: Vec<ElementId> = path.iter().map(|p| ElementId((*p).into())).collect();
        let id = shown_id(&ElementId(instance.into()), &path);
        self.engine
            .state()
            .get(&id)
            .unwrap_or_else(|| panic!("{instance} shows no {path:?}"))
            .clone()
    }

    fn shown_id(&self, instance: &str, path: &[&str]) -> String {
        self.shown(instance, path).id.0
    }
}

fn color(el: &Element) -> Option<&str> {
    el.styles
        .get(&Slot::BASE)?
        .get(&Property::Color)
        .map(String::as_str)
}

#[test]
fn a_subtree_becomes_a_master_stored_once_and_an_instance_takes_its_place() {
    let mut p = Project::new(1);
    let (title, _) = p.card_component();
    let card = p
        .engine
        .element(&ElementId("card".into()))
        .expect("instance")
        .clone();
    assert_eq!(card.kind, ElementKind::Instance);
    assert_eq!(
        card.props.get(COMPONENT_PROP),
        Some(&Scalar::Text("Card".into()))
    );
    assert!(
        p.engine.element(&ElementId("title".into())).is_none(),
        "moved into the master"
    );
    // The instance shows the master: root under the instance, its children under the root.
    let root = p.shown("card", &["Card"]);
    assert_eq!(root.parent, Some(ElementId("card".into())));
    assert_eq!(color(&root), Some("red"));
    assert_eq!(p.shown("card", &[&title]).content, "Hello");
    // Stored once: two instances add no stored element beyond themselves.
    let stored = p.engine.stored_element_count();
    p.insert("second");
    assert_eq!(p.engine.stored_element_count(), stored + 1);
    // The shown elements reach the editor as deltas and are laid out.
    let deltas = p.engine.take_deltas();
    let shown_title = p.shown_id("second", &[&title]);
    assert!(deltas
        .elements
        .iter()
        .any(|d| d.element.id.0 == shown_title));
    p.engine.set_layout_page(Some(PageId("home".into())));
    p.engine.layout();
    assert!(p.engine.box_of(&ElementId(shown_title)).is_some());
}

#[test]
fn override_precedence_is_master_then_prop_then_override() {
    let mut p = Project::new(1);
    let (title, _) = p.card_component();
    p.insert("b");
    p.ok(
        json!({"type": "declare_prop", "component": "Card", "name": "heading", "kind": "text",
        "target": format!("{title}|content"), "default": "Default"}),
    );
    assert_eq!(p.shown("card", &[&title]).content, "Default");
    p.ok(json!({"type": "update_props", "id": "b", "set": {"heading": "From prop"}}));
    assert_eq!(p.shown("b", &[&title]).content, "From prop");
    // An override on the shown element wins over the prop.
    let shown = p.shown_id("b", &[&title]);
    p.ok(json!({"type": "set_content", "id": shown, "content": "Overridden"}));
    assert_eq!(p.shown("b", &[&title]).content, "Overridden");
    assert_eq!(p.shown("card", &[&title]).content, "Default");

    // A style override on one instance; a master edit reaches only instances without one.
    let root_b = p.shown_id("b", &["Card"]);
    p.ok(json!({"type": "update_styles", "ids": [root_b], "set": {"color": "blue"}}));
    p.ok(json!({"type": "update_styles", "ids": ["Card"], "set": {"color": "green", "padding-top": "20px"}}));
    assert_eq!(color(&p.shown("b", &["Card"])), Some("blue"));
    assert_eq!(color(&p.shown("card", &["Card"])), Some("green"));
    let padding = |el: &Element| el.styles[&Slot::BASE][&Property::PaddingTop].clone();
    assert_eq!(padding(&p.shown("b", &["Card"])), "20px");

    // Reset: the master's value shows again.
    p.ok(json!({"type": "reset_override", "id": root_b, "field": "style|base|color"}));
    assert_eq!(color(&p.shown("b", &["Card"])), Some("green"));
}

#[test]
fn structure_inside_an_instance_is_refused_with_a_typed_error() {
    let mut p = Project::new(1);
    let (title, _) = p.card_component();
    let shown = p.shown_id("card", &[&title]);
    let err = p.refused(json!({"type": "delete_elements", "ids": [shown]}));
    assert!(matches!(err, EngineError::InsideInstance { .. }), "{err:?}");
    let err =
        p.refused(json!({"type": "set_content", "id": shown, "content": "x".repeat(300_000)}));
    assert!(
        matches!(err, EngineError::PayloadTooLarge { .. }),
        "{err:?}"
    );
    let err =
        p.refused(json!({"type": "create_element", "kind": "text", "parent": "card", "id": "__x"}));
    assert!(
        matches!(
            err,
            EngineError::WrongKind { .. } | EngineError::InvalidValue { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn detaching_makes_plain_elements_with_the_resolved_values() {
    let mut p = Project::new(1);
    let (title, _) = p.card_component();
    let shown = p.shown_id("card", &[&title]);
    p.ok(json!({"type": "set_content", "id": shown, "content": "Mine"}));
    p.check_undo(json!({"type": "detach_instance", "id": "card"}));
    let card = p
        .engine
        .element(&ElementId("card".into()))
        .expect("kept its id")
        .clone();
    assert_eq!(card.kind, ElementKind::Section);
    assert_eq!(color(&card), Some("red"));
    let kids = p.engine.state().children(&card.id).to_vec();
    assert_eq!(
        p.engine.element(&kids[0]).map(|e| e.content.as_str()),
        Some("Mine")
    );
    // No longer follows the master.
    p.ok(json!({"type": "update_styles", "ids": ["Card"], "set": {"color": "green"}}));
    assert_eq!(
        color(p.engine.element(&card.id).expect("detached")),
        Some("red")
    );
}

#[test]
fn deleting_a_component_in_use_is_refused_unless_forced() {
    let mut p = Project::new(1);
    p.card_component();
    let err = p.refused(json!({"type": "delete_component", "id": "Card"}));
    assert!(
        matches!(&err, EngineError::ComponentInUse { instances, .. } if instances == &["card"]),
        "{err:?}"
    );
    p.check_undo(json!({"type": "rename_component", "id": "Card", "name": "Tile"}));
    let body = p.body.clone();
    p.ok(json!({"type": "create_element", "id": "other", "kind": "container", "parent": body}));
    let err = p.refused(json!({"type": "create_component", "id": "other", "name": "Tile"}));
    assert!(
        matches!(err, EngineError::ComponentNameTaken { .. }),
        "{err:?}"
    );
    p.ok(json!({"type": "create_component", "id": "other", "name": "Other", "component_id": "Other"}));
    let err = p.refused(json!({"type": "rename_component", "id": "Other", "name": "Tile"}));
    assert!(
        matches!(err, EngineError::ComponentNameTaken { .. }),
        "{err:?}"
    );
    p.check_undo(json!({"type": "delete_component", "id": "Card", "force": true}));
    let card = p
        .engine
        .element(&ElementId("card".into()))
        .expect("detached")
        .clone();
    assert_eq!(card.kind, ElementKind::Section);
    assert!(p.engine.element(&ElementId("Card".into())).is_none());
}

#[test]
fn nested_instances_show_and_outer_overrides_reach_inside() {
    let mut p = Project::new(1);
    let (title, inner) = p.list_component();
    let deep = p.shown("list", &[&inner, &title]);
    assert_eq!(deep.content, "Hello");
    // An override on the deep element is stored on the outer instance, by path.
    p.ok(json!({"type": "set_content", "id": deep.id, "content": "Deep"}));
    assert_eq!(p.shown("list", &[&inner, &title]).content, "Deep");
    // Editing the inner master reaches the outer instance too.
    p.ok(json!({"type": "update_styles", "ids": ["Card"], "set": {"color": "green"}}));
    assert_eq!(color(&p.shown("list", &[&inner, "Card"])), Some("green"));
    // Detaching the outer instance keeps the inner one an instance, with the override.
    p.ok(json!({"type": "detach_instance", "id": "list"}));
    let kids = p
        .engine
        .state()
        .children(&ElementId("list".into()))
        .to_vec();
    let nested = p.engine.element(&kids[0]).expect("nested instance").clone();
    assert_eq!(nested.kind, ElementKind::Instance);
    assert_eq!(p.shown(nested.id.as_str(), &[&title]).content, "Deep");
}

#[test]
fn a_master_containing_itself_is_refused() {
    let mut p = Project::new(1);
    p.card_component();
    let err = p.refused(json!({"type": "insert_instance", "component": "Card", "parent": "Card"}));
    assert!(
        matches!(err, EngineError::ComponentContainsItself { .. }),
        "{err:?}"
    );
    // Through another master: List holds a Card; a List inside Card is refused.
    let body = p.body.clone();
    p.ok(json!({"type": "create_element", "id": "list", "kind": "container", "parent": body}));
    p.ok(json!({"type": "insert_instance", "component": "Card", "parent": "list"}));
    p.ok(json!({"type": "create_component", "id": "list", "name": "List", "component_id": "List"}));
    let err = p.refused(json!({"type": "insert_instance", "component": "List", "parent": "Card"}));
    assert!(
        matches!(err, EngineError::ComponentContainsItself { .. }),
        "{err:?}"
    );
    let err = p.refused(
        json!({"type": "create_element", "kind": "instance", "parent": "Card",
        "props": {"component": "List"}}),
    );
    assert!(
        matches!(err, EngineError::ComponentContainsItself { .. }),
        "{err:?}"
    );
}

#[test]
fn a_peer_update_making_a_master_contain_itself_is_refused_whole() {
    let mut p = Project::new(1);
    p.card_component();
    let before = p.bytes();
    let raw = raw_peer(&p.engine);
    {
        let elements = raw.get_or_insert_map("elements");
        let mut txn = raw.transact_mut();
        let map = elements.insert(&mut txn, "loop", MapPrelim::default());
        map.insert(&mut txn, "kind", "instance");
        map.insert(&mut txn, "page", "Card");
        map.insert(&mut txn, "parent", "Card");
        map.insert(&mut txn, "order", "a0");
        let props = map.insert(&mut txn, "props", MapPrelim::default());
        props.insert(&mut txn, "component", Any::from("Card"));
    }
    let err = p
        .engine
        .apply_update(&diff(&raw, &p.engine))
        .expect_err("a loop");
    assert!(
        matches!(err, EngineError::ComponentContainsItself { .. }),
        "{err:?}"
    );
    assert_eq!(p.bytes(), before);
}

#[test]
fn a_loop_made_by_two_honest_peers_merges_and_shows_the_same_everywhere() {
    let mut a = Project::new(1);
    a.card_component();
    let body = a.body.clone();
    a.ok(json!({"type": "create_element", "id": "box", "kind": "container", "parent": body}));
    a.ok(json!({"type": "create_component", "id": "box", "name": "Box", "component_id": "Box"}));
    let mut b = a.peer(2);
    a.engine.take_local_updates();
    // Concurrently: A puts a Box in Card, B a Card in Box.
    a.ok(json!({"type": "insert_instance", "component": "Box", "parent": "Card", "id": "ab"}));
    b.ok(json!({"type": "insert_instance", "component": "Card", "parent": "Box", "id": "ba"}));
    for u in a.engine.take_local_updates() {
        b.engine.apply_update(&u).expect("honest update");
    }
    for u in b.engine.take_local_updates() {
        a.engine.apply_update(&u).expect("honest update");
    }
    assert_eq!(a.bytes().len(), b.bytes().len());
    let shown = |p: &Project| {
        let mut ids: Vec<String> = p
            .engine
            .state()
            .shown_copies()
            .map(|i| i.0.clone())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(shown(&a), shown(&b), "both replicas show the same");
    a.engine.state().check_invariants().expect("a tree");
}

#[test]
fn every_component_command_undoes_in_one_step() {
    let mut p = Project::new(1);
    p.card();
    p.check_undo(
        json!({"type": "create_component", "id": "card", "name": "Card", "component_id": "Card"}),
    );
    let title = p.engine.state().children(&ElementId("Card".into()))[0]
        .0
        .clone();
    let body = p.body.clone();
    p.check_undo(
        json!({"type": "insert_instance", "component": "Card", "parent": body, "id": "b"}),
    );
    p.check_undo(
        json!({"type": "declare_prop", "component": "Card", "name": "heading",
        "kind": "text", "target": format!("{title}|content")}),
    );
    p.check_undo(json!({"type": "update_props", "id": "b", "set": {"heading": "Hi"}}));
    let shown = p.shown_id("b", &[&title]);
    p.check_undo(json!({"type": "update_styles", "ids": [shown], "set": {"color": "blue"}}));
    p.check_undo(json!({"type": "set_hidden", "ids": [shown], "hidden": true}));
    p.check_undo(json!({"type": "reset_override", "id": shown}));
    p.check_undo(json!({"type": "remove_prop", "component": "Card", "name": "heading"}));
    p.check_undo(json!({"type": "detach_instance", "id": "b"}));
}

#[test]
fn a_master_edit_and_an_instance_override_by_two_peers_both_survive() {
    let mut a = Project::new(1);
    let (title, _) = a.card_component();
    let mut b = a.peer(2);
    a.engine.take_local_updates();
    let shown = b.shown_id("card", &[&title]);
    a.ok(json!({"type": "update_styles", "ids": ["Card"], "set": {"color": "green", "padding-top": "30px"}}));
    a.ok(json!({"type": "set_content", "id": title, "content": "Master text"}));
    b.ok(json!({"type": "set_content", "id": shown, "content": "Instance text"}));
    let root = b.shown_id("card", &["Card"]);
    b.ok(json!({"type": "update_styles", "ids": [root], "set": {"color": "blue"}}));
    for u in a.engine.take_local_updates() {
        b.engine.apply_update(&u).expect("peer");
    }
    for u in b.engine.take_local_updates() {
        a.engine.apply_update(&u).expect("peer");
    }
    for p in [&a, &b] {
        assert_eq!(p.shown("card", &[&title]).content, "Instance text");
        let root = p.shown("card", &["Card"]);
        assert_eq!(color(&root), Some("blue"), "the override wins");
        assert_eq!(
            root.styles[&Slot::BASE][&Property::PaddingTop],
            "30px",
            "the master edit reached it"
        );
    }
    assert_eq!(a.snapshot(), b.snapshot());
}

#[test]
fn components_survive_a_snapshot_round_trip() {
    let mut p = Project::new(1);
    let (title, _) = p.card_component();
    let shown = p.shown_id("card", &[&title]);
    p.ok(json!({"type": "set_content", "id": shown, "content": "Kept"}));
    let json = p.snapshot();
    let back = Engine::from_snapshot(
        EngineOptions::deterministic(3),
        &Snapshot::from_json(&json).expect("parse"),
    )
    .expect("a valid snapshot");
    let id = shown_id(&ElementId("card".into()), &[ElementId(title)]);
    assert_eq!(
        back.state().get(&id).map(|e| e.content.as_str()),
        Some("Kept")
    );
}

#[test]
fn variants_sit_between_the_master_and_the_instance_override() {
    let mut p = Project::new(1);
    let (title, _) = p.card_component();
    p.insert("b");
    p.ok(
        json!({"type": "set_variant_value", "component": "Card", "axis": "size", "option": "lg",
        "target": "Card|style|base|padding-top", "value": "40px"}),
    );
    p.ok(
        json!({"type": "set_variant_value", "component": "Card", "axis": "size", "option": "lg",
        "target": format!("{title}|content"), "value": "Large"}),
    );
    let padding = |el: &Element| el.styles[&Slot::BASE][&Property::PaddingTop].clone();
    // Not chosen: the master's values.
    assert_eq!(padding(&p.shown("b", &["Card"])), "8px");
    p.check_undo(json!({"type": "update_props", "id": "b", "set": {"size": "lg"}}));
    assert_eq!(padding(&p.shown("b", &["Card"])), "40px");
    assert_eq!(p.shown("b", &[&title]).content, "Large");
    assert_eq!(
        padding(&p.shown("card", &["Card"])),
        "8px",
        "only the instance that chose it"
    );
    // A master edit of a field the variant sets does not show where the variant is chosen.
    p.ok(json!({"type": "update_styles", "ids": ["Card"], "set": {"padding-top": "10px"}}));
    assert_eq!(padding(&p.shown("b", &["Card"])), "40px");
    assert_eq!(padding(&p.shown("card", &["Card"])), "10px");
    // The instance's override wins over the variant.
    let shown = p.shown_id("b", &[&title]);
    p.ok(json!({"type": "set_content", "id": shown, "content": "Mine"}));
    assert_eq!(p.shown("b", &[&title]).content, "Mine");
    p.ok(json!({"type": "reset_override", "id": shown}));
    assert_eq!(p.shown("b", &[&title]).content, "Large");
    let err = p.refused(
        json!({"type": "set_variant_value", "component": "Card", "axis": "size",
        "option": "x y", "target": "Card|content", "value": "z"}),
    );
    assert!(matches!(err, EngineError::InvalidValue { .. }), "{err:?}");
    p.check_undo(
        json!({"type": "remove_variant", "component": "Card", "axis": "size", "option": "lg"}),
    );
    assert_eq!(padding(&p.shown("b", &["Card"])), "10px");
}

#[test]
fn each_instance_supplies_its_own_children_to_a_slot() {
    let mut p = Project::new(1);
    p.card_component();
    p.insert("b");
    p.check_undo(json!({"type": "set_slot", "component": "Card", "element": "Card", "slot": true}));
    // The slot no longer shows the master's placeholders in instances.
    let root_b = p.shown_id("b", &["Card"]);
    assert!(p
        .engine
        .state()
        .children(&ElementId(root_b.clone()))
        .is_empty());
    p.check_undo(
        json!({"type": "create_element", "id": "mine", "kind": "text", "parent": root_b,
        "content": "Only in b"}),
    );
    let root_card = p.shown_id("card", &["Card"]);
    assert_eq!(
        p.engine.state().children(&ElementId(root_b.clone())),
        &[ElementId("mine".into())]
    );
    assert!(p.engine.state().children(&ElementId(root_card)).is_empty());
    // Editing the master keeps the slot's children.
    p.ok(json!({"type": "update_styles", "ids": ["Card"], "set": {"color": "green"}}));
    assert_eq!(
        p.engine.state().parent(&ElementId("mine".into())),
        Some(&ElementId(root_b.clone()))
    );
    // Duplicating the instance copies its slot children into the copy's slot.
    let applied = p.ok(json!({"type": "duplicate_elements", "ids": ["b"]}));
    let copy = applied.created[0].0.clone();
    let copy_root = p.shown_id(&copy, &["Card"]);
    assert_eq!(p.engine.state().children(&ElementId(copy_root)).len(), 1);
    // Detaching moves them into the plain copy; deleting an instance deletes them.
    let stored = p.engine.stored_element_count();
    p.ok(json!({"type": "delete_elements", "ids": [copy]}));
    assert_eq!(
        p.engine.stored_element_count(),
        stored - 2,
        "the copy and its slot child"
    );
    p.check_undo(json!({"type": "detach_instance", "id": "b"}));
    assert_eq!(
        p.engine.state().parent(&ElementId("mine".into())),
        Some(&ElementId("b".into()))
    );
    // A snapshot keeps slot children.
    let snapshot = Snapshot::from_json(&p.snapshot()).expect("parse");
    Engine::from_snapshot(EngineOptions::deterministic(4), &snapshot).expect("valid");
}

#[test]
fn a_token_change_restyles_the_shown_copies_of_master_elements() {
    let mut p = Project::new(1);
    p.ok(json!({"type": "create_token", "id": "gap", "name": "gap", "kind": "spacing", "value": "8px"}));
    let (title, _) = p.card_component();
    p.ok(json!({"type": "update_styles", "ids": [title], "set": {"padding-top": "token:gap"}}));
    p.engine.take_deltas();
    p.ok(json!({"type": "update_token", "id": "gap", "value": "30px"}));
    let shown = p.shown_id("card", &[&title]);
    let deltas = p.engine.take_deltas();
    assert!(
        deltas.elements.iter().any(|d| d.element.id.0 == shown),
        "the shown copy is sent again"
    );
}

#[test]
fn a_master_edit_sends_a_delta_per_copy_of_the_edited_element_only() {
    let mut p = Project::new(1);
    let (title, _) = p.card_component();
    let body = p.body.clone();
    let batch: Vec<Command> = (0..3)
        .map(|i| Command::InsertInstance {
            component: ElementId("Card".into()),
            parent: body.clone(),
            index: None,
            id: Some(ElementId(format!("x{i}"))),
        })
        .collect();
    p.engine.commit_batch(batch).expect("instances");
    p.engine.take_deltas();
    p.ok(json!({"type": "set_content", "id": title, "content": "New"}));
    let mut ids: Vec<String> = p
        .engine
        .take_deltas()
        .elements
        .into_iter()
        .map(|d| d.element.id.0.clone())
        .collect();
    ids.sort();
    let mut expected: Vec<String> = ["card", "x0", "x1", "x2"]
        .iter()
        .map(|i| p.shown_id(i, &[&title]))
        .chain([title.clone()])
        .collect();
    expected.sort();
    assert_eq!(ids, expected);
    assert_eq!(p.shown("x2", &[&title]).content, "New");
}

#[test]
fn a_gesture_moving_an_instance_previews_it_with_its_shown_elements() {
    let mut p = Project::new(1);
    let (title, _) = p.card_component();
    p.insert("b");
    p.engine.take_deltas();
    p.engine.begin_gesture();
    p.ok(json!({"type": "update_styles", "ids": ["b"], "set": {"margin-top": "12px"}}));
    let shown = p.shown_id("b", &[&title]);
    p.ok(json!({"type": "update_styles", "ids": [shown], "set": {"color": "blue"}}));
    let deltas = p.engine.take_deltas();
    assert!(
        deltas.removed.is_empty(),
        "nothing shown is removed: {:?}",
        deltas.removed
    );
    let b = deltas
        .elements
        .iter()
        .find(|d| d.element.id.0 == "b")
        .expect("the instance is previewed");
    assert_eq!(b.children, vec![ElementId(p.shown_id("b", &["Card"]))]);
    p.engine.end_gesture().expect("end");
    assert_eq!(color(&p.shown("b", &[&title])), Some("blue"));
}

#[test]
fn a_peer_update_with_a_bad_override_or_declaration_is_refused_whole() {
    let attacks: [(&str, &str, Any); 4] = [
        ("card", "o:x y|content", Any::from("z")),
        ("card", "o:t|style|base|color", Any::from("red; x: y")),
        ("card", "prop:on", Any::from("text|t|content|")),
        ("Card", "v:size=lg|t|style|base|width", Any::from("}")),
    ];
    for (on, key, value) in attacks {
        let mut p = Project::new(1);
        p.card_component();
        let before = p.bytes();
        let raw = raw_peer(&p.engine);
        {
            let elements = raw.get_or_insert_map("elements");
            let mut txn = raw.transact_mut();
            let Some(yrs::Out::YMap(el)) = elements.get(&txn, on) else {
                panic!("{on} is a map");
            };
            let Some(yrs::Out::YMap(props)) = el.get(&txn, "props") else {
                panic!("{on} has props");
            };
            props.insert(&mut txn, key, value);
        }
        let err = p
            .engine
            .apply_update(&diff(&raw, &p.engine))
            .expect_err(key);
        assert!(
            matches!(err, EngineError::InvalidValue { .. }),
            "{key}: {err:?}"
        );
        assert_eq!(p.bytes(), before, "{key}");
    }
}

#[test]
fn a_nested_instance_shows_the_children_its_master_gives_its_slot() {
    let mut p = Project::new(1);
    p.card_component();
    p.ok(json!({"type": "set_slot", "component": "Card", "element": "Card", "slot": true}));
    let body = p.body.clone();
    p.ok(json!({"type": "create_element", "id": "list", "kind": "container", "parent": body}));
    p.ok(json!({"type": "insert_instance", "component": "Card", "parent": "list", "id": "inner"}));
    let slot = p.shown_id("inner", &["Card"]);
    p.ok(json!({"type": "create_element", "id": "item", "kind": "text", "parent": slot, "content": "Item"}));
    p.ok(json!({"type": "create_component", "id": "list", "name": "List", "component_id": "List"}));
    let inner = p.engine.state().children(&ElementId("List".into()))[0]
        .0
        .clone();
    let item = p
        .engine
        .state()
        .elements
        .values()
        .find(|e| e.content == "Item")
        .expect("the item moved into the master")
        .clone();
    assert_eq!(item.page.as_str(), "List");
    // The instance of List shows the item inside the Card it holds, in the Card's slot.
    let deep_slot = p.shown_id("list", &[&inner, "Card"]);
    let shown_item = p.shown("list", &[item.id.as_str()]);
    assert_eq!(
        shown_item.parent.as_ref().map(|e| e.as_str()),
        Some(deep_slot.as_str())
    );
    assert_eq!(shown_item.content, "Item");
    // Editing the item in the List master reaches it.
    p.ok(json!({"type": "set_content", "id": item.id, "content": "Changed"}));
    assert_eq!(p.shown("list", &[item.id.as_str()]).content, "Changed");
}

#[test]
fn deleting_and_duplicating_a_page_with_instances_keeps_the_master() {
    let mut p = Project::new(1);
    let (title, _) = p.card_component();
    let copy = p.ok(json!({"type": "duplicate_page", "id": "home", "new_id": "copy"}));
    let body = p.engine.state().pages[&copy.created_pages[0]].root.clone();
    let instance = p.engine.state().children(&body)[0].clone();
    assert_eq!(p.shown(instance.as_str(), &[&title]).content, "Hello");
    p.check_undo(json!({"type": "delete_page", "id": "home"}));
    assert!(
        p.engine.element(&ElementId("Card".into())).is_some(),
        "the master stays"
    );
    assert!(p
        .engine
        .state()
        .origin(&ElementId(p.shown_id(instance.as_str(), &[&title])))
        .is_some());
}

/// xorshift64*: the seed alone decides the run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}

/// One random component edit; refusals (a loop, a gone element) are fine. Returns whether
/// it changed something.
fn random_edit(p: &mut Project, rng: &mut Rng, title: &str) -> bool {
    let body = p.body.clone();
    let state = p.engine.state();
    let mut instances: Vec<ElementId> = state
        .of_kind(ElementKind::Instance)
        .filter(|i| state.elements.contains_key(*i))
        .cloned()
        .collect();
    instances.sort();
    let mut shown: Vec<ElementId> = state.shown_copies().cloned().collect();
    shown.sort();
    let pick = |list: &[ElementId], rng: &mut Rng| list.get(rng.below(list.len())).cloned();
    let colors = ["red", "green", "blue"];
    let command = match rng.below(15) {
        9 => {
            if rng.below(2) == 0 {
                return p.engine.undo();
            }
            return p.engine.redo();
        }
        10 => {
            let slot = rng.below(2) == 0;
            json!({"type": "set_slot", "component": "Card", "element": "Card", "slot": slot})
        }
        11 => match pick(&shown, rng) {
            Some(id) => {
                json!({"type": "create_element", "kind": "text", "parent": id, "content": "slot"})
            }
            None => return false,
        },
        12 => {
            let value = ["10px", "20px"][rng.below(2)];
            json!({"type": "set_variant_value", "component": "Card", "axis": "size", "option": "sm",
                "target": format!("{title}|style|base|padding-top"), "value": value})
        }
        13 => json!({"type": "create_element", "kind": "text", "parent": "Card", "content": "new"}),
        14 => {
            let master: Vec<ElementId> = p
                .engine
                .state()
                .children(&ElementId("Card".into()))
                .iter()
                .filter(|c| c.as_str() != title)
                .cloned()
                .collect();
            match pick(&master, rng) {
                Some(id) => json!({"type": "delete_elements", "ids": [id]}),
                None => return false,
            }
        }
        0 => {
            let component = ["Card", "Box"][rng.below(2)];
            json!({"type": "insert_instance", "component": component, "parent": body})
        }
        1 => {
            json!({"type": "update_styles", "ids": ["Card"], "set": {"color": colors[rng.below(3)]}})
        }
        2 => json!({"type": "set_content", "id": title, "content": format!("m{}", rng.below(5))}),
        3 => match pick(&shown, rng) {
            Some(id) => {
                json!({"type": "update_styles", "ids": [id], "set": {"color": colors[rng.below(3)]}})
            }
            None => return false,
        },
        4 => match pick(&shown, rng) {
            Some(id) => json!({"type": "reset_override", "id": id}),
            None => return false,
        },
        5 => match pick(&instances, rng) {
            Some(id) => json!({"type": "detach_instance", "id": id}),
            None => return false,
        },
        6 => match pick(&instances, rng) {
            Some(id) => {
                let size = ["sm", "lg"][rng.below(2)];
                json!({"type": "update_props", "id": id, "set": {"size": size}})
            }
            None => return false,
        },
        7 => match pick(&instances, rng) {
            Some(id) => json!({"type": "delete_elements", "ids": [id]}),
            None => return false,
        },
        _ => {
            let (component, into) = [("Box", "Card"), ("Card", "Box")][rng.below(2)];
            json!({"type": "insert_instance", "component": component, "parent": into})
        }
    };
    p.cmd(command).is_ok()
}

#[test]
fn peers_editing_masters_and_instances_at_random_converge() {
    // Seeds 1 and 7777777 once found a detach that made a master contain itself after a
    // merged loop (refused by the other peers); they stay as regression cases.
    let seeds: Vec<u64> = match std::env::var("OMNIOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(seed) => vec![seed],
        None => vec![0x5eed_c0de, 1, 7_777_777],
    };
    for seed in seeds {
        converge_at_random(seed);
    }
}

fn converge_at_random(seed: u64) {
    eprintln!("seed {seed} (replay with OMNIOS_SEED={seed})");
    let mut rng = Rng(seed | 1);
    let mut edits = 0;
    for _case in 0..8 {
        let mut a = Project::new(1);
        let (title, _) = a.card_component();
        let body = a.body.clone();
        a.ok(json!({"type": "create_element", "id": "box", "kind": "container", "parent": body}));
        a.ok(
            json!({"type": "create_component", "id": "box", "name": "Box", "component_id": "Box"}),
        );
        a.ok(
            json!({"type": "set_variant_value", "component": "Card", "axis": "size", "option": "lg",
            "target": "Card|style|base|padding-top", "value": "40px"}),
        );
        a.engine.take_local_updates();
        let mut peers = vec![a.peer(2), a.peer(3), a];
        let mut inboxes: Vec<Vec<Vec<u8>>> = vec![Vec::new(); 3];
        for _round in 0..6 {
            for (i, peer) in peers.iter_mut().enumerate() {
                for _ in 0..rng.below(4) {
                    edits += usize::from(random_edit(peer, &mut rng, &title));
                }
                for update in peer.engine.take_local_updates() {
                    for (j, inbox) in inboxes.iter_mut().enumerate() {
                        if j != i {
                            inbox.push(update.clone());
                        }
                    }
                }
            }
            // Each peer takes part of its inbox, in a shuffled order.
            for (peer, inbox) in peers.iter_mut().zip(inboxes.iter_mut()) {
                let take = rng.below(inbox.len() + 1);
                let mut now: Vec<Vec<u8>> = inbox.drain(..take).collect();
                for k in (1..now.len()).rev() {
                    now.swap(k, rng.below(k + 1));
                }
                for update in now {
                    peer.engine
                        .apply_update(&update)
                        .unwrap_or_else(|e| panic!("seed {seed}: an honest update refused: {e}"));
                }
            }
        }
        for (peer, inbox) in peers.iter_mut().zip(inboxes.iter_mut()) {
            for update in inbox.drain(..) {
                peer.engine.apply_update(&update).expect("honest update");
            }
        }
        let shown = |p: &Project| {
            let state = p.engine.state();
            let mut records: Vec<Element> = state
                .shown_copies()
                .filter_map(|id| state.get(id).cloned())
                .collect();
            records.sort_by(|x, y| x.id.cmp(&y.id));
            records
        };
        for peer in &peers[1..] {
            assert_eq!(
                peer.snapshot(),
                peers[0].snapshot(),
                "seed {seed}: documents differ"
            );
            assert!(
                shown(peer) == shown(&peers[0]),
                "seed {seed}: shown elements differ"
            );
        }
        for peer in &peers {
            peer.engine
                .state()
                .check_invariants()
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            // What a fresh replica derives from the same document is what was patched.
            let fresh = peer.peer(9);
            assert!(
                shown(&fresh) == shown(peer),
                "seed {seed}: patched view differs from a fresh one"
            );
        }
    }
    assert!(edits > 40, "seed {seed}: only {edits} edits went through");
}

/// The delta of one element in the next batch of deltas, if it changed.
fn delta_of(p: &mut Project, id: &str) -> Option<ElementDelta> {
    p.engine
        .take_deltas()
        .elements
        .into_iter()
        .find(|d| d.element.id.0 == id)
}

#[test]
fn a_shown_element_reports_its_instance_master_path_and_overridden_fields() {
    let mut p = Project::new(1);
    let (title, _) = p.card_component();
    let shown = p.shown_id("card", &[&title]);
    p.engine.take_deltas();
    // Queries and full deltas report where it comes from; stored elements have no origin.
    let full = p.engine.full_deltas();
    let of = |id: &str| full.elements.iter().find(|d| d.element.id.0 == id).cloned();
    let origin = of(&shown)
        .and_then(|d| d.origin)
        .expect("a shown element has an origin");
    assert_eq!(origin.instance, ElementId("card".into()));
    assert_eq!(origin.path, vec![ElementId(title.clone())]);
    assert!(origin.overridden.is_empty());
    assert!(of("card").expect("the instance").origin.is_none());
    assert!(of(&title).expect("the master element").origin.is_none());

    // An override shows in the next delta, even one equal to the master's value.
    p.ok(json!({"type": "set_content", "id": shown, "content": "Hello"}));
    let origin = delta_of(&mut p, &shown)
        .and_then(|d| d.origin)
        .expect("a delta");
    assert_eq!(origin.overridden, vec!["content".to_owned()]);
    p.ok(json!({"type": "update_styles", "ids": [shown], "set": {"background-color": "blue"}}));
    let delta = delta_of(&mut p, &shown).expect("the overridden element changed");
    let origin = delta.origin.expect("origin");
    assert_eq!(
        origin.overridden,
        vec![
            "content".to_owned(),
            "style|base|background-color".to_owned()
        ]
    );
    let json = serde_json::to_value(p.engine.full_deltas()).expect("json");
    let wire = json["elements"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["id"] == shown.as_str()))
        .expect("on the wire");
    assert_eq!(
        wire["origin"],
        json!({"instance": "card", "path": [title], "overridden": ["content", "style|base|background-color"]})
    );
    let stored = json["elements"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["id"] == "card"))
        .expect("the instance on the wire");
    assert!(stored.get("origin").is_none(), "absent for stored elements");

    // Resetting one field, then all: the delta says so.
    p.ok(json!({"type": "reset_override", "id": shown, "field": "content"}));
    let origin = delta_of(&mut p, &shown)
        .and_then(|d| d.origin)
        .expect("origin");
    assert_eq!(
        origin.overridden,
        vec!["style|base|background-color".to_owned()]
    );
    p.ok(json!({"type": "reset_override", "id": shown}));
    let origin = delta_of(&mut p, &shown)
        .and_then(|d| d.origin)
        .expect("origin");
    assert!(origin.overridden.is_empty());
}

#[test]
fn a_nested_shown_element_reports_the_path_through_the_nested_instance() {
    let mut p = Project::new(1);
    let (title, inner) = p.list_component();
    let shown = p.shown_id("list", &[&inner, &title]);
    p.ok(json!({"type": "set_content", "id": shown, "content": "Deep"}));
    let origin = p
        .engine
        .full_deltas()
        .elements
        .into_iter()
        .find(|d| d.element.id.0 == shown)
        .and_then(|d| d.origin)
        .expect("origin");
    assert_eq!(origin.instance, ElementId("list".into()));
    assert_eq!(
        origin.path,
        vec![ElementId(inner), ElementId(title.clone())]
    );
    assert_eq!(origin.overridden, vec!["content".to_owned()]);
}

#[test]
fn a_master_lays_out_and_answers_hit_tests_as_the_canvas_page() {
    let mut p = Project::new(1);
    let (title, cta) = p.card_component();
    p.insert("second");
    // The editor shows the master `Card` on the canvas: its root is the layout's root.
    p.engine.set_layout_page(Some(PageId("Card".into())));
    let boxes = p.engine.all_boxes();
    let ids: Vec<&str> = boxes.keys().map(ElementId::as_str).collect();
    let mut want = vec!["Card", title.as_str(), cta.as_str()];
    want.sort();
    assert_eq!(ids, want, "the master's elements only, no page element");
    let root = boxes[&ElementId("Card".into())];
    let t = boxes[&ElementId(title.clone())];
    assert!(root.width > 0.0 && t.height > 0.0, "{root:?} {t:?}");
    assert!(
        t.y >= root.y + 8.0,
        "the master's padding places the title: {t:?}"
    );

    // Hit test, marquee, drop target and snapping see the master's elements.
    let hit = p.engine.hit_test(t.x + 1.0, t.y + 1.0);
    assert_eq!(hit, Some(ElementId(title.clone())));
    let all = p.engine.marquee(layout::spatial::Rect {
        x: root.x - 1.0,
        y: root.y - 1.0,
        width: root.width + 2.0,
        height: root.height + 2.0,
    });
    assert_eq!(
        all,
        vec![ElementId("Card".into())],
        "the outermost: the master root"
    );
    let drop = p
        .engine
        .drop_target(t.x + 1.0, t.y + t.height - 1.0, &[], false)
        .expect("a drop target in the master");
    assert_eq!(drop.parent, ElementId("Card".into()));
    let snapped = p.engine.snap(&layout::spatial::SnapRequest {
        id: Some(ElementId(cta.clone())),
        rect: layout::spatial::Rect {
            x: t.x + 2.0,
            y: t.y + 100.0,
            width: 20.0,
            height: 10.0,
        },
        resize: None,
        threshold: 4.0,
        zoom: 1.0,
    });
    assert_eq!(snapped.rect.x, t.x, "snaps to the title's left edge");

    // An edit of the master relays out the master.
    p.ok(json!({"type": "update_styles", "ids": ["Card"], "set": {"padding-top": "40px"}}));
    p.engine.layout();
    let moved = p
        .engine
        .box_of(&ElementId(title.clone()))
        .expect("still laid out");
    assert_eq!(moved.y, t.y + 32.0);

    // Back on the page: the page's body is the root again, with both instances' copies.
    p.engine.set_layout_page(Some(PageId("home".into())));
    let boxes = p.engine.all_boxes();
    assert!(boxes.contains_key(&p.body));
    assert!(!boxes.contains_key(&ElementId(title.clone())));
    let copy = ElementId(p.shown_id("second", &[&title]));
    assert!(
        boxes.contains_key(&copy),
        "copies shown inside instances have boxes"
    );
    // A plain element id that is no component lays out nothing.
    p.engine.set_layout_page(Some(PageId(title.clone())));
    assert!(p.engine.all_boxes().is_empty());
}
