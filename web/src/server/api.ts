// The OMNIOS server's accounts and projects API (server/README.md, "API"), typed: same origin,
// the session cookie included. A refused request rejects with `ApiError` (the server's `code`,
// `message` and `correlation_id`); an origin without the API (a static host, the dev server)
// rejects with `NoServerError`, so the home can stay local only.

export type Role = 'owner' | 'editor' | 'viewer';

export interface User {
  readonly id: string;
  readonly email: string;
  /** Unix milliseconds. */
  readonly created_at: number;
}

export interface ServerProject {
  readonly id: string;
  readonly name: string;
  /** Optimistic lock: a `PATCH` sends the version it read. */
  readonly version: number;
  readonly created_at: number;
  readonly updated_at: number;
  /** My role in it. */
  readonly role: Role;
}

/** A member of a project as `GET /api/projects/{id}/members` lists them. */
export interface ProjectList {
  readonly items: readonly ServerProject[];
  readonly next_cursor: string | null;
}

/** A project's member as `GET …/members` lists it. */
export interface Member {
  readonly user: string;
  readonly email: string;
  readonly role: Role;
  /** Unix milliseconds. */
  readonly since: number;
}

/** A version of a project's document kept by the server. */
export interface ServerVersion {
  readonly id: string;
  readonly name: string;
  /** The member who saved it; null for an automatic version. */
  readonly created_by: string | null;
  /** Unix milliseconds. */
  readonly created_at: number;
  readonly automatic: boolean;
  readonly element_count: number;
}

export interface VersionList {
  readonly items: readonly ServerVersion[];
  readonly next_cursor: string | null;
}

/** A share link just made: its token is shown this once (the server keeps only its hash). */
export interface NewShareLink {
  readonly id: string;
  readonly token: string;
  readonly role: Role;
  readonly created_at: number;
}

/** A share link that still joins, as the owners' list shows it (no token). */
export interface ShareLinkSummary {
  /** The token's SHA-256; revoking takes it. */
  readonly id: string;
  readonly role: Role;
  readonly created_by: string;
  readonly created_at: number;
}

/** The server answered with its error body (`{"error": {code, message, correlation_id}}`). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    /** Stable snake_case code to branch on, e.g. `unauthenticated`, `validation_error`. */
    readonly code: string,
    message: string,
    /** The request's id in the server's logs and audit log; null when the server gave none. */
    readonly correlationId: string | null,
  ) {
    super(message);
  }
}

/** A failure as people read it: the server's message and its reference, or what went wrong. */
export function failureText(error: unknown): string {
  if (error instanceof ApiError) return `${error.message}${error.correlationId === null ? '' : ` (reference ${error.correlationId})`}`;
  if (error instanceof NoServerError) return `the server could not be reached (${error.message})`;
  return error instanceof Error ? error.message : String(error);
}

/** This origin has no OMNIOS API (not found, not JSON, or unreachable). */
export class NoServerError extends Error {
  override readonly name = 'NoServerError';
}

/** Who is signed in here: a user, nobody, or there is no server with accounts at all. */
export type Account =
  | { readonly state: 'signed-in'; readonly user: User }
  | { readonly state: 'signed-out' }
  | { readonly state: 'no-server' };

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The error a non-2xx response carries; `NoServerError` when it is not the API's error body. */
export async function errorFrom(response: Response): Promise<ApiError | NoServerError> {
  const body = await jsonOf(response);
  const error = isObject(body) ? body.error : undefined;
  if (!isObject(error) || typeof error.code !== 'string' || typeof error.message !== 'string') {
    return new NoServerError(`${response.url || 'the server'} answered ${response.status} without an API error`);
  }
  const correlation = typeof error.correlation_id === 'string' ? error.correlation_id : response.headers.get('x-correlation-id');
  return new ApiError(response.status, error.code, error.message, correlation);
}

async function jsonOf(response: Response): Promise<Json | undefined> {
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) return undefined;
  try {
    return (await response.json()) as Json;
  } catch {
    return undefined;
  }
}

function userFrom(value: Json | undefined): User {
  if (isObject(value) && typeof value.id === 'string' && typeof value.email === 'string' && typeof value.created_at === 'number') {
    return { id: value.id, email: value.email, created_at: value.created_at };
  }
  throw new NoServerError('the server answered with something that is not a user');
}

