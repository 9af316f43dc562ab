import { describe, expect, it } from 'vitest';
import { anchorProblem, readHref, writeHref } from './linkTarget';

describe('link targets', () => {
  const slugs = ['', 'about', 'blog/first'];

  it('reads pages, web addresses, email and phone from an href', () => {
    expect(readHref('/about', slugs)).toEqual({ kind: 'page', slug: 'about' });
    expect(readHref('/', slugs)).toEqual({ kind: 'page', slug: '' });
    expect(readHref('/blog/first#top', slugs)).toEqual({ kind: 'section', slug: 'blog/first', anchor: 'top' });
    expect(readHref('/about?x=1#top', slugs)).toEqual({ kind: 'page', slug: 'about' });
    expect(readHref('#pricing', slugs)).toEqual({ kind: 'section', slug: null, anchor: 'pricing' });
    expect(readHref('#Not an anchor', slugs)).toEqual({ kind: 'url', url: '#Not an anchor' });
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
    expect(writeHref({ kind: 'section', slug: null, anchor: 'pricing' })).toEqual({ href: '#pricing' });
    expect(writeHref({ kind: 'section', slug: 'about', anchor: 'team-2' })).toEqual({ href: '/about#team-2' });
    expect(writeHref({ kind: 'section', slug: '', anchor: 'top' })).toEqual({ href: '/#top' });
    expect(writeHref({ kind: 'section', slug: null, anchor: 'x"><b' })).toHaveProperty('problem');
  });

  it('takes an anchor the engine takes', () => {
    for (const good of ['pricing', 'team-2', '2024']) expect(anchorProblem(good)).toBeNull();
    for (const bad of ['', 'Pricing', 'a b', '-a', 'a-', 'a--b', 'x'.repeat(65)]) expect(anchorProblem(bad)).not.toBeNull();
  });

  it('reads back what it writes', () => {
    for (const target of [
      { kind: 'page', slug: 'about' },
      { kind: 'section', slug: 'about', anchor: 'pricing' },
      { kind: 'section', slug: null, anchor: 'pricing' },
      { kind: 'url', url: 'https://example.com/x' },
      { kind: 'email', address: 'ada@example.com' },
      { kind: 'phone', number: '+4930123' },
    ] as const) {
      const written = writeHref(target);
      expect('href' in written && readHref(written.href, slugs)).toEqual(target);
    }
  });
});
