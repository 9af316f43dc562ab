//! Masters as React components, for the Next.js target: what each `components/<Name>.tsx`
//! declares and binds, and which instances can be written as `<Name … />`.
//!
//! A component's body is its master as an instance with no values shows it (the *default
//! tree*: the engine's own expansion of a made-up instance, so prop defaults, slots and nested
//! instances are exactly the canvas's), with these bound to its props:
//!
//! | declared on the master | in the component |
//! |---|---|
//! | a `text`, `number` or `enum` prop whose target is `content` of a text, button or link | the element's text is the prop |
//! | a `link` (or `text`) prop whose target is `prop\|href` of a link | `<Link href={…}>` |
//! | an `image` (or `text`) prop whose target is `prop\|src` of an image | the image's `src` |
//! | a `boolean` prop whose target is `hidden` | the element shows when the prop is false |
//! | a variant axis whose values set styles or `content` | a union-typed prop; each option's styles are a class (`o-<id>--<axis>-<option>`) added when it is chosen, its texts chosen in the element's text |
//! | a slot | `children` (one slot) or a `ReactNode` prop named after the slot |
//! | a nested instance | `<Inner … />`, when the nested instance is one a component can show (below) |
//!
//! Targets must be elements of the master itself (not inside a nested instance). A prop or an
//! axis that binds to anything else is left out of the component.
//!
//! **Which instances are written as components.** An instance is the component with the props
//! it can be given only when the engine, expanding the instance with nothing but those prop
//! values and variant choices, shows exactly what it shows with everything (its overrides, and
//! the values of props the component leaves out). Otherwise (an override, say) the instance is
//! written inline, as the canvas shows it, like the static export: its elements then keep their
//! own classes and rules. Per instance, at writing time, a value must also be one the component
//! shows as the canvas does (`next.rs`): a text without line breaks, a number JavaScript prints
//! as Rust does, a link the export keeps, an image of the same size, alt text and optimisation
//! as the default one.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use omnios_engine::component::{
    self, expand, parse_declaration, shown_id, variant_values, Expansion, Field, PropKind,
    DECLARATION_PREFIX,
};
use omnios_engine::style::{Property, Slot};
use omnios_engine::{Element, ElementId, ElementKind, Scalar, Snapshot, State};

use crate::site::{class_of, Extra};

/// Names a component may not take: what the generated files import or declare.
const RESERVED_NAMES: &[&str] = &[
    "Image",
    "Link",
    "Page",
    "RootLayout",
    "Metadata",
    "ReactNode",
    "React",
    "Fragment",
];

/// Identifiers a prop's local variable may not be (JavaScript's reserved words and globals
/// the code uses); such a prop is destructured under another name.
const RESERVED_WORDS: &[&str] = &[
    "arguments",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "eval",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "Boolean",
    "String",
    "Number",
];

/// Prop names React keeps for itself: a declaration with one of them is left out.
const REACT_PROPS: &[&str] = &["key", "ref", "children"];

/// What a bound prop sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bound {
    /// The element's text.
    Content,
    /// A link's `href`.
    Href,
    /// An image's `src`.
    Src,
    /// Whether the element is hidden.
    Hidden,
}

/// A declared prop the component binds.
#[derive(Debug, Clone)]
pub struct PropBinding {
    /// The declared name (the JSX attribute and the interface field).
    pub name: String,
    /// The variable the component destructures it into.
    pub local: String,
    /// What it holds.
    pub kind: PropKind,
    /// What it sets.
    pub bound: Bound,
    /// The element of the default tree it sets.
    pub element: ElementId,
    /// The master element it sets.
    pub master_element: ElementId,
    /// The default of a `boolean` prop bound to `hidden` (the master's hidden flag when the
    /// declaration has none). Other defaults are read from the default tree (`next.rs`).
    pub hidden_default: bool,
    /// An `enum` prop's options: its default and every value an instance gives, sorted.
    pub options: Vec<String>,
}

