//! Escaping for every place document text reaches: HTML text and attributes, JavaScript string
//! literals in TSX, and URLs.

/// Text for an error message: at most 80 characters.
pub fn clip(text: &str) -> String {
    text.chars().take(80).collect()
}

/// HTML text content: `&`, `<` and `>` escaped.
pub fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// A double-quoted HTML attribute value (without the quotes).
pub fn html_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A JavaScript string literal, double-quoted: JSON's escaping (quotes, backslashes, control
/// characters), plus the two line separators older parsers end a line at. React escapes the
/// value again when it renders it as text or an attribute.
pub fn js_string(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into());
    json.replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// A JSX attribute value: `"text"` when the text needs no escaping, else `{"…"}`.
pub fn jsx_attr(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| !matches!(c, '"' | '\\' | '{' | '}' | '<' | '>' | '&') && !c.is_control());
    if plain {
        format!("\"{text}\"")
    } else {
        format!("{{{}}}", js_string(text))
    }
}

/// A URL a link or media element may carry: relative, or `http`, `https`, `mailto` or `tel`.
/// Anything else (`javascript:`, `data:`, `vbscript:`, unknown schemes) and any URL with
/// control characters is refused (`None`).
pub fn safe_url(raw: &str) -> Option<String> {
    let url = raw.trim();
    if url.is_empty() || url.chars().any(char::is_control) {
        return None;
    }
    // Browsers drop tabs and newlines (refused above) and ignore case in the scheme.
    let end = url.find([':', '/', '?', '#']).unwrap_or(url.len());
    if url[end..].starts_with(':') {
        let scheme = url[..end].to_ascii_lowercase();
        if !matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
            return None;
        }
    }
    Some(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup() {
        assert_eq!(
            html_text("</script><img src=x onerror=alert(1)> & co"),
            "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; co"
        );
        assert_eq!(html_attr(r#"a "b" 'c'"#), "a &quot;b&quot; &#39;c&#39;");
    }

    #[test]
    fn js_strings_are_inert() {
        assert_eq!(js_string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(js_string("</script>\u{2028}"), r#""</script>\u2028""#);
        assert_eq!(js_string("${x} `y`"), r#""${x} `y`""#);
        assert_eq!(jsx_attr("plain text"), "\"plain text\"");
        assert_eq!(jsx_attr("say \"hi\""), r#"{"say \"hi\""}"#);
        assert_eq!(jsx_attr("{x}"), r#"{"{x}"}"#);
    }

    #[test]
    fn refuses_script_urls() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "java\tscript:alert(1)",
            "",
        ] {
            assert_eq!(safe_url(bad), None, "{bad:?}");
        }
        for good in [
            "/about",
            "https://example.com/a?b=c",
            "mailto:a@b.c",
            "#top",
            "about",
            "/a:b",
        ] {
            assert_eq!(safe_url(good).as_deref(), Some(good));
        }
    }
}
