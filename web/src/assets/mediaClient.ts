// The editor's door to the media worker: a promise per request. The worker (and its WASM
// module, with the image codecs) is started on the first request, i.e. only once a designer
// adds a file; the file's bytes are transferred to it, not copied.
import type {
  AssetInfo,
  MediaErrorCode,
  MediaRequest,
  MediaResponse,
  OptimiseSettings,
  OptimisedImage,
  SanitisedSvg,
} from './mediaProtocol';

export type * from './mediaProtocol';

/** WebP quality 75 at 640, 1280 and 1920 px wide: omnios_media's defaults. */
export const DEFAULT_OPTIMISE_SETTINGS: OptimiseSettings = { quality: 75, widths: [640, 1280, 1920] };

/** A file refused by the pipeline; `message` is written for the designer. */
export class MediaError extends Error {
  override readonly name = 'MediaError';
  constructor(
    readonly code: MediaErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Pending = { resolve: (response: MediaResponse) => void };

/** Distributes the ops over a request without the id. */
type RequestBody = MediaRequest extends infer R ? (R extends MediaRequest ? Omit<R, 'id'> : never) : never;

export class MediaClient {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  /** Kind (from the bytes), dimensions, size checks and SHA-256 of a file. */
  async inspect(bytes: ArrayBuffer, name: string): Promise<AssetInfo> {
    return (await this.#ask({ op: 'inspect', bytes, name }, [bytes])) as AssetInfo;
  }

  /** A raster image upright, without metadata, as WebP variants and a placeholder. */
  async optimise(
    bytes: ArrayBuffer,
    name: string,
    settings: OptimiseSettings = DEFAULT_OPTIMISE_SETTINGS,
  ): Promise<OptimisedImage> {
    return (await this.#ask({ op: 'optimise', bytes, name, settings }, [bytes])) as OptimisedImage;
  }

  /** An SVG without scripts or outside references, and what was removed. */
  async sanitiseSvg(bytes: ArrayBuffer): Promise<SanitisedSvg> {
    return (await this.#ask({ op: 'sanitiseSvg', bytes }, [bytes])) as SanitisedSvg;
  }

  /** Stops the worker; requests still waiting fail. The next request starts a new one. */
  dispose(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#failAll('the media worker was stopped');
  }

  #start(): Worker {
    const worker = new Worker(new URL('./mediaWorker.ts', import.meta.url), { type: 'module', name: 'omnios-media' });
    worker.onmessage = (event: MessageEvent<MediaResponse>) => {
      const pending = this.#pending.get(event.data.id);
      this.#pending.delete(event.data.id);
      pending?.resolve(event.data);
    };
    worker.onerror = (event) => {
      this.#worker = undefined;
      this.#failAll(`the media worker failed: ${event.message}`);
    };
    return worker;
  }

  #failAll(message: string): void {
    for (const [id, pending] of this.#pending) pending.resolve({ id, ok: false, code: 'worker', message });
    this.#pending.clear();
  }

  async #ask(body: RequestBody, transfer: Transferable[]) {
    this.#worker ??= this.#start();
    const id = this.#nextId++;
    const request = { ...body, id } as MediaRequest;
    const response = await new Promise<MediaResponse>((resolve) => {
      this.#pending.set(id, { resolve });
      this.#worker?.postMessage(request, transfer);
    });
    if (!response.ok) throw new MediaError(response.code, response.message);
    return response.result;
  }
}