/// A variant axis the component binds.
#[derive(Debug, Clone)]
pub struct Axis {
    /// The axis (a prop name).
    pub name: String,
    /// Its variable.
    pub local: String,
    /// Its options, sorted.
    pub options: Vec<String>,
}

/// A slot: a master element whose children each instance supplies.
#[derive(Debug, Clone)]
pub struct SlotBinding {
    /// The prop: `children` for a component's only slot.
    pub name: String,
    /// Its variable.
    pub local: String,
    /// The slot's element in the master.
    pub master_element: ElementId,
    /// The slot's element in the default tree.
    pub element: ElementId,
}

/// One variant option's part of an element of the default tree.
#[derive(Debug, Clone)]
pub struct VariantPart {
    /// The axis's variable.
    pub local: String,
    /// The option.
    pub option: String,
    /// The class its styles are under, when it sets styles.
    pub class: Option<String>,
    /// The text it sets, when it sets `content`.
    pub content: Option<String>,
}

/// A master as a React component.
#[derive(Debug, Clone)]
pub struct Component {
    /// The master root's id.
    pub master: ElementId,
    /// Its name: PascalCase, unique, a safe identifier (`components/<name>.tsx`).
    pub name: String,
    /// The component's name in the project, for its doc comment.
    pub title: String,
    /// The default tree's root (the master root's copy).
    pub root: ElementId,
    /// Bound props, by name.
    pub props: Vec<PropBinding>,
    /// Bound variant axes, by name.
    pub axes: Vec<Axis>,
    /// Slots, in master order.
    pub slots: Vec<SlotBinding>,
    /// The variant parts of each element of the default tree, in key order.
    pub variants: BTreeMap<ElementId, Vec<VariantPart>>,
    /// Variant classes and their styles (records whose only use is their `styles`).
    pub variant_rules: Vec<(String, Element)>,
    /// Nested instances of the default tree that are written as components.
    pub nested: HashMap<ElementId, Use>,
}

impl Component {
    /// The bound prop setting `bound` on the default tree's element `id`, if any.
    pub fn binding(&self, id: &ElementId, bound: Bound) -> Option<&PropBinding> {
        self.props
            .iter()
            .find(|p| &p.element == id && p.bound == bound)
    }

    /// The slot whose element in the default tree is `id`, if any.
    pub fn slot(&self, id: &ElementId) -> Option<&SlotBinding> {
        self.slots.iter().find(|s| &s.element == id)
    }
}

/// An instance that may be written as `<Name … />`: the values it gives the component.
#[derive(Debug, Clone)]
pub struct Use {
    /// The component's master.
    pub master: ElementId,
    /// Values of bound props it gives, by name.
    pub values: BTreeMap<String, Scalar>,
    /// Options it chooses, by axis.
    pub choices: BTreeMap<String, String>,
    /// The shown elements of the instance are `shown_id(top, prefix + path)`.
    pub top: ElementId,
    /// See `top`.
    pub prefix: Vec<ElementId>,
}

impl Use {
    /// The id the instance shows the master element `element` under.
    pub fn shown(&self, element: &ElementId) -> ElementId {
        let mut path = self.prefix.clone();
        path.push(element.clone());
        shown_id(&self.top, &path)
    }
}

/// Every component and the instances that may be written as components.
#[derive(Debug, Default)]
pub struct Plan {
    /// Components by master id.
    pub components: BTreeMap<ElementId, Component>,
    /// Page instances (by id) that may be written as components.
    pub uses: HashMap<ElementId, Use>,
    /// The default trees' records, to read with the pages.
    pub records: Vec<Element>,
    /// The default trees' roots and classes, for [`crate::site::Site::read`].
    pub extra: Extra,
}

