//! The compiler on small snapshots written as JSON: what each target writes, what it refuses.

use omnios_compiler::{compile, read_manifest, sha256_hex, Assets, CompileError, Target};
use omnios_engine::Snapshot;

fn snapshot(pages: &str, elements: &str) -> Snapshot {
    let json =
        format!(r#"{{"format":"omnios","version":1,"pages":[{pages}],"elements":[{elements}]}}"#);
    Snapshot::from_json(&json).expect("snapshot")
}

const HOME: &str = r#"{"id":"p1","name":"Home","slug":"","title":"Home","description":"","order":"a0","root":"b1"}"#;
const BODY: &str = r#"{"id":"b1","kind":"body","page":"p1","parent":null,"order":"a0"}"#;

fn text(export: &omnios_compiler::Export, path: &str) -> String {
    String::from_utf8(export.file(path).expect(path).to_vec()).expect("utf-8")
}

#[test]
fn same_document_same_bytes_and_the_manifest_lists_every_file() {
    let snap = snapshot(
        HOME,
        &format!(
            r#"{BODY},{{"id":"t1","kind":"text","page":"p1","parent":"b1","order":"a0","tag":"h1","content":"Hi","styles":{{"base":{{"font-size":"48px"}},"mobile":{{"font-size":"24px"}}}}}}"#
        ),
    );
    for target in [Target::NextJs, Target::Static] {
        let a = compile(&snap, &Assets::new(), target).expect("compile");
        let b = compile(&snap, &Assets::new(), target).expect("compile");
        assert_eq!(a, b);
        let manifest = read_manifest(a.file("manifest.json").expect("manifest")).expect("read");
        assert_eq!(manifest.files.len(), a.files.len() - 1);
        for entry in &manifest.files {
            let bytes = a.file(&entry.path).expect("listed file exists");
            assert_eq!(entry.sha256, sha256_hex(bytes));
            assert_eq!(entry.size, bytes.len() as u64);
        }
    }
    let next = compile(&snap, &Assets::new(), Target::NextJs).expect("compile");
    let css = text(&next, "app/globals.css");
    assert!(css.contains(".o-t1 {\n  font-size: 48px;\n}"), "{css}");
    assert!(
        css.contains("@media (max-width: 767px) {\n  .o-t1 {\n    font-size: 24px;\n  }\n}"),
        "{css}"
    );
    let page = text(&next, "app/page.tsx");
    assert!(
        page.contains(r#"<h1 className="o-t1">{"Hi"}</h1>"#),
        "{page}"
    );
    let layout = text(&next, "app/layout.tsx");
    assert!(layout.contains(r#"<html lang="en" dir="ltr">"#), "{layout}");
}

#[test]
fn hidden_elements_and_script_urls_are_left_out() {
    let snap = snapshot(
        HOME,
        &format!(
            r#"{BODY},
            {{"id":"gone","kind":"text","page":"p1","parent":"b1","order":"a0","content":"secret","hidden":true}},
            {{"id":"l1","kind":"link","page":"p1","parent":"b1","order":"a1","content":"x","props":{{"href":"javascript:alert(1)"}}}}"#
        ),
    );
    let export = compile(&snap, &Assets::new(), Target::Static).expect("compile");
    let html = text(&export, "index.html");
    assert!(!html.contains("secret"), "{html}");
    assert!(html.contains(r#"<a class="o-l1">x</a>"#), "{html}");
    assert!(
        export.warnings.iter().any(|w| w.contains("l1")),
        "{:?}",
        export.warnings
    );
}

#[test]
fn refusals_are_typed() {
    let two = format!(r#"{HOME},{{"id":"p2","name":"Two","slug":"","order":"a1","root":"b2"}}"#);
    let bodies =
        format!(r#"{BODY},{{"id":"b2","kind":"body","page":"p2","parent":null,"order":"a0"}}"#);
    assert!(matches!(
        compile(&snapshot(&two, &bodies), &Assets::new(), Target::NextJs),
        Err(CompileError::DuplicateSlug { .. })
    ));

    let unsafe_slug = HOME.replace(r#""slug":"""#, r#""slug":"../etc""#);
    assert!(matches!(
        compile(
            &snapshot(&unsafe_slug, BODY),
            &Assets::new(),
            Target::Static
        ),
        Err(CompileError::UnsafeSlug { .. })
    ));

    let image = format!(
        r#"{BODY},{{"id":"i1","kind":"image","page":"p1","parent":"b1","order":"a0","props":{{"src":"assets/missing.png"}}}}"#
    );
    assert_eq!(
        compile(&snapshot(HOME, &image), &Assets::new(), Target::NextJs),
        Err(CompileError::MissingAsset {
            element: "i1".into(),
            path: "assets/missing.png".into()
        })
    );

    assert!(matches!(
        Assets::new().insert("../x.png", vec![1]),
        Err(CompileError::UnsafeAssetPath { .. })
    ));
    assert_eq!(
        compile(&snapshot("", ""), &Assets::new(), Target::Static),
        Err(CompileError::NoPages)
    );
}

#[test]
fn formatted_text_becomes_semantic_inline_tags_in_both_targets() {
    let about = r#"{"id":"p2","name":"About","slug":"about","title":"About","description":"","order":"a1","root":"b2"}"#;
    let about_body = r#"{"id":"b2","kind":"body","page":"p2","parent":null,"order":"a0"}"#;
    let runs = r#"[{"text":"Hi <you> "},{"text":"bold","bold":true},{"text":" & "},{"text":"it","italic":true,"underline":true},{"text":"\nnext "},{"text":"docs","link":"https://example.com/?a=1&b=2"},{"text":" "},{"text":"about","link":"/about","bold":true}]"#;
    let snap = snapshot(
        &format!("{HOME},{about}"),
        &format!(
            r#"{BODY},{about_body},{{"id":"t1","kind":"text","page":"p1","parent":"b1","order":"a0","tag":"p","content":"Hi <you> bold & it\nnext docs about","runs":{runs}}}"#
        ),
    );
    let html = text(
        &compile(&snap, &Assets::new(), Target::Static).expect("static"),
        "index.html",
    );
    assert!(
        html.contains(
            r#"<p class="o-t1">Hi &lt;you&gt; <strong>bold</strong> &amp; <em><u>it</u></em><br>next <a href="https://example.com/?a=1&amp;b=2">docs</a> <a href="about/index.html"><strong>about</strong></a></p>"#
        ),
        "{html}"
    );
    let page = text(
        &compile(&snap, &Assets::new(), Target::NextJs).expect("next"),
        "app/page.tsx",
    );
    assert!(
        page.contains(
            r#"{"Hi <you> "}<strong>{"bold"}</strong>{" & "}<em><u>{"it"}</u></em><br />{"next "}<a href={"https://example.com/?a=1&b=2"}>{"docs"}</a>{" "}<Link href="/about"><strong>{"about"}</strong></Link>"#
        ),
        "{page}"
    );
    assert!(page.contains("import Link from \"next/link\""), "{page}");
}

#[test]
fn a_plain_text_with_a_line_break_exports_a_br() {
    let snap = snapshot(
        HOME,
        &format!(
            r#"{BODY},{{"id":"t1","kind":"text","page":"p1","parent":"b1","order":"a0","tag":"p","content":"one\ntwo"}}"#
        ),
    );
    let html = text(
        &compile(&snap, &Assets::new(), Target::Static).expect("static"),
        "index.html",
    );
    assert!(html.contains(r#"<p class="o-t1">one<br>two</p>"#), "{html}");
}
