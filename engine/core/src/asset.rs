//! The asset library: what the document knows about each image, video or font a designer
//! brought in. The bytes live outside the document, in a content-addressed blob store (the
//! browser's, the server's, a backup's `assets/` folder), under the SHA-256 of the bytes; the
//! document keeps only this metadata, so collaborators and versions see the same library.
//!
//! An element uses an asset through its source: `props.src` (and a video's `props.poster`)
//! set to `asset:<id>`, where `<id>` is the asset's 64-digit lowercase SHA-256. One field holds
//! either a URL or an asset, so an image never has two sources, and replacing an asset rewrites
//! that one field on every element using it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::element::{Element, ElementKind, Scalar};
use crate::error::EngineError;

/// The prefix of a source that names an asset of the library.
pub const ASSET_SCHEME: &str = "asset:";
/// Longest asset name, in characters.
pub const MAX_ASSET_NAME_CHARS: usize = 256;
/// Longest alt text, in characters.
pub const MAX_ALT_CHARS: usize = 1024;
/// Longest placeholder (a small data URL), in bytes.
pub const MAX_PLACEHOLDER_BYTES: usize = 4 * 1024;
/// Most responsive variants of one asset.
pub const MAX_VARIANTS: usize = 16;
/// Largest asset the library records, in bytes (the blob stores refuse larger ones too).
pub const MAX_ASSET_BYTES: u64 = 256 * 1024 * 1024;
/// Largest width or height recorded, in pixels.
pub const MAX_DIMENSION: u32 = 65_535;

/// Identifies an asset: the SHA-256 of its stored bytes, 64 lowercase hex digits.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AssetId(pub String);

impl AssetId {
    /// Checks the form: exactly 64 characters of `0-9a-f`.
    pub fn parse(raw: &str) -> Result<Self, EngineError> {
        if is_sha256_hex(raw) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(EngineError::InvalidId {
                what: "asset",
                id: raw.chars().take(80).collect(),
            })
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The source that points at this asset: `asset:<id>`.
    pub fn to_source(&self) -> String {
        format!("{ASSET_SCHEME}{}", self.0)
    }
}

impl fmt::Display for AssetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `raw` is a SHA-256 in lowercase hex (the blob stores' key form).
pub fn is_sha256_hex(raw: &str) -> bool {
    raw.len() == 64 && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// One responsive variant: the same picture re-encoded at a smaller width.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Variant {
    /// Width in pixels.
    pub width: u32,
    /// SHA-256 of the variant's bytes (a blob, not an asset of its own).
    pub hash: AssetId,
}

/// One asset of the library as the document holds it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    /// SHA-256 of the stored bytes.
    pub id: AssetId,
    /// Name shown in the assets panel (the file name it came with, or the designer's).
    pub name: String,
    /// MIME type checked from the bytes (`image/png`, `video/mp4`, `font/woff2`, …).
    pub mime: String,
    /// Size of the stored bytes.
    pub size: u64,
    /// Width in pixels (images and video).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub width: Option<u32>,
    /// Height in pixels (images and video).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub height: Option<u32>,
    /// Alternative text for images; the export flags images whose asset has none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub alt: String,
    /// Responsive variants, narrowest first (may be empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// What to show while the bytes load: a small `data:image/…` URL or a blob's SHA-256.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub placeholder: Option<String>,
}

impl Asset {
    /// Every blob this asset needs: its own bytes, its variants and a placeholder stored as a
    /// blob. A backup, a version or a server copy keeps all of them.
    pub fn blobs(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str())
            .chain(self.variants.iter().map(|v| v.hash.as_str()))
            .chain(self.placeholder.as_deref().filter(|p| is_sha256_hex(p)))
    }
}

/// How many elements use an asset, and which (the assets panel's usage count).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetUsage {
    /// The asset.
    pub id: AssetId,
    /// Elements whose source names it, sorted by id.
    pub elements: Vec<crate::id::ElementId>,
    /// Named by elements but not in the library (a peer removed it meanwhile).
    pub missing: bool,
}

/// The props that hold a source, for the kinds that have one.
pub fn source_props(kind: ElementKind) -> &'static [&'static str] {
    match kind {
        ElementKind::Image => &["src"],
        ElementKind::Video => &["src", "poster"],
        _ => &[],
    }
}

/// The asset a source names, if it is an `asset:` reference (checked or not).
pub fn referenced(source: &str) -> Option<&str> {
    source.strip_prefix(ASSET_SCHEME)
}

/// The assets an element's sources name (well-formed ids only).
pub fn assets_used_by(el: &Element) -> BTreeSet<AssetId> {
    source_props(el.kind)
        .iter()
        .filter_map(|key| match el.props.get(*key) {
            Some(Scalar::Text(t)) => referenced(t).filter(|id| is_sha256_hex(id)),
            _ => None,
        })
        .map(|id| AssetId(id.to_owned()))
        .collect()
}

fn check_label(field: &str, text: &str, max: usize) -> Result<(), EngineError> {
    if text.chars().count() > max || text.chars().any(char::is_control) {
        return Err(EngineError::invalid(
            None,
            field,
            format!("at most {max} printable characters"),
        ));
    }
    Ok(())
}

