//! Images of the project's asset library (`asset:<sha256>`): the compiler copies the blobs the
//! exported pages use under `assets/<sha256>.<ext>`, sizes and describes the images from the
//! library, and refuses with a typed error naming the asset when a file is missing.

use omnios_compiler::{
    blobs_needed, compile, read_manifest, select_pages, sha256_hex, Assets, CompileError, Export,
    Target,
};
use omnios_engine::Snapshot;

const HERO: &[u8] = include_bytes!("../../../tests/fixtures/assets/hero.png");
/// Stands in for the media pipeline's WebP variant: only its first bytes are read.
const VARIANT: &[u8] = b"RIFF\x10\0\0\0WEBPVP8 a small variant";

struct Project {
    snapshot: Snapshot,
    hero: String,
    variant: String,
    unused: String,
}

/// Two pages: Home shows the hero twice (once with its own alt text) and hides an image of a
/// second asset; About shows nothing from the library. A third asset is in the library only.
fn project() -> Project {
    let hero = sha256_hex(HERO);
    let variant = sha256_hex(VARIANT);
    let hidden = sha256_hex(b"hidden");
    let unused = sha256_hex(b"unused");
    let json = format!(
        r#"{{"format":"omnios","version":1,
        "pages":[
          {{"id":"p1","name":"Home","slug":"","order":"a0","root":"b1"}},
          {{"id":"p2","name":"About","slug":"about","order":"a1","root":"b2"}}],
        "elements":[
          {{"id":"b1","kind":"body","page":"p1","parent":null,"order":"a0"}},
          {{"id":"i1","kind":"image","page":"p1","parent":"b1","order":"a0","props":{{"src":"asset:{hero}","alt":""}},
            "styles":{{"base":{{"width":"640px"}},"mobile":{{"width":"343px"}}}}}},
          {{"id":"i2","kind":"image","page":"p1","parent":"b1","order":"a1","props":{{"src":"asset:{hero}","alt":"Own words"}}}},
          {{"id":"i3","kind":"image","page":"p1","parent":"b1","order":"a2","hidden":true,"props":{{"src":"asset:{hidden}"}}}},
          {{"id":"b2","kind":"body","page":"p2","parent":null,"order":"a0"}}],
        "assets":[
          {{"id":"{hero}","name":"hero.png","mime":"image/png","size":{size},"width":64,"height":36,
            "alt":"A blue gradient","variants":[{{"width":32,"hash":"{variant}"}}]}},
          {{"id":"{hidden}","name":"hidden.png","mime":"image/png","size":6}},
          {{"id":"{unused}","name":"unused.png","mime":"image/png","size":6}}]}}"#,
        size = HERO.len()
    );
    Project {
        snapshot: Snapshot::from_json(&json).expect("snapshot"),
        hero,
        variant,
        unused,
    }
}

fn with_blobs(p: &Project) -> Assets {
    let mut assets = Assets::new();
    assets.insert_blob(&p.hero, HERO.to_vec()).expect("hero");
    assets
        .insert_blob(&p.variant, VARIANT.to_vec())
        .expect("variant");
    assets
}

fn text(export: &Export, path: &str) -> String {
    String::from_utf8(export.file(path).expect(path).to_vec()).expect("utf-8")
}

#[test]
fn only_the_blobs_of_visible_images_on_the_chosen_pages_are_needed() {
    let p = project();
    let mut expected = vec![p.hero.clone(), p.variant.clone()];
    expected.sort();
    assert_eq!(blobs_needed(&p.snapshot), Ok(expected));
    let about = select_pages(&p.snapshot, &["p2".into()]).expect("select");
    assert_eq!(blobs_needed(&about), Ok(vec![]));
    // About alone needs no blob, so it compiles without any.
    assert!(compile(&about, &Assets::new(), Target::Static).is_ok());
}

