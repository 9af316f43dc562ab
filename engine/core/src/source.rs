//! Image and video sources, checked in one place: `props.src` of an image or video and
//! `props.poster` of a video (`asset::source_props`). Commands, snapshots and restored versions
//! all pass through [`check_source`]; the canvas and the export then only meet these forms:
//!
//! | form | example | limit |
//! |---|---|---|
//! | an asset of the library | `asset:<64 hex digits>` | the asset must exist (the planner checks) |
//! | a web address | `https://cdn.example.com/a.png`, `http://…` | [`MAX_SOURCE_BYTES`] |
//! | a site path | `/images/a.png`, `assets/a.png` | [`MAX_SOURCE_BYTES`] |
//! | a small inline picture | `data:image/png;base64,…` (`data:video/…` for a video) | [`MAX_INLINE_BYTES`]; the editor turns larger ones into assets |
//!
//! Everything else is refused with [`EngineError::InvalidSource`] and a [`SourceProblem`]:
//! `javascript:`, `vbscript:`, `file:`, `blob:` and every other scheme, protocol-relative
//! `//host` addresses, bare relative paths, whitespace, control characters, quotes and angle
//! brackets, and anything too long.

use serde::{Deserialize, Serialize};

use crate::asset::{clip, referenced, AssetId};
use crate::element::ElementKind;
use crate::error::EngineError;

/// Longest source that is not inline data, in bytes.
pub const MAX_SOURCE_BYTES: usize = 2048;
/// Longest inline `data:` source, in bytes (about a 6 KB picture).
pub const MAX_INLINE_BYTES: usize = 8 * 1024;

/// Why a source was refused: the stable reason a host branches on.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceProblem {
    /// Empty (remove the prop instead).
    Empty,
    /// Longer than [`MAX_SOURCE_BYTES`].
    TooLong,
    /// Whitespace, control characters, quotes, angle brackets or backslashes.
    BadCharacters,
    /// A scheme other than `http`, `https`, `data` and `asset` (`javascript:`, `file:`, …).
    Scheme,
    /// A `//host` address without a scheme.
    ProtocolRelative,
    /// A relative path that is neither `/…` nor `assets/…`.
    Relative,
    /// `http(s)://` without a host.
    NoHost,
    /// `asset:` not followed by a 64-digit lowercase SHA-256.
    MalformedAsset,
    /// Inline `data:` longer than [`MAX_INLINE_BYTES`]: add it as an asset.
    InlineTooLarge,
    /// Inline `data:` of another type than the element shows (an image takes `data:image/…`).
    InlineType,
    /// A site path or inline data where only a library image or a whole address will do (a
    /// page's social image, fetched by other sites).
    NotAddress,
}

impl SourceProblem {
    /// The reason in words.
    pub fn explain(self) -> String {
        match self {
            Self::Empty => "empty".into(),
            Self::TooLong => format!("longer than {MAX_SOURCE_BYTES} bytes"),
            Self::BadCharacters => {
                "spaces, control characters, quotes, angle brackets and backslashes are not allowed (percent-encode them)".into()
            }
            Self::Scheme => "only https://, http://, a site path, an asset or a small data: image".into(),
            Self::ProtocolRelative => "write the scheme: https://host/…".into(),
            Self::Relative => "a site path starts with / or assets/".into(),
            Self::NoHost => "the address has no host".into(),
            Self::MalformedAsset => "an asset reference is asset: and a 64-digit SHA-256".into(),
            Self::InlineTooLarge => {
                format!("inline data over {MAX_INLINE_BYTES} bytes: add the file as an asset")
            }
            Self::InlineType => "inline data of another media type than the element shows".into(),
            Self::NotAddress => "choose an image of the project or a whole https:// address".into(),
        }
    }
}

