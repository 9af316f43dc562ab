//! Design tokens: named colours, font sizes, spacings and radii a style may use instead of a
//! value of its own, so that changing the token restyles every element using it.
//!
//! A style uses a token by holding `token:<id>` as its whole value (`style.rs` checks the form).
//! The reference names the token's id, not its name: renaming a token keeps every reference,
//! and the export still writes a readable `var(--<name>)` (`omnios-compiler`).
//!
//! Which tokens fit which properties ([`TokenKind::for_property`]):
//!
//! | kind | properties |
//! |---|---|
//! | `color` | `color`, `background-color`, `border-color` |
//! | `font_size` | `font-size` |
//! | `spacing` | `margin-*`, `padding-*`, `gap`, `row-gap`, `column-gap` |
//! | `radius` | `border-radius` |
//!
//! A command may only reference a token that exists and fits the property. A peer's update
//! is checked for the reference's form only: a collaborator may delete a token while another
//! applies it, and both updates are honest. Whatever resolves a style ([`resolve`]: layout,
//! the export) treats a reference to a missing token, or one that does not fit, as no value.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::element::Element;
use crate::error::EngineError;
use crate::style::{self, Property, RawValue};

/// The prefix of a style value that names a token.
pub const TOKEN_SCHEME: &str = "token:";
/// Longest token name, in characters.
pub const MAX_TOKEN_NAME_CHARS: usize = 64;

crate::id::id_type!(
    /// Identifies a design token; styles name it as `token:<id>`.
    TokenId, "token"
);

impl TokenId {
    /// The style value that uses this token: `token:<id>`.
    pub fn to_reference(&self) -> String {
        format!("{TOKEN_SCHEME}{}", self.0)
    }
}

/// What a token holds, and so which properties may use it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// A CSS colour.
    Color,
    /// A font size (a length).
    FontSize,
    /// A margin, padding or gap (a length, not negative).
    Spacing,
    /// A corner radius (a length, not negative).
    Radius,
}

impl TokenKind {
    /// Every kind, in the order the tokens panel groups them.
    pub const ALL: [TokenKind; 4] = [Self::Color, Self::FontSize, Self::Spacing, Self::Radius];

    /// The name used in the document and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Color => "color",
            Self::FontSize => "font_size",
            Self::Spacing => "spacing",
            Self::Radius => "radius",
        }
    }

    /// Reads a kind's name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The kind of token a property may use, if any (the module table).
    pub fn for_property(property: Property) -> Option<Self> {
        use Property as P;
        match property {
            P::Color | P::BackgroundColor | P::BorderColor => Some(Self::Color),
            P::FontSize => Some(Self::FontSize),
            P::MarginTop
            | P::MarginRight
            | P::MarginBottom
            | P::MarginLeft
            | P::PaddingTop
            | P::PaddingRight
            | P::PaddingBottom
            | P::PaddingLeft
            | P::Gap
            | P::RowGap
            | P::ColumnGap => Some(Self::Spacing),
            P::BorderRadius => Some(Self::Radius),
            _ => None,
        }
    }

    /// The property whose checks a value of this kind passes. A spacing or radius is a
    /// length that is not negative (`gap`'s rule), so it is valid in every property it fits.
    fn checked_as(self) -> Property {
        match self {
            Self::Color => Property::Color,
            Self::FontSize => Property::FontSize,
            Self::Spacing | Self::Radius => Property::Gap,
        }
    }
}

/// One design token as the document holds it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// The id references use.
    pub id: TokenId,
    /// The readable name: 1–64 characters of `a-z`, `0-9` and `-`, starting with a letter (the
    /// export's CSS variable is `--<name>`). Unique among tokens when a command sets it.
    pub name: String,
    /// What it holds.
    pub kind: TokenKind,
    /// The CSS text, checked for its kind (`16` is stored as `16px`).
    pub value: String,
}

/// Checks a token's name (see [`Token::name`]).
pub fn check_token_name(name: &str) -> Result<(), EngineError> {
    let ok = name.len() <= MAX_TOKEN_NAME_CHARS
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(EngineError::invalid(
            None,
            "name",
            format!(
                "a token name is 1–{MAX_TOKEN_NAME_CHARS} characters of a-z, 0-9 and -, \
                 starting with a letter ({:?})",
                name.chars().take(80).collect::<String>()
            ),
        ))
    }
}

