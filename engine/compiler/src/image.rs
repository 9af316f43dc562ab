//! What an image file is from its first bytes: its natural size (PNG, GIF, JPEG), for
//! `width`/`height` when the document does not say, and the file name extension an export
//! gives a library blob (which is stored under its SHA-256 alone).

/// Width and height in pixels, or `None` for another format or a truncated file.
pub fn natural_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let be32 = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    let be16 = |at: usize| -> Option<u32> {
        Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?) as u32)
    };
    let size = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        (be32(16)?, be32(20)?)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        let le16 = |at: usize| -> Option<u32> {
            Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?) as u32)
        };
        (le16(6)?, le16(8)?)
    } else if bytes.starts_with(&[0xff, 0xd8]) {
        jpeg_size(bytes, be16)?
    } else {
        return None;
    };
    (size.0 > 0 && size.1 > 0).then_some(size)
}

/// The extension for a blob: from its bytes when they are a known format, else from the MIME
/// type the library recorded, else `bin`.
pub fn extension(bytes: Option<&[u8]>, mime: &str) -> &'static str {
    if let Some(b) = bytes {
        let sniffed = if b.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some("png")
        } else if b.starts_with(&[0xff, 0xd8, 0xff]) {
            Some("jpg")
        } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
            Some("gif")
        } else if b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
            Some("webp")
        } else if b.get(4..12) == Some(b"ftypavif") {
            Some("avif")
        } else if b.starts_with(b"wOF2") {
            Some("woff2")
        } else if b.starts_with(b"wOFF") {
            Some("woff")
        } else if b.starts_with(b"OTTO") {
            Some("otf")
        } else if b.starts_with(&[0, 1, 0, 0]) || b.starts_with(b"true") {
            Some("ttf")
        } else {
            None
        };
        if let Some(ext) = sniffed {
            return ext;
        }
    }
    match mime.trim().to_ascii_lowercase().as_str() {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/avif" => "avif",
        "image/svg+xml" => "svg",
        "video/mp4" => "mp4",
        "video/webm" => "webm",
        "font/woff2" => "woff2",
        "font/woff" => "woff",
        "font/ttf" => "ttf",
        "font/otf" => "otf",
        _ => "bin",
    }
}

fn jpeg_size(bytes: &[u8], be16: impl Fn(usize) -> Option<u32>) -> Option<(u32, u32)> {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xff {
            return None;
        }
        let marker = bytes[at + 1];
        if marker == 0xff {
            at += 1;
            continue;
        }
        let len = be16(at + 2)? as usize;
        // Start-of-frame markers (baseline, progressive, …), not DHT/JPG/DAC.
        if (0xc0..=0xcf).contains(&marker) && !matches!(marker, 0xc4 | 0xc8 | 0xcc) {
            return Some((be16(at + 7)?, be16(at + 5)?));
        }
        at += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&360u32.to_be_bytes());
        assert_eq!(natural_size(&png), Some((640, 360)));
        assert_eq!(natural_size(b"GIF89a\x10\x00\x08\x00rest"), Some((16, 8)));
        let jpeg = [
            0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00,
            0x20, 0x00, 0x40,
        ];
        assert_eq!(natural_size(&jpeg), Some((64, 32)));
        assert_eq!(natural_size(b"not an image"), None);
        assert_eq!(natural_size(b"\x89PNG\r\n\x1a\n"), None);
    }

    #[test]
    fn extensions_come_from_the_bytes_then_the_mime_type() {
        assert_eq!(
            extension(Some(b"RIFF\0\0\0\0WEBPVP8 "), "image/png"),
            "webp"
        );
        assert_eq!(extension(Some(b"\x89PNG\r\n\x1a\n"), ""), "png");
        assert_eq!(extension(Some(b"<svg xmlns"), "image/svg+xml"), "svg");
        assert_eq!(extension(None, "image/jpeg"), "jpg");
        assert_eq!(extension(None, "application/x-unknown"), "bin");
    }
}
