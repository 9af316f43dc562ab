//! Design tokens as CSS custom properties: each token is a variable on `:root` named after the
//! token (`--brand: #0055ff;`), and a style naming a token (`token:<id>`) is written as
//! `var(--brand)`, so a developer changes the token in one place, as the designer did.
//!
//! The document references tokens by id (a rename keeps every reference); the export names the
//! variables by the tokens' names. Two tokens can end up with one name when two collaborators
//! name them at once: the first by id keeps the plain name, the others get their id appended
//! (`--brand-u1_7`), so no variable shadows another.

use std::collections::{BTreeMap, HashSet};

use omnios_engine::style::Property;
use omnios_engine::token::{self, TokenKind};
use omnios_engine::{check_token, Token};

use crate::text::clip;
use crate::CompileError;

/// The project's tokens, checked, with the variable name each one is written as.
pub struct Variables<'a> {
    /// Token id → (variable name without `--`, token), sorted by id.
    by_id: BTreeMap<&'a str, (String, &'a Token)>,
}

impl<'a> Variables<'a> {
    /// Checks every token as the engine would (the snapshot may not have been written by it)
    /// and names its variable.
    pub fn read(tokens: &'a [Token]) -> Result<Self, CompileError> {
        let mut sorted: Vec<&Token> = tokens.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        let mut taken: HashSet<String> = HashSet::new();
        let mut by_id = BTreeMap::new();
        for t in sorted {
            check_token(t).map_err(|e| CompileError::InvalidToken {
                token: clip(t.id.as_str()),
                reason: e.to_string(),
            })?;
            let mut name = t.name.clone();
            while !taken.insert(name.clone()) {
                name = format!("{name}-{}", t.id);
            }
            if by_id.insert(t.id.as_str(), (name, t)).is_some() {
                return Err(CompileError::InvalidToken {
                    token: clip(t.id.as_str()),
                    reason: "the id appears twice".into(),
                });
            }
        }
        Ok(Self { by_id })
    }

    /// The `:root` rule declaring every token, grouped by kind, then by name; empty without
    /// tokens.
    pub fn root_rule(&self) -> String {
        if self.by_id.is_empty() {
            return String::new();
        }
        let mut list: Vec<&(String, &Token)> = self.by_id.values().collect();
        list.sort_by(|a, b| (a.1.kind, &a.0).cmp(&(b.1.kind, &b.0)));
        let mut out = String::from("\n/* Design tokens. */\n:root {\n");
        for (name, t) in list {
            out.push_str(&format!("  --{name}: {};\n", t.value));
        }
        out.push_str("}\n");
        out
    }

    /// What a declaration of `property` writes for `value`: `var(--name)` for a token
    /// reference, the value itself otherwise. `None` for a reference to a token the project
    /// does not have, or one that does not fit the property (the canvas shows no value there
    /// either).
    pub fn declaration(&self, property: Property, value: &str) -> Option<String> {
        let Some(id) = token::referenced(value) else {
            return Some(value.trim().to_owned());
        };
        let (name, t) = self.by_id.get(id)?;
        (TokenKind::for_property(property) == Some(t.kind)).then(|| format!("var(--{name})"))
    }
}
