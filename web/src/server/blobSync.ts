// The bytes of a server project's assets travel with it. The document carries only an asset's
// metadata and hash; the bytes stay in each browser's blob store. So while a server project is
// open, every blob the document needs (`referencedBlobs`: originals, variants, placeholders) is
// made present on both sides: what this browser has and the server lacks is uploaded (an editor
// only), what this browser lacks is downloaded, checked against its hash and kept, and the
// canvas is told it arrived. A blob that is on neither side yet (a collaborator's upload still
// under way, or the server unreachable) is tried again, sooner first, for as long as the
// project is open.
import type { BlobStore } from '../assets/blobStore';
import type { ProjectBlobsApi } from './blobs';
import type { ProjectStoreApi } from '../store/projectStore';

/** Waits between passes while some blob is still missing: sooner first, then every 30 s. */
export const RETRY_MS: readonly number[] = [500, 1000, 2000, 4000, 8000, 15000, 30000];

export interface BlobSyncOptions {
  /** A change of its asset library starts a pass. */
  readonly store: Pick<ProjectStoreApi, 'subscribe' | 'getState'>;
  /** Every blob the document needs now (`HyperBridge.referencedBlobs`). */
  readonly neededBlobs: () => readonly string[];
  readonly blobs: () => Promise<BlobStore>;
  readonly server: Pick<ProjectBlobsApi, 'list' | 'upload' | 'download'>;
  /** Whether this user may upload (a viewer may not). */
  readonly canWrite: boolean;
  /** A blob this browser lacked is now in its store. */
  readonly onArrived: (sha: string) => void;
  readonly retryMs?: readonly number[];
}

export interface BlobSync {
  /** Resolves when no pass is running or scheduled (tests). */
  idle(): Promise<void>;
  /** Blobs neither side had at the last pass. */
  readonly missing: ReadonlySet<string>;
  /** Stops passing; a pass under way finishes its current blob. */
  dispose(): void;
}

export function syncProjectBlobs(options: BlobSyncOptions): BlobSync {
  const retryMs = options.retryMs ?? RETRY_MS;
  /** Known to be in this browser's store (checked once: blobs are never overwritten). */
  const here = new Set<string>();
  /** Known to be held by the project on the server; null until listed. */
  let there: Set<string> | null = null;
  const missing = new Set<string>();
  let disposed = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let waiters: (() => void)[] = [];

  const settleIfIdle = (): void => {
    if (running !== null || timer !== undefined) return;
    const done = waiters;
    waiters = [];
    for (const w of done) w();
  };

  const pass = async (): Promise<boolean> => {
    const store = await options.blobs();
    there ??= await options.server.list();
    const held = there;
    missing.clear();
    for (const sha of options.neededBlobs()) {
      if (disposed) return true;
      if (!here.has(sha) && (await store.has(sha))) here.add(sha);
      if (here.has(sha)) {
        if (options.canWrite && !held.has(sha)) {
          const bytes = await store.get(sha);
          if (bytes === undefined) {
            here.delete(sha);
            continue;
          }
          await options.server.upload(sha, bytes);
          held.add(sha);
        }
        continue;
      }
      // Not listed yet: asked again at the next pass (no request that would only answer 404).
      const bytes = held.has(sha) ? await options.server.download(sha) : undefined;
      if (bytes === undefined) {
        missing.add(sha);
        continue;
      }
      // Refuses bytes that do not hash to their name (BlobHashMismatch): nothing is kept.
      await store.put(bytes, sha);
      here.add(sha);
      held.add(sha);
      options.onArrived(sha);
    }
    return missing.size === 0;
  };

  const start = (): void => {
    if (disposed) return;
    if (running !== null) {
      again = true;
      return;
    }
    clearTimeout(timer);
    timer = undefined;
    running = pass()
      .catch(() => false)
      .then((complete) => {
        running = null;
        if (disposed) return settleIfIdle();
        if (again) {
          again = false;
          attempt = 0;
          return start();
        }
        if (complete) {
          attempt = 0;
          return settleIfIdle();
        }
        // The server is unreachable or a blob is on neither side yet: list again next time.
        there = null;
        const wait = retryMs[Math.min(attempt, retryMs.length - 1)] ?? 30000;
        attempt += 1;
        timer = setTimeout(() => {
          timer = undefined;
          start();
        }, wait);
      });
  };

  const unsubscribe = options.store.subscribe((state, previous) => {
    if (state.assets !== previous.assets) start();
  });
  start();

  return {
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settleIfIdle();
      }),
    get missing() {
      return missing;
    },
    dispose() {
      disposed = true;
      unsubscribe();
      clearTimeout(timer);
      timer = undefined;
      settleIfIdle();
    },
  };
}
