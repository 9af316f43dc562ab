//! Planning the component commands (`component.rs` has the model): masters, instances,
//! overrides of shown elements, detaching.

use std::collections::{BTreeMap, BTreeSet};

use super::{blank_element, check_content, check_name, CopyTop, Op, View, MAX_PROPS};
use crate::component::{
    self, check_override_value, component_of, declaration_text, is_master_root, master_page,
    Declaration, PropKind, Target, Variant, COMPONENT_PROP, DECLARATION_PREFIX, SLOT_PREFIX,
    VARIANT_PREFIX,
};
use crate::element::{Element, ElementKind, Scalar};
use crate::error::EngineError;
use crate::id::ElementId;
use crate::order;
use crate::props::check_prop;
use crate::style::{Property, RawValue, Slot};

/// What a command sets on an element shown inside an instance: it becomes an override.
pub(super) enum ShownEdit<'a> {
    Styles(Slot, &'a BTreeMap<String, Option<RawValue>>),
    Props(&'a BTreeMap<String, Option<Scalar>>),
    Content(&'a str),
    Hidden(bool),
}

impl View<'_> {
    /// The master root of a component, as staged.
    pub(super) fn require_component(&self, id: &ElementId) -> Result<&Element, EngineError> {
        self.element(id)
            .filter(|e| is_master_root(e))
            .ok_or_else(|| EngineError::UnknownComponent { id: id.0.clone() })
    }

    /// Checks a component's name: a valid element name, not blank, and no other
    /// component's (the export names a React component after it).
    pub(super) fn check_component_name(
        &self,
        name: &str,
        except: Option<&ElementId>,
    ) -> Result<(), EngineError> {
        check_name(except.map(ElementId::as_str), name)?;
        if name.trim().is_empty() {
            return Err(EngineError::invalid(
                except.map(ElementId::as_str),
                "name",
                "a component needs a name",
            ));
        }
        let taken = |e: &Element| is_master_root(e) && e.name == name && Some(&e.id) != except;
        let staged = self.overlay.elements.values().flatten().any(taken);
        let stored = self
            .state
            .elements
            .values()
            .filter(|e| !self.overlay.elements.contains_key(&e.id))
            .any(taken);
        if staged || stored {
            return Err(EngineError::ComponentNameTaken {
                name: name.to_owned(),
            });
        }
        Ok(())
    }

    /// Stored instances of the component (on pages and inside masters), sorted.
    pub(super) fn instances_of(&self, component: &ElementId) -> Vec<ElementId> {
        let stored = self
            .state
            .of_kind(ElementKind::Instance)
            .filter(|id| !self.overlay.elements.contains_key(*id));
        let staged = self.overlay.elements.keys();
        stored
            .chain(staged)
            .filter(|id| {
                self.element(id)
                    .is_some_and(|e| component_of(e).as_ref() == Some(component))
            })
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// Refuses an instance of `component` inside the master `into` when that master would
    /// then contain itself, directly or through other masters.
    pub(super) fn check_containment(
        &self,
        component: &ElementId,
        into: &ElementId,
    ) -> Result<(), EngineError> {
        let instances_in = |master: &ElementId| -> Vec<ElementId> {
            let page = master_page(master);
            self.state
                .on_page(&page)
                .chain(self.overlay.elements.keys())
                .filter_map(|id| self.element(id))
                .filter(|e| e.page == page)
                .filter_map(component_of)
                .collect()
        };
        if component::contains(&instances_in, component, into) {
            return Err(EngineError::ComponentContainsItself {
                component: component.0.clone(),
                into: into.0.clone(),
            });
        }
        Ok(())
    }

    /// The master an element (or a new child of it) belongs to.
    fn master_of_element(&self, el: &Element) -> Option<ElementId> {
        component::master_of(|id| self.element(id), el)
    }

    /// Refuses placing an instance of `component` under `parent`.
    pub(super) fn check_instance_parent(
        &self,
        component: &ElementId,
        parent: &ElementId,
    ) -> Result<(), EngineError> {
        self.require_component(component)?;
        let parent = self.require_container(parent)?;
        match self.master_of_element(parent) {
            Some(master) => self.check_containment(component, &master),
            None => Ok(()),
        }
    }

    /// `create_component`: `id`'s subtree becomes the master of a new component (fresh ids),
    /// and an instance of it takes `id`'s place under `id`'s own id.
    pub(super) fn create_component(
        &mut self,
        id: &ElementId,
        name: &str,
        component_id: Option<&ElementId>,
    ) -> Result<ElementId, EngineError> {
        let source = self.require_movable(id)?.clone();
        self.check_component_name(name, None)?;
        let root = self.new_element_id(component_id)?;
        self.copy_subtree(
            id,
            &master_page(&root),
            CopyTop {
                id: root.clone(),
                parent: None,
                order: Some(order::FIRST.to_owned()),
                name: Some(name.to_owned()),
            },
        )?;
        for gone in self.subtree(id).into_iter().rev() {
            self.stage(Op::DeleteElement(gone));
        }
        let mut instance = blank_element(
            id.clone(),
            ElementKind::Instance,
            source.page.clone(),
            source.parent.clone(),
            source.order.clone(),
        );
        instance.name = name.to_owned();
        instance
            .props
            .insert(COMPONENT_PROP.into(), Scalar::Text(root.0.clone()));
        if let Some(master) = self.master_of_element(&source) {
            // Only reachable through a new master: never a cycle, checked all the same.
            self.check_containment(&root, &master)?;
        }
        self.stage(Op::PutElement(instance));
        self.overlay.applied.created.push(root.clone());
        Ok(root)
    }

    /// `delete_component`: refused while instances use it unless `force`, which detaches them.
    pub(super) fn delete_component(
        &mut self,
        id: &ElementId,
        force: bool,
    ) -> Result<(), EngineError> {
        self.require_component(id)?;
        let page = master_page(id);
        let users: Vec<ElementId> = self
            .instances_of(id)
            .into_iter()
            .filter(|u| self.element(u).is_some_and(|e| e.page != page))
            .collect();
        if !users.is_empty() && !force {
            return Err(EngineError::ComponentInUse {
                id: id.0.clone(),
                instances: users.into_iter().map(|e| e.0).collect(),
            });
        }
        for user in &users {
            if self.element(user).is_some() {
                self.detach(user)?;
            }
        }
        for gone in self.subtree(id).into_iter().rev() {
            self.stage(Op::DeleteElement(gone));
        }
        Ok(())
    }

    /// `declare_prop`: a prop on the master bound to one field of a master element.
    pub(super) fn declare_prop(
        &mut self,
        component: &ElementId,
        name: &str,
        kind: PropKind,
        target: &str,
        default: Option<&Scalar>,
    ) -> Result<(), EngineError> {
        component::check_prop_name(name)?;
        let target = self.require_target(component, target)?;
        if let Some(value) = default {
            check_override_value(component.as_str(), &target.field, value)?;
        }
        let text = declaration_text(&Declaration {
            kind,
            target,
            default: default.cloned(),
        });
        self.stage(Op::SetProp {
            id: component.clone(),
            key: format!("{DECLARATION_PREFIX}{name}"),
            value: Some(Scalar::Text(text)),
        });
        Ok(())
    }

    /// `insert_instance`: a new instance of `component` under `parent`.
    pub(super) fn insert_instance(
        &mut self,
        component: &ElementId,
        parent: &ElementId,
        index: Option<usize>,
        id: Option<&ElementId>,
    ) -> Result<(), EngineError> {
        self.check_instance_parent(component, parent)?;
        let name = self.require_component(component)?.name.clone();
        let props =
            BTreeMap::from([(COMPONENT_PROP.to_owned(), Scalar::Text(component.0.clone()))]);
        self.create_element(
            id,
            ElementKind::Instance,
            parent,
            index,
            &Some(name),
            None,
            &None,
            &props,
            &BTreeMap::new(),
        )?;
        Ok(())
    }

    /// The stored instance and target a command on a shown element writes to.
    fn shown_target(&self, id: &ElementId) -> Result<(ElementId, Vec<ElementId>), EngineError> {
        let origin = self
            .state
            .origin(id)
            .ok_or_else(|| EngineError::UnknownElement { id: id.0.clone() })?;
        self.require(&origin.instance)?;
        Ok((origin.instance.clone(), origin.path.clone()))
    }

    /// A command that edits a shown element writes overrides on its instance instead.
    pub(super) fn plan_override(
        &mut self,
        id: &ElementId,
        edit: ShownEdit<'_>,
    ) -> Result<(), EngineError> {
        let (instance, path) = self.shown_target(id)?;
        let shown = self
            .state
            .get(id)
            .cloned()
            .ok_or_else(|| EngineError::UnknownElement { id: id.0.clone() })?;
        let mut writes: Vec<(component::Field, Option<Scalar>)> = Vec::new();
        match edit {
            ShownEdit::Styles(slot, set) => {
                for (name, value) in set {
                    let property: Property = name.parse().map_err(|_| {
                        EngineError::invalid(Some(id.as_str()), name, "unsupported style property")
                    })?;
                    let value = match value {
                        Some(raw) => Some(Scalar::Text(self.style_value(property, raw, id)?)),
                        None => None,
                    };
                    writes.push((component::Field::Style(slot, property), value));
                }
            }
            ShownEdit::Props(set) => {
                for (key, value) in set {
                    check_prop(shown.kind, id.as_str(), key, value.as_ref())?;
                    self.check_source_prop(shown.kind, id, key, value.as_ref())?;
                    if key == COMPONENT_PROP {
                        return Err(EngineError::InsideInstance {
                            id: id.0.clone(),
                            instance: instance.0.clone(),
                        });
                    }
                    writes.push((component::Field::Prop(key.clone()), value.clone()));
                }
            }
            ShownEdit::Content(content) => {
                check_content(&shown, content)?;
                writes.push((
                    component::Field::Content,
                    Some(Scalar::Text(content.into())),
                ));
            }
            ShownEdit::Hidden(hidden) => {
                writes.push((component::Field::Hidden, Some(Scalar::Bool(hidden))));
            }
        }
        let stored = self.require(&instance)?;
        let mut count = stored.props.len();
        for (field, value) in writes {
            let key = Target {
                path: path.clone(),
                field,
            }
            .override_key();
            if value.is_some() && !self.require(&instance)?.props.contains_key(&key) {
                count += 1;
            }
            self.stage(Op::SetProp {
                id: instance.clone(),
                key,
                value,
            });
        }
        if count > MAX_PROPS {
            return Err(EngineError::invalid(
                Some(instance.as_str()),
                "props",
                format!("more than {MAX_PROPS} props and overrides"),
            ));
        }
        Ok(())
    }

    /// `reset_override`: removes the instance's overrides of a shown element (one field, or all).
    pub(super) fn reset_override(
        &mut self,
        id: &ElementId,
        field: Option<&str>,
    ) -> Result<(), EngineError> {
        let (instance, path) = self.shown_target(id)?;
        let field = match field {
            Some(text) => Some(component::Field::parse(text).ok_or_else(|| {
                EngineError::invalid(Some(id.as_str()), "field", "not an override field")
            })?),
            None => None,
        };
        let keys: Vec<String> = component::overrides_of(self.require(&instance)?)
            .into_keys()
            .filter(|t| t.path == path && field.as_ref().is_none_or(|f| &t.field == f))
            .map(|t| t.override_key())
            .collect();
        for key in keys {
            self.stage(Op::SetProp {
                id: instance.clone(),
                key,
                value: None,
            });
        }
        Ok(())
    }

    /// `detach_instance`: the instance becomes plain elements with its resolved values; the
    /// copy of the master root keeps the instance's id, place and name. A nested instance
    /// stays an instance, carrying the outer overrides that reached inside it.
    pub(super) fn detach(&mut self, id: &ElementId) -> Result<(), EngineError> {
        let instance = self.require(id)?.clone();
        if instance.kind != ElementKind::Instance {
            return Err(EngineError::WrongKind {
                element: id.0.clone(),
                kind: instance.kind.as_str().into(),
                reason: "only an instance can be detached".into(),
            });
        }
        let shown: Vec<ElementId> = self.state.expansion(id).to_vec();
        let outer = component::overrides_of(&instance);
        let mut fresh: BTreeMap<ElementId, ElementId> = BTreeMap::new();
        let mut inside_nested: BTreeSet<ElementId> = BTreeSet::new();
        let mut puts: Vec<Element> = Vec::new();
        for (i, shown_id) in shown.iter().enumerate() {
            let (Some(record), Some(origin)) =
                (self.state.get(shown_id), self.state.origin(shown_id))
            else {
                continue;
            };
            let mut record = record.clone();
            let parent = record.parent.clone();
            if parent.as_ref().is_some_and(|p| inside_nested.contains(p)) {
                inside_nested.insert(shown_id.clone());
                continue;
            }
            let new_id = if i == 0 {
                id.clone()
            } else {
                self.new_element_id(None)?
            };
            fresh.insert(shown_id.clone(), new_id.clone());
            record.id = new_id;
            if i == 0 {
                record.parent = instance.parent.clone();
                record.order = instance.order.clone();
                record.name = instance.name.clone();
                record.page = instance.page.clone();
            } else {
                record.parent = parent.and_then(|p| fresh.get(&p).cloned());
            }
            if record.kind == ElementKind::Instance {
                inside_nested.insert(shown_id.clone());
                // Outer overrides reaching inside the nested instance move onto it.
                let depth = origin.path.len();
                for (target, value) in &outer {
                    if target.path.len() > depth && target.path[..depth] == origin.path[..] {
                        let inner = Target {
                            path: target.path[depth..].to_vec(),
                            field: target.field.clone(),
                        };
                        record.props.insert(inner.override_key(), value.clone());
                    }
                }
            }
            puts.push(record);
        }
        // Children the instance supplied to its slots move into the detached copies.
        let mut moves = Vec::new();
        for (shown_id, new_id) in &fresh {
            for child in self.state.children(shown_id) {
                if let Some(el) = self.element(child) {
                    moves.push((child.clone(), new_id.clone(), el.order.clone()));
                }
            }
        }
        // A nested instance becomes the master's own: refused where that master would then
        // contain itself (a loop two peers made by merging).
        if let Some(master) = self.master_of_element(&instance) {
            for record in &puts {
                if let Some(component) = component_of(record) {
                    self.check_containment(&component, &master)?;
                }
            }
        }
        self.stage(Op::DeleteElement(id.clone()));
        for record in puts {
            self.stage(Op::PutElement(record));
        }
        for (child, parent, order) in moves {
            self.stage(Op::Place {
                id: child,
                parent,
                order,
            });
        }
        Ok(())
    }

    /// The element shown inside an instance, if it is a slot of that instance's component.
    pub(super) fn shown_slot(&self, id: &ElementId) -> Option<&Element> {
        let origin = self.state.origin(id)?;
        let [element] = origin.path.as_slice() else {
            return None; // slots of nested instances belong to their own instance
        };
        let instance = self.element(&origin.instance)?;
        let root = self.element(&component_of(instance)?)?;
        component::is_slot(root, element)
            .then(|| self.state.get(id))
            .flatten()
    }

    /// A master element of `component` with the field a target names.
    fn require_target(&self, component: &ElementId, target: &str) -> Result<Target, EngineError> {
        self.require_component(component)?;
        let target = Target::parse(target).ok_or_else(|| {
            EngineError::invalid(Some(component.as_str()), "target", "not a target")
        })?;
        let first = target
            .path
            .first()
            .cloned()
            .unwrap_or_else(|| component.clone());
        let on = self.require(&first)?;
        if on.page.as_str() != component.as_str() {
            return Err(EngineError::invalid(
                Some(first.as_str()),
                "target",
                "not an element of this component",
            ));
        }
        Ok(target)
    }

    /// `set_variant_value`: what one variant option sets on one field.
    pub(super) fn set_variant_value(
        &mut self,
        component: &ElementId,
        axis: &str,
        option: &str,
        target: &str,
        value: Option<&Scalar>,
    ) -> Result<(), EngineError> {
        let target = self.require_target(component, target)?;
        let variant = Variant {
            axis: axis.to_owned(),
            option: option.to_owned(),
        };
        variant.check()?;
        let value = match value {
            Some(v) => Some(check_override_value(component.as_str(), &target.field, v)?),
            None => None,
        };
        let root = self.require_component(component)?;
        let key = variant.key(&target);
        if value.is_some() && !root.props.contains_key(&key) && root.props.len() >= MAX_PROPS {
            return Err(EngineError::invalid(
                Some(component.as_str()),
                "props",
                format!("more than {MAX_PROPS} props, variant values and slots"),
            ));
        }
        self.stage(Op::SetProp {
            id: component.clone(),
            key,
            value,
        });
        Ok(())
    }

    /// `remove_variant`: every value of one option.
    pub(super) fn remove_variant(
        &mut self,
        component: &ElementId,
        axis: &str,
        option: &str,
    ) -> Result<(), EngineError> {
        let root = self.require_component(component)?;
        let keys: Vec<String> = component::variant_values(root)
            .into_iter()
            .filter(|(v, _, _)| v.axis == axis && v.option == option)
            .map(|(v, t, _)| v.key(&t))
            .collect();
        debug_assert!(keys.iter().all(|k| k.starts_with(VARIANT_PREFIX)));
        for key in keys {
            self.stage(Op::SetProp {
                id: component.clone(),
                key,
                value: None,
            });
        }
        Ok(())
    }

    /// `set_slot`: marks a master element that holds children as a slot, or unmarks it.
    pub(super) fn set_slot(
        &mut self,
        component: &ElementId,
        element: &ElementId,
        slot: bool,
    ) -> Result<(), EngineError> {
        self.require_component(component)?;
        let el = self.require_container(element)?;
        if el.page.as_str() != component.as_str() {
            return Err(EngineError::invalid(
                Some(element.as_str()),
                "element",
                "not an element of this component",
            ));
        }
        self.stage(Op::SetProp {
            id: component.clone(),
            key: format!("{SLOT_PREFIX}{element}"),
            value: slot.then_some(Scalar::Bool(true)),
        });
        Ok(())
    }
}
