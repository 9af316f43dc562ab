//! `omnios export` and `omnios verify DIR` through the real binary, on the fixtures in
//! tests/fixtures/ (snapshot JSON and a backup made from one).

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::{omnios, s};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn fixture(name: &str) -> PathBuf {
    fixtures().join(format!("{name}.omnios.json"))
}

fn export(project: &Path, target: &str, out: &Path) {
    let assets = fixtures().join("assets");
    let (ok, stdout, stderr) = omnios(&[
        "export",
        s(project),
        "--target",
        target,
        "--out",
        s(out),
        "--assets",
        s(&assets),
    ]);
    assert!(ok, "export {}: {stderr}", project.display());
    assert!(stdout.contains("exported"), "{stdout}");
}

/// Every file under `dir`, relative path → bytes.
fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("prefix")
                    .to_string_lossy()
                    .into();
                out.push((rel, fs::read(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_fixture_exports_to_both_targets_byte_identically_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in [
        "landing",
        "multipage",
        "blog",
        "responsive",
        "media",
        "hostile",
        "components",
    ] {
        for target in ["nextjs", "static"] {
            let a = dir.path().join(format!("{name}-{target}-a"));
            let b = dir.path().join(format!("{name}-{target}-b"));
            export(&fixture(name), target, &a);
            export(&fixture(name), target, &b);
            let (ta, tb) = (read_tree(&a), read_tree(&b));
            assert!(ta.len() > 2, "{name} {target}: {} files", ta.len());
            assert_eq!(ta, tb, "{name} {target}: two exports differ");
            let (ok, stdout, stderr) = omnios(&["verify", s(&a)]);
            assert!(ok, "{name} {target}: {stderr}");
            assert!(stdout.contains("valid OMNIOS export"), "{stdout}");
        }
    }
}

#[test]
fn the_components_fixture_exports_its_three_cards_and_no_master() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("html");
    export(&fixture("components"), "static", &html);
    let page = fs::read_to_string(html.join("index.html")).expect("index");
    for text in [
        ">Basic</h2>",
        ">Pro</h2>",
        ">Team</h2>",
        ">For people who ship every week.</p>",
    ] {
        assert!(page.contains(text), "{text}: {page}");
    }
    assert!(
        !page.contains(">Plan</h2>"),
        "the master's own text: {page}"
    );
    let css = fs::read_to_string(html.join("styles.css")).expect("css");
    assert!(
        css.contains("background-color: #1e293b;"),
        "the dark variant: {css}"
    );
    assert!(!css.contains(".o-card "), "the master's own class: {css}");
}

#[test]
fn multipage_has_one_page_file_per_page_and_links_through_next_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let next = dir.path().join("next");
    export(&fixture("multipage"), "nextjs", &next);
    for page in [
        "app/page.tsx",
        "app/about/page.tsx",
        "app/pricing/page.tsx",
        "app/contact/page.tsx",
    ] {
        assert!(next.join(page).is_file(), "{page} missing");
    }
    let about = fs::read_to_string(next.join("app/about/page.tsx")).expect("about");
    assert!(about.contains("import Link from \"next/link\";"), "{about}");
    assert!(
        about.contains("<Link className=\"o-about-nav-pricing\" href=\"/pricing\">"),
        "{about}"
    );
    assert!(about.contains("title: \"About · Northwind\""), "{about}");
    assert!(
        about.contains("openGraph: { images: [\"https://example.com/about-card.png\"] },"),
        "{about}"
    );
    assert!(
        about.contains("<main className=\"o-about-main\" id=\"team\">"),
        "{about}"
    );
    let css = fs::read_to_string(next.join("app/globals.css")).expect("css");
    assert!(
        css.starts_with("/*\n * The one reset shared by the canvas and the export"),
        "reset first"
    );

    let html = dir.path().join("html");
    export(&fixture("multipage"), "static", &html);
    let about = fs::read_to_string(html.join("about/index.html")).expect("about");
    assert!(about.contains("href=\"../pricing/index.html\""), "{about}");
    assert!(about.contains("href=\"../styles.css\""), "{about}");
    let home = fs::read_to_string(html.join("index.html")).expect("home");
    assert!(
        home.contains(
            "href=\"about/index.html#team\" target=\"_blank\" rel=\"noopener noreferrer\""
        ),
        "{home}"
    );
}

