//! `inspect`: what a file is (from its bytes), whether its name tells the truth, whether it is
//! within the limits, its dimensions and its content hash.

use serde::Serialize;

use crate::error::MediaError;
use crate::hash::sha256_hex;
use crate::kind::{AssetClass, AssetKind};
use crate::limits::max_bytes;
use crate::raster::upright_dimensions;
use crate::svg::sanitise_svg;

/// What OMNIOS knows about a file before storing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssetInfo {
    pub kind: AssetKind,
    pub class: AssetClass,
    pub mime: &'static str,
    pub byte_length: u64,
    /// Width and height as shown (EXIF orientation applied) for raster images; from the
    /// attributes or viewBox for SVG; `None` for fonts and video.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// SHA-256 of the bytes, 64 lowercase hex digits: the key the bytes are stored under.
    pub sha256: String,
}

/// Recognises `bytes` (never trusting `declared_name`), refuses a name whose extension names
/// another kind, and checks the size limits of the kind and, for images, the declared
/// dimensions. Raster pixels are not decoded here; SVG is parsed.
pub fn inspect(bytes: &[u8], declared_name: &str) -> Result<AssetInfo, MediaError> {
    let kind = checked_kind(bytes, declared_name)?;
    let (width, height) = match kind.class() {
        AssetClass::Image if kind == AssetKind::Svg => {
            let svg = sanitise_svg(bytes)?;
            (svg.width, svg.height)
        }
        AssetClass::Image => {
            let (width, height) = upright_dimensions(bytes, kind)?;
            (Some(width), Some(height))
        }
        AssetClass::Font | AssetClass::Video => (None, None),
    };
    Ok(AssetInfo {
        kind,
        class: kind.class(),
        mime: kind.mime(),
        byte_length: byte_length(bytes),
        width,
        height,
        sha256: sha256_hex(bytes),
    })
}

/// The kind of `bytes`, after the name and size checks.
pub(crate) fn checked_kind(bytes: &[u8], declared_name: &str) -> Result<AssetKind, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    let actual = AssetKind::sniff(bytes).ok_or(MediaError::Unrecognised)?;
    if let Some(extension) = extension(declared_name) {
        let named = AssetKind::from_extension(extension).ok_or_else(|| {
            MediaError::UnsupportedExtension {
                name: declared_name.to_owned(),
                extension: extension.to_owned(),
            }
        })?;
        if !named.name_allows(actual) {
            return Err(MediaError::NameMismatch {
                name: declared_name.to_owned(),
                named: with_article(named),
                actual: with_article(actual),
            });
        }
    }
    let limit = max_bytes(actual);
    if byte_length(bytes) > limit {
        return Err(MediaError::FileTooLarge {
            kind: actual,
            limit,
            actual: byte_length(bytes),
        });
    }
    Ok(actual)
}

fn byte_length(bytes: &[u8]) -> u64 {
    u64::try_from(bytes.len()).unwrap_or(u64::MAX)
}

/// The extension of the last path segment, if it has one ("photo.JPG" → "JPG").
fn extension(name: &str) -> Option<&str> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, extension) = file.rsplit_once('.')?;
    (!stem.is_empty() && !extension.is_empty()).then_some(extension)
}

fn with_article(kind: AssetKind) -> &'static str {
    match kind {
        AssetKind::Png => "a PNG image",
        AssetKind::Jpeg => "a JPEG image",
        AssetKind::Webp => "a WebP image",
        AssetKind::Gif => "a GIF image",
        AssetKind::Svg => "an SVG image",
        AssetKind::Woff2 => "a WOFF2 font",
        AssetKind::Woff => "a WOFF font",
        AssetKind::Ttf => "a TrueType font",
        AssetKind::Otf => "an OpenType font",
        AssetKind::Mp4 => "an MP4 video",
        AssetKind::Webm => "a WebM video",
    }
}
