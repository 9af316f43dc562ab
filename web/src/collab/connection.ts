// The live connection: a thin WebSocket transport for the y-websocket protocol that the
// engine's own document speaks (the bridge encodes and decodes every message; nothing here
// parses one). It syncs on every (re)connection — sync step 1 both ways, so edits made offline
// merge — sends each local update as it happens, renews this user's awareness state, and
// reconnects with exponential backoff and jitter. Its status says connecting / live / offline
// and whether local edits are not yet acknowledged by the server.
import type { EngineError, SyncReceipt } from '../bridge/HyperBridge';
import { Acknowledgements } from './acknowledgements';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';

/** The engine side of the protocol (the bridge, for the open project). */
export interface SyncEndpoint {
  syncStep1(): Uint8Array;
  receiveSyncMessage(frame: Uint8Array): SyncReceipt;
  syncUpdateMessage(update: Uint8Array): Uint8Array;
  /** Whether a remote update may be applied now (not while a gesture of this user is open). */
  canApply(): boolean;
  /** This user's awareness state renewed, as a message; null when there is none. */
  renewAwareness(): Uint8Array | null;
  /** This user leaving, as a message; null when there is no state to clear. */
  leaveAwareness(): Uint8Array | null;
}

export type LiveState = 'connecting' | 'live' | 'offline';

export interface LiveStatus {
  /** `connecting`: socket opening or first sync running; `live`: synced; `offline`: waiting to retry. */
  readonly state: LiveState;
  /** Whether some local edit is not yet acknowledged by the server. */
  readonly unsynced: boolean;
  /** Failed tries since the last live moment (0 while live). */
  readonly attempt: number;
  /** When the next try starts (ms since the epoch), while offline. */
  readonly retryAt: number | null;
  /** Why the server denied access (its auth message), if it did. */
  readonly denied: string | null;
  /**
   * Why the server closed this connection for good (an edit it refused, or writing while
   * only allowed to read): trying again would send the same edit, so no retry runs until
   * `reconnect()`.
   */
  readonly refused: string | null;
}

/** The close codes after which a retry would only be refused again (server/src/rooms/protocol.rs). */
const CLOSED_FOR_GOOD: ReadonlyMap<number, string> = new Map([
  [4403, 'this project is view-only for you'],
  [4422, 'the server refused an edit from here'],
]);

export interface ConnectionOptions {
  readonly backoff?: BackoffOptions;
  /** How often this user's awareness state is renewed (others drop states older than 30 s). */
  readonly renewMs?: number;
  /** How long an incoming update waits for this user's gesture to end before it looks again. */
  readonly gestureRetryMs?: number;
  readonly random?: () => number;
  readonly createSocket?: (url: string) => WebSocket;
  /** An update the engine refused (malformed, or writing what no command could). */
  readonly onRefused?: (error: EngineError) => void;
  /** Awareness states changed (someone came, moved, left). */
  readonly onAwareness?: () => void;
}

const AWARENESS_MESSAGE = 1;
/** `WebSocket.OPEN` (read as a number: hosts without a global `WebSocket` pass their own). */
const OPEN = 1;

/** What the live status says in words (the top bar's title, and the message when closed for good). */
export function liveStatusText(status: LiveStatus): string {
  if (status.denied !== null) return `Live: access denied (${status.denied})`;
  if (status.refused !== null) return `Live: stopped, ${status.refused}. Your edits stay in this tab; reload to continue with the server's copy.`;
  switch (status.state) {
    case 'connecting':
      return 'Live: connecting…';
    case 'live':
      return status.unsynced ? 'Live: sending edits…' : 'Live: all edits on the server';
    case 'offline':
      return status.unsynced ? 'Offline: edits kept here, sent on reconnect' : 'Offline: reconnecting…';
  }
}

export class CollabConnection {
  private socket: WebSocket | null = null;
  private current: LiveStatus = { state: 'connecting', unsynced: false, attempt: 0, retryAt: null, denied: null, refused: null };
  private readonly listeners = new Set<(status: LiveStatus) => void>();
  private readonly acks = new Acknowledgements();
  private readonly waiting: Uint8Array[] = [];
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private drainTimer: ReturnType<typeof setTimeout> | null = null;
  private renewTimer: ReturnType<typeof setInterval> | null = null;
  private attempt = 0;
  private synced = false;
  private stopped = false;
  private readonly options: ConnectionOptions;

  constructor(
    readonly url: string,
    private readonly endpoint: SyncEndpoint,
    options: ConnectionOptions = {},
  ) {
    this.options = options;
    this.open();
    this.renewTimer = setInterval(() => this.sendAwareness(), options.renewMs ?? 15_000);
  }

  /** The status now. */
  status(): LiveStatus {
    return this.current;
  }

