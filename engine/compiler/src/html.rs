//! The static target: `index.html` for the home page, `<slug>/index.html` for every other page,
//! one shared `styles.css`, assets under `assets/`. Every path is relative, so the folder works
//! from any web server path and from disk. No script.

use std::collections::BTreeMap;

use crate::site::{Href, ImageSrc, Inline, Node, NodeKind, PageOut, Site, SocialImage};
use crate::text::{html_attr, html_text};

/// The page's file and the `../` prefix that leads from it back to the export's root.
fn file_of(slug: &str) -> (String, String) {
    if slug.is_empty() {
        ("index.html".into(), String::new())
    } else {
        let depth = slug.split('/').count();
        (format!("{slug}/index.html"), "../".repeat(depth))
    }
}

struct Html<'p> {
    out: String,
    root: &'p str,
}

impl Html<'_> {
    /// Where a link goes from this page: a page of the site as its file, relative to the root.
    fn href(&self, href: &Href) -> String {
        match href {
            Href::Internal {
                slug: Some(slug),
                suffix,
                ..
            } => {
                let (file, _) = file_of(slug);
                format!("{}{file}{suffix}", self.root)
            }
            Href::Internal { path, .. } => path.clone(),
            Href::Other(url) => url.clone(),
        }
    }

    /// A text element's runs as inline HTML: `<a href><strong><em><u>`, a `<br>` for each
    /// line break; text and addresses escaped.
    fn inline(&self, runs: &[Inline]) -> String {
        let mut out = String::new();
        for run in runs {
            let mut close = Vec::new();
            if let Some(href) = &run.link {
                out.push_str(&format!("<a href=\"{}\">", html_attr(&self.href(href))));
                close.push("a");
            }
            for tag in run.mark_tags() {
                out.push_str(&format!("<{tag}>"));
                close.push(tag);
            }
            let lines: Vec<String> = run.text.split('\n').map(html_text).collect();
            out.push_str(&lines.join("<br>"));
            for tag in close.iter().rev() {
                out.push_str(&format!("</{tag}>"));
            }
        }
        out
    }

    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn node(&mut self, node: &Node, indent: usize) {
        let mut attrs: Vec<(&str, String)> = Vec::new();
        let class = match node.kind {
            NodeKind::Page { .. } => format!("omnios-page {}", node.class),
            _ => node.class.clone(),
        };
        attrs.push(("class", class));
        if let Some(anchor) = &node.anchor {
            attrs.push(("id", anchor.clone()));
        }
        let void = |attrs: &[(&str, String)], tag: &str| -> String {
            let flat: String = attrs
                .iter()
                .map(|(k, v)| {
                    if v.is_empty() && matches!(*k, "muted" | "controls") {
                        format!(" {k}")
                    } else {
                        format!(" {k}=\"{}\"", html_attr(v))
                    }
                })
                .collect();
            format!("<{tag}{flat}>")
        };
        let tag: &str = match &node.kind {
            NodeKind::Page { lang, dir } => {
                if let Some(lang) = lang {
                    attrs.push(("lang", lang.clone()));
                }
                if let Some(dir) = dir {
                    attrs.push(("dir", dir.as_str().into()));
                }
                "div"
            }
            NodeKind::Box(tag) | NodeKind::Text(tag) => tag,
            NodeKind::Button => {
                attrs.push(("type", "button".into()));
                "button"
            }
            NodeKind::Link { href, new_tab } => {
                if let Some(href) = href {
                    attrs.push(("href", self.href(href)));
                }
                if *new_tab {
                    attrs.push(("target", "_blank".into()));
                    attrs.push(("rel", "noopener noreferrer".into()));
                }
                "a"
            }
            NodeKind::Image {
                src,
                alt,
                size,
                sizes,
            } => {
                let root = self.root;
                match src {
                    ImageSrc::Asset(path) => attrs.push(("src", format!("{root}assets/{path}"))),
                    ImageSrc::Library { file, srcset } => {
                        attrs.push(("src", format!("{root}assets/{file}")));
                        if !srcset.is_empty() {
                            let set: Vec<String> = srcset
                                .iter()
                                .map(|(w, f)| format!("{root}assets/{f} {w}w"))
                                .collect();
                            attrs.push(("srcset", set.join(", ")));
                            attrs.push(("sizes", sizes.clone()));
                        }
                    }
                    ImageSrc::Remote(url) => attrs.push(("src", url.clone())),
                }
                attrs.push(("alt", alt.clone()));
                if let Some((w, h)) = size {
                    attrs.push(("width", w.to_string()));
                    attrs.push(("height", h.to_string()));
                }
                let text = void(&attrs, "img");
                self.line(indent, &text);
                return;
            }
            NodeKind::Input { placeholder } => {
                if !placeholder.is_empty() {
                    attrs.push(("placeholder", placeholder.clone()));
                    attrs.push(("aria-label", placeholder.clone()));
                }
                let text = void(&attrs, "input");
                self.line(indent, &text);
                return;
            }
            NodeKind::Video { src } => {
                if let Some(src) = src {
                    attrs.push(("src", src.clone()));
                }
                attrs.push(("muted", String::new()));
                attrs.push(("controls", String::new()));
                "video"
            }
            NodeKind::Embed => {
                self.line(
                    indent,
                    "<!-- Embed: raw HTML from the document, inserted as written (the only element that carries code). -->",
                );
                let open = void(&attrs, "div");
                let text = format!("{open}{}</div>", node.el.content);
                self.line(indent, &text);
                return;
            }
        };
        let open = void(&attrs, tag);
        let text = node.el.kind.has_text() && !node.el.content.is_empty();
        let content = if !node.inline.is_empty() {
            self.inline(&node.inline)
        } else if text {
            html_text(&node.el.content)
        } else {
            String::new()
        };
        if node.children.is_empty() {
            self.line(indent, &format!("{open}{content}</{tag}>"));
            return;
        }
        self.line(indent, &format!("{open}{content}"));
        for child in &node.children {
            self.node(child, indent + 1);
        }
        self.line(indent, &format!("</{tag}>"));
    }
}

