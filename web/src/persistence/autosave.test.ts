import { describe, expect, it } from 'vitest';
import type { Deltas, ElementRecord } from '../bridge/types';
import { AutoSaver, JOURNAL_FULL_WARNING, type SaveSource, type SaveStatus } from './autosave';
import { Journal, memoryStorage, type KeyValueStorage } from './journal';
import type { SaveChange } from './localProjects';

/** A clock and timers the test advances by hand. */
function fakeTime() {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const id = next++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (h: unknown) => void timers.delete(h as number),
    async advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now) {
          timers.delete(id);
          t.fn();
          await new Promise((r) => setTimeout(r, 0));
        }
      }
      await new Promise((r) => setTimeout(r, 0));
    },
    pending: () => timers.size,
  };
}

/** A database that records saves and fails the next `failures` of them. */
function fakeDb() {
  const saves: SaveChange[] = [];
  const versions: string[] = [];
  const db = {
    failures: 0,
    saves,
    versions,
    async save(_id: string, change: SaveChange) {
      if (db.failures > 0) {
        db.failures -= 1;
        throw new Error('disk full');
      }
      saves.push(change);
      return { updates: saves.length, bytes: saves.length };
    },
    async createVersion(_id: string, v: { name: string }) {
      versions.push(v.name);
    },
  };
  return db;
}

const el = (id: string): ElementRecord => ({ id, kind: 'text', page: 'home', parent: 'b', order: 'a0', children: [] });
const source: SaveSource = {
  stateVector: () => new Uint8Array([1]),
  encodeSince: () => new Uint8Array([42]),
  element: (id) => el(id),
  page: () => undefined,
  elementCount: () => 2,
};
const deltas = (changed: string[], removed: string[] = []): Deltas => ({
  elements: changed.map(el), removed, pages: [], removed_pages: [], assets: [], removed_assets: [],
  tokens: [], removed_tokens: [],
});

function setup(from: SaveSource = source, storage: KeyValueStorage & { readonly data: Map<string, string> } = memoryStorage()) {
  const time = fakeTime();
  const db = fakeDb();
  const statuses: SaveStatus['state'][] = [];
  const saver = new AutoSaver(db, 'p', from, new Journal(storage, 'p'), {
    now: time.now, setTimer: time.setTimer, clearTimer: time.clearTimer, onStatus: (s) => statuses.push(s.state),
    newId: () => 'v',
  });
  return { time, db, storage, saver, statuses };
}

