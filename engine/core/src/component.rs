//! Components: a master subtree stored once, and instances that show it with their own prop
//! values and overrides.
//!
//! Everything lives in the `elements` map, so snapshots, restores, backups, undo and peers'
//! updates carry components with no root of their own:
//!
//! | what | stored as |
//! |---|---|
//! | a component | its **master root**: an element whose `page` is its own id and that has no parent; its `name` is the component's name; the component's id is the root's id |
//! | the master's other elements | ordinary elements whose `page` is the master root's id |
//! | a prop declaration | a prop of the master root: `prop:<name>` → `<kind>\|<target>\|<default>` (kinds `text`, `number`, `boolean`, `image`, `link`, `enum`) |
//! | an instance | an element of kind `instance`: `props.component` (the master root's id) and its prop values (`props.<name>`) |
//! | an override | a prop of the instance: `o:<path>\|<field>` → the value |
//!
//! A *path* names a master element from the instance: its id, or through nested instances the
//! ids from the outer master inward joined by `.` (`card.title`: element `title` of the
//! component that the master's element `card` is an instance of). A *field* is `content`,
//! `hidden`, `prop\|<key>` or `style\|<slot>\|<property>`. Every override is its own map
//! entry, so two people overriding two fields of one instance both keep their edit, and an
//! edit of the master and an override of the same instance merge.
//!
//! An instance never stores a copy of the master. The engine's derived view (`state.rs`)
//! expands it with [`expand`] into *shown* elements whose ids are derived from the instance's
//! id and the path ([`shown_id`]), so layout, hit tests, snapping and deltas see the expanded
//! tree. Precedence, lowest first: the master's value, the instance's prop value (through the
//! prop's target), the instance's override; an outer instance's wins over a nested one's.
//!
//! Deltas and queries report a shown element's [`Origin`] (its instance, path and the fields
//! that instance overrides). The editor edits a master on the canvas by laying it out as the
//! page: `Engine::set_layout_page` with the master root's id makes that root the layout's root.
//!
//! Expansion is bounded: [`MAX_SHOWN_PER_INSTANCE`] per instance and
//! [`MAX_SHOWN_IN_DOCUMENT`] over the document, handed out in instance id order (`state.rs`);
//! a cut instance reports `truncated` in its delta.
//!
//! A master that would contain itself (directly or through another master) is refused by
//! commands and by peers' updates; when two concurrent edits make one anyway, the expansion
//! stops at the first repetition, the same on every replica.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::element::{Element, ElementKind, Scalar};
use crate::error::EngineError;
use crate::id::{ElementId, PageId};
use crate::style::{Property, RawValue, Slot};

/// The prop of an instance naming its component.
pub const COMPONENT_PROP: &str = "component";
/// The prefix of an override key on an instance.
pub const OVERRIDE_PREFIX: &str = "o:";
/// The prefix of a prop declaration on a master root.
pub const DECLARATION_PREFIX: &str = "prop:";
/// The prefix of a variant value on a master root: `v:<axis>=<option>|<path>|<field>`.
pub const VARIANT_PREFIX: &str = "v:";
/// The prefix marking a master element as a slot, on the master root: `slot:<element id>`.
pub const SLOT_PREFIX: &str = "slot:";
/// The prefix every shown id starts with; commands may not mint ids with it.
pub const SHOWN_PREFIX: &str = "__";
/// Most shown elements one instance expands to (nested instances included); past it the
/// expansion stops, the same on every replica.
pub const MAX_SHOWN_PER_INSTANCE: usize = 10_000;
/// Most shown elements the whole document expands to, over every stored instance (on pages
/// and in masters). Instances take their share in the order of their ids: each shows up to
/// what is left of this bound (and at most [`MAX_SHOWN_PER_INSTANCE`]); once it is spent the
/// rest show empty. The same on every replica, whatever order the updates came in, so a
/// hostile editor or peer cannot make any replica (a server's room included) expand millions.
pub const MAX_SHOWN_IN_DOCUMENT: usize = 200_000;
/// Deepest nesting of instances inside masters that is expanded.
pub const MAX_NESTING: usize = 16;

/// Whether `el` is a master root (a component).
pub fn is_master_root(el: &Element) -> bool {
    el.page.as_str() == el.id.as_str() && el.parent.is_none() && el.kind != ElementKind::Body
}

