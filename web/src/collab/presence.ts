// Presence: who is in the project with me, where their cursor is, what they selected and what
// they look at. Each user's state travels as a y-websocket awareness state (JSON, the shape
// below; `user: {name, color}` as Y.js tools use it) held by the engine; this module checks the
// shape of what others sent, keeps the list the editor renders, and throttles my own updates.

export interface PresenceUser {
  readonly name: string;
  /** A CSS hex colour, `#rrggbb`. */
  readonly color: string;
}

/** What part of the page a user sees: their viewport (zoom, pan) and its size in pixels. */
export interface PresenceViewport {
  readonly zoom: number;
  readonly panX: number;
  readonly panY: number;
  readonly width: number;
  readonly height: number;
}

/** One user's awareness state. Coordinates are page coordinates of `page`. */
export interface PresenceState {
  readonly user: PresenceUser;
  readonly page: string | null;
  readonly cursor: { readonly x: number; readonly y: number } | null;
  readonly selection: readonly string[];
  readonly viewport: PresenceViewport | null;
  /**
   * The id of the last version this user saved on the server (absent when none): the others'
   * Versions panels list the server's versions again when it changes.
   */
  readonly versions?: string;
}

/** Another user in the room. */
export interface Collaborator extends PresenceState {
  /** Their document client id (stable while they stay connected). */
  readonly client: number;
}

/** A state not renewed for this long belongs to someone gone (y-protocols' timeout). */
export const PRESENCE_TIMEOUT_MS = 30_000;

const MAX_NAME = 64;
/** At most this many selected ids travel in a state (and are read from one). */
export const MAX_SELECTION = 500;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A colour per user, picked from their client id when they bring none. */
export const PRESENCE_COLORS = ['#e5484d', '#0090ff', '#30a46c', '#f76b15', '#8e4ec6', '#d6409f', '#12a594', '#ffc53d'] as const;

export function colorFor(client: number): string {
  return PRESENCE_COLORS[Math.abs(Math.floor(client)) % PRESENCE_COLORS.length] ?? PRESENCE_COLORS[0];
}

/**
 * Reads another user's state (JSON text as they sent it). Returns null for a state without a
 * user; fields of the wrong shape are left out, never trusted: a name is cut to 64 characters,
 * a colour that is not `#rrggbb` is replaced by the user's palette colour.
 */
export function parsePresence(json: string, client: number): PresenceState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isRecord(raw) || !isRecord(raw.user) || typeof raw.user.name !== 'string') return null;
  const color = typeof raw.user.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(raw.user.color) ? raw.user.color : colorFor(client);
  const cursor = isRecord(raw.cursor) && finite(raw.cursor.x) && finite(raw.cursor.y) ? { x: raw.cursor.x, y: raw.cursor.y } : null;
  const v = raw.viewport;
  const viewport =
    isRecord(v) && finite(v.zoom) && v.zoom > 0 && finite(v.panX) && finite(v.panY) && finite(v.width) && finite(v.height)
      ? { zoom: v.zoom, panX: v.panX, panY: v.panY, width: v.width, height: v.height }
      : null;
  const selection = Array.isArray(raw.selection)
    ? raw.selection.filter((id): id is string => typeof id === 'string').slice(0, MAX_SELECTION)
    : [];
  return {
    user: { name: raw.user.name.slice(0, MAX_NAME) || 'Anonymous', color },
    page: typeof raw.page === 'string' ? raw.page : null,
    cursor,
    selection,
    viewport,
    ...(typeof raw.versions === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(raw.versions) ? { versions: raw.versions } : {}),
  };
}

/** The collaborators to show: valid states renewed within the timeout, ordered by client id. */
export function collaboratorsFrom(
  states: readonly { readonly client: number; readonly state: string; readonly updatedMs: number }[],
  now: number,
): Collaborator[] {
  const out: Collaborator[] = [];
  for (const s of states) {
    if (now - s.updatedMs > PRESENCE_TIMEOUT_MS) continue;
    const state = parsePresence(s.state, s.client);
    if (state !== null) out.push({ ...state, client: s.client });
  }
  return out.sort((a, b) => a.client - b.client);
}

/**
 * The viewport that shows what `followed` sees, centred the same, at their zoom, in a view of
 * `width` × `height` pixels.
 */
export function followViewport(
  followed: PresenceViewport,
  width: number,
  height: number,
): { zoom: number; panX: number; panY: number } {
  const centreX = (followed.width / 2 - followed.panX) / followed.zoom;
  const centreY = (followed.height / 2 - followed.panY) / followed.zoom;
  return { zoom: followed.zoom, panX: width / 2 - centreX * followed.zoom, panY: height / 2 - centreY * followed.zoom };
}

/** Two-letter initials for an avatar. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter((p) => p !== '');
  const letters = parts.length > 1 ? (parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '') : (parts[0] ?? '').slice(0, 2);
  return letters.toUpperCase() || '?';
}
