// The compaction worker (compaction.ts): merges a saved snapshot and its update log into one
// encoded document with an engine of its own, off the editor's thread.
import { HyperBridge } from '../bridge/HyperBridge';

interface MergeRequest {
  readonly id: number;
  readonly snapshot: Uint8Array;
  readonly updates: readonly Uint8Array[];
}

const bridge = HyperBridge.load();

self.onmessage = async (event: MessageEvent<MergeRequest>) => {
  const { id, snapshot, updates } = event.data;
  try {
    const merged = (await bridge).mergeDoc(snapshot, updates);
    self.postMessage({ id, merged }, { transfer: [merged.buffer] });
  } catch (error) {
    self.postMessage({ id, error: String(error) });
  }
};