/// Checks a token's value for its kind and returns the CSS text to store. A token holds a
/// plain value: never another token, nor a CSS variable.
pub fn normalize_value(kind: TokenKind, raw: &RawValue) -> Result<String, EngineError> {
    if let RawValue::Text(text) = raw {
        let lower = text.trim().to_ascii_lowercase();
        if lower.starts_with(TOKEN_SCHEME) || lower.contains("var(") {
            return Err(EngineError::invalid(
                None,
                "value",
                "a token holds a plain value, not another token or a variable",
            ));
        }
    }
    style::normalize(kind.checked_as(), raw, None).map_err(|e| match e {
        EngineError::InvalidValue { reason, .. } => EngineError::invalid(
            None,
            "value",
            format!("not a {} value: {reason}", kind.as_str()),
        ),
        other => other,
    })
}

/// Checks a whole token record as a command would have written it (a peer's, a snapshot's).
pub fn check_token(token: &Token) -> Result<(), EngineError> {
    TokenId::parse(token.id.as_str())?;
    check_token_name(&token.name)?;
    let stored = normalize_value(token.kind, &RawValue::Text(token.value.clone()))?;
    if stored != token.value {
        return Err(EngineError::invalid(
            None,
            "value",
            format!("{:?} is not stored in its checked form", token.value),
        ));
    }
    Ok(())
}

/// The token a style value names, if it is a reference (`token:<id>`).
pub fn referenced(value: &str) -> Option<&str> {
    value.strip_prefix(TOKEN_SCHEME)
}

/// Checks the form of a reference held by `property`: a property tokens fit, and an id of the
/// right form. `Ok(None)` when `value` is not a reference.
pub fn check_reference(
    property: Property,
    value: &str,
    element: Option<&str>,
) -> Result<Option<TokenId>, EngineError> {
    let Some(id) = referenced(value) else {
        return Ok(None);
    };
    if TokenKind::for_property(property).is_none() {
        return Err(EngineError::invalid(
            element,
            property.css_name(),
            "this property takes no design token",
        ));
    }
    TokenId::parse(id).map(Some)
}

/// Every token an element's styles name, in any slot.
pub fn tokens_used_by(el: &Element) -> BTreeSet<TokenId> {
    el.styles
        .values()
        .flat_map(|set| set.values())
        .filter_map(|v| referenced(v))
        .map(TokenId::from)
        .collect()
}

/// A style value as it applies: a reference resolves to its token's value, `None` when the
/// token is missing or does not fit the property; any other value is itself.
pub fn resolve<'a>(
    property: Property,
    value: &'a str,
    tokens: &'a HashMap<TokenId, Token>,
) -> Option<&'a str> {
    let Some(id) = referenced(value) else {
        return Some(value);
    };
    let token = tokens.get(id)?;
    (TokenKind::for_property(property) == Some(token.kind)).then_some(token.value.as_str())
}

impl std::borrow::Borrow<str> for TokenId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> RawValue {
        RawValue::Text(s.into())
    }

    #[test]
    fn values_are_checked_for_their_kind() {
        assert_eq!(
            normalize_value(TokenKind::Color, &text(" #ff0000 ")).as_deref(),
            Ok("#ff0000")
        );
        assert_eq!(
            normalize_value(TokenKind::Spacing, &RawValue::Number(16.0)).as_deref(),
            Ok("16px")
        );
        assert_eq!(
            normalize_value(TokenKind::FontSize, &text("1.5rem")).as_deref(),
            Ok("1.5rem")
        );
        for (kind, bad) in [
            (TokenKind::Color, "12px"),
            (TokenKind::Color, "var(--x)"),
            (TokenKind::Color, "token:t1"),
            (TokenKind::Spacing, "-4px"),
            (TokenKind::Radius, "red"),
            (TokenKind::FontSize, "1px; color: red"),
        ] {
            assert!(normalize_value(kind, &text(bad)).is_err(), "{kind:?} {bad}");
        }
    }

    #[test]
    fn names_are_css_variable_names() {
        assert!(check_token_name("brand-primary-2").is_ok());
        for bad in ["", "Brand", "2x", "a b", "a_b", &"a".repeat(65), "--x"] {
            assert!(check_token_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_reference_resolves_only_to_a_token_that_fits() {
        let mut tokens = HashMap::new();
        tokens.insert(
            TokenId::from("t1"),
            Token {
                id: "t1".into(),
                name: "brand".into(),
                kind: TokenKind::Color,
                value: "#123456".into(),
            },
        );
        assert_eq!(
            resolve(Property::Color, "token:t1", &tokens),
            Some("#123456")
        );
        assert_eq!(resolve(Property::PaddingTop, "token:t1", &tokens), None);
        assert_eq!(resolve(Property::Color, "token:gone", &tokens), None);
        assert_eq!(resolve(Property::Color, "red", &tokens), Some("red"));
        assert!(check_reference(Property::Width, "token:t1", None).is_err());
        assert!(check_reference(Property::Color, "token:bad id", None).is_err());
    }
}
