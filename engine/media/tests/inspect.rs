//! Kinds recognised from the bytes, whatever the file is called.

mod support;

use omnios_media::{inspect, AssetClass, AssetKind};
use support::*;

#[test]
fn images_are_recognised_with_their_dimensions_and_hash() {
    let photo = jpeg(&halves(30, 20));
    let info = inspect(&photo, "IMG_0001.JPG").expect("inspect");
    assert_eq!(info.kind, AssetKind::Jpeg);
    assert_eq!(info.class, AssetClass::Image);
    assert_eq!(info.mime, "image/jpeg");
    assert_eq!((info.width, info.height), (Some(30), Some(20)));
    assert_eq!(info.byte_length, photo.len() as u64);
    assert_eq!(info.sha256.len(), 64);
    assert_eq!(info.sha256, omnios_media::sha256_hex(&photo));

    let logo = png(&translucent(7, 3));
    let info = inspect(&logo, "no extension").expect("a name without extension is fine");
    assert_eq!(
        (info.kind, info.width, info.height),
        (AssetKind::Png, Some(7), Some(3))
    );

    let svg =
        br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 24"><path d="M0 0h4"/></svg>"#;
    let info = inspect(svg, "icon.svg").expect("inspect");
    assert_eq!(
        (info.kind, info.width, info.height),
        (AssetKind::Svg, Some(48), Some(24))
    );
}

#[test]
fn fonts_and_video_are_recognised_from_their_signatures() {
    let cases: [(&[u8], &str, AssetKind); 6] = [
        (
            b"wOF2\0\x01\0\0rest of a font",
            "Inter.woff2",
            AssetKind::Woff2,
        ),
        (
            b"wOFF\0\x01\0\0rest of a font",
            "Inter.woff",
            AssetKind::Woff,
        ),
        (b"\0\x01\0\0\0\x10\0\x80rest", "Inter.ttf", AssetKind::Ttf),
        (b"OTTO\0\x10\0\x80rest", "Inter.otf", AssetKind::Otf),
        (
            b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2mp41",
            "clip.mp4",
            AssetKind::Mp4,
        ),
        (
            b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm",
            "clip.webm",
            AssetKind::Webm,
        ),
    ];
    for (bytes, name, kind) in cases {
        let info = inspect(bytes, name).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(info.kind, kind, "{name}");
        assert_eq!((info.width, info.height), (None, None));
    }
    // A TrueType-flavoured OpenType font named .otf is still a font of the same container.
    assert!(inspect(b"\0\x01\0\0\0\x10\0\x80rest", "Inter.otf").is_ok());
}
