// The media worker: runs the Rust pipeline (engine/media, built by `make media-wasm` into
// ./__generated__) off the main thread. One request at a time; answers transfer the encoded
// pictures' buffers back.
import initGenerated, { inspect, optimiseImage, sanitiseSvg } from './__generated__/omnios_media_wasm.js';
import generatedWasmUrl from './__generated__/omnios_media_wasm_bg.wasm?url';
import type {
  AssetInfo,
  EncodedImage,
  MediaErrorCode,
  MediaRequest,
  MediaResponse,
  MediaResult,
  OptimisedImage,
  SanitisedSvg,
} from './mediaProtocol';

interface WorkerScope {
  postMessage(message: MediaResponse, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<MediaRequest>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

const ready = initGenerated({ module_or_path: generatedWasmUrl });

type EncodedMeta = Omit<EncodedImage, 'bytes'>;
interface OptimisedMeta {
  readonly source: AssetInfo;
  readonly variants: readonly EncodedMeta[];
  readonly placeholder: EncodedMeta;
}
interface GeneratedOptimised {
  readonly meta: string;
  readonly variants: readonly Uint8Array[];
  readonly placeholder: Uint8Array;
}

/** The bytes of `view` as an ArrayBuffer of their own (transferable, nothing else in it). */
function ownBuffer(view: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(view.byteLength);
  copy.set(view);
  return copy.buffer;
}

function withBytes(meta: EncodedMeta, bytes: Uint8Array | undefined): EncodedImage {
  if (bytes === undefined) throw new Error('the media module returned fewer pictures than it described');
  return { ...meta, bytes: ownBuffer(bytes) };
}

function run(request: MediaRequest): MediaResult {
  const bytes = new Uint8Array(request.bytes);
  switch (request.op) {
    case 'inspect':
      return JSON.parse(inspect(bytes, request.name)) as AssetInfo;
    case 'sanitiseSvg':
      return JSON.parse(sanitiseSvg(bytes)) as SanitisedSvg;
    case 'optimise': {
      const { quality, widths } = request.settings;
      const raw = optimiseImage(bytes, request.name, quality, Uint32Array.from(widths)) as GeneratedOptimised;
      const meta = JSON.parse(raw.meta) as OptimisedMeta;
      const optimised: OptimisedImage = {
        source: meta.source,
        variants: meta.variants.map((variant, i) => withBytes(variant, raw.variants[i])),
        placeholder: withBytes(meta.placeholder, raw.placeholder),
      };
      return optimised;
    }
  }
}

function transfers(result: MediaResult): ArrayBuffer[] {
  if (!('variants' in result)) return [];
  return [...result.variants.map((variant) => variant.bytes), result.placeholder.bytes];
}

function failure(id: number, error: unknown): MediaResponse {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string'
    ? { id, ok: false, code: code as MediaErrorCode, message }
    : { id, ok: false, code: 'worker', message };
}

scope.addEventListener('message', (event) => {
  const request = event.data;
  ready.then(
    () => {
      let response: MediaResponse;
      let transfer: ArrayBuffer[] = [];
      try {
        const result = run(request);
        response = { id: request.id, ok: true, result };
        transfer = transfers(result);
      } catch (error) {
        response = failure(request.id, error);
      }
      scope.postMessage(response, transfer);
    },
    (error: unknown) => scope.postMessage(failure(request.id, error), []),
  );
});
