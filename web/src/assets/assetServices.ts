// What the canvas and the panels use to work with stored assets, made once per editor
// (editor/startEditor.ts) and handed down through React context: the blob store, the media
// pipeline's client (its worker starts on the first file), shared object URLs and the uploads.
import { createContext, useContext } from 'react';
import type { ProjectStoreApi } from '../store/projectStore';
import { AssetUrls } from './assetUrls';
import { openBlobStore, type BlobStore } from './blobStore';
import { FontFaces } from './fontFaces';
import type { MediaClient } from './mediaClient';
import { UploadQueue } from './uploads';

export interface AssetServices {
  readonly blobs: () => Promise<BlobStore>;
  readonly media: () => Promise<MediaClient>;
  readonly urls: AssetUrls;
  readonly uploads: UploadQueue;
  /** The library's fonts in `document.fonts`. */
  readonly fonts: FontFaces;
  /** Stops the media worker and revokes every object URL. */
  dispose(): void;
}

export function createAssetServices(api: ProjectStoreApi): AssetServices {
  let client: Promise<MediaClient> | undefined;
  const media = (): Promise<MediaClient> =>
    (client ??= import('./mediaClient').then(({ MediaClient }) => new MediaClient()));
  const blobs = (): Promise<BlobStore> => openBlobStore();
  const urls = new AssetUrls(blobs, (sha) => api.getState().assets.get(sha)?.mime);
  const uploads = new UploadQueue(api, { media, blobs });
  const fonts = new FontFaces(blobs);
  // Whenever the library changes, its fonts follow.
  const unsubscribe = api.subscribe((state, previous) => {
    if (state.assets !== previous.assets) void fonts.sync(state.assets.values());
  });
  void fonts.sync(api.getState().assets.values());
  return {
    blobs,
    media,
    urls,
    uploads,
    fonts,
    dispose() {
      unsubscribe();
      fonts.dispose();
      urls.dispose();
      void client?.then((c) => c.dispose());
    },
  };
}

export const AssetServicesContext = createContext<AssetServices | null>(null);

/** The editor's asset services; throws outside the editor (a wiring mistake). */
export function useAssetServices(): AssetServices {
  const services = useContext(AssetServicesContext);
  if (services === null) throw new Error('useAssetServices outside <AssetServicesContext.Provider>');
  return services;
}
