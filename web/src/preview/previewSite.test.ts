import { describe, expect, it } from 'vitest';
import { assetsOf, linkTarget, pagesOf, splitFontFaces } from './previewSite';

const file = (path: string) => ({ path, bytes: new Uint8Array([1]) });

describe('the static export as Preview reads it', () => {
  it('finds the pages', () => {
    expect(pagesOf([file('index.html'), file('about/index.html'), file('blog/first/index.html'), file('styles.css'), file('manifest.json')])).toEqual([
      { path: 'index.html', slug: '' },
      { path: 'about/index.html', slug: 'about' },
      { path: 'blog/first/index.html', slug: 'blog/first' },
    ]);
  });

  it('follows links between pages, to anchors and out of the site', () => {
    const slugs = new Set(['', 'about', 'blog/first']);
    expect(linkTarget('about/index.html', '', slugs)).toEqual({ page: 'about' });
    expect(linkTarget('../index.html', 'about', slugs)).toEqual({ page: '' });
    expect(linkTarget('../blog/first/index.html', 'about', slugs)).toEqual({ page: 'blog/first' });
    expect(linkTarget('/about', '', slugs)).toEqual({ page: 'about' });
    expect(linkTarget('#team', 'about', slugs)).toEqual({ anchor: 'team' });
    expect(linkTarget('about/index.html#pricing', '', slugs)).toEqual({ page: 'about', anchor: 'pricing' });
    expect(linkTarget('../about/index.html#team', 'about', slugs)).toEqual({ anchor: 'team' });
    expect(linkTarget('https://example.com', '', slugs)).toEqual({ external: 'https://example.com' });
    expect(linkTarget('mailto:a@b.example', '', slugs)).toEqual({ external: 'mailto:a@b.example' });
    expect(linkTarget('/missing', '', slugs)).toBeNull();
  });

  it('takes the export’s font faces out of the stylesheet, naming each family and file', () => {
    const css = '@font-face {\n  font-family: "Brand Mono";\n  src: url("assets/ab.ttf") format("truetype");\n  font-display: swap;\n}\n\nh1 { color: red; }\n';
    expect(splitFontFaces(css)).toEqual({ css: 'h1 { color: red; }\n', fonts: [{ family: 'Brand Mono', path: 'assets/ab.ttf' }] });
    expect(splitFontFaces('a { b: c; }')).toEqual({ css: 'a { b: c; }', fonts: [] });
  });

  it('lists the assets with their types', () => {
    expect(assetsOf([file('index.html'), file('styles.css'), file('manifest.json'), file('assets/ab.webp'), file('assets/cd.svg')]).map((a) => [a.path, a.type])).toEqual([
      ['assets/ab.webp', 'image/webp'],
      ['assets/cd.svg', 'image/svg+xml'],
    ]);
  });
});
