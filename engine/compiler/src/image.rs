//! The natural size of a PNG, GIF or JPEG from its header, for `width`/`height` when the
//! document does not say.

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
}
