import { describe, expect, it } from 'vitest';
import { collaboratorsFrom, colorFor, followViewport, initials, parsePresence, PRESENCE_TIMEOUT_MS } from './presence';

const state = (over: Record<string, unknown> = {}): string =>
  JSON.stringify({
    user: { name: 'Ada', color: '#112233' },
    page: 'home',
    cursor: { x: 10, y: 20 },
    selection: ['a', 'b'],
    viewport: { zoom: 2, panX: 10, panY: 20, width: 800, height: 600 },
    ...over,
  });

describe('parsePresence', () => {
  it('reads a well-formed state', () => {
    expect(parsePresence(state(), 7)).toEqual({
      user: { name: 'Ada', color: '#112233' },
      page: 'home',
      cursor: { x: 10, y: 20 },
      selection: ['a', 'b'],
      viewport: { zoom: 2, panX: 10, panY: 20, width: 800, height: 600 },
    });
  });

  it('reads the id of the last version saved, and only an id', () => {
    expect(parsePresence(state({ versions: 'a1b2c3' }), 7)?.versions).toBe('a1b2c3');
    expect(parsePresence(state(), 7)).not.toHaveProperty('versions');
    for (const bad of [42, '', 'x'.repeat(65), '../../etc', { id: 'a' }]) {
      expect(parsePresence(state({ versions: bad }), 7)).not.toHaveProperty('versions');
    }
  });

  it('drops fields of the wrong shape instead of trusting them', () => {
    const parsed = parsePresence(
      state({ user: { name: 'x'.repeat(500), color: 'url(https://evil.example/)' }, cursor: { x: 'NaN', y: 1 }, selection: ['a', 3, null], viewport: { zoom: 0 } }),
      9,
    );
    expect(parsed?.user.name).toHaveLength(64);
    expect(parsed?.user.color).toBe(colorFor(9));
    expect(parsed?.cursor).toBeNull();
    expect(parsed?.selection).toEqual(['a']);
    expect(parsed?.viewport).toBeNull();
  });

  it('ignores states without a user, and text that is not JSON', () => {
    expect(parsePresence('{"cursor":{"x":1,"y":2}}', 1)).toBeNull();
    expect(parsePresence('not json', 1)).toBeNull();
    expect(parsePresence('null', 1)).toBeNull();
  });
});

describe('collaboratorsFrom', () => {
  it('lists valid, recent states by client id and leaves out those that timed out', () => {
    const now = 100_000;
    const list = collaboratorsFrom(
      [
        { client: 5, state: state({ user: { name: 'Bob' } }), updatedMs: now - 1000 },
        { client: 2, state: state(), updatedMs: now },
        { client: 3, state: state({ user: { name: 'Gone' } }), updatedMs: now - PRESENCE_TIMEOUT_MS - 1 },
        { client: 4, state: '{}', updatedMs: now },
      ],
      now,
    );
    expect(list.map((c) => [c.client, c.user.name])).toEqual([
      [2, 'Ada'],
      [5, 'Bob'],
    ]);
  });
});

describe('followViewport', () => {
  it('centres my view on the page point at the centre of theirs, at their zoom', () => {
    const theirs = { zoom: 2, panX: 100, panY: 50, width: 800, height: 600 };
    // Their centre (400, 300) in view pixels is page point (150, 125).
    const mine = followViewport(theirs, 1200, 900);
    expect(mine.zoom).toBe(2);
    expect((600 - mine.panX) / mine.zoom).toBeCloseTo(150);
    expect((450 - mine.panY) / mine.zoom).toBeCloseTo(125);
  });
});

describe('initials', () => {
  it('takes the first letters of two words, or the first two of one', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('bob')).toBe('BO');
    expect(initials('  ')).toBe('?');
  });
});