/// The component an instance shows, if it names one.
pub fn component_of(el: &Element) -> Option<ElementId> {
    if el.kind != ElementKind::Instance {
        return None;
    }
    match el.props.get(COMPONENT_PROP) {
        Some(Scalar::Text(id)) => ElementId::parse(id).ok(),
        _ => None,
    }
}

/// What an override or a prop's target sets on a shown element.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The text content.
    Content,
    /// Whether it is hidden.
    Hidden,
    /// One prop.
    Prop(String),
    /// One style property in one slot.
    Style(Slot, Property),
}

impl Field {
    /// Reads `content`, `hidden`, `prop|<key>` or `style|<slot>|<property>`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('|');
        let field = match (parts.next()?, parts.next(), parts.next()) {
            ("content", None, None) => Field::Content,
            ("hidden", None, None) => Field::Hidden,
            ("prop", Some(key), None)
                if !key.is_empty() && key != COMPONENT_PROP && !key.contains(':') =>
            {
                Field::Prop(key.to_owned())
            }
            ("style", Some(slot), Some(property)) => {
                Field::Style(slot.parse().ok()?, property.parse().ok()?)
            }
            _ => return None,
        };
        parts.next().is_none().then_some(field)
    }

    /// The text form [`Field::parse`] reads.
    pub fn key(&self) -> String {
        match self {
            Field::Content => "content".into(),
            Field::Hidden => "hidden".into(),
            Field::Prop(key) => format!("prop|{key}"),
            Field::Style(slot, property) => format!("style|{slot}|{}", property.css_name()),
        }
    }

    /// Writes `value` into a shown record.
    fn apply(&self, el: &mut Element, value: &Scalar) {
        match (self, value) {
            // An overridden text is plain: the master's formatting (its runs) does not fit it.
            (Field::Content, Scalar::Text(t)) => {
                el.content = t.clone();
                el.runs.clear();
            }
            (Field::Content, Scalar::Number(n)) => {
                el.content = n.to_string();
                el.runs.clear();
            }
            (Field::Style(slot, property), Scalar::Number(n)) => {
                el.styles
                    .entry(*slot)
                    .or_default()
                    .insert(*property, format!("{n}px"));
            }
            (Field::Hidden, Scalar::Bool(b)) => el.hidden = *b,
            (Field::Prop(key), v) => {
                el.props.insert(key.clone(), v.clone());
            }
            (Field::Style(slot, property), Scalar::Text(t)) => {
                el.styles
                    .entry(*slot)
                    .or_default()
                    .insert(*property, t.clone());
            }
            _ => {}
        }
    }
}

/// Where an override or a prop applies: a path of master element ids and a field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    /// Master element ids from the instance's master inward.
    pub path: Vec<ElementId>,
    /// The field.
    pub field: Field,
}

impl Target {
    /// Reads `<path>|<field>`.
    pub fn parse(text: &str) -> Option<Self> {
        let (path, field) = text.split_once('|')?;
        let path = path
            .split('.')
            .map(|p| ElementId::parse(p).ok())
            .collect::<Option<Vec<_>>>()?;
        (!path.is_empty() && path.len() <= MAX_NESTING).then_some(())?;
        Some(Self {
            path,
            field: Field::parse(field)?,
        })
    }

    /// The text form [`Target::parse`] reads.
    pub fn key(&self) -> String {
        format!("{}|{}", join(&self.path), self.field.key())
    }

    /// The instance prop holding an override of this target.
    pub fn override_key(&self) -> String {
        format!("{OVERRIDE_PREFIX}{}", self.key())
    }
}

fn join(path: &[ElementId]) -> String {
    path.iter()
        .map(ElementId::as_str)
        .collect::<Vec<_>>()
        .join(".")
}

/// What a component prop holds.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PropKind {
    /// Text.
    Text,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// An image source (`source.rs`).
    Image,
    /// A link (`source::check_link`).
    Link,
    /// One of the declaration's options.
    Enum,
}

impl PropKind {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "text" => Self::Text,
            "number" => Self::Number,
            "boolean" => Self::Boolean,
            "image" => Self::Image,
            "link" => Self::Link,
            "enum" => Self::Enum,
            _ => return None,
        })
    }
}

