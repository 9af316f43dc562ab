import { describe, expect, it } from 'vitest';
import { Journal, type KeyValueStorage } from './journal';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('Journal', () => {
  it('survives a reload and forgets what a save committed', () => {
    const storage = memoryStorage();
    const j = new Journal(storage, 'p1');
    j.append(new Uint8Array([1, 2]));
    const seq = j.append(new Uint8Array([3]));
    j.append(new Uint8Array([255, 0, 7]));
    const reopened = new Journal(storage, 'p1');
    expect(reopened.pending().map((u) => Array.from(u))).toEqual([[1, 2], [3], [255, 0, 7]]);
    reopened.commit(seq);
    expect(new Journal(storage, 'p1').pending().map((u) => Array.from(u))).toEqual([[255, 0, 7]]);
    reopened.commit(reopened.lastSeq());
    expect(storage.data.size).toBe(0);
  });

  it('keeps projects apart and ignores a damaged entry list', () => {
    const storage = memoryStorage();
    new Journal(storage, 'a').append(new Uint8Array([1]));
    expect(new Journal(storage, 'b').pending()).toEqual([]);
    storage.setItem('omnios:journal:c', '{not json');
    expect(new Journal(storage, 'c').pending()).toEqual([]);
  });

  it('encodes large updates', () => {
    const storage = memoryStorage();
    const big = new Uint8Array(200_000).map((_, i) => i % 251);
    new Journal(storage, 'p').append(big);
    expect(new Journal(storage, 'p').pending()[0]).toEqual(big);
  });
});