const ROLES: readonly Role[] = ['owner', 'editor', 'viewer'];

function projectFrom(value: Json | undefined): ServerProject {
  if (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    typeof value.version === 'number' &&
    typeof value.created_at === 'number' &&
    typeof value.updated_at === 'number' &&
    ROLES.includes(value.role as Role)
  ) {
    return {
      id: value.id,
      name: value.name,
      version: value.version,
      created_at: value.created_at,
      updated_at: value.updated_at,
      role: value.role as Role,
    };
  }
  throw new NoServerError('the server answered with something that is not a project');
}

function itemsOf(body: Json | undefined, what: string): readonly Json[] {
  if (!isObject(body) || !Array.isArray(body.items)) throw new NoServerError(`the server answered with something that is not a list of ${what}`);
  return body.items as readonly Json[];
}

function memberFrom(value: Json): Member {
  if (isObject(value) && typeof value.user === 'string' && typeof value.email === 'string' && typeof value.since === 'number' && ROLES.includes(value.role as Role)) {
    return { user: value.user, email: value.email, role: value.role as Role, since: value.since };
  }
  throw new NoServerError('the server answered with something that is not a member');
}

function shareLinkFrom(value: Json | undefined): NewShareLink {
  if (isObject(value) && typeof value.id === 'string' && typeof value.token === 'string' && typeof value.created_at === 'number' && ROLES.includes(value.role as Role)) {
    return { id: value.id, token: value.token, role: value.role as Role, created_at: value.created_at };
  }
  throw new NoServerError('the server answered with something that is not a share link');
}

function versionFrom(value: Json | undefined): ServerVersion {
  if (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    (value.created_by === null || typeof value.created_by === 'string') &&
    typeof value.created_at === 'number' &&
    typeof value.automatic === 'boolean' &&
    typeof value.element_count === 'number'
  ) {
    return {
      id: value.id,
      name: value.name,
      created_by: value.created_by,
      created_at: value.created_at,
      automatic: value.automatic,
      element_count: value.element_count,
    };
  }
  throw new NoServerError('the server answered with something that is not a version');
}

function linkSummaryFrom(value: Json): ShareLinkSummary {
  if (isObject(value) && typeof value.id === 'string' && typeof value.created_by === 'string' && typeof value.created_at === 'number' && ROLES.includes(value.role as Role)) {
    return { id: value.id, role: value.role as Role, created_by: value.created_by, created_at: value.created_at };
  }
  throw new NoServerError('the server answered with something that is not a share link');
}

const projectPath = (id: string): string => `/api/projects/${encodeURIComponent(id)}`;

