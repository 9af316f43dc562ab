// The frame tick: once per animation frame, pull the engine's deltas into the store and bring
// the engine's layout up to date (incrementally) for the overlays. Nothing polls on a timer.
import type { Deltas } from '../bridge/types';
import type { ProjectStoreApi } from './projectStore';

const isEmpty = (d: Deltas): boolean =>
  d.elements.length === 0 && d.removed.length === 0 && d.pages.length === 0 && d.removed_pages.length === 0;

export interface FrameLoopOptions {
  /** Called with each non-empty batch before the store sees it (the canvas style sheet). */
  readonly onDeltas?: (deltas: Deltas) => void;
  readonly requestFrame?: (callback: () => void) => number;
  readonly cancelFrame?: (handle: number) => void;
}

/** Pulls what changed into the store; returns whether anything did. Exported for tests. */
export function pullFrame(api: ProjectStoreApi, onDeltas?: (deltas: Deltas) => void): boolean {
  const state = api.getState();
  const bridge = state.bridge;
  if (!bridge.hasProject()) return false;
  const deltas = bridge.takeDeltas();
  const changed = !isEmpty(deltas);
  if (changed) {
    onDeltas?.(deltas);
    api.getState().applyDeltas(deltas);
  }
  if (changed || api.getState().boxes.size === 0) {
    const result = bridge.layout();
    let any = result.removed.length > 0;
    for (const _ in result.boxes) {
      any = true;
      break;
    }
    if (any) api.getState().applyBoxes(result.boxes, result.removed);
  }
  return changed;
}

/** Starts the tick; returns a function that stops it. */
export function startFrameLoop(api: ProjectStoreApi, options: FrameLoopOptions = {}): () => void {
  const request = options.requestFrame ?? ((cb) => requestAnimationFrame(cb));
  const cancel = options.cancelFrame ?? ((h) => cancelAnimationFrame(h));
  let handle = 0;
  let running = true;
  const tick = (): void => {
    if (!running) return;
    try {
      pullFrame(api, options.onDeltas);
    } finally {
      handle = request(tick);
    }
  };
  handle = request(tick);
  return () => {
    running = false;
    cancel(handle);
  };
}
