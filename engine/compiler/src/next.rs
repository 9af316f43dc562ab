//! The Next.js target: App Router, TypeScript, ESLint's flat config, `next/image` and
//! `next/link`. Exact dependency versions, checked to install, build, type-check and lint
//! together (tests/export): the newest Next.js, React and type packages the npm registry had;
//! ESLint 9 because eslint-config-next's React plugin accepts ESLint only up to 9; TypeScript
//! 5.9, the line the repository itself uses (7.x, the native compiler, is untried here).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use omnios_engine::component::PropKind;
use omnios_engine::{ElementId, ElementKind, Scalar};

use crate::react::{Bound, Component, Plan, Use};
use crate::site::{Href, ImageSrc, Inline, Node, NodeKind, PageOut, Site, SocialImage};
use crate::text::{js_string, jsx_attr};

/// `package.json`'s dependencies: exact versions, so every export installs the same tree.
const DEPENDENCIES: &[(&str, &str)] = &[
    ("next", "16.4.6"),
    ("react", "19.3.1"),
    ("react-dom", "19.3.1"),
];
const DEV_DEPENDENCIES: &[(&str, &str)] = &[
    ("@types/node", "20.19.43"),
    ("@types/react", "19.3.3"),
    ("@types/react-dom", "19.3.0"),
    ("eslint", "9.39.5"),
    ("eslint-config-next", "16.4.6"),
    ("typescript", "5.9.3"),
];

/// Lines longer than this put each attribute on its own line.
const WIDTH: usize = 100;

const NEXT_CONFIG: &str = r#"import type { NextConfig } from "next";

const nextConfig: NextConfig = {};

export default nextConfig;
"#;

const TSCONFIG: &str = r#"{
  "compilerOptions": {
    "target": "ES2017",
    "lib": ["dom", "dom.iterable", "esnext"],
    "allowJs": true,
    "skipLibCheck": true,
    "strict": true,
    "noEmit": true,
    "esModuleInterop": true,
    "module": "esnext",
    "moduleResolution": "bundler",
    "resolveJsonModule": true,
    "isolatedModules": true,
    "jsx": "react-jsx",
    "incremental": true,
    "plugins": [{ "name": "next" }]
  },
  "include": ["next-env.d.ts", "**/*.ts", "**/*.tsx", ".next/types/**/*.ts", ".next/dev/types/**/*.ts"],
  "exclude": ["node_modules"]
}
"#;

const ESLINT_CONFIG: &str = r#"import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "next-env.d.ts"]),
]);
"#;

const GITIGNORE: &str = "/node_modules
/.next/
next-env.d.ts
*.tsbuildinfo
";

const README: &str = "# Site

A Next.js app (App Router, TypeScript) exported from OMNIOS. It depends on nothing but Next.js
and React.

```sh
npm install
npm run dev     # http://localhost:3000
npm run build   # production build
npm run lint    # ESLint
```

- `app/page.tsx` is the home page; every other page is `app/<slug>/page.tsx`.
- `components/<Name>.tsx` is a component of the design: its props (typed, with their
  defaults), variants and slots; the pages use it as `<Name … />`.
- `app/globals.css` holds the shared reset, the design tokens as CSS variables on `:root`, then
  one class per element (`o-<id>`), a style using a token as `var(--<token>)`; tablet and
  mobile styles are `@media (max-width: 991px)` and `@media (max-width: 767px)`.
- Images are in `public/assets/`.
";

fn package_json() -> String {
    let deps = |list: &[(&str, &str)]| -> String {
        list.iter()
            .map(|(name, version)| format!("    \"{name}\": \"{version}\""))
            .collect::<Vec<_>>()
            .join(",\n")
    };
    format!(
        r#"{{
  "name": "site",
  "version": "0.1.0",
  "private": true,
  "scripts": {{
    "dev": "next dev",
    "build": "next build",
    "start": "next start",
    "lint": "eslint ."
  }},
  "dependencies": {{
{}
  }},
  "devDependencies": {{
{}
  }}
}}
"#,
        deps(DEPENDENCIES),
        deps(DEV_DEPENDENCIES)
    )
}