#[test]
fn the_static_export_copies_original_and_variants_and_offers_them_in_srcset() {
    let p = project();
    let export = compile(&p.snapshot, &with_blobs(&p), Target::Static).expect("compile");
    let (original, variant) = (
        format!("assets/{}.png", p.hero),
        format!("assets/{}.webp", p.variant),
    );
    assert_eq!(export.file(&original), Some(HERO));
    assert_eq!(export.file(&variant), Some(VARIANT));
    assert!(export.files.iter().all(|f| !f.path.contains(&p.unused)));
    let html = text(&export, "index.html");
    assert!(
        html.contains(&format!(
            r#"<img class="o-i1" src="{original}" srcset="{variant} 32w, {original} 64w" sizes="(max-width: 767px) 343px, (max-width: 991px) 640px, 640px" alt="A blue gradient" width="64" height="36">"#
        )),
        "{html}"
    );
    assert!(html.contains(r#"alt="Own words""#), "{html}");
    let manifest = read_manifest(export.file("manifest.json").expect("manifest")).expect("read");
    let listed: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    assert!(
        listed.contains(&original.as_str()) && listed.contains(&variant.as_str()),
        "{listed:?}"
    );
}

#[test]
fn the_next_app_gets_the_original_for_next_image() {
    let p = project();
    let export = compile(&p.snapshot, &with_blobs(&p), Target::NextJs).expect("compile");
    let original = format!("public/assets/{}.png", p.hero);
    assert_eq!(export.file(&original), Some(HERO));
    // next/image makes its own sizes from the original; the variant would be a dead file.
    assert!(export.files.iter().all(|f| !f.path.contains(&p.variant)));
    let page = text(&export, "app/page.tsx");
    assert!(page.contains("import Image from \"next/image\";"), "{page}");
    assert!(
        page.contains(&format!(r#"src="/assets/{}.png""#, p.hero)),
        "{page}"
    );
    assert!(
        page.contains(r#"alt="A blue gradient""#) && page.contains("width={64}"),
        "{page}"
    );
    assert!(export.warnings.is_empty(), "{:?}", export.warnings);
}

#[test]
fn a_missing_file_is_a_typed_error_naming_the_asset() {
    let p = project();
    assert_eq!(
        compile(&p.snapshot, &Assets::new(), Target::NextJs),
        Err(CompileError::MissingBlob {
            element: "i1".into(),
            asset: p.hero.clone(),
            name: "hero.png".into(),
        })
    );
    let message = compile(&p.snapshot, &Assets::new(), Target::Static)
        .expect_err("missing")
        .to_string();
    assert!(
        message.contains("hero.png") && message.contains("i1"),
        "{message}"
    );

    // A missing variant loses only a srcset candidate, and says so.
    let mut only_original = Assets::new();
    only_original
        .insert_blob(&p.hero, HERO.to_vec())
        .expect("hero");
    let export = compile(&p.snapshot, &only_original, Target::Static).expect("compile");
    assert!(!text(&export, "index.html").contains("srcset"));
    assert!(
        export.warnings.iter().any(|w| w.contains("32 px variant")),
        "{:?}",
        export.warnings
    );

    // Bytes that are not the blob they are handed over as.
    assert_eq!(
        Assets::new().insert_blob(&p.hero, b"other bytes".to_vec()),
        Err(CompileError::BlobHash {
            blob: p.hero.clone()
        })
    );
}

#[test]
fn an_image_naming_an_asset_the_library_lacks_is_refused() {
    let p = project();
    let mut snapshot = p.snapshot.clone();
    snapshot.assets.retain(|a| a.id.as_str() != p.hero);
    let expected = Err(CompileError::UnknownAsset {
        element: "i1".into(),
        asset: p.hero.clone(),
    });
    assert_eq!(
        blobs_needed(&snapshot),
        expected.clone().map(|_: ()| vec![])
    );
    assert_eq!(
        compile(&snapshot, &with_blobs(&p), Target::Static).map(|_| ()),
        expected
    );
}
