//! Opening what we saved ourselves, after a rule tightened: a saved document (or a stored update)
//! may hold a style or prop value that commands accepted when it was written and refuse now (a
//! `url(https://…)` background from before remote images were refused). Refusing the whole
//! saved document would lose the project over one value, so a *saved* document is repaired
//! instead: each value the checks refuse is deleted, one by one, and the rest loads.
//!
//! The repair is a pure delete set, no new items: every peer that repairs the same document
//! deletes the same entries, whatever its client id, and the repaired document merges with
//! unrepaired copies of itself. Peers' updates are never repaired: they are refused whole
//! (`incoming.rs`).

use serde::{Deserialize, Serialize};
use yrs::{Doc, Map, MapRef, Out, ReadTxn, StateVector, Transact};

use crate::element::ElementKind;
use crate::error::EngineError;
use crate::props::check_prop;
use crate::style::{self, Property, RawValue, Slot};
use crate::update_guard::decode_update;

/// One value a repair left out.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dropped {
    /// The element that held it.
    pub element: String,
    /// What it was: `style <slot>|<property>` or `prop <key>`.
    pub field: String,
    /// Why it is refused now.
    pub reason: String,
}

/// A repaired update and what the repair deleted.
pub(crate) struct Repaired {
    /// The update to apply instead (Yjs v1).
    pub update: Vec<u8>,
    /// The values left out.
    pub dropped: Vec<Dropped>,
}

/// The same document as `base` plus `updates` (in order), with every style and prop value the
/// checks refuse deleted, as one update to apply on top of `base` (Yjs v1), and what was
/// deleted (possibly nothing: a later update may have replaced the refused value already).
pub(crate) fn repaired(base: &Doc, updates: &[&[u8]]) -> Result<Repaired, EngineError> {
    let scratch = Doc::with_options(yrs::Options {
        skip_gc: true,
        ..yrs::Options::default()
    });
    let elements = scratch.get_or_insert_map("elements");
    let base_vector = {
        let txn = base.transact();
        let state = txn.encode_state_as_update_v1(&StateVector::default());
        let mut scratch_txn = scratch.transact_mut();
        scratch_txn
            .apply_update(decode_update(&state)?)
            .map_err(|e| EngineError::InvalidUpdate {
                reason: e.to_string(),
            })?;
        for update in updates {
            scratch_txn
                .apply_update(decode_update(update)?)
                .map_err(|e| EngineError::InvalidUpdate {
                    reason: e.to_string(),
                })?;
        }
        txn.state_vector()
    };
    let dropped = {
        let mut txn = scratch.transact_mut();
        let refused = refused_values(&elements, &txn);
        for (map, key, _) in &refused {
            map.remove(&mut txn, key);
        }
        refused
            .into_iter()
            .map(|(_, _, dropped)| dropped)
            .collect::<Vec<_>>()
    };
    let repaired = scratch.transact().encode_state_as_update_v1(&base_vector);
    Ok(Repaired {
        update: repaired,
        dropped,
    })
}

/// Every style and prop value in `elements` that a command would refuse now: the map holding
/// it, its key, and what to tell the designer.
fn refused_values(elements: &MapRef, txn: &impl ReadTxn) -> Vec<(MapRef, String, Dropped)> {
    let mut refused = Vec::new();
    for (id, value) in elements.iter(txn) {
        let Out::YMap(element) = value else { continue };
        if let Some(Out::YMap(styles)) = element.get(txn, "styles") {
            for (key, value) in styles.iter(txn) {
                let reason = match style_entry(key, value) {
                    Ok((property, text)) => {
                        match style::normalize(property, &RawValue::Text(text), Some(id)) {
                            Ok(_) => continue,
                            Err(e) => e.to_string(),
                        }
                    }
                    Err(reason) => reason,
                };
                refused.push((
                    styles.clone(),
                    key.to_owned(),
                    Dropped {
                        element: id.to_owned(),
                        field: format!("style {key}"),
                        reason,
                    },
                ));
            }
        }
        let kind = match element.get(txn, "kind") {
            Some(Out::Any(yrs::Any::String(kind))) => ElementKind::parse(&kind),
            _ => None,
        };
        let (Some(kind), Some(Out::YMap(props))) = (kind, element.get(txn, "props")) else {
            continue;
        };
        for (key, value) in props.iter(txn) {
            let reason = match crate::document::scalar(value) {
                Some(scalar) => match check_prop(kind, id, key, Some(&scalar)) {
                    Ok(()) => continue,
                    Err(e) => e.to_string(),
                },
                None => format!("prop {key:?} is not a text, number or yes/no value"),
            };
            refused.push((
                props.clone(),
                key.to_owned(),
                Dropped {
                    element: id.to_owned(),
                    field: format!("prop {key}"),
                    reason,
                },
            ));
        }
    }
    refused
}

/// A stored style entry's property and CSS text, or why it is no style this engine knows.
fn style_entry(key: &str, value: Out) -> Result<(Property, String), String> {
    let unknown = || format!("{key:?} is not a style this editor knows");
    let (slot, property) = key.split_once('|').ok_or_else(unknown)?;
    slot.parse::<Slot>().map_err(|_| unknown())?;
    let property = property.parse::<Property>().map_err(|_| unknown())?;
    match value {
        Out::Any(yrs::Any::String(text)) => Ok((property, text.to_string())),
        _ => Err(format!("style {key:?} is not CSS text")),
    }
}
