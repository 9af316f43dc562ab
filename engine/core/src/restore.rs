//! Restoring a saved version (a whole document as one Yjs v1 update) with one call: the
//! version's project settings, pages (with their language and direction) and elements are
//! planned as one batch against the current document and written in one transaction, so the
//! restore is one undo step, pages, the asset library and the design tokens included (a version keeps the
//! assets it references: `library::blobs_in_version` lists their blobs). Only what differs is written: a changed field,
//! style or prop on its own, a missing page or element whole, and whatever the version lacks
//! is deleted.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::asset::check_asset;
use crate::clock::ManualClock;
use crate::element::Element;
use crate::engine::{Engine, EngineOptions};
use crate::error::EngineError;
use crate::id::ElementId;
use crate::log::LogEntry;
use crate::plan::{check_record_fields, check_settings, Field, Op, Overlay, View};
use crate::state::State;
use crate::token::check_token;

impl Engine {
    /// Restores a saved version as one transaction and one undo step. The bytes pass the same
    /// guard as a peer's update; bytes that are not a readable document with at least one page
    /// are refused with nothing changed. An open gesture is cancelled first.
    pub fn restore(&mut self, update: &[u8]) -> Result<(), EngineError> {
        let version = read_version(update)?;
        self.cancel_gesture();
        let mut overlay = Overlay::default();
        let mut ids = self.ids.clone();
        let mut view = View {
            state: &self.state,
            overlay: &mut overlay,
            ids: &mut ids,
        };
        plan_restore(&mut view, &version);
        self.write(overlay.ops);
        self.record(LogEntry::Restore {
            at: self.clock.now_ms(),
            update: update.to_vec(),
        });
        Ok(())
    }
}

/// Reads a version into plain records, through the update guard, in an engine of its own. A
/// version saved before a rule tightened is read without the values refused now
/// ([`Engine::load_saved`]): they are not restored, the rest is.
fn read_version(update: &[u8]) -> Result<State, EngineError> {
    let mut engine = Engine::new(EngineOptions::new(0, Arc::new(ManualClock::new(0))));
    engine.load_saved(&[update])?;
    let version = std::mem::take(&mut engine.state);
    if version.pages.is_empty() {
        return Err(EngineError::InvalidUpdate {
            reason: "the version has no pages".into(),
        });
    }
    // Loading checked every entry already; a version saved while an update was held back may
    // lack a moved element's parent for a while, as a peer's document may (`check_record_fields`).
    for el in version.elements.values() {
        check_record_fields(el, false).map_err(|e| EngineError::InvalidUpdate {
            reason: format!("element {}: {e}", el.id),
        })?;
    }
    for asset in version.assets.values() {
        check_asset(asset).map_err(|e| EngineError::InvalidUpdate {
            reason: format!("asset {}: {e}", asset.id),
        })?;
    }
    for token in version.tokens.values() {
        check_token(token).map_err(|e| EngineError::InvalidUpdate {
            reason: format!("token {}: {e}", token.id),
        })?;
    }
    let pages: Vec<_> = version.pages.values().cloned().collect();
    check_settings(&version.project, &pages).map_err(|e| EngineError::InvalidUpdate {
        reason: e.to_string(),
    })?;
    Ok(version)
}

