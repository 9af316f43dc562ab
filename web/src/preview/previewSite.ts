// The static export, compiled in the browser, as Preview shows it: which file is each page, its
// body and stylesheet, its assets as object URLs, and where a link inside it leads.

export interface PreviewFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface PreviewPage {
  /** `''` for the home page. */
  readonly slug: string;
  readonly path: string;
}

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  webm: 'video/webm',
  woff2: 'font/woff2',
  woff: 'font/woff',
  ttf: 'font/ttf',
  otf: 'font/otf',
};

/** The pages of a static export: `index.html` is the home page, `<slug>/index.html` the others. */
export function pagesOf(files: readonly PreviewFile[]): PreviewPage[] {
  return files
    .filter((f) => f.path === 'index.html' || f.path.endsWith('/index.html'))
    .map((f) => ({ path: f.path, slug: f.path === 'index.html' ? '' : f.path.slice(0, -'/index.html'.length) }));
}

/**
 * Where a link in the page at `fromSlug` leads: a page of the site (by slug, with the `#anchor`
 * to scroll to when it names one), a place on the same page (`#…`), or outside the site (opened
 * in a new tab).
 */
export function linkTarget(
  href: string,
  fromSlug: string,
  slugs: ReadonlySet<string>,
): { page: string; anchor?: string } | { anchor: string } | { external: string } | null {
  if (href === '') return null;
  if (href.startsWith('#')) return { anchor: href.slice(1) };
  if (/^(https?:|mailto:|tel:)/i.test(href) || href.startsWith('//')) return { external: href };
  const base = new URL(fromSlug === '' ? 'https://site.invalid/' : `https://site.invalid/${fromSlug}/`);
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  const slug = decodeURIComponent(url.pathname).replace(/index\.html$/, '').replace(/^\/+|\/+$/g, '');
  if (!slugs.has(slug)) return null;
  const anchor = url.hash.slice(1);
  if (anchor === '') return { page: slug };
  return slug === fromSlug ? { anchor } : { page: slug, anchor };
}

/** An uploaded font the export declares: its family and its file in the site. */
export interface PreviewFont {
  readonly family: string;
  readonly path: string;
}

const FONT_FACE = /@font-face \{\s*font-family: "([^"]*)";\s*src: url\("(?:\.\.\/)*\/?(assets\/[^"]+)"\)[^}]*\}\s*/g;

/**
 * The stylesheet without the export's `@font-face` rules, and the fonts they declare: the editor's
 * Content-Security-Policy lets no font load from a URL it made, so Preview adds each face from its
 * bytes instead (`FontFace`), as the canvas does.
 */
export function splitFontFaces(css: string): { css: string; fonts: PreviewFont[] } {
  const fonts: PreviewFont[] = [];
  const rest = css.replace(FONT_FACE, (_whole, family: string, path: string) => {
    fonts.push({ family, path });
    return '';
  });
  return { css: rest, fonts };
}

/** The asset files (everything but pages, the stylesheet and the manifest) with their MIME types. */
export function assetsOf(files: readonly PreviewFile[]): { path: string; type: string; bytes: Uint8Array }[] {
  return files
    .filter((f) => !f.path.endsWith('.html') && f.path !== 'styles.css' && f.path !== 'manifest.json')
    .map((f) => ({ path: f.path, type: MIME[f.path.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream', bytes: f.bytes }));
}
