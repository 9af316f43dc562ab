//! Queries over elements (the view store of the document): filters, sorting, paging, and the
//! indexes that keep common queries from scanning.
//!
//! ```json
//! {"filter": {"and": [{"field": "kind", "op": "eq", "value": "text"},
//!                     {"field": "content", "op": "contains", "value": "pricing"}]},
//!  "sort": [{"field": "name"}], "limit": 20, "offset": 0}
//! ```
//! Fields: `id`, `kind`, `page`, `parent` (as shown), `order`, `name`, `tag`, `content`,
//! `hidden`, `locked`, `props.<key>`, `styles.<slot>.<property>`. Ops: `eq`, `ne`, `lt`, `lte`,
//! `gt`, `gte`, `in` (value is a list), `contains` (text, case-insensitive), `exists` (value
//! true or false). Equality on `kind`, `page` or `parent` uses an index.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::delta::ElementDelta;
use crate::element::{Element, ElementKind};
use crate::error::EngineError;
use crate::id::{ElementId, PageId};
use crate::state::State;
use crate::style::{Property, Slot};

/// A field an element can be filtered or sorted by.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(test, ts(type = "string"))]
pub enum FieldPath {
    /// The id.
    Id,
    /// The kind.
    Kind,
    /// The page.
    Page,
    /// The shown parent.
    Parent,
    /// The order key.
    Order,
    /// The layer name.
    Name,
    /// A text element's tag.
    Tag,
    /// Text content.
    Content,
    /// Hidden flag.
    Hidden,
    /// Locked flag.
    Locked,
    /// One prop.
    Prop(String),
    /// One style property in one slot.
    Style(Slot, Property),
}

impl TryFrom<String> for FieldPath {
    type Error = String;

    fn try_from(raw: String) -> Result<Self, String> {
        Ok(match raw.as_str() {
            "id" => Self::Id,
            "kind" => Self::Kind,
            "page" => Self::Page,
            "parent" => Self::Parent,
            "order" => Self::Order,
            "name" => Self::Name,
            "tag" => Self::Tag,
            "content" => Self::Content,
            "hidden" => Self::Hidden,
            "locked" => Self::Locked,
            other => {
                if let Some(key) = other.strip_prefix("props.").filter(|k| !k.is_empty()) {
                    Self::Prop(key.to_owned())
                } else if let Some(rest) = other.strip_prefix("styles.") {
                    let (slot, property) = rest
                        .split_once('.')
                        .ok_or_else(|| format!("use styles.<slot>.<property>, not {other:?}"))?;
                    Self::Style(
                        slot.parse().map_err(|e: EngineError| e.to_string())?,
                        property.parse().map_err(|e: EngineError| e.to_string())?,
                    )
                } else {
                    return Err(format!("unknown field {other:?}"));
                }
            }
        })
    }
}

impl From<FieldPath> for String {
    fn from(path: FieldPath) -> String {
        match path {
            FieldPath::Id => "id".into(),
            FieldPath::Kind => "kind".into(),
            FieldPath::Page => "page".into(),
            FieldPath::Parent => "parent".into(),
            FieldPath::Order => "order".into(),
            FieldPath::Name => "name".into(),
            FieldPath::Tag => "tag".into(),
            FieldPath::Content => "content".into(),
            FieldPath::Hidden => "hidden".into(),
            FieldPath::Locked => "locked".into(),
            FieldPath::Prop(k) => format!("props.{k}"),
            FieldPath::Style(slot, p) => format!("styles.{slot}.{}", p.css_name()),
        }
    }
}

/// A comparison.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
    In,
    Contains,
    Exists,
}

/// A filter: conditions joined by and/or/not.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Filter {
    /// All must hold.
    And {
        /// The parts.
        and: Vec<Filter>,
    },
    /// One must hold.
    Or {
        /// The parts.
        or: Vec<Filter>,
    },
    /// Must not hold.
    Not {
        /// The part.
        not: Box<Filter>,
    },
    /// A comparison of one field.
    Where {
        /// The field.
        field: FieldPath,
        /// The comparison.
        op: Op,
        /// The value compared with (a list for `in`, a flag for `exists`).
        #[serde(default)]
        value: Value,
    },
}