fn layout(site: &Site) -> String {
    format!(
        r#"import type {{ ReactNode }} from "react";
import "./globals.css";

export default function RootLayout({{ children }}: Readonly<{{ children: ReactNode }}>) {{
  return (
    <html lang={} dir={}>
      <body>{{children}}</body>
    </html>
  );
}}
"#,
        jsx_attr(&site.lang),
        jsx_attr(site.dir.as_str())
    )
}

/// ` name={value}`, or ` name` for a flag (an empty value).
fn attr(name: &str, value: &str) -> String {
    if value.is_empty() {
        format!(" {name}")
    } else {
        format!(" {name}={value}")
    }
}

/// What a page's code imports.
#[derive(Default)]
struct Uses {
    image: bool,
    link: bool,
    /// Components, by name.
    components: BTreeSet<String>,
}

/// What every file shares while the app is written.
struct Shared<'p, 'a> {
    plan: &'p Plan,
    /// Every node read (pages and component trees), by element id.
    nodes: HashMap<&'a ElementId, &'p Node<'a>>,
    /// Elements written, whose rules the stylesheet keeps.
    written: HashSet<ElementId>,
    /// Components some file uses, by master id.
    used: BTreeSet<ElementId>,
}

struct Jsx<'w, 'p, 'a> {
    out: String,
    uses: Uses,
    warnings: &'w mut Vec<String>,
    shared: &'w mut Shared<'p, 'a>,
    /// The component being written, if any.
    comp: Option<&'p Component>,
}

/// A link's `href` as the code writes it.
fn href_text(href: &Href) -> &str {
    match href {
        Href::Internal { path, .. } => path,
        Href::Other(url) => url,
    }
}

/// An image's `src` as the code writes it, and whether next/image must not optimise it.
fn src_text(src: &ImageSrc) -> (String, bool) {
    let (src, remote) = match src {
        ImageSrc::Asset(path) => (format!("/assets/{path}"), false),
        ImageSrc::Library { file, .. } => (format!("/assets/{file}"), false),
        ImageSrc::Remote(url) => (url.clone(), true),
    };
    // next/image's optimizer does not take SVG (it carries code): served as it is.
    let unoptimized = remote || src.to_ascii_lowercase().ends_with(".svg");
    (src, unoptimized)
}

/// A number as JavaScript prints it, when that is how Rust prints it (the canvas's text):
/// no exponent, no negative zero.
fn js_number(n: f64) -> Option<String> {
    let plain = n == 0.0 && n.is_sign_positive() || (1e-6..1e21).contains(&n.abs());
    (n.is_finite() && plain).then(|| n.to_string())
}

