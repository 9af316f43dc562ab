//! Links between sections and pages, and what a shared page shows: an element's anchor is its
//! HTML `id`, a link to `/about#pricing` keeps the hash (a relative file in the static site,
//! `next/link` in the app), a link that opens a new tab carries `rel="noopener noreferrer"`,
//! and a page's social image is its `og:image` with the file copied like any image.

use omnios_compiler::{compile, sha256_hex, Assets, Export, Target};
use omnios_engine::{Engine, EngineOptions, Snapshot};
use serde_json::{json, Value};

const HERO: &[u8] = include_bytes!("../../../tests/fixtures/assets/hero.png");

fn cmd(engine: &mut Engine, command: Value) {
    engine
        .commit_json(&command.to_string())
        .unwrap_or_else(|e| panic!("{command}: {e}"));
}

fn text(export: &Export, path: &str) -> String {
    String::from_utf8(export.file(path).expect(path).to_vec()).expect("utf-8")
}

/// Home links to About's pricing section in a new tab and to its own top; About has the
/// pricing section and the hero as its social image.
fn project() -> (Snapshot, Assets) {
    let hero = sha256_hex(HERO);
    let mut engine = Engine::new(EngineOptions::deterministic(1));
    cmd(
        &mut engine,
        json!({"type": "create_page", "id": "home", "name": "Home", "slug": ""}),
    );
    cmd(
        &mut engine,
        json!({"type": "create_page", "id": "about", "name": "About"}),
    );
    let root = |engine: &Engine, page: &str| engine.state().pages[&page.into()].root.clone();
    let (home, about) = (root(&engine, "home"), root(&engine, "about"));
    cmd(
        &mut engine,
        json!({"type": "create_element", "id": "top", "kind": "section", "parent": home,
               "props": {"anchor": "top"}}),
    );
    cmd(
        &mut engine,
        json!({"type": "create_element", "id": "go", "kind": "link", "parent": "top",
               "content": "Pricing", "props": {"href": "/about#pricing", "target": "_blank"}}),
    );
    cmd(
        &mut engine,
        json!({"type": "create_element", "id": "up", "kind": "link", "parent": "top",
               "content": "Top", "props": {"href": "#top"}}),
    );
    cmd(
        &mut engine,
        json!({"type": "create_element", "id": "pricing", "kind": "section", "parent": about,
               "props": {"anchor": "pricing"}}),
    );
    cmd(
        &mut engine,
        json!({"type": "add_asset", "asset": {"id": hero, "name": "hero.png", "mime": "image/png",
               "size": HERO.len(), "width": 64, "height": 36}}),
    );
    cmd(
        &mut engine,
        json!({"type": "update_page", "id": "about", "image": format!("asset:{hero}")}),
    );
    let mut assets = Assets::new();
    assets.insert_blob(&hero, HERO.to_vec()).expect("hero");
    (engine.to_snapshot(), assets)
}

#[test]
fn the_static_site_links_to_sections_and_shares_the_social_image() {
    let (snapshot, assets) = project();
    let hero = sha256_hex(HERO);
    let export = compile(&snapshot, &assets, Target::Static).expect("compile");
    let home = text(&export, "index.html");
    assert!(
        home.contains(r#"<section class="o-top" id="top">"#),
        "{home}"
    );
    assert!(
        home.contains(r#"<a class="o-go" href="about/index.html#pricing" target="_blank" rel="noopener noreferrer">Pricing</a>"#),
        "{home}"
    );
    assert!(
        home.contains(r##"<a class="o-up" href="#top">Top</a>"##),
        "{home}"
    );
    assert!(!home.contains("og:image"), "{home}");
    let about = text(&export, "about/index.html");
    assert!(
        about.contains(r#"<section class="o-pricing" id="pricing"></section>"#),
        "{about}"
    );
    assert!(
        about.contains(&format!(
            r#"<meta property="og:image" content="../assets/{hero}.png">"#
        )),
        "{about}"
    );
    assert!(
        about.contains(r#"<meta name="twitter:card" content="summary_large_image">"#),
        "{about}"
    );
    assert_eq!(export.file(&format!("assets/{hero}.png")), Some(HERO));
}

#[test]
fn the_next_app_keeps_the_hash_in_next_link_and_declares_open_graph_images() {
    let (snapshot, assets) = project();
    let hero = sha256_hex(HERO);
    let export = compile(&snapshot, &assets, Target::NextJs).expect("compile");
    let home = text(&export, "app/page.tsx");
    assert!(
        home.contains(r#"<Link className="o-go" href="/about#pricing" target="_blank" rel="noopener noreferrer">"#),
        "{home}"
    );
    assert!(
        home.contains(r#"<section className="o-top" id="top">"#),
        "{home}"
    );
    let about = text(&export, "app/about/page.tsx");
    assert!(
        about.contains(r#"<section className="o-pricing" id="pricing" />"#),
        "{about}"
    );
    let image = format!("\"/assets/{hero}.png\"");
    assert!(
        about.contains(&format!("  openGraph: {{ images: [{image}] }},")),
        "{about}"
    );
    assert!(
        about.contains(&format!(
            "  twitter: {{ card: \"summary_large_image\", images: [{image}] }},"
        )),
        "{about}"
    );
    assert_eq!(
        export.file(&format!("public/assets/{hero}.png")),
        Some(HERO)
    );
}

/// Two collaborators can name two sections alike at once (each update alone is fine): the
/// export gives the `id` to the first in the page's order only, so the page keeps unique ids.
#[test]
fn an_anchor_used_twice_on_a_page_is_the_first_elements_only() {
    let snapshot = Snapshot::from_json(
        r#"{"format":"omnios","version":1,
        "pages":[{"id":"p1","name":"Home","slug":"","order":"a0","root":"b1",
                  "image":"https://cdn.example.com/card.png"}],
        "elements":[
          {"id":"b1","kind":"body","page":"p1","parent":null,"order":"a0"},
          {"id":"s1","kind":"section","page":"p1","parent":"b1","order":"a0","props":{"anchor":"faq"}},
          {"id":"s2","kind":"section","page":"p1","parent":"b1","order":"a1","props":{"anchor":"faq"}}]}"#,
    )
    .expect("snapshot");
    let export = compile(&snapshot, &Assets::new(), Target::Static).expect("compile");
    let html = text(&export, "index.html");
    assert!(
        html.contains(r#"<section class="o-s1" id="faq">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<section class="o-s2"></section>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<meta property="og:image" content="https://cdn.example.com/card.png">"#),
        "{html}"
    );
    assert!(
        export
            .warnings
            .iter()
            .any(|w| w.contains("s2") && w.contains("faq")),
        "{:?}",
        export.warnings
    );
}