/// What a master's declarations, variants and slots are, read once.
struct Master<'a> {
    root: &'a Element,
    /// Bindable declarations: name → (kind, target master element, bound, default).
    declarations: BTreeMap<String, (PropKind, ElementId, Bound, Option<Scalar>)>,
    /// Bindable axes: axis → options.
    axes: BTreeMap<String, BTreeSet<String>>,
}

/// The component names for the masters, in (name, id) order: PascalCase words of the name's
/// letters and digits, a leading digit or an empty name prefixed `Component`, a name the
/// files already use or one already taken (case-insensitively, with its `Props`) suffixed
/// with a number.
pub fn component_names<'a>(
    masters: impl IntoIterator<Item = (&'a ElementId, &'a str)>,
) -> BTreeMap<ElementId, String> {
    let mut sorted: Vec<(&str, &ElementId)> = masters.into_iter().map(|(i, n)| (n, i)).collect();
    sorted.sort();
    let mut taken: HashSet<String> = RESERVED_NAMES.iter().map(|n| n.to_lowercase()).collect();
    let mut out = BTreeMap::new();
    for (name, id) in sorted {
        let mut base: String = name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut chars = w.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase());
                first.into_iter().chain(chars).collect::<String>()
            })
            .collect();
        base.truncate(64);
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base = format!("Component{base}");
        }
        let mut candidate = base.clone();
        let mut n = 2;
        let free = |c: &str, taken: &HashSet<String>| {
            let lower = c.to_lowercase();
            !taken.contains(&lower) && !taken.contains(&format!("{lower}props"))
        };
        while !free(&candidate, &taken) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        taken.insert(candidate.to_lowercase());
        taken.insert(format!("{}props", candidate.to_lowercase()));
        out.insert(id.clone(), candidate);
    }
    out
}

/// One variant option's values on one master element: (element, axis, option).
type VariantKey = (ElementId, String, String);
/// Style values by breakpoint slot.
type SlotStyles = BTreeMap<Slot, BTreeMap<Property, String>>;

/// A prop's variable: the name, unless it is a reserved word, a component's name or taken.
fn local_name(name: &str, taken: &mut HashSet<String>) -> String {
    let mut local = name.to_owned();
    // A capitalised variable could be read as a component (`Image`, `Link`, a master's name).
    if local.starts_with(|c: char| c.is_ascii_uppercase()) {
        local.push_str("Prop");
    }
    while RESERVED_WORDS.contains(&local.as_str()) || taken.contains(&local) {
        local.push_str("Prop");
    }
    taken.insert(local.clone());
    local
}

/// Whether two expansions show the same: the same master elements, with the same fields,
/// ids aside.
fn same_tree(a: &[(&[ElementId], &Element)], b: &[(&[ElementId], &Element)]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|((pa, ea), (pb, eb))| {
            pa == pb
                && ea.kind == eb.kind
                && ea.tag == eb.tag
                && ea.content == eb.content
                && ea.runs == eb.runs
                && ea.props == eb.props
                && ea.styles == eb.styles
                && ea.hidden == eb.hidden
                && ea.order == eb.order
        })
}

fn pairs(x: &Expansion) -> Vec<(&[ElementId], &Element)> {
    x.paths.iter().map(Vec::as_slice).zip(&x.records).collect()
}

