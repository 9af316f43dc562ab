//! The engine's derived view of the document: plain records, the element tree as shown, and
//! indexes by kind and page. Patched from the ids a transaction touched, never rebuilt per change.
//!
//! The tree is a pure function of the stored parent pointers (docs/architecture.md, "Tree repair
//! after merges"), so every peer shows the same tree:
//! - an element whose parent is missing, or on another page, shows at its page's root;
//! - on a cycle made by concurrent moves, the member with the smallest id shows at the root;
//! - siblings sort by `(order, id)`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Bound;
use std::sync::Arc;

use crate::asset::{assets_used_by, Asset, AssetId};
use crate::component::{self, Masters, Origin};
use crate::element::{Element, ElementKind, Page, Project};
use crate::id::{ElementId, PageId};
use crate::token::{tokens_used_by, Token, TokenId};

/// Records and indexes derived from the document.
#[derive(Debug, Default, Clone)]
pub struct State {
    /// Every readable element.
    pub elements: HashMap<ElementId, Element>,
    /// Every readable page.
    pub pages: HashMap<PageId, Page>,
    /// The project's settings.
    pub project: Project,
    /// The asset library.
    pub assets: HashMap<AssetId, Asset>,
    /// Elements whose sources name each asset (present in the library or not).
    users: HashMap<AssetId, BTreeSet<ElementId>>,
    /// Assets whose users changed since the engine last drained this.
    pub(crate) users_changed: BTreeSet<AssetId>,
    /// The design tokens.
    pub tokens: HashMap<TokenId, Token>,
    /// Elements whose styles name each token (present or not).
    token_users: HashMap<TokenId, BTreeSet<ElementId>>,
    /// Tokens whose users changed since the engine last drained this.
    pub(crate) token_users_changed: BTreeSet<TokenId>,
    shown_parent: HashMap<ElementId, ElementId>,
    children: HashMap<ElementId, Vec<ElementId>>,
    repaired: BTreeSet<ElementId>,
    by_stored_parent: HashMap<ElementId, BTreeSet<ElementId>>,
    by_kind: HashMap<ElementKind, BTreeSet<ElementId>>,
    by_page: HashMap<PageId, BTreeSet<ElementId>>,
    /// Elements shown inside instances, by shown id (`component.rs`): derived, never stored.
    /// Shared, so deltas hand them out without copying.
    shown: HashMap<ElementId, Arc<Element>>,
    /// Where each shown element comes from.
    origins: HashMap<ElementId, Origin>,
    /// The shown ids of each stored instance.
    expansions: HashMap<ElementId, Vec<ElementId>>,
    /// The stored instances whose expansion read each component.
    readers: HashMap<ElementId, BTreeSet<ElementId>>,
    /// The components each stored instance's expansion read.
    reads: HashMap<ElementId, BTreeSet<ElementId>>,
    /// The shown copies of each master element.
    copies: HashMap<ElementId, BTreeSet<ElementId>>,
    /// Each stored instance's share of the document's bound on shown elements
    /// ([`component::MAX_SHOWN_IN_DOCUMENT`]), by id: the order shares are handed out in.
    shares: BTreeMap<ElementId, Share>,
    /// Stored instances the document's bound cut short (not their own).
    starved: BTreeSet<ElementId>,
}

/// What one stored instance shows of the document's bound.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Share {
    /// Shown elements it expands to.
    shown: usize,
    /// Whether a bound stopped its expansion with more to show.
    cut: bool,
}

const NO_CHILDREN: &[ElementId] = &[];

impl Masters for State {
    fn stored(&self, id: &ElementId) -> Option<&Element> {
        self.elements.get(id)
    }