/// A prop declared on a master: what it holds, where it applies, its default.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    /// What it holds.
    pub kind: PropKind,
    /// The master element and field it sets.
    pub target: Target,
    /// Its value where an instance gives none.
    pub default: Option<Scalar>,
}

/// Reads a declaration stored as `<kind>|<target>|<default>`; a number or boolean default
/// is written as its text.
pub fn parse_declaration(text: &str) -> Option<Declaration> {
    let (kind, rest) = text.split_once('|')?;
    let kind = PropKind::parse(kind)?;
    let (target, default) = rest.rsplit_once('|')?;
    let target = Target::parse(target)?;
    let default = match (kind, default) {
        (_, "") => None,
        (PropKind::Number, d) => Some(Scalar::Number(
            d.parse().ok().filter(|n: &f64| n.is_finite())?,
        )),
        (PropKind::Boolean, d) => Some(Scalar::Bool(d.parse().ok()?)),
        (_, d) => Some(Scalar::Text(d.to_owned())),
    };
    Some(Declaration {
        kind,
        target,
        default,
    })
}

/// The form a declaration is stored in.
pub fn declaration_text(d: &Declaration) -> String {
    let default = match &d.default {
        None => String::new(),
        Some(Scalar::Text(t)) => t.clone(),
        Some(Scalar::Number(n)) => n.to_string(),
        Some(Scalar::Bool(b)) => b.to_string(),
    };
    let kind = match d.kind {
        PropKind::Text => "text",
        PropKind::Number => "number",
        PropKind::Boolean => "boolean",
        PropKind::Image => "image",
        PropKind::Link => "link",
        PropKind::Enum => "enum",
    };
    format!("{kind}|{}|{default}", d.target.key())
}

/// Checks an override's value for its field, as a command would write it, and returns the
/// value to store.
pub fn check_override_value(
    element: &str,
    field: &Field,
    value: &Scalar,
) -> Result<Scalar, EngineError> {
    let bad = |reason: &str| EngineError::invalid(Some(element), &field.key(), reason.to_owned());
    match (field, value) {
        (Field::Content, Scalar::Text(t)) => {
            if t.len() > crate::plan::MAX_CONTENT_BYTES {
                return Err(bad("content is too long"));
            }
            Ok(value.clone())
        }
        (Field::Hidden, Scalar::Bool(_)) => Ok(value.clone()),
        (Field::Prop(_), _) => Ok(value.clone()),
        (Field::Style(_, property), Scalar::Text(t)) => {
            let stored = crate::style::normalize(*property, &RawValue::Text(t.clone()), None)?;
            if crate::token::referenced(&stored).is_some() {
                crate::token::check_reference(*property, &stored, Some(element))?;
            }
            Ok(Scalar::Text(stored))
        }
        _ => Err(bad("this field takes another type of value")),
    }
}

/// Checks the component keys of a stored record (a peer's, a snapshot's, a command's):
/// overrides on an instance, declarations on a master root. Returns whether `key` is one of
/// them (and so is not an ordinary prop).
pub fn check_component_prop(el: &Element, key: &str, value: &Scalar) -> Result<bool, EngineError> {
    let id = Some(el.id.as_str());
    let Some((prefix, rest)) = [
        OVERRIDE_PREFIX,
        VARIANT_PREFIX,
        SLOT_PREFIX,
        DECLARATION_PREFIX,
    ]
    .into_iter()
    .find_map(|p| Some((p, key.strip_prefix(p)?))) else {
        return Ok(false);
    };
    let (holder, holds) = if prefix == OVERRIDE_PREFIX {
        (el.kind == ElementKind::Instance, "an instance")
    } else {
        (is_master_root(el), "a component's master root")
    };
    if !holder {
        return Err(EngineError::invalid(
            id,
            key,
            format!("only {holds} holds this key"),
        ));
    }
    let bad = |what: &str| EngineError::invalid(id, key, format!("not {what}"));
    // Overrides and variant values are checked like the field they set, and stored checked.
    let field = match prefix {
        OVERRIDE_PREFIX => Some(
            Target::parse(rest)
                .ok_or_else(|| bad("an override key"))?
                .field,
        ),
        VARIANT_PREFIX => Some(
            parse_variant_key(rest)
                .ok_or_else(|| bad("a variant value key"))?
                .1
                .field,
        ),
        SLOT_PREFIX => {
            ElementId::parse(rest)?;
            (value == &Scalar::Bool(true))
                .then_some(())
                .ok_or_else(|| bad("a slot mark (true)"))?;
            None
        }
        _ => {
            check_prop_name(rest)?;
            let ok = matches!(value, Scalar::Text(t) if parse_declaration(t).is_some());
            ok.then_some(()).ok_or_else(|| bad("a prop declaration"))?;
            None
        }
    };
    if let Some(field) = field {
        if &check_override_value(el.id.as_str(), &field, value)? != value {
            return Err(bad("stored in its checked form"));
        }
    }
    Ok(true)
}

