// One project's document shared live between the tabs of this browser: each local update is
// posted on a BroadcastChannel and applied by the other tabs through the engine's update path
// (`HyperBridge.applyRemoteUpdate`, which validates the bytes). A tab that opens says what it
// holds (its state vector); every open tab answers with what the newcomer lacks and its own
// state vector, and the newcomer sends back what that tab lacks — so edits made in any tab,
// saved or not, reach every tab without a reload.
import { EngineError, type HyperBridge } from '../bridge/HyperBridge';

type Message =
  | { readonly kind: 'update'; readonly from: string; readonly update: Uint8Array }
  | { readonly kind: 'hello'; readonly from: string; readonly stateVector: Uint8Array }
  | {
      readonly kind: 'catch-up';
      readonly from: string;
      readonly to: string;
      readonly update: Uint8Array;
      /** The sender's state vector when it wants the rest back; null when it does not. */
      readonly stateVector: Uint8Array | null;
    };

function isMessage(data: unknown): data is Message {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  if (typeof m.from !== 'string') return false;
  switch (m.kind) {
    case 'update':
      return m.update instanceof Uint8Array;
    case 'hello':
      return m.stateVector instanceof Uint8Array;
    case 'catch-up':
      return (
        typeof m.to === 'string' &&
        m.update instanceof Uint8Array &&
        (m.stateVector === null || m.stateVector instanceof Uint8Array)
      );
    default:
      return false;
  }
}

/** How long a remote update waits for this tab's open gesture to end before trying again. */
const GESTURE_RETRY_MS = 50;

export class TabSync {
  private readonly channel: BroadcastChannel;
  private readonly waiting: Uint8Array[] = [];
  private retry: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly bridge: HyperBridge,
    projectId: string,
    private readonly tab: string,
  ) {
    this.channel = new BroadcastChannel(`omnios:doc:${projectId}`);
    this.channel.onmessage = (event: MessageEvent<unknown>) => this.receive(event.data);
    this.post({ kind: 'hello', from: tab, stateVector: bridge.stateVector() });
  }

  /** Sends one local update to the other tabs. */
  publish(update: Uint8Array): void {
    this.post({ kind: 'update', from: this.tab, update });
  }

  close(): void {
    this.closed = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.channel.close();
  }

  private post(message: Message): void {
    if (!this.closed) this.channel.postMessage(message);
  }

  private receive(data: unknown): void {
    if (this.closed || !isMessage(data) || data.from === this.tab || !this.bridge.hasProject()) return;
    switch (data.kind) {
      case 'update':
        this.apply(data.update);
        return;
      case 'hello':
        this.post({
          kind: 'catch-up',
          from: this.tab,
          to: data.from,
          update: this.bridge.encodeSince(data.stateVector),
          stateVector: this.bridge.stateVector(),
        });
        return;
      case 'catch-up':
        if (data.to !== this.tab) return;
        this.apply(data.update);
        if (data.stateVector !== null) {
          this.post({
            kind: 'catch-up',
            from: this.tab,
            to: data.from,
            update: this.bridge.encodeSince(data.stateVector),
            stateVector: null,
          });
        }
        return;
    }
  }

  /** Applies now, or after this tab's open gesture (its commands are previews until it ends). */
  private apply(update: Uint8Array): void {
    this.waiting.push(update);
    this.drain();
  }

  private drain(): void {
    if (this.closed || !this.bridge.hasProject()) return;
    if (this.bridge.inGesture()) {
      this.retry ??= setTimeout(() => {
        this.retry = null;
        this.drain();
      }, GESTURE_RETRY_MS);
      return;
    }
    for (const update of this.waiting.splice(0)) {
      try {
        this.bridge.applyRemoteUpdate(update);
      } catch (error) {
        // Bytes the engine refused changed nothing; any other failure is the engine's fault,
        // which the bridge has already reported (the editor recovers).
        if (!(error instanceof EngineError) || error.code !== 'invalid_update') throw error;
      }
    }
  }
}