    fn stored_children(&self, id: &ElementId) -> Vec<ElementId> {
        if !self.elements.contains_key(id) {
            // A slot as a master shows it: its children are read from their stored parent
            // pointers, not from the tree, which may not have taken in that master's own
            // expansion yet.
            let mut kids: Vec<&Element> = self
                .by_stored_parent
                .get(id)
                .into_iter()
                .flatten()
                .filter_map(|c| self.elements.get(c))
                .collect();
            kids.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
            return kids.into_iter().map(|e| e.id.clone()).collect();
        }
        self.children(id)
            .iter()
            .filter(|c| self.elements.contains_key(*c))
            .cloned()
            .collect()
    }
}

impl State {
    /// An element as shown: a stored one, or one shown inside an instance.
    pub fn get(&self, id: &ElementId) -> Option<&Element> {
        self.elements
            .get(id)
            .or_else(|| self.shown.get(id).map(|e| &**e))
    }

    /// An element shown inside an instance, shared.
    pub fn shown_record(&self, id: &ElementId) -> Option<&Arc<Element>> {
        self.shown.get(id)
    }

    /// Where an element shown inside an instance comes from (`None` for a stored element).
    pub fn origin(&self, id: &ElementId) -> Option<&Origin> {
        self.origins.get(id)
    }

    /// How many elements show: stored ones and those shown inside instances.
    pub fn shown_count(&self) -> usize {
        self.elements.len() + self.shown.len()
    }

    /// Ids of every element shown inside an instance.
    pub fn shown_copies(&self) -> impl Iterator<Item = &ElementId> {
        self.shown.keys()
    }

    /// Whether the id is an element shown inside an instance.
    pub fn is_shown_copy(&self, id: &ElementId) -> bool {
        self.shown.contains_key(id)
    }

    /// The ids a stored instance shows, parents first.
    pub fn expansion(&self, instance: &ElementId) -> &[ElementId] {
        self.expansions
            .get(instance)
            .map(Vec::as_slice)
            .unwrap_or(NO_CHILDREN)
    }

    /// Whether a stored instance shows only part of its master (or none of it): its own bound
    /// or the document's stopped its expansion.
    pub fn is_cut(&self, instance: &ElementId) -> bool {
        self.shares.get(instance).is_some_and(|s| s.cut)
    }

    /// Stored instances the document's bound on shown elements cut short, sorted.
    pub fn starved(&self) -> impl Iterator<Item = &ElementId> {
        self.starved.iter()
    }

    /// Stored instances (on pages and in masters) whose expansion reads the component.
    pub fn readers_of(&self, component: &ElementId) -> impl Iterator<Item = &ElementId> {
        self.readers.get(component).into_iter().flatten()
    }

    /// Where the element shows in the tree (`None` for a page root or an unreachable element).
    pub fn parent(&self, id: &ElementId) -> Option<&ElementId> {
        self.shown_parent.get(id)
    }

    /// Children as shown, in order.
    pub fn children(&self, id: &ElementId) -> &[ElementId] {
        self.children
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or(NO_CHILDREN)
    }

    /// Ids of one kind.
    pub fn of_kind(&self, kind: ElementKind) -> impl Iterator<Item = &ElementId> {
        self.by_kind.get(&kind).into_iter().flatten()
    }

    /// Ids on one page.
    pub fn on_page(&self, page: &PageId) -> impl Iterator<Item = &ElementId> {
        self.by_page.get(page).into_iter().flatten()
    }

    /// Number of ids on a page.
    pub fn count_on_page(&self, page: &PageId) -> usize {
        self.by_page.get(page).map_or(0, BTreeSet::len)
    }

    /// Pages sorted by `(order, id)`.
    pub fn pages_in_order(&self) -> Vec<&Page> {
        let mut pages: Vec<&Page> = self.pages.values().collect();
        pages.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
        pages
    }

    /// The element and its descendants as shown, depth first, parents before children.
    pub fn subtree(&self, id: &ElementId) -> Vec<ElementId> {
        let mut out = Vec::new();
        let mut stack = vec![id.clone()];
        while let Some(next) = stack.pop() {
            stack.extend(self.children(&next).iter().rev().cloned());
            out.push(next);
        }
        out
    }

