//! Files that must not come in, each refused with a message a designer understands.

mod support;

use omnios_media::limits::{MAX_PIXELS, MAX_RASTER_BYTES, MAX_SIDE, MAX_SVG_BYTES};
use omnios_media::{inspect, optimise_image, sanitise_svg, AssetKind, MediaError, OptimiseOptions};
use support::*;

#[test]
fn a_truncated_png_is_refused_as_damaged() {
    let whole = png(&translucent(64, 64));
    let cut = &whole[..whole.len() / 2];
    let error = optimise_image(cut, "cut.png", &OptimiseOptions::default()).expect_err("refused");
    assert!(
        matches!(
            error,
            MediaError::Corrupt {
                kind: AssetKind::Png,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("The PNG image is damaged or incomplete"),
        "{error}"
    );
}

#[test]
fn a_jpeg_bomb_is_refused_from_its_header() {
    // 60,000 × 60,000 declared in 1 KB: 14 GB as pixels.
    let bomb = declaring(&jpeg(&halves(16, 16)), 60_000, 60_000);
    for result in [
        inspect(&bomb, "bomb.jpg").map(|_| ()),
        optimise_image(&bomb, "bomb.jpg", &OptimiseOptions::default()).map(|_| ()),
    ] {
        let error = result.expect_err("refused");
        assert_eq!(
            error,
            MediaError::ImageTooLarge {
                width: 60_000,
                height: 60_000,
                max_pixels: MAX_PIXELS,
                max_side: MAX_SIDE
            }
        );
        assert!(
            error.to_string().contains("60000 × 60000 pixels"),
            "{error}"
        );
    }
}

#[test]
fn an_image_within_the_side_limit_but_over_the_pixel_limit_is_refused() {
    let bomb = declaring(&jpeg(&halves(16, 16)), 16_000, 16_000);
    let error =
        optimise_image(&bomb, "wide.jpg", &OptimiseOptions::default()).expect_err("refused");
    assert!(
        matches!(error, MediaError::ImageTooLarge { width: 16_000, .. }),
        "{error:?}"
    );
}

#[test]
fn a_file_lying_about_its_type_is_refused() {
    let png_bytes = png(&translucent(4, 4));
    let error = inspect(&png_bytes, "holiday.jpg").expect_err("refused");
    assert_eq!(
        error.to_string(),
        "“holiday.jpg” is named like a JPEG image, but its contents are a PNG image. \
         Rename or re-export the file so its name matches what it is."
    );
    let error = optimise_image(&png_bytes, "holiday.jpg", &OptimiseOptions::default())
        .expect_err("refused");
    assert!(matches!(error, MediaError::NameMismatch { .. }));

    let error = inspect(&png_bytes, "setup.exe").expect_err("refused");
    assert!(
        matches!(error, MediaError::UnsupportedExtension { .. }),
        "{error:?}"
    );

    let error = inspect(b"MZ\x90\0 a program", "photo.png").expect_err("refused");
    assert_eq!(error, MediaError::Unrecognised);
}

#[test]
fn over_size_files_are_refused_before_reading_them() {
    let mut huge = png(&translucent(4, 4));
    huge.resize(usize::try_from(MAX_RASTER_BYTES).expect("fits") + 1, 0);
    let error = inspect(&huge, "huge.png").expect_err("refused");
    assert!(
        matches!(
            error,
            MediaError::FileTooLarge {
                kind: AssetKind::Png,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "PNG image files can be at most 40.0 MB; this one is 40.1 MB. Export a smaller file and try again."
    );

    let mut svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\">".to_vec();
    svg.resize(usize::try_from(MAX_SVG_BYTES).expect("fits") + 10, b' ');
    svg.extend_from_slice(b"</svg>");
    let error = inspect(&svg, "art.svg").expect_err("refused");
    assert!(
        matches!(
            error,
            MediaError::FileTooLarge {
                kind: AssetKind::Svg,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn an_empty_file_is_refused() {
    assert_eq!(
        inspect(b"", "a.png").expect_err("refused"),
        MediaError::Empty
    );
}

const HOSTILE_SVG: &str = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="60" onload="alert(1)">
  <script>alert('hi')</script>
  <style>@import url(https://evil.example/x.css); rect { fill: red }</style>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
  <a href="javascript:alert(2)"><text x="1" y="10">click</text></a>
  <image href="https://tracker.example/pixel.png" width="1" height="1"/>
  <use xlink:href="#shape"/>
  <rect id="shape" width="10" height="10" fill="url(#grad)" onclick="steal()"/>
  <set attributeName="href" to="javascript:alert(3)"/>
  <circle r="4" style="fill: url(http://evil.example/f.svg#g)"/>
  <linearGradient id="grad"><stop offset="0" stop-color="#fff"/></linearGradient>
</svg>"##;

#[test]
fn an_svg_loses_scripts_and_outside_references_and_keeps_the_drawing() {
    let sanitised = sanitise_svg(HOSTILE_SVG.as_bytes()).expect("sanitised");
    let svg = sanitised.svg.to_ascii_lowercase();
    for gone in [
        "<script",
        "alert",
        "@import",
        "foreignobject",
        "javascript:",
        "evil.example",
        "tracker.example",
        "onload",
        "onclick",
        "<set",
    ] {
        assert!(!svg.contains(gone), "{gone} is gone from {svg}");
    }
    for kept in [
        "<rect id=\"shape\"",
        "fill=\"url(#grad)\"",
        "xlink:href=\"#shape\"",
        "<lineargradient",
        "<text x=\"1\" y=\"10\">click</text>",
    ] {
        assert!(svg.contains(kept), "{kept} stays in {svg}");
    }
    assert_eq!((sanitised.width, sanitised.height), (Some(120), Some(60)));
    let removed = sanitised.removed.join("\n");
    for reason in [
        "<script> element",
        "<foreignObject> element",
        "onload attribute (runs script)",
        "href attribute (refers outside the file)",
        "<style> element (imports another file)",
    ] {
        assert!(removed.contains(reason), "{reason} listed in {removed}");
    }
    // What comes out is itself a clean SVG.
    let again = sanitise_svg(sanitised.svg.as_bytes()).expect("still SVG");
    assert!(again.removed.is_empty(), "{:?}", again.removed);
}

#[test]
fn an_svg_that_cannot_be_made_safe_is_refused() {
    let entities = br#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"#;
    assert!(matches!(
        sanitise_svg(entities),
        Err(MediaError::SvgNotXml(_))
    ));

    let unclosed = br#"<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>"#;
    let error = inspect(unclosed, "broken.svg").expect_err("refused");
    assert!(
        error
            .to_string()
            .starts_with("The SVG cannot be read as XML"),
        "{error}"
    );

    let html_root = br#"<svg:x xmlns:svg="http://www.w3.org/2000/svg"/>"#;
    assert!(sanitise_svg(html_root).is_err());

    let error = optimise_image(
        HOSTILE_SVG.as_bytes(),
        "art.svg",
        &OptimiseOptions::default(),
    )
    .expect_err("refused");
    assert_eq!(
        error,
        MediaError::NotARasterImage {
            kind: AssetKind::Svg
        }
    );
}
