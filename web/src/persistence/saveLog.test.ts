// Saves as an update log, with the real engine and a real (in-memory) database: each save writes
// only what changed, a burst of edits during a slow save is all saved by the next one, reopening
// replays snapshot + log, and compaction folds the log into a snapshot without losing anything.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HyperBridge, type ElementId } from '../bridge/HyperBridge';
import { AutoSaver, type SaveSource } from './autosave';
import { compactProject } from './compaction';
import { Journal, memoryStorage } from './journal';
import { LocalProjects, type SaveChange } from './localProjects';
import { initialSave } from './projectSession';

const wasm = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'bridge', '__generated__', 'omnios_wasm_bg.wasm'));

let db: LocalProjects;
let bridge: HyperBridge;
beforeAll(async () => {
  [db, bridge] = await Promise.all([LocalProjects.open('memory://'), HyperBridge.load({ wasm })]);
}, 180_000);
afterAll(async () => {
  await db.close();
});

/** A project of `n` text elements, saved; returns their ids. */
async function savedProject(id: string, n: number): Promise<ElementId[]> {
  const page = bridge.newProject();
  const root = bridge.fullDeltas().pages.find((p) => p.id === page)?.root ?? '';
  const texts: ElementId[] = [];
  for (let i = 0; i < n; i++) {
    const created = bridge.commit({ type: 'create_element', kind: 'text', parent: root, content: `Text ${i}` }).created[0];
    if (created !== undefined) texts.push(created);
  }
  await db.create(id, 'Log test', initialSave(bridge));
  bridge.takeDeltas();
  return texts;
}

function sourceOf(b: HyperBridge): SaveSource {
  return {
    stateVector: () => b.stateVector(),
    encodeSince: (vector) => b.encodeSince(vector),
    element: () => undefined,
    page: () => undefined,
    elementCount: () => 0,
  };
}

const merge = async (snapshot: Uint8Array, updates: readonly Uint8Array[]): Promise<Uint8Array> =>
  bridge.mergeDoc(snapshot, updates);

async function reopened(projectId: string): Promise<Map<string, string | undefined>> {
  const stored = await db.loadDoc(projectId);
  const deltas = bridge.readDoc(stored.snapshot, stored.updates);
  return new Map(deltas.elements.map((e) => [e.id, e.styles?.base?.color as string | undefined]));
}

describe('saves as an update log', () => {
  it('writes only the change, and a burst of edits during a slow save is saved by the next', async () => {
    const texts = await savedProject('log-burst', 100);
    const whole = bridge.encodeState().length;
    const writes: SaveChange[] = [];
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const saver = new AutoSaver(
      {
        save: async (id, change) => {
          writes.push(change);
          if (writes.length === 1) await slow; // the first save is slow
          return db.save(id, change);
        },
        createVersion: (id, v) => db.createVersion(id, v),
      },
      'log-burst',
      sourceOf(bridge),
      new Journal(memoryStorage(), 'log-burst'),
      { savedVector: bridge.stateVector() },
    );
    bridge.onLocalUpdate((u) => saver.noteLocalUpdate(u));
    bridge.commit({ type: 'update_styles', ids: [texts[0] ?? ''], set: { color: 'rgb(1, 0, 0)' } });
    const first = saver.flush();
    await new Promise((r) => setTimeout(r, 0));
    expect(saver.status().state).toBe('saving');
    // The burst, while the first save waits.
    for (let i = 1; i <= 20; i++) {
      bridge.commit({ type: 'update_styles', ids: [texts[i] ?? ''], set: { color: `rgb(${i + 1}, 0, 0)` } });
    }
    release();
    await first;
    await saver.flush();
    bridge.onLocalUpdate(null);
    expect(saver.status().state).toBe('saved');
    expect(writes.length).toBe(2);
    for (const w of writes) expect(w.update.length).toBeLessThan(whole / 10);
    const colors = await reopened('log-burst');
    for (let i = 0; i <= 20; i++) expect(colors.get(texts[i] ?? '')).toBe(`rgb(${i + 1}, 0, 0)`);
  }, 60_000);

  it('compacts the log in the background into one snapshot that reopens the same', async () => {
    const texts = await savedProject('log-compact', 20);
    let compactions = 0;
    const saver = new AutoSaver(db, 'log-compact', sourceOf(bridge), new Journal(memoryStorage(), 'log-compact'), {
      savedVector: bridge.stateVector(),
      compactAfter: { updates: 3, bytes: Number.POSITIVE_INFINITY },
      compact: () => {
        compactions += 1;
        return compactProject(db, 'log-compact', merge);
      },
    });
    for (let i = 0; i < 7; i++) {
      bridge.commit({ type: 'update_styles', ids: [texts[i] ?? ''], set: { color: `rgb(0, ${i}, 0)` } });
      saver.noteDeltas(bridge.takeDeltas());
      await saver.flush();
      await saver.idle();
    }
    expect(compactions).toBe(2); // after the 3rd and the 6th save
    const stored = await db.loadDoc('log-compact');
    expect(stored.updates.length).toBe(1);
    const colors = await reopened('log-compact');
    for (let i = 0; i < 7; i++) expect(colors.get(texts[i] ?? '')).toBe(`rgb(0, ${i}, 0)`);
  }, 60_000);
});
