import { describe, expect, it } from 'vitest';
import { readHref, writeHref } from './linkTarget';

describe('link targets', () => {
  const slugs = ['', 'about', 'blog/first'];

  it('reads pages, web addresses, email and phone from an href', () => {
    expect(readHref('/about', slugs)).toEqual({ kind: 'page', slug: 'about' });
    expect(readHref('/', slugs)).toEqual({ kind: 'page', slug: '' });
    expect(readHref('/blog/first#top', slugs)).toEqual({ kind: 'page', slug: 'blog/first' });
    expect(readHref('/missing', slugs)).toEqual({ kind: 'url', url: '/missing' });
    expect(readHref('https://example.com', slugs)).toEqual({ kind: 'url', url: 'https://example.com' });
    expect(readHref('mailto:ada@example.com', slugs)).toEqual({ kind: 'email', address: 'ada@example.com' });
    expect(readHref('tel:+4930123', slugs)).toEqual({ kind: 'phone', number: '+4930123' });
  });

  it('writes an href, adding https:// and refusing what is not an address', () => {
    expect(writeHref({ kind: 'page', slug: 'about' })).toEqual({ href: '/about' });
    expect(writeHref({ kind: 'page', slug: '' })).toEqual({ href: '/' });
    expect(writeHref({ kind: 'url', url: 'example.com/pricing' })).toEqual({ href: 'https://example.com/pricing' });
    expect(writeHref({ kind: 'url', url: 'javascript:alert(1)' })).toHaveProperty('problem');
    expect(writeHref({ kind: 'email', address: 'ada@example.com' })).toEqual({ href: 'mailto:ada@example.com' });
    expect(writeHref({ kind: 'email', address: 'ada' })).toHaveProperty('problem');
    expect(writeHref({ kind: 'phone', number: '+49 (30) 123-45' })).toEqual({ href: 'tel:+493012345' });
    expect(writeHref({ kind: 'phone', number: 'call me' })).toHaveProperty('problem');
  });

  it('reads back what it writes', () => {
    for (const target of [
      { kind: 'page', slug: 'about' },
      { kind: 'url', url: 'https://example.com/x' },
      { kind: 'email', address: 'ada@example.com' },
      { kind: 'phone', number: '+4930123' },
    ] as const) {
      const written = writeHref(target);
      expect('href' in written && readHref(written.href, slugs)).toEqual(target);
    }
  });
});
