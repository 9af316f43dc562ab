//! Planning: each command is checked against the current state plus what earlier commands of
//! the same batch staged, and becomes a list of primitive writes ([`Op`]). Nothing touches the
//! document until a whole batch has planned without error.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::asset::{self, Asset, AssetId};
use crate::command::{Applied, Command, StyleInput};
use crate::component;
use crate::element::{
    is_language_tag, ContainerTag, Dir, Element, ElementKind, Page, Project, Scalar, Tag,
};
use crate::error::EngineError;
use crate::id::{ElementId, IdSource, PageId};
use crate::order;
use crate::props::{check_prop, ANCHOR_PROP, MAX_PROPS};
use crate::rich_text;
use crate::source::{self, Source};
use crate::state::State;
use crate::style::{self, Property, RawValue, Slot};
use crate::token::{self, Token, TokenId, TokenKind};

mod components;
use components::ShownEdit;

/// Longest element or page name, in characters.
pub const MAX_NAME_CHARS: usize = 256;
/// Longest text content, in bytes.
pub const MAX_CONTENT_BYTES: usize = 256 * 1024;
/// Deepest an element may sit below its page's body (a child of the body is at depth 1).
/// Layout walks the tree recursively; this bounds its stack on every way in.
pub const MAX_DEPTH: usize = 64;

/// A primitive write to the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Writes a whole new element.
    PutElement(Element),
    /// Sets parent and order.
    Place {
        /// The element.
        id: ElementId,
        /// New stored parent.
        parent: ElementId,
        /// New order key.
        order: String,
    },
    /// Sets a scalar field of an element.
    SetField {
        /// The element.
        id: ElementId,
        /// Which field.
        field: Field,
    },
    /// Sets or removes one style property.
    SetStyle {
        /// The element.
        id: ElementId,
        /// Where it applies.
        slot: Slot,
        /// The property.
        property: Property,
        /// CSS text, or `None` to remove.
        value: Option<String>,
    },
    /// Sets or removes one prop.
    SetProp {
        /// The element.
        id: ElementId,
        /// Prop name.
        key: String,
        /// Value, or `None` to remove.
        value: Option<Scalar>,
    },
    /// Removes an element (its children are removed by their own ops).
    DeleteElement(ElementId),
    /// Writes a whole page record.
    PutPage(Page),
    /// Removes a page.
    DeletePage(PageId),
    /// Writes an asset record (only the fields that differ from the stored one).
    PutAsset(Asset),
    /// Removes an asset record.
    DeleteAsset(AssetId),
    /// Writes a design token (only the fields that differ from the stored one).
    PutToken(Token),
    /// Removes a design token.
    DeleteToken(TokenId),
    /// Sets the project's settings; `None` leaves one as it is.
    SetProject {
        /// Language (BCP 47).
        lang: Option<String>,
        /// Direction.
        dir: Option<Dir>,
    },
}

/// A scalar field of an element.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum Field {
    Name(String),
    Content(String),
    /// A text element's whole formatted text.
    Text(Vec<crate::rich_text::Run>),
    /// `None` removes the stored tag (a container's default).
    Tag(Option<Tag>),
    Hidden(bool),
    Locked(bool),
}

impl Field {
    fn key(&self) -> &'static str {
        match self {
            Field::Name(_) => "name",
            Field::Content(_) | Field::Text(_) => "content",
            Field::Tag(_) => "tag",
            Field::Hidden(_) => "hidden",
            Field::Locked(_) => "locked",
        }
    }
}

impl Op {
    /// Ops with the same key overwrite each other, so only the last one need be written.
    fn overwrite_key(&self) -> Option<(ElementId, String)> {
        match self {
            Op::Place { id, .. } => Some((id.clone(), "@place".into())),
            Op::SetField { id, field } => Some((id.clone(), field.key().into())),
            Op::SetStyle {
                id, slot, property, ..
            } => Some((id.clone(), format!("s:{slot}|{}", property.css_name()))),
            Op::SetProp { id, key, .. } => Some((id.clone(), format!("p:{key}"))),
            _ => None,
        }
    }
}

/// Drops every op that a later op with the same key overwrites, keeping the survivors in
/// order: a gesture of 600 frames writes each property once.
pub fn collapse(ops: Vec<Op>) -> Vec<Op> {
    let mut last: HashMap<(ElementId, String), usize> = HashMap::new();
    // Where each element is last deleted, and whether it is created again afterwards.
    let mut deleted_at: HashMap<ElementId, usize> = HashMap::new();
    for (i, op) in ops.iter().enumerate() {
        if let Some(key) = op.overwrite_key() {
            last.insert(key, i);
        }
        match op {
            Op::DeleteElement(id) => {
                deleted_at.insert(id.clone(), i);
            }
            Op::PutElement(el) => {
                deleted_at.remove(&el.id);
            }
            _ => {}
        }
    }
    // An element deleted later in the batch needs none of its earlier writes. Keeping them is
    // also wrong: undo would restore values whose origins lie inside the deleted map, and
    // peers would place them differently.
    let doomed = |id: &ElementId, i: usize| deleted_at.get(id).is_some_and(|&at| i < at);
    ops.into_iter()
        .enumerate()
        .filter(|(i, op)| match op {
            Op::Place { id, .. }
            | Op::SetField { id, .. }
            | Op::SetStyle { id, .. }
            | Op::SetProp { id, .. } => {
                !doomed(id, *i) && op.overwrite_key().is_none_or(|k| last.get(&k) == Some(i))
            }
            _ => true,
        })
        .map(|(_, op)| op)
        .collect()
}

/// What a batch has staged on top of the state: overriding records, the children lists it
/// changed, and the ops that produce them.
#[derive(Debug, Default, Clone)]
pub struct Overlay {
    elements: HashMap<ElementId, Option<Element>>,
    children: HashMap<ElementId, Vec<ElementId>>,
    pages: HashMap<PageId, Option<Page>>,
    assets: HashMap<AssetId, Option<Asset>>,
    tokens: HashMap<TokenId, Option<Token>>,
    project: Option<Project>,
    /// The writes, in order.
    pub ops: Vec<Op>,
    /// What the commands created.
    pub applied: Applied,
}

impl Overlay {
    /// Ids of elements the overlay changes.
    pub fn touched_elements(&self) -> impl Iterator<Item = &ElementId> {
        self.elements.keys().chain(self.children.keys())
    }

    /// Ids of pages the overlay changes.
    pub fn touched_pages(&self) -> impl Iterator<Item = &PageId> {
        self.pages.keys()
    }

    /// The project settings as staged, if the overlay changes them.
    pub fn project(&self) -> Option<&Project> {
        self.project.as_ref()
    }
}

/// The state as a batch sees it: the engine's records with the overlay on top.
pub struct View<'a> {
    /// The state before the batch.
    pub state: &'a State,
    /// What the batch staged so far.
    pub overlay: &'a mut Overlay,
    /// Where new ids come from.
    pub ids: &'a mut IdSource,
}

