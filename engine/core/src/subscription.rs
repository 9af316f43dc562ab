//! Queries and subscriptions on the engine: [`Engine::query`] runs a [`Query`] over the state;
//! a subscription is fed from the same touched ids as the deltas and reports elements that
//! start or keep matching after a change, and those that stop.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use crate::delta::ElementDelta;
use crate::engine::Engine;
use crate::error::EngineError;
use crate::id::{ElementId, PageId};
use crate::query::{Query, QueryResult};
use crate::state::State;
use crate::style::{cascade, Breakpoint, CascadedValue, Property};

/// Questions the editor asks about one element or the page list, answered from the state as
/// shown (a gesture's preview included), so no rule of the document is re-implemented in
/// TypeScript.
impl Engine {
    /// The default-state styles in force on `id` at `breakpoint`, each with the breakpoint that
    /// set it ([`cascade`]).
    pub fn cascaded_styles(
        &self,
        id: &ElementId,
        breakpoint: Breakpoint,
    ) -> Result<BTreeMap<Property, CascadedValue>, EngineError> {
        let shown = self
            .delta_of(id)
            .ok_or_else(|| EngineError::UnknownElement { id: id.0.clone() })?;
        Ok(cascade(&shown.element.styles, breakpoint))
    }

    /// Page ids in the order the page list shows them: by order key, then id
    /// ([`crate::order`]'s keys compare as bytes).
    pub fn page_order(&self) -> Vec<PageId> {
        self.state()
            .pages_in_order()
            .into_iter()
            .map(|p| p.id.clone())
            .collect()
    }
}

/// What a subscription received since it was last drained.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionEvent {
    /// The subscription.
    pub subscription: u32,
    /// Elements that match now and were added or changed.
    pub changed: Vec<ElementDelta>,
    /// Elements that matched and no longer do (or are gone).
    pub left: Vec<ElementId>,
}

/// One subscription: its query, the elements matching it, and what it has not yet reported.
pub(crate) struct Subscription {
    query: Query,
    members: HashSet<ElementId>,
    changed: BTreeSet<ElementId>,
    left: BTreeSet<ElementId>,
}

impl Subscription {
    /// Notes the elements a transaction affected, as the state has them now.
    pub(crate) fn notice<'a>(
        &mut self,
        state: &State,
        affected: impl IntoIterator<Item = &'a ElementId>,
    ) {
        for id in affected {
            let matches = state
                .elements
                .get(id)
                .is_some_and(|el| self.query.matches(el, state.parent(id)));
            if matches {
                self.members.insert(id.clone());
                self.left.remove(id);
                self.changed.insert(id.clone());
            } else if self.members.remove(id) {
                self.changed.remove(id);
                self.left.insert(id.clone());
            }
        }
    }
}

impl Engine {
    /// Runs a query over the elements.
    pub fn query(&self, query: &Query) -> QueryResult {
        query.run(&self.state, |id| self.shown(id))
    }

    /// Subscribes to a query: [`Engine::take_subscription_events`] then reports elements that
    /// start or keep matching after a change, and those that stop. Returns the subscription id
    /// and the elements matching now.
    pub fn subscribe(&mut self, query: Query) -> (u32, QueryResult) {
        let now = Query {
            limit: None,
            offset: 0,
            ..query.clone()
        };
        let current = self.query(&now);
        let id = self.next_subscription;
        self.next_subscription += 1;
        self.subscriptions.insert(
            id,
            Subscription {
                members: current
                    .elements
                    .iter()
                    .map(|e| e.element.id.clone())
                    .collect(),
                query,
                changed: BTreeSet::new(),
                left: BTreeSet::new(),
            },
        );
        (id, current)
    }

    /// Ends a subscription.
    pub fn unsubscribe(&mut self, id: u32) -> Result<(), EngineError> {
        self.subscriptions
            .remove(&id)
            .map(|_| ())
            .ok_or(EngineError::UnknownSubscription { id })
    }

    /// Drains what each subscription received since the last call.
    pub fn take_subscription_events(&mut self) -> Vec<SubscriptionEvent> {
        let mut out = Vec::new();
        let ids: Vec<u32> = self.subscriptions.keys().copied().collect();
        for id in ids {
            let Some(sub) = self.subscriptions.get_mut(&id) else {
                continue;
            };
            if sub.changed.is_empty() && sub.left.is_empty() {
                continue;
            }
            let changed = std::mem::take(&mut sub.changed);
            let left = std::mem::take(&mut sub.left);
            out.push(SubscriptionEvent {
                subscription: id,
                changed: changed.iter().filter_map(|e| self.shown(e)).collect(),
                left: left.into_iter().collect(),
            });
        }
        out
    }
}
