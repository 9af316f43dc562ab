//! What a designer gets from a photo: upright, without metadata, at responsive widths, with a
//! tiny placeholder.

mod support;

use image::{load_from_memory_with_format, ImageFormat, Rgb};
use omnios_media::{inspect, optimise_image, AssetKind, OptimiseOptions, MAX_PLACEHOLDER_WIDTH};
use support::*;

fn decoded(webp: &[u8]) -> image::RgbImage {
    load_from_memory_with_format(webp, ImageFormat::WebP)
        .expect("output decodes as WebP")
        .into_rgb8()
}

fn near(pixel: &Rgb<u8>, expected: Rgb<u8>) -> bool {
    pixel
        .0
        .iter()
        .zip(expected.0)
        .all(|(&a, b)| a.abs_diff(b) < 40)
}

#[test]
fn an_exif_rotated_photo_comes_out_upright() {
    // Stored 80 × 40, left half red; orientation 6 says "turn 90° clockwise to view", so the
    // photo is 40 × 80 with red on top.
    let photo = with_segment(&jpeg(&halves(80, 40)), &exif_app1(6));

    let info = inspect(&photo, "phone.jpg").expect("inspect");
    assert_eq!((info.width, info.height), (Some(40), Some(80)));

    let optimised =
        optimise_image(&photo, "phone.jpg", &OptimiseOptions::default()).expect("optimise");
    assert_eq!(
        (optimised.source.width, optimised.source.height),
        (Some(40), Some(80))
    );
    let variant = &optimised.variants[0];
    assert_eq!((variant.width, variant.height), (40, 80));
    let pixels = decoded(&variant.bytes);
    assert!(
        near(pixels.get_pixel(20, 10), RED),
        "top is red: {:?}",
        pixels.get_pixel(20, 10)
    );
    assert!(
        near(pixels.get_pixel(20, 70), BLUE),
        "bottom is blue: {:?}",
        pixels.get_pixel(20, 70)
    );
}

#[test]
fn outputs_carry_no_metadata() {
    let photo = with_segment(&jpeg(&halves(700, 300)), &exif_app1(1));
    assert!(contains(&photo, b"Exif"), "the fixture does carry EXIF");

    let optimised =
        optimise_image(&photo, "gps.jpeg", &OptimiseOptions::default()).expect("optimise");
    for output in optimised.variants.iter().chain([&optimised.placeholder]) {
        assert_eq!(
            webp_chunks(&output.bytes),
            ["VP8 "],
            "only the picture itself"
        );
        assert!(!contains(&output.bytes, b"Exif") && !contains(&output.bytes, b"EXIF"));
        assert!(
            !contains(&output.bytes, b"MM\0\x2a"),
            "no TIFF block, so no GPS tag"
        );
    }
}

#[test]
fn variants_are_the_responsive_widths_capped_at_the_original() {
    let widths = |width: u32, height: u32| {
        let optimised = optimise_image(
            &jpeg(&halves(width, height)),
            "",
            &OptimiseOptions::default(),
        )
        .expect("optimise");
        optimised
            .variants
            .iter()
            .map(|variant| (variant.width, variant.height))
            .collect::<Vec<_>>()
    };
    assert_eq!(widths(2400, 1200), [(640, 320), (1280, 640), (1920, 960)]);
    assert_eq!(
        widths(1000, 500),
        [(640, 320), (1000, 500)],
        "no upscaling past the original"
    );
    assert_eq!(widths(300, 200), [(300, 200)]);
}

#[test]
fn every_variant_decodes_at_its_size_with_its_hash() {
    let photo = jpeg(&halves(1400, 900));
    let optimised = optimise_image(&photo, "a.jpg", &OptimiseOptions::default()).expect("optimise");
    for variant in &optimised.variants {
        let pixels = decoded(&variant.bytes);
        assert_eq!(pixels.dimensions(), (variant.width, variant.height));
        assert_eq!(variant.mime, "image/webp");
        assert_eq!(variant.sha256, omnios_media::sha256_hex(&variant.bytes));
    }
}

#[test]
fn the_placeholder_is_tiny_enough_for_a_data_url() {
    let optimised = optimise_image(
        &jpeg(&halves(400, 300)),
        "big.jpg",
        &OptimiseOptions::default(),
    )
    .expect("optimise");
    let placeholder = &optimised.placeholder;
    assert!(placeholder.width <= MAX_PLACEHOLDER_WIDTH);
    assert_eq!((placeholder.width, placeholder.height), (16, 12));
    assert!(
        placeholder.bytes.len() < 1024,
        "placeholder is {} bytes",
        placeholder.bytes.len()
    );
    assert_eq!(decoded(&placeholder.bytes).dimensions(), (16, 12));
}

#[test]
fn transparency_survives() {
    let optimised = optimise_image(
        &png(&translucent(50, 20)),
        "logo.png",
        &OptimiseOptions::default(),
    )
    .expect("optimise");
    assert_eq!(optimised.source.kind, AssetKind::Png);
    let variant = &optimised.variants[0];
    assert!(webp_chunks(&variant.bytes).contains(&"ALPH".to_owned()));
    let pixels = load_from_memory_with_format(&variant.bytes, ImageFormat::WebP)
        .expect("decodes")
        .into_rgba8();
    assert!(
        pixels.get_pixel(0, 0).0[3] < 200,
        "the translucent column stays translucent"
    );
}
