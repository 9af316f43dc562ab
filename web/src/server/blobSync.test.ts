import { describe, expect, it } from 'vitest';
import { BlobStore, type BlobBackend } from '../assets/blobStore';
import { sha256Hex } from '../assets/sha256';
import { syncProjectBlobs, type BlobSyncOptions } from './blobSync';

function memoryStore(): BlobStore & { readonly data: Map<string, Uint8Array> } {
  const data = new Map<string, Uint8Array>();
  const backend: BlobBackend = {
    kind: 'memory',
    read: async (key) => data.get(key),
    write: async (key, bytes) => void data.set(key, bytes.slice()),
    remove: async (key) => void data.delete(key),
    keys: async () => [...data.keys()],
    modified: async (key) => (data.has(key) ? 0 : undefined),
  };
  return Object.assign(new BlobStore(backend), { data });
}

/** The project's blobs on a pretend server: a Map, with what each call did. */
function server(held: Map<string, Uint8Array> = new Map()) {
  const calls: string[] = [];
  return {
    held,
    calls,
    list: async () => {
      calls.push('list');
      return new Set(held.keys());
    },
    upload: async (sha: string, bytes: Uint8Array) => {
      calls.push(`upload ${sha.slice(0, 6)}`);
      held.set(sha, bytes.slice());
    },
    download: async (sha: string) => {
      calls.push(`download ${sha.slice(0, 6)}`);
      return held.get(sha)?.slice();
    },
  } satisfies BlobSyncOptions['server'] & { held: Map<string, Uint8Array>; calls: string[] };
}

/** A store whose asset library can be changed by hand (a new object starts a pass). */
function library() {
  type State = { assets: ReadonlyMap<string, unknown> };
  let state: State = { assets: new Map() };
  const listeners = new Set<(s: State, p: State) => void>();
  return {
    getState: () => state,
    subscribe: (listener: (s: State, p: State) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    change() {
      const previous = state;
      state = { assets: new Map() };
      for (const l of listeners) l(state, previous);
    },
  };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A sync of `local` with the pretend server: an editor, a library nobody changes, unless told. */
function start(local: BlobStore, options: Pick<BlobSyncOptions, 'neededBlobs' | 'server'> & Partial<BlobSyncOptions>) {
  return syncProjectBlobs({
    store: library() as unknown as BlobSyncOptions['store'],
    blobs: async () => local,
    canWrite: true,
    onArrived: () => {},
    ...options,
  });
}

describe('syncProjectBlobs', () => {
  it("uploads what this browser has and the server lacks, and downloads what it lacks", async () => {
    const mine = bytes('my photo');
    const theirs = bytes('their photo');
    const [mineSha, theirsSha] = [await sha256Hex(mine), await sha256Hex(theirs)];
    const local = memoryStore();
    await local.put(mine);
    const remote = server(new Map([[theirsSha, theirs]]));
    const arrived: string[] = [];
    const sync = start(local, {
      neededBlobs: () => [mineSha, theirsSha],
      server: remote,
      onArrived: (sha) => arrived.push(sha),
    });
    await sync.idle();
    expect(remote.held.get(mineSha)).toEqual(mine);
    expect(await local.get(theirsSha)).toEqual(theirs);
    expect(arrived).toEqual([theirsSha]);
    expect(sync.missing.size).toBe(0);
    sync.dispose();
  });

  it('tries again until a collaborator’s upload is there, then the canvas is told', async () => {
    const photo = bytes('uploading');
    const sha = await sha256Hex(photo);
    const local = memoryStore();
    const remote = server();
    const arrived: string[] = [];
    const sync = start(local, {
      neededBlobs: () => [sha],
      server: remote,
      onArrived: (s) => arrived.push(s),
      retryMs: [5],
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(arrived).toEqual([]);
    expect(sync.missing.has(sha)).toBe(true);
    remote.held.set(sha, photo);
    await sync.idle();
    expect(arrived).toEqual([sha]);
    expect(await local.get(sha)).toEqual(photo);
    sync.dispose();
  });

  it('a viewer downloads but never uploads', async () => {
    const mine = bytes('a viewer’s own copy');
    const sha = await sha256Hex(mine);
    const local = memoryStore();
    await local.put(mine);
    const remote = server();
    const sync = start(local, {
      neededBlobs: () => [sha],
      server: remote,
      canWrite: false,
    });
    await sync.idle();
    expect(remote.held.size).toBe(0);
    expect(remote.calls.some((c) => c.startsWith('upload'))).toBe(false);
    sync.dispose();
  });

  it('keeps nothing the server sends under another hash', async () => {
    const sha = await sha256Hex(bytes('the real photo'));
    const local = memoryStore();
    const remote = server(new Map([[sha, bytes('something else')]]));
    const arrived: string[] = [];
    const sync = start(local, {
      neededBlobs: () => [sha],
      server: remote,
      onArrived: (s) => arrived.push(s),
      retryMs: [60_000],
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(local.data.size).toBe(0);
    expect(arrived).toEqual([]);
    sync.dispose();
  });

  it('a change of the library starts a pass for the new blob; known blobs are not asked again', async () => {
    const first = bytes('first');
    const second = bytes('second');
    const [firstSha, secondSha] = [await sha256Hex(first), await sha256Hex(second)];
    const local = memoryStore();
    await local.put(first);
    const remote = server();
    const lib = library();
    const needed = [firstSha];
    const sync = start(local, {
      store: lib as unknown as BlobSyncOptions['store'],
      neededBlobs: () => needed,
      server: remote,
    });
    await sync.idle();
    await local.put(second);
    needed.push(secondSha);
    lib.change();
    await sync.idle();
    expect([...remote.held.keys()].sort()).toEqual([firstSha, secondSha].sort());
    expect(remote.calls.filter((c) => c === `upload ${firstSha.slice(0, 6)}`)).toHaveLength(1);
    sync.dispose();
  });
});