impl View<'_> {
    /// The element as staged.
    pub fn element(&self, id: &ElementId) -> Option<&Element> {
        match self.overlay.elements.get(id) {
            Some(staged) => staged.as_ref(),
            None => self.state.elements.get(id),
        }
    }

    /// The element as shown while the batch is staged: a stored one as staged, or one shown
    /// inside an instance (those are derived from the document, never staged).
    pub fn shown_element(&self, id: &ElementId) -> Option<&Element> {
        match self.overlay.elements.get(id) {
            Some(staged) => staged.as_ref(),
            None => self.state.get(id),
        }
    }

    /// Children as shown while the batch is staged, with the elements shown inside instances.
    pub fn shown_children(&self, id: &ElementId) -> Vec<ElementId> {
        match self.overlay.children.get(id) {
            Some(list) => list.clone(),
            None => self.state.children(id).to_vec(),
        }
    }

    /// The page as staged.
    pub fn page(&self, id: &PageId) -> Option<&Page> {
        match self.overlay.pages.get(id) {
            Some(staged) => staged.as_ref(),
            None => self.state.pages.get(id),
        }
    }

    /// The asset as staged.
    pub fn asset(&self, id: &AssetId) -> Option<&Asset> {
        match self.overlay.assets.get(id) {
            Some(staged) => staged.as_ref(),
            None => self.state.assets.get(id),
        }
    }

    fn require_asset(&self, id: &AssetId) -> Result<&Asset, EngineError> {
        self.asset(id)
            .ok_or_else(|| EngineError::UnknownAsset { id: id.0.clone() })
    }

    /// Elements whose sources name the asset, as staged, sorted.
    pub fn asset_users(&self, id: &AssetId) -> Vec<ElementId> {
        self.users_as_staged(self.state.users_of(id), |e| {
            asset::assets_used_by(e).contains(id)
        })
    }

    /// The elements `stored` lists that the batch left alone, plus every staged element for
    /// which `uses` holds, sorted.
    fn users_as_staged<'s>(
        &self,
        stored: impl Iterator<Item = &'s ElementId>,
        uses: impl Fn(&Element) -> bool,
    ) -> Vec<ElementId> {
        let mut users: BTreeSet<ElementId> = stored
            .filter(|e| !self.overlay.elements.contains_key(*e))
            .cloned()
            .collect();
        users.extend(
            self.overlay
                .elements
                .values()
                .flatten()
                .filter(|e| uses(e))
                .map(|e| e.id.clone()),
        );
        users.into_iter().collect()
    }

    /// The design token as staged.
    pub fn token(&self, id: &TokenId) -> Option<&Token> {
        match self.overlay.tokens.get(id) {
            Some(staged) => staged.as_ref(),
            None => self.state.tokens.get(id),
        }
    }

    fn require_token(&self, id: &TokenId) -> Result<&Token, EngineError> {
        self.token(id)
            .ok_or_else(|| EngineError::UnknownToken { id: id.0.clone() })
    }

    /// Elements whose styles name the token, as staged, sorted.
    pub fn token_users(&self, id: &TokenId) -> Vec<ElementId> {
        self.users_as_staged(self.state.token_users(id), |e| {
            token::tokens_used_by(e).contains(id)
        })
    }

    /// Refuses a token name another token has (as staged), `except` the token being renamed.
    fn check_token_name_free(
        &self,
        name: &str,
        except: Option<&TokenId>,
    ) -> Result<(), EngineError> {
        token::check_token_name(name)?;
        let taken = |t: &Token| t.name == name && Some(&t.id) != except;
        let staged = self.overlay.tokens.values().flatten().any(taken);
        let stored = self
            .state
            .tokens
            .values()
            .filter(|t| !self.overlay.tokens.contains_key(&t.id))
            .any(taken);
        if staged || stored {
            return Err(EngineError::TokenNameTaken {
                name: name.to_owned(),
            });
        }
        Ok(())
    }

    /// Checks a style value a command writes: valid CSS for the property (`style::normalize`)
    /// and, for a token reference, a token that exists and fits the property.
    fn style_value(
        &self,
        property: Property,
        raw: &RawValue,
        element: &ElementId,
    ) -> Result<String, EngineError> {
        let text = style::normalize(property, raw, Some(element.as_str()))?;
        if let Some(id) = token::check_reference(property, &text, Some(element.as_str()))? {
            let token = self.require_token(&id)?;
            if TokenKind::for_property(property) != Some(token.kind) {
                return Err(EngineError::invalid(
                    Some(element.as_str()),
                    property.css_name(),
                    format!(
                        "token {} is a {} token; {} takes a {} token",
                        token.name,
                        token.kind.as_str(),
                        property.css_name(),
                        TokenKind::for_property(property).map_or("no", TokenKind::as_str)
                    ),
                ));
            }
        }
        Ok(text)
    }

    /// Refuses an `anchor` prop another element of the page has (as staged): an anchor names
    /// one place on its page. A peer's update is checked for the anchor's form only (two people
    /// may name two sections alike at once); the export then gives the `id` to the first.
    fn check_anchor_free(
        &self,
        page: &PageId,
        id: &ElementId,
        key: &str,
        value: Option<&Scalar>,
    ) -> Result<(), EngineError> {
        let (ANCHOR_PROP, Some(Scalar::Text(anchor))) = (key, value) else {
            return Ok(());
        };
        let taken = |e: &&Element| {
            &e.page == page
                && &e.id != id
                && matches!(e.props.get(ANCHOR_PROP), Some(Scalar::Text(a)) if a == anchor)
        };
        let staged = self.overlay.elements.values().flatten().find(taken);
        let stored = || {
            self.state
                .on_page(page)
                .filter(|e| !self.overlay.elements.contains_key(*e))
                .filter_map(|e| self.state.elements.get(e))
                .find(taken)
        };
        match staged.or_else(stored) {
            Some(other) => Err(EngineError::AnchorTaken {
                anchor: anchor.clone(),
                element: other.id.0.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Checks a source prop of an element of `kind` and that a named asset is in the library.
    fn check_source_prop(
        &self,
        kind: ElementKind,
        id: &ElementId,
        key: &str,
        value: Option<&Scalar>,
    ) -> Result<(), EngineError> {
        let Some(key) = asset::source_props(kind)
            .iter()
            .copied()
            .find(|k| *k == key)
        else {
            return Ok(());
        };
        match value {
            None => Ok(()),
            Some(Scalar::Text(text)) => {
                if let Source::Asset(asset_id) =
                    source::check_source(kind, Some(id.as_str()), key, text)?
                {
                    self.require_asset(&asset_id)?;
                }
                Ok(())
            }
            Some(_) => Err(EngineError::invalid(
                Some(id.as_str()),
                key,
                "a source is text",
            )),
        }
    }

    /// The project settings as staged.
    pub fn project(&self) -> &Project {
        self.overlay.project.as_ref().unwrap_or(&self.state.project)
    }

    /// Pages as staged, in order.
    pub fn pages_in_order(&self) -> Vec<Page> {
        let mut pages: Vec<Page> = self
            .state
            .pages
            .values()
            .filter(|p| !self.overlay.pages.contains_key(&p.id))
            .cloned()
            .chain(self.overlay.pages.values().flatten().cloned())
            .collect();
        pages.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
        pages
    }

    /// Where the element shows as staged.
    pub fn parent(&self, id: &ElementId) -> Option<ElementId> {
        match self.overlay.elements.get(id) {
            Some(staged) => staged.as_ref().and_then(|e| e.parent.clone()),
            None => self.state.parent(id).cloned(),
        }
    }

    /// Children as staged, in order.
    pub fn children(&self, id: &ElementId) -> Vec<ElementId> {
        match self.overlay.children.get(id) {
            Some(list) => list.clone(),
            // Elements shown inside an instance are derived: never copied, moved or deleted.
            None => self
                .state
                .children(id)
                .iter()
                .filter(|c| !self.state.is_shown_copy(c))
                .cloned()
                .collect(),
        }
    }

    fn children_mut(&mut self, id: &ElementId) -> &mut Vec<ElementId> {
        let state = self.state;
        self.overlay
            .children
            .entry(id.clone())
            .or_insert_with(|| state.children(id).to_vec())
    }

    /// The element and its stored descendants as staged, parents first. The walk goes
    /// through elements shown inside an instance (derived, never listed) to reach the
    /// children the instance supplies to its slots.
    pub fn subtree(&self, id: &ElementId) -> Vec<ElementId> {
        let mut out = Vec::new();
        let mut stack = vec![id.clone()];
        while let Some(next) = stack.pop() {
            let shown = self.is_shown(&next);
            let children = match self.overlay.children.get(&next) {
                Some(list) => list.clone(),
                None => self.state.children(&next).to_vec(),
            };
            stack.extend(children.into_iter().rev());
            if !shown {
                out.push(next);
            }
        }
        out
    }

    /// The element's children as staged, without copying them.
    fn children_ref(&self, id: &ElementId) -> &[ElementId] {
        match self.overlay.children.get(id) {
            Some(list) => list,
            None => self.state.children(id),
        }
    }

    /// How deep the element sits as staged (a child of the body is at depth 1); stops
    /// counting past [`MAX_DEPTH`].
    fn depth(&self, id: &ElementId) -> usize {
        let mut depth = 0;
        let mut current = self.parent(id);
        while let Some(p) = current {
            depth += 1;
            if depth > MAX_DEPTH {
                break;
            }
            current = self.parent(&p);
        }
        depth
    }

    /// How many levels the element's subtree reaches below it, as staged (at most one past
    /// [`MAX_DEPTH`]).
    fn height(&self, id: &ElementId) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(id.clone(), 0usize)];
        while let Some((next, level)) = stack.pop() {
            deepest = deepest.max(level);
            if level <= MAX_DEPTH {
                stack.extend(
                    self.children_ref(&next)
                        .iter()
                        .map(|c| (c.clone(), level + 1)),
                );
            }
        }
        deepest
    }

    /// Refuses placing `id` (with its subtree) at `depth`.
    fn check_depth(&self, id: &ElementId, depth: usize) -> Result<(), EngineError> {
        let total = depth + self.height(id);
        if total > MAX_DEPTH {
            return Err(EngineError::TooDeep {
                element: id.0.clone(),
                depth: total,
                limit: MAX_DEPTH,
            });
        }
        Ok(())
    }

    fn require(&self, id: &ElementId) -> Result<&Element, EngineError> {
        self.element(id).ok_or_else(|| match self.state.origin(id) {
            Some(origin) => EngineError::InsideInstance {
                id: id.0.clone(),
                instance: origin.instance.0.clone(),
            },
            None => EngineError::UnknownElement { id: id.0.clone() },
        })
    }

    fn require_page(&self, id: &PageId) -> Result<&Page, EngineError> {
        self.page(id)
            .ok_or_else(|| EngineError::UnknownPage { id: id.0.clone() })
    }

    fn require_movable(&self, id: &ElementId) -> Result<&Element, EngineError> {
        let el = self.require(id)?;
        if el.kind == ElementKind::Body {
            return Err(EngineError::PageRoot { id: id.0.clone() });
        }
        Ok(el)
    }

    fn require_container(&self, id: &ElementId) -> Result<&Element, EngineError> {
        let el = match self.require(id) {
            Ok(el) => el,
            // A slot shown inside an instance takes the instance's own children.
            Err(e) => self.shown_slot(id).ok_or(e)?,
        };
        if !el.kind.holds_children() {
            return Err(EngineError::WrongKind {
                element: id.0.clone(),
                kind: el.kind.as_str().into(),
                reason: "it cannot hold other elements".into(),
            });
        }
        Ok(el)
    }

    fn new_element_id(&mut self, wanted: Option<&ElementId>) -> Result<ElementId, EngineError> {
        if let Some(id) = wanted {
            let id = ElementId::parse(id.as_str())?;
            if id.as_str().starts_with(crate::component::SHOWN_PREFIX) {
                return Err(EngineError::invalid(
                    Some(id.as_str()),
                    "id",
                    "ids starting with __ name elements shown inside instances",
                ));
            }
            if self.element(&id).is_some() {
                return Err(EngineError::DuplicateId { id: id.0 });
            }
            return Ok(id);
        }
        loop {
            let id = ElementId(self.ids.mint());
            if self.element(&id).is_none() {
                return Ok(id);
            }
        }
    }

    fn new_page_id(&mut self, wanted: Option<&PageId>) -> Result<PageId, EngineError> {
        if let Some(id) = wanted {
            let id = PageId::parse(id.as_str())?;
            if self.page(&id).is_some() {
                return Err(EngineError::DuplicateId { id: id.0 });
            }
            return Ok(id);
        }
        loop {
            let id = PageId(self.ids.mint());
            if self.page(&id).is_none() {
                return Ok(id);
            }
        }
    }

    /// Applies an op to the overlay and records it.
    pub(crate) fn stage(&mut self, op: Op) {
        match &op {
            Op::PutElement(el) => {
                let id = el.id.clone();
                self.overlay.elements.insert(id.clone(), Some(el.clone()));
                if let Some(p) = el.parent.clone() {
                    self.insert_child(&p, &id);
                }
            }
            Op::Place { id, parent, order } => {
                if let Some(old) = self.parent(id) {
                    self.children_mut(&old).retain(|c| c != id);
                }
                if let Some(mut el) = self.element(id).cloned() {
                    el.parent = Some(parent.clone());
                    el.order = order.clone();
                    self.overlay.elements.insert(id.clone(), Some(el));
                }
                self.insert_child(parent, id);
            }
            Op::SetField { id, field } => self.edit(id, |el| match field.clone() {
                Field::Name(v) => el.name = v,
                Field::Content(v) => {
                    if el.kind == ElementKind::Text {
                        let was = rich_text::runs_of(&el.content, &el.runs);
                        el.runs = rich_text::with_text(&was, &v);
                    }
                    el.content = v;
                }
                Field::Text(runs) => {
                    el.content = rich_text::plain(&runs);
                    el.runs = rich_text::normalize(runs);
                }
                Field::Tag(v) => el.tag = v,
                Field::Hidden(v) => el.hidden = v,
                Field::Locked(v) => el.locked = v,
            }),
            Op::SetStyle {
                id,
                slot,
                property,
                value,
            } => self.edit(id, |el| {
                let props = el.styles.entry(*slot).or_default();
                match value {
                    Some(v) => {
                        props.insert(*property, v.clone());
                    }
                    None => {
                        props.remove(property);
                    }
                }
                if props.is_empty() {
                    el.styles.remove(slot);
                }
            }),
            Op::SetProp { id, key, value } => self.edit(id, |el| match value {
                Some(v) => {
                    el.props.insert(key.clone(), v.clone());
                }
                None => {
                    el.props.remove(key);
                }
            }),
            Op::DeleteElement(id) => {
                if let Some(p) = self.parent(id) {
                    self.children_mut(&p).retain(|c| c != id);
                }
                self.overlay.elements.insert(id.clone(), None);
                self.overlay.children.insert(id.clone(), Vec::new());
            }
            Op::PutPage(page) => {
                self.overlay
                    .pages
                    .insert(page.id.clone(), Some(page.clone()));
            }
            Op::DeletePage(id) => {
                self.overlay.pages.insert(id.clone(), None);
            }
            Op::PutAsset(asset) => {
                self.overlay
                    .assets
                    .insert(asset.id.clone(), Some(asset.clone()));
            }
            Op::DeleteAsset(id) => {
                self.overlay.assets.insert(id.clone(), None);
            }
            Op::PutToken(token) => {
                self.overlay
                    .tokens
                    .insert(token.id.clone(), Some(token.clone()));
            }
            Op::DeleteToken(id) => {
                self.overlay.tokens.insert(id.clone(), None);
            }
            Op::SetProject { lang, dir } => {
                let mut project = self.project().clone();
                if let Some(lang) = lang {
                    project.lang = lang.clone();
                }
                if let Some(dir) = dir {
                    project.dir = *dir;
                }
                self.overlay.project = Some(project);
            }
        }
        self.overlay.ops.push(op);
    }

    fn edit(&mut self, id: &ElementId, f: impl FnOnce(&mut Element)) {
        if let Some(mut el) = self.element(id).cloned() {
            f(&mut el);
            self.overlay.elements.insert(id.clone(), Some(el));
        }
    }

    fn insert_child(&mut self, parent: &ElementId, id: &ElementId) {
        let order = self
            .element(id)
            .map(|e| e.order.clone())
            .unwrap_or_default();
        // Binary search on the list itself: a batch of thousands of creates stays linear.
        let mut list = std::mem::take(self.children_mut(parent));
        let at = list.partition_point(|c| {
            let o = self.element(c).map(|e| e.order.as_str()).unwrap_or("");
            (o, c) < (order.as_str(), id)
        });
        list.insert(at, id.clone());
        *self.children_mut(parent) = list;
    }

    /// Order keys for `count` elements placed at `index` among `parent`'s children, leaving out
    /// `skip` (elements being moved). Where neighbours' keys are equal or foreign, the siblings
    /// are re-keyed in the same batch.
    fn keys_at(
        &mut self,
        parent: &ElementId,
        index: Option<usize>,
        count: usize,
        skip: &BTreeSet<ElementId>,
    ) -> Result<Vec<String>, EngineError> {
        let all = self.children_ref(parent);
        // Only the neighbours' keys are needed: without elements to leave out, no copy.
        let (len, lower_id, upper_id) = if skip.is_empty() {
            let at = index.unwrap_or(all.len());
            (
                all.len(),
                at.checked_sub(1).and_then(|i| all.get(i)).cloned(),
                all.get(at).cloned(),
            )
        } else {
            let kept: Vec<&ElementId> = all.iter().filter(|c| !skip.contains(*c)).collect();
            let at = index.unwrap_or(kept.len());
            (
                kept.len(),
                at.checked_sub(1)
                    .and_then(|i| kept.get(i))
                    .map(|c| (*c).clone()),
                kept.get(at).map(|c| (*c).clone()),
            )
        };
        if index.is_none_or(|i| i <= len) {
            let key = |c: Option<ElementId>| -> Option<String> {
                c.and_then(|c| self.element(&c).map(|e| e.order.clone()))
            };
            if let Ok(keys) =
                order::n_between(key(lower_id).as_deref(), key(upper_id).as_deref(), count)
            {
                return Ok(keys);
            }
        }
        let siblings: Vec<ElementId> = self
            .children(parent)
            .into_iter()
            .filter(|c| !skip.contains(c))
            .collect();
        let at = match index {
            None => siblings.len(),
            Some(i) if i <= siblings.len() => i,
            Some(i) => {
                return Err(EngineError::invalid(
                    Some(parent.as_str()),
                    "index",
                    format!("{i} is past the last position {}", siblings.len()),
                ))
            }
        };
        let key_of = |view: &View, i: usize| -> Option<String> {
            siblings
                .get(i)
                .and_then(|c| view.element(c))
                .map(|e| e.order.clone())
        };
        let lower = if at == 0 { None } else { key_of(self, at - 1) };
        let upper = key_of(self, at);
        if let Ok(keys) = order::n_between(lower.as_deref(), upper.as_deref(), count) {
            return Ok(keys);
        }
        // Re-key every sibling evenly, leaving room for the new ones.
        let all = order::n_between(None, None, siblings.len() + count)
            .map_err(|e| EngineError::invalid(Some(parent.as_str()), "order", e.to_string()))?;
        let mut new_keys = Vec::with_capacity(count);
        let mut k = all.into_iter();
        for (i, sibling) in siblings.iter().enumerate() {
            if i == at {
                new_keys.extend(k.by_ref().take(count));
            }
            if let Some(key) = k.next() {
                self.stage(Op::Place {
                    id: sibling.clone(),
                    parent: parent.clone(),
                    order: key,
                });
            }
        }
        if new_keys.is_empty() {
            new_keys.extend(k.take(count));
        }
        Ok(new_keys)
    }

    /// Plans one command.
    pub fn plan(&mut self, command: &Command) -> Result<(), EngineError> {
        match command {
            Command::CreateElement {
                id,
                kind,
                parent,
                index,
                name,
                tag,
                content,
                props,
                styles,
            } => {
                self.create_element(
                    id.as_ref(),
                    *kind,
                    parent,
                    *index,
                    name,
                    tag.as_ref(),
                    content,
                    props,
                    styles,
                )?;
            }
            Command::DeleteElements { ids } => {
                for id in ids {
                    self.require_movable(id)?;
                }
                for id in ids {
                    if self.element(id).is_none() {
                        continue; // inside an element deleted just before
                    }
                    for gone in self.subtree(id).into_iter().rev() {
                        self.stage(Op::DeleteElement(gone));
                    }
                }
            }
            Command::MoveElements { ids, parent, index } => {
                self.move_elements(ids, parent, *index)?
            }
            Command::DuplicateElements { ids } => self.duplicate(ids)?,
            Command::UpdateStyles { ids, slot, set } => {
                let mut ops = Vec::new();
                for id in ids {
                    if self.is_shown(id) {
                        self.plan_override(id, ShownEdit::Styles(*slot, set))?;
                        continue;
                    }
                    self.require(id)?;
                    for (name, value) in set {
                        let property: Property = name.parse().map_err(|_| {
                            EngineError::invalid(
                                Some(id.as_str()),
                                name,
                                "unsupported style property",
                            )
                        })?;
                        let value = match value {
                            Some(raw) => Some(self.style_value(property, raw, id)?),
                            None => None,
                        };
                        ops.push(Op::SetStyle {
                            id: id.clone(),
                            slot: *slot,
                            property,
                            value,
                        });
                    }
                }
                ops.into_iter().for_each(|op| self.stage(op));
            }
            Command::UpdateProps { id, set } if self.is_shown(id) => {
                self.plan_override(id, ShownEdit::Props(set))?
            }
            Command::SetContent { id, content } if self.is_shown(id) => {
                self.plan_override(id, ShownEdit::Content(content))?
            }
            Command::SetHidden { ids, hidden } if ids.iter().any(|id| self.is_shown(id)) => {
                for id in ids {
                    if self.is_shown(id) {
                        self.plan_override(id, ShownEdit::Hidden(*hidden))?;
                    } else {
                        self.require_movable(id)?;
                        self.stage(Op::SetField {
                            id: id.clone(),
                            field: Field::Hidden(*hidden),
                        });
                    }
                }
            }
            Command::UpdateProps { id, set } => {
                let el = self.require(id)?;
                let mut count = el.props.len();
                let mut ops = Vec::new();
                let kind = el.kind;
                let page = el.page.clone();
                for (key, value) in set {
                    check_prop(kind, id.as_str(), key, value.as_ref())?;
                    self.check_source_prop(kind, id, key, value.as_ref())?;
                    self.check_anchor_free(&page, id, key, value.as_ref())?;
                    if value.is_some() && !el.props.contains_key(key) {
                        count += 1;
                    }
                    ops.push(Op::SetProp {
                        id: id.clone(),
                        key: key.clone(),
                        value: value.clone(),
                    });
                }
                if count > MAX_PROPS {
                    return Err(EngineError::invalid(
                        Some(id.as_str()),
                        "props",
                        format!("more than {MAX_PROPS} props"),
                    ));
                }
                ops.into_iter().for_each(|op| self.stage(op));
            }
            Command::SetContent { id, content } => {
                let el = self.require(id)?;
                check_content(el, content)?;
                self.stage(Op::SetField {
                    id: id.clone(),
                    field: Field::Content(content.clone()),
                });
            }
            Command::SetText { id, runs } => {
                let el = self.require(id)?;
                if el.kind != ElementKind::Text {
                    return Err(wrong_kind(el, "only a text element's content is formatted"));
                }
                check_content(el, &rich_text::plain(runs))?;
                rich_text::check_runs(Some(id.as_str()), runs)?;
                self.stage(Op::SetField {
                    id: id.clone(),
                    field: Field::Text(runs.clone()),
                });
            }
            Command::SetTag { id, tag } => {
                let el = self.require(id)?;
                let stored = tag_for(el.kind, Some(id), *tag)?;
                self.stage(Op::SetField {
                    id: id.clone(),
                    field: Field::Tag(stored),
                });
            }
            Command::RenameElement { id, name } => {
                self.require(id)?;
                check_name(Some(id.as_str()), name)?;
                self.stage(Op::SetField {
                    id: id.clone(),
                    field: Field::Name(name.clone()),
                });
            }
            Command::SetHidden { ids, hidden } => {
                for id in ids {
                    self.require_movable(id)?;
                }
                for id in ids {
                    self.stage(Op::SetField {
                        id: id.clone(),
                        field: Field::Hidden(*hidden),
                    });
                }
            }
            Command::SetLocked { ids, locked } => {
                for id in ids {
                    self.require_movable(id)?;
                }
                for id in ids {
                    self.stage(Op::SetField {
                        id: id.clone(),
                        field: Field::Locked(*locked),
                    });
                }
            }
            Command::Group { ids, id } => self.wrap(ids, ElementKind::Container, id.as_ref())?,
            Command::Wrap { ids, kind, id } => self.wrap(ids, *kind, id.as_ref())?,
            Command::Ungroup { id } => self.ungroup(id)?,
            Command::CreatePage {
                id,
                name,
                slug,
                title,
                description,
                index,
            } => {
                let page = self.new_page(
                    id.as_ref(),
                    name,
                    slug.as_deref(),
                    title,
                    description,
                    *index,
                )?;
                self.create_page(page);
            }
            Command::DuplicatePage { id, new_id } => self.duplicate_page(id, new_id.as_ref())?,
            Command::DeletePage { id } => {
                self.require_page(id)?;
                if self.pages_in_order().len() <= 1 {
                    return Err(EngineError::LastPage);
                }
                let mut gone: Vec<ElementId> = self
                    .state
                    .on_page(id)
                    .filter(|e| {
                        !self.overlay.elements.contains_key(*e) && !self.state.is_shown_copy(e)
                    })
                    .cloned()
                    .collect();
                gone.extend(
                    self.overlay
                        .elements
                        .values()
                        .flatten()
                        .filter(|e| &e.page == id)
                        .map(|e| e.id.clone()),
                );
                gone.sort();
                for e in gone {
                    self.stage(Op::DeleteElement(e));
                }
                self.stage(Op::DeletePage(id.clone()));
            }
            Command::RenamePage { id, name } => {
                let mut page = self.require_page(id)?.clone();
                check_name(None, name)?;
                page.name = name.clone();
                self.stage(Op::PutPage(page));
            }
            Command::UpdatePage {
                id,
                slug,
                title,
                description,
                lang,
                dir,
                image,
            } => {
                let mut page = self.require_page(id)?.clone();
                if let Some(image) = image {
                    if let Some(image) = image {
                        if let Some(asset) = source::check_page_image(image)? {
                            let asset = self.require_asset(&asset)?;
                            if !asset.mime.starts_with("image/") {
                                return Err(EngineError::invalid(
                                    None,
                                    "image",
                                    format!("{} is not an image", asset.name),
                                ));
                            }
                        }
                    }
                    page.image = image.clone();
                }
                if let Some(lang) = lang {
                    if let Some(lang) = lang {
                        check_lang(lang)?;
                    }
                    page.lang = lang.clone();
                }
                if let Some(dir) = dir {
                    page.dir = *dir;
                }
                if let Some(slug) = slug {
                    page.slug = self.check_slug(slug, Some(id))?;
                }
                if let Some(title) = title {
                    check_text("title", title, 512)?;
                    page.title = title.clone();
                }
                if let Some(description) = description {
                    check_text("description", description, 2048)?;
                    page.description = description.clone();
                }
                self.stage(Op::PutPage(page));
            }
            Command::UpdateProject { lang, dir } => {
                if let Some(lang) = lang {
                    check_lang(lang)?;
                }
                self.stage(Op::SetProject {
                    lang: lang.clone(),
                    dir: *dir,
                });
            }
            Command::ReorderPage { id, index } => {
                let mut page = self.require_page(id)?.clone();
                page.order = self.page_key(*index, Some(id))?;
                self.stage(Op::PutPage(page));
            }
            Command::AddAsset { asset } => {
                asset::check_asset(asset)?;
                if self.asset(&asset.id).is_some() {
                    return Err(EngineError::DuplicateId {
                        id: asset.id.0.clone(),
                    });
                }
                self.stage(Op::PutAsset(asset::normalized(asset.clone())));
            }
            Command::RenameAsset { id, name } => {
                let mut asset = self.require_asset(id)?.clone();
                asset::check_asset_name(name)?;
                asset.name = name.clone();
                self.stage(Op::PutAsset(asset));
            }
            Command::SetAssetAlt { id, alt } => {
                let mut asset = self.require_asset(id)?.clone();
                asset::check_alt(alt)?;
                asset.alt = alt.clone();
                self.stage(Op::PutAsset(asset));
            }
            Command::ReplaceAsset { id, with } => self.replace_asset(id, with)?,
            Command::RemoveAsset { id, force } => {
                self.require_asset(id)?;
                let users = self.asset_users(id);
                if !users.is_empty() && !force {
                    return Err(EngineError::AssetInUse {
                        id: id.0.clone(),
                        elements: users.into_iter().map(|e| e.0).collect(),
                    });
                }
                self.switch_sources(&users, id, None);
                self.stage(Op::DeleteAsset(id.clone()));
            }
            Command::CreateToken {
                id,
                name,
                kind,
                value,
            } => {
                self.check_token_name_free(name, None)?;
                let value = token::normalize_value(*kind, value)?;
                let id = match id {
                    Some(wanted) => {
                        let wanted = TokenId::parse(wanted.as_str())?;
                        if self.token(&wanted).is_some() {
                            return Err(EngineError::DuplicateId { id: wanted.0 });
                        }
                        wanted
                    }
                    None => loop {
                        let minted = TokenId(self.ids.mint());
                        if self.token(&minted).is_none() {
                            break minted;
                        }
                    },
                };
                self.stage(Op::PutToken(Token {
                    id: id.clone(),
                    name: name.clone(),
                    kind: *kind,
                    value,
                }));
                self.overlay.applied.created_tokens.push(id);
            }
            Command::UpdateToken { id, value } => {
                let mut token = self.require_token(id)?.clone();
                token.value = token::normalize_value(token.kind, value)?;
                self.stage(Op::PutToken(token));
            }
            Command::RenameToken { id, name } => {
                let mut token = self.require_token(id)?.clone();
                self.check_token_name_free(name, Some(id))?;
                token.name = name.clone();
                self.stage(Op::PutToken(token));
            }
            Command::DeleteToken { id, force } => {
                let value = self.require_token(id)?.value.clone();
                let users = self.token_users(id);
                if !users.is_empty() && !force {
                    return Err(EngineError::TokenInUse {
                        id: id.0.clone(),
                        elements: users.into_iter().map(|e| e.0).collect(),
                    });
                }
                self.detach_token(&users, id, &value);
                self.stage(Op::DeleteToken(id.clone()));
            }
            Command::CreateComponent {
                id,
                name,
                component_id,
            } => {
                self.create_component(id, name, component_id.as_ref())?;
            }
            Command::RenameComponent { id, name } => {
                self.require_component(id)?;
                self.check_component_name(name, Some(id))?;
                self.stage(Op::SetField {
                    id: id.clone(),
                    field: Field::Name(name.clone()),
                });
            }
            Command::DeleteComponent { id, force } => self.delete_component(id, *force)?,
            Command::DeclareProp {
                component,
                name,
                kind,
                target,
                default,
            } => self.declare_prop(component, name, *kind, target, default.as_ref())?,
            Command::RemoveProp { component, name } => {
                self.require_component(component)?;
                self.stage(Op::SetProp {
                    id: component.clone(),
                    key: format!("{}{name}", crate::component::DECLARATION_PREFIX),
                    value: None,
                });
            }
            Command::InsertInstance {
                component,
                parent,
                index,
                id,
            } => self.insert_instance(component, parent, *index, id.as_ref())?,
            Command::ResetOverride { id, field } => self.reset_override(id, field.as_deref())?,
            Command::DetachInstance { id } => self.detach(id)?,
            Command::SetVariantValue {
                component,
                axis,
                option,
                target,
                value,
            } => self.set_variant_value(component, axis, option, target, value.as_ref())?,
            Command::RemoveVariant {
                component,
                axis,
                option,
            } => self.remove_variant(component, axis, option)?,
            Command::SetSlot {
                component,
                element,
                slot,
            } => self.set_slot(component, element, *slot)?,
        }
        Ok(())
    }

    /// Whether the id names an element shown inside an instance (not staged as stored).
    fn is_shown(&self, id: &ElementId) -> bool {
        self.element(id).is_none() && self.state.is_shown_copy(id)
    }

    /// Puts `with` in the library in place of `id`: every element using `id` switches to it.
    fn replace_asset(&mut self, id: &AssetId, with: &Asset) -> Result<(), EngineError> {
        let old = self.require_asset(id)?.clone();
        asset::check_asset(with)?;
        if &with.id == id {
            return Err(EngineError::invalid(
                None,
                "with",
                "the replacement has the same bytes as the asset it replaces",
            ));
        }
        if self.asset(&with.id).is_none() {
            let mut new = asset::normalized(with.clone());
            if new.alt.is_empty() {
                new.alt = old.alt;
            }
            self.stage(Op::PutAsset(new));
        }
        let users = self.asset_users(id);
        self.switch_sources(&users, id, Some(&with.id));
        self.stage(Op::DeleteAsset(id.clone()));
        Ok(())
    }

    /// Writes `value` in place of every style on `users` that names the token `id`, so
    /// nothing loses its look when the token goes.
    fn detach_token(&mut self, users: &[ElementId], id: &TokenId, value: &str) {
        let reference = id.to_reference();
        for user in users {
            let Some(el) = self.element(user) else {
                continue;
            };
            let uses: Vec<(Slot, Property)> = el
                .styles
                .iter()
                .flat_map(|(slot, set)| {
                    set.iter()
                        .filter(|(_, v)| **v == reference)
                        .map(move |(p, _)| (*slot, *p))
                })
                .collect();
            for (slot, property) in uses {
                self.stage(Op::SetStyle {
                    id: user.clone(),
                    slot,
                    property,
                    value: Some(value.to_owned()),
                });
            }
        }
    }

    /// Rewrites every source naming `from` on `users` to `to` (absent: removes the source).
    fn switch_sources(&mut self, users: &[ElementId], from: &AssetId, to: Option<&AssetId>) {
        let named = Scalar::Text(from.to_source());
        for user in users {
            let Some(el) = self.element(user) else {
                continue;
            };
            let keys: Vec<&str> = asset::source_props(el.kind)
                .iter()
                .copied()
                .filter(|k| el.props.get(*k) == Some(&named))
                .collect();
            for key in keys {
                self.stage(Op::SetProp {
                    id: user.clone(),
                    key: key.to_owned(),
                    value: to.map(|t| Scalar::Text(t.to_source())),
                });
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn create_element(
        &mut self,
        id: Option<&ElementId>,
        kind: ElementKind,
        parent: &ElementId,
        index: Option<usize>,
        name: &Option<String>,
        tag: Option<&Tag>,
        content: &Option<String>,
        props: &BTreeMap<String, Scalar>,
        styles: &StyleInput,
    ) -> Result<ElementId, EngineError> {
        if kind == ElementKind::Body {
            return Err(EngineError::invalid(
                None,
                "kind",
                "a body is created with its page",
            ));
        }
        let page = self.require_container(parent)?.page.clone();
        let depth = self.depth(parent) + 1;
        if depth > MAX_DEPTH {
            return Err(EngineError::TooDeep {
                element: id.map_or_else(String::new, |i| i.0.clone()),
                depth,
                limit: MAX_DEPTH,
            });
        }
        let id = self.new_element_id(id)?;
        let mut el = Element {
            id: id.clone(),
            kind,
            page,
            parent: Some(parent.clone()),
            order: String::new(),
            name: name.clone().unwrap_or_default(),
            tag: match (kind, tag) {
                (ElementKind::Text, None) => Some(Tag::Text(Default::default())),
                (_, None) => None,
                (_, Some(tag)) => tag_for(kind, Some(&id), *tag)?,
            },
            content: String::new(),
            runs: Vec::new(),
            props: BTreeMap::new(),
            styles: BTreeMap::new(),
            hidden: false,
            locked: false,
        };
        check_name(Some(id.as_str()), &el.name)?;
        if let Some(content) = content {
            check_content(&el, content)?;
            el.content = content.clone();
        }
        if props.len() > MAX_PROPS {
            return Err(EngineError::invalid(
                Some(id.as_str()),
                "props",
                format!("more than {MAX_PROPS} props"),
            ));
        }
        for (key, value) in props {
            check_prop(kind, id.as_str(), key, Some(value))?;
            self.check_source_prop(kind, &id, key, Some(value))?;
            self.check_anchor_free(&el.page, &id, key, Some(value))?;
        }
        el.props = props.clone();
        if let Some(component) = crate::component::component_of(&el) {
            self.check_instance_parent(&component, parent)?;
        }
        for (slot, set) in styles {
            for (name, value) in set {
                let property: Property = name.parse().map_err(|_| {
                    EngineError::invalid(Some(id.as_str()), name, "unsupported style property")
                })?;
                if let Some(raw) = value {
                    let text = self.style_value(property, raw, &id)?;
                    el.styles.entry(*slot).or_default().insert(property, text);
                }
            }
        }
        let key = self.keys_at(parent, index, 1, &BTreeSet::new())?;
        el.order = key
            .into_iter()
            .next()
            .unwrap_or_else(|| order::FIRST.to_owned());
        self.stage(Op::PutElement(el));
        self.overlay.applied.created.push(id.clone());
        Ok(id)
    }

    fn move_elements(
        &mut self,
        ids: &[ElementId],
        parent: &ElementId,
        index: Option<usize>,
    ) -> Result<(), EngineError> {
        let target = self.require_container(parent)?.clone();
        let mut moving = Vec::new();
        let mut seen = BTreeSet::new();
        for id in ids {
            let el = self.require_movable(id)?;
            if el.page != target.page {
                return Err(EngineError::CrossPage {
                    moving: id.0.clone(),
                    into: parent.0.clone(),
                });
            }
            if seen.insert(id.clone()) {
                moving.push(id.clone());
            }
        }
        // Refuse moving into itself or a descendant: walk up from the target.
        let mut cur = Some(parent.clone());
        let mut steps = 0usize;
        while let Some(c) = cur {
            if seen.contains(&c) {
                return Err(EngineError::WouldCreateCycle {
                    moving: c.0.clone(),
                    into: parent.0.clone(),
                });
            }
            steps += 1;
            if steps > self.state.elements.len() + self.overlay.elements.len() + 1 {
                break;
            }
            cur = self.parent(&c);
        }
        let depth = self.depth(parent) + 1;
        for id in &moving {
            self.check_depth(id, depth)?;
        }
        let keys = self.keys_at(parent, index, moving.len(), &seen)?;
        for (id, order) in moving.into_iter().zip(keys) {
            self.stage(Op::Place {
                id,
                parent: parent.clone(),
                order,
            });
        }
        Ok(())
    }

    fn duplicate(&mut self, ids: &[ElementId]) -> Result<(), EngineError> {
        for id in ids {
            self.require_movable(id)?;
        }
        let selected: BTreeSet<&ElementId> = ids.iter().collect();
        // The names under each parent, with the copies named so far: "Card" → "Card 2" → "Card 3".
        let mut named: HashMap<ElementId, HashSet<String>> = HashMap::new();
        for id in ids {
            // A selected element inside another selected one is copied with it.
            let mut up = self.parent(id);
            let mut nested = false;
            while let Some(p) = up {
                if selected.contains(&p) {
                    nested = true;
                    break;
                }
                up = self.parent(&p);
            }
            if nested {
                continue;
            }
            let Some(parent) = self.parent(id) else {
                continue;
            };
            let position = self
                .children(&parent)
                .iter()
                .position(|c| c == id)
                .map(|i| i + 1);
            let top = self.new_element_id(None)?;
            let order = self
                .keys_at(&parent, position, 1, &BTreeSet::new())?
                .into_iter()
                .next();
            let taken = named.entry(parent.clone()).or_insert_with(|| {
                self.children(&parent)
                    .iter()
                    .filter_map(|c| self.element(c).map(|e| e.name.clone()))
                    .collect()
            });
            let source_name = self.element(id).map(|e| e.name.clone()).unwrap_or_default();
            let name = numbered_copy_name(&source_name, taken);
            taken.insert(name.clone());
            let page = self.require(id)?.page.clone();
            self.copy_subtree(
                id,
                &page,
                CopyTop {
                    id: top.clone(),
                    parent: Some(parent),
                    order,
                    name: Some(name),
                },
            )?;
            self.overlay.applied.created.push(top);
        }
        Ok(())
    }

    /// Copies the element and everything inside it onto `page` with fresh ids; the copy of
    /// `id` takes its place from `top`, the others sit in the copies of their parents.
    /// Returns the new ids, parents first.
    fn copy_subtree(
        &mut self,
        id: &ElementId,
        page: &PageId,
        top: CopyTop,
    ) -> Result<Vec<ElementId>, EngineError> {
        let mut mapping: HashMap<ElementId, ElementId> = HashMap::new();
        let mut copied = Vec::new();
        let mut top = Some(top);
        for original in self.subtree(id) {
            let Some(source) = self.element(&original).cloned() else {
                continue;
            };
            let mut copy = source.clone();
            // An anchor names one place on its page: a copy beside the original has none.
            if &copy.page == page {
                copy.props.remove(ANCHOR_PROP);
            }
            copy.page = page.clone();
            match top.take() {
                Some(top) => {
                    copy.id = top.id;
                    copy.parent = top.parent;
                    copy.order = top.order.unwrap_or(copy.order);
                    copy.name = top.name.unwrap_or(copy.name);
                }
                None => {
                    copy.id = self.new_element_id(None)?;
                    copy.parent = source.parent.as_ref().and_then(|p| {
                        // A child the instance supplies to a slot follows the copied instance.
                        mapping.get(p).cloned().or_else(|| {
                            let origin = self.state.origin(p)?;
                            let instance = mapping.get(&origin.instance)?;
                            Some(component::shown_id(instance, &origin.path))
                        })
                    });
                }
            }
            if let Some(component) = component::component_of(&copy) {
                if let Some(master) = component::master_of(|id| self.element(id), &copy) {
                    self.check_containment(&component, &master)?;
                }
            }
            mapping.insert(original, copy.id.clone());
            copied.push(copy.id.clone());
            self.stage(Op::PutElement(copy));
        }
        Ok(copied)
    }

    fn wrap(
        &mut self,
        ids: &[ElementId],
        kind: ElementKind,
        id: Option<&ElementId>,
    ) -> Result<(), EngineError> {
        if ids.is_empty() {
            return Err(EngineError::invalid(None, "ids", "nothing to wrap"));
        }
        if !kind.holds_children() || kind == ElementKind::Body {
            return Err(EngineError::invalid(
                None,
                "kind",
                format!("a {} cannot hold elements", kind.as_str()),
            ));
        }
        let mut parent = None;
        for id in ids {
            self.require_movable(id)?;
            let p = self.parent(id);
            if parent.is_some() && parent != p {
                return Err(EngineError::invalid(
                    Some(id.as_str()),
                    "ids",
                    "only siblings can be wrapped together",
                ));
            }
            parent = p;
        }
        let Some(parent) = parent else {
            return Err(EngineError::invalid(
                None,
                "ids",
                "the elements are not in the tree",
            ));
        };
        let siblings = self.children(&parent);
        let selected: BTreeSet<ElementId> = ids.iter().cloned().collect();
        let members: Vec<ElementId> = siblings
            .iter()
            .filter(|c| selected.contains(*c))
            .cloned()
            .collect();
        let first_index = siblings
            .iter()
            .position(|c| selected.contains(c))
            .unwrap_or(0);
        let page = self.require(&parent)?.page.clone();
        let depth = self.depth(&parent) + 2;
        for member in &members {
            self.check_depth(member, depth)?;
        }
        let wrapper_id = self.new_element_id(id)?;
        let wrapper_order = self.keys_at(&parent, Some(first_index), 1, &selected)?;
        let wrapper_order = wrapper_order
            .into_iter()
            .next()
            .unwrap_or_else(|| order::FIRST.to_owned());
        self.stage(Op::PutElement(blank_element(
            wrapper_id.clone(),
            kind,
            page,
            Some(parent.clone()),
            wrapper_order,
        )));
        self.overlay.applied.created.push(wrapper_id.clone());
        let keys = order::n_between(None, None, members.len())
            .map_err(|e| EngineError::invalid(None, "order", e.to_string()))?;
        for (member, order) in members.into_iter().zip(keys) {
            self.stage(Op::Place {
                id: member,
                parent: wrapper_id.clone(),
                order,
            });
        }
        Ok(())
    }

    fn ungroup(&mut self, id: &ElementId) -> Result<(), EngineError> {
        let el = self.require_movable(id)?.clone();
        if !el.kind.holds_children() {
            return Err(wrong_kind(&el, "it holds no elements to ungroup"));
        }
        let parent = self
            .parent(id)
            .ok_or_else(|| EngineError::PageRoot { id: id.0.clone() })?;
        let index = self.children(&parent).iter().position(|c| c == id);
        let kids = self.children(id);
        let skip: BTreeSet<ElementId> = [id.clone()].into();
        let keys = self.keys_at(&parent, index, kids.len(), &skip)?;
        for (kid, order) in kids.into_iter().zip(keys) {
            self.stage(Op::Place {
                id: kid,
                parent: parent.clone(),
                order,
            });
        }
        self.stage(Op::DeleteElement(id.clone()));
        Ok(())
    }

    /// Writes a new page from [`Self::new_page`] with an empty body.
    fn create_page(&mut self, page: Page) {
        self.stage(Op::PutPage(page.clone()));
        let mut body = blank_element(
            page.root,
            ElementKind::Body,
            page.id.clone(),
            None,
            order::FIRST.to_owned(),
        );
        body.name = "Body".into();
        self.stage(Op::PutElement(body));
        self.overlay.applied.created_pages.push(page.id);
    }

    /// A new page record, checked and placed at `index`, with a fresh id for its body (which
    /// the caller writes); nothing staged but the orders of pages moved to make room.
    fn new_page(
        &mut self,
        id: Option<&PageId>,
        name: &str,
        slug: Option<&str>,
        title: &Option<String>,
        description: &Option<String>,
        index: Option<usize>,
    ) -> Result<Page, EngineError> {
        check_name(None, name)?;
        let id = self.new_page_id(id)?;
        let slug = match slug {
            Some(s) => self.check_slug(s, None)?,
            None => self.unique_slug(name),
        };
        let title = title.clone().unwrap_or_else(|| name.to_owned());
        check_text("title", &title, 512)?;
        let description = description.clone().unwrap_or_default();
        check_text("description", &description, 2048)?;
        let order = self.page_key(index.unwrap_or(usize::MAX), None)?;
        let root = self.new_element_id(None)?;
        Ok(Page {
            id,
            name: name.to_owned(),
            slug,
            title,
            description,
            order,
            root,
            lang: None,
            dir: None,
            image: None,
        })
    }

    /// Copies a page right after it: a page made like `create_page`'s, its body and every
    /// element below copied like `duplicate_elements` copies them, named and slugged "2", "3", ….
    fn duplicate_page(&mut self, id: &PageId, new_id: Option<&PageId>) -> Result<(), EngineError> {
        let source = self.require_page(id)?.clone();
        let pages = self.pages_in_order();
        let index = pages.iter().position(|p| &p.id == id).map(|i| i + 1);
        let names: HashSet<String> = pages.iter().map(|p| p.name.clone()).collect();
        let name = numbered_copy_name(&source.name, &names);
        let stem = numbered_slug_stem(&source.slug);
        let slug = if stem.is_empty() {
            self.unique_slug(&name)
        } else {
            self.free_slug(stem)
        };
        let mut page = self.new_page(
            new_id,
            &name,
            Some(&slug),
            &Some(source.title.clone()),
            &Some(source.description.clone()),
            index,
        )?;
        page.lang = source.lang.clone();
        page.dir = source.dir;
        page.image = source.image.clone();
        self.stage(Op::PutPage(page.clone()));
        let copied = self.copy_subtree(
            &source.root,
            &page.id,
            CopyTop {
                id: page.root.clone(),
                parent: None,
                order: Some(order::FIRST.to_owned()),
                name: None,
            },
        )?;
        self.overlay
            .applied
            .created
            .extend(copied.into_iter().skip(1));
        self.overlay.applied.created_pages.push(page.id);
        Ok(())
    }

    fn page_key(&mut self, index: usize, moving: Option<&PageId>) -> Result<String, EngineError> {
        let pages: Vec<Page> = self
            .pages_in_order()
            .into_iter()
            .filter(|p| Some(&p.id) != moving)
            .collect();
        let at = index.min(pages.len());
        let lower = at
            .checked_sub(1)
            .and_then(|i| pages.get(i))
            .map(|p| p.order.as_str());
        let upper = pages.get(at).map(|p| p.order.as_str());
        if let Ok(key) = order::between(lower, upper) {
            return Ok(key);
        }
        let keys = order::n_between(None, None, pages.len() + 1)
            .map_err(|e| EngineError::invalid(None, "order", e.to_string()))?;
        for (i, mut page) in pages.into_iter().enumerate() {
            page.order = keys[if i < at { i } else { i + 1 }].clone();
            self.stage(Op::PutPage(page));
        }
        Ok(keys[at].clone())
    }

    fn check_slug(&self, slug: &str, page: Option<&PageId>) -> Result<String, EngineError> {
        let slug = slug.trim_matches('/').to_owned();
        check_slug_form(&slug)?;
        if self
            .pages_in_order()
            .iter()
            .any(|p| p.slug == slug && Some(&p.id) != page)
        {
            return Err(EngineError::invalid(
                None,
                "slug",
                format!("{slug:?} is used by another page"),
            ));
        }
        Ok(slug)
    }

    fn unique_slug(&self, name: &str) -> String {
        let mut base: String = name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        base = base
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        base.truncate(100);
        let pages = self.pages_in_order();
        if pages.is_empty() {
            return String::new();
        }
        if base.is_empty() {
            base = "page".into();
        }
        self.free_slug(&base)
    }

    /// `base` if no page uses it, else the first free of `base-2`, `base-3`, ….
    fn free_slug(&self, base: &str) -> String {
        let pages = self.pages_in_order();
        let taken = |s: &str| pages.iter().any(|p| p.slug == s);
        if !taken(base) {
            return base.to_owned();
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|s| !taken(s))
            .unwrap_or_else(|| base.to_owned())
    }
}

/// A new element with nothing set: no name, tag, content, props or styles.
fn blank_element(
    id: ElementId,
    kind: ElementKind,
    page: PageId,
    parent: Option<ElementId>,
    order: String,
) -> Element {
    Element {
        id,
        kind,
        page,
        parent,
        order,
        name: String::new(),
        tag: None,
        content: String::new(),
        runs: Vec::new(),
        props: BTreeMap::new(),
        styles: BTreeMap::new(),
        hidden: false,
        locked: false,
    }
}

fn wrong_kind(el: &Element, reason: &str) -> EngineError {
    EngineError::WrongKind {
        element: el.id.0.clone(),
        kind: el.kind.as_str().into(),
        reason: reason.into(),
    }
}

/// The tag as an element of `kind` stores it, or why the kind cannot take it.
pub(crate) fn tag_for(
    kind: ElementKind,
    id: Option<&ElementId>,
    tag: Tag,
) -> Result<Option<Tag>, EngineError> {
    let element = id.map(ElementId::as_str);
    if kind != ElementKind::Text && ContainerTag::default_for(kind).is_none() {
        return Err(EngineError::WrongKind {
            element: element.unwrap_or_default().to_owned(),
            kind: kind.as_str().into(),
            reason: "only text, section and container elements have a tag".into(),
        });
    }
    tag.for_kind(kind)
        .map_err(|reason| EngineError::invalid(element, "tag", reason))
}

fn check_lang(lang: &str) -> Result<(), EngineError> {
    if !is_language_tag(lang) {
        return Err(EngineError::invalid(
            None,
            "lang",
            format!("{lang:?} is not a BCP 47 language tag (e.g. en, en-GB, ar, zh-Hant)"),
        ));
    }
    Ok(())
}

/// Checks a snapshot's project settings and pages' overrides: the same checks as commands.
pub fn check_settings(project: &Project, pages: &[Page]) -> Result<(), EngineError> {
    check_lang(&project.lang)?;
    pages
        .iter()
        .filter_map(|p| p.lang.as_deref())
        .try_for_each(check_lang)
}

/// A stored slug's form: `a-z`, `0-9`, `-` and `/`, at most 128, no empty segment, no leading
/// or trailing `/` (the home page's slug is empty).
pub(crate) fn check_slug_form(slug: &str) -> Result<(), EngineError> {
    let ok = slug.len() <= 128
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'/')
        && !slug.contains("//")
        && !slug.starts_with('/')
        && !slug.ends_with('/');
    if !ok {
        return Err(EngineError::invalid(
            None,
            "slug",
            "use a-z, 0-9, - and / (at most 128)",
        ));
    }
    Ok(())
}

/// Checks one page record as a command would have written it: ids, name, slug form, title,
/// description, order key, language. Unique slugs and roots are the document's to check.
pub fn check_page(page: &Page) -> Result<(), EngineError> {
    PageId::parse(page.id.as_str())?;
    ElementId::parse(page.root.as_str())?;
    check_name(None, &page.name)?;
    check_slug_form(&page.slug)?;
    check_text("title", &page.title, 512)?;
    check_text("description", &page.description, 2048)?;
    if !order::is_valid(&page.order) {
        return Err(EngineError::invalid(None, "order", "not an order key"));
    }
    if let Some(lang) = &page.lang {
        check_lang(lang)?;
    }
    if let Some(image) = &page.image {
        source::check_page_image(image)?;
    }
    Ok(())
}

/// Checks a whole document read from a snapshot or a backup, beyond each record: every page's
/// root is a body of that page; every other element's parent exists, is on its page and holds
/// children; no element sits inside itself or deeper than [`MAX_DEPTH`]; no two pages share
/// a slug; every element's page exists.
pub fn check_document(state: &State) -> Result<(), EngineError> {
    let bad = |id: &str, reason: String| EngineError::InvalidSnapshot {
        reason: format!("{id}: {reason}"),
    };
    let mut slugs = std::collections::HashSet::new();
    for page in state.pages.values() {
        check_page(page)?;
        if !slugs.insert(page.slug.as_str()) {
            return Err(bad(
                page.id.as_str(),
                format!("slug {:?} is used twice", page.slug),
            ));
        }
        match state.elements.get(&page.root) {
            Some(root) if root.kind == ElementKind::Body && root.page == page.id => {}
            _ => {
                return Err(bad(
                    page.id.as_str(),
                    "its root is not a body of the page".into(),
                ))
            }
        }
    }
    let mut depths: HashMap<&ElementId, usize> = HashMap::new();
    for el in state.elements.values() {
        check_record(el)?;
        let in_master = component::master_of(|id| state.elements.get(id), el).is_some();
        if !state.pages.contains_key(&el.page) && !in_master {
            return Err(bad(el.id.as_str(), format!("unknown page {}", el.page)));
        }
        let Some(parent) = &el.parent else {
            continue;
        };
        match state.get(parent) {
            Some(p) if p.page == el.page && p.kind.holds_children() => {}
            Some(_) => {
                return Err(bad(
                    el.id.as_str(),
                    format!("parent {parent} cannot hold it"),
                ))
            }
            None => return Err(bad(el.id.as_str(), format!("unknown parent {parent}"))),
        }
    }
    // Depths, each element's chain walked once (memoised), a cycle found on the way.
    for start in state.elements.keys() {
        let mut chain: Vec<&ElementId> = Vec::new();
        let mut on_chain = std::collections::HashSet::new();
        let mut current = start;
        // The depth of the chain's last element: a root (no parent) is 0, the child of an
        // element already measured is one more.
        let mut depth = loop {
            if let Some(d) = depths.get(current) {
                break d + 1;
            }
            if !on_chain.insert(current) {
                return Err(bad(current.as_str(), "sits inside itself".into()));
            }
            chain.push(current);
            match state.elements.get(current).and_then(|e| e.parent.as_ref()) {
                Some(parent) => current = parent,
                None => break 0,
            }
        };
        for id in chain.into_iter().rev() {
            if depth > MAX_DEPTH {
                return Err(EngineError::TooDeep {
                    element: id.0.clone(),
                    depth,
                    limit: MAX_DEPTH,
                });
            }
            depths.insert(id, depth);
            depth += 1;
        }
    }
    Ok(())
}

fn check_name(element: Option<&str>, name: &str) -> Result<(), EngineError> {
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(EngineError::invalid(
            element,
            "name",
            format!("at most {MAX_NAME_CHARS} printable characters"),
        ));
    }
    Ok(())
}

fn check_text(field: &str, text: &str, max: usize) -> Result<(), EngineError> {
    if text.len() > max {
        return Err(EngineError::PayloadTooLarge {
            bytes: text.len(),
            limit: max,
        });
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(EngineError::invalid(None, field, "control characters"));
    }
    Ok(())
}

fn check_content(el: &Element, content: &str) -> Result<(), EngineError> {
    if el.kind.has_source() {
        return Err(wrong_kind(
            el,
            "its source is props.src (an asset, a URL or a site path), not content",
        ));
    }
    if !(el.kind.has_text() || el.kind == ElementKind::Embed) {
        return Err(wrong_kind(el, "it has no text content"));
    }
    if content.len() > MAX_CONTENT_BYTES {
        return Err(EngineError::PayloadTooLarge {
            bytes: content.len(),
            limit: MAX_CONTENT_BYTES,
        });
    }
    Ok(())
}

/// Reads a raw style map for snapshots: the same checks as commands.
pub fn check_styles(id: &ElementId, styles: &crate::element::Styles) -> Result<(), EngineError> {
    for props in styles.values() {
        for (property, text) in props {
            style::normalize(*property, &RawValue::Text(text.clone()), Some(id.as_str()))?;
        }
    }
    Ok(())
}

/// Checks one element record as a command would have written it, whichever way it came in
/// (snapshot, backup, restored version, a peer's update): ids, kind and tag, parent, order
/// key, name, content, props (`props.rs`) and styles. Which asset a source names and where
/// the parent is are checked against the rest of the document elsewhere.
pub fn check_record(el: &Element) -> Result<(), EngineError> {
    check_record_fields(el, true)
}

/// [`check_record`], where `whole` says whether every field must be there. A peer's update
/// delivered out of order can leave an element without its `parent` or `order` for a while
/// (the old value deleted, the new one still held back): the tree shows it at its page's root
/// meanwhile, so a missing field is no reason to refuse the update.
pub fn check_record_fields(el: &Element, whole: bool) -> Result<(), EngineError> {
    ElementId::parse(el.id.as_str())?;
    PageId::parse(el.page.as_str())?;
    let id = Some(el.id.as_str());
    match (&el.parent, el.kind) {
        (Some(_), ElementKind::Body) => {
            return Err(EngineError::invalid(id, "parent", "a body has no parent"))
        }
        (None, kind) if whole && kind != ElementKind::Body && !component::is_master_root(el) => {
            return Err(EngineError::invalid(
                id,
                "parent",
                "only a body has no parent",
            ))
        }
        (Some(parent), _) => {
            ElementId::parse(parent.as_str())?;
        }
        (None, _) => {}
    }
    if !order::is_valid(&el.order) && (whole || !el.order.is_empty()) {
        return Err(EngineError::invalid(
            id,
            "order",
            format!(
                "{:?} is not an order key",
                el.order.chars().take(40).collect::<String>()
            ),
        ));
    }
    check_name(id, &el.name)?;
    if let Some(tag) = el.tag {
        tag_for(el.kind, Some(&el.id), tag)?;
    }
    if !el.content.is_empty() {
        check_content(el, &el.content)?;
    }
    if !el.runs.is_empty() {
        if el.kind != ElementKind::Text {
            return Err(wrong_kind(el, "only a text element's content is formatted"));
        }
        if rich_text::plain(&el.runs) != el.content {
            return Err(EngineError::invalid(
                id,
                "runs",
                "their text is not the content",
            ));
        }
        rich_text::check_runs(id, &el.runs)?;
    }
    if el.props.len() > MAX_PROPS {
        return Err(EngineError::invalid(
            id,
            "props",
            format!("more than {MAX_PROPS} props"),
        ));
    }
    for (key, value) in &el.props {
        if !component::check_component_prop(el, key, value)? {
            check_prop(el.kind, el.id.as_str(), key, Some(value))?;
        }
    }
    check_styles(&el.id, &el.styles)
}

/// Where an element's copy goes: its id, parent, order key (`None` keeps the original's) and
/// name (`None` keeps the original's).
struct CopyTop {
    id: ElementId,
    parent: Option<ElementId>,
    order: Option<String>,
    name: Option<String>,
}

/// The stem a copy's slug is numbered from: the slug without a trailing `-<number>`
/// ("about-2" → "about", so its copy is `about-3` like "About 2" → "About 3"), cut so the
/// numbered slug stays within a stored slug's 128 bytes.
fn numbered_slug_stem(slug: &str) -> &str {
    let stem = match slug.rsplit_once('-') {
        Some((stem, n))
            if !stem.is_empty()
                && !stem.ends_with('/')
                && !n.is_empty()
                && n.len() <= 9
                && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            stem
        }
        _ => slug,
    };
    // Slugs are ASCII (`check_slug_form`), so any byte is a char boundary.
    let stem = stem.get(..stem.len().min(100)).unwrap_or(stem);
    stem.trim_end_matches(['-', '/'])
}

/// The name of a copy of an element named `name` among siblings named `taken`: the name's stem
/// (without a trailing number) and the next number after the highest one the stem has there,
/// "Card" → "Card 2", "Card 2" → "Card 3" (never "Card copy copy"). An unnamed element's copy
/// stays unnamed. At most [`MAX_NAME_CHARS`] characters: the stem is cut, never the number.
fn numbered_copy_name(name: &str, taken: &HashSet<String>) -> String {
    if name.is_empty() {
        return String::new();
    }
    let number_of = |text: &str, stem: &str| -> Option<u64> {
        let digits = text.strip_prefix(stem)?.strip_prefix(' ')?;
        (!digits.is_empty() && digits.len() <= 9 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    };
    let stem = match name.rsplit_once(' ') {
        Some((stem, _)) if !stem.is_empty() && number_of(name, stem).is_some() => stem,
        _ => name,
    };
    let highest = taken
        .iter()
        .chain(std::iter::once(&name.to_owned()))
        .filter_map(|t| {
            if t == stem {
                Some(1)
            } else {
                number_of(t, stem)
            }
        })
        .max()
        .unwrap_or(1);
    let suffix = format!(" {}", highest + 1);
    let room = MAX_NAME_CHARS.saturating_sub(suffix.chars().count());
    let stem: String = stem.chars().take(room).collect();
    format!("{stem}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn el(id: &str, kind: ElementKind, parent: Option<&str>, order: &str) -> Element {
        serde_json::from_value(json!({"id": id, "kind": kind.as_str(), "page": "p",
            "parent": parent, "order": order}))
        .expect("element")
    }

    /// A page `p` whose body `b` holds `a` and `c`, both with the order key `a0` (two peers
    /// inserted at once), and `a` holds `inner`.
    fn state() -> State {
        let mut state = State::default();
        let page: Page = serde_json::from_value(
            json!({"id": "p", "name": "P", "slug": "", "order": "a0", "root": "b"}),
        )
        .expect("page");
        state.set_page(&page.id, Some(page.clone()));
        state.set_elements(vec![
            (
                ElementId("b".into()),
                Some(el("b", ElementKind::Body, None, "a0")),
            ),
            (
                ElementId("a".into()),
                Some(el("a", ElementKind::Container, Some("b"), "a0")),
            ),
            (
                ElementId("c".into()),
                Some(el("c", ElementKind::Container, Some("b"), "a0")),
            ),
            (
                ElementId("inner".into()),
                Some(el("inner", ElementKind::Text, Some("a"), "a0")),
            ),
        ]);
        state
    }

    fn plan(state: &State, commands: Vec<serde_json::Value>) -> Result<Overlay, EngineError> {
        let mut overlay = Overlay::default();
        let mut ids = IdSource::new("t");
        let mut view = View {
            state,
            overlay: &mut overlay,
            ids: &mut ids,
        };
        for command in commands {
            view.plan(&serde_json::from_value(command).expect("command"))?;
        }
        Ok(overlay)
    }

    fn id(s: &str) -> ElementId {
        ElementId(s.into())
    }

    #[test]
    fn inserting_between_siblings_with_equal_keys_rekeys_them_in_the_same_batch() {
        let state = state();
        let overlay = plan(
            &state,
            vec![json!({"type": "create_element", "kind": "text", "parent": "b", "index": 1})],
        )
        .expect("plans");
        let new = &overlay.applied.created[0];
        let mut view_overlay = overlay.clone();
        let mut ids = IdSource::new("t");
        let view = View {
            state: &state,
            overlay: &mut view_overlay,
            ids: &mut ids,
        };
        assert_eq!(view.children(&id("b")), vec![id("a"), new.clone(), id("c")]);
        let keys: Vec<String> = view
            .children(&id("b"))
            .iter()
            .map(|c| view.element(c).expect("staged").order.clone())
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    }

    #[test]
    fn a_later_command_sees_what_an_earlier_one_staged() {
        let state = state();
        // Create a container, then move `c` into it: the move must find the new parent.
        let overlay = plan(
            &state,
            vec![
                json!({"type": "create_element", "kind": "container", "parent": "b", "id": "box"}),
                json!({"type": "move_elements", "ids": ["c"], "parent": "box"}),
            ],
        )
        .expect("plans");
        assert!(overlay
            .ops
            .iter()
            .any(|op| matches!(op, Op::Place { id, parent, .. } if id.as_str() == "c" && parent.as_str() == "box")));
    }

    #[test]
    fn moving_into_a_descendant_staged_in_the_same_batch_is_a_cycle() {
        let state = state();
        let err = plan(
            &state,
            vec![
                json!({"type": "create_element", "kind": "container", "parent": "a", "id": "deep"}),
                json!({"type": "move_elements", "ids": ["a"], "parent": "deep"}),
            ],
        )
        .expect_err("refused");
        assert!(
            matches!(err, EngineError::WouldCreateCycle { .. }),
            "{err:?}"
        );
    }

    #[test]
    fn an_index_past_the_last_position_is_refused() {
        let err = plan(
            &state(),
            vec![json!({"type": "move_elements", "ids": ["inner"], "parent": "c", "index": 1})],
        )
        .expect_err("refused");
        assert!(matches!(err, EngineError::InvalidValue { .. }), "{err:?}");
    }

    #[test]
    fn an_id_deleted_earlier_in_the_batch_can_be_created_again() {
        let overlay = plan(
            &state(),
            vec![
                json!({"type": "delete_elements", "ids": ["c"]}),
                json!({"type": "create_element", "kind": "text", "parent": "b", "id": "c"}),
            ],
        )
        .expect("plans");
        assert_eq!(overlay.applied.created, vec![id("c")]);
    }

    #[test]
    fn collapse_keeps_the_last_write_and_drops_writes_to_elements_deleted_later() {
        let style = |id: &str, v: &str| Op::SetStyle {
            id: ElementId(id.into()),
            slot: Slot::BASE,
            property: Property::Width,
            value: Some(v.into()),
        };
        let name = |id: &str| Op::SetField {
            id: ElementId(id.into()),
            field: Field::Name("n".into()),
        };
        let ops = vec![
            style("a", "1px"),
            style("a", "2px"),
            name("c"),
            Op::DeleteElement(id("c")),
            Op::PutElement(el("c", ElementKind::Text, Some("b"), "a1")),
            name("c"),
        ];
        assert_eq!(
            collapse(ops),
            vec![
                style("a", "2px"),
                Op::DeleteElement(id("c")),
                Op::PutElement(el("c", ElementKind::Text, Some("b"), "a1")),
                name("c"),
            ]
        );
    }
}