/// A source that passed [`check_source`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source<'a> {
    /// An asset of the library (its existence is the planner's to check).
    Asset(AssetId),
    /// `http://` or `https://`.
    Remote(&'a str),
    /// `/…` or `assets/…`.
    SitePath(&'a str),
    /// `data:…`.
    Inline(&'a str),
}

fn refuse(
    element: Option<&str>,
    field: &'static str,
    value: &str,
    problem: SourceProblem,
) -> EngineError {
    EngineError::InvalidSource {
        element: element.map(str::to_owned),
        field,
        value: clip(value),
        problem,
    }
}

fn bad_char(c: char) -> bool {
    c.is_control() || c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`')
}

/// Checks a source of an element of `kind` (the `field` is `src` or `poster`).
pub fn check_source<'a>(
    kind: ElementKind,
    element: Option<&str>,
    field: &'static str,
    value: &'a str,
) -> Result<Source<'a>, EngineError> {
    let no = |problem| Err(refuse(element, field, value, problem));
    if value.is_empty() {
        return no(SourceProblem::Empty);
    }
    let lower = value
        .get(..value.len().min(16))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let limit = if lower.starts_with("data:") {
        MAX_INLINE_BYTES
    } else {
        MAX_SOURCE_BYTES
    };
    if value.len() > limit {
        return no(if limit == MAX_INLINE_BYTES {
            SourceProblem::InlineTooLarge
        } else {
            SourceProblem::TooLong
        });
    }
    if value.chars().any(bad_char) {
        return no(SourceProblem::BadCharacters);
    }
    if let Some(id) = referenced(value) {
        return AssetId::parse(id)
            .map(Source::Asset)
            .or_else(|_| no(SourceProblem::MalformedAsset));
    }
    if lower.starts_with("data:") {
        let media = if kind == ElementKind::Video && field == "src" {
            "data:video/"
        } else {
            "data:image/"
        };
        if !lower.starts_with(media) {
            return no(SourceProblem::InlineType);
        }
        return Ok(Source::Inline(value));
    }
    for scheme in ["https://", "http://"] {
        if lower.starts_with(scheme) {
            let rest = &value[scheme.len()..];
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            if host.is_empty() || host.starts_with(['@', ':']) {
                return no(SourceProblem::NoHost);
            }
            return Ok(Source::Remote(value));
        }
    }
    if value.starts_with("//") {
        return no(SourceProblem::ProtocolRelative);
    }
    if value.starts_with('/') || value.starts_with("assets/") {
        return Ok(Source::SitePath(value));
    }
    // A colon before any slash is a scheme (`javascript:`, `file:`, `blob:`, `mailto:` …).
    let head = value.split(['/', '?', '#']).next().unwrap_or_default();
    if head.contains(':') {
        return no(SourceProblem::Scheme);
    }
    no(SourceProblem::Relative)
}

/// Checks a page's social image (`og:image`): an asset (returned: whether it is in the library
/// and an image is the planner's to check; a peer's update may name one a collaborator just
/// removed, and the export then leaves it out) or an `http(s)` URL, with the limits of
/// [`check_source`]. Site paths and inline data are refused: a social card is fetched by
/// another site, which needs the file the export copies or a whole address.
pub fn check_page_image(value: &str) -> Result<Option<AssetId>, EngineError> {
    match check_source(ElementKind::Image, None, "image", value)? {
        Source::Asset(id) => Ok(Some(id)),
        Source::Remote(_) => Ok(None),
        Source::SitePath(_) | Source::Inline(_) => {
            Err(refuse(None, "image", value, SourceProblem::NotAddress))
        }
    }
}

/// Checks a link's address (`props.href` of a link): `https://` or `http://` with a host,
/// `mailto:`, `tel:`, a site path (`/about`, `assets/file.pdf`), a fragment or query on the
/// page itself (`#top`, `?q=1`), or an asset of the library. Everything else — `javascript:`,
/// `data:`, `//host`, other schemes, whitespace, quotes, angle brackets, control characters —
/// is refused with the same problems as a source.
pub fn check_link(element: Option<&str>, value: &str) -> Result<(), EngineError> {
    let no = |problem| Err(refuse(element, "href", value, problem));
    if value.is_empty() {
        return no(SourceProblem::Empty);
    }
    if value.len() > MAX_SOURCE_BYTES {
        return no(SourceProblem::TooLong);
    }
    if value.chars().any(bad_char) {
        return no(SourceProblem::BadCharacters);
    }
    let lower = value
        .get(..value.len().min(16))
        .unwrap_or_default()
        .to_ascii_lowercase();
    if value.starts_with(['#', '?']) {
        return Ok(());
    }
    for scheme in ["mailto:", "tel:"] {
        if lower.starts_with(scheme) {
            return if value.len() > scheme.len() {
                Ok(())
            } else {
                no(SourceProblem::Empty)
            };
        }
    }
    if lower.starts_with("data:") {
        return no(SourceProblem::Scheme);
    }
    // The rest follow the rules of a source: http(s), site paths, assets.
    check_source(ElementKind::Link, element, "href", value).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn problem(kind: ElementKind, field: &'static str, value: &str) -> Option<SourceProblem> {
        match check_source(kind, Some("e1"), field, value) {
            Ok(_) => None,
            Err(EngineError::InvalidSource { problem, .. }) => Some(problem),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn the_documented_forms_are_accepted() {
        let id = "ab".repeat(32);
        for ok in [
            format!("asset:{id}"),
            "https://cdn.example.com/a.png?w=640#x".into(),
            "HTTPS://EXAMPLE.COM/A.PNG".into(),
            "http://127.0.0.1:8080/a.png".into(),
            "/images/hero.jpg".into(),
            "assets/logo.png".into(),
            "data:image/png;base64,iVBORw0KGgo=".into(),
            "https://例え.jp/画像.png".into(),
        ] {
            assert_eq!(problem(ElementKind::Image, "src", &ok), None, "{ok}");
        }
        assert_eq!(
            problem(ElementKind::Video, "src", "data:video/mp4;base64,AAAA"),
            None
        );
        assert_eq!(
            problem(ElementKind::Video, "poster", "data:image/png;base64,AA"),
            None
        );
    }

    #[test]
    fn hostile_and_unclear_sources_are_refused_with_their_reason() {
        use SourceProblem::*;
        let cases: &[(&str, SourceProblem)] = &[
            ("", Empty),
            ("javascript:alert(1)", Scheme),
            ("JaVaScRiPt:alert(1)", Scheme),
            ("vbscript:msgbox", Scheme),
            ("file:///etc/passwd", Scheme),
            ("blob:https://x/1", Scheme),
            (" javascript:alert(1)", BadCharacters),
            ("java\tscript:alert(1)", BadCharacters),
            ("https://x/a b.png", BadCharacters),
            ("https://x/\"onerror=alert(1)", BadCharacters),
            ("https://x/\u{0}", BadCharacters),
            ("//evil.example/a.png", ProtocolRelative),
            ("photo.png", Relative),
            ("../secret.png", Relative),
            ("https://", NoHost),
            ("https:///path", NoHost),
            ("asset:nothex", MalformedAsset),
            ("data:text/html;base64,PHNjcmlwdD4=", InlineType),
        ];
        for (value, want) in cases {
            assert_eq!(
                problem(ElementKind::Image, "src", value),
                Some(*want),
                "{value:?}"
            );
        }
        let long = format!("https://x/{}", "a".repeat(MAX_SOURCE_BYTES));
        assert_eq!(problem(ElementKind::Image, "src", &long), Some(TooLong));
        let big = format!("data:image/png;base64,{}", "A".repeat(MAX_INLINE_BYTES));
        assert_eq!(
            problem(ElementKind::Image, "src", &big),
            Some(InlineTooLarge)
        );
        assert_eq!(
            problem(ElementKind::Video, "src", "data:image/png;base64,AA"),
            Some(InlineType)
        );
    }

    proptest! {
        /// Whatever text comes in, an accepted source is one of the documented forms and never
        /// carries a character that could leave an attribute or hide a scheme.
        #[test]
        fn accepted_sources_are_always_one_of_the_forms(value in "\\PC{0,40}|(javascript|data|https?|asset|vbscript):[ -~]{0,40}") {
            if let Ok(source) = check_source(ElementKind::Image, None, "src", &value) {
                prop_assert!(!value.chars().any(bad_char));
                let lower = value.to_ascii_lowercase();
                let form_ok = match source {
                    Source::Asset(_) => lower.starts_with("asset:"),
                    Source::Remote(_) => lower.starts_with("http://") || lower.starts_with("https://"),
                    Source::SitePath(_) => (value.starts_with('/') && !value.starts_with("//")) || value.starts_with("assets/"),
                    Source::Inline(_) => lower.starts_with("data:image/"),
                };
                prop_assert!(form_ok, "{value:?}");
                prop_assert!(!lower.starts_with("javascript:") && !lower.starts_with("vbscript:"));
            }
        }
    }
}
