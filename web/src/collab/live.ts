// A project open in the editor joined to a live room: the connection (connection.ts) fed with
// the session's local updates after the local save, and this user's presence (page, cursor,
// selection, viewport) sent as awareness; other users' presence read back for the canvas and
// the top bar, and following one of them. `connectLive` is the one way in.
import type { HyperBridge } from '../bridge/HyperBridge';
import type { ProjectSession } from '../persistence/projectSession';
import type { ProjectStoreApi } from '../store/projectStore';
import { CollabConnection, liveStatusText, type ConnectionOptions, type LiveStatus } from './connection';
import { collaboratorsFrom, colorFor, followViewport, MAX_SELECTION, type Collaborator, type PresenceState, type PresenceUser } from './presence';

/** What a live room needs from the running editor (`EditorSession` has all three). */
export interface LiveEditor {
  readonly bridge: HyperBridge;
  readonly store: ProjectStoreApi;
  /** The saved project: local updates reach the room after its local save. */
  readonly session: ProjectSession;
}

export interface LiveOptions extends Pick<ConnectionOptions, 'backoff' | 'createSocket' | 'renewMs'> {
  /** Who I am to the others; defaults to `defaultUser()`. */
  readonly user?: PresenceUser;
  /** Whether I may write the room's document (a viewer may not); defaults to true. */
  readonly canWrite?: boolean;
}

/** The room's URL from the page's `?live=<ws url>`; null when absent or not a ws(s) URL. */
export function liveUrlFrom(search: string): string | null {
  const raw = new URLSearchParams(search).get('live');
  if (raw === null || raw === '') return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'ws:' || url.protocol === 'wss:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The live room of a project kept on this OMNIOS server (`/api/projects/:id/live`), as a
 * WebSocket URL on the page's own origin (the editor's policy allows connections there only).
 */
