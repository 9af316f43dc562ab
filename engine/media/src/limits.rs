//! How big a file of each kind may be, and how many pixels an image may declare.

use crate::kind::{AssetClass, AssetKind};

const MB: u64 = 1_000_000;

/// Largest raster image file (bytes).
pub const MAX_RASTER_BYTES: u64 = 40 * MB;
/// Largest SVG (bytes): an SVG this large is almost always an embedded bitmap or generated art.
pub const MAX_SVG_BYTES: u64 = 2 * MB;
/// Largest font file (bytes).
pub const MAX_FONT_BYTES: u64 = 10 * MB;
/// Largest video file (bytes).
pub const MAX_VIDEO_BYTES: u64 = 200 * MB;

/// Most pixels an image may declare before it is decoded: 50 megapixels, above any phone
/// camera's photo, and 200 MB as 8-bit RGBA.
pub const MAX_PIXELS: u64 = 50_000_000;
/// Longest side an image may declare.
pub const MAX_SIDE: u32 = 16_384;
/// Most memory the decoder may allocate (bytes), checked by the `image` crate before it
/// allocates.
pub const MAX_DECODE_ALLOC: u64 = 512 * MB;

/// The largest file of `kind` OMNIOS accepts.
pub fn max_bytes(kind: AssetKind) -> u64 {
    match kind.class() {
        AssetClass::Image if kind == AssetKind::Svg => MAX_SVG_BYTES,
        AssetClass::Image => MAX_RASTER_BYTES,
        AssetClass::Font => MAX_FONT_BYTES,
        AssetClass::Video => MAX_VIDEO_BYTES,
    }
}

/// Whether declared dimensions are within what OMNIOS decodes.
pub fn dimensions_allowed(width: u32, height: u32) -> bool {
    width <= MAX_SIDE && height <= MAX_SIDE && u64::from(width) * u64::from(height) <= MAX_PIXELS
}
