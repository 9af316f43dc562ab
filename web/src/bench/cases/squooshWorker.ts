// The peer of `media` in `make bench`: Squoosh's codecs as packaged on npm (@jsquash/jpeg,
// @jsquash/resize, @jsquash/webp) doing what omnios-media does, in a worker of its own: decode
// the JPEG, resize with Lanczos3 to each width (capped at the original), encode WebP at the
// same quality, plus the 16 px placeholder at quality 40.
import decodeJpeg from '@jsquash/jpeg/decode';
import resize from '@jsquash/resize';
import encodeWebp from '@jsquash/webp/encode';

export interface SquooshRequest {
  readonly bytes: ArrayBuffer;
  readonly quality: number;
  readonly widths: readonly number[];
}
export type SquooshReport =
  | { readonly ok: true; readonly ms: number; readonly outputBytes: number }
  | { readonly ok: false; readonly error: string };

interface WorkerScope {
  postMessage(message: SquooshReport): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<SquooshRequest>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

async function optimise({ bytes, quality, widths }: SquooshRequest): Promise<number> {
  const image = await decodeJpeg(bytes);
  const targets = [...new Set(widths.map((w) => Math.min(w, image.width)))].sort((a, b) => a - b);
  let outputBytes = 0;
  const encodeAt = async (width: number, q: number): Promise<void> => {
    const height = Math.max(1, Math.round((image.height * width) / image.width));
    const resized = width === image.width ? image : await resize(image, { width, height, method: 'lanczos3' });
    outputBytes += (await encodeWebp(resized, { quality: q })).byteLength;
  };
  for (const width of targets) await encodeAt(width, quality);
  await encodeAt(Math.min(16, image.width), 40);
  return outputBytes;
}

scope.addEventListener('message', (event) => {
  const start = performance.now();
  optimise(event.data).then(
    (outputBytes) => scope.postMessage({ ok: true, ms: performance.now() - start, outputBytes }),
    (error: unknown) => scope.postMessage({ ok: false, error: String(error) }),
  );
});
