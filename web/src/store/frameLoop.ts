// The frame tick: once per animation frame, pull the engine's deltas into the store and bring
// the engine's layout up to date (incrementally) for the overlays. Nothing polls on a timer.
import type { Deltas } from '../bridge/types';
import type { ProjectStoreApi } from './projectStore';

export interface FrameLoopOptions {
  /** Called with each non-empty batch before the store sees it (the canvas style sheet). */
  readonly onDeltas?: (deltas: Deltas) => void;
  readonly requestFrame?: (callback: () => void) => number;
  readonly cancelFrame?: (handle: number) => void;
  /** A frame whose work (pulling deltas, layout) takes longer than this is a stall… */
  readonly stallMs?: number;
  /** …reported here (the editor then recovers to the last good state). */
  readonly onStall?: (ms: number) => void;
  readonly now?: () => number;
}

/** Pulls what changed into the store; returns whether anything did. */
export function pullFrame(api: ProjectStoreApi): boolean {
  return api.getState().flush();
}

/** Starts the tick; returns a function that stops it. */
export function startFrameLoop(api: ProjectStoreApi, options: FrameLoopOptions = {}): () => void {
  const request = options.requestFrame ?? ((cb) => requestAnimationFrame(cb));
  const cancel = options.cancelFrame ?? ((h) => cancelAnimationFrame(h));
  api.getState().setDeltaSink(options.onDeltas ?? null);
  const now = options.now ?? (() => performance.now());
  const stallMs = options.stallMs ?? Number.POSITIVE_INFINITY;
  let handle = 0;
  let running = true;
  const tick = (): void => {
    if (!running) return;
    const started = now();
    try {
      api.getState().flush();
    } finally {
      const ms = now() - started;
      if (ms > stallMs && running) options.onStall?.(ms);
      if (running) handle = request(tick);
    }
  };
  handle = request(tick);
  return () => {
    running = false;
    cancel(handle);
    api.getState().setDeltaSink(null);
  };
}