    /// Elements whose sources name the asset, sorted.
    pub fn users_of(&self, id: &AssetId) -> impl Iterator<Item = &ElementId> {
        self.users.get(id).into_iter().flatten()
    }

    /// Every asset id some element names, in the library or not.
    pub fn used_assets(&self) -> impl Iterator<Item = &AssetId> {
        self.users.keys()
    }

    /// Elements whose styles name the token, sorted.
    pub fn token_users(&self, id: &TokenId) -> impl Iterator<Item = &ElementId> {
        self.token_users.get(id).into_iter().flatten()
    }

    /// Replaces or removes a design token.
    pub fn set_token(&mut self, id: &TokenId, token: Option<Token>) {
        match token {
            Some(token) => self.tokens.insert(id.clone(), token),
            None => self.tokens.remove(id),
        };
    }

    /// Replaces or removes an asset record.
    pub fn set_asset(&mut self, id: &AssetId, asset: Option<Asset>) {
        match asset {
            Some(asset) => self.assets.insert(id.clone(), asset),
            None => self.assets.remove(id),
        };
    }

    /// Keeps the asset and token users indexes when an element's record changes.
    fn index_users(&mut self, id: &ElementId, old: Option<&Element>, new: Option<&Element>) {
        reindex(
            &mut self.users,
            &mut self.users_changed,
            id,
            old.map(assets_used_by).unwrap_or_default(),
            new.map(assets_used_by).unwrap_or_default(),
        );
        reindex(
            &mut self.token_users,
            &mut self.token_users_changed,
            id,
            old.map(tokens_used_by).unwrap_or_default(),
            new.map(tokens_used_by).unwrap_or_default(),
        );
    }

    /// Replaces or removes page records.
    pub fn set_page(&mut self, id: &PageId, page: Option<Page>) {
        match page {
            Some(page) => self.pages.insert(id.clone(), page),
            None => self.pages.remove(id),
        };
    }

    /// Replaces or removes element records, then repairs the tree where they touch it.
    /// Returns every id whose delta must be sent: the changed ones and every element whose
    /// shown parent or children list changed.
    pub fn set_elements(
        &mut self,
        updates: Vec<(ElementId, Option<Element>)>,
    ) -> BTreeSet<ElementId> {
        let mut stale: BTreeSet<ElementId> = BTreeSet::new();
        // Master elements whose fields alone changed: only their copies are built again.
        let mut patched: Vec<ElementId> = Vec::new();
        for (id, new) in &updates {
            let old = self.elements.get(id);
            if let (Some(old), Some(new)) = (old, new) {
                let in_use = self.copies.contains_key(id);
                let same_place = old.kind == new.kind
                    && old.parent == new.parent
                    && old.order == new.order
                    && old.page == new.page
                    && old.kind != ElementKind::Instance
                    // A master root's props hold its declarations, variants and slots.
                    && (!component::is_master_root(old) || old.props == new.props);
                if in_use && same_place {
                    patched.push(id.clone());
                    continue;
                }
            }
            for el in [old, new.as_ref()].into_iter().flatten() {
                if el.kind == ElementKind::Instance {
                    stale.insert(id.clone());
                }
                // A master element changed: every instance reading its component (a master
                // element's page is its master root's id) is expanded again.
                let component = ElementId(el.page.0.clone());
                stale.extend(self.readers.get(&component).into_iter().flatten().cloned());
            }
        }
        let mut affected = self.set_records(updates, false);
        let mut shown = Vec::new();
        if !stale.is_empty() {
            // An instance whose cut changed sends its delta (it carries the flag).
            let flagged;
            (shown, flagged) = self.expand_again(&stale);
            affected.extend(
                flagged
                    .into_iter()
                    .filter(|id| self.elements.contains_key(id)),
            );
        }
        for master in patched {
            let copies: Vec<ElementId> = self
                .copies
                .get(&master)
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            for copy in copies {
                let Some(origin) = self.origins.get(&copy) else {
                    continue;
                };
                if stale.contains(&origin.instance) {
                    continue;
                }
                let Some(top) = self.elements.get(&origin.instance) else {
                    continue;
                };
                let record =
                    component::rebuild(self, top, (&copy, &origin.path), |id| self.get(id));
                if record.as_ref() != self.shown.get(&copy).map(|e| &**e) {
                    shown.push((copy, record));
                }
            }
        }
        if !shown.is_empty() {
            affected.extend(self.set_records(shown, true));
        }
        affected
    }

