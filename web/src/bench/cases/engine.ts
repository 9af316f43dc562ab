import type { BenchCase } from '../runner';
import { benchBridge, benchEngine, benchPageJson, benchSnapshot, idsOfKind, timeEach } from './fixture';
import type { StandaloneEngine } from '../../bridge/HyperBridge';
import type { InstantiateReport } from './instantiateWorker';

/**
 * Time to fetch, compile and instantiate the engine's WASM module through HyperBridge.load().
 * The generated package keeps one instance per JS realm, so each sample loads in a fresh
 * module worker and is timed inside it (worker start-up is not counted). After the first
 * load the browser's HTTP cache serves the bytes, as for a returning user.
 */
const wasmEngineInstantiate: BenchCase = {
  suite: 'engine',
  name: 'wasm engine instantiate',
  unit: 'ms',
  warmup: 3,
  iterations: 30,
  sample: () =>
    new Promise<number>((resolve, reject) => {
      const worker = new Worker(new URL('./instantiateWorker.ts', import.meta.url), { type: 'module' });
      const finish = (): void => worker.terminate();
      worker.onmessage = (event: MessageEvent<InstantiateReport>) => {
        finish();
        if (event.data.ok) resolve(event.data.ms);
        else reject(new Error(`engine load failed in worker: ${event.data.error}`));
      };
      worker.onerror = (event) => {
        finish();
        reject(new Error(`instantiate worker failed: ${event.message}`));
      };
    }),
};

const PAGE = '10000 elements';

let shared: StandaloneEngine | undefined;
async function sharedEngine(): Promise<StandaloneEngine> {
  shared ??= await benchEngine();
  return shared;
}

let flip = 0;
const styleCommand = (id: string): string =>
  JSON.stringify({ type: 'update_styles', ids: [id], set: { 'background-color': (flip++ & 1) === 0 ? '#fafafa' : '#f0f0f0' } });

/** One style command through the JSON bridge, then the frame's deltas (µs per pair). */
const styleCommandAndDeltas: BenchCase = {
  suite: 'engine',
  name: `wasm one style command + takeDeltas (${PAGE})`,
  unit: 'us',
  warmup: 2,
  iterations: 30,
  async sample() {
    const engine = await sharedEngine();
    const cards = await idsOfKind('container');
    return 1000 * timeEach(200, (i) => {
      engine.commit(styleCommand(cards[(i * 37) % cards.length] ?? ''));
      engine.takeDeltas();
    });
  },
};

const undoStyleCommand: BenchCase = {
  suite: 'engine',
  name: `wasm undo one style command (${PAGE})`,
  unit: 'us',
  warmup: 2,
  iterations: 30,
  async sample() {
    const engine = await sharedEngine();
    const cards = await idsOfKind('container');
    for (let i = 0; i < 50; i++) engine.commit(styleCommand(cards[i] ?? ''));
    return 1000 * timeEach(50, () => {
      engine.undo();
      engine.takeDeltas();
    });
  },
};

const filteredQuery: BenchCase = {
  suite: 'engine',
  name: `wasm filtered query (${PAGE})`,
  unit: 'us',
  iterations: 30,
  async sample() {
    const engine = await sharedEngine();
    const query = JSON.stringify({
      filter: { and: [{ field: 'kind', op: 'eq', value: 'text' }, { field: 'content', op: 'contains', value: 'pricing' }] },
      limit: 50,
    });
    return 1000 * timeEach(10, () => engine.query(query));
  },
};

/** The page's elements as create_element commands, parents first (the snapshot's order). */
async function createCommands(): Promise<string> {
  const snapshot = await benchSnapshot();
  const root = snapshot.pages[0]?.root;
  const commands = snapshot.elements
    .filter((e) => e.id !== root)
    .map((e) => ({
      type: 'create_element', id: e.id, kind: e.kind, parent: e.parent,
      ...(e.name ? { name: e.name } : {}), ...(e.tag ? { tag: e.tag } : {}), ...(e.content ? { content: e.content } : {}),
      ...(e.props ? { props: e.props } : {}), ...(e.styles ? { styles: e.styles } : {}),
    }));
  return JSON.stringify(commands);
}

const batchCreate: BenchCase = {
  suite: 'engine',
  name: 'wasm batch create 10000 elements',
  unit: 'ms',
  warmup: 1,
  iterations: 7,
  async sample() {
    const bridge = await benchBridge();
    const snapshot = await benchSnapshot();
    const batch = await createCommands();
    const engine = bridge.standaloneEngine(undefined, 1);
    engine.commit(JSON.stringify({ type: 'create_page', id: snapshot.pages[0]?.id, name: 'Bench' }));
    const start = performance.now();
    engine.commitBatch(batch);
    const ms = performance.now() - start;
    if (engine.elementCount() !== snapshot.elements.length) throw new Error(`built ${engine.elementCount()} elements`);
    engine.free();
    return ms;
  },
};

let updateBytes: Uint8Array | undefined;
const loadFromUpdate: BenchCase = {
  suite: 'engine',
  name: `wasm load from update bytes (${PAGE})`,
  unit: 'ms',
  warmup: 1,
  iterations: 7,
  async sample() {
    updateBytes ??= (await sharedEngine()).encodeStateAsUpdate(new Uint8Array());
    const bridge = await benchBridge();
    const start = performance.now();
    const engine = bridge.standaloneEngineFromUpdate(updateBytes, 2);
    const ms = performance.now() - start;
    engine.free();
    return ms;
  },
};

const loadFromJson: BenchCase = {
  suite: 'engine',
  name: `wasm load from JSON snapshot (${PAGE})`,
  unit: 'ms',
  warmup: 1,
  iterations: 7,
  async sample() {
    const json = await benchPageJson();
    const bridge = await benchBridge();
    const start = performance.now();
    const engine = bridge.standaloneEngine(json, 3);
    const ms = performance.now() - start;
    engine.free();
    return ms;
  },
};

let withInstances: StandaloneEngine | undefined;
/**
 * The page with one of its cards made a component and 1,000 instances of it on the page:
 * editing the master and taking the frame's deltas (every instance's copy of the edited
 * element must be out). Target < 5 ms.
 */
const editMasterOfThousand: BenchCase = {
  suite: 'engine',
  name: `wasm edit a master used by 1000 instances + takeDeltas (${PAGE})`,
  unit: 'ms',
  warmup: 2,
  iterations: 30,
  async sample() {
    if (withInstances === undefined) {
      const snapshot = await benchSnapshot();
      const engine = await benchEngine();
      const card = snapshot.elements.find((e) => e.name?.startsWith('Card '))?.id ?? '';
      const body = snapshot.pages[0]?.root ?? '';
      engine.commit(JSON.stringify({ type: 'create_component', id: card, name: 'Card', component_id: 'bench-card' }));
      const inserts = Array.from({ length: 999 }, (_, i) => ({
        type: 'insert_instance', component: 'bench-card', parent: body, id: `bench-instance-${i}`,
      }));
      engine.commitBatch(JSON.stringify(inserts));
      engine.takeDeltas();
      withInstances = engine;
    }
    const engine = withInstances;
    return timeEach(10, () => {
      engine.commit(JSON.stringify({ type: 'update_styles', ids: ['bench-card'], set: { 'min-height': `${1 + (flip++ & 1)}px` } }));
      engine.takeDeltas();
    });
  },
};

export const engineCases: readonly BenchCase[] = [
  wasmEngineInstantiate,
  styleCommandAndDeltas,
  undoStyleCommand,
  filteredQuery,
  batchCreate,
  loadFromUpdate,
  loadFromJson,
  editMasterOfThousand,
];
