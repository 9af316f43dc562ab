//! Which props each kind of element takes, and what their values may be: an allow-list checked
//! on every way in (commands, snapshots, backups, restored versions, peers' updates), so no
//! element carries `onclick`, a `javascript:` link or a control character.
//!
//! | kinds | props |
//! |---|---|
//! | every kind | `title`, `aria-label` (text), `data-*` (text, number or boolean), `anchor` (the element's HTML `id`, a link's `#anchor`: [`check_anchor`]; unique on its page, which the planner checks) |
//! | link | `href` (a link: `source::check_link`), `target` (`_blank` only: opens in a new tab, exported with `rel="noopener noreferrer"`), `rel` (text) |
//! | image | `src` (a source: `source::check_source`), `alt` (text), `width`, `height` (pixels), `loading` (`lazy`, `eager`) |
//! | video | `src`, `poster` (sources), `width`, `height` (pixels), `autoplay`, `loop`, `muted`, `controls`, `playsinline` (booleans) |
//! | input | `placeholder`, `name` (text), `type` (`text`, `email`, `tel`, `url`, `number`, `search`, `password`), `required` (boolean) |
//! | button | `type` (`button`, `submit`, `reset`), `href` (a link) |
//! | instance | `component` (an id) and component props: a letter then letters, digits or `_`, never `on…`, `style`, `class`, `className`, `srcdoc`, `ref`, `key` or `dangerouslySetInnerHTML` |
//! | repeater | `collection` (text), `limit` (a whole number) |
//!
//! Text is at most [`MAX_PROP_BYTES`] bytes without control characters.

use crate::element::{ElementKind, Scalar};
use crate::error::EngineError;
use crate::source;

/// Longest prop text, in bytes.
pub const MAX_PROP_BYTES: usize = 16 * 1024;
/// Most props on one element.
pub const MAX_PROPS: usize = 128;
/// The prop holding a section anchor.
pub const ANCHOR_PROP: &str = "anchor";
/// Longest anchor, in bytes.
pub const MAX_ANCHOR_BYTES: usize = 64;

/// What a prop's value may be.
#[derive(Clone, Copy)]
enum Rule {
    Text,
    Link,
    Source,
    Pixels,
    Whole,
    Bool,
    Keyword(&'static [&'static str]),
    Id,
    /// A section anchor ([`check_anchor`]).
    Anchor,
    /// Text, a number or a boolean (data attributes, component props).
    Any,
}

fn rule(kind: ElementKind, key: &str) -> Option<Rule> {
    use ElementKind as K;
    use Rule::*;
    let own = match (kind, key) {
        (_, "title" | "aria-label") => Some(Text),
        (_, ANCHOR_PROP) => Some(Anchor),
        (K::Link | K::Button, "href") => Some(Link),
        (K::Link, "target") => Some(Keyword(&["_blank"])),
        (K::Link, "rel") => Some(Text),
        (K::Image, "src") | (K::Video, "src" | "poster") => Some(Source),
        (K::Image, "alt") => Some(Text),
        (K::Image | K::Video, "width" | "height") => Some(Pixels),
        (K::Image, "loading") => Some(Keyword(&["lazy", "eager"])),
        (K::Video, "autoplay" | "loop" | "muted" | "controls" | "playsinline") => Some(Bool),
        (K::Input, "placeholder" | "name") => Some(Text),
        (K::Input, "type") => Some(Keyword(&[
            "text", "email", "tel", "url", "number", "search", "password",
        ])),
        (K::Input, "required") => Some(Bool),
        (K::Button, "type") => Some(Keyword(&["button", "submit", "reset"])),
        (K::Instance, "component") => Some(Id),
        (K::Repeater, "collection") => Some(Text),
        (K::Repeater, "limit") => Some(Whole),
        _ => None,
    };
    own.or_else(|| {
        let data = key.strip_prefix("data-").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
        let component = kind == K::Instance
            && key.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !component_reserved(key);
        (data || component).then_some(Any)
    })
}

/// Names a component prop cannot take: event handlers and what would reach past the props.
fn component_reserved(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower.starts_with("on")
        || matches!(
            lower.as_str(),
            "style" | "class" | "classname" | "srcdoc" | "dangerouslysetinnerhtml" | "ref" | "key"
        )
}

fn printable(text: &str) -> bool {
    !text.chars().any(char::is_control)
}

