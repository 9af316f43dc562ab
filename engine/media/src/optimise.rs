//! `optimise_image`: a raster image decoded under limits, turned upright, stripped of all
//! metadata, resized to responsive widths and encoded as lossy WebP, plus a tiny placeholder.
//!
//! Encoder: `vaam-image-webp` (imported as `lossy_webp`), a pure-Rust lossy (VP8) WebP encoder, so the module builds for
//! wasm32 without a C toolchain (`image`'s own WebP encoder is lossless only, and lossless
//! photos are several times larger). Metadata cannot survive: the outputs are encoded from
//! pixels alone and the encoder is given no EXIF, XMP or ICC chunk. Resizing is Lanczos3
//! through `fast_image_resize`, from the full upright image to each width.

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::DynamicImage;
use lossy_webp::{ColorType, EncoderParams, WebPEncoder};
use serde::Serialize;

use crate::error::MediaError;
use crate::hash::sha256_hex;
use crate::inspect::{checked_kind, AssetInfo};
use crate::kind::AssetKind;
use crate::raster::decode_upright;

/// The responsive widths OMNIOS makes by default.
pub const DEFAULT_WIDTHS: [u32; 3] = [640, 1280, 1920];
/// WebP quality (0–100) of the variants: 75, libwebp's own default and where photos stop
/// showing blocking at normal viewing size.
pub const DEFAULT_QUALITY: u8 = 75;
/// Width of the blur placeholder: 16 px keeps it a few hundred bytes, small enough for a data
/// URL in the document; the browser scales and blurs it.
pub const DEFAULT_PLACEHOLDER_WIDTH: u32 = 16;
/// Widest placeholder allowed.
pub const MAX_PLACEHOLDER_WIDTH: u32 = 32;
const PLACEHOLDER_QUALITY: u8 = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptimiseOptions {
    /// Target widths; each is capped at the image's own width (never upscaled), then
    /// duplicates are dropped.
    pub widths: Vec<u32>,
    /// WebP quality, 0–100.
    pub quality: u8,
    /// Placeholder width, at most `MAX_PLACEHOLDER_WIDTH`.
    pub placeholder_width: u32,
}

impl Default for OptimiseOptions {
    fn default() -> Self {
        Self {
            widths: DEFAULT_WIDTHS.to_vec(),
            quality: DEFAULT_QUALITY,
            placeholder_width: DEFAULT_PLACEHOLDER_WIDTH,
        }
    }
}

/// One encoded picture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Encoded {
    pub width: u32,
    pub height: u32,
    pub mime: &'static str,
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// The result of optimising one image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Optimised {
    /// The original file as inspected (its hash is of the original bytes).
    pub source: AssetInfo,
    /// Ascending by width.
    pub variants: Vec<Encoded>,
    pub placeholder: Encoded,
}

/// Optimises the raster image `bytes`. Refuses what `inspect` refuses, and SVG, fonts and
/// video (`MediaError::NotARasterImage`).
pub fn optimise_image(
    bytes: &[u8],
    declared_name: &str,
    options: &OptimiseOptions,
) -> Result<Optimised, MediaError> {
    let kind = checked_kind(bytes, declared_name)?;
    if matches!(kind, AssetKind::Svg) || kind.class() != crate::AssetClass::Image {
        return Err(MediaError::NotARasterImage { kind });
    }
    let image = decode_upright(bytes, kind)?;
    let (width, height) = (image.width(), image.height());
    let pixels = Pixels::from_image(image);

    let mut targets: Vec<u32> = options.widths.iter().map(|&w| w.clamp(1, width)).collect();
    targets.sort_unstable();
    targets.dedup();
    let variants = targets
        .into_iter()
        .map(|target| encode(&pixels.resized(target)?, options.quality.min(100)))
        .collect::<Result<Vec<_>, _>>()?;

    let placeholder_width = options
        .placeholder_width
        .clamp(1, MAX_PLACEHOLDER_WIDTH)
        .min(width);
    let placeholder = encode(&pixels.resized(placeholder_width)?, PLACEHOLDER_QUALITY)?;

    Ok(Optimised {
        source: AssetInfo {
            kind,
            class: kind.class(),
            mime: kind.mime(),
            byte_length: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            width: Some(width),
            height: Some(height),
            sha256: sha256_hex(bytes),
        },
        variants,
        placeholder,
    })
}

/// 8-bit pixels, RGB when every pixel is opaque (no alpha chunk in the WebP), else RGBA.
struct Pixels {
    width: u32,
    height: u32,
    color: ColorType,
    data: Vec<u8>,
}

impl Pixels {
    fn from_image(image: DynamicImage) -> Self {
        let (width, height) = (image.width(), image.height());
        if image.color().has_alpha() {
            let rgba = image.into_rgba8();
            if rgba.pixels().any(|pixel| pixel.0[3] != 255) {
                return Self {
                    width,
                    height,
                    color: ColorType::Rgba8,
                    data: rgba.into_raw(),
                };
            }
            let rgb = DynamicImage::ImageRgba8(rgba).into_rgb8();
            return Self {
                width,
                height,
                color: ColorType::Rgb8,
                data: rgb.into_raw(),
            };
        }
        Self {
            width,
            height,
            color: ColorType::Rgb8,
            data: image.into_rgb8().into_raw(),
        }
    }

    /// A copy `target_width` wide, the height keeping the aspect ratio (at least 1 px).
    fn resized(&self, target_width: u32) -> Result<Pixels, MediaError> {
        let target_height = ((u64::from(self.height) * u64::from(target_width)
            + u64::from(self.width) / 2)
            / u64::from(self.width))
        .clamp(1, u64::from(u32::MAX));
        let target_height = u32::try_from(target_height).unwrap_or(u32::MAX);
        if target_width == self.width && target_height == self.height {
            return Ok(Pixels {
                data: self.data.clone(),
                ..*self
            });
        }
        let pixel_type = match self.color {
            ColorType::Rgba8 => PixelType::U8x4,
            _ => PixelType::U8x3,
        };
        let resize_error = |error: &dyn std::fmt::Display| MediaError::Encode(error.to_string());
        let source = fast_image_resize::images::ImageRef::new(
            self.width,
            self.height,
            &self.data,
            pixel_type,
        )
        .map_err(|error| resize_error(&error))?;
        let mut target = Image::new(target_width, target_height, pixel_type);
        let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
        Resizer::new()
            .resize(&source, &mut target, &options)
            .map_err(|error| resize_error(&error))?;
        Ok(Pixels {
            width: target_width,
            height: target_height,
            color: self.color,
            data: target.into_vec(),
        })
    }
}

fn encode(pixels: &Pixels, quality: u8) -> Result<Encoded, MediaError> {
    let mut bytes = Vec::new();
    let mut encoder = WebPEncoder::new(&mut bytes);
    let mut params = EncoderParams::default();
    params.use_lossy = true;
    params.lossy_quality = quality;
    encoder.set_params(params);
    encoder
        .encode(&pixels.data, pixels.width, pixels.height, pixels.color)
        .map_err(|error| MediaError::Encode(error.to_string()))?;
    Ok(Encoded {
        width: pixels.width,
        height: pixels.height,
        mime: "image/webp",
        sha256: sha256_hex(&bytes),
        bytes,
    })
}
