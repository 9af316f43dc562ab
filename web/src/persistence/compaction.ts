// Compaction: a project's update log (one entry per save) folded into a new snapshot now and
// then, in the background. The merge runs in a worker (compactWorker.ts) with its own engine, so
// the editor's thread only passes bytes along; the database replaces the snapshot only if no
// other tab compacted it meanwhile, and keeps the updates saved while the merge ran.
import type { LocalProjects, LogSize } from './localProjects';

/** Merges a snapshot and the updates after it into one encoded document. */
export type MergeDoc = (snapshot: Uint8Array, updates: readonly Uint8Array[]) => Promise<Uint8Array>;

/** A log this long (entries or bytes) is folded into the snapshot after the save that made it. */
export const COMPACT_AFTER: LogSize = { updates: 64, bytes: 1024 * 1024 };

export function compactionDue(log: LogSize, limit: LogSize = COMPACT_AFTER): boolean {
  return log.updates >= limit.updates || log.bytes >= limit.bytes;
}

/**
 * Folds the project's log into its snapshot; returns the document as of the merge (the whole
 * saved document, e.g. for an automatic version).
 */
export async function compactProject(
  db: Pick<LocalProjects, 'loadDoc' | 'compact'>,
  projectId: string,
  merge: MergeDoc,
): Promise<Uint8Array> {
  const stored = await db.loadDoc(projectId);
  if (stored.updates.length === 0) return stored.snapshot;
  const merged = await merge(stored.snapshot, stored.updates);
  await db.compact(projectId, merged, stored.rev, stored.throughSeq);
  return merged;
}

interface MergeReply {
  readonly id: number;
  readonly merged?: Uint8Array;
  readonly error?: string;
}

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (merged: Uint8Array) => void; reject: (error: Error) => void }>();

/** Merges in this page's compaction worker (started on first use). */
export const mergeInWorker: MergeDoc = (snapshot, updates) => {
  worker ??= startWorker();
  const id = nextId++;
  const started = worker;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    started.postMessage({ id, snapshot, updates });
  });
};

function startWorker(): Worker {
  const w = new Worker(new URL('./compactWorker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (event: MessageEvent<MergeReply>) => {
    const { id, merged, error } = event.data;
    const pending = waiting.get(id);
    waiting.delete(id);
    if (merged !== undefined) pending?.resolve(merged);
    else pending?.reject(new Error(error ?? 'the compaction worker sent no document'));
  };
  w.onerror = (event) => {
    for (const pending of waiting.values()) pending.reject(new Error(`the compaction worker failed: ${event.message}`));
    waiting.clear();
    worker = undefined;
  };
  return w;
}