impl<'p, 'a> Jsx<'_, 'p, 'a> {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Writes `<tag attrs …>` (or `/>` when `close`), wrapping attributes past [`WIDTH`].
    fn open(&mut self, indent: usize, tag: &str, attrs: &[(&str, String)], close: bool) -> bool {
        let end = if close { " />" } else { ">" };
        let flat: String = attrs.iter().map(|(k, v)| attr(k, v)).collect();
        let one = format!("<{tag}{flat}{end}");
        if indent * 2 + one.len() <= WIDTH {
            self.line(indent, &one);
            return false;
        }
        self.line(indent, &format!("<{tag}"));
        for (k, v) in attrs {
            self.line(indent + 1, attr(k, v).trim_start());
        }
        self.line(indent, if close { "/>" } else { ">" });
        true
    }

    /// A link's tag and JSX `href`: `next/link` for a path on the site, `<a>` otherwise.
    fn link(&mut self, href: &Href) -> (&'static str, String) {
        match href {
            Href::Internal { path, .. } => {
                self.uses.link = true;
                ("Link", jsx_attr(path))
            }
            Href::Other(url) => ("a", jsx_attr(url)),
        }
    }

    /// A text element's runs as JSX: `<a href><strong><em><u>`, a `<br />` for each line
    /// break, every text a string literal (React escapes it).
    fn inline(&mut self, runs: &[Inline]) -> String {
        let mut out = String::new();
        for run in runs {
            let mut close = Vec::new();
            if let Some(href) = &run.link {
                let (tag, href) = self.link(href);
                out.push_str(&format!("<{tag} href={href}>"));
                close.push(tag);
            }
            for tag in run.mark_tags() {
                out.push_str(&format!("<{tag}>"));
                close.push(tag);
            }
            let lines: Vec<String> = run
                .text
                .split('\n')
                .map(|line| {
                    if line.is_empty() {
                        String::new()
                    } else {
                        format!("{{{}}}", js_string(line))
                    }
                })
                .collect();
            out.push_str(&lines.join("<br />"));
            for tag in close.iter().rev() {
                out.push_str(&format!("</{tag}>"));
            }
        }
        out
    }

    /// The variable of the component's prop bound to `bound` on this node, if any.
    fn bound(&self, node: &Node, bound: Bound) -> Option<&'p str> {
        self.comp?
            .binding(&node.el.id, bound)
            .map(|b| b.local.as_str())
    }

    /// The node's `className`: its class, and in a component the classes of the variant
    /// options it has styles for, each when its option is chosen.
    fn class_attr(&self, node: &Node, class: &str) -> String {
        let parts: Vec<(&str, &str, &str)> = self
            .comp
            .and_then(|c| c.variants.get(&node.el.id))
            .into_iter()
            .flatten()
            .filter_map(|p| Some((p.local.as_str(), p.option.as_str(), p.class.as_deref()?)))
            .collect();
        match parts.as_slice() {
            [] => jsx_attr(class),
            [(local, option, variant)] => format!(
                "{{{local} === {} ? {} : {}}}",
                js_string(option),
                js_string(&format!("{class} {variant}")),
                js_string(class)
            ),
            _ => {
                let list: Vec<String> = std::iter::once(js_string(class))
                    .chain(parts.iter().map(|(local, option, variant)| {
                        format!(
                            "{local} === {} && {}",
                            js_string(option),
                            js_string(variant)
                        )
                    }))
                    .collect();
                format!("{{[{}].filter(Boolean).join(\" \")}}", list.join(", "))
            }
        }
    }

    /// In a component, the node's text as the props and variants choose it.
    fn content_expr(&self, node: &Node) -> Option<String> {
        let comp = self.comp?;
        let prop = comp.binding(&node.el.id, Bound::Content);
        let parts: Vec<(&str, &str, &str)> = comp
            .variants
            .get(&node.el.id)
            .into_iter()
            .flatten()
            .filter_map(|p| Some((p.local.as_str(), p.option.as_str(), p.content.as_deref()?)))
            .collect();
        if prop.is_none() && parts.is_empty() {
            return None;
        }
        let mut chain = js_string(&node.el.content);
        for (local, option, text) in &parts {
            chain = format!(
                "{local} === {} ? {} : {chain}",
                js_string(option),
                js_string(text)
            );
        }
        Some(match (prop, parts.is_empty()) {
            (Some(b), true) => format!("{{{}}}", b.local),
            (Some(b), false) => format!("{{{} ?? ({chain})}}", b.local),
            (None, _) => format!("{{{chain}}}"),
        })
    }

    fn node(&mut self, node: &Node<'a>, indent: usize) {
        self.shared.written.insert(node.el.id.clone());
        if let Some(local) = self.bound(node, Bound::Hidden) {
            self.line(indent, &format!("{{!{local} && ("));
            self.element(node, indent + 1);
            self.line(indent, ")}");
            return;
        }
        if node.el.kind == ElementKind::Instance {
            let plan = self.shared.plan;
            let found = match self.comp {
                Some(comp) => comp.nested.get(&node.el.id),
                None => plan.uses.get(&node.el.id),
            };
            if let Some(found) = found {
                if self.instance(node, found, indent) {
                    return;
                }
            }
        }
        self.element(node, indent);
    }

    /// The JSX attribute of one prop value an instance gives, `None` when the component
    /// cannot show it as the canvas does, `Some(None)` when it is the default.
    fn prop_value(
        &self,
        comp: &Component,
        binding: &crate::react::PropBinding,
        found: &Use,
        value: &Scalar,
    ) -> Option<Option<String>> {
        let nodes = &self.shared.nodes;
        let default = nodes.get(&binding.element)?;
        let shown = || nodes.get(&found.shown(&binding.master_element));
        Some(match binding.bound {
            Bound::Content => {
                let (text, attr) = match (binding.kind, value) {
                    (PropKind::Number, Scalar::Number(n)) => {
                        let n = js_number(*n)?;
                        (n.clone(), format!("{{{n}}}"))
                    }
                    (PropKind::Text | PropKind::Enum, Scalar::Text(t)) if !t.contains('\n') => {
                        (t.clone(), jsx_attr(t))
                    }
                    _ => return None,
                };
                // A variant's text shows when the instance gives none: a value is then kept.
                let chained = comp
                    .variants
                    .get(&binding.element)
                    .is_some_and(|parts| parts.iter().any(|p| p.content.is_some()));
                (chained || text != default.el.content).then_some(attr)
            }
            Bound::Href => {
                let (
                    NodeKind::Link {
                        href: Some(mine), ..
                    },
                    NodeKind::Link {
                        href: Some(theirs), ..
                    },
                ) = (&shown()?.kind, &default.kind)
                else {
                    return None;
                };
                (href_text(mine) != href_text(theirs)).then(|| jsx_attr(href_text(mine)))
            }
            Bound::Src => {
                let (
                    NodeKind::Image {
                        src,
                        alt,
                        size,
                        sizes,
                    },
                    NodeKind::Image {
                        src: d_src,
                        alt: d_alt,
                        size: d_size,
                        sizes: d_sizes,
                    },
                ) = (&shown()?.kind, &default.kind)
                else {
                    return None;
                };
                let ((mine, opt), (theirs, d_opt)) = (src_text(src), src_text(d_src));
                if (alt, size, sizes, opt) != (d_alt, d_size, d_sizes, d_opt) {
                    return None;
                }
                (mine != theirs).then(|| jsx_attr(&mine))
            }
            Bound::Hidden => {
                let Scalar::Bool(b) = value else { return None };
                (*b != binding.hidden_default).then(|| format!("{{{b}}}"))
            }
        })
    }

    /// Writes an instance as its component (`<Name … />` inside the instance's own `div`),
    /// when every value it gives shows as on the canvas; returns whether it did.
    fn instance(&mut self, node: &Node<'a>, found: &Use, indent: usize) -> bool {
        let plan = self.shared.plan;
        let Some(comp) = plan.components.get(&found.master) else {
            return false;
        };
        let mut attrs: Vec<(&str, String)> = Vec::new();
        for binding in &comp.props {
            let Some(value) = found.values.get(&binding.name) else {
                continue;
            };
            match self.prop_value(comp, binding, found, value) {
                None => return false,
                Some(Some(attr)) => attrs.push((binding.name.as_str(), attr)),
                Some(None) => {}
            }
        }
        for axis in &comp.axes {
            if let Some(option) = found.choices.get(&axis.name) {
                attrs.push((axis.name.as_str(), jsx_attr(option)));
            }
        }
        let mut slots: Vec<(&str, &'p Node<'a>)> = Vec::new();
        for slot in &comp.slots {
            let Some(shown) = self.shared.nodes.get(&found.shown(&slot.master_element)) else {
                return false;
            };
            if !shown.children.is_empty() {
                slots.push((slot.name.as_str(), shown));
            }
        }
        self.shared.written.insert(node.el.id.clone());
        self.shared.used.insert(comp.master.clone());
        self.uses.components.insert(comp.name.clone());
        let mut wrapper: Vec<(&str, String)> = vec![("className", jsx_attr(&node.class))];
        if let Some(anchor) = &node.anchor {
            wrapper.push(("id", jsx_attr(anchor)));
        }
        self.open(indent, "div", &wrapper, false);
        let inner = indent + 1;
        let children = slots
            .iter()
            .find(|(name, _)| *name == "children")
            .map(|(_, n)| *n);
        let named: Vec<(&str, &'p Node<'a>)> = slots
            .iter()
            .filter(|(name, _)| *name != "children")
            .copied()
            .collect();
        let name = comp.name.as_str();
        if named.is_empty() {
            self.open(inner, name, &attrs, children.is_none());
        } else {
            self.line(inner, &format!("<{name}"));
            for (k, v) in &attrs {
                self.line(inner + 1, attr(k, v).trim_start());
            }
            for (prop, slot) in named {
                self.line(inner + 1, &format!("{prop}={{"));
                self.line(inner + 2, "<>");
                for child in &slot.children {
                    self.node(child, inner + 3);
                }
                self.line(inner + 2, "</>");
                self.line(inner + 1, "}");
            }
            self.line(inner, if children.is_none() { "/>" } else { ">" });
        }
        if let Some(slot) = children {
            for child in &slot.children {
                self.node(child, inner + 1);
            }
            self.line(inner, &format!("</{name}>"));
        }
        self.line(indent, "</div>");
        true
    }

    fn element(&mut self, node: &Node<'a>, indent: usize) {
        let mut attrs: Vec<(&str, String)> = Vec::new();
        let class = match node.kind {
            NodeKind::Page { .. } => format!("omnios-page {}", node.class),
            _ => node.class.clone(),
        };
        attrs.push(("className", self.class_attr(node, &class)));
        if let Some(anchor) = &node.anchor {
            attrs.push(("id", jsx_attr(anchor)));
        }
        let text = node.el.kind.has_text() && !node.el.content.is_empty();
        let tag: String = match &node.kind {
            NodeKind::Page { lang, dir } => {
                if let Some(lang) = lang {
                    attrs.push(("lang", jsx_attr(lang)));
                }
                if let Some(dir) = dir {
                    attrs.push(("dir", jsx_attr(dir.as_str())));
                }
                "div".into()
            }
            NodeKind::Box(tag) | NodeKind::Text(tag) => (*tag).into(),
            NodeKind::Button => {
                attrs.push(("type", "\"button\"".into()));
                "button".into()
            }
            NodeKind::Link { href, new_tab } => {
                // next/link keeps the path's `?query#hash` as written.
                let tag = match (href, self.bound(node, Bound::Href)) {
                    (Some(_), Some(local)) => {
                        self.uses.link = true;
                        attrs.push(("href", format!("{{{local}}}")));
                        "Link"
                    }
                    (Some(href), None) => {
                        let (tag, href) = self.link(href);
                        attrs.push(("href", href));
                        tag
                    }
                    (None, _) => "a",
                };
                if *new_tab {
                    attrs.push(("target", jsx_attr("_blank")));
                    attrs.push(("rel", jsx_attr("noopener noreferrer")));
                }
                tag.into()
            }
            NodeKind::Image {
                src,
                alt,
                size,
                sizes,
            } => {
                let (src, unoptimized) = src_text(src);
                match self.bound(node, Bound::Src) {
                    Some(local) => attrs.push(("src", format!("{{{local}}}"))),
                    None => attrs.push(("src", jsx_attr(&src))),
                }
                attrs.push(("alt", jsx_attr(alt)));
                match size {
                    Some((w, h)) => {
                        self.uses.image = true;
                        attrs.push(("width", format!("{{{w}}}")));
                        attrs.push(("height", format!("{{{h}}}")));
                        attrs.push(("sizes", jsx_attr(sizes)));
                        if unoptimized {
                            attrs.push(("unoptimized", String::new()));
                        }
                        self.open(indent, "Image", &attrs, true);
                    }
                    None => {
                        self.warnings.push(format!(
                            "image {}: natural size unknown, exported as <img> instead of next/image",
                            node.el.id
                        ));
                        self.line(
                            indent,
                            "{/* eslint-disable-next-line @next/next/no-img-element -- its natural size is unknown, so next/image cannot size it */}",
                        );
                        self.open(indent, "img", &attrs, true);
                    }
                }
                return;
            }
            NodeKind::Input { placeholder } => {
                if !placeholder.is_empty() {
                    attrs.push(("placeholder", jsx_attr(placeholder)));
                    attrs.push(("aria-label", jsx_attr(placeholder)));
                }
                self.open(indent, "input", &attrs, true);
                return;
            }
            NodeKind::Video { src } => {
                if let Some(src) = src {
                    attrs.push(("src", jsx_attr(src)));
                }
                attrs.push(("muted", String::new()));
                attrs.push(("controls", String::new()));
                "video".into()
            }
            NodeKind::Embed => {
                self.line(
                    indent,
                    "{/* Embed: raw HTML from the document, inserted as written (the only element that carries code). */}",
                );
                attrs.push((
                    "dangerouslySetInnerHTML",
                    format!("{{{{ __html: {} }}}}", js_string(&node.el.content)),
                ));
                self.open(indent, "div", &attrs, true);
                return;
            }
        };
        let slot = self
            .comp
            .and_then(|c| c.slot(&node.el.id))
            .map(|s| format!("{{{}}}", s.local));
        let content = match self.content_expr(node) {
            Some(expr) => Some(expr),
            None if node.inline.is_empty() => {
                text.then(|| format!("{{{}}}", js_string(&node.el.content)))
            }
            None => Some(self.inline(&node.inline)),
        };
        if content.is_none() && node.children.is_empty() && slot.is_none() {
            self.open(indent, &tag, &attrs, true);
            return;
        }
        if node.children.is_empty() && slot.is_none() {
            if let Some(content) = &content {
                let flat: String = attrs.iter().map(|(k, v)| attr(k, v)).collect();
                let one = format!("<{tag}{flat}>{content}</{tag}>");
                if indent * 2 + one.len() <= WIDTH {
                    self.line(indent, &one);
                    return;
                }
            }
        }
        self.open(indent, &tag, &attrs, false);
        if let Some(content) = &content {
            self.line(indent + 1, content);
        }
        match &slot {
            // A slot shows what its instance supplies, never the master's placeholders.
            Some(slot) => self.line(indent + 1, slot),
            None => {
                for child in &node.children {
                    self.node(child, indent + 1);
                }
            }
        }
        self.line(indent, &format!("</{tag}>"));
    }
}

