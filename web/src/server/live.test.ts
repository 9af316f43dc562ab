import { describe, expect, it } from 'vitest';
import { opensOnServer, presenceOf, serverProjectPath } from './live';

describe('a server project in the editor', () => {
  it('has an address that says it opens live, and only that one does', () => {
    const path = serverProjectPath('p 1/2');
    expect(path).toBe('/p/p%201%2F2?server=1');
    expect(opensOnServer(new URL(path, 'http://o.test').search)).toBe(true);
    expect(opensOnServer('?server=1&test=1')).toBe(true);
    expect(opensOnServer('')).toBe(false);
    expect(opensOnServer('?server=0')).toBe(false);
  });

  it('shows the account by its email, in the same colour on every visit, and not everyone in one colour', () => {
    const user = { id: 'u_8f2k', email: 'ada@example.com', created_at: 0 };
    expect(presenceOf(user)).toEqual(presenceOf({ ...user }));
    expect(presenceOf(user).name).toBe('ada@example.com');
    expect(presenceOf(user).color).toMatch(/^#[0-9a-f]{6}$/i);
    const colours = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id) => presenceOf({ ...user, id }).color));
    expect(colours.size).toBeGreaterThan(1);
  });
});
