//! The Next.js export writes each master a page shows as `components/<Name>.tsx` (a typed
//! props interface, variants, slots, nested components) and each instance it can show as
//! `<Name … />`; an instance with overrides stays inline, as the canvas shows it. Read from the
//! `components` fixture the export build test builds (tests/fixtures).

use omnios_compiler::{compile, Assets, Export, Target};
use omnios_engine::Snapshot;

const FIXTURE: &str = include_str!("../../../tests/fixtures/components.omnios.json");

fn fixture() -> Snapshot {
    serde_json::from_str(FIXTURE).expect("the components fixture")
}

fn text(export: &Export, path: &str) -> String {
    String::from_utf8(
        export
            .file(path)
            .unwrap_or_else(|| panic!("{path}"))
            .to_vec(),
    )
    .expect("utf-8")
}

fn next(snapshot: &Snapshot) -> Export {
    compile(snapshot, &Assets::new(), Target::NextJs).expect("next")
}

/// Lines of `text`, trimmed and joined with no space: layout aside.
fn flat(text: &str) -> String {
    text.lines().map(str::trim).collect()
}

#[test]
fn a_master_is_a_component_with_typed_props_variants_and_a_slot() {
    let export = next(&fixture());
    let card = text(&export, "components/Card.tsx");
    for field in [
        "cta?: string;",
        "heading?: string;",
        "hideRibbon?: boolean;",
        "icon?: string;",
        "price?: number;",
        // An enum's options: its default and every value an instance gives.
        "tier?: \"Business\" | \"Starter\";",
        "tone?: \"dark\";",
        "children?: ReactNode;",
    ] {
        assert!(card.contains(field), "{field}: {card}");
    }
    assert!(card.contains("export interface CardProps {"), "{card}");
    let card_flat = flat(&card);
    // Each prop destructured with the master's default.
    assert!(
        card_flat.contains(
            "export function Card({cta = \"/#plans\",heading = \"Basic\",hideRibbon = true,\
             icon = \"https://example.com/basic.png\",price = 9,tier = \"Starter\",tone,children,\
             }: CardProps) {"
        ),
        "{card}"
    );
    // Bound where the declarations target.
    for bound in [
        "<h2 className=\"o-7_1\">{heading}</h2>",
        "src={icon}",
        "{!hideRibbon && (<p className=\"o-7_4\">{\"Most popular\"}</p>)}",
        "<p className=\"o-7_7\">{tier}</p>",
        "<p className=\"o-7_3\">{price}</p>",
        "<div className=\"o-7_8\">{children}</div>",
        "href={cta}>",
        // The variant chooses a class set.
        "<div className={tone === \"dark\" ? \"o-card o-card--tone-dark\" : \"o-card\"}>",
        // The nested instance is its own component, with its values.
        "<div className=\"o-7_9\"><Badge label=\"Monthly\" /></div>",
    ] {
        assert!(card_flat.contains(bound), "{bound}: {card}");
    }
    assert!(
        card.contains("import { Badge } from \"./Badge\";"),
        "{card}"
    );
    let badge = text(&export, "components/Badge.tsx");
    assert!(
        badge.contains("export function Badge({ label = \"New\" }: BadgeProps) {"),
        "{badge}"
    );
    // The variant's styles are a class after the element's own, in the shared stylesheet.
    let css = text(&export, "app/globals.css");
    let base = css.find(".o-card {").expect("the card's rule");
    let dark = css
        .find(".o-card--tone-dark {")
        .expect("the variant's rule");
    assert!(base < dark, "{css}");
    assert!(
        css[dark..].starts_with(
            ".o-card--tone-dark {\n  color: #f8fafc;\n  background-color: #1e293b;\n}"
        ) || css[dark..].starts_with(
            ".o-card--tone-dark {\n  background-color: #1e293b;\n  color: #f8fafc;\n}"
        ),
        "{css}"
    );
    assert!(
        css.contains("  .o-7_3 {\n    font-size: 24px;\n  }"),
        "{css}"
    );
}