/// Checks a component prop's name: a letter, then letters, digits or `_` (at most 64).
pub fn check_prop_name(name: &str) -> Result<(), EngineError> {
    let ok = name.len() <= 64
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name != COMPONENT_PROP;
    if ok {
        Ok(())
    } else {
        Err(EngineError::invalid(
            None,
            "prop",
            format!("{name:?} is not a prop name (a letter, then letters, digits or _)"),
        ))
    }
}

/// The id a master element shows under in an instance: derived from the instance's id and
/// the element's path, always a valid element id, the same on every replica.
pub fn shown_id(instance: &ElementId, path: &[ElementId]) -> ElementId {
    let mut text = String::with_capacity(64);
    text.push_str(instance.as_str());
    for p in path {
        text.push('/');
        text.push_str(p.as_str());
    }
    // Two FNV-1a 64 hashes with different offsets: 128 bits, 32 hex digits.
    let hash = |offset: u64| {
        text.bytes().fold(offset, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    ElementId(format!(
        "{SHOWN_PREFIX}{:016x}{:016x}",
        hash(0xcbf2_9ce4_8422_2325),
        hash(0x6c62_272e_07bb_0142)
    ))
}

/// Where a shown element comes from: the stored instance that shows it, its path, and the
/// fields that instance overrides on it. Deltas and queries report it as `origin` (absent for
/// stored elements), so the editor can name the master element behind a shown one and mark
/// what `reset_override` would undo.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// The stored instance.
    pub instance: ElementId,
    /// Master element ids from the instance's master inward.
    pub path: Vec<ElementId>,
    /// The fields the stored instance overrides on this element ([`Field::key`]: `content`,
    /// `hidden`, `prop|<key>`, `style|<slot>|<property>`), sorted. Only the instance's own
    /// overrides count: values a nested instance or a prop sets are the master's.
    pub overridden: Vec<String>,
}

/// The fields an instance overrides, by the path of the master element they apply to, each
/// list sorted: what [`Origin::overridden`] reports.
pub fn overridden_by_path(instance: &Element) -> HashMap<Vec<ElementId>, Vec<String>> {
    let mut out: HashMap<Vec<ElementId>, Vec<String>> = HashMap::new();
    for target in overrides_of(instance).into_keys() {
        out.entry(target.path).or_default().push(target.field.key());
    }
    for fields in out.values_mut() {
        fields.sort();
    }
    out
}

/// One stored instance's expansion: its shown records (parents first), where each comes
/// from, and every component it read.
#[derive(Debug, Default, Clone)]
pub struct Expansion {
    /// The shown records.
    pub records: Vec<Element>,
    /// The path of each record, in the same order.
    pub paths: Vec<Vec<ElementId>>,
    /// The components read (to expand again when one changes).
    pub components: BTreeSet<ElementId>,
    /// Whether the expansion stopped at its limit with more to show.
    pub cut: bool,
}

/// What the expansion reads: stored records and the stored children of master elements.
pub trait Masters {
    /// A stored element.
    fn stored(&self, id: &ElementId) -> Option<&Element>;
    /// Stored children of a master element, in order.
    fn stored_children(&self, id: &ElementId) -> Vec<ElementId>;
}

/// Values one instance level sets, keyed by the path relative to that level's master.
type Layer = HashMap<String, Vec<(Field, Scalar)>>;

/// The values an instance sets on its master's elements, lowest precedence first: the
/// defaults of props it gives no value, the variants it chose, its prop values (all through
/// their targets), then its overrides.
fn layer_of(instance: &Element, master: &Element) -> Layer {
    let mut layer: Layer = HashMap::new();
    let mut push = |target: &Target, value: &Scalar| {
        layer
            .entry(join(&target.path))
            .or_default()
            .push((target.field.clone(), value.clone()));
    };
    let declarations: Vec<(&str, Declaration)> = master
        .props
        .iter()
        .filter_map(|(key, decl)| {
            let name = key.strip_prefix(DECLARATION_PREFIX)?;
            let Scalar::Text(text) = decl else {
                return None;
            };
            Some((name, parse_declaration(text)?))
        })
        .collect();
    for (name, decl) in &declarations {
        if let (None, Some(default)) = (instance.props.get(*name), &decl.default) {
            push(&decl.target, default);
        }
    }
    for (key, value) in &master.props {
        let Some((variant, target)) = key.strip_prefix(VARIANT_PREFIX).and_then(parse_variant_key)
        else {
            continue;
        };
        let chosen = matches!(instance.props.get(&variant.axis), Some(Scalar::Text(o)) if *o == variant.option);
        if chosen {
            push(&target, value);
        }
    }
    for (name, decl) in &declarations {
        if let Some(value) = instance.props.get(*name) {
            push(&decl.target, value);
        }
    }
    for (key, value) in &instance.props {
        if let Some(target) = key.strip_prefix(OVERRIDE_PREFIX).and_then(Target::parse) {
            push(&target, value);
        }
    }
    layer
}

/// One option of a variant axis (`size=lg`): an instance chooses it with its prop `size`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Variant {
    /// The axis, a prop name (`size`).
    pub axis: String,
    /// The option (`lg`): a letter or digit, then letters, digits, `_` or `-` (at most 64).
    pub option: String,
}