/// Checks an asset's name.
pub fn check_asset_name(name: &str) -> Result<(), EngineError> {
    if name.trim().is_empty() {
        return Err(EngineError::invalid(None, "name", "an asset needs a name"));
    }
    check_label("name", name, MAX_ASSET_NAME_CHARS)
}

/// Checks alt text.
pub fn check_alt(alt: &str) -> Result<(), EngineError> {
    check_label("alt", alt, MAX_ALT_CHARS)
}

/// Checks a MIME type's form: `type/subtype` of lowercase token characters.
fn check_mime(mime: &str) -> Result<(), EngineError> {
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b))
    };
    match mime.split_once('/') {
        Some((kind, sub)) if mime.len() <= 128 && token(kind) && token(sub) => Ok(()),
        _ => Err(EngineError::invalid(
            None,
            "mime",
            format!("{:?} is not a MIME type like image/png", clip(mime)),
        )),
    }
}

fn check_placeholder(placeholder: &str) -> Result<(), EngineError> {
    if is_sha256_hex(placeholder) {
        return Ok(());
    }
    if placeholder.len() > MAX_PLACEHOLDER_BYTES {
        return Err(EngineError::PayloadTooLarge {
            bytes: placeholder.len(),
            limit: MAX_PLACEHOLDER_BYTES,
        });
    }
    if !placeholder.starts_with("data:image/")
        || placeholder
            .chars()
            .any(|c| c.is_control() || c.is_whitespace())
    {
        return Err(EngineError::invalid(
            None,
            "placeholder",
            "use a small data:image/… URL or a blob's SHA-256",
        ));
    }
    Ok(())
}

/// Checks a whole asset record: the same checks for a command, a snapshot and a version.
pub fn check_asset(asset: &Asset) -> Result<(), EngineError> {
    AssetId::parse(asset.id.as_str())?;
    check_asset_name(&asset.name)?;
    check_mime(&asset.mime)?;
    check_alt(&asset.alt)?;
    if asset.size > MAX_ASSET_BYTES {
        return Err(EngineError::PayloadTooLarge {
            bytes: usize::try_from(asset.size).unwrap_or(usize::MAX),
            limit: MAX_ASSET_BYTES as usize,
        });
    }
    for (field, value) in [("width", asset.width), ("height", asset.height)] {
        if value.is_some_and(|v| v == 0 || v > MAX_DIMENSION) {
            return Err(EngineError::invalid(
                None,
                field,
                format!("between 1 and {MAX_DIMENSION} pixels"),
            ));
        }
    }
    if asset.variants.len() > MAX_VARIANTS {
        return Err(EngineError::invalid(
            None,
            "variants",
            format!("at most {MAX_VARIANTS}"),
        ));
    }
    let mut widths = BTreeMap::new();
    for v in &asset.variants {
        AssetId::parse(v.hash.as_str())?;
        if v.width == 0 || v.width > MAX_DIMENSION || widths.insert(v.width, ()).is_some() {
            return Err(EngineError::invalid(
                None,
                "variants",
                format!("widths are 1–{MAX_DIMENSION} pixels, each once"),
            ));
        }
    }
    if let Some(p) = &asset.placeholder {
        check_placeholder(p)?;
    }
    Ok(())
}

/// The record as the document stores it: variants sorted by width.
pub fn normalized(mut asset: Asset) -> Asset {
    asset.variants.sort();
    asset
}

pub(crate) fn clip(text: &str) -> String {
    text.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(c: char) -> AssetId {
        AssetId(c.to_string().repeat(64))
    }

    fn photo() -> Asset {
        Asset {
            id: hash('a'),
            name: "photo.jpg".into(),
            mime: "image/jpeg".into(),
            size: 1000,
            width: Some(1920),
            height: Some(1080),
            alt: String::new(),
            variants: vec![Variant {
                width: 640,
                hash: hash('b'),
            }],
            placeholder: Some(hash('c').0),
        }
    }

    #[test]
    fn an_asset_needs_every_blob_it_names() {
        let asset = photo();
        let blobs: Vec<&str> = asset.blobs().collect();
        assert_eq!(blobs, [hash('a').0, hash('b').0, hash('c').0]);
    }

    #[test]
    fn malformed_records_are_refused() {
        assert!(check_asset(&photo()).is_ok());
        let bad = [
            Asset {
                id: AssetId("A".repeat(64)),
                ..photo()
            },
            Asset {
                name: " ".into(),
                ..photo()
            },
            Asset {
                mime: "image".into(),
                ..photo()
            },
            Asset {
                width: Some(0),
                ..photo()
            },
            Asset {
                placeholder: Some("javascript:alert(1)".into()),
                ..photo()
            },
            Asset {
                variants: vec![
                    Variant {
                        width: 640,
                        hash: hash('b'),
                    },
                    Variant {
                        width: 640,
                        hash: hash('d'),
                    },
                ],
                ..photo()
            },
        ];
        for asset in bad {
            assert!(check_asset(&asset).is_err(), "{asset:?}");
        }
    }
}
