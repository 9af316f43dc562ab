// What the canvas shows for an embed element: its HTML as the export writes it, made inert.
// The export inserts an embed's code as written (the one element that carries code); the editor
// runs in the designer's own origin, so here the markup is parsed in an inert document
// (DOMParser: no script runs, nothing loads) and rebuilt from an allow-list of plain content
// tags and attributes. Scripts, frames, media, forms and styles are left out with their
// content; any other unknown tag keeps its children; event handlers and script URLs are dropped;
// classes keep only element classes, so no editor style (toolbar, banner) reaches the content.

/** Content tags kept as they are (the shared reset styles them like the export's). */
const KEPT = new Set([
  'a', 'abbr', 'article', 'aside', 'b', 'blockquote', 'br', 'caption', 'cite', 'code', 'dd', 'del', 'dfn',
  'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hr', 'i', 'ins', 'kbd', 'li', 'main', 'mark', 'nav', 'ol', 'p', 'pre', 'q', 's', 'samp', 'section',
  'small', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr',
  'u', 'ul', 'var',
]);

/** Tags left out together with everything inside them. */
const DROPPED = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'template', 'noscript',
  'link', 'meta', 'base', 'form', 'input', 'textarea', 'select', 'button', 'svg', 'math', 'img', 'picture',
  'video', 'audio', 'source', 'track', 'canvas', 'portal', 'slot', 'dialog',
]);

/** Attributes kept on any kept tag (`href` only on links, and only with a safe URL). */
const ATTRIBUTES = new Set(['class', 'title', 'lang', 'dir', 'colspan', 'rowspan', 'datetime', 'style']);

/** A URL a link may keep: relative, `#…`, or http(s), mailto, tel. */
function safeHref(raw: string): boolean {
  const url = raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020]/g, ''));
  return scheme === null ? !url.startsWith('//') : ['http', 'https', 'mailto', 'tel'].includes(scheme[1]?.toLowerCase() ?? '');
}

/**
 * The class tokens an embed keeps: element classes only (`o-<id>`, see `elementClass`), which
 * the export's rules style the same way. Any other token could only match the editor's own CSS
 * (its toolbar, banners, menus), which the export does not have.
 */
const ELEMENT_CLASS = /^(o-[A-Za-z0-9_-]+|ox-[0-9a-f]+)$/;
const elementClasses = (value: string): string =>
  value
    .split(/[\t\n\f\r ]+/)
    .filter((token) => ELEMENT_CLASS.test(token))
    .join(' ');

/** An inline style may stay when it cannot load anything or run script. */
const safeStyle = (value: string): boolean => !/url\s*\(|@import|expression\s*\(|javascript:|image-set\s*\(|\\/i.test(value);

function copy(from: Node, into: Element, doc: Document): void {
  for (const child of Array.from(from.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      into.appendChild(doc.createTextNode(child.textContent ?? ''));
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const el = child as Element;
    const tag = el.localName;
    if (DROPPED.has(tag) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') continue;
    if (!KEPT.has(tag)) {
      copy(el, into, doc);
      continue;
    }
    const out = doc.createElement(tag);
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const keep =
        (ATTRIBUTES.has(name) && (name !== 'style' || safeStyle(attr.value))) ||
        (name === 'href' && tag === 'a' && safeHref(attr.value));
      if (!keep) continue;
      const value = name === 'class' ? elementClasses(attr.value) : attr.value;
      if (value !== '' || name !== 'class') out.setAttribute(name, value);
    }
    copy(el, out, doc);
    into.appendChild(out);
  }
}

/**
 * The embed's HTML, inert: what the canvas can put in the element with `innerHTML`.
 * @param parser a DOMParser (the browser's by default)
 */
export function inertEmbedMarkup(html: string, parser: DOMParser = new DOMParser()): string {
  const parsed = parser.parseFromString(html, 'text/html');
  const holder = parsed.createElement('div');
  copy(parsed.body, holder, parsed);
  return holder.innerHTML;
}
