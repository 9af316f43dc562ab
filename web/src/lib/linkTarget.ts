// What a link points at, as the link picker shows it: a page of this project, a section of a page
// (by its anchor), a web address, an email address or a phone number — read from and written to
// the link's `href`.

export type LinkTarget =
  | { readonly kind: 'page'; readonly slug: string }
  /** A section by its anchor: on the link's own page (`slug` null, `#pricing`) or another (`/about#pricing`). */
  | { readonly kind: 'section'; readonly slug: string | null; readonly anchor: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'email'; readonly address: string }
  | { readonly kind: 'phone'; readonly number: string };

export type LinkKind = LinkTarget['kind'];

/** What the engine takes as an anchor: lowercase letters, digits and single dashes between them. */
export const ANCHOR_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Longest anchor (the engine's `MAX_ANCHOR_BYTES`). */
export const MAX_ANCHOR_LENGTH = 64;

/** Why `anchor` cannot be an anchor, or null when it can. */
export function anchorProblem(anchor: string): string | null {
  if (anchor.length <= MAX_ANCHOR_LENGTH && ANCHOR_PATTERN.test(anchor)) return null;
  return `“${anchor}” is not an anchor: use lowercase letters, digits and dashes (like pricing or team-2), at most ${MAX_ANCHOR_LENGTH}.`;
}

/**
 * Reads an `href`; a site path that is one of `slugs` (`''` is the home page) is a page, with a
 * `#anchor` a section of it; `#anchor` alone is a section of the link's own page.
 */
export function readHref(href: string, slugs: readonly string[]): LinkTarget {
  const lower = href.toLowerCase();
  if (lower.startsWith('mailto:')) return { kind: 'email', address: decodeURIComponent(href.slice(7)) };
  if (lower.startsWith('tel:')) return { kind: 'phone', number: href.slice(4) };
  if (href.startsWith('#') && anchorProblem(href.slice(1)) === null) return { kind: 'section', slug: null, anchor: href.slice(1) };
  if (href.startsWith('/') && !href.startsWith('//')) {
    const slug = href.replace(/[?#].*$/, '').replace(/^\/+|\/+$/g, '');
    if (slugs.includes(slug)) {
      const hash = /^[^?#]*#(.*)$/.exec(href)?.[1];
      if (hash !== undefined && anchorProblem(hash) === null) return { kind: 'section', slug, anchor: hash };
      return { kind: 'page', slug };
    }
  }
  return { kind: 'url', url: href };
}

/**
 * The `href` for a target, or a message saying what is wrong with it. Addresses without a scheme
 * get `https://`; phone numbers keep digits, `+` and separators only.
 */
export function writeHref(target: LinkTarget): { href: string } | { problem: string } {
  switch (target.kind) {
    case 'page':
      return { href: `/${target.slug}` };
    case 'section': {
      const problem = anchorProblem(target.anchor);
      if (problem !== null) return { problem };
      return { href: target.slug === null ? `#${target.anchor}` : `/${target.slug}#${target.anchor}` };
    }
    case 'url': {
      const url = target.url.trim();
      if (url === '') return { href: '' };
      if (url.startsWith('/') || url.startsWith('#')) return { href: url };
      const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`;
      try {
        const parsed = new URL(withScheme);
        if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { problem: 'Use a web address (https://…), or choose Email or Phone.' };
        return { href: withScheme };
      } catch {
        return { problem: `“${url}” is not a web address.` };
      }
    }
    case 'email': {
      const address = target.address.trim();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) return { problem: `“${address}” is not an email address.` };
      return { href: `mailto:${address}` };
    }
    case 'phone': {
      const number = target.number.trim();
      if (!/^\+?[0-9][0-9 ().-]{2,}$/.test(number)) return { problem: `“${number}” is not a phone number.` };
      return { href: `tel:${number.replace(/[ ().-]/g, '')}` };
    }
  }
}

/** One section a link can go to: an element's anchor and the element's name. */
export interface SectionChoice {
  readonly anchor: string;
  readonly name: string;
}

/** The anchors on page `page`, by anchor. */
export function sectionsOn(elements: Iterable<{ readonly page: string; readonly name?: string; readonly props?: { readonly [key: string]: unknown } }>, page: string): SectionChoice[] {
  const out: SectionChoice[] = [];
  for (const el of elements) {
    const anchor = el.props?.anchor;
    if (el.page === page && typeof anchor === 'string' && anchor !== '') out.push({ anchor, name: el.name ?? '' });
  }
  return out.sort((a, b) => a.anchor.localeCompare(b.anchor));
}
