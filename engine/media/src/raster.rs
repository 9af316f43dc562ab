//! Reading raster images safely: dimensions from the header first, then a decode under the
//! `image` crate's limits, turned upright by the EXIF orientation.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use crate::error::MediaError;
use crate::kind::AssetKind;
use crate::limits::{dimensions_allowed, MAX_DECODE_ALLOC, MAX_PIXELS, MAX_SIDE};

/// The `image` crate's format for a raster kind; other kinds are refused.
fn format_of(kind: AssetKind) -> Result<ImageFormat, MediaError> {
    match kind {
        AssetKind::Png => Ok(ImageFormat::Png),
        AssetKind::Jpeg => Ok(ImageFormat::Jpeg),
        AssetKind::Webp => Ok(ImageFormat::WebP),
        AssetKind::Gif => Ok(ImageFormat::Gif),
        other => Err(MediaError::NotARasterImage { kind: other }),
    }
}

fn reader(bytes: &[u8], kind: AssetKind) -> Result<ImageReader<Cursor<&[u8]>>, MediaError> {
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format_of(kind)?);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    Ok(reader)
}

/// The stored (not yet oriented) dimensions, from the header alone, refused when too large.
fn checked_dimensions(bytes: &[u8], kind: AssetKind) -> Result<(u32, u32), MediaError> {
    let mut header = ImageReader::new(Cursor::new(bytes));
    header.set_format(format_of(kind)?);
    header.no_limits();
    let (width, height) = header
        .into_dimensions()
        .map_err(|error| from_image_error(kind, error))?;
    if !dimensions_allowed(width, height) {
        return Err(too_large(width, height));
    }
    Ok((width, height))
}

/// Width and height as the image is meant to be seen (EXIF orientation applied), read from the
/// header without decoding pixels.
pub(crate) fn upright_dimensions(bytes: &[u8], kind: AssetKind) -> Result<(u32, u32), MediaError> {
    let (width, height) = checked_dimensions(bytes, kind)?;
    let (_, orientation) = decoder_and_orientation(bytes, kind)?;
    Ok(if swaps_sides(orientation) {
        (height, width)
    } else {
        (width, height)
    })
}

/// Decodes the whole image (the first frame of an animation) and turns it upright. The
/// dimensions are checked before any pixel buffer is allocated.
pub(crate) fn decode_upright(bytes: &[u8], kind: AssetKind) -> Result<DynamicImage, MediaError> {
    checked_dimensions(bytes, kind)?;
    let (decoder, orientation) = decoder_and_orientation(bytes, kind)?;
    let mut image =
        DynamicImage::from_decoder(decoder).map_err(|error| from_image_error(kind, error))?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// A decoder under the limits, and the EXIF orientation it reports.
fn decoder_and_orientation(
    bytes: &[u8],
    kind: AssetKind,
) -> Result<(impl ImageDecoder + '_, Orientation), MediaError> {
    let mut decoder = reader(bytes, kind)?
        .into_decoder()
        .map_err(|error| from_image_error(kind, error))?;
    let orientation = decoder
        .orientation()
        .map_err(|error| from_image_error(kind, error))?;
    Ok((decoder, orientation))
}

fn swaps_sides(orientation: Orientation) -> bool {
    use Orientation::*;
    matches!(
        orientation,
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH
    )
}

fn too_large(width: u32, height: u32) -> MediaError {
    MediaError::ImageTooLarge {
        width,
        height,
        max_pixels: MAX_PIXELS,
        max_side: MAX_SIDE,
    }
}

fn from_image_error(kind: AssetKind, error: ImageError) -> MediaError {
    match error {
        ImageError::Limits(_) => MediaError::DecodeTooLarge,
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            MediaError::Corrupt {
                kind,
                detail: "the file ends before the picture does".to_owned(),
            }
        }
        other => MediaError::Corrupt {
            kind,
            detail: other.to_string(),
        },
    }
}