impl Variant {
    /// Checks the axis and option names.
    pub fn check(&self) -> Result<(), EngineError> {
        check_prop_name(&self.axis)?;
        let ok = self.option.len() <= 64
            && self
                .option
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric())
            && self
                .option
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(())
        } else {
            Err(EngineError::invalid(
                None,
                "option",
                format!("{:?} is not a variant option", self.option),
            ))
        }
    }

    /// The master root prop holding this variant's value for `target`.
    pub fn key(&self, target: &Target) -> String {
        format!(
            "{VARIANT_PREFIX}{}={}|{}",
            self.axis,
            self.option,
            target.key()
        )
    }
}

/// Reads a variant value's key without its prefix: `<axis>=<option>|<path>|<field>`.
fn parse_variant_key(text: &str) -> Option<(Variant, Target)> {
    let (variant, target) = text.split_once('|')?;
    let (axis, option) = variant.split_once('=')?;
    let variant = Variant {
        axis: axis.to_owned(),
        option: option.to_owned(),
    };
    variant.check().ok()?;
    Some((variant, Target::parse(target)?))
}

/// The variant values a master root stores, with their variant and target.
pub fn variant_values(master: &Element) -> Vec<(Variant, Target, Scalar)> {
    master
        .props
        .iter()
        .filter_map(|(k, v)| {
            let (variant, target) = parse_variant_key(k.strip_prefix(VARIANT_PREFIX)?)?;
            Some((variant, target, v.clone()))
        })
        .collect()
}

/// Whether the master element is a slot of the component whose master root is `master`.
pub fn is_slot(master: &Element, element: &ElementId) -> bool {
    matches!(
        master.props.get(&format!("{SLOT_PREFIX}{element}")),
        Some(Scalar::Bool(true))
    )
}

/// Expands one stored instance (docs/architecture.md, "Components"). `instance` is the
/// stored record; the shown records sit on its page, the master root's copy under it.
pub fn expand(masters: &impl Masters, instance: &Element) -> Expansion {
    expand_within(masters, instance, MAX_SHOWN_PER_INSTANCE)
}

