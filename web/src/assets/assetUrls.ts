// Object URLs for stored blobs, shared and counted: the canvas asks for the blob an image
// needs at its rendered size, gets one URL however many elements show it, and the URL is
// revoked once nothing shows it any more.
import type { Asset } from '../bridge/types';
import type { BlobStore } from './blobStore';

/** `asset:<sha256>` → the sha, else undefined. */
export function assetIdOf(source: unknown): string | undefined {
  if (typeof source !== 'string') return undefined;
  const match = /^asset:([0-9a-f]{64})$/.exec(source);
  return match?.[1];
}

/**
 * Which blob to show for an asset drawn `cssWidth` px wide at `zoom` on a `pixelRatio` screen,
 * like `srcset`: the narrowest variant at least that many device pixels wide, else the widest
 * variant if it is the full size, else the original.
 */
export function chooseBlob(
  asset: Pick<Asset, 'id' | 'width' | 'variants'>,
  cssWidth: number,
  zoom = 1,
  pixelRatio = 1,
): string {
  const variants = [...(asset.variants ?? [])].sort((a, b) => a.width - b.width);
  const needed = Math.max(1, cssWidth) * zoom * pixelRatio;
  const fits = variants.find((v) => v.width >= needed);
  if (fits !== undefined) return fits.hash;
  const widest = variants.at(-1);
  if (widest !== undefined && (asset.width === undefined || widest.width >= asset.width)) return widest.hash;
  return asset.id;
}

interface Entry {
  users: number;
  url: Promise<string | undefined>;
  revokeTimer: ReturnType<typeof setTimeout> | undefined;
}

/** How long an unused URL is kept, so a re-render that lets go and asks again reuses it. */
const REVOKE_AFTER_MS = 2000;

export class AssetUrls {
  readonly #entries = new Map<string, Entry>();
  readonly #arrivals = new Set<(sha: string) => void>();

  constructor(
    private readonly blobs: () => Promise<BlobStore>,
    private readonly mimeOf: (sha: string) => string | undefined = () => undefined,
  ) {}

  /** A URL for the blob (undefined if the store does not have it); call `release` when done. */
  acquire(sha: string, mime?: string): { readonly url: Promise<string | undefined>; release(): void } {
    let entry = this.#entries.get(sha);
    if (entry === undefined) {
      entry = { users: 0, url: this.#load(sha, mime), revokeTimer: undefined };
      this.#entries.set(sha, entry);
    }
    clearTimeout(entry.revokeTimer);
    entry.revokeTimer = undefined;
    entry.users += 1;
    const held = entry;
    let released = false;
    return {
      url: held.url,
      release: () => {
        if (released) return;
        released = true;
        held.users -= 1;
        if (held.users > 0) return;
        held.revokeTimer = setTimeout(() => this.#revoke(sha, held), REVOKE_AFTER_MS);
      },
    };
  }

  /**
   * The blob `sha` is in the store now (a collaborator's upload, downloaded): a URL that was
   * asked for while it was missing is made again, and whoever shows it is told to ask again.
   */
  arrived(sha: string): void {
    const entry = this.#entries.get(sha);
    if (entry !== undefined) {
      void entry.url.then((url) => {
        if (url !== undefined || this.#entries.get(sha) !== entry) return;
        this.#revoke(sha, entry);
        for (const listener of this.#arrivals) listener(sha);
      });
    } else {
      for (const listener of this.#arrivals) listener(sha);
    }
  }

  /** Calls `listener` with each blob that `arrived`; returns the unsubscribe. */
  onArrival(listener: (sha: string) => void): () => void {
    this.#arrivals.add(listener);
    return () => this.#arrivals.delete(listener);
  }

  /** URLs alive now (tests and the leak check). */
  liveCount(): number {
    return this.#entries.size;
  }

  /** Revokes every URL. */
  dispose(): void {
    for (const [sha, entry] of this.#entries) this.#revoke(sha, entry);
  }

  async #load(sha: string, mime: string | undefined): Promise<string | undefined> {
    const bytes = await (await this.blobs()).get(sha);
    if (bytes === undefined) return undefined;
    const type = mime ?? this.mimeOf(sha) ?? '';
    return URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  }

  #revoke(sha: string, entry: Entry): void {
    clearTimeout(entry.revokeTimer);
    if (this.#entries.get(sha) === entry) this.#entries.delete(sha);
    void entry.url.then((url) => url !== undefined && URL.revokeObjectURL(url));
  }
}
