import { describe, expect, it } from 'vitest';
import { BlobHashMismatch, BlobStore, type BlobBackend } from './blobStore';
import { sha256Hex } from './sha256';

/** Bytes in a Map: the store's rules (hashing, verifying, collecting) without a browser. */
function memoryBackend(now: () => number = Date.now): BlobBackend & { readonly data: Map<string, Uint8Array> } {
  const data = new Map<string, Uint8Array>();
  const written = new Map<string, number>();
  return {
    kind: 'memory',
    data,
    read: async (key) => data.get(key),
    write: async (key, bytes) => {
      data.set(key, bytes.slice());
      written.set(key, now());
    },
    remove: async (key) => void data.delete(key),
    keys: async () => [...data.keys()],
    modified: async (key) => (data.has(key) ? written.get(key) : undefined),
  };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('BlobStore', () => {
  it('stores bytes under their SHA-256 and gives them back', async () => {
    const store = new BlobStore(memoryBackend());
    const sha = await store.put(bytes('hello'));
    expect(sha).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(new TextDecoder().decode(await store.get(sha))).toBe('hello');
    expect(await store.has(sha)).toBe(true);
  });

  it('refuses bytes that do not match the hash they were announced with, storing nothing', async () => {
    const backend = memoryBackend();
    const store = new BlobStore(backend);
    const expected = await sha256Hex(bytes('the real picture'));
    await expect(store.put(bytes('something else'), expected)).rejects.toBeInstanceOf(BlobHashMismatch);
    expect(backend.data.size).toBe(0);
  });

  it('treats a blob whose bytes were damaged as missing and drops it', async () => {
    const backend = memoryBackend();
    const store = new BlobStore(backend);
    const sha = await store.put(bytes('picture'));
    backend.data.set(sha, bytes('pictur3'));
    expect(await store.get(sha)).toBeUndefined();
    expect(backend.data.has(sha)).toBe(false);
  });

  it('collects only the blobs nothing keeps', async () => {
    const store = new BlobStore(memoryBackend());
    const kept = await store.put(bytes('used by a saved version'));
    const loose = await store.put(bytes('used by nothing'));
    expect(await store.collectGarbage(new Set([kept]))).toEqual([loose]);
    expect(await store.keys()).toEqual([kept]);
  });

  it('keeps unreferenced blobs written within the grace period (a tab may not have saved yet)', async () => {
    let clock = 1000;
    const store = new BlobStore(memoryBackend(() => clock));
    const old = await store.put(bytes('added last week, never saved'));
    clock = 5000;
    const recent = await store.put(bytes('added a moment ago'));
    expect(await store.collectGarbage(new Set(), 3000)).toEqual([old]);
    expect(await store.keys()).toEqual([recent]);
  });

  it('answers nothing for keys that are not SHA-256 hex (no path tricks)', async () => {
    const store = new BlobStore(memoryBackend());
    expect(await store.get('../omnios')).toBeUndefined();
    expect(await store.has('ABC')).toBe(false);
  });
});
