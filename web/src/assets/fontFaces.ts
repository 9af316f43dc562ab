// Font assets as faces the page can use: each font of the library is loaded from the blob
// store into `document.fonts` under a family named after the file ("Inter-Bold.woff2" →
// "Inter-Bold"), so typing that name in the Font field shows it on the canvas.
import type { BlobStore } from './blobStore';

/** The family a font asset is registered under. */
export function fontFamilyOf(name: string): string {
  const stem = name.replace(/\.(woff2|woff|ttf|otf)$/i, '').replace(/["\\]/g, '').trim();
  return stem === '' ? 'Font' : stem;
}

export interface FontAsset {
  readonly id: string;
  readonly name: string;
  readonly mime: string;
}

export class FontFaces {
  readonly #faces = new Map<string, FontFace>();
  /** One sync at a time, in order: the last library wins. */
  #chain: Promise<void> = Promise.resolve();

  constructor(private readonly blobs: () => Promise<BlobStore>) {}

  /** Adds the faces of new font assets and removes those of fonts no longer in the library. */
  sync(assets: Iterable<FontAsset>): Promise<void> {
    const list = [...assets];
    this.#chain = this.#chain.then(() => this.#sync(list)).catch(() => {});
    return this.#chain;
  }

  async #sync(assets: readonly FontAsset[]): Promise<void> {
    if (typeof FontFace === 'undefined') return;
    const wanted = new Map<string, FontAsset>();
    for (const a of assets) if (a.mime.startsWith('font/')) wanted.set(`${a.id}:${fontFamilyOf(a.name)}`, a);
    for (const [key, face] of this.#faces) {
      if (wanted.has(key)) continue;
      document.fonts.delete(face);
      this.#faces.delete(key);
    }
    for (const [key, asset] of wanted) {
      if (this.#faces.has(key)) continue;
      const bytes = await (await this.blobs()).get(asset.id);
      if (bytes === undefined) continue;
      const face = new FontFace(fontFamilyOf(asset.name), bytes as Uint8Array<ArrayBuffer>);
      this.#faces.set(key, face);
      try {
        await face.load();
        document.fonts.add(face);
      } catch {
        this.#faces.delete(key);
      }
    }
  }

  dispose(): void {
    for (const face of this.#faces.values()) document.fonts.delete(face);
    this.#faces.clear();
  }
}
