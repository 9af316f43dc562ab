import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementRecord, PageRecord } from '../bridge/types';
import { LocalProjects, SharedDatabaseError, UnknownProjectError, type SaveChange } from './localProjects';

const page: PageRecord = { id: 'home', name: 'Home', slug: '', title: 'Home', description: '', order: 'a0', root: 'b' };
const body: ElementRecord = { id: 'b', kind: 'body', page: 'home', parent: null, order: 'a0', name: 'Body', children: [] };
const text = (id: string, content: string): ElementRecord => ({
  id, kind: 'text', page: 'home', parent: 'b', order: 'a1', tag: 'h1', content, children: [],
  styles: { base: { 'font-size': '48px' } },
});

function change(over: Partial<SaveChange>): SaveChange {
  return { update: new Uint8Array([1, 2, 3]), at: 1000, elementCount: 2, upsertElements: [], removeElements: [],
    upsertPages: [], removePages: [], ...over };
}

// One database for the file (PGlite takes seconds to start on a busy machine); each test uses
// its own project ids, and the list assertions filter to them.
let shared: LocalProjects;
beforeAll(async () => {
  shared = await LocalProjects.open('memory://');
}, 180_000);
afterAll(async () => {
  await shared.close();
});
async function db(): Promise<LocalProjects> {
  return shared;
}

describe('LocalProjects', () => {
  it('migrates a new database to the newest schema', async () => {
    const d = await db();
    expect(await d.schemaVersion()).toBe(2);
  });

  it('never opens the browser’s database in a page: a stale tab could write its old copy back', async () => {
    // Each PGlite on idb://omnios syncs its whole copy of the files back, so a tab that opened it
    // earlier restored its old data on any statement, a SELECT included. Only the shared worker
    // (openShared, one PGlite per browser) opens it.
    await expect(LocalProjects.open('idb://omnios')).rejects.toBeInstanceOf(SharedDatabaseError);
  });

  it('creates, saves incrementally, lists and loads a project', async () => {
    const d = await db();
    await d.create('s1', 'Site', change({ upsertPages: [page], upsertElements: [body, text('t', 'Hello')] }));
    await d.save('s1', change({ update: new Uint8Array([9]), at: 2000, upsertElements: [text('t', 'Changed')] }));
    expect((await d.elementRows('s1')).map((r) => [r.id, r.content])).toEqual([['b', ''], ['t', 'Changed']]);
    expect((await d.elementRows('s1'))[1]?.styles).toEqual({ base: { 'font-size': '48px' } });
    const stored = await d.loadDoc('s1');
    expect(Array.from(stored.snapshot)).toEqual([1, 2, 3]);
    expect(stored.updates.map((u) => Array.from(u))).toEqual([[9]]);
    expect(await d.save('s1', change({ update: new Uint8Array([8, 8]), at: 3000, removeElements: ['t'] }))).toEqual({
      updates: 2,
      bytes: 3,
    });
    expect((await d.elementRows('s1')).map((r) => r.id)).toEqual(['b']);
    expect(await d.get('s1')).toMatchObject({ id: 's1', name: 'Site', createdAt: 1000, updatedAt: 3000 });
  });

  it('a save that fails midway applies nothing', async () => {
    const d = await db();
    await d.create('p1', 'Site', change({ upsertPages: [page], upsertElements: [body] }));
    const broken = { ...text('t', 'x'), kind: null } as unknown as ElementRecord; // violates NOT NULL
    await expect(d.save('p1', change({ update: new Uint8Array([7]), at: 5000, upsertElements: [text('ok', 'fine'), broken] })))
      .rejects.toThrow(/saving project p1 failed/);
    expect(await d.loadDoc('p1')).toMatchObject({ snapshot: new Uint8Array([1, 2, 3]), updates: [] });
    expect((await d.elementRows('p1')).map((r) => r.id)).toEqual(['b']);
    expect((await d.get('p1')).updatedAt).toBe(1000);
  });

  it('compaction replaces the snapshot it read and keeps the updates saved meanwhile', async () => {
    const d = await db();
    await d.create('c', 'C', change({ upsertPages: [page], upsertElements: [body] }));
    await d.save('c', change({ update: new Uint8Array([4]) }));
    await d.save('c', change({ update: new Uint8Array([5]) }));
    const read = await d.loadDoc('c');
    await d.save('c', change({ update: new Uint8Array([6]) })); // saved while the merge runs
    expect(await d.compact('c', new Uint8Array([1, 4, 5]), read.rev, read.throughSeq)).toBe(true);
    const after = await d.loadDoc('c');
    expect(Array.from(after.snapshot)).toEqual([1, 4, 5]);
    expect(after.updates.map((u) => Array.from(u))).toEqual([[6]]);
    // A second compaction of the same read (another tab's) changes nothing.
    expect(await d.compact('c', new Uint8Array([0]), read.rev, read.throughSeq)).toBe(false);
    expect(await d.loadDoc('c')).toEqual(after);
  });

  it('keeps projects separate; duplicate, rename and delete', async () => {
    const d = await db();
    await d.create('a', 'A', change({ upsertPages: [page], upsertElements: [body, text('t', 'in A')] }));
    await d.create('b', 'B', change({ at: 2000, upsertPages: [page], upsertElements: [body] }));
    expect((await d.elementRows('b')).map((r) => r.id)).toEqual(['b']);
    await d.duplicate('a', 'a2', 'A copy', 3000);
    expect((await d.elementRows('a2')).map((r) => r.content)).toEqual(['', 'in A']);
    expect(await d.loadDoc('a2')).toMatchObject(await d.loadDoc('a').then(({ snapshot, updates }) => ({ snapshot, updates })));
    await d.rename('a2', 'Renamed');
    const mine = (await d.list()).filter((p) => ['a', 'b', 'a2'].includes(p.id));
    expect(mine.map((p) => p.name)).toEqual(['Renamed', 'B', 'A']);
    await d.delete('a');
    expect((await d.elementRows('a')).length).toBe(0);
    await expect(d.loadDoc('a')).rejects.toBeInstanceOf(UnknownProjectError);
    await expect(d.save('a', change({}))).rejects.toBeInstanceOf(UnknownProjectError);
  });

  it('keeps versions per project, newest first', async () => {
    const d = await db();
    await d.create('p', 'P', change({ upsertPages: [page], upsertElements: [body] }));
    await d.createVersion('p', { id: 'v1', name: 'First', at: 10, automatic: false, doc: new Uint8Array([1]), elementCount: 1 });
    await d.createVersion('p', { id: 'v2', name: 'Auto', at: 20, automatic: true, doc: new Uint8Array([2]), elementCount: 1 });
    expect((await d.listVersions('p')).map((v) => [v.id, v.automatic])).toEqual([['v2', true], ['v1', false]]);
    expect(Array.from(await d.loadVersion('v1'))).toEqual([1]);
    await d.delete('p');
    expect(await d.listVersions('p')).toEqual([]);
  });
});