#[test]
fn responsive_styles_become_media_queries_with_the_canvas_widths() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("site");
    export(&fixture("responsive"), "static", &out);
    let css = fs::read_to_string(out.join("styles.css")).expect("css");
    let tablet = css
        .find("@media (max-width: 991px) {")
        .expect("tablet query");
    let mobile = css
        .find("@media (max-width: 767px) {")
        .expect("mobile query");
    assert!(
        tablet < mobile,
        "tablet rules must come before mobile rules"
    );
    assert!(
        css[mobile..].contains(".o-r-side {\n    display: none;\n  }"),
        "{css}"
    );
    assert!(
        css[tablet..mobile].contains("flex-direction: column;"),
        "{css}"
    );
}

#[test]
fn hostile_content_is_escaped_and_script_urls_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("html");
    export(&fixture("hostile"), "static", &html);
    let page = fs::read_to_string(html.join("index.html")).expect("page");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(
        page.contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "{page}"
    );
    assert!(!page.to_ascii_lowercase().contains("javascript:"), "{page}");
    assert!(!page.contains("data:text/html"), "{page}");
    assert!(
        page.contains("alt=\"say &quot;hi&quot; &amp; it&#39;s &lt;fine&gt;\""),
        "{page}"
    );
    assert!(page.contains("<!-- Embed: raw HTML"), "{page}");

    let next = dir.path().join("next");
    export(&fixture("hostile"), "nextjs", &next);
    let tsx = fs::read_to_string(next.join("app/page.tsx")).expect("page");
    assert!(
        tsx.contains(r#"{"</script><img src=x onerror=alert(1)>"}"#),
        "{tsx}"
    );
    assert!(
        tsx.contains(r#"{"{ } { x } `template` ${x} {{double}} \\ backslash"}"#),
        "{tsx}"
    );
    assert!(!tsx.to_ascii_lowercase().contains("javascript:"), "{tsx}");
    assert!(tsx.contains("dangerouslySetInnerHTML"), "{tsx}");
    assert!(tsx.contains("{/* Embed: raw HTML"), "{tsx}");
}

#[test]
fn verify_names_every_changed_missing_and_extra_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("site");
    export(&fixture("landing"), "nextjs", &out);
    fs::write(
        out.join("app/page.tsx"),
        "export default function Page() {}\n",
    )
    .expect("change");
    fs::remove_file(out.join("next.config.ts")).expect("remove");
    fs::write(out.join("app/extra.tsx"), "x").expect("extra");
    let (ok, _, stderr) = omnios(&["verify", s(&out)]);
    assert!(!ok, "verify must fail");
    for line in [
        "changed app/page.tsx",
        "missing next.config.ts",
        "extra app/extra.tsx",
    ] {
        assert!(stderr.contains(line), "{line:?} not named in {stderr}");
    }

    fs::remove_file(out.join("manifest.json")).expect("remove manifest");
    let (ok, _, stderr) = omnios(&["verify", s(&out)]);
    assert!(!ok);
    assert!(stderr.contains("not an OMNIOS export manifest"), "{stderr}");
}

