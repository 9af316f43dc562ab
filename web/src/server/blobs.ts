// A server project's blobs (server/README.md, "Blobs"): the hashes the project holds, and the
// bytes of one, up or down. Same origin, the session cookie included; a refusal rejects with
// the server's `ApiError`, an unreachable server with `NoServerError`.
import { errorFrom, NoServerError } from './api';

export class ProjectBlobsApi {
  readonly #base: string;

  constructor(
    projectId: string,
    origin: string = window.location.origin,
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
  ) {
    this.#base = new URL(`/api/projects/${encodeURIComponent(projectId)}/blobs`, origin).href;
  }

  /** The SHA-256 of every blob the project holds. */
  async list(): Promise<Set<string>> {
    const response = await this.#send(this.#base, { headers: { accept: 'application/json' } });
    if (!response.ok) throw await errorFrom(response);
    const body: unknown = await response.json();
    const items = typeof body === 'object' && body !== null && 'items' in body ? body.items : undefined;
    if (!Array.isArray(items)) throw new NoServerError('the server answered with something that is not a blob list');
    return new Set(items.filter((item): item is string => typeof item === 'string'));
  }

  /** Stores `bytes` under `sha` for the project (the server checks that they hash to it). */
  async upload(sha: string, bytes: Uint8Array): Promise<void> {
    const response = await this.#send(`${this.#base}/${sha}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
    if (!response.ok) throw await errorFrom(response);
  }

  /** The bytes of `sha`, or undefined when the project does not hold it (yet). */
  async download(sha: string): Promise<Uint8Array | undefined> {
    const response = await this.#send(`${this.#base}/${sha}`, {});
    if (response.status === 404) return undefined;
    if (!response.ok) throw await errorFrom(response);
    return new Uint8Array(await response.arrayBuffer());
  }

  async #send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetcher(url, { credentials: 'include', ...init });
    } catch (error) {
      throw new NoServerError(`the server could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