    /// Expands the stored instances again and returns the shown records that changed
    /// (`None`: no longer shown), and the instances whose cut changed. Only what differs is
    /// returned, so a master edit sends a delta per changed copy, not per copy.
    ///
    /// The document's bound ([`component::MAX_SHOWN_IN_DOCUMENT`]) is handed out in id order:
    /// an instance may show what the instances before it left. So after the stale ones, later
    /// instances whose share changed are expanded again too, until the shares after that point
    /// cannot differ from what a fresh replica would compute: the result depends on the
    /// document alone, never on the order edits came in.
    fn expand_again(
        &mut self,
        instances: &BTreeSet<ElementId>,
    ) -> (Vec<(ElementId, Option<Element>)>, BTreeSet<ElementId>) {
        let mut updates = Vec::new();
        let mut flagged = BTreeSet::new();
        let Some(first) = instances.first() else {
            return (updates, flagged);
        };
        let budget = component::MAX_SHOWN_IN_DOCUMENT;
        let total_old = self.shown.len();
        // Shown elements before the current instance, before and after this call.
        let mut used_old: usize = self.shares.range(..first).map(|(_, s)| s.shown).sum();
        let mut used_new = used_old;
        let mut stale = instances.iter().peekable();
        let mut from = Bound::Included(first.clone());
        loop {
            let next_share = self
                .shares
                .range((from.clone(), Bound::Unbounded))
                .next()
                .map(|(id, _)| id);
            let id = match (next_share, stale.peek()) {
                (Some(a), Some(b)) => a.min(*b).clone(),
                (Some(a), None) => a.clone(),
                (None, Some(b)) => (*b).clone(),
                (None, None) => break,
            };
            let is_stale = stale.next_if(|s| **s == id).is_some();
            let old = self.shares.get(&id).copied().unwrap_or_default();
            let limit = component::MAX_SHOWN_PER_INSTANCE.min(budget.saturating_sub(used_new));
            let redo = is_stale || old.shown > limit || (old.cut && old.shown < limit);
            let shown = if redo {
                self.expand_one(&id, limit, &mut updates, &mut flagged)
            } else {
                old.shown
            };
            used_old += old.shown;
            used_new += shown;
            if stale.peek().is_none() {
                // Past the last stale instance, stop where the later shares cannot change: they
                // start from the same count as before; or nothing was left for them before and
                // nothing is now; or none of them was starved and all of them still fit.
                let same_start = used_old == used_new;
                let none_left = used_old >= budget && used_new >= budget;
                let rest_fits = used_new + total_old.saturating_sub(used_old) <= budget
                    && self
                        .starved
                        .range((Bound::Excluded(&id), Bound::Unbounded))
                        .next()
                        .is_none();
                if same_start || none_left || rest_fits {
                    break;
                }
            }
            from = Bound::Excluded(id);
        }
        (updates, flagged)
    }

