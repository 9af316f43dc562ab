import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HyperBridge } from '../bridge/HyperBridge';
import { benchSnapshot, orderKey } from './benchPage';

describe('bench page', () => {
  it('is deterministic and holds exactly 10,000 elements in the named shape', () => {
    const a = benchSnapshot();
    expect(JSON.stringify(benchSnapshot())).toBe(JSON.stringify(a));
    expect(a.elements).toHaveLength(10_000);
    const kinds = new Map<string, number>();
    for (const el of a.elements) kinds.set(el.kind, (kinds.get(el.kind) ?? 0) + 1);
    expect(kinds.get('section')).toBe(100);
    expect(kinds.get('container')).toBe(100 + 500 + 2000 + 2000);
    expect(kinds.get('text')).toBe(2000);
  });

  it('makes order keys that sort as their indexes', () => {
    const keys = Array.from({ length: 300 }, (_, i) => orderKey(i));
    expect([...keys].sort()).toEqual(keys);
  });

  it('opens in the engine', async () => {
    const wasm = readFileSync(new URL('../bridge/__generated__/omnios_wasm_bg.wasm', import.meta.url));
    const bridge = await HyperBridge.load({ wasm });
    bridge.openProject(JSON.stringify(benchSnapshot()));
    expect(bridge.engine().elementCount()).toBe(10_000);
  }, 60_000);
});
