// An image whose source is an asset of the library (`asset:<sha256>`): its placeholder at once
// (the small data URL the document carries), then an object URL of the stored blob that fits
// its rendered width at this zoom — like `srcset` — released when the element goes or needs
// another size. A blob this browser does not have keeps the placeholder (data-asset-state).
// A video whose source is an asset plays the stored file.
import { chooseBlob } from '../assets/assetUrls';
import { useBlobUrl } from '../assets/useBlobUrl';
import type { ElementId } from '../bridge/types';
import { useProjectStore } from '../store/projectStore';

export type AssetImageState = 'placeholder' | 'loaded' | 'missing';

export function AssetImage({
  id,
  assetId,
  className,
  alt,
  fallback,
  anchor,
}: {
  readonly id: ElementId;
  readonly assetId: string;
  readonly className: string;
  readonly alt: string;
  /** Shown when the library has no such asset. */
  readonly fallback: string;
  /** The element's section anchor, its `id` as in the export. */
  readonly anchor?: string | undefined;
}) {
  const asset = useProjectStore((s) => s.assets.get(assetId));
  const blob = useProjectStore((s) => {
    const a = s.assets.get(assetId);
    if (a === undefined) return undefined;
    const width = s.boxes.get(id)?.width ?? a.width ?? 0;
    return chooseBlob(a, width, s.viewport.zoom, window.devicePixelRatio || 1);
  });
  // Variants are WebP; the original has the type the pipeline read from its bytes.
  const { url, missing } = useBlobUrl(blob, blob === assetId ? asset?.mime : 'image/webp');
  const placeholder = asset?.placeholder?.startsWith('data:') === true ? asset.placeholder : fallback;
  const state: AssetImageState = url !== undefined ? 'loaded' : missing ? 'missing' : 'placeholder';
  return (
    <img
      className={className}
      id={anchor}
      data-omnios-id={id}
      data-asset-state={state}
      src={url ?? placeholder}
      alt={alt !== '' ? alt : (asset?.alt ?? '')}
      draggable={false}
    />
  );
}

/** A video whose source is an asset: the stored file as an object URL, muted like any canvas video. */
export function AssetVideo({ id, assetId, className, anchor }: { readonly id: ElementId; readonly assetId: string; readonly className: string; readonly anchor?: string | undefined }) {
  const mime = useProjectStore((s) => s.assets.get(assetId)?.mime);
  const { url } = useBlobUrl(mime === undefined ? undefined : assetId, mime);
  return <video className={className} id={anchor} data-omnios-id={id} data-asset-state={url !== undefined ? 'loaded' : 'placeholder'} muted {...(url !== undefined ? { src: url } : {})} />;
}
