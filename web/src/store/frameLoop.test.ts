import { describe, expect, it } from 'vitest';
import { startFrameLoop } from './frameLoop';
import type { ProjectStoreApi } from './projectStore';

describe('frame loop stall detection', () => {
  it('reports a frame whose work took longer than stallMs', () => {
    let clock = 0;
    let cost = 5;
    const state = { flush: () => ((clock += cost), false), setDeltaSink: () => {} };
    const api = { getState: () => state } as unknown as ProjectStoreApi;
    const frames: (() => void)[] = [];
    const stalls: number[] = [];
    const stop = startFrameLoop(api, {
      requestFrame: (cb) => frames.push(cb),
      cancelFrame: () => {},
      now: () => clock,
      stallMs: 100,
      onStall: (ms) => stalls.push(ms),
    });
    frames.shift()?.();
    expect(stalls).toEqual([]);
    cost = 250;
    frames.shift()?.();
    expect(stalls).toEqual([250]);
    stop();
  });
});
