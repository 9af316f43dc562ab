// A stored blob as an object URL for as long as a component shows it (AssetUrls shares and
// revokes it). Until the URL is ready the previous one stays, so switching variants never blanks.
// A blob that was missing and arrives later (AssetUrls.arrived) is shown then.
import { useEffect, useState } from 'react';
import { useAssetServices } from './assetServices';

export interface BlobUrl {
  /** The URL of the blob asked for (or of the one before it, while the new one loads). */
  readonly url: string | undefined;
  /** The store has no such blob (another browser's project, or it was damaged). */
  readonly missing: boolean;
}

export function useBlobUrl(sha: string | undefined, mime: string | undefined): BlobUrl {
  const { urls } = useAssetServices();
  const [shown, setShown] = useState<{ sha: string; url: string | undefined } | null>(null);
  // Bumped when the blob arrives after it was missing (a collaborator's upload): ask again.
  const [arrivals, setArrivals] = useState(0);
  useEffect(() => {
    if (sha === undefined) return;
    return urls.onArrival((arrived) => {
      if (arrived === sha) setArrivals((n) => n + 1);
    });
  }, [urls, sha]);
  useEffect(() => {
    if (sha === undefined) return;
    let current = true;
    const held = urls.acquire(sha, mime);
    void held.url.then((url) => {
      if (current) setShown((previous) => (url === undefined && previous?.url !== undefined ? { sha, url: previous.url } : { sha, url }));
    });
    return () => {
      current = false;
      held.release();
    };
  }, [urls, sha, mime, arrivals]);
  if (sha === undefined) return { url: undefined, missing: false };
  return { url: shown?.url, missing: shown !== null && shown.sha === sha && shown.url === undefined };
}
