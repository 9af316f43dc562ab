//! Uploaded fonts: a font asset a style names (by the family the editor registers it under, its
//! file name without the extension) gets an `@font-face` rule and its file in both exports; a
//! font nobody uses stays out.

use omnios_compiler::{blobs_needed, compile, sha256_hex, Assets, Export, Target};
use omnios_engine::Snapshot;

const BRAND: &[u8] = b"wOF2\0\x01\0\0 stands in for a WOFF2 file";
const UNUSED: &[u8] = b"wOFF\0\x01\0\0 another font";

fn text(export: &Export, path: &str) -> String {
    String::from_utf8(export.file(path).expect(path).to_vec()).expect("utf-8")
}

fn project() -> (Snapshot, Assets, String, String) {
    let (brand, unused) = (sha256_hex(BRAND), sha256_hex(UNUSED));
    let json = format!(
        r#"{{"format":"omnios","version":1,
        "pages":[{{"id":"p1","name":"Home","slug":"","order":"a0","root":"b1"}}],
        "elements":[
          {{"id":"b1","kind":"body","page":"p1","parent":null,"order":"a0"}},
          {{"id":"t1","kind":"text","page":"p1","parent":"b1","order":"a0","content":"Hi",
            "styles":{{"base":{{"font-family":"\"Brand Sans\", \"DejaVu Sans\", sans-serif"}}}}}}],
        "assets":[
          {{"id":"{brand}","name":"Brand Sans.woff2","mime":"font/woff2","size":{}}},
          {{"id":"{unused}","name":"Other.woff","mime":"font/woff","size":{}}}]}}"#,
        BRAND.len(),
        UNUSED.len()
    );
    let mut assets = Assets::new();
    assets.insert_blob(&brand, BRAND.to_vec()).expect("brand");
    assets
        .insert_blob(&unused, UNUSED.to_vec())
        .expect("unused");
    (
        Snapshot::from_json(&json).expect("snapshot"),
        assets,
        brand,
        unused,
    )
}

#[test]
fn a_font_a_style_names_gets_a_face_and_its_file_in_both_exports() {
    let (snapshot, assets, brand, unused) = project();
    assert_eq!(blobs_needed(&snapshot), Ok(vec![brand.clone()]));
    let site = compile(&snapshot, &assets, Target::Static).expect("static");
    let css = text(&site, "styles.css");
    assert!(
        css.starts_with(&format!(
            "@font-face {{\n  font-family: \"Brand Sans\";\n  src: url(\"assets/{brand}.woff2\") format(\"woff2\");\n  font-display: swap;\n}}\n"
        )),
        "{css}"
    );
    assert_eq!(site.file(&format!("assets/{brand}.woff2")), Some(BRAND));
    assert!(site.files.iter().all(|f| !f.path.contains(&unused)));
    let app = compile(&snapshot, &assets, Target::NextJs).expect("next");
    let css = text(&app, "app/globals.css");
    assert!(
        css.contains(&format!(
            "src: url(\"/assets/{brand}.woff2\") format(\"woff2\");"
        )),
        "{css}"
    );
    assert_eq!(
        app.file(&format!("public/assets/{brand}.woff2")),
        Some(BRAND)
    );
}
