import { describe, expect, it } from 'vitest';
import { containerTagOf, isLanguageTag, pageLanguage, tagChoice } from './documentTags';

describe('document tags', () => {
  it('a section or container without a tag shows as its own kind', () => {
    expect(containerTagOf({ kind: 'section' })).toBe('section');
    expect(containerTagOf({ kind: 'container' })).toBe('div');
    expect(containerTagOf({ kind: 'container', tag: 'nav' })).toBe('nav');
    expect(containerTagOf({ kind: 'section', tag: 'div' })).toBe('div');
  });

  it('offers text tags to text, semantic tags to sections and containers, and none to others', () => {
    expect(tagChoice({ kind: 'text', tag: 'h2' })?.value).toBe('h2');
    expect(tagChoice({ kind: 'text' })?.options.map((o) => o.value)).toEqual(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'span']);
    const container = tagChoice({ kind: 'container' });
    expect(container?.value).toBe('div');
    expect(container?.options.map((o) => o.value)).toContain('nav');
    expect(container?.options.find((o) => o.value === 'ul')?.label).toMatch(/^ul — /);
    expect(tagChoice({ kind: 'image' })).toBeUndefined();
  });

  it('a page follows the project unless it overrides language or direction', () => {
    const project = { lang: 'ar', dir: 'rtl' } as const;
    expect(pageLanguage(project, {})).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(pageLanguage(project, { lang: 'en-GB' })).toEqual({ lang: 'en-GB', dir: 'rtl' });
    expect(pageLanguage(project, { lang: 'en', dir: 'ltr' })).toEqual({ lang: 'en', dir: 'ltr' });
    expect(pageLanguage(project, undefined)).toEqual(project);
  });

  it('accepts the language tags the engine accepts', () => {
    for (const ok of ['en', 'en-GB', 'ar', 'zh-Hant', 'zh-Hant-TW', 'de-CH-1996', 'sgn-BE-FR']) expect(isLanguageTag(ok), ok).toBe(true);
    for (const bad of ['', 'e', 'english!', 'en_GB', 'toolonglanguage', 'en--GB', 'en-', 'en-GB '])
      expect(isLanguageTag(bad), bad).toBe(false);
  });
});
