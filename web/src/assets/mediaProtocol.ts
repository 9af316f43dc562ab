// The messages between the editor and the media worker (mediaWorker.ts). Pictures cross as
// ArrayBuffers, transferred, never copied; metadata is the Rust crate's JSON (engine/media).

/** A kind of asset, recognised from the bytes (omnios_media::AssetKind). */
export type AssetKind = 'png' | 'jpeg' | 'webp' | 'gif' | 'svg' | 'woff2' | 'woff' | 'ttf' | 'otf' | 'mp4' | 'webm';

/** omnios_media::AssetInfo. */
export interface AssetInfo {
  readonly kind: AssetKind;
  readonly class: 'image' | 'font' | 'video';
  readonly mime: string;
  readonly byteLength: number;
  readonly width: number | null;
  readonly height: number | null;
  /** SHA-256 of the bytes, 64 lowercase hex digits. */
  readonly sha256: string;
}

/** One encoded picture (a WebP variant or the placeholder) with its bytes. */
export interface EncodedImage {
  readonly width: number;
  readonly height: number;
  readonly mime: string;
  readonly sha256: string;
  readonly bytes: ArrayBuffer;
}

export interface OptimisedImage {
  /** The original file (its hash is of the original bytes). */
  readonly source: AssetInfo;
  /** WebP variants, ascending by width. */
  readonly variants: readonly EncodedImage[];
  /** A tiny WebP (≤ 32 px wide) to show blurred while the variant loads. */
  readonly placeholder: EncodedImage;
}

export interface SanitisedSvg {
  readonly svg: string;
  /** What was removed, one line per kind, for telling the designer. */
  readonly removed: readonly string[];
  readonly width: number | null;
  readonly height: number | null;
}

/** omnios_media::MediaError::code. */
export type MediaErrorCode =
  | 'empty'
  | 'unrecognised'
  | 'unsupported-extension'
  | 'name-mismatch'
  | 'file-too-large'
  | 'image-too-large'
  | 'decode-too-large'
  | 'corrupt'
  | 'not-a-raster-image'
  | 'svg-not-xml'
  | 'svg-not-svg'
  | 'encode'
  /** The worker itself failed (the module did not load, or it crashed). */
  | 'worker';

export interface OptimiseSettings {
  /** WebP quality, 0–100. */
  readonly quality: number;
  /** Target widths; capped at the image's own width. */
  readonly widths: readonly number[];
}

export type MediaRequest =
  | { readonly id: number; readonly op: 'inspect'; readonly bytes: ArrayBuffer; readonly name: string }
  | { readonly id: number; readonly op: 'sanitiseSvg'; readonly bytes: ArrayBuffer }
  | {
      readonly id: number;
      readonly op: 'optimise';
      readonly bytes: ArrayBuffer;
      readonly name: string;
      readonly settings: OptimiseSettings;
    };

export type MediaResult = AssetInfo | SanitisedSvg | OptimisedImage;

export type MediaResponse =
  | { readonly id: number; readonly ok: true; readonly result: MediaResult }
  | { readonly id: number; readonly ok: false; readonly code: MediaErrorCode; readonly message: string };
