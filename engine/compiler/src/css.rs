//! The export's one stylesheet: the canvas's reset verbatim, the page margin the canvas frame
//! does not have, then every element's rules in the canvas's cascade order.

use omnios_engine::style::{Breakpoint, Slot, State};
use omnios_engine::Element;

use crate::tokens::Variables;
use crate::RESET_CSS;

/// What the export adds to the reset: the browser's own `body` margin is the one thing around
/// `.omnios-page` the canvas frame does not have.
const DOCUMENT_CSS: &str = "/* The page fills the viewport as it fills the canvas frame. */
body {
  margin: 0;
}
";

/// The reset, then the design tokens as variables on `:root` (`tokens.rs`), then per breakpoint (base, tablet, mobile) each element's default and hover rules
/// in tree order; tablet and mobile inside `@media (max-width: …)` with the widths the canvas's
/// container queries use. `rules` pairs each element's class with its record.
/// A style naming a token is written `var(--<name>)`; one naming a token the project lacks is
/// left out (the reader warned about it).
/// `extra` rules come after `rules` in every breakpoint, so at equal specificity they win (a
/// component's variant classes over its elements' own rules).
pub fn stylesheet(
    rules: &[(String, &Element)],
    variables: &Variables,
    extra: &[(String, &Element)],
) -> String {
    let mut out = String::from(RESET_CSS);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    out.push_str(DOCUMENT_CSS);
    out.push_str(&variables.root_rule());
    for bp in Breakpoint::ALL {
        let indent = if bp.max_width().is_some() { "  " } else { "" };
        let mut block = String::new();
        for (class, el) in rules.iter().chain(extra) {
            for state in [State::Default, State::Hover] {
                let slot = Slot {
                    breakpoint: bp,
                    state,
                };
                let Some(props) = el.styles.get(&slot).filter(|p| !p.is_empty()) else {
                    continue;
                };
                let hover = if state == State::Hover { ":hover" } else { "" };
                block.push_str(&format!("\n{indent}.{class}{hover} {{\n"));
                for (property, value) in props {
                    let Some(value) = variables.declaration(*property, value) else {
                        continue;
                    };
                    block.push_str(&format!("{indent}  {}: {value};\n", property.css_name(),));
                }
                block.push_str(&format!("{indent}}}\n"));
            }
        }
        if block.is_empty() {
            continue;
        }
        match bp.max_width() {
            None => out.push_str(&block),
            Some(max) => {
                out.push_str(&format!("\n@media (max-width: {max}px) {{"));
                out.push_str(&block);
                out.push_str("}\n");
            }
        }
    }
    out
}
