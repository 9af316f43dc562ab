// The browser's blob store: the bytes of assets (originals, variants) under the SHA-256 of the
// bytes, surviving reloads and working offline. Kept in the origin-private file system (OPFS)
// where the browser has it, else in IndexedDB. Content-addressed, so one copy serves every
// project of this browser.
//
// Nothing is ever half-stored: OPFS writes go through a writable stream, which the browser
// writes to a swap file and swaps in only on close(); IndexedDB writes are one transaction. A
// read hashes the bytes again and treats a blob whose bytes do not match its name as missing
// (and drops it), so a damaged blob never reaches the canvas, a backup or an export.
import { isSha256Hex, sha256Hex } from './sha256';

/** Where the bytes live; each call is atomic on its own. */
export interface BlobBackend {
  /** `opfs`, `indexeddb`, or a test's name. */
  readonly kind: string;
  read(key: string): Promise<Uint8Array | undefined>;
  write(key: string, bytes: Uint8Array): Promise<void>;
  remove(key: string): Promise<void>;
  keys(): Promise<string[]>;
  /** When the blob was written (ms since the epoch), undefined if absent. */
  modified(key: string): Promise<number | undefined>;
}

/** A blob's bytes did not match the hash they were to be stored under; nothing was stored. */
export class BlobHashMismatch extends Error {
  override readonly name = 'BlobHashMismatch';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`the bytes hash to ${actual.slice(0, 12)}…, not ${expected.slice(0, 12)}…`);
  }
}

/** The store the editor uses: put returns the key; get verifies before it returns. */
export class BlobStore {
  constructor(readonly backend: BlobBackend) {}

  /** Stores `bytes` (if not there yet) and returns their SHA-256. With `expected`, refuses
   *  bytes that hash to something else (`BlobHashMismatch`) and stores nothing. */
  async put(bytes: Uint8Array, expected?: string): Promise<string> {
    const sha = await sha256Hex(bytes);
    if (expected !== undefined && expected !== sha) throw new BlobHashMismatch(expected, sha);
    if (!(await this.has(sha))) await this.backend.write(sha, bytes);
    return sha;
  }

  /** The bytes stored under `sha`, or undefined if there are none or they do not match it. */
  async get(sha: string): Promise<Uint8Array | undefined> {
    if (!isSha256Hex(sha)) return undefined;
    const bytes = await this.backend.read(sha);
    if (bytes === undefined) return undefined;
    if ((await sha256Hex(bytes)) !== sha) {
      await this.backend.remove(sha);
      return undefined;
    }
    return bytes;
  }

  async has(sha: string): Promise<boolean> {
    return isSha256Hex(sha) && (await this.backend.read(sha)) !== undefined;
  }

  async delete(sha: string): Promise<void> {
    if (isSha256Hex(sha)) await this.backend.remove(sha);
  }

  /** Every key stored. */
  async keys(): Promise<string[]> {
    return (await this.backend.keys()).filter(isSha256Hex).sort();
  }

  /**
   * Removes every blob not in `keep` (what the projects and their saved versions reference)
   * and written before `writtenBefore` (ms since the epoch; default: any time) — a grace period
   * for a file an open tab added but has not saved yet. Returns the keys removed.
   */
  async collectGarbage(keep: ReadonlySet<string>, writtenBefore = Number.POSITIVE_INFINITY): Promise<string[]> {
    const removed: string[] = [];
    for (const key of await this.keys()) {
      if (keep.has(key)) continue;
      const written = await this.backend.modified(key);
      if (written === undefined || written >= writtenBefore) continue;
      await this.backend.remove(key);
      removed.push(key);
    }
    return removed;
  }
}

// ---- OPFS -------------------------------------------------------------------------------------

const OPFS_FOLDER = 'omnios-blobs';

