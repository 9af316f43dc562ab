import { describe, expect, it } from 'vitest';
import { localAuthor, mentionQuery, mentionsIn, textRuns, threadsForList } from './comments';
import type { Thread } from '../bridge/types';

const ada = { id: 'u1', name: 'ada@example.com' };
const bob = { id: 'u2', name: 'bob@example.com' };

describe('comment text', () => {
  it('highlights the @name of a mentioned member only', () => {
    expect(textRuns('Hi @ada@example.com and @bob@example.com!', ['u1'], [ada, bob])).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'mention', text: '@ada@example.com', id: 'u1' },
      { kind: 'text', text: ' and @bob@example.com!' },
    ]);
    expect(textRuns('@ada@example.com', ['u1'], [])).toEqual([{ kind: 'text', text: '@ada@example.com' }]);
  });

  it('finds the mention being typed and keeps only mentions still in the text', () => {
    expect(mentionQuery('Hey @bo', 7)).toEqual({ start: 4, query: 'bo' });
    expect(mentionQuery('mail a@b', 8)).toBeNull();
    expect(mentionQuery('@bob done', 9)).toBeNull();
    expect(mentionsIn('Thanks @bob@example.com', [ada, bob])).toEqual(['u2']);
  });

  it('lists open threads first, newest first', () => {
    const thread = (id: string, at: number, resolved: boolean): Thread => ({
      id, page: 'p', element: null, x: 0, y: 0, author: 'u1', author_name: 'A', at, resolved, resolved_by: null, messages: [],
    });
    const order = threadsForList([thread('a', 1, false), thread('b', 3, true), thread('c', 2, false)]).map((t) => t.id);
    expect(order).toEqual(['c', 'a', 'b']);
  });

  it('keeps one local author id per browser', () => {
    const stored = new Map<string, string>();
    const storage = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) };
    const first = localAuthor(storage);
    expect(first.id).toMatch(/^local-[a-z0-9]+$/);
    expect(localAuthor(storage).id).toBe(first.id);
    expect(first.name).toBe('Me');
  });
});
