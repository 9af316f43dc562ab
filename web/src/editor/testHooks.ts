// `window.omnios`: what the end-to-end tests read (the bridge, the store, the raw engine) and the
// things they may ask for (`simulateStall`, for the recovery test; `media`, the media worker's client). Development builds and
// pages opened with `?test=1` only.
import type { HyperBridge, RawEngine } from '../bridge/HyperBridge';
import type { ProjectStoreApi } from '../store/projectStore';
import type { AssetServices } from '../assets/assetServices';
import type { BlobStore } from '../assets/blobStore';
import type { MediaClient } from '../assets/mediaClient';
import type { LiveSession } from '../collab/live';

export interface OmniosTestHooks {
  readonly bridge: HyperBridge;
  readonly store: ProjectStoreApi;
  readonly engine: RawEngine;
  /** The next engine call busy-waits `ms` first (recovery tests). */
  readonly simulateStall: (ms: number) => void;
  /** The media pipeline's client, loaded (with its worker) on first call, as adding a file does. */
  readonly media: () => Promise<MediaClient>;
  /** The browser's blob store of asset bytes (tests read it: what is stored, and its hashes). */
  readonly blobs: () => Promise<BlobStore>;
  /** The live room the project is joined to (`?live=`), or null. */
  readonly live: LiveSession | null;
}

declare global {
  interface Window {
    /** Development and test builds only (`?test=1`): the bridge, the store and the raw engine. */
    omnios?: OmniosTestHooks;
  }
}

/** Whether to expose `window.omnios`: a dev server, or a page opened with `?test=1`. */
export function exposeForTests(search: string = window.location.search, dev: boolean = import.meta.env.DEV): boolean {
  return dev || new URLSearchParams(search).has('test');
}

/** Sets `window.omnios`; returns a function that removes it again (if it is still these hooks). */
export function installTestHooks(
  bridge: HyperBridge,
  store: ProjectStoreApi,
  assets?: AssetServices,
  live: LiveSession | null = null,
): () => void {
  const hooks: OmniosTestHooks = {
    bridge,
    store,
    engine: bridge.engine(),
    simulateStall: (ms) => bridge.simulateStall(ms),
    media: async () => {
      const { MediaClient: Client } = await import('../assets/mediaClient');
      return new Client();
    },
    blobs: async () => {
      if (assets !== undefined) return assets.blobs();
      const { openBlobStore } = await import('../assets/blobStore');
      return openBlobStore();
    },
    live,
  };
  window.omnios = hooks;
  return () => {
    if (window.omnios === hooks) delete window.omnios;
  };
}