export function serverLiveUrl(projectId: string, origin: string = window.location.origin): string {
  const url = new URL(`/api/projects/${encodeURIComponent(projectId)}/live`, origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** The name this browser used last (`?name=` sets it), or a guest name. */
export function defaultUser(client: number, search: string = window.location.search): PresenceUser {
  const asked = new URLSearchParams(search).get('name')?.trim();
  let name = asked ?? '';
  try {
    if (name !== '') localStorage.setItem('omnios:user-name', name);
    else name = localStorage.getItem('omnios:user-name') ?? '';
  } catch {
    // the name is a convenience
  }
  return { name: name || `Guest ${client % 1000}`, color: colorFor(client) };
}

/** How often my presence goes out at most while the pointer moves (ms). */
const PRESENCE_INTERVAL_MS = 50;
/** How often the collaborator list drops states that timed out (ms). */
const SWEEP_MS = 5_000;

export class LiveSession {
  readonly connection: CollabConnection;
  private user: PresenceUser;
  private cursor: { x: number; y: number } | null = null;
  private view = { width: 0, height: 0 };
  private others: readonly Collaborator[] = [];
  private followed: number | null = null;
  /** The viewport following last set: any other change of mine (a pan, a zoom) stops following. */
  private followedView: { zoom: number; panX: number; panY: number } | null = null;
  private sendTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly sweep: ReturnType<typeof setInterval>;
  private readonly listeners = new Set<() => void>();
  private readonly undo: (() => void)[] = [];
  private closed = false;
  /** The last version I saved on the server, announced in my presence. */
  private savedVersion: string | null = null;

  constructor(
    private readonly editor: LiveEditor,
    url: string,
    options: LiveOptions = {},
  ) {
    const { bridge, store, session } = editor;
    this.user = options.user ?? defaultUser(bridge.clientId());
    bridge.setAwarenessState(this.state());
    this.connection = new CollabConnection(
      url,
      {
        syncStep1: () => bridge.syncStep1(),
        receiveSyncMessage: (frame) => bridge.receiveSyncMessage(frame),
        syncUpdateMessage: (update) => bridge.syncUpdateMessage(update),
        canApply: () => bridge.hasProject() && !bridge.inGesture(),
        renewAwareness: () => (bridge.hasProject() ? bridge.setAwarenessState(this.state()) : null),
        leaveAwareness: () => (bridge.hasProject() ? bridge.clearAwarenessState() : null),
      },
      {
        ...options,
        onAwareness: () => this.refresh(),
        onRefused: (error) =>
          store.getState().showMessage('live-refused', `A collaborator's change was refused and not applied: ${error.message}`, 'error'),
      },
    );
    this.undo.push(session.onLocalUpdate((update) => this.connection.publish(update)));
    this.undo.push(this.connection.onStatus(() => this.notify()));
    // Closed for good (an edit refused, or write access withdrawn): say so where it is seen.
    this.undo.push(
      this.connection.onStatus((status) => {
        if (status.refused !== null) store.getState().showMessage('live-stopped', liveStatusText(status), 'error');
      }),
    );
    // A project made on the server starts with an empty document: the first writer to find it
    // without a page, once synced, gives it "Home" — not an undo step, like a new local project.
    let checkedPages = options.canWrite === false;
    this.undo.push(
      this.connection.onStatus((status) => {
        if (checkedPages || status.state !== 'live' || !bridge.hasProject()) return;
        checkedPages = true;
        if (bridge.pageOrder().length > 0) return;
        if (store.getState().run({ type: 'create_page', name: 'Home' }) !== null) bridge.clearHistory();
      }),
    );
    this.undo.push(
      store.subscribe((state, previous) => {
        if (state.activePage !== previous.activePage || state.selection !== previous.selection || state.viewport !== previous.viewport) {
          this.schedulePresence();
        }
        const v = state.viewport;
        const set = this.followedView;
        if (this.followed !== null && v !== previous.viewport && (set === null || v.zoom !== set.zoom || v.panX !== set.panX || v.panY !== set.panY)) {
          this.follow(null); // I moved my view myself
        }
      }),
    );
    this.sweep = setInterval(() => this.refresh(), SWEEP_MS);
    const online = (): void => this.connection.retryNow();
    window.addEventListener('online', online);
    this.undo.push(() => window.removeEventListener('online', online));
  }

  /** The connection's status (connecting / live / offline, unacknowledged edits). */
  status(): LiveStatus {
    return this.connection.status();
  }

  /** The other users here now. The same array until something changes (for React). */
  collaborators(): readonly Collaborator[] {
    return this.others;
  }

  /** Whose viewport mine follows (their client id), or null. */
  following(): number | null {
    return this.followed;
  }

  /** Calls `listener` when the status, the collaborators or the followed user change. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** My pointer on the canvas, in page coordinates (null: it left the canvas). */
  setCursor(cursor: { x: number; y: number } | null): void {
    this.cursor = cursor;
    this.schedulePresence();
  }

  /** The canvas view's size in pixels (what my viewport shows; following needs it). */
  setViewSize(width: number, height: number): void {
    if (width === this.view.width && height === this.view.height) return;
    this.view = { width, height };
    this.schedulePresence();
    this.applyFollow();
  }

  /** Who I am to the others (the account's name and colour, when the server knows them). */
  setUser(user: PresenceUser): void {
    this.user = user;
    this.schedulePresence();
  }

  /** Tells the others I saved version `id` on the server (their Versions panels refresh). */
  announceVersion(id: string): void {
    this.savedVersion = id;
    this.schedulePresence();
  }

  /** Follows `client`'s viewport and page until I pan or zoom myself (null stops following). */
  follow(client: number | null): void {
    this.followed = client;
    this.followedView = null;
    this.applyFollow();
    this.notify();
  }

  /** Leaves the room: says goodbye, closes the socket, stops every listener. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.sendTimer !== null) clearTimeout(this.sendTimer);
    clearInterval(this.sweep);
    for (const step of this.undo.splice(0).reverse()) step();
    this.connection.close();
    this.listeners.clear();
  }

  private state(): PresenceState {
    const s = this.editor.store.getState();
    return {
      user: this.user,
      page: s.activePage,
      cursor: this.cursor,
      selection: s.selection.slice(0, MAX_SELECTION),
      viewport: this.view.width > 0 ? { ...s.viewport, ...this.view } : null,
      ...(this.savedVersion === null ? {} : { versions: this.savedVersion }),
    };
  }

  private schedulePresence(): void {
    if (this.closed || this.sendTimer !== null) return;
    this.sendTimer = setTimeout(() => {
      this.sendTimer = null;
      if (this.closed || !this.editor.bridge.hasProject()) return;
      this.connection.sendAwareness(this.editor.bridge.setAwarenessState(this.state()));
    }, PRESENCE_INTERVAL_MS);
  }

  private refresh(): void {
    if (this.closed || !this.editor.bridge.hasProject()) return;
    const next = collaboratorsFrom(this.editor.bridge.awarenessStates(), Date.now());
    if (JSON.stringify(next) === JSON.stringify(this.others)) return;
    this.others = next;
    if (this.followed !== null && !next.some((c) => c.client === this.followed)) this.followed = null;
    this.applyFollow();
    this.notify();
  }

  private applyFollow(): void {
    const them = this.others.find((c) => c.client === this.followed);
    if (them?.viewport == null || this.view.width === 0) return;
    const store = this.editor.store.getState();
    const view = followViewport(them.viewport, this.view.width, this.view.height);
    this.followedView = view;
    if (them.page !== null && them.page !== store.activePage && store.pages.has(them.page)) store.setActivePage(them.page);
    store.setViewport(view);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Joins the open project to the live room at `url` (a y-websocket endpoint). */
export function connectLive(editor: LiveEditor, url: string, options: LiveOptions = {}): LiveSession {
  return new LiveSession(editor, url, options);
}
