//! What a file is, read from its first bytes, and what its name claims it is.

use serde::Serialize;

/// The kinds of asset OMNIOS takes in. Each is recognised from the file's bytes alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AssetKind {
    Png,
    Jpeg,
    Webp,
    Gif,
    Svg,
    Woff2,
    Woff,
    Ttf,
    Otf,
    Mp4,
    Webm,
}

/// What an asset is used as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AssetClass {
    Image,
    Font,
    Video,
}

impl AssetKind {
    pub fn class(self) -> AssetClass {
        match self {
            Self::Png | Self::Jpeg | Self::Webp | Self::Gif | Self::Svg => AssetClass::Image,
            Self::Woff2 | Self::Woff | Self::Ttf | Self::Otf => AssetClass::Font,
            Self::Mp4 | Self::Webm => AssetClass::Video,
        }
    }

    /// The MIME type the bytes are served with.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
            Self::Gif => "image/gif",
            Self::Svg => "image/svg+xml",
            Self::Woff2 => "font/woff2",
            Self::Woff => "font/woff",
            Self::Ttf => "font/ttf",
            Self::Otf => "font/otf",
            Self::Mp4 => "video/mp4",
            Self::Webm => "video/webm",
        }
    }

    /// A name for messages: "PNG image", "WOFF2 font".
    pub fn label(self) -> &'static str {
        match self {
            Self::Png => "PNG image",
            Self::Jpeg => "JPEG image",
            Self::Webp => "WebP image",
            Self::Gif => "GIF image",
            Self::Svg => "SVG image",
            Self::Woff2 => "WOFF2 font",
            Self::Woff => "WOFF font",
            Self::Ttf => "TrueType font",
            Self::Otf => "OpenType font",
            Self::Mp4 => "MP4 video",
            Self::Webm => "WebM video",
        }
    }

    /// The kind a file extension (without the dot, any case) names, if OMNIOS takes it.
    pub fn from_extension(extension: &str) -> Option<Self> {
        Some(match extension.to_ascii_lowercase().as_str() {
            "png" => Self::Png,
            "jpg" | "jpeg" | "jfif" => Self::Jpeg,
            "webp" => Self::Webp,
            "gif" => Self::Gif,
            "svg" => Self::Svg,
            "woff2" => Self::Woff2,
            "woff" => Self::Woff,
            "ttf" => Self::Ttf,
            "otf" => Self::Otf,
            "mp4" | "m4v" => Self::Mp4,
            "webm" => Self::Webm,
            _ => return None,
        })
    }

    /// Whether a file named as `self` may hold bytes of `actual`. TrueType and OpenType share
    /// one container (sfnt), and fonts are routinely named either way.
    pub fn name_allows(self, actual: Self) -> bool {
        self == actual
            || matches!(
                (self, actual),
                (Self::Ttf, Self::Otf) | (Self::Otf, Self::Ttf)
            )
    }

    /// Recognises the kind from the bytes alone; `None` when they are none of the kinds.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        let starts = |magic: &[u8]| bytes.starts_with(magic);
        if starts(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if starts(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            Some(Self::Webp)
        } else if starts(b"GIF87a") || starts(b"GIF89a") {
            Some(Self::Gif)
        } else if starts(b"wOF2") {
            Some(Self::Woff2)
        } else if starts(b"wOFF") {
            Some(Self::Woff)
        } else if starts(&[0, 1, 0, 0]) || starts(b"true") {
            Some(Self::Ttf)
        } else if starts(b"OTTO") {
            Some(Self::Otf)
        } else if bytes.get(4..8) == Some(b"ftyp") {
            Some(Self::Mp4)
        } else if starts(&[0x1A, 0x45, 0xDF, 0xA3])
            && contains(&bytes[..bytes.len().min(64)], b"webm")
        {
            Some(Self::Webm)
        } else if looks_like_svg(bytes) {
            Some(Self::Svg)
        } else {
            None
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Text whose first markup (after a BOM, whitespace, an XML declaration, comments or a
/// doctype) opens an `<svg` element. The sanitiser parses it properly later.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Ok(text) = std::str::from_utf8(head).or_else(|error| {
        // The 4 KiB cut may split a character; what came before it is still text.
        std::str::from_utf8(&head[..error.valid_up_to()])
    }) else {
        return false;
    };
    let mut rest = text.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            match after.find("?>") {
                Some(end) => rest = after[end + 2..].trim_start(),
                None => return false,
            }
        } else if let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = after[end + 3..].trim_start(),
                None => return false,
            }
        } else if let Some(after) = rest.strip_prefix("<!") {
            match after.find('>') {
                Some(end) => rest = after[end + 1..].trim_start(),
                None => return false,
            }
        } else {
            return rest.starts_with("<svg")
                && rest[4..]
                    .starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/');
        }
    }
}
