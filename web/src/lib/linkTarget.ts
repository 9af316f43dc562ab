// What a link points at, as the link picker shows it: a page of this project, a web address, an
// email address or a phone number — read from and written to the link's `href`.

export type LinkTarget =
  | { readonly kind: 'page'; readonly slug: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'email'; readonly address: string }
  | { readonly kind: 'phone'; readonly number: string };

export type LinkKind = LinkTarget['kind'];

/** Reads an `href`; a site path that is one of `slugs` (`''` is the home page) is a page. */
export function readHref(href: string, slugs: readonly string[]): LinkTarget {
  const lower = href.toLowerCase();
  if (lower.startsWith('mailto:')) return { kind: 'email', address: decodeURIComponent(href.slice(7)) };
  if (lower.startsWith('tel:')) return { kind: 'phone', number: href.slice(4) };
  if (href.startsWith('/') && !href.startsWith('//')) {
    const slug = href.replace(/[?#].*$/, '').replace(/^\/+|\/+$/g, '');
    if (slugs.includes(slug)) return { kind: 'page', slug };
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
