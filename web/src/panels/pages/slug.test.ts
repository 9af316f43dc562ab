import { describe, expect, it } from 'vitest';
import { slugify } from './slug';

describe('slugify', () => {
  it('makes URL slugs from page names', () => {
    expect(slugify('Page 2')).toBe('page-2');
    expect(slugify('  About  Us! ')).toBe('about-us');
    expect(slugify('Café Crème')).toBe('cafe-creme');
    expect(slugify('---')).toBe('');
  });
});