describe('AutoSaver', () => {
  it('saves once, 1.5 s after the last change, and says saved only after the write', async () => {
    const { time, db, saver, statuses } = setup();
    saver.noteLocalUpdate(new Uint8Array([1]));
    saver.noteDeltas(deltas(['a']));
    await time.advance(1000);
    saver.noteLocalUpdate(new Uint8Array([2]));
    saver.noteDeltas(deltas(['b']));
    await time.advance(1000);
    expect(db.saves.length).toBe(0);
    expect(saver.status().state).toBe('unsaved');
    await time.advance(600);
    expect(db.saves.length).toBe(1);
    expect(db.saves[0]?.upsertElements.map((e) => e.id).sort()).toEqual(['a', 'b']);
    expect(statuses.slice(-2)).toEqual(['saving', 'saved']);
  });

  it('a design token a collaborator edited alone is saved too', async () => {
    const { time, db, saver } = setup();
    saver.noteDeltas({ ...deltas([]), tokens: [{ id: 't1', name: 'brand', kind: 'color', value: 'red', used_by: [] }] });
    await time.advance(1600);
    expect(db.saves.length).toBe(1);
    expect(saver.status().state).toBe('saved');
  });

  it('journals every update at once, so a tab closed mid-debounce loses nothing', async () => {
    const { storage, saver } = setup();
    saver.noteLocalUpdate(new Uint8Array([7, 7]));
    // The tab closes here: no save ran. Reopening finds the update in the journal.
    expect(new Journal(storage, 'p').pending().map((u) => Array.from(u))).toEqual([[7, 7]]);
  });

  it('a failed save keeps its changes, retries with backoff and never says saved early', async () => {
    const { time, db, storage, saver } = setup();
    db.failures = 2;
    saver.noteLocalUpdate(new Uint8Array([1]));
    saver.noteDeltas(deltas(['a'], ['gone']));
    await time.advance(1500);
    expect(saver.status().state).toBe('failed');
    expect(new Journal(storage, 'p').pending().length).toBe(1);
    saver.noteDeltas(deltas(['b']));
    await time.advance(1000);
    expect(saver.status().state).toBe('failed');
    await time.advance(2000);
    expect(saver.status().state).toBe('saved');
    const last = db.saves.at(-1);
    expect(last?.upsertElements.map((e) => e.id).sort()).toEqual(['a', 'b']);
    expect(last?.removeElements).toEqual(['gone']);
    expect(new Journal(storage, 'p').pending().length).toBe(0);
  });

  it('flush saves at once (page hidden) and resolves only when durable', async () => {
    const { db, saver } = setup();
    saver.noteDeltas(deltas(['a']));
    await saver.flush();
    expect(db.saves.length).toBe(1);
    expect(saver.status().state).toBe('saved');
    db.failures = 1;
    saver.noteDeltas(deltas(['b']));
    await expect(saver.flush()).rejects.toThrow(/disk full/);
  });

  it('a save that cannot read the document fails, and flush says so; the next save carries every row change', async () => {
    let broken = true;
    const flaky: SaveSource = {
      ...source,
      encodeSince: () => {
        if (broken) throw new Error('the engine refused to encode');
        return new Uint8Array([42]);
      },
    };
    const { db, storage, saver } = setup(flaky);
    saver.noteLocalUpdate(new Uint8Array([1]));
    saver.noteDeltas(deltas(['a'], ['gone']));
    await expect(saver.flush()).rejects.toThrow(/refused to encode/);
    expect(saver.status()).toMatchObject({ state: 'failed', message: expect.stringMatching(/refused to encode/) });
    expect(db.saves.length).toBe(0);
    expect(new Journal(storage, 'p').pending().length).toBe(1); // still journalled
    await expect(saver.flush()).rejects.toThrow(/refused to encode/); // and again: nothing was dropped

    broken = false;
    saver.noteDeltas(deltas(['b']));
    await saver.flush();
    expect(saver.status().state).toBe('saved');
    expect(db.saves.length).toBe(1);
    expect(db.saves[0]?.upsertElements.map((e) => e.id).sort()).toEqual(['a', 'b']);
    expect(db.saves[0]?.removeElements).toEqual(['gone']);
    expect(new Journal(storage, 'p').pending().length).toBe(0);
  });

  it('storage full: the save indicator warns and each edit is saved at once; the warning goes when storage has room', async () => {
    const storage = memoryStorage();
    let full = true;
    const quota: typeof storage = {
      ...storage,
      data: storage.data,
      get length() {
        return storage.length;
      },
      setItem: (key, value) => {
        if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        storage.setItem(key, value);
      },
    };
    const { time, db, saver } = setup(source, quota);
    saver.noteLocalUpdate(new Uint8Array([1]));
    saver.noteDeltas(deltas(['a']));
    expect(saver.status().warning).toBe(JOURNAL_FULL_WARNING);
    await time.advance(0); // no debounce: the journal could not keep it
    expect(db.saves.length).toBe(1);
    expect(saver.status()).toMatchObject({ state: 'saved', warning: JOURNAL_FULL_WARNING });

    full = false;
    saver.noteLocalUpdate(new Uint8Array([2]));
    expect(saver.status().warning).toBeUndefined();
    await time.advance(1500);
    expect(saver.status().state).toBe('saved');
  });

  it('a burst of edits during a slow save loses nothing: rows and journal entries wait for the next save', async () => {
    const { db, storage, saver } = setup();
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const save = db.save;
    let calls = 0;
    db.save = async (id, change) => {
      calls += 1;
      if (calls === 1) await slow;
      return save(id, change);
    };
    saver.noteLocalUpdate(new Uint8Array([1]));
    saver.noteDeltas(deltas(['a']));
    const first = saver.flush();
    await new Promise((r) => setTimeout(r, 0));
    expect(saver.status().state).toBe('saving');
    for (let i = 0; i < 20; i++) {
      saver.noteLocalUpdate(new Uint8Array([10 + i]));
      saver.noteDeltas(deltas([`burst${i}`], i === 0 ? ['a'] : []));
    }
    release();
    await first;
    // The first save committed: its entry is forgotten, the burst's are still journalled.
    expect(new Journal(storage, 'p').pending().map((u) => u[0])).toEqual(Array.from({ length: 20 }, (_, i) => 10 + i));
    expect(saver.status().state).not.toBe('saved');
    await saver.flush();
    expect(saver.status().state).toBe('saved');
    expect(db.saves.length).toBe(2);
    expect(db.saves[1]?.upsertElements.map((e) => e.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `burst${i}`).sort());
    expect(db.saves[1]?.removeElements).toEqual(['a']);
    expect(new Journal(storage, 'p').pending()).toEqual([]);
  });

  it('keeps an automatic version after 10 minutes of editing', async () => {
    const { time, db, saver } = setup();
    saver.noteDeltas(deltas(['a']));
    await time.advance(1500);
    expect(db.versions.length).toBe(0);
    await time.advance(10 * 60_000);
    saver.noteDeltas(deltas(['b']));
    await time.advance(1500);
    expect(db.versions.length).toBe(1);
    await time.advance(20 * 60_000);
    expect(db.versions.length).toBe(1);
  });
});