/// [`expand`], stopping after `limit` shown records (at most [`MAX_SHOWN_PER_INSTANCE`]).
/// Records come parents first in a fixed order, so a lower limit shows a prefix of what a
/// higher one shows: the document's bound ([`MAX_SHOWN_IN_DOCUMENT`]) cuts the same way.
pub fn expand_within(masters: &impl Masters, instance: &Element, limit: usize) -> Expansion {
    let mut out = Expansion::default();
    let mut walk = Walk {
        stack: Vec::new(),
        layers: Vec::new(),
        limit: limit.min(MAX_SHOWN_PER_INSTANCE),
    };
    expand_level(masters, instance, instance, &[], &mut walk, &mut out);
    out
}

/// What one expansion carries down its nested levels.
struct Walk {
    /// The components being expanded, outer first (a repetition is a loop).
    stack: Vec<ElementId>,
    /// The values each instance level sets, with the path depth it starts at.
    layers: Vec<(usize, Layer)>,
    /// Most records to build.
    limit: usize,
}

fn expand_level(
    masters: &impl Masters,
    top: &Element,
    level: &Element,
    prefix: &[ElementId],
    walk: &mut Walk,
    out: &mut Expansion,
) {
    let Some(component) = component_of(level) else {
        return;
    };
    out.components.insert(component.clone());
    if walk.stack.contains(&component) || walk.stack.len() >= MAX_NESTING {
        return; // a master inside itself (a merge made it): shown empty here
    }
    let Some(root) = masters.stored(&component).filter(|r| is_master_root(r)) else {
        return;
    };
    walk.stack.push(component.clone());
    walk.layers.push((prefix.len(), layer_of(level, root)));
    let parent_id = if prefix.is_empty() {
        top.id.clone()
    } else {
        shown_id(&top.id, prefix)
    };
    // (master element, shown parent, the path of the master it belongs to).
    let mut queue: Vec<(ElementId, ElementId, Vec<ElementId>)> =
        vec![(component.clone(), parent_id, prefix.to_vec())];
    while let Some((master_id, parent, base)) = queue.pop() {
        if out.records.len() >= walk.limit {
            out.cut = true;
            break;
        }
        let Some(master) = masters.stored(&master_id) else {
            continue;
        };
        let mut path = base.clone();
        path.push(master_id.clone());
        let id = shown_id(&top.id, &path);
        let shown = build(
            top,
            level,
            &component,
            master,
            &path,
            (id.clone(), parent),
            &walk.layers,
        );
        // A nested instance is the next level (read while `out` grows): only it is copied.
        let nested = (shown.kind == ElementKind::Instance).then(|| shown.clone());
        out.records.push(shown);
        out.paths.push(path.clone());
        if let Some(nested) = nested {
            expand_level(masters, top, &nested, &path, walk, out);
        } else if base.len() == prefix.len() && is_slot(root, &master_id) {
            // A slot shows the children its instance supplies, not the master's placeholders.
            // At the top they are stored elements parented to this shown element (the tree
            // puts them there); for a nested instance they are elements of the master around
            // it, parented to the slot as that master shows it, and are copied from there.
            if let Some((nested_instance, outer)) = prefix.split_last() {
                let slot = shown_id(nested_instance, std::slice::from_ref(&master_id));
                let children = masters.stored_children(&slot);
                queue.extend(
                    children
                        .into_iter()
                        .rev()
                        .map(|c| (c, id.clone(), outer.to_vec())),
                );
            }
        } else {
            let children = masters.stored_children(&master_id);
            queue.extend(
                children
                    .into_iter()
                    .rev()
                    .map(|c| (c, id.clone(), base.clone())),
            );
        }
    }
    walk.layers.pop();
    walk.stack.pop();
}

/// One shown record as [`expand`] builds it: `master` at `path`, under `parent`, with the
/// values of every instance level applied (an outer level's win).
fn build(
    top: &Element,
    level: &Element,
    component: &ElementId,
    master: &Element,
    path: &[ElementId],
    (id, parent): (ElementId, ElementId),
    layers: &[(usize, Layer)],
) -> Element {
    let mut shown = master.clone();
    shown.id = id;
    shown.page = top.page.clone();
    shown.parent = Some(parent);
    if &master.id == component {
        shown.order = String::from("V");
        if !level.name.is_empty() {
            shown.name = level.name.clone();
        }
        shown.props.retain(|k, _| {
            ![DECLARATION_PREFIX, VARIANT_PREFIX, SLOT_PREFIX]
                .iter()
                .any(|p| k.starts_with(p))
        });
    }
    for (depth, layer) in layers.iter().rev() {
        if let Some(values) = path.get(*depth..).and_then(|rel| layer.get(&join(rel))) {
            for (field, value) in values {
                field.apply(&mut shown, value);
            }
        }
    }
    shown
}