    /// Expands one stored instance again within `limit` shown elements: records its share and
    /// what it reads, pushes the shown records that changed, and returns how many it shows.
    fn expand_one(
        &mut self,
        instance: &ElementId,
        limit: usize,
        updates: &mut Vec<(ElementId, Option<Element>)>,
        flagged: &mut BTreeSet<ElementId>,
    ) -> usize {
        let (expansion, mut overridden) = match self.elements.get(instance) {
            Some(el) if el.kind == ElementKind::Instance => (
                component::expand_within(self, el, limit),
                component::overridden_by_path(el),
            ),
            _ => Default::default(),
        };
        let is_instance = self
            .elements
            .get(instance)
            .is_some_and(|el| el.kind == ElementKind::Instance);
        let share = Share {
            shown: expansion.records.len(),
            cut: expansion.cut,
        };
        let old_share = if is_instance {
            self.shares.insert(instance.clone(), share)
        } else {
            self.shares.remove(instance)
        };
        if old_share.unwrap_or_default().cut != share.cut {
            flagged.insert(instance.clone());
        }
        if share.cut && limit < component::MAX_SHOWN_PER_INSTANCE {
            self.starved.insert(instance.clone());
        } else {
            self.starved.remove(instance);
        }
        let old = self.expansions.remove(instance).unwrap_or_default();
        for gone in self.reads.remove(instance).unwrap_or_default() {
            remove_from(&mut self.readers, &gone, instance);
        }
        for read in &expansion.components {
            self.readers
                .entry(read.clone())
                .or_default()
                .insert(instance.clone());
        }
        let ids: Vec<ElementId> = expansion.records.iter().map(|r| r.id.clone()).collect();
        let keep: HashSet<&ElementId> = ids.iter().collect();
        for gone in &old {
            if !keep.contains(gone) {
                if let Some(origin) = self.origins.remove(gone) {
                    if let Some(master) = origin.path.last() {
                        remove_from(&mut self.copies, master, gone);
                    }
                }
                updates.push((gone.clone(), None));
            }
        }
        for (record, path) in expansion.records.into_iter().zip(expansion.paths) {
            let fields = overridden.remove(&path).unwrap_or_default();
            let origin_changed = match self.origins.get_mut(&record.id) {
                Some(origin) if origin.overridden == fields => false,
                Some(origin) => {
                    origin.overridden = fields;
                    true
                }
                None => {
                    if let Some(master) = path.last() {
                        self.copies
                            .entry(master.clone())
                            .or_default()
                            .insert(record.id.clone());
                    }
                    let origin = Origin {
                        instance: instance.clone(),
                        path,
                        overridden: fields,
                    };
                    self.origins.insert(record.id.clone(), origin);
                    true
                }
            };
            // A changed origin alone (an override set to the master's value) still sends
            // the element's delta: the editor marks overridden fields.
            if origin_changed || self.shown.get(&record.id).map(|e| &**e) != Some(&record) {
                updates.push((record.id.clone(), Some(record)));
            }
        }
        if !ids.is_empty() {
            self.expansions.insert(instance.clone(), ids);
        }
        // Kept even for an empty expansion: the readers index is undone from it.
        if !expansion.components.is_empty() {
            self.reads.insert(instance.clone(), expansion.components);
        }
        share.shown
    }