/// A sort key.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SortKey {
    /// The field.
    pub field: FieldPath,
    /// Descending.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub desc: bool,
}

/// A query: filter, sort (default: by id), then offset and limit.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// Which elements.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub filter: Option<Filter>,
    /// In what order.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Vec<SortKey>>", optional))]
    pub sort: Vec<SortKey>,
    /// At most this many.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub limit: Option<usize>,
    /// Skipping this many.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<usize>", optional))]
    pub offset: usize,
}

/// A query's answer.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryResult {
    /// How many matched before paging.
    pub total: usize,
    /// The page of results.
    pub elements: Vec<ElementDelta>,
}

enum FieldValue<'a> {
    Text(&'a str),
    Number(f64),
    Bool(bool),
}

fn value_of<'a>(
    el: &'a Element,
    shown_parent: Option<&'a ElementId>,
    field: &'a FieldPath,
) -> Option<FieldValue<'a>> {
    use crate::element::Scalar;
    Some(match field {
        FieldPath::Id => FieldValue::Text(el.id.as_str()),
        FieldPath::Kind => FieldValue::Text(el.kind.as_str()),
        FieldPath::Page => FieldValue::Text(el.page.as_str()),
        FieldPath::Parent => FieldValue::Text(shown_parent?.as_str()),
        FieldPath::Order => FieldValue::Text(&el.order),
        FieldPath::Name => FieldValue::Text(&el.name),
        FieldPath::Tag => FieldValue::Text(el.tag?.as_str()),
        FieldPath::Content => FieldValue::Text(&el.content),
        FieldPath::Hidden => FieldValue::Bool(el.hidden),
        FieldPath::Locked => FieldValue::Bool(el.locked),
        FieldPath::Prop(key) => match el.props.get(key)? {
            Scalar::Bool(b) => FieldValue::Bool(*b),
            Scalar::Number(n) => FieldValue::Number(*n),
            Scalar::Text(t) => FieldValue::Text(t),
        },
        FieldPath::Style(slot, p) => FieldValue::Text(el.styles.get(slot)?.get(p)?),
    })
}

/// Leading number of a CSS text (`"120px"` → 120), so numeric comparisons work on lengths.
fn leading_number(text: &str) -> Option<f64> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(text.len());
    text[..end].parse().ok().filter(|v: &f64| v.is_finite())
}

fn compare(field: &FieldValue, value: &Value) -> Option<Ordering> {
    match (field, value) {
        (FieldValue::Text(t), Value::String(s)) => Some((*t).cmp(s.as_str())),
        (FieldValue::Number(n), Value::Number(v)) => n.partial_cmp(&v.as_f64()?),
        (FieldValue::Text(t), Value::Number(v)) => leading_number(t)?.partial_cmp(&v.as_f64()?),
        (FieldValue::Bool(b), Value::Bool(v)) => Some(b.cmp(v)),
        _ => None,
    }
}

impl Filter {
    /// Whether the element passes.
    pub fn matches(&self, el: &Element, shown_parent: Option<&ElementId>) -> bool {
        match self {
            Filter::And { and } => and.iter().all(|f| f.matches(el, shown_parent)),
            Filter::Or { or } => or.iter().any(|f| f.matches(el, shown_parent)),
            Filter::Not { not } => !not.matches(el, shown_parent),
            Filter::Where { field, op, value } => {
                let found = value_of(el, shown_parent, field);
                match op {
                    Op::Exists => found.is_some() == value.as_bool().unwrap_or(true),
                    Op::Contains => match (found, value) {
                        (Some(FieldValue::Text(t)), Value::String(s)) => {
                            t.to_lowercase().contains(&s.to_lowercase())
                        }
                        _ => false,
                    },
                    Op::In => match (found, value) {
                        (Some(f), Value::Array(list)) => {
                            list.iter().any(|v| compare(&f, v) == Some(Ordering::Equal))
                        }
                        _ => false,
                    },
                    Op::Ne => found.is_none_or(|f| compare(&f, value) != Some(Ordering::Equal)),
                    _ => {
                        let Some(ord) = found.and_then(|f| compare(&f, value)) else {
                            return false;
                        };
                        match op {
                            Op::Eq => ord == Ordering::Equal,
                            Op::Lt => ord == Ordering::Less,
                            Op::Lte => ord != Ordering::Greater,
                            Op::Gt => ord == Ordering::Greater,
                            Op::Gte => ord != Ordering::Less,
                            _ => false,
                        }
                    }
                }
            }
        }
    }

