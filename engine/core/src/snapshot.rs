//! The readable, versioned JSON form of a whole project (`*.omnios.json`): the fixture and
//! backup format. Export then import gives back the same document, field for field.
//!
//! ```json
//! {"format": "omnios", "version": 1,
//!  "project"?: {"lang": "en", "dir": "ltr"},
//!  "pages": [{"id", "name", "slug", "title", "description", "order", "root", "lang"?, "dir"?, "image"?}],
//!  "elements": [{"id", "kind", "page", "parent", "order", "name"?, "tag"?, "content"?,
//!                "props"?, "styles"? ({"base": {"width": "120px"}}), "hidden"?, "locked"?}],
//!  "assets"?: [{"id", "name", "mime", "size", "width"?, "height"?, "alt"?,
//!               "variants"? ([{"width", "hash"}]), "placeholder"?}],
//!  "tokens"?: [{"id", "name", "kind", "value"}]}
//! ```
//! Elements are listed page by page in tree order; `parent` is the stored parent. `project` is
//! left out while it is the default (`en`, `ltr`), `assets` (the library, by id) and `tokens` (by id) while empty.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::asset::{check_asset, normalized, Asset};
use crate::element::{Element, ElementKind, Page, Project};
use crate::engine::{Engine, EngineOptions};
use crate::error::EngineError;
use crate::id::ElementId;
use crate::plan::{check_document, check_page, check_record, check_settings, tag_for, Op};
use crate::token::{check_token, Token};

/// The format's name.
pub const FORMAT: &str = "omnios";
/// The newest version this engine writes and reads.
pub const VERSION: u32 = 1;

/// A whole project as plain data.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Always `omnios`.
    pub format: String,
    /// Format version.
    pub version: u32,
    /// The project's language and direction.
    #[serde(default, skip_serializing_if = "Project::is_default")]
    pub project: Project,
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Elements, page by page in tree order.
    pub elements: Vec<Element>,
    /// The asset library, sorted by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(optional, as = "Option<Vec<Asset>>"))]
    pub assets: Vec<Asset>,
    /// The design tokens, sorted by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(optional, as = "Option<Vec<Token>>"))]
    pub tokens: Vec<Token>,
}

impl Snapshot {
    /// Reads and checks a snapshot's JSON.
    pub fn from_json(json: &str) -> Result<Self, EngineError> {
        let invalid = |reason: String| EngineError::InvalidSnapshot { reason };
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| invalid(e.to_string()))?;
        match value.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            other => return Err(invalid(format!("not an OMNIOS project (format {other:?})"))),
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v as u32 == VERSION => {}
            Some(v) => {
                return Err(invalid(format!(
                    "version {v} is not supported (this engine reads {VERSION})"
                )))
            }
            None => return Err(invalid("no version".into())),
        }
        serde_json::from_value(value).map_err(|e| invalid(e.to_string()))
    }

    /// Writes the snapshot as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Engine {
    /// The whole project as a snapshot.
    pub fn to_snapshot(&self) -> Snapshot {
        let state = self.state();
        let pages: Vec<Page> = state.pages_in_order().into_iter().cloned().collect();
        let mut elements = Vec::with_capacity(state.elements.len());
        let mut listed: HashSet<&ElementId> = HashSet::new();
        for page in &pages {
            for id in state.subtree(&page.root) {
                if let Some(el) = state.elements.get(&id) {
                    if listed.insert(&el.id) {
                        elements.push(el.clone());
                    }
                }
            }
        }
        // Elements outside every tree (their page is gone) are kept too: nothing is lost.
        let mut rest: Vec<&Element> = state
            .elements
            .values()
            .filter(|e| !listed.contains(&e.id))
            .collect();
        rest.sort_by(|a, b| a.id.cmp(&b.id));
        elements.extend(rest.into_iter().cloned());
        let mut assets: Vec<Asset> = state.assets.values().cloned().collect();
        assets.sort_by(|a, b| a.id.cmp(&b.id));
        let mut tokens: Vec<Token> = state.tokens.values().cloned().collect();
        tokens.sort_by(|a, b| a.id.cmp(&b.id));
        Snapshot {
            assets,
            tokens,
            format: FORMAT.into(),
            version: VERSION,
            project: state.project.clone(),
            pages,
            elements,
        }
    }

    /// An engine holding the snapshot's project. Every record is checked first; a bad one is
    /// refused with its reason and no engine is made.
    pub fn from_snapshot(options: EngineOptions, snapshot: &Snapshot) -> Result<Self, EngineError> {
        let invalid = |reason: String| EngineError::InvalidSnapshot { reason };
        if snapshot.format != FORMAT || snapshot.version != VERSION {
            return Err(invalid(format!(
                "format {} version {}",
                snapshot.format, snapshot.version
            )));
        }
        let mut page_ids = HashSet::new();
        for page in &snapshot.pages {
            check_page(page).map_err(|e| invalid(format!("page {}: {e}", page.id)))?;
            if !page_ids.insert(&page.id) {
                return Err(invalid(format!("page {} appears twice", page.id)));
            }
        }
        let mut element_ids = HashSet::new();
        for el in &snapshot.elements {
            check_record(el).map_err(|e| invalid(format!("element {}: {e}", el.id)))?;
            if !element_ids.insert(&el.id) {
                return Err(invalid(format!("element {} appears twice", el.id)));
            }
            if el.kind == ElementKind::Body && el.parent.is_some() {
                return Err(invalid(format!("body {} has a parent", el.id)));
            }
        }
        check_settings(&snapshot.project, &snapshot.pages).map_err(|e| invalid(e.to_string()))?;
        let mut asset_ids = HashSet::new();
        for asset in &snapshot.assets {
            check_asset(asset).map_err(|e| invalid(format!("asset {}: {e}", asset.id)))?;
            if !asset_ids.insert(&asset.id) {
                return Err(invalid(format!("asset {} appears twice", asset.id)));
            }
        }
        let mut token_ids = HashSet::new();
        for token in &snapshot.tokens {
            check_token(token).map_err(|e| invalid(format!("token {}: {e}", token.id)))?;
            if !token_ids.insert(&token.id) {
                return Err(invalid(format!("token {} appears twice", token.id)));
            }
        }
        let mut ops = vec![Op::SetProject {
            lang: Some(snapshot.project.lang.clone()),
            dir: Some(snapshot.project.dir),
        }];
        ops.extend(snapshot.pages.iter().cloned().map(Op::PutPage));
        ops.extend(
            snapshot
                .assets
                .iter()
                .cloned()
                .map(|a| Op::PutAsset(normalized(a))),
        );
        ops.extend(snapshot.tokens.iter().cloned().map(Op::PutToken));
        ops.extend(snapshot.elements.iter().cloned().map(|mut el| {
            // A container's own tag (`div`) is stored absent, as a command would store it.
            if let Some(tag) = el.tag {
                el.tag = tag_for(el.kind, None, tag).ok().flatten();
            }
            Op::PutElement(el)
        }));
        let mut engine = Engine::new(options);
        engine.write_unrecorded(ops);
        // Parents, roots, depth, cycles and slugs, once every record is in place.
        check_document(engine.state()).map_err(|e| match e {
            EngineError::InvalidSnapshot { .. } | EngineError::TooDeep { .. } => e,
            other => invalid(other.to_string()),
        })?;
        engine.clear_history();
        let _ = engine.take_local_updates();
        Ok(engine)
    }
}
