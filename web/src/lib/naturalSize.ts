// The natural size of an image at a URL, as the browser decodes it, so the document's
// width/height props — which the engine's layout and the export read — agree with what the
// canvas shows.

export interface NaturalSize {
  readonly width: number;
  readonly height: number;
}

/** The forms of source worth loading: http(s), site paths and inline images. Anything else
 *  (`javascript:`, `file:` …) is never fetched; the engine refuses it with its reason. */
const LOADABLE = /^(https?:\/\/|\/(?!\/)|assets\/|data:image\/)/i;

/** Loads `url` and resolves with its natural size, or `undefined` if it does not load in time
 *  (offline, not an image, or a server that never answers) or is not a loadable form. Never rejects. */
export function naturalSize(url: string, timeoutMs = 5000): Promise<NaturalSize | undefined> {
  if (!LOADABLE.test(url)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const img = new Image();
    const done = (size: NaturalSize | undefined): void => {
      clearTimeout(timer);
      img.onload = null;
      img.onerror = null;
      resolve(size);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    img.onload = () => done(img.naturalWidth > 0 && img.naturalHeight > 0 ? { width: img.naturalWidth, height: img.naturalHeight } : undefined);
    img.onerror = () => done(undefined);
    img.src = url;
  });
}