/// The import lines of a file's code: next/image, next/link, then the components from
/// `components` (the folder's path from the file).
fn imports(uses: &Uses, components: &str) -> String {
    let mut out = String::new();
    if uses.image {
        out.push_str("import Image from \"next/image\";\n");
    }
    if uses.link {
        out.push_str("import Link from \"next/link\";\n");
    }
    for name in &uses.components {
        out.push_str(&format!(
            "import {{ {name} }} from \"{components}{name}\";\n"
        ));
    }
    out
}

fn page<'p, 'a>(
    page: &'p PageOut<'a>,
    shared: &mut Shared<'p, 'a>,
    warnings: &mut Vec<String>,
) -> String {
    let mut jsx = Jsx {
        out: String::new(),
        uses: Uses::default(),
        warnings,
        shared,
        comp: None,
    };
    jsx.node(&page.root, 2);
    let body = std::mem::take(&mut jsx.out);
    let title = if page.page.title.trim().is_empty() {
        page.page.name.trim()
    } else {
        page.page.title.trim()
    };
    let description = page.page.description.trim();
    let mut out = String::new();
    let image = page.image.as_ref().map(|image| match image {
        SocialImage::Asset(file) => format!("/assets/{file}"),
        SocialImage::Remote(url) => url.clone(),
    });
    let metadata = !title.is_empty() || !description.is_empty() || image.is_some();
    if metadata {
        out.push_str("import type { Metadata } from \"next\";\n");
    }
    // app/page.tsx is one folder below the app's root, app/<slug>/page.tsx one more per segment.
    let depth = 1 + page.slug.split('/').filter(|s| !s.is_empty()).count();
    let up = "../".repeat(depth);
    out.push_str(&imports(&jsx.uses, &format!("{up}components/")));
    if !out.is_empty() {
        out.push('\n');
    }
    if metadata {
        out.push_str("export const metadata: Metadata = {\n");
        if !title.is_empty() {
            out.push_str(&format!("  title: {},\n", js_string(title)));
        }
        if !description.is_empty() {
            out.push_str(&format!("  description: {},\n", js_string(description)));
        }
        if let Some(image) = &image {
            // A path resolves against `metadataBase`; without one, Next.js uses the host
            // serving the site.
            let image = js_string(image);
            out.push_str(&format!("  openGraph: {{ images: [{image}] }},\n"));
            out.push_str(&format!(
                "  twitter: {{ card: \"summary_large_image\", images: [{image}] }},\n"
            ));
        }
        out.push_str("};\n\n");
    }
    out.push_str("export default function Page() {\n  return (\n");
    out.push_str(&body);
    out.push_str("  );\n}\n");
    out
}