    /// Replaces or removes stored (`shown: false`) or shown records, then repairs the tree
    /// where they touch it.
    fn set_records(
        &mut self,
        updates: Vec<(ElementId, Option<Element>)>,
        shown: bool,
    ) -> BTreeSet<ElementId> {
        let mut affected = BTreeSet::new();
        let mut queue: Vec<ElementId> = Vec::new();
        // Touched ids whose place among siblings may have changed: came, went, or new order.
        let mut reordered: HashSet<ElementId> = HashSet::new();
        let mut touched: HashSet<ElementId> = HashSet::new();
        for (id, new) in updates {
            // A shown copy whose fields alone changed keeps its place and indexes: the record
            // is swapped in, nothing else.
            if let (true, Some(o), Some(n)) = (shown, self.shown.get(&id), &new) {
                if o.kind == n.kind
                    && o.page == n.page
                    && o.parent == n.parent
                    && o.order == n.order
                {
                    if let Some(n) = new {
                        self.shown.insert(id.clone(), Arc::new(n));
                    }
                    affected.insert(id);
                    continue;
                }
            }
            let old = match (&new, shown) {
                (Some(el), false) => self.elements.insert(id.clone(), el.clone()),
                (None, false) => self.elements.remove(&id),
                (Some(el), true) => self
                    .shown
                    .insert(id.clone(), Arc::new(el.clone()))
                    .map(Arc::unwrap_or_clone),
                (None, true) => self.shown.remove(&id).map(Arc::unwrap_or_clone),
            };
            if old.is_none() && new.is_none() {
                continue;
            }
            if !shown {
                self.index_users(&id, old.as_ref(), new.as_ref());
            }
            if let Some(old) = &old {
                if let Some(p) = &old.parent {
                    remove_from(&mut self.by_stored_parent, p, &id);
                }
                remove_from(&mut self.by_kind, &old.kind, &id);
                remove_from(&mut self.by_page, &old.page, &id);
            }
            if let Some(new) = &new {
                if let Some(p) = &new.parent {
                    self.by_stored_parent
                        .entry(p.clone())
                        .or_default()
                        .insert(id.clone());
                }
                self.by_kind.entry(new.kind).or_default().insert(id.clone());
                self.by_page
                    .entry(new.page.clone())
                    .or_default()
                    .insert(id.clone());
            }
            let came_or_went = old.is_none() || new.is_none();
            let moved_page = matches!((&old, &new), (Some(o), Some(n)) if o.page != n.page);
            if came_or_went || moved_page {
                // Children that pointed here are orphaned or adopted again.
                if let Some(kids) = self.by_stored_parent.get(&id) {
                    queue.extend(kids.iter().cloned());
                }
                if let Some(kids) = self.children.get(&id) {
                    queue.extend(kids.iter().cloned());
                }
            }
            let new_order = matches!((&old, &new), (Some(o), Some(n)) if o.order != n.order);
            if came_or_went || new_order {
                reordered.insert(id.clone());
            }
            affected.insert(id.clone());
            touched.insert(id.clone());
            queue.push(id);
        }
        queue.extend(self.repaired.iter().cloned());
        // First decide every shown parent (repair reads stored parents only), then take every
        // moved element out of its old list, then insert: an insertion's binary search must
        // never meet a sibling whose order changed but who still sits at its old place.
        let mut moves: Vec<(ElementId, Option<ElementId>, Option<ElementId>)> = Vec::new();
        let mut done: HashSet<ElementId> = HashSet::new();
        while let Some(id) = queue.pop() {
            if !done.insert(id.clone()) {
                continue;
            }
            let shown_parent = self.resolve_parent(&id, &mut queue);
            let old = self.shown_parent.get(&id).cloned();
            if shown_parent != old || reordered.contains(&id) {
                moves.push((id.clone(), old, shown_parent.clone()));
            }
            let stored = self.get(&id).and_then(|e| e.parent.clone());
            if self.get(&id).is_some() && shown_parent != stored {
                self.repaired.insert(id.clone());
            } else {
                self.repaired.remove(&id);
            }
        }
        for (id, old, _) in &moves {
            if let Some(list) = old.as_ref().and_then(|p| self.children.get_mut(p)) {
                list.retain(|c| c != id);
            }
        }
        for (id, old, new_parent) in moves {
            match &new_parent {
                Some(p) => {
                    self.shown_parent.insert(id.clone(), p.clone());
                    self.insert_child(p, &id);
                }
                None => {
                    self.shown_parent.remove(&id);
                }
            }
            // A parent's delta carries its children list: resend both lists.
            affected.extend(old);
            affected.extend(new_parent);
            affected.insert(id);
        }
        for id in &touched {
            if self.get(id).is_none() {
                self.children.remove(id);
            }
        }
        affected.retain(|id| self.get(id).is_some() || touched.contains(id));
        affected
    }

    fn insert_child(&mut self, parent: &ElementId, id: &ElementId) {
        let order = self.get(id).map(|e| e.order.clone()).unwrap_or_default();
        let list = self.children.entry(parent.clone()).or_default();
        let at = list.partition_point(|c| {
            let o = self
                .elements
                .get(c)
                .or_else(|| self.shown.get(c).map(|e| &**e))
                .map(|e| e.order.as_str())
                .unwrap_or("");
            (o, c) < (order.as_str(), id)
        });
        list.insert(at, id.clone());
    }