/** The API on one origin; `fetch` is replaceable for tests. */
export class ServerApi {
  constructor(
    private readonly origin: string = window.location.origin,
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /**
   * Signed in, signed out, or no server (the home then stays local only). Never rejects. Asks
   * `GET /api/auth/session`, which answers 200 when nobody is signed in too (no console error).
   */
  async account(): Promise<Account> {
    try {
      const body = await this.request('GET', '/api/auth/session');
      if (!isObject(body) || !('user' in body)) return { state: 'no-server' };
      return body.user === null ? { state: 'signed-out' } : { state: 'signed-in', user: userFrom(body.user) };
    } catch {
      return { state: 'no-server' };
    }
  }

  async signUp(email: string, password: string): Promise<User> {
    return userFrom(await this.request('POST', '/api/auth/signup', { email, password }));
  }

  async signIn(email: string, password: string): Promise<User> {
    return userFrom(await this.request('POST', '/api/auth/signin', { email, password }));
  }

  async signOut(): Promise<void> {
    await this.request('POST', '/api/auth/signout');
  }

  /** Mine and shared with me, most recently changed first. */
  async listProjects(options: { readonly cursor?: string | undefined; readonly limit?: number | undefined } = {}): Promise<ProjectList> {
    const query = new URLSearchParams();
    if (options.cursor !== undefined) query.set('cursor', options.cursor);
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    const body = await this.request('GET', `/api/projects${query.size > 0 ? `?${query}` : ''}`);
    if (!isObject(body) || !Array.isArray(body.items)) throw new NoServerError('the server answered with something that is not a project list');
    const items = (body.items as readonly Json[]).map(projectFrom);
    return { items, next_cursor: typeof body.next_cursor === 'string' ? body.next_cursor : null };
  }

  async createProject(name: string): Promise<ServerProject> {
    return projectFrom(await this.request('POST', '/api/projects', { name }));
  }

  async getProject(id: string): Promise<ServerProject> {
    return projectFrom(await this.request('GET', `/api/projects/${encodeURIComponent(id)}`));
  }

  /** Everyone in the project (any member may ask), owners first. */
  async listMembers(project: string): Promise<readonly Member[]> {
    return itemsOf(await this.request('GET', `${projectPath(project)}/members`), 'members').map(memberFrom);
  }

  /** Adds the account with `email` (owners only; `not_found` when there is no such account). */
  async inviteMember(project: string, email: string, role: Role): Promise<Member> {
    const body = await this.request('POST', `${projectPath(project)}/members`, { email, role });
    if (body === undefined) throw new NoServerError('the server answered without the member');
    return memberFrom(body);
  }

  async changeRole(project: string, user: string, role: Role): Promise<Member> {
    const body = await this.request('PATCH', `${projectPath(project)}/members/${encodeURIComponent(user)}`, { role });
    if (body === undefined) throw new NoServerError('the server answered without the member');
    return memberFrom(body);
  }

  async removeMember(project: string, user: string): Promise<void> {
    await this.request('DELETE', `${projectPath(project)}/members/${encodeURIComponent(user)}`);
  }

  /** Share links that still join (owners only), newest first. */
  async listShareLinks(project: string): Promise<readonly ShareLinkSummary[]> {
    return itemsOf(await this.request('GET', `${projectPath(project)}/share-links`), 'share links').map(linkSummaryFrom);
  }

  async createShareLink(project: string, role: Role): Promise<NewShareLink> {
    return shareLinkFrom(await this.request('POST', `${projectPath(project)}/share-links`, { role }));
  }

  /** Revokes a link by its id (or its token). */
  async revokeShareLink(project: string, link: string): Promise<void> {
    await this.request('DELETE', `${projectPath(project)}/share-links/${encodeURIComponent(link)}`);
  }

  /** Joins the link's project with its role; `not_found` when the link was revoked or never was. */
  async acceptShareLink(token: string): Promise<ServerProject> {
    return projectFrom(await this.request('POST', `/api/share-links/${encodeURIComponent(token)}/accept`));
  }

  /** The project's versions kept by the server, newest first (any member). */
  async listVersions(project: string, options: { readonly cursor?: string | undefined; readonly limit?: number | undefined } = {}): Promise<VersionList> {
    const query = new URLSearchParams();
    if (options.cursor !== undefined) query.set('cursor', options.cursor);
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    const body = await this.request('GET', `${projectPath(project)}/versions${query.size > 0 ? `?${query}` : ''}`);
    const items = itemsOf(body, 'versions').map((v) => versionFrom(v));
    return { items, next_cursor: isObject(body) && typeof body.next_cursor === 'string' ? body.next_cursor : null };
  }

  /** Asks the server to keep its copy of the document as a version named `name` (editors, owners). */
  async saveVersion(project: string, name: string): Promise<ServerVersion> {
    return versionFrom(await this.request('POST', `${projectPath(project)}/versions`, { name }));
  }

  /** A version's document: the Yjs update the engine restores. */
  async versionDocument(project: string, version: string): Promise<Uint8Array> {
    const path = `${projectPath(project)}/versions/${encodeURIComponent(version)}/document`;
    let response: Response;
    try {
      response = await this.fetcher(new URL(path, this.origin), { method: 'GET', credentials: 'include', headers: { accept: 'application/octet-stream' } });
    } catch (error) {
      throw new NoServerError(`the server could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) throw await errorFrom(response);
    return new Uint8Array(await response.arrayBuffer());
  }

  private async request(method: string, path: string, body?: JsonObject): Promise<Json | undefined> {
    let response: Response;
    try {
      response = await this.fetcher(new URL(path, this.origin), {
        method,
        credentials: 'include',
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (error) {
      throw new NoServerError(`the server could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) throw await errorFrom(response);
    if (response.status === 204) return undefined;
    const json = await jsonOf(response);
    if (json === undefined) throw new NoServerError(`${path} did not answer with JSON`);
    return json;
  }
}