/// The shown record `id` (at `path`) again, for a master element whose fields changed but
/// not its place, kind or the instance levels above it: the record [`expand`] would give,
/// without expanding the rest. `current` reads the shown records as they are (the nested
/// instances on the path and the record itself, for its parent).
pub fn rebuild<'a>(
    masters: &impl Masters,
    top: &Element,
    (id, path): (&ElementId, &[ElementId]),
    current: impl Fn(&ElementId) -> Option<&'a Element>,
) -> Option<Element> {
    debug_assert_eq!(id, &shown_id(&top.id, path));
    let parent = current(id)?.parent.clone()?;
    let mut layers: Vec<(usize, Layer)> = Vec::new();
    let mut level = top;
    let mut component = component_of(top)?;
    for depth in 0..path.len() {
        if depth > 0 {
            level = current(&shown_id(&top.id, &path[..depth]))?;
            component = component_of(level)?;
        }
        let root = masters.stored(&component).filter(|r| is_master_root(r))?;
        layers.push((depth, layer_of(level, root)));
    }
    let master = masters.stored(path.last()?)?;
    Some(build(
        top,
        level,
        &component,
        master,
        path,
        (id.clone(), parent),
        &layers,
    ))
}

/// Whether the master `from` contains an instance of `target`, directly or through other
/// masters. `instances_in` lists the components the instances inside a master name.
pub fn contains(
    instances_in: &impl Fn(&ElementId) -> Vec<ElementId>,
    from: &ElementId,
    target: &ElementId,
) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.clone()];
    while let Some(next) = stack.pop() {
        if &next == target {
            return true;
        }
        if seen.insert(next.clone()) {
            stack.extend(instances_in(&next));
        }
    }
    false
}

/// The master a stored element belongs to (`None` on a page).
pub fn master_of<'a>(
    stored: impl Fn(&ElementId) -> Option<&'a Element>,
    el: &Element,
) -> Option<ElementId> {
    let root = ElementId(el.page.0.clone());
    stored(&root).filter(|r| is_master_root(r)).map(|_| root)
}

/// The page id master elements carry: their master root's id.
pub fn master_page(root: &ElementId) -> PageId {
    PageId(root.0.clone())
}

/// Overrides as an instance stores them, by target.
pub fn overrides_of(el: &Element) -> BTreeMap<Target, Scalar> {
    el.props
        .iter()
        .filter_map(|(k, v)| {
            let target = Target::parse(k.strip_prefix(OVERRIDE_PREFIX)?)?;
            Some((target, v.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_back_what_they_write() {
        for text in [
            "a|content",
            "a.b|hidden",
            "a|prop|href",
            "a|style|base:hover|color",
        ] {
            assert_eq!(Target::parse(text).map(|t| t.key()).as_deref(), Some(text));
        }
        for bad in [
            "",
            "a",
            "a|",
            "|content",
            "a|style|base",
            "a b|content",
            "a|prop|component",
        ] {
            assert!(Target::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn shown_ids_are_valid_and_distinct() {
        let a = shown_id(&"i1".into(), &["m1".into()]);
        let b = shown_id(&"i1".into(), &["m2".into()]);
        let c = shown_id(&"i1".into(), &["m1".into(), "m2".into()]);
        assert!(ElementId::parse(a.as_str()).is_ok());
        assert!(a != b && b != c && a != c);
        assert_eq!(a, shown_id(&"i1".into(), &["m1".into()]));
    }

    #[test]
    fn declarations_read_back() {
        let d = parse_declaration("number|m1|style|base|width|12").expect("a declaration");
        assert_eq!(d.kind, PropKind::Number);
        assert_eq!(d.default, Some(Scalar::Number(12.0)));
        assert_eq!(declaration_text(&d), "number|m1|style|base|width|12");
        assert!(parse_declaration("colour|m1|content|").is_none());
    }
}
