import { describe, expect, it } from 'vitest';
import { Journal, memoryStorage } from './journal';

const arrays = (updates: Uint8Array[]): number[][] => updates.map((u) => Array.from(u));

describe('Journal', () => {
  it('survives a reload, and the reloaded tab’s save forgets the closed tab’s entries', () => {
    const storage = memoryStorage();
    const closed = new Journal(storage, 'p1', { tab: 'closed' });
    closed.append(new Uint8Array([1, 2]));
    closed.append(new Uint8Array([3]));
    closed.append(new Uint8Array([255, 0, 7]));
    const reloaded = new Journal(storage, 'p1', { tab: 'reloaded' });
    expect(arrays(reloaded.pending())).toEqual([[1, 2], [3], [255, 0, 7]]);
    const seq = reloaded.append(new Uint8Array([4]));
    reloaded.append(new Uint8Array([5]));
    reloaded.commit(seq);
    expect(arrays(new Journal(storage, 'p1', { tab: 'next' }).pending())).toEqual([[5]]);
    reloaded.commit(reloaded.lastSeq());
    expect(storage.data.size).toBe(0);
  });

  it('keeps two open tabs’ entries apart: neither overwrites nor adopts the other’s', () => {
    const storage = memoryStorage();
    const live = new Set(['a', 'b']);
    const a = new Journal(storage, 'p', { tab: 'a', liveTabs: live });
    const b = new Journal(storage, 'p', { tab: 'b', liveTabs: live });
    a.append(new Uint8Array([1]));
    b.append(new Uint8Array([2]));
    a.append(new Uint8Array([3]));
    expect(arrays(new Journal(storage, 'p', { tab: 'c', liveTabs: live }).pending())).toEqual([[1], [3], [2]]);
    a.commit(a.lastSeq());
    // a's save does not remove b's entries: b is open and saves them itself.
    expect(arrays(new Journal(storage, 'p', { tab: 'c', liveTabs: live }).pending())).toEqual([[2]]);
  });

  it('replays a journal from before tabs kept their own', () => {
    const storage = memoryStorage();
    storage.setItem('omnios:journal:p', JSON.stringify([{ seq: 1, update: btoa('\x09') }]));
    const j = new Journal(storage, 'p', { tab: 't' });
    expect(arrays(j.pending())).toEqual([[9]]);
    j.commit(j.lastSeq());
    expect(storage.data.size).toBe(0);
  });

  it('keeps projects apart and ignores a damaged entry list', () => {
    const storage = memoryStorage();
    new Journal(storage, 'a').append(new Uint8Array([1]));
    expect(new Journal(storage, 'b').pending()).toEqual([]);
    expect(new Journal(storage, 'ab').pending()).toEqual([]);
    storage.setItem('omnios:journal:c:x', '{not json');
    expect(new Journal(storage, 'c').pending()).toEqual([]);
  });

  it('leaves out entries it cannot read, keeps the rest and counts what it left out', () => {
    const storage = memoryStorage();
    const closed = new Journal(storage, 'p', { tab: 'closed' });
    closed.append(new Uint8Array([1]));
    closed.append(new Uint8Array([2]));
    // Damaged storage: one entry is not base64, one is not an entry, and another tab's list is not JSON.
    const entries = JSON.parse(storage.getItem('omnios:journal:p:closed') ?? '[]') as { seq: number; update: string }[];
    entries.splice(1, 0, { seq: 9, update: '%%% not base64 %%%' }, { seq: 10 } as { seq: number; update: string });
    storage.setItem('omnios:journal:p:closed', JSON.stringify(entries));
    storage.setItem('omnios:journal:p:crashed', '[{"seq":1,"upd');

    const reopened = new Journal(storage, 'p', { tab: 'next' });
    expect(arrays(reopened.pending())).toEqual([[1], [2]]);
    expect(reopened.unreadable).toBe(3);
    // The next save covers what was read; the damaged journals of gone tabs go with it.
    reopened.commit(reopened.lastSeq());
    expect(storage.data.size).toBe(0);
    expect(new Journal(storage, 'p', { tab: 'later' }).unreadable).toBe(0);
  });

  it('encodes large updates', () => {
    const storage = memoryStorage();
    const big = new Uint8Array(200_000).map((_, i) => i % 251);
    new Journal(storage, 'p').append(big);
    expect(new Journal(storage, 'p').pending()[0]).toEqual(big);
  }, 60_000); // comparing 200,000 bytes takes seconds on a busy machine
});