/// Reads what a master's declarations and variants bind to, against its default tree
/// (`tree`: shown element id → record, `at`: master element → default tree id).
fn read_master<'a>(
    root: &'a Element,
    state: &State,
    tree: &HashMap<ElementId, &Element>,
    at: &dyn Fn(&ElementId) -> ElementId,
) -> Master<'a> {
    let mut declarations = BTreeMap::new();
    let mut fields: BTreeMap<(ElementId, Bound), usize> = BTreeMap::new();
    for (key, value) in &root.props {
        let Some(name) = key.strip_prefix(DECLARATION_PREFIX) else {
            continue;
        };
        let Scalar::Text(text) = value else { continue };
        let Some(decl) = parse_declaration(text) else {
            continue;
        };
        // The name becomes code: only a name the engine accepts (a letter, then letters,
        // digits or `_`), even from a snapshot the engine did not write.
        if component::check_prop_name(name).is_err()
            || REACT_PROPS.contains(&name)
            || decl.target.path.len() != 1
        {
            continue;
        }
        let element = decl.target.path[0].clone();
        let Some(shown) = tree.get(&at(&element)) else {
            continue;
        };
        let plain = shown.runs.is_empty() && !shown.content.contains('\n');
        let bound = match (&decl.target.field, decl.kind, shown.kind) {
            (Field::Content, PropKind::Number, _)
                if !matches!(decl.default, Some(Scalar::Number(_))) =>
            {
                continue
            }
            (
                Field::Content,
                PropKind::Text | PropKind::Number | PropKind::Enum,
                ElementKind::Text | ElementKind::Button | ElementKind::Link,
            ) if plain => Bound::Content,
            (Field::Prop(k), PropKind::Link | PropKind::Text, ElementKind::Link) if k == "href" => {
                Bound::Href
            }
            (Field::Prop(k), PropKind::Image | PropKind::Text, ElementKind::Image)
                if k == "src" =>
            {
                Bound::Src
            }
            (Field::Hidden, PropKind::Boolean, _) if element != root.id => Bound::Hidden,
            _ => continue,
        };
        let default = match (&decl.default, bound) {
            (Some(d), _) => Some(d.clone()),
            (None, Bound::Hidden) => state.get(&element).map(|e| Scalar::Bool(e.hidden)),
            (None, _) => None,
        };
        *fields.entry((element.clone(), bound)).or_default() += 1;
        declarations.insert(name.to_owned(), (decl.kind, element, bound, default));
    }
    // Two props setting one field: the engine's order between them is not one a component
    // shows with two optional props; both are left out.
    declarations.retain(|_, (_, el, bound, _)| fields.get(&(el.clone(), *bound)) == Some(&1));
    let mut axes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut refused: BTreeSet<String> = BTreeSet::new();
    for (variant, target, value) in variant_values(root) {
        let ok = target.path.len() == 1
            && tree.contains_key(&at(&target.path[0]))
            && !declarations.contains_key(&variant.axis)
            && !REACT_PROPS.contains(&variant.axis.as_str())
            && match (&target.field, &value) {
                (Field::Style(..), Scalar::Text(_)) => true,
                (Field::Content, Scalar::Text(t)) => {
                    !t.contains('\n')
                        && tree.get(&at(&target.path[0])).is_some_and(|e| {
                            e.kind.has_text() && e.runs.is_empty() && !e.content.contains('\n')
                        })
                }
                _ => false,
            };
        if ok {
            axes.entry(variant.axis).or_default().insert(variant.option);
        } else {
            refused.insert(variant.axis);
        }
    }
    axes.retain(|axis, _| !refused.contains(axis));
    Master {
        root,
        declarations,
        axes,
    }
}

/// The instance with only what the component can be given: the values of bound props and
/// the options of bound axes.
fn stripped(instance: &Element, master: &Master) -> (Element, Use) {
    let mut out = instance.clone();
    let mut values = BTreeMap::new();
    let mut choices = BTreeMap::new();
    out.props.retain(|key, value| {
        if key == component::COMPONENT_PROP {
            return true;
        }
        if master.declarations.contains_key(key) {
            values.insert(key.clone(), value.clone());
            return true;
        }
        if let (Some(options), Scalar::Text(option)) = (master.axes.get(key), value) {
            if options.contains(option) {
                choices.insert(key.clone(), option.clone());
                return true;
            }
        }
        false
    });
    let use_ = Use {
        master: master.root.id.clone(),
        values,
        choices,
        top: instance.id.clone(),
        prefix: Vec::new(),
    };
    (out, use_)
}

