import { describe, expect, it } from 'vitest';
import { HyperBridge, type EngineFault, type EnginePackage, type RawEngine } from './HyperBridge';

/** A fake engine whose commit emits one local update and can be told to crash. */
function fakeEngine(state: { crash: boolean }): RawEngine {
  let emit: (u: Uint8Array) => void = () => {};
  const notUsed = (): never => {
    throw new Error('not used');
  };
  return {
    onLocalUpdate: (cb) => (emit = cb),
    commit: () => {
      emit(new Uint8Array([1, 2, 3]));
      if (state.crash) throw Object.assign(new Error('boom'), { code: 'internal' });
      return '{"created":[],"created_pages":["p"]}';
    },
    commitBatch: notUsed,
    takeDeltas: notUsed,
    fullDeltas: notUsed,
    undo: notUsed,
    redo: notUsed,
    canUndo: () => false,
    canRedo: () => false,
    clearHistory: () => {},
    beginGesture: notUsed,
    endGesture: notUsed,
    cancelGesture: notUsed,
    toJSON: notUsed,
    elementCount: () => 0,
    cascadedStyles: notUsed,
    pageOrder: notUsed,
    setTextMeasurer: notUsed,
    setBreakpoint: notUsed,
    setLayoutPage: notUsed,
    layout: notUsed,
    allBoxes: notUsed,
    hitTest: notUsed,
    dropTarget: notUsed,
    marquee: notUsed,
    snap: notUsed,
    free: () => {},
  };
}

async function bridgeWith(state: { crash: boolean }): Promise<HyperBridge> {
  const pkg: EnginePackage = { init: async () => {}, version: () => 'fake', createEngine: () => fakeEngine(state) };
  const bridge = await HyperBridge.load({ pkg, wasm: 'fake.wasm' });
  bridge.newProject(1);
  return bridge;
}

describe('engine faults', () => {
  it('passes on updates of calls that returned normally', async () => {
    const bridge = await bridgeWith({ crash: false });
    const updates: Uint8Array[] = [];
    bridge.onLocalUpdate((u) => updates.push(u));
    bridge.commit({ type: 'create_page', name: 'A' });
    expect(updates).toEqual([new Uint8Array([1, 2, 3])]);
  });

  it('reports an internal error once and drops the update it made', async () => {
    const state = { crash: false };
    const bridge = await bridgeWith(state);
    const updates: Uint8Array[] = [];
    const faults: EngineFault[] = [];
    bridge.onLocalUpdate((u) => updates.push(u));
    bridge.watchFaults((f) => faults.push(f));
    state.crash = true;
    expect(() => bridge.commit({ type: 'create_page', name: 'A' })).toThrow('boom');
    expect(() => bridge.commit({ type: 'create_page', name: 'A' })).toThrow('boom');
    expect(updates).toEqual([]);
    expect(faults.map((f) => [f.kind, f.call])).toEqual([['error', 'commit']]);
  });

  it('treats a call slower than the threshold as a stall, and passes its update on before saying so', async () => {
    const bridge = await bridgeWith({ crash: false });
    const seen: string[] = [];
    const faults: EngineFault[] = [];
    bridge.onLocalUpdate((u) => seen.push(`update ${u.join(',')}`));
    bridge.watchFaults((f) => {
      faults.push(f);
      seen.push(`fault ${f.kind}`);
    }, 20);
    bridge.simulateStall(40);
    bridge.commit({ type: 'create_page', name: 'A' });
    // The slow call did its work (the user saw it): the recovery must find it in the journal.
    expect(seen).toEqual(['update 1,2,3', 'fault stall']);
    expect(faults[0]?.kind).toBe('stall');
  });
});
