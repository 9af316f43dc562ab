// One sample of `wasm engine instantiate`: a fresh realm, so HyperBridge.load() really loads.
import { HyperBridge } from '../../bridge/HyperBridge';

export type InstantiateReport =
  | { readonly ok: true; readonly ms: number; readonly version: string }
  | { readonly ok: false; readonly error: string };

const report = (message: InstantiateReport): void => globalThis.postMessage(message);

const start = performance.now();
HyperBridge.load().then(
  (bridge) => {
    const ms = performance.now() - start;
    report({ ok: true, ms, version: bridge.version() });
  },
  (error: unknown) => report({ ok: false, error: String(error) }),
);