/// Plans the components of a snapshot's pages: every master some page instance shows,
/// directly or through other masters.
pub fn plan(snapshot: &Snapshot) -> Plan {
    let state = crate::components::state_of(snapshot);
    let pages: HashSet<&str> = snapshot.pages.iter().map(|p| p.id.as_str()).collect();
    let masters: BTreeMap<&ElementId, &Element> = snapshot
        .elements
        .iter()
        .filter(|e| component::is_master_root(e))
        .map(|e| (&e.id, e))
        .collect();
    // Masters shown on pages, and the masters inside them.
    let mut used: BTreeSet<ElementId> = BTreeSet::new();
    let mut queue: Vec<ElementId> = snapshot
        .elements
        .iter()
        .filter(|e| pages.contains(e.page.as_str()))
        .filter_map(component::component_of)
        .filter(|c| masters.contains_key(c))
        .collect();
    while let Some(next) = queue.pop() {
        if used.insert(next.clone()) {
            queue.extend(
                snapshot
                    .elements
                    .iter()
                    .filter(|e| e.page.as_str() == next.as_str())
                    .filter_map(component::component_of)
                    .filter(|c| masters.contains_key(c)),
            );
        }
    }
    let names = component_names(
        used.iter()
            .filter_map(|id| masters.get(id).map(|m| (&m.id, m.name.as_str()))),
    );
    let mut plan = Plan::default();
    let mut read: BTreeMap<ElementId, (Master, Expansion, ElementId)> = BTreeMap::new();
    for id in &used {
        let Some(root) = masters.get(id).copied() else {
            continue;
        };
        // The made-up instance: no values but `false` for props bound to `hidden`, so the
        // default tree holds every element such a prop can show.
        let top_id = shown_id(id, &[]);
        let mut top = root.clone();
        top.id = top_id.clone();
        top.kind = ElementKind::Instance;
        top.page = snapshot.pages[0].id.clone();
        top.parent = None;
        top.order = "a0".into();
        top.name.clear();
        top.tag = None;
        top.content.clear();
        top.runs.clear();
        top.styles.clear();
        top.hidden = false;
        top.props = BTreeMap::from([(
            component::COMPONENT_PROP.to_owned(),
            Scalar::Text(id.0.clone()),
        )]);
        for (key, value) in &root.props {
            let Some(name) = key.strip_prefix(DECLARATION_PREFIX) else {
                continue;
            };
            if let Some(decl) = match value {
                Scalar::Text(t) => parse_declaration(t),
                _ => None,
            } {
                if decl.target.field == Field::Hidden && decl.target.path.len() == 1 {
                    top.props.insert(name.to_owned(), Scalar::Bool(false));
                }
            }
        }
        let tree = expand(&state, &top);
        // An anchor would be written once per instance: such a master stays inline.
        if tree
            .records
            .iter()
            .any(|r| r.props.contains_key(omnios_engine::ANCHOR_PROP))
        {
            continue;
        }
        // The records the component writes: not hidden, nor under a hidden one.
        let mut shown: HashSet<&ElementId> = HashSet::from([&top_id]);
        let mut by_id: HashMap<ElementId, &Element> = HashMap::new();
        for r in &tree.records {
            if !r.hidden && r.parent.as_ref().is_some_and(|p| shown.contains(p)) {
                shown.insert(&r.id);
                by_id.insert(r.id.clone(), r);
            }
        }
        let at = |e: &ElementId| shown_id(&top_id, std::slice::from_ref(e));
        let master = read_master(root, &state, &by_id, &at);
        read.insert(id.clone(), (master, tree, top_id));
    }
    for (id, (master, tree, top_id)) in &read {
        let at = |e: &ElementId| shown_id(top_id, std::slice::from_ref(e));
        let name = names.get(id).cloned().unwrap_or_default();
        let mut taken: HashSet<String> = HashSet::new();
        let mut props = Vec::new();
        for (prop, (kind, element, bound, default)) in &master.declarations {
            let mut options: BTreeSet<String> = BTreeSet::new();
            if *kind == PropKind::Enum {
                if let Some(Scalar::Text(d)) = default {
                    options.insert(d.clone());
                }
                for el in &snapshot.elements {
                    if component::component_of(el).as_ref() == Some(id) {
                        if let Some(Scalar::Text(v)) = el.props.get(prop) {
                            options.insert(v.clone());
                        }
                    }
                }
            }
            props.push(PropBinding {
                name: prop.clone(),
                local: local_name(prop, &mut taken),
                kind: *kind,
                bound: *bound,
                element: at(element),
                master_element: element.clone(),
                hidden_default: matches!(default, Some(Scalar::Bool(true))),
                options: options.into_iter().collect(),
            });
        }
        let axes: Vec<Axis> = master
            .axes
            .iter()
            .map(|(axis, options)| Axis {
                name: axis.clone(),
                local: local_name(axis, &mut taken),
                options: options.iter().cloned().collect(),
            })
            .collect();
        let mut variants: BTreeMap<ElementId, Vec<VariantPart>> = BTreeMap::new();
        let mut styles: BTreeMap<VariantKey, SlotStyles> = BTreeMap::new();
        let mut contents: BTreeMap<(ElementId, String, String), String> = BTreeMap::new();
        for (variant, target, value) in variant_values(master.root) {
            if !master.axes.contains_key(&variant.axis) {
                continue;
            }
            let key = (
                target.path[0].clone(),
                variant.axis.clone(),
                variant.option.clone(),
            );
            match (&target.field, value) {
                (Field::Style(slot, property), Scalar::Text(v)) => {
                    styles
                        .entry(key)
                        .or_default()
                        .entry(*slot)
                        .or_default()
                        .insert(*property, v);
                }
                (Field::Content, Scalar::Text(v)) => {
                    contents.insert(key, v);
                }
                _ => {}
            }
        }
        let mut variant_rules = Vec::new();
        let parts: BTreeSet<(ElementId, String, String)> =
            styles.keys().chain(contents.keys()).cloned().collect();
        for key in parts {
            let (element, axis, option) = &key;
            let shown = at(element);
            let Some(record) = tree.records.iter().find(|r| r.id == shown) else {
                continue;
            };
            let class = styles.get(&key).map(|s| {
                let class = format!("{}--{axis}-{option}", class_of(element));
                let mut holder = record.clone();
                holder.styles = s.clone();
                variant_rules.push((class.clone(), holder));
                class
            });
            let local = axes
                .iter()
                .find(|a| &a.name == axis)
                .map(|a| a.local.clone())
                .unwrap_or_default();
            variants.entry(shown).or_default().push(VariantPart {
                local,
                option: option.clone(),
                class,
                content: contents.get(&key).cloned(),
            });
        }
        let mut slots = Vec::new();
        for (path, record) in tree.paths.iter().zip(&tree.records) {
            if path.len() == 1 && component::is_slot(master.root, &path[0]) {
                slots.push((path[0].clone(), record.id.clone(), record.name.clone()));
            }
        }
        let slots: Vec<SlotBinding> = if slots.len() == 1 {
            let (master_element, element, _) = slots.remove(0);
            let local = local_name("children", &mut taken);
            vec![SlotBinding {
                name: "children".into(),
                local,
                master_element,
                element,
            }]
        } else {
            slots
                .into_iter()
                .enumerate()
                .map(|(i, (master_element, element, name))| {
                    let mut words = name
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .filter(|w| !w.is_empty());
                    let first = words.next().unwrap_or_default().to_ascii_lowercase();
                    let rest: String = words
                        .map(|w| {
                            let mut c = w.chars();
                            c.next()
                                .map(|f| f.to_ascii_uppercase())
                                .into_iter()
                                .chain(c)
                                .collect::<String>()
                        })
                        .collect();
                    let mut prop = format!("{first}{rest}");
                    if !prop.starts_with(|c: char| c.is_ascii_lowercase())
                        || master.declarations.contains_key(&prop)
                        || master.axes.contains_key(&prop)
                        || REACT_PROPS.contains(&prop.as_str())
                        || prop.len() > 64
                    {
                        prop = format!("slot{}", i + 1);
                    }
                    let local = local_name(&prop, &mut taken);
                    SlotBinding {
                        name: prop,
                        local,
                        master_element,
                        element,
                    }
                })
                .collect()
        };
        // Nested instances of the default tree: a component when its part of the tree is
        // what that component shows for the values it is given.
        let mut nested = HashMap::new();
        for (i, (path, record)) in tree.paths.iter().zip(&tree.records).enumerate() {
            let Some(inner) = component::component_of(record) else {
                continue;
            };
            let Some((inner_master, _, _)) = read.get(&inner) else {
                continue;
            };
            let (candidate, mut use_) = stripped(record, inner_master);
            let shown = expand(&state, &candidate);
            let depth = path.len();
            let actual: Vec<(&[ElementId], &Element)> = tree
                .paths
                .iter()
                .zip(&tree.records)
                .skip(i + 1)
                .take_while(|(p, _)| p.len() > depth && p[..depth] == path[..])
                .map(|(p, r)| (&p[depth..], r))
                .collect();
            if same_tree(&actual, &pairs(&shown)) {
                use_.top = top_id.clone();
                use_.prefix = path.clone();
                nested.insert(record.id.clone(), use_);
            }
        }
        plan.extra.roots.push(at(&master.root.id));
        for (path, record) in tree.paths.iter().zip(&tree.records) {
            if path.len() == 1 {
                plan.extra
                    .classes
                    .insert(record.id.clone(), class_of(&path[0]));
            }
        }
        plan.records.extend(tree.records.iter().cloned());
        plan.components.insert(
            id.clone(),
            Component {
                master: id.clone(),
                name,
                title: master.root.name.clone(),
                root: at(&master.root.id),
                props,
                axes,
                slots,
                variants,
                variant_rules,
                nested,
            },
        );
    }
    for el in &snapshot.elements {
        if !pages.contains(el.page.as_str()) {
            continue;
        }
        let Some((master, _, _)) = component::component_of(el).and_then(|c| read.get(&c)) else {
            continue;
        };
        let (candidate, use_) = stripped(el, master);
        if same_tree(
            &pairs(&expand(&state, el)),
            &pairs(&expand(&state, &candidate)),
        ) {
            plan.uses.insert(el.id.clone(), use_);
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pascal_case_unique_and_safe() {
        let ids: Vec<ElementId> = ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .map(|s| ElementId((*s).into()))
            .collect();
        let names = component_names([
            (&ids[0], "pricing card"),
            (&ids[1], "Pricing-Card"),
            (&ids[2], "</script><img src=x onerror=alert(1)>"),
            (&ids[3], "9 lives"),
            (&ids[4], ""),
            (&ids[5], "Image"),
            (&ids[6], "PricingCardProps"),
        ]);
        let got: Vec<&str> = ids.iter().map(|i| names[i].as_str()).collect();
        assert_eq!(
            got,
            [
                "PricingCard2",
                "PricingCard",
                "ScriptImgSrcXOnerrorAlert1",
                "Component9Lives",
                "Component",
                "Image2",
                "PricingCardProps2",
            ]
        );
        for name in got {
            assert!(name.bytes().all(|b| b.is_ascii_alphanumeric()), "{name}");
        }
    }

    #[test]
    fn reserved_words_get_another_variable() {
        let mut taken = HashSet::new();
        assert_eq!(local_name("heading", &mut taken), "heading");
        assert_eq!(local_name("default", &mut taken), "defaultProp");
        assert_eq!(local_name("Link", &mut taken), "LinkProp");
        assert_eq!(local_name("heading", &mut taken), "headingProp");
    }
}