interface WritableHandle {
  createWritable(): Promise<{ write(data: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>;
}

class OpfsBackend implements BlobBackend {
  readonly kind = 'opfs';
  constructor(private readonly dir: FileSystemDirectoryHandle) {}

  async read(key: string): Promise<Uint8Array | undefined> {
    try {
      const file = await (await this.dir.getFileHandle(key)).getFile();
      return new Uint8Array(await file.arrayBuffer());
    } catch (error) {
      if (error instanceof DOMException && error.name === 'NotFoundError') return undefined;
      throw error;
    }
  }

  async write(key: string, bytes: Uint8Array): Promise<void> {
    const handle = (await this.dir.getFileHandle(key, { create: true })) as unknown as WritableHandle;
    const stream = await handle.createWritable();
    try {
      await stream.write(bytes);
      await stream.close();
    } catch (error) {
      await stream.abort().catch(() => {});
      // The handle was created empty; do not leave it behind.
      await this.remove(key).catch(() => {});
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await this.dir.removeEntry(key);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'NotFoundError')) throw error;
    }
  }

  async modified(key: string): Promise<number | undefined> {
    try {
      return (await (await this.dir.getFileHandle(key)).getFile()).lastModified;
    } catch {
      return undefined;
    }
  }

  async keys(): Promise<string[]> {
    const names: string[] = [];
    const entries = this.dir as unknown as { keys(): AsyncIterable<string> };
    for await (const name of entries.keys()) names.push(name);
    return names;
  }
}

// ---- IndexedDB ----------------------------------------------------------------------------------

const IDB_NAME = 'omnios-blobs';
const IDB_STORE = 'blobs';

const request = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });

class IndexedDbBackend implements BlobBackend {
  readonly kind = 'indexeddb';
  constructor(private readonly db: IDBDatabase) {}

  static async open(): Promise<IndexedDbBackend> {
    const open = indexedDB.open(IDB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(IDB_STORE);
    return new IndexedDbBackend(await request(open));
  }

  async #run<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const tx = this.db.transaction(IDB_STORE, mode, { durability: 'strict' });
    const result = request(body(tx.objectStore(IDB_STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    const value = (await this.#run('readonly', (s) => s.get(key))) as Blob | undefined;
    return value === undefined ? undefined : new Uint8Array(await value.arrayBuffer());
  }

  async write(key: string, bytes: Uint8Array): Promise<void> {
    // A File, so the record keeps when it was written (for the garbage collector's grace period).
    await this.#run('readwrite', (s) => s.put(new File([bytes as Uint8Array<ArrayBuffer>], key), key));
  }

  async remove(key: string): Promise<void> {
    await this.#run('readwrite', (s) => s.delete(key));
  }

  async keys(): Promise<string[]> {
    return (await this.#run('readonly', (s) => s.getAllKeys())).map(String);
  }

  async modified(key: string): Promise<number | undefined> {
    const value = (await this.#run('readonly', (s) => s.get(key))) as File | undefined;
    return value?.lastModified;
  }
}

/** Whether OPFS works here (it needs a secure context and writable streams). */
async function opfsFolder(): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    if (typeof navigator.storage?.getDirectory !== 'function') return undefined;
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle(OPFS_FOLDER, { create: true });
    const probe = (await dir.getFileHandle('.probe', { create: true })) as unknown as Partial<WritableHandle>;
    if (typeof probe.createWritable !== 'function') return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

let shared: Promise<BlobStore> | undefined;

/** This browser's blob store (OPFS, else IndexedDB); one per page, opened on first use.
 *  `prefer: 'indexeddb'` skips OPFS (tests of the fallback). */
export function openBlobStore(prefer?: 'indexeddb'): Promise<BlobStore> {
  if (prefer === 'indexeddb') return IndexedDbBackend.open().then((b) => new BlobStore(b));
  shared ??= (async () => {
    const dir = await opfsFolder();
    return new BlobStore(dir !== undefined ? new OpfsBackend(dir) : await IndexedDbBackend.open());
  })().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}
