//! Native timing of the image pipeline on a 12-megapixel photo-like JPEG (4000 × 3000): the
//! whole `optimise_image` (decode, orient, three WebP variants and the placeholder) and
//! `inspect` alone. Group "media" is the suite in `make bench` (tests/bench/README.md).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};
use omnios_media::{inspect, optimise_image, OptimiseOptions};

/// Smooth gradients with fine texture, so the encoders have photo-like work to do.
fn photo(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        let noise = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23) as u8;
        Rgb([
            ((x * 255 / width) as u8).saturating_add(noise),
            ((y * 255 / height) as u8).saturating_add(noise / 2),
            (((x + y) * 127 / (width + height)) as u8).saturating_add(noise),
        ])
    });
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(&mut bytes, 90)
        .encode_image(&image)
        .expect("encode the fixture");
    bytes
}

fn media(c: &mut Criterion) {
    let jpeg = photo(4000, 3000);
    let options = OptimiseOptions::default();
    let mut group = c.benchmark_group("media");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("optimise 12 MP JPEG to WebP variants, native", |b| {
        b.iter(|| optimise_image(black_box(&jpeg), "photo.jpg", &options).expect("optimise"))
    });
    group.bench_function("inspect 12 MP JPEG, native", |b| {
        b.iter(|| inspect(black_box(&jpeg), "photo.jpg").expect("inspect"))
    });
    group.finish();
}

criterion_group!(benches, media);
criterion_main!(benches);