/// Stages the writes that turn the view's document into `version`. Ids are visited sorted, so
/// the same document and version always give the same writes (replay).
fn plan_restore(view: &mut View, version: &State) {
    let state = view.state;
    if state.project != version.project {
        view.stage(Op::SetProject {
            lang: Some(version.project.lang.clone()),
            dir: Some(version.project.dir),
        });
    }
    let gone_pages: BTreeSet<_> = state
        .pages
        .keys()
        .filter(|id| !version.pages.contains_key(*id))
        .cloned()
        .collect();
    let gone_elements: BTreeSet<_> = state
        .elements
        .keys()
        .filter(|id| !version.elements.contains_key(*id))
        .cloned()
        .collect();
    for id in gone_elements {
        view.stage(Op::DeleteElement(id));
    }
    for id in gone_pages {
        view.stage(Op::DeletePage(id));
    }
    let gone_assets: BTreeSet<_> = state
        .assets
        .keys()
        .filter(|id| !version.assets.contains_key(*id))
        .cloned()
        .collect();
    for id in gone_assets {
        view.stage(Op::DeleteAsset(id));
    }
    let assets: BTreeSet<_> = version.assets.keys().collect();
    for id in assets {
        let then = &version.assets[id];
        if state.assets.get(id) != Some(then) {
            view.stage(Op::PutAsset(then.clone()));
        }
    }
    let gone_tokens: BTreeSet<_> = state
        .tokens
        .keys()
        .filter(|id| !version.tokens.contains_key(*id))
        .cloned()
        .collect();
    for id in gone_tokens {
        view.stage(Op::DeleteToken(id));
    }
    let tokens: BTreeSet<_> = version.tokens.keys().collect();
    for id in tokens {
        let then = &version.tokens[id];
        if state.tokens.get(id) != Some(then) {
            view.stage(Op::PutToken(then.clone()));
        }
    }
    let pages: BTreeSet<_> = version.pages.keys().collect();
    for id in pages {
        let then = &version.pages[id];
        if state.pages.get(id) != Some(then) {
            view.stage(Op::PutPage(then.clone()));
        }
    }
    let elements: BTreeSet<&ElementId> = version.elements.keys().collect();
    for id in elements {
        restore_element(view, state.elements.get(id), &version.elements[id]);
    }
}

/// Stages the writes that turn `now` (absent: the element is gone) into `then`.
fn restore_element(view: &mut View, now: Option<&Element>, then: &Element) {
    let Some(now) = now else {
        view.stage(Op::PutElement(then.clone()));
        return;
    };
    if now == then {
        return;
    }
    if now.kind != then.kind
        || now.page != then.page
        || now.parent.is_none() != then.parent.is_none()
    {
        view.stage(Op::DeleteElement(then.id.clone()));
        view.stage(Op::PutElement(then.clone()));
        return;
    }
    let id = &then.id;
    if let Some(parent) = &then.parent {
        if now.parent.as_ref() != Some(parent) || now.order != then.order {
            view.stage(Op::Place {
                id: id.clone(),
                parent: parent.clone(),
                order: then.order.clone(),
            });
        }
    }
    let fields = [
        (now.name != then.name).then(|| Field::Name(then.name.clone())),
        (now.content != then.content || now.runs != then.runs)
            .then(|| Field::Text(crate::rich_text::runs_of(&then.content, &then.runs))),
        (now.tag != then.tag).then_some(Field::Tag(then.tag)),
        (now.hidden != then.hidden).then_some(Field::Hidden(then.hidden)),
        (now.locked != then.locked).then_some(Field::Locked(then.locked)),
    ];
    for field in fields.into_iter().flatten() {
        view.stage(Op::SetField {
            id: id.clone(),
            field,
        });
    }
    let slots: BTreeSet<_> = now.styles.keys().chain(then.styles.keys()).collect();
    for slot in slots {
        let (a, b) = (now.styles.get(slot), then.styles.get(slot));
        let properties: BTreeSet<_> = a
            .into_iter()
            .flat_map(|m| m.keys())
            .chain(b.into_iter().flat_map(|m| m.keys()))
            .collect();
        for property in properties {
            let value = b.and_then(|m| m.get(property));
            if a.and_then(|m| m.get(property)) != value {
                view.stage(Op::SetStyle {
                    id: id.clone(),
                    slot: *slot,
                    property: *property,
                    value: value.cloned(),
                });
            }
        }
    }
    let keys: BTreeSet<_> = now.props.keys().chain(then.props.keys()).collect();
    for key in keys {
        let value = then.props.get(key);
        if now.props.get(key) != value {
            view.stage(Op::SetProp {
                id: id.clone(),
                key: key.clone(),
                value: value.cloned(),
            });
        }
    }
}