/// A component prop's TypeScript type.
fn prop_type(kind: PropKind, options: &[String]) -> String {
    match kind {
        PropKind::Text | PropKind::Image | PropKind::Link => "string".into(),
        PropKind::Number => "number".into(),
        PropKind::Boolean => "boolean".into(),
        PropKind::Enum if options.is_empty() => "string".into(),
        PropKind::Enum => options
            .iter()
            .map(|o| js_string(o))
            .collect::<Vec<_>>()
            .join(" | "),
    }
}

/// `components/<Name>.tsx`: the props interface and the function component.
fn component<'p, 'a>(
    comp: &'p Component,
    root: Option<&'p Node<'a>>,
    shared: &mut Shared<'p, 'a>,
    warnings: &mut Vec<String>,
) -> String {
    let name = &comp.name;
    // Each prop's field, its type, what its doc says, and the default it is destructured with.
    let mut fields: Vec<(String, String, String, Option<String>)> = Vec::new();
    for b in &comp.props {
        let node = shared.nodes.get(&b.element);
        let chained = comp
            .variants
            .get(&b.element)
            .is_some_and(|parts| parts.iter().any(|p| p.content.is_some()));
        let default = match (b.bound, node.map(|n| &n.kind)) {
            (Bound::Hidden, _) => Some(b.hidden_default.to_string()),
            (Bound::Content, _) if chained => None,
            (Bound::Content, Some(_)) => node.map(|n| match b.kind {
                PropKind::Number => n.el.content.clone(),
                _ => js_string(&n.el.content),
            }),
            (Bound::Href, Some(NodeKind::Link { href: Some(h), .. })) => {
                Some(js_string(href_text(h)))
            }
            (Bound::Src, Some(NodeKind::Image { src, .. })) => Some(js_string(&src_text(src).0)),
            _ => None,
        };
        let what = match b.bound {
            Bound::Content => "The text",
            Bound::Href => "Where the link goes",
            Bound::Src => "The image's source",
            Bound::Hidden => "Hides the element when true",
        };
        let doc = match (&default, chained) {
            (Some(d), _) => format!("{what}. Default: {d}."),
            (None, true) => {
                format!("{what}; when not given, the chosen variant's or the master's.")
            }
            (None, false) => format!("{what}."),
        };
        fields.push((b.name.clone(), prop_type(b.kind, &b.options), doc, default));
    }
    for a in &comp.axes {
        let options: Vec<String> = a.options.iter().map(|o| js_string(o)).collect();
        fields.push((
            a.name.clone(),
            options.join(" | "),
            "Variant; none is chosen by default.".into(),
            None,
        ));
    }
    for s in &comp.slots {
        fields.push((
            s.name.clone(),
            "ReactNode".into(),
            "What the slot shows; empty by default.".into(),
            None,
        ));
    }
    let locals: Vec<&str> = comp
        .props
        .iter()
        .map(|p| p.local.as_str())
        .chain(comp.axes.iter().map(|a| a.local.as_str()))
        .chain(comp.slots.iter().map(|s| s.local.as_str()))
        .collect();
    let mut jsx = Jsx {
        out: String::new(),
        uses: Uses::default(),
        warnings,
        shared,
        comp: Some(comp),
    };
    if let Some(root) = root {
        jsx.node(root, 2);
    }
    let body = std::mem::take(&mut jsx.out);
    let mut out = String::new();
    if !comp.slots.is_empty() {
        out.push_str("import type { ReactNode } from \"react\";\n");
    }
    out.push_str(&imports(&jsx.uses, "./"));
    if !out.is_empty() {
        out.push('\n');
    }
    // The name is the designer's text: quoted, and unable to end the comment.
    out.push_str(&format!(
        "/** The props of the component {}. */\n",
        js_string(&comp.title).replace("*/", "*\\/")
    ));
    out.push_str(&format!("export interface {name}Props {{\n"));
    for (field, ty, doc, _) in &fields {
        out.push_str(&format!("  /** {doc} */\n  {field}?: {ty};\n"));
    }
    out.push_str("}\n\n");
    let params: Vec<String> = fields
        .iter()
        .zip(&locals)
        .map(|((field, _, _, default), local)| {
            let mut p = if field == local {
                field.clone()
            } else {
                format!("{field}: {local}")
            };
            if let Some(d) = default {
                p.push_str(&format!(" = {d}"));
            }
            p
        })
        .collect();
    let one = format!(
        "export function {name}({{ {} }}: {name}Props) {{",
        params.join(", ")
    );
    if params.is_empty() {
        out.push_str(&format!("export function {name}() {{\n"));
    } else if one.len() <= WIDTH {
        out.push_str(&one);
        out.push('\n');
    } else {
        out.push_str(&format!("export function {name}({{\n"));
        for p in &params {
            out.push_str(&format!("  {p},\n"));
        }
        out.push_str(&format!("}}: {name}Props) {{\n"));
    }
    if body.is_empty() {
        out.push_str("  return null;\n}\n");
    } else {
        out.push_str("  return (\n");
        out.push_str(&body);
        out.push_str("  );\n}\n");
    }
    out
}

