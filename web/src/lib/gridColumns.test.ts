import { describe, expect, it } from 'vitest';
import { columnCount, equalColumns, parseColumnCount } from './gridColumns';

describe('grid columns as a count', () => {
  it('reads the count of equal columns, and null for any other template', () => {
    expect(columnCount(equalColumns(3))).toBe(3);
    expect(columnCount('repeat(4, 1fr)')).toBe(4);
    expect(columnCount('1fr 1fr')).toBe(2);
    expect(columnCount('200px 1fr')).toBeNull();
    expect(columnCount('repeat(auto-fill, minmax(200px, 1fr))')).toBeNull();
    expect(columnCount('')).toBeNull();
  });

  it('takes whole numbers from 1 to 24 only', () => {
    expect(parseColumnCount(' 3 ')).toEqual({ count: 3 });
    expect(parseColumnCount('0')).toHaveProperty('problem');
    expect(parseColumnCount('2.5')).toHaveProperty('problem');
    expect(parseColumnCount('25')).toHaveProperty('problem');
    expect(parseColumnCount('three')).toHaveProperty('problem');
  });
});
