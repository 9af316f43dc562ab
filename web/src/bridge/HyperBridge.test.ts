import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BridgeLoadError, HyperBridge, type EnginePackage } from './HyperBridge';

const fakePackage = (init: EnginePackage['init']): EnginePackage => ({ init, version: () => 'fake 1.0.0' });

describe('HyperBridge', () => {
  it('loads the real engine from its bytes and reports the version the WASM module returns', async () => {
    const wasm = readFileSync(new URL('./__generated__/omnios_wasm_bg.wasm', import.meta.url));
    const bridge = await HyperBridge.load({ wasm });
    expect(bridge.version()).toMatch(/^omnios-engine \d+\.\d+\.\d+/);
  });

  it('passes the source to the package and answers through it', async () => {
    const seen: unknown[] = [];
    const bridge = await HyperBridge.load({
      wasm: '/engine.wasm',
      pkg: fakePackage(async (source) => void seen.push(source)),
    });
    expect(seen).toEqual(['/engine.wasm']);
    expect(bridge.version()).toBe('fake 1.0.0');
  });

  it('wraps a failed load in BridgeLoadError naming the source', async () => {
    const load = HyperBridge.load({
      wasm: '/missing.wasm',
      pkg: fakePackage(() => Promise.reject(new TypeError('expected magic word 00 61 73 6d'))),
    });
    await expect(load).rejects.toBeInstanceOf(BridgeLoadError);
    await expect(load).rejects.toThrow(/\/missing\.wasm: TypeError: expected magic word/);
  });
});