#[test]
fn instances_pass_only_what_differs_and_overrides_stay_inline() {
    let export = next(&fixture());
    let page = flat(&text(&export, "app/page.tsx"));
    assert!(
        page.contains("import { Card } from \"../components/Card\";"),
        "{page}"
    );
    // The default instance: its slot's children only.
    assert!(
        page.contains(
            "<div className=\"o-basic\"><Card><p className=\"o-s-basic\">{\"Free forever\"}</p></Card></div>"
        ),
        "{page}"
    );
    // Props of every kind, the variant, and the slot filled differently.
    // (The tag is wider than a line: one attribute a line, joined here.)
    assert!(
        page.contains(
            "<div className=\"o-team\"><Cardcta=\"https://example.com/team\"heading=\"Team\"\
             hideRibbon={false}price={49}tier=\"Business\"tone=\"dark\">"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "<p className=\"o-s-team1\">{\"Priority support\"}</p><p className=\"o-s-team2\">"
        ),
        "{page}"
    );
    // The override has no prop: that instance is written as the canvas shows it.
    assert!(
        page.contains("{\"For people who ship every week.\"}"),
        "{page}"
    );
    assert!(!page.contains("heading=\"Pro\""), "{page}");
    assert_eq!(page.matches("<Card").count(), 2, "{page}");
    // Rules of elements written only: the inline card's, not the other two's.
    let css = text(&export, "app/globals.css");
    assert_eq!(css.matches(".o-__").count(), 11, "{css}");
}

#[test]
fn the_static_export_still_inlines_every_instance() {
    let export = compile(&fixture(), &Assets::new(), Target::Static).expect("static");
    assert!(export
        .files
        .iter()
        .all(|f| !f.path.starts_with("components/")));
    let html = text(&export, "index.html");
    assert!(html.contains(">Team</h2>"), "{html}");
    assert!(html.contains(">Monthly</span>"), "{html}");
}

#[test]
fn the_same_project_gives_the_same_files_whatever_the_record_order() {
    let one = fixture();
    let mut two = fixture();
    two.elements.reverse();
    assert_eq!(next(&one), next(&two));
    assert_eq!(next(&one), next(&one));
}

#[test]
fn hostile_component_names_never_reach_code() {
    let mut snapshot = fixture();
    for el in &mut snapshot.elements {
        if el.id.as_str() == "card" {
            el.name = "*/ </script><img src=x onerror=alert(1)> {`${x}`}".into();
        }
        if el.id.as_str() == "badge" {
            el.name = "Image".into();
        }
    }
    let export = next(&snapshot);
    let paths: Vec<&str> = export
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.starts_with("components/"))
        .collect();
    assert_eq!(
        paths,
        [
            "components/Image2.tsx",
            "components/ScriptImgSrcXOnerrorAlert1X.tsx"
        ]
    );
    let card = text(&export, "components/ScriptImgSrcXOnerrorAlert1X.tsx");
    assert!(
        card.contains("export function ScriptImgSrcXOnerrorAlert1X("),
        "{card}"
    );
    assert!(
        card.contains("import { Image2 } from \"./Image2\";"),
        "{card}"
    );
    // The name is only in the doc comment, quoted, unable to close it.
    let doc = card
        .lines()
        .find(|l| l.starts_with("/** The props"))
        .expect("doc");
    assert_eq!(doc.matches("*/").count(), 1, "{doc}");
    assert!(doc.ends_with(". */"), "{doc}");
    // Anywhere else, none of it.
    assert!(
        !card
            .lines()
            .filter(|l| !l.starts_with("/** The props"))
            .any(|l| l.contains("<img") || l.contains("alert(")),
        "{card}"
    );
}

#[test]
fn a_value_the_component_cannot_show_keeps_the_instance_inline() {
    let mut snapshot = fixture();
    for el in &mut snapshot.elements {
        if el.id.as_str() == "team" {
            el.props.insert(
                "heading".into(),
                omnios_engine::Scalar::Text("Two\nlines".into()),
            );
        }
    }
    let page = text(&next(&snapshot), "app/page.tsx");
    assert_eq!(page.matches("<Card").count(), 1, "{page}");
    assert!(page.contains("{\"Two\"}<br />{\"lines\"}"), "{page}");
}
