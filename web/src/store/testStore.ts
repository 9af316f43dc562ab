// For unit tests on the real engine: the bridge loaded from the built WASM module (`make wasm`)
// and a fresh project in a store, its first frame pulled.
import { readFileSync } from 'node:fs';
import { HyperBridge } from '../bridge/HyperBridge';
import { pullFrame } from './frameLoop';
import { createProjectStore, type ProjectStoreApi } from './projectStore';

/** The engine, loaded from the built module. */
export async function loadTestBridge(): Promise<HyperBridge> {
  const wasm = readFileSync(new URL('../bridge/__generated__/omnios_wasm_bg.wasm', import.meta.url));
  return HyperBridge.load({ wasm });
}

/** A new project (ids from `seed`) in a new store; its active page's body. */
export function openTestStore(bridge: HyperBridge, seed: number): { api: ProjectStoreApi; body: string } {
  bridge.newProject(seed);
  const api = createProjectStore(bridge);
  pullFrame(api);
  const page = api.getState().pages.get(api.getState().activePage ?? '');
  if (page === undefined) throw new Error('no page');
  return { api, body: page.root };
}