/// Every file of the app but the assets and the manifest.
pub fn files(site: &Site, plan: &Plan, warnings: &mut Vec<String>) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut put = |path: &str, text: String| {
        files.insert(path.to_owned(), text.into_bytes());
    };
    put("package.json", package_json());
    put("next.config.ts", NEXT_CONFIG.into());
    put("tsconfig.json", TSCONFIG.into());
    put("eslint.config.mjs", ESLINT_CONFIG.into());
    put(".gitignore", GITIGNORE.into());
    put("README.md", README.into());
    put("app/layout.tsx", layout(site));
    let mut shared = Shared {
        plan,
        nodes: HashMap::new(),
        written: HashSet::new(),
        used: BTreeSet::new(),
    };
    let mut stack: Vec<&Node> = site.pages.iter().map(|p| &p.root).collect();
    stack.extend(site.extra.iter().flatten());
    while let Some(node) = stack.pop() {
        shared.nodes.insert(&node.el.id, node);
        stack.extend(&node.children);
    }
    for p in &site.pages {
        let path = if p.slug.is_empty() {
            "app/page.tsx".to_owned()
        } else {
            format!("app/{}/page.tsx", p.slug)
        };
        put(&path, page(p, &mut shared, warnings));
    }
    // Components the pages use, then the ones those use, until none is new.
    let roots: HashMap<&ElementId, Option<&Node>> = plan
        .extra
        .roots
        .iter()
        .zip(&site.extra)
        .map(|(id, node)| (id, node.as_ref()))
        .collect();
    let mut done: BTreeSet<ElementId> = BTreeSet::new();
    loop {
        let next: Vec<ElementId> = shared.used.difference(&done).cloned().collect();
        if next.is_empty() {
            break;
        }
        for master in next {
            done.insert(master.clone());
            let Some(comp) = plan.components.get(&master) else {
                continue;
            };
            let root = roots.get(&comp.root).copied().flatten();
            let text = component(comp, root, &mut shared, warnings);
            put(&format!("components/{}.tsx", comp.name), text);
        }
    }
    let variant_rules: Vec<(String, &omnios_engine::Element)> = plan
        .components
        .values()
        .filter(|c| shared.used.contains(&c.master))
        .flat_map(|c| {
            c.variant_rules
                .iter()
                .map(|(class, el)| (class.clone(), el))
        })
        .collect();
    let css = site.stylesheet_of(|id| shared.written.contains(id), &variant_rules);
    put(
        "app/globals.css",
        crate::fonts::faces(&site.fonts, "/assets/") + &css,
    );
    files
}
