// One file into the library's form: its bytes checked by the media pipeline (type from the
// bytes, limits), raster images optimised into WebP variants and a placeholder, every blob put
// in the browser's blob store, and the asset record the engine's `add_asset` takes. A refused
// file throws the pipeline's `MediaError` before anything is stored.
import type { Asset, Variant } from '../bridge/types';
import type { BlobStore } from './blobStore';
import type { AssetInfo, MediaClient } from './mediaClient';

/** Where one file's import stands (the upload list shows it). */
export type ImportStage = 'reading' | 'checking' | 'optimising' | 'storing';

export interface ImportDeps {
  readonly media: () => Promise<MediaClient>;
  readonly blobs: () => Promise<BlobStore>;
}

/** The engine's limits on an asset's name (MAX_ASSET_NAME_CHARS). */
const MAX_NAME_CHARS = 256;
/** The engine's limit on a placeholder data URL (MAX_PLACEHOLDER_BYTES). */
const MAX_PLACEHOLDER_BYTES = 4 * 1024;
/** Raster kinds worth re-encoding as WebP variants; a GIF keeps its animation, an SVG its vectors. */
const OPTIMISED_KINDS: ReadonlySet<AssetInfo['kind']> = new Set(['png', 'jpeg', 'webp']);

/** A name the library accepts: no control characters, at most 256 characters, never empty. */
export function assetName(fileName: string, fallback = 'Untitled file'): string {
  const clean = fileName.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return [...(clean === '' ? fallback : clean)].slice(0, MAX_NAME_CHARS).join('');
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The placeholder as a data URL, if it fits the engine's limit. */
function placeholderUrl(bytes: ArrayBuffer, mime: string): string | undefined {
  const url = `data:${mime};base64,${base64(new Uint8Array(bytes))}`;
  return url.length <= MAX_PLACEHOLDER_BYTES ? url : undefined;
}

/** Imports one file; `onStage` hears each stage as it starts. Throws `MediaError` when the
 *  pipeline refuses the file (nothing is stored then). */
export async function importFile(
  file: Blob,
  fileName: string,
  deps: ImportDeps,
  onStage: (stage: ImportStage) => void = () => {},
): Promise<Asset> {
  onStage('reading');
  const original = new Uint8Array(await file.arrayBuffer());
  onStage('checking');
  const media = await deps.media();
  // The client transfers what it is given; keep `original` for the store.
  const info = await media.inspect(original.slice().buffer, fileName);
  const name = assetName(fileName);
  let stored = original;
  let variants: { bytes: ArrayBuffer; width: number; sha256: string }[] = [];
  let placeholder: string | undefined;
  let width = info.width ?? undefined;
  let height = info.height ?? undefined;
  if (info.kind === 'svg') {
    const clean = await media.sanitiseSvg(original.slice().buffer);
    stored = new TextEncoder().encode(clean.svg);
    width = clean.width ?? width;
    height = clean.height ?? height;
  } else if (OPTIMISED_KINDS.has(info.kind)) {
    onStage('optimising');
    const optimised = await media.optimise(original.slice().buffer, fileName);
    variants = optimised.variants.map((v) => ({ bytes: v.bytes, width: v.width, sha256: v.sha256 }));
    placeholder = placeholderUrl(optimised.placeholder.bytes, optimised.placeholder.mime);
    // The variants are upright (EXIF orientation applied): a photo taken sideways has its
    // width and height the other way round from what the file's header says.
    const widest = optimised.variants.at(-1);
    if (widest !== undefined && width !== undefined && height !== undefined && width !== height) {
      const portrait = widest.height > widest.width;
      if (portrait !== height > width) [width, height] = [height, width];
    }
  }
  onStage('storing');
  const blobs = await deps.blobs();
  const stored_variants: Variant[] = [];
  for (const v of variants) {
    await blobs.put(new Uint8Array(v.bytes), v.sha256);
    stored_variants.push({ width: v.width, hash: v.sha256 });
  }
  // The original last: once it is there, every blob the record names is.
  const id = info.kind === 'svg' ? await blobs.put(stored) : await blobs.put(stored, info.sha256);
  return {
    id,
    name,
    mime: info.mime,
    size: stored.byteLength,
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
    alt: '',
    variants: stored_variants,
    ...(placeholder !== undefined ? { placeholder } : {}),
  };
}
