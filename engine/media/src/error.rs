//! What can go wrong when a designer brings a file in, worded for the designer.

use crate::kind::AssetKind;

/// Every way `inspect`, `optimise_image` and `sanitise_svg` refuse a file. The messages name
/// the file's problem and what the designer can do about it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MediaError {
    #[error("The file is empty.")]
    Empty,

    #[error(
        "This file is not an image, font or video OMNIOS can use. Use PNG, JPEG, WebP, GIF or SVG \
         images, WOFF2, WOFF, TTF or OTF fonts, or MP4 or WebM video."
    )]
    Unrecognised,

    #[error("“{name}” ends in .{extension}, which OMNIOS does not accept. Use PNG, JPEG, WebP, GIF, SVG, WOFF2, WOFF, TTF, OTF, MP4 or WebM.")]
    UnsupportedExtension { name: String, extension: String },

    #[error("“{name}” is named like {named}, but its contents are {actual}. Rename or re-export the file so its name matches what it is.")]
    NameMismatch {
        name: String,
        named: &'static str,
        actual: &'static str,
    },

    #[error("{kind_label} files can be at most {limit_mb} MB; this one is {actual_mb} MB. Export a smaller file and try again.", kind_label = kind.label(), limit_mb = mb(*limit), actual_mb = mb(*actual))]
    FileTooLarge {
        kind: AssetKind,
        limit: u64,
        actual: u64,
    },

    #[error("The image says it is {width} × {height} pixels, more than OMNIOS opens ({max_pixels_mp} megapixels, at most {max_side} pixels a side). Scale it down before adding it.", max_pixels_mp = *max_pixels / 1_000_000)]
    ImageTooLarge {
        width: u32,
        height: u32,
        max_pixels: u64,
        max_side: u32,
    },

    #[error("Opening this image would need more memory than OMNIOS allows ({max_mb} MB). Scale it down before adding it.", max_mb = crate::limits::MAX_DECODE_ALLOC / 1_000_000)]
    DecodeTooLarge,

    #[error("The {kind_label} is damaged or incomplete (it may have been cut off while downloading): {detail}", kind_label = kind.label())]
    Corrupt { kind: AssetKind, detail: String },

    #[error("{kind_label} files cannot be optimised as pictures.", kind_label = kind.label())]
    NotARasterImage { kind: AssetKind },

    #[error("The SVG cannot be read as XML: {0}")]
    SvgNotXml(String),

    #[error("The SVG's outermost element is <{0}>, not <svg>.")]
    SvgNotSvg(String),

    #[error("The image could not be encoded as WebP: {0}")]
    Encode(String),
}

impl MediaError {
    /// A stable name of the variant, for hosts that branch on the kind of refusal.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::Unrecognised => "unrecognised",
            Self::UnsupportedExtension { .. } => "unsupported-extension",
            Self::NameMismatch { .. } => "name-mismatch",
            Self::FileTooLarge { .. } => "file-too-large",
            Self::ImageTooLarge { .. } => "image-too-large",
            Self::DecodeTooLarge => "decode-too-large",
            Self::Corrupt { .. } => "corrupt",
            Self::NotARasterImage { .. } => "not-a-raster-image",
            Self::SvgNotXml(_) => "svg-not-xml",
            Self::SvgNotSvg(_) => "svg-not-svg",
            Self::Encode(_) => "encode",
        }
    }
}

fn mb(bytes: u64) -> String {
    let tenths = bytes.div_ceil(100_000);
    format!("{}.{}", tenths / 10, tenths % 10)
}