    /// Candidates from an index, when an equality on kind, page or parent allows.
    fn candidates(&self, state: &State) -> Option<BTreeSet<ElementId>> {
        match self {
            Filter::Where {
                field,
                op: Op::Eq,
                value: Value::String(v),
            } => match field {
                FieldPath::Kind => Some(
                    ElementKind::parse(v)
                        .map_or_else(BTreeSet::new, |k| state.of_kind(k).cloned().collect()),
                ),
                FieldPath::Page => Some(state.on_page(&PageId(v.clone())).cloned().collect()),
                FieldPath::Parent => Some(
                    state
                        .children(&ElementId(v.clone()))
                        .iter()
                        .cloned()
                        .collect(),
                ),
                FieldPath::Id => Some(
                    state
                        .elements
                        .get_key_value(&ElementId(v.clone()))
                        .map(|(k, _)| k.clone())
                        .into_iter()
                        .collect(),
                ),
                _ => None,
            },
            Filter::And { and } => and
                .iter()
                .filter_map(|f| f.candidates(state))
                .min_by_key(BTreeSet::len),
            _ => None,
        }
    }
}

impl Query {
    /// Reads a query from JSON.
    pub fn from_json(json: &str) -> Result<Self, EngineError> {
        serde_json::from_str(json).map_err(|e| EngineError::InvalidQuery {
            reason: e.to_string(),
        })
    }

    /// Whether the element passes the filter.
    pub fn matches(&self, el: &Element, shown_parent: Option<&ElementId>) -> bool {
        self.filter
            .as_ref()
            .is_none_or(|f| f.matches(el, shown_parent))
    }

    /// Runs over the state; `shown` renders a result.
    pub fn run(
        &self,
        state: &State,
        shown: impl Fn(&ElementId) -> Option<ElementDelta>,
    ) -> QueryResult {
        let candidates: Vec<&Element> = match self.filter.as_ref().and_then(|f| f.candidates(state))
        {
            Some(ids) => ids.iter().filter_map(|id| state.get(id)).collect(),
            None => state.elements.values().collect(),
        };
        let mut hits: Vec<&Element> = candidates
            .into_iter()
            .filter(|el| self.matches(el, state.parent(&el.id)))
            .collect();
        hits.sort_by(|a, b| {
            for key in &self.sort {
                let va = value_of(a, state.parent(&a.id), &key.field);
                let vb = value_of(b, state.parent(&b.id), &key.field);
                let ord = match (va, vb) {
                    (Some(x), Some(y)) => order_values(&x, &y),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                };
                let ord = if key.desc { ord.reverse() } else { ord };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            a.id.cmp(&b.id)
        });
        let total = hits.len();
        let page = hits
            .into_iter()
            .skip(self.offset)
            .take(self.limit.unwrap_or(usize::MAX))
            .filter_map(|el| shown(&el.id))
            .collect();
        QueryResult {
            total,
            elements: page,
        }
    }
}

fn order_values(a: &FieldValue, b: &FieldValue) -> Ordering {
    match (a, b) {
        (FieldValue::Number(x), FieldValue::Number(y)) => {
            x.partial_cmp(y).unwrap_or(Ordering::Equal)
        }
        (FieldValue::Text(x), FieldValue::Text(y)) => {
            match (leading_number(x), leading_number(y)) {
                (Some(nx), Some(ny)) if nx != ny => nx.partial_cmp(&ny).unwrap_or(Ordering::Equal),
                _ => x.cmp(y),
            }
        }
        (FieldValue::Bool(x), FieldValue::Bool(y)) => x.cmp(y),
        (FieldValue::Bool(_), _) => Ordering::Less,
        (_, FieldValue::Bool(_)) => Ordering::Greater,
        (FieldValue::Number(_), _) => Ordering::Less,
        (_, FieldValue::Number(_)) => Ordering::Greater,
    }
}
