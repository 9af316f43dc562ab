// The write-ahead journal: every local document update is appended to localStorage at once,
// synchronously, before the debounced save. localStorage survives a tab closed mid-debounce
// (an IndexedDB write started in `pagehide` may not), so reopening replays what the database
// has not got yet. Yjs updates are idempotent: replaying one the database already holds is a
// no-op. A save that committed removes the entries it covered.
//
// Each tab writes its own key (`omnios:journal:<project>:<tab>`), so two tabs of one project
// never overwrite each other's entries. Opening a project replays every tab's journal of it;
// the journals of tabs that are gone (closed, crashed) are adopted: the opener's next save
// covers them, and its commit removes them. An entry that cannot be read (damaged storage) is
// left out and counted (`unreadable`): the rest still opens, and the editor says what was skipped.

/** The part of the Web Storage API the journal uses (tests pass a Map-backed one). */
export interface KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A storage in memory (tests, and anything without localStorage); `data` shows what it holds. */
export function memoryStorage(): KeyValueStorage & { readonly data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    key: (index) => [...data.keys()][index] ?? null,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

export interface JournalOptions {
  /** This tab's id (`tabPresence.ts`); a new one per page load. Defaults to a random id. */
  readonly tab?: string;
  /** Tabs still open: their journals are replayed but left to them. Others' are adopted. */
  readonly liveTabs?: ReadonlySet<string>;
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

/** A journal's entries, and how many of them (or whether the whole list) could not be read. */
function readEntries(storage: KeyValueStorage, key: string): { entries: Entry[]; unreadable: number } {
  let parsed: unknown;
  try {
    const raw = storage.getItem(key);
    parsed = raw === null ? [] : JSON.parse(raw);
  } catch {
    return { entries: [], unreadable: 1 };
  }
  if (!Array.isArray(parsed)) return { entries: [], unreadable: 1 };
  const entries = parsed.filter(
    (e): e is Entry => typeof e === 'object' && e !== null && typeof e.seq === 'number' && typeof e.update === 'string',
  );
  return { entries, unreadable: parsed.length - entries.length };
}

/** An entry's bytes, or `null` when its text is not base64. */
function decode(entry: Entry): Uint8Array | null {
  try {
    return fromBase64(entry.update);
  } catch {
    return null;
  }
}

export class Journal {
  private readonly key: string;
  private entries: Entry[];
  private nextSeq: number;
  /** Other tabs' entries found at open, replayed before this tab's own. */
  private readonly inherited: Uint8Array[] = [];
  /** Keys of gone tabs' journals, removed by the first commit. */
  private adopted: string[] = [];
  /**
   * Entries (or whole journals) found at open that could not be read (damaged storage, another
   * program's writes): left out of `pending()` so the rest still opens; the editor says so.
   */
  readonly unreadable: number;

  constructor(
    private readonly storage: KeyValueStorage,
    projectId: string,
    options: JournalOptions = {},
  ) {
    const prefix = `omnios:journal:${projectId}`;
    this.key = `${prefix}:${options.tab ?? crypto.randomUUID()}`;
    const live = options.liveTabs ?? new Set<string>();
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      // The bare prefix is the journal of a version that kept one per project.
      if (key !== null && key !== this.key && (key === prefix || key.startsWith(`${prefix}:`))) keys.push(key);
    }
    let unreadable = 0;
    for (const key of keys.sort()) {
      const found = readEntries(storage, key);
      unreadable += found.unreadable;
      for (const e of found.entries) {
        const update = decode(e);
        if (update === null) unreadable += 1;
        else this.inherited.push(update);
      }
      const tab = key === prefix ? '' : key.slice(prefix.length + 1);
      if (!live.has(tab)) this.adopted.push(key);
    }
    const own = readEntries(storage, this.key);
    this.entries = own.entries.filter((e) => decode(e) !== null);
    this.unreadable = unreadable + own.unreadable + own.entries.length - this.entries.length;
    this.nextSeq = (own.entries.at(-1)?.seq ?? 0) + 1;
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

  /** Updates not yet covered by a committed save: other tabs' found at open, then this tab's. */
  pending(): Uint8Array[] {
    return [...this.inherited, ...this.entries.flatMap((e) => decode(e) ?? [])];
  }

  /**
   * Forgets this tab's entries up to `seq`, and the adopted journals of gone tabs, once a save
   * covering them (made after they were replayed) has committed.
   */
  commit(seq: number): void {
    for (const key of this.adopted) this.storage.removeItem(key);
    this.adopted = [];
    // Re-read first: after a recovery a newer Journal of this tab may have appended.
    this.entries = readEntries(this.storage, this.key).entries.filter((e) => e.seq > seq);
    if (this.entries.length === 0) this.storage.removeItem(this.key);
    else this.storage.setItem(this.key, JSON.stringify(this.entries));
  }

  /** Drops this tab's journal and the adopted ones (the project was deleted). */
  clear(): void {
    for (const key of this.adopted) this.storage.removeItem(key);
    this.adopted = [];
    this.entries = [];
    this.storage.removeItem(this.key);
  }
}