  /** Calls `listener` with each new status; returns a function that stops it. */
  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sends one local update (from the engine's `onLocalUpdate`). Offline, it waits in the
   * document: on reconnect the server's sync step 1 is answered with everything it lacks.
   */
  publish(update: Uint8Array): void {
    this.acks.edit();
    if (this.isOpen()) {
      this.send(this.endpoint.syncUpdateMessage(update));
      this.acks.sentAll();
      this.probe();
    }
    this.report();
  }

  /** Sends an awareness message (this user's state changed). */
  sendAwareness(message: Uint8Array | null = this.endpoint.renewAwareness()): void {
    if (message !== null && this.isOpen()) this.send(message);
  }

  /** Drops the socket and stays offline until `reconnect()` (the user went offline on purpose). */
  disconnect(): void {
    this.stopped = true;
    this.clearRetry();
    this.closeSocket();
    this.setState('offline', null);
  }

  /** Connects again now (after `disconnect()`, or to skip the backoff wait). */
  reconnect(): void {
    this.stopped = false;
    this.current = { ...this.current, refused: null };
    this.clearRetry();
    this.closeSocket();
    this.attempt = 0;
    this.open();
  }

  /** Tries now instead of waiting out the backoff (the browser says it is online again). */
  retryNow(): void {
    if (this.stopped || this.socket !== null) return;
    this.clearRetry();
    this.open();
  }

  /** Says goodbye (awareness), closes the socket and stops every timer. */
  close(): void {
    if (this.isOpen()) {
      const leave = this.endpoint.leaveAwareness();
      if (leave !== null) this.send(leave);
    }
    this.stopped = true;
    this.clearRetry();
    if (this.drainTimer !== null) clearTimeout(this.drainTimer);
    if (this.renewTimer !== null) clearInterval(this.renewTimer);
    this.renewTimer = null;
    this.closeSocket();
    this.listeners.clear();
  }

  private open(): void {
    this.synced = false;
    this.setState('connecting', null);
    let socket: WebSocket;
    try {
      socket = (this.options.createSocket ?? ((url) => new WebSocket(url)))(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.send(this.endpoint.syncStep1());
      this.acks.probeSent();
      this.sendAwareness();
    };
    socket.onmessage = (event: MessageEvent<unknown>) => {
      if (this.socket !== socket || !(event.data instanceof ArrayBuffer)) return;
      this.receive(new Uint8Array(event.data));
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.acks.dropped();
      this.waiting.length = 0;
      const why = CLOSED_FOR_GOOD.get(event.code);
      if (why !== undefined) {
        this.stopped = true;
        this.current = { ...this.current, refused: event.reason === '' ? why : `${why}: ${event.reason}` };
        this.setState('offline', null);
        return;
      }
      if (!this.stopped) this.scheduleRetry();
    };
    socket.onerror = () => {
      // a close event follows, which schedules the retry
    };
  }

  private receive(frame: Uint8Array): void {
    // Awareness never waits; document messages keep their order behind an open gesture.
    if (frame[0] === AWARENESS_MESSAGE && this.waiting.length === 0) {
      this.handle(frame);
      return;
    }
    this.waiting.push(frame);
    this.drain();
  }

  private drain(): void {
    if (this.socket === null) return;
    if (!this.endpoint.canApply()) {
      this.drainTimer ??= setTimeout(() => {
        this.drainTimer = null;
        this.drain();
      }, this.options.gestureRetryMs ?? 50);
      return;
    }
    for (const frame of this.waiting.splice(0)) this.handle(frame);
  }

  private handle(frame: Uint8Array): void {
    let receipt: SyncReceipt;
    try {
      receipt = this.endpoint.receiveSyncMessage(frame);
    } catch {
      return; // not a protocol message: ignored, the connection goes on (as y-websocket does)
    }
    if (receipt.reply !== null) this.send(receipt.reply);
    if (receipt.refused !== null) this.options.onRefused?.(receipt.refused);
    switch (receipt.kind) {
      case 'sync_step1':
        // Our sync step 2 carried every local edit, offline ones included.
        this.acks.sentAll();
        break;
      case 'sync_step2':
        this.acks.answered();
        if (!this.synced) {
          this.synced = true;
          this.attempt = 0;
          this.current = { ...this.current, denied: null };
          this.setState('live', null);
        }
        break;
      case 'awareness':
        this.options.onAwareness?.();
        break;
      case 'auth':
        this.current = { ...this.current, denied: receipt.denied };
        break;
      default:
        break;
    }
    this.probe();
    this.report();
  }

  private probe(): void {
    if (this.isOpen() && this.acks.wantsProbe()) {
      this.send(this.endpoint.syncStep1());
      this.acks.probeSent();
    }
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt, (this.options.random ?? Math.random)(), this.options.backoff ?? DEFAULT_BACKOFF);
    this.attempt += 1;
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
    this.setState('offline', Date.now() + delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.acks.dropped();
    this.waiting.length = 0;
    if (socket !== null) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      socket.close();
    }
  }

  private isOpen(): boolean {
    return this.socket !== null && this.socket.readyState === OPEN;
  }

  private send(message: Uint8Array): void {
    this.socket?.send(message);
  }

  private setState(state: LiveState, retryAt: number | null): void {
    this.current = { ...this.current, state, retryAt };
    this.report(true);
  }

  private report(force = false): void {
    const unsynced = this.acks.pending();
    const attempt = this.current.state === 'live' ? 0 : this.attempt;
    if (!force && unsynced === this.current.unsynced && attempt === this.current.attempt) return;
    this.current = { ...this.current, unsynced, attempt };
    for (const listener of this.listeners) listener(this.current);
  }
}
