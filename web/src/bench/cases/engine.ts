import type { BenchCase } from '../runner';
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

export const engineCases: readonly BenchCase[] = [wasmEngineInstantiate];
