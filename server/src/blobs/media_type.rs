//! The media type of a blob, read from its first bytes (never from a name: blobs have none).
//! Only the types an asset may have are named; anything else is `application/octet-stream`,
//! which browsers neither render nor run (with `X-Content-Type-Options: nosniff`).

/// The media type of `bytes`.
pub fn sniff(bytes: &[u8]) -> &'static str {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let at = |offset: usize, magic: &[u8]| bytes.get(offset..offset + magic.len()) == Some(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if starts(b"\xff\xd8\xff") {
        "image/jpeg"
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        "image/gif"
    } else if starts(b"RIFF") && at(8, b"WEBP") {
        "image/webp"
    } else if at(4, b"ftypavif") || at(4, b"ftypavis") {
        "image/avif"
    } else if at(4, b"ftyp") {
        "video/mp4"
    } else if starts(b"\x1a\x45\xdf\xa3") {
        "video/webm"
    } else if starts(b"wOF2") {
        "font/woff2"
    } else if starts(b"wOFF") {
        "font/woff"
    } else if starts(b"\x00\x01\x00\x00") || starts(b"true") {
        "font/ttf"
    } else if starts(b"OTTO") {
        "font/otf"
    } else if is_svg(bytes) {
        "image/svg+xml"
    } else {
        "application/octet-stream"
    }
}

/// An SVG document: text whose first element is `<svg` (after a BOM, an XML declaration,
/// comments or a doctype).
fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let Ok(text) =
        std::str::from_utf8(head).or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]))
    else {
        return false;
    };
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        if rest.starts_with("<svg") {
            return true;
        }
        let skip = ["<?", "<!--", "<!"]
            .iter()
            .find(|open| rest.starts_with(**open))
            .and_then(|open| {
                let close = if *open == "<!--" { "-->" } else { ">" };
                rest.find(close).map(|at| at + close.len())
            });
        match skip {
            Some(at) => rest = rest[at..].trim_start(),
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), "image/png");
        assert_eq!(sniff(b"\xff\xd8\xff\xe0"), "image/jpeg");
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), "image/webp");
        assert_eq!(sniff(b"\0\0\0\x1cftypavif"), "image/avif");
        assert_eq!(sniff(b"\0\0\0\x18ftypmp42"), "video/mp4");
        assert_eq!(sniff(b"wOF2...."), "font/woff2");
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<!-- logo -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            "image/svg+xml"
        );
        assert_eq!(
            sniff(b"<html><script>alert(1)</script>"),
            "application/octet-stream"
        );
        assert_eq!(sniff(b""), "application/octet-stream");
    }
}
