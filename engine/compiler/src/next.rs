//! The Next.js target: App Router, TypeScript, ESLint's flat config, `next/image` and
//! `next/link`. Exact dependency versions, checked to install, build, type-check and lint
//! together (tests/export): the newest Next.js, React and type packages the npm registry had;
//! ESLint 9 because eslint-config-next's React plugin accepts ESLint only up to 9; TypeScript
//! 5.9, the line the repository itself uses (7.x, the native compiler, is untried here).

use std::collections::BTreeMap;

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
}

struct Jsx<'w> {
    out: String,
    uses: Uses,
    warnings: &'w mut Vec<String>,
}

impl Jsx<'_> {
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

    fn node(&mut self, node: &Node, indent: usize) {
        let mut attrs: Vec<(&str, String)> = Vec::new();
        let class = match node.kind {
            NodeKind::Page { .. } => format!("omnios-page {}", node.class),
            _ => node.class.clone(),
        };
        attrs.push(("className", jsx_attr(&class)));
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
                let tag = match href {
                    Some(href) => {
                        let (tag, href) = self.link(href);
                        attrs.push(("href", href));
                        tag
                    }
                    None => "a",
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
                let (src, remote) = match src {
                    ImageSrc::Asset(path) => (format!("/assets/{path}"), false),
                    ImageSrc::Library { file, .. } => (format!("/assets/{file}"), false),
                    ImageSrc::Remote(url) => (url.clone(), true),
                };
                // next/image's optimizer does not take SVG (it carries code): served as it is.
                let unoptimized = remote || src.to_ascii_lowercase().ends_with(".svg");
                attrs.push(("src", jsx_attr(&src)));
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
        if !text && node.children.is_empty() {
            self.open(indent, &tag, &attrs, true);
            return;
        }
        let content = if node.inline.is_empty() {
            text.then(|| format!("{{{}}}", js_string(&node.el.content)))
        } else {
            Some(self.inline(&node.inline))
        };
        if node.children.is_empty() {
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
        for child in &node.children {
            self.node(child, indent + 1);
        }
        self.line(indent, &format!("</{tag}>"));
    }
}

fn page(page: &PageOut, warnings: &mut Vec<String>) -> String {
    let mut jsx = Jsx {
        out: String::new(),
        uses: Uses::default(),
        warnings,
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
    if jsx.uses.image {
        out.push_str("import Image from \"next/image\";\n");
    }
    if jsx.uses.link {
        out.push_str("import Link from \"next/link\";\n");
    }
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

/// Every file of the app but the assets and the manifest.
pub fn files(site: &Site, warnings: &mut Vec<String>) -> BTreeMap<String, Vec<u8>> {
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
    put(
        "app/globals.css",
        crate::fonts::faces(&site.fonts, "/assets/") + &site.css,
    );
    for p in &site.pages {
        let path = if p.slug.is_empty() {
            "app/page.tsx".to_owned()
        } else {
            format!("app/{}/page.tsx", p.slug)
        };
        put(&path, page(p, warnings));
    }
    files
}
