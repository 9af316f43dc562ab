// Persistence benchmarks on the 10,000-element page: one auto-save through the real AutoSaver
// into PGlite persisted in IndexedDB in its shared worker (the editor's path: the update since
// the last save appended, the log compacted in the background by the compaction worker), the
// longest frame while it runs, and reopening the project from the database.
import type { BenchCase } from '../runner';
import type { StandaloneEngine } from '../../bridge/HyperBridge';
import type { ElementRecord, Snapshot } from '../../bridge/types';
import { AutoSaver, type SaveSource } from '../../persistence/autosave';
import { compactProject, mergeInWorker } from '../../persistence/compaction';
import { Journal } from '../../persistence/journal';
import { LocalProjects } from '../../persistence/localProjects';
import { benchBridge, benchEngine, benchSnapshot, idsOfKind } from './fixture';
import { longestFrameDuring } from './frames';

const PAGE = '10000 elements';
const PROJECT = 'bench-10000';

interface Setup {
  readonly db: LocalProjects;
  readonly engine: StandaloneEngine;
  readonly saver: AutoSaver;
  readonly cards: readonly string[];
}

let setup: Promise<Setup> | undefined;

function record(engine: StandaloneEngine, id: string): ElementRecord | undefined {
  const found = JSON.parse(engine.query(JSON.stringify({ filter: { field: 'id', op: 'eq', value: id } }))) as {
    elements: ElementRecord[];
  };
  return found.elements[0];
}

async function prepare(): Promise<Setup> {
  const db = await LocalProjects.openShared('idb://omnios-bench');
  await db.delete(PROJECT);
  const engine = await benchEngine();
  const snapshot: Snapshot = await benchSnapshot();
  await db.create(PROJECT, 'Benchmark page', {
    update: engine.encodeStateAsUpdate(new Uint8Array()),
    at: Date.now(),
    elementCount: snapshot.elements.length,
    upsertElements: snapshot.elements.map((e) => ({ ...e, children: [] })),
    removeElements: [],
    upsertPages: snapshot.pages,
    removePages: [],
  });
  const source: SaveSource = {
    stateVector: () => engine.encodeStateVector(),
    encodeSince: (vector) => engine.encodeStateAsUpdate(vector),
    element: (id) => record(engine, id),
    page: () => undefined,
    elementCount: () => engine.elementCount(),
  };
  const saver = new AutoSaver(db, PROJECT, source, new Journal(window.localStorage, PROJECT), {
    savedVector: engine.encodeStateVector(),
    compact: () => compactProject(db, PROJECT, mergeInWorker),
  });
  return { db, engine, saver, cards: await idsOfKind('container') };
}

let n = 0;
/** One style change, noted as the editor notes it, then a flush: the save's whole cost. */
async function editAndSave(s: Setup): Promise<void> {
  const id = s.cards[(n * 53) % s.cards.length] ?? '';
  s.engine.commit(JSON.stringify({ type: 'update_styles', ids: [id], set: { opacity: (n++ % 9) / 10 + 0.1 } }));
  const deltas = JSON.parse(s.engine.takeDeltas()) as Parameters<AutoSaver['noteDeltas']>[0];
  s.saver.noteDeltas(deltas);
  await s.saver.flush();
}

const autoSave: BenchCase = {
  suite: 'persistence',
  name: `auto-save after one style change, ${PAGE} (PGlite in IndexedDB)`,
  unit: 'ms',
  warmup: 2,
  iterations: 15,
  async sample() {
    setup ??= prepare();
    const s = await setup;
    const start = performance.now();
    await editAndSave(s);
    return performance.now() - start;
  },
};

const framesWhileSaving: BenchCase = {
  suite: 'persistence',
  name: `longest frame while auto-saving, ${PAGE}`,
  unit: 'ms',
  warmup: 1,
  iterations: 15,
  async sample() {
    setup ??= prepare();
    const s = await setup;
    return (await longestFrameDuring(() => editAndSave(s))).longestFrame;
  },
};

const reopen: BenchCase = {
  suite: 'persistence',
  name: `reopen ${PAGE} project (document from PGlite into a new engine)`,
  unit: 'ms',
  warmup: 1,
  iterations: 7,
  async sample() {
    setup ??= prepare();
    const s = await setup;
    const bridge = await benchBridge();
    const start = performance.now();
    const doc = await s.db.loadDoc(PROJECT);
    const engine = bridge.standaloneEngineFromUpdate(doc.snapshot, 5);
    for (const update of doc.updates) engine.applyUpdate(update);
    const ms = performance.now() - start;
    engine.free();
    return ms;
  },
};

export const persistenceCases: readonly BenchCase[] = [autoSave, framesWhileSaving, reopen];
