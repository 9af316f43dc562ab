//! The asset intake pipeline of OMNIOS: what a designer's file is, whether it may come in, and
//! the optimised forms it is stored and shown in. Pure (bytes in, bytes out; no I/O, no clock),
//! so it runs natively and as WebAssembly in the editor's media worker (`engine/media-wasm`).
//!
//! - [`inspect`] recognises a file from its bytes, refuses a name that lies about them and
//!   files over the limits of their kind ([`limits`]), and reads dimensions and the SHA-256.
//! - [`optimise_image`] decodes a raster image under limits, turns it upright, strips its
//!   metadata and encodes WebP variants at responsive widths plus a tiny placeholder.
//! - [`sanitise_svg`] rewrites an SVG without scripts or outside references.

mod error;
mod hash;
mod inspect;
mod kind;
pub mod limits;
mod optimise;
mod raster;
mod svg;

pub use error::MediaError;
pub use hash::sha256_hex;
pub use inspect::{inspect, AssetInfo};
pub use kind::{AssetClass, AssetKind};
pub use optimise::{
    optimise_image, Encoded, OptimiseOptions, Optimised, DEFAULT_PLACEHOLDER_WIDTH,
    DEFAULT_QUALITY, DEFAULT_WIDTHS, MAX_PLACEHOLDER_WIDTH,
};
pub use svg::{sanitise_svg, SanitisedSvg};
