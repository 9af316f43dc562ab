// Renders one page of a static export, from its compiled files, in an offscreen iframe of a
// given width and reads every element's box. The page's stylesheet is inlined and its asset
// files are served from blob: URLs, so nothing is fetched; the iframe is sandboxed without
// scripts (an embed's code does not run). Used by the Export dialog's parity check.
import type { Rect } from '../bridge/HyperBridge';

/** An export's files by path (`index.html`, `about/index.html`, `styles.css`, `assets/…`). */
export type ExportFiles = ReadonlyMap<string, Uint8Array>;

/** The static export's file for a page slug (`''` → `index.html`). */
export const staticPagePath = (slug: string): string => {
  const trimmed = slug.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? 'index.html' : `${trimmed}/index.html`;
};

/** The element id behind an export class (`o-<id>`, or `o_<hex of the id's bytes>`). */
export function elementIdOfClass(className: string): string | undefined {
  if (className.startsWith('o-') && className.length > 2) return className.slice(2);
  const hex = /^o_((?:[0-9a-f]{2})+)$/.exec(className)?.[1];
  if (hex === undefined) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return new TextDecoder().decode(bytes);
}

const TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  webm: 'video/webm',
};

/** Blob URLs for an export's files, made on first use and revoked together. */
class FileUrls {
  private readonly urls = new Map<string, string>();
  constructor(private readonly files: ExportFiles) {}

  /** The URL for `ref` as written in the page at `pagePath`; undefined for anything not in the export. */
  urlFor(ref: string, pagePath: string): string | undefined {
    let path: string;
    try {
      const url = new URL(ref, `https://export.invalid/${pagePath}`);
      if (url.origin !== 'https://export.invalid') return undefined;
      path = decodeURIComponent(url.pathname.slice(1));
    } catch {
      return undefined;
    }
    const bytes = this.files.get(path);
    if (bytes === undefined) return undefined;
    let url = this.urls.get(path);
    if (url === undefined) {
      const type = TYPES[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
      url = URL.createObjectURL(new Blob([bytes.slice().buffer], { type }));
      this.urls.set(path, url);
    }
    return url;
  }

  revoke(): void {
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
    this.urls.clear();
  }
}

/** The page's HTML made self-contained: stylesheet inlined, asset references as blob URLs. */
function selfContained(files: ExportFiles, pagePath: string, urls: FileUrls): string {
  const html = new TextDecoder().decode(files.get(pagePath));
  const page = new DOMParser().parseFromString(html, 'text/html');
  for (const link of Array.from(page.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]'))) {
    const url = new URL(link.getAttribute('href') ?? '', `https://export.invalid/${pagePath}`);
    const css = files.get(decodeURIComponent(url.pathname.slice(1)));
    const style = page.createElement('style');
    style.textContent = css === undefined ? '' : new TextDecoder().decode(css);
    link.replaceWith(style);
  }
  for (const el of Array.from(page.querySelectorAll<HTMLElement>('[src], [srcset], [poster]'))) {
    for (const attr of ['src', 'poster']) {
      const value = el.getAttribute(attr);
      const url = value === null ? undefined : urls.urlFor(value, pagePath);
      if (url !== undefined) el.setAttribute(attr, url);
    }
    const srcset = el.getAttribute('srcset');
    if (srcset !== null) {
      const rewritten = srcset
        .split(',')
        .map((candidate) => {
          const [ref = '', ...descriptor] = candidate.trim().split(/\s+/);
          return [urls.urlFor(ref, pagePath) ?? ref, ...descriptor].join(' ');
        })
        .join(', ');
      el.setAttribute('srcset', rewritten);
    }
  }
  return `<!doctype html>\n${page.documentElement.outerHTML}`;
}

/**
 * Every element's box in the static export's page at `pagePath`, laid out `width` × `height`,
 * measured from the page body's top-left corner and keyed by element id.
 */
export async function staticPageBoxes(
  doc: Document,
  files: ExportFiles,
  pagePath: string,
  width: number,
  height: number,
): Promise<Record<string, Rect>> {
  if (!files.has(pagePath)) throw new Error(`the static export has no ${pagePath}`);
  const urls = new FileUrls(files);
  const frame = doc.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-same-origin');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText = `position:fixed;left:-100000px;top:0;width:${width}px;height:${height}px;border:0;visibility:hidden;pointer-events:none;`;
  try {
    const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
    frame.srcdoc = selfContained(files, pagePath, urls);
    doc.body.append(frame);
    await loaded;
    const inner = frame.contentDocument;
    if (inner === null) throw new Error('the parity check could not read its frame');
    await inner.fonts.ready;
    const root = inner.querySelector('.omnios-page');
    const origin = root?.getBoundingClientRect() ?? { x: 0, y: 0 };
    const boxes: Record<string, Rect> = {};
    for (const el of Array.from(inner.querySelectorAll('[class]'))) {
      for (const name of Array.from(el.classList)) {
        const id = elementIdOfClass(name);
        if (id === undefined) continue;
        const r = el.getBoundingClientRect();
        boxes[id] = { x: r.x - origin.x, y: r.y - origin.y, width: r.width, height: r.height };
      }
    }
    return boxes;
  } finally {
    frame.remove();
    urls.revoke();
  }
}
