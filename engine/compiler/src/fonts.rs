//! Uploaded fonts in the export: each font asset of the library that a style names (by the
//! family the editor registers it under, [`family_of`]) gets an `@font-face` rule before the
//! stylesheet, its file copied like an image's. The canvas loads the same bytes under the same
//! family (web/src/assets/fontFaces.ts), so the two draw the same face.

use omnios_engine::style::Property;
use omnios_engine::{Asset, Element};

/// The family a font asset goes by: its file name without the font extension, quotes and
/// backslashes removed, trimmed ("Inter-Bold.woff2" → "Inter-Bold"); "Font" when nothing is left.
/// The editor's `fontFamilyOf` (web/src/assets/fontFaces.ts) says the same.
pub fn family_of(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let stem = [".woff2", ".woff", ".ttf", ".otf"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map_or(name, |ext| &name[..name.len() - ext.len()]);
    let stem: String = stem.chars().filter(|c| !matches!(c, '"' | '\\')).collect();
    let stem = stem.trim();
    if stem.is_empty() {
        "Font".into()
    } else {
        stem.to_owned()
    }
}

/// The family names a `font-family` value lists, unquoted.
fn families_in(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .map(|f| f.trim().trim_matches(|c| c == '"' || c == '\''))
}

/// The font assets some element's style names, in library order.
pub fn used<'a>(library: &[&'a Asset], elements: &[(String, &Element)]) -> Vec<&'a Asset> {
    library
        .iter()
        .copied()
        .filter(|a| a.mime.starts_with("font/"))
        .filter(|a| {
            let family = family_of(&a.name);
            elements.iter().any(|(_, el)| {
                el.styles.values().any(|props| {
                    props
                        .get(&Property::FontFamily)
                        .is_some_and(|v| families_in(v).any(|f| f.eq_ignore_ascii_case(&family)))
                })
            })
        })
        .collect()
}

/// The `@font-face` rules for `(family, file)` pairs, the files under `assets` (`assets/` in
/// the static site, beside its stylesheet; `/assets/` in the Next.js app, from `public/`).
pub fn faces(fonts: &[(String, String)], assets: &str) -> String {
    let mut out = String::new();
    for (family, file) in fonts {
        let format = match file.rsplit('.').next() {
            Some("woff2") => "woff2",
            Some("woff") => "woff",
            Some("otf") => "opentype",
            _ => "truetype",
        };
        out.push_str(&format!(
            "@font-face {{\n  font-family: \"{family}\";\n  src: url(\"{assets}{file}\") format(\"{format}\");\n  font-display: swap;\n}}\n\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_follow_the_file_name_like_the_editor() {
        assert_eq!(family_of("Inter-Bold.woff2"), "Inter-Bold");
        assert_eq!(family_of("Brand Sans.TTF"), "Brand Sans");
        assert_eq!(family_of("a\"b\\c.otf"), "abc");
        assert_eq!(family_of(".woff"), "Font");
        assert_eq!(family_of("notes.txt"), "notes.txt");
        assert_eq!(
            families_in("\"Brand Sans\", 'DejaVu Sans', sans-serif").collect::<Vec<_>>(),
            ["Brand Sans", "DejaVu Sans", "sans-serif"]
        );
    }
}
