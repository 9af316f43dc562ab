// An image whose source is an asset of the library (`asset:<sha256>`): its placeholder at once
// (the small data URL the document carries), then an object URL of the stored blob that fits
// its rendered width at this zoom — like `srcset` — released when the element goes or needs
// another size. A blob this browser does not have keeps the placeholder (data-asset-state).
import { useEffect, useState } from 'react';
import { chooseBlob } from '../assets/assetUrls';
import { useAssetServices } from '../assets/assetServices';
import type { ElementId } from '../bridge/types';
import { useProjectStore } from '../store/projectStore';

export type AssetImageState = 'placeholder' | 'loaded' | 'missing';

export function AssetImage({
  id,
  assetId,
  className,
  alt,
  fallback,
}: {
  readonly id: ElementId;
  readonly assetId: string;
  readonly className: string;
  readonly alt: string;
  /** Shown when the library has no such asset. */
  readonly fallback: string;
}) {
  const { urls } = useAssetServices();
  const asset = useProjectStore((s) => s.assets.get(assetId));
  const blob = useProjectStore((s) => {
    const a = s.assets.get(assetId);
    if (a === undefined) return undefined;
    const width = s.boxes.get(id)?.width ?? a.width ?? 0;
    return chooseBlob(a, width, s.viewport.zoom, window.devicePixelRatio || 1);
  });
  const mime = asset?.mime;
  const [shown, setShown] = useState<{ blob: string; url: string } | { blob: string; url: undefined } | null>(null);

  useEffect(() => {
    if (blob === undefined) return;
    let current = true;
    // Variants are WebP; the original has the type the pipeline read from its bytes.
    const held = urls.acquire(blob, blob === assetId ? mime : 'image/webp');
    void held.url.then((url) => {
      if (current) setShown({ blob, url });
    });
    return () => {
      current = false;
      // The previous picture stays on screen until the next one is ready; its URL is kept a
      // moment by AssetUrls, so letting go here does not blank it.
      held.release();
    };
  }, [urls, blob, assetId, mime]);

  const placeholder = asset?.placeholder?.startsWith('data:') === true ? asset.placeholder : fallback;
  const state: AssetImageState = shown?.url !== undefined ? 'loaded' : shown?.blob === blob && blob !== undefined ? 'missing' : 'placeholder';
  return (
    <img
      className={className}
      data-omnios-id={id}
      data-asset-state={state}
      src={shown?.url ?? placeholder}
      alt={alt !== '' ? alt : (asset?.alt ?? '')}
      draggable={false}
    />
  );
}