    /// The shown parent of `id` by the repair rules; queues cycle members met on the way.
    fn resolve_parent(&self, id: &ElementId, queue: &mut Vec<ElementId>) -> Option<ElementId> {
        let el = self.get(id)?;
        if el.kind == ElementKind::Body {
            return None;
        }
        let root = self
            .pages
            .get(&el.page)
            .map(|p| p.root.clone())
            .filter(|r| {
                r != id
                    && self
                        .elements
                        .get(r)
                        .is_some_and(|b| b.kind == ElementKind::Body)
            });
        let Some(parent) = el.parent.clone() else {
            return root;
        };
        match self.get(&parent) {
            Some(p) if p.page == el.page => {}
            _ => return root,
        }
        let mut path = vec![id.clone()];
        // Where each element sits on `path`: a long chain is walked once, not once per step.
        let mut on_path: HashMap<ElementId, usize> = HashMap::from([(id.clone(), 0)]);
        let mut cur = parent.clone();
        loop {
            if &cur == id {
                let smallest = path.iter().min().cloned();
                if smallest.as_ref() == Some(id) {
                    return root;
                }
                queue.extend(smallest);
                return Some(parent);
            }
            if let Some(&at) = on_path.get(&cur) {
                // Entered a cycle that does not hold `id`: its members decide it.
                queue.extend(path[at..].iter().cloned());
                return Some(parent);
            }
            let Some(e) = self.get(&cur) else {
                return Some(parent);
            };
            on_path.insert(cur.clone(), path.len());
            path.push(cur.clone());
            match &e.parent {
                Some(next) if e.kind != ElementKind::Body => {
                    if self.get(next).is_none_or(|n| n.page != e.page) {
                        return Some(parent);
                    }
                    cur = next.clone();
                }
                _ => return Some(parent),
            }
        }
    }

    /// Checks the invariants the tree keeps: every shown parent exists and lists the child
    /// once, children are sorted, and following shown parents always ends.
    pub fn check_invariants(&self) -> Result<(), String> {
        for (id, parent) in &self.shown_parent {
            let list = self.children(parent);
            if list.iter().filter(|c| *c == id).count() != 1 {
                return Err(format!("{id} is not listed once under {parent}"));
            }
        }
        for (parent, list) in &self.children {
            let keys: Vec<_> = list
                .iter()
                .map(|c| (self.get(c).map(|e| e.order.as_str()), c))
                .collect();
            if keys.windows(2).any(|w| w[0] >= w[1]) {
                return Err(format!("children of {parent} are out of order"));
            }
        }
        for id in self.shown_parent.keys() {
            let mut cur = id;
            let mut steps = 0;
            while let Some(p) = self.shown_parent.get(cur) {
                cur = p;
                steps += 1;
                if steps > self.elements.len() + self.shown.len() {
                    return Err(format!("{id} is on a cycle"));
                }
            }
        }
        Ok(())
    }
}

/// Moves `id` between the users of what it named `before` and what it names `after`,
/// noting each key whose users changed.
fn reindex<K: std::hash::Hash + Ord + Clone>(
    users: &mut HashMap<K, BTreeSet<ElementId>>,
    changed: &mut BTreeSet<K>,
    id: &ElementId,
    before: BTreeSet<K>,
    after: BTreeSet<K>,
) {
    for gone in before.difference(&after) {
        remove_from(users, gone, id);
        changed.insert(gone.clone());
    }
    for came in after.difference(&before) {
        users.entry(came.clone()).or_default().insert(id.clone());
        changed.insert(came.clone());
    }
}

fn remove_from<K: std::hash::Hash + Eq>(
    index: &mut HashMap<K, BTreeSet<ElementId>>,
    key: &K,
    id: &ElementId,
) {
    if let Some(set) = index.get_mut(key) {
        set.remove(id);
        if set.is_empty() {
            index.remove(key);
        }
    }
}