#[test]
fn bad_inputs_give_clear_errors_and_write_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");

    // Not a project.
    let junk = dir.path().join("junk.omnios.json");
    fs::write(&junk, "{\"format\": \"other\"}").expect("write");
    let (ok, _, stderr) = omnios(&["export", s(&junk), "--target", "static", "--out", s(&out)]);
    assert!(!ok);
    assert!(stderr.contains("not an OMNIOS project"), "{stderr}");
    assert!(!out.exists());

    // An image whose asset was not given.
    let (ok, _, stderr) = omnios(&[
        "export",
        s(&fixture("media")),
        "--target",
        "nextjs",
        "--out",
        s(&out),
    ]);
    assert!(!ok);
    assert!(
        stderr.contains("cannot export") && stderr.contains("assets/logo.png"),
        "{stderr}"
    );
    assert!(!out.exists());

    // An image of the asset library whose file is not given: the message names the asset.
    let only_logo = dir.path().join("only-logo");
    fs::create_dir(&only_logo).expect("mkdir");
    fs::copy(
        fixtures().join("assets/logo.png"),
        only_logo.join("logo.png"),
    )
    .expect("copy");
    let (ok, _, stderr) = omnios(&[
        "export",
        s(&fixture("media")),
        "--target",
        "static",
        "--out",
        s(&out),
        "--assets",
        s(&only_logo),
    ]);
    assert!(!ok);
    assert!(
        stderr.contains("element m-hero shows the asset \"hero.png\" (6b00992a")
            && stderr.contains("not given"),
        "{stderr}"
    );
    assert!(!out.exists());

    // Two pages with one slug (the engine refuses it first, naming the slug).
    let json = fs::read_to_string(fixture("multipage")).expect("read");
    let twice = json.replace("\"slug\": \"pricing\"", "\"slug\": \"about\"");
    let dup = dir.path().join("dup.omnios.json");
    fs::write(&dup, twice).expect("write");
    let (ok, _, stderr) = omnios(&["export", s(&dup), "--target", "static", "--out", s(&out)]);
    assert!(!ok);
    assert!(stderr.contains("about"), "{stderr}");
    assert!(!out.exists());

    // A folder that is not empty.
    fs::create_dir_all(&out).expect("mkdir");
    fs::write(out.join("keep.txt"), "mine").expect("write");
    let (ok, _, stderr) = omnios(&[
        "export",
        s(&fixture("landing")),
        "--target",
        "static",
        "--out",
        s(&out),
    ]);
    assert!(!ok);
    assert!(stderr.contains("not empty"), "{stderr}");
    assert_eq!(
        fs::read_to_string(out.join("keep.txt")).expect("kept"),
        "mine"
    );
}

#[test]
fn a_backup_exports_with_its_own_assets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backup = dir.path().join("media.omnios");
    let assets = fixtures().join("assets");
    let (ok, _, stderr) = omnios(&[
        "backup",
        s(&fixture("media")),
        "--assets",
        s(&assets),
        "-o",
        s(&backup),
    ]);
    assert!(ok, "{stderr}");
    let out = dir.path().join("site");
    let (ok, stdout, stderr) =
        omnios(&["export", s(&backup), "--target", "static", "--out", s(&out)]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("exported 1 pages as static"), "{stdout}");
    // The library's hero comes from the backup's blob, named by its SHA-256 and its type; the
    // logo (a file by path) keeps its name.
    let hero = "assets/6b00992a5e69db81d7861e1156bbe8a182a5bd1d7807d408d1b12997e9f0c125.png";
    assert_eq!(
        fs::read(out.join(hero)).expect("asset"),
        fs::read(assets.join("hero.png")).expect("fixture")
    );
    assert_eq!(
        fs::read(out.join("assets/logo.png")).expect("asset"),
        fs::read(assets.join("logo.png")).expect("fixture")
    );
    let page = fs::read_to_string(out.join("index.html")).expect("page");
    assert!(
        page.contains(&format!(
            "src=\"{hero}\" alt=\"A blue gradient, the hero picture\" width=\"64\" height=\"36\""
        )),
        "{page}"
    );
    let manifest = fs::read_to_string(out.join("manifest.json")).expect("manifest");
    assert!(manifest.contains(hero), "{manifest}");
    let (ok, stdout, stderr) = omnios(&["verify", s(&out)]);
    assert!(ok, "{stdout}{stderr}");
}