fn page(site: &Site, page: &PageOut, root: &str) -> String {
    let title = if page.page.title.trim().is_empty() {
        page.page.name.trim()
    } else {
        page.page.title.trim()
    };
    let description = page.page.description.trim();
    let mut html = Html {
        out: String::new(),
        root,
    };
    html.line(0, "<!doctype html>");
    html.line(
        0,
        &format!(
            "<html lang=\"{}\" dir=\"{}\">",
            html_attr(&site.lang),
            site.dir.as_str()
        ),
    );
    html.line(1, "<head>");
    html.line(2, "<meta charset=\"utf-8\">");
    html.line(
        2,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    );
    html.line(2, &format!("<title>{}</title>", html_text(title)));
    if !description.is_empty() {
        html.line(
            2,
            &format!(
                "<meta name=\"description\" content=\"{}\">",
                html_attr(description)
            ),
        );
    }
    if let Some(image) = &page.image {
        let url = match image {
            SocialImage::Asset(file) => format!("{root}assets/{file}"),
            SocialImage::Remote(url) => url.clone(),
        };
        for meta in ["property=\"og:image\"", "name=\"twitter:image\""] {
            html.line(2, &format!("<meta {meta} content=\"{}\">", html_attr(&url)));
        }
        html.line(
            2,
            "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        );
    }
    html.line(
        2,
        &format!("<link rel=\"stylesheet\" href=\"{root}styles.css\">"),
    );
    html.line(1, "</head>");
    html.line(1, "<body>");
    html.node(&page.root, 2);
    html.line(1, "</body>");
    html.line(0, "</html>");
    html.out
}

/// Every file of the static site but the assets and the manifest.
pub fn files(site: &Site, _warnings: &mut Vec<String>) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let css = crate::fonts::faces(&site.fonts, "assets/") + &site.css;
    files.insert("styles.css".to_owned(), css.into_bytes());
    for p in &site.pages {
        let (path, root) = file_of(&p.slug);
        files.insert(path, page(site, p, &root).into_bytes());
    }
    files
}