/// Checks one prop of an element of `kind` (`None` removes it: any allowed key may go).
pub fn check_prop(
    kind: ElementKind,
    id: &str,
    key: &str,
    value: Option<&Scalar>,
) -> Result<(), EngineError> {
    let element = Some(id);
    let Some(rule) = (key.len() <= 64).then(|| rule(kind, key)).flatten() else {
        return Err(EngineError::invalid(
            element,
            "props",
            format!(
                "a {} has no prop {:?}",
                kind.as_str(),
                key.chars().take(64).collect::<String>()
            ),
        ));
    };
    let Some(value) = value else {
        return Ok(());
    };
    let bad = |reason: &str| Err(EngineError::invalid(element, key, reason));
    if let Scalar::Text(t) = value {
        if t.len() > MAX_PROP_BYTES {
            return Err(EngineError::PayloadTooLarge {
                bytes: t.len(),
                limit: MAX_PROP_BYTES,
            });
        }
        // Sources and links report their own problem (`bad_characters`).
        if !printable(t) && !matches!(rule, Rule::Source | Rule::Link) {
            return bad("control characters are not allowed");
        }
    }
    if let Scalar::Number(n) = value {
        if !n.is_finite() {
            return bad("not a finite number");
        }
    }
    match (rule, value) {
        (Rule::Text, Scalar::Text(_)) | (Rule::Bool, Scalar::Bool(_)) | (Rule::Any, _) => Ok(()),
        (Rule::Link, Scalar::Text(t)) => source::check_link(element, t),
        // Which asset a source names is the planner's to check.
        (Rule::Source, Scalar::Text(t)) => {
            source::check_source(kind, element, source_field(key), t).map(|_| ())
        }
        (Rule::Pixels | Rule::Whole, v) => {
            let n = match v {
                Scalar::Number(n) => Some(*n),
                Scalar::Text(t) => t.trim().trim_end_matches("px").parse::<f64>().ok(),
                Scalar::Bool(_) => None,
            };
            match n {
                Some(n)
                    if n.is_finite()
                        && n >= 0.0
                        && (matches!(rule, Rule::Pixels) || n.fract() == 0.0) =>
                {
                    Ok(())
                }
                _ => bad("a number of pixels"),
            }
        }
        (Rule::Keyword(words), Scalar::Text(t)) if words.contains(&t.as_str()) => Ok(()),
        (Rule::Keyword(words), _) => bad(&format!("one of {}", words.join(", "))),
        (Rule::Id, Scalar::Text(t)) => crate::id::ElementId::parse(t).map(|_| ()),
        (Rule::Anchor, Scalar::Text(t)) => check_anchor(element, t),
        (Rule::Bool, _) => bad("true or false"),
        _ => bad("text"),
    }
}

/// Checks a section anchor: 1–[`MAX_ANCHOR_BYTES`] bytes of lowercase letters, digits and
/// single dashes between them (`pricing`, `team-2`). It becomes the element's HTML `id` and a
/// link's `#anchor` as written, so nothing else may reach markup, CSS or a URL.
pub fn check_anchor(element: Option<&str>, anchor: &str) -> Result<(), EngineError> {
    let ok = !anchor.is_empty()
        && anchor.len() <= MAX_ANCHOR_BYTES
        && anchor
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !anchor.starts_with('-')
        && !anchor.ends_with('-')
        && !anchor.contains("--");
    if ok {
        Ok(())
    } else {
        Err(EngineError::invalid(
            element,
            "anchor",
            format!(
                "use lowercase letters, digits and single dashes between them, at most {MAX_ANCHOR_BYTES} (like pricing or team-2)"
            ),
        ))
    }
}

/// The field name a source error reports (`src` or `poster`).
fn source_field(key: &str) -> &'static str {
    if key == "poster" {
        "poster"
    } else {
        "src"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(kind: ElementKind, key: &str, value: Scalar) -> bool {
        check_prop(kind, "e1", key, Some(&value)).is_ok()
    }

    #[test]
    fn event_handlers_and_unknown_keys_are_refused_on_every_kind() {
        for kind in ElementKind::ALL {
            for key in [
                "onclick", "onClick", "style", "class", "srcdoc", "", "data-", "data-X",
            ] {
                assert!(!ok(kind, key, Scalar::Text("x".into())), "{kind:?} {key}");
            }
            assert!(ok(kind, "data-track-id", Scalar::Number(3.0)), "{kind:?}");
        }
        assert!(ok(
            ElementKind::Instance,
            "heading",
            Scalar::Text("Hi".into())
        ));
        assert!(!ok(
            ElementKind::Instance,
            "onLoad",
            Scalar::Text("x".into())
        ));
    }

    #[test]
    fn values_are_checked_by_their_rule() {
        use ElementKind::*;
        assert!(ok(Link, "href", Scalar::Text("mailto:a@b.test".into())));
        assert!(!ok(
            Link,
            "href",
            Scalar::Text("javascript:alert(1)".into())
        ));
        assert!(!ok(Link, "target", Scalar::Text("evil".into())));
        assert!(!ok(Link, "target", Scalar::Text("_self".into())));
        assert!(ok(Link, "target", Scalar::Text("_blank".into())));
        for good in ["pricing", "team-2", "a", "2024"] {
            assert!(ok(Section, "anchor", Scalar::Text(good.into())), "{good}");
        }
        for bad in [
            "", "Pricing", "a b", "-a", "a-", "a--b", "a\"b", "a<b", "é", "x.y", "#a",
        ] {
            assert!(!ok(Container, "anchor", Scalar::Text(bad.into())), "{bad}");
        }
        assert!(!ok(Section, "anchor", Scalar::Number(1.0)));
        assert!(!ok(Image, "alt", Scalar::Text("a\u{1b}[2J".into())));
        assert!(ok(Image, "alt", Scalar::Text(String::new())));
        assert!(ok(Image, "width", Scalar::Text("64".into())));
        assert!(!ok(Image, "width", Scalar::Text("wide".into())));
        assert!(!ok(Video, "muted", Scalar::Text("yes".into())));
        assert!(!ok(
            Image,
            "src",
            Scalar::Text("javascript:alert(1)".into())
        ));
        assert!(check_prop(Image, "e1", "onclick", None).is_err());
    }
}
