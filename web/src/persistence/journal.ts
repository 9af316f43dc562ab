// The write-ahead journal: every local document update is appended to localStorage at once,
// synchronously, before the debounced save. localStorage survives a tab closed mid-debounce
// (an IndexedDB write started in `pagehide` may not), so reopening replays what the database
// has not got yet. Yjs updates are idempotent: replaying one the database already holds is a
// no-op. A save that committed removes the entries it covered.

/** The part of the Web Storage API the journal uses (tests pass a Map-backed one). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

interface Entry {
  readonly seq: number;
  readonly update: string;
}

export class Journal {
  private readonly key: string;
  private entries: Entry[];
  private nextSeq: number;

  constructor(
    private readonly storage: KeyValueStorage,
    projectId: string,
  ) {
    this.key = `omnios:journal:${projectId}`;
    this.entries = this.read();
    this.nextSeq = (this.entries.at(-1)?.seq ?? 0) + 1;
  }

  private read(): Entry[] {
    try {
      const raw = this.storage.getItem(this.key);
      const parsed: unknown = raw === null ? [] : JSON.parse(raw);
      return Array.isArray(parsed)
        ? parsed.filter(
            (e): e is Entry =>
              typeof e === 'object' && e !== null && typeof e.seq === 'number' && typeof e.update === 'string',
          )
        : [];
    } catch {
      return [];
    }
  }

  /**
   * Appends an update; returns its sequence number. Throws if storage refused it (full): the
   * caller then saves to the database at once instead of waiting for the debounce.
   */
  append(update: Uint8Array): number {
    const seq = this.nextSeq++;
    this.entries.push({ seq, update: toBase64(update) });
    this.storage.setItem(this.key, JSON.stringify(this.entries));
    return seq;
  }

  /** The highest sequence number appended so far (0 when none). */
  lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Updates not yet covered by a committed save. */
  pending(): Uint8Array[] {
    return this.entries.map((e) => fromBase64(e.update));
  }

  /** Forgets entries up to `seq`, once a save covering them has committed. */
  commit(seq: number): void {
    // Re-read first: after a recovery a newer Journal of the same project may have appended.
    this.entries = this.read().filter((e) => e.seq > seq);
    if (this.entries.length === 0) this.storage.removeItem(this.key);
    else this.storage.setItem(this.key, JSON.stringify(this.entries));
  }

  /** Drops the whole journal (the project was deleted). */
  clear(): void {
    this.entries = [];
    this.storage.removeItem(this.key);
  }
}
