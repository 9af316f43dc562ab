// Auto-save that never lies: every local update is journalled synchronously (journal.ts), the
// database save runs 1.5 s after the last change (or at once on flush, e.g. when the page is
// hidden), "saved" is reported only after the save's transaction committed, a failed save is
// retried with backoff and keeps every change it could not write, and an automatic version is
// kept every 10 minutes of editing. A save costs what changed, not the project: it writes the
// document's update since the last save that committed (a state-vector diff) and the changed
// rows; the database work runs in its worker, and the log is compacted there in the background.
import type { Deltas, ElementRecord, PageRecord } from '../bridge/types';
import { COMPACT_AFTER, compactionDue } from './compaction';
import type { Journal } from './journal';
import type { LocalProjects, LogSize, SaveChange } from './localProjects';

export type SaveStatus = (
  | { readonly state: 'saved'; readonly at: number }
  | { readonly state: 'unsaved' }
  | { readonly state: 'saving' }
  | { readonly state: 'failed'; readonly message: string; readonly retryAt: number }
) & {
  /**
   * What the user must know about their work besides the save state, in words (the save
   * indicator shows it): the journal cannot keep edits (storage full), or entries of it could
   * not be read when the project opened.
   */
  readonly warning?: string;
};

/** Why the save indicator warns; each kind has one message at a time. */
export type SaveWarning = 'journal-full' | 'journal-unreadable' | 'values-left-out';

/** The warning while storage refuses journal entries. */
export const JOURNAL_FULL_WARNING =
  "This browser's storage is full, so edits are not kept for a tab that closes before they are saved: " +
  'each edit is saved at once instead. Free some space (other sites, other projects) to be safe again.';

/** What the saver reads from the editor at save time. */
export interface SaveSource {
  /** The document's state vector (Yjs v1): what it holds now. */
  stateVector(): Uint8Array;
  /** What the document holds beyond `stateVector`, as one update (Yjs v1). */
  encodeSince(stateVector: Uint8Array): Uint8Array;
  element(id: string): ElementRecord | undefined;
  page(id: string): PageRecord | undefined;
  elementCount(): number;
  /** A small picture of the project for the home screen (optional). */
  thumbnail?(): string | null;
}

export interface AutoSaverOptions {
  readonly debounceMs?: number;
  readonly autoVersionEveryMs?: number;
  readonly now?: () => number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  readonly onStatus?: (status: SaveStatus) => void;
  readonly newId?: () => string;
  /** The state vector of what the database holds already (default: nothing, so the first save writes it all). */
  readonly savedVector?: Uint8Array;
  /**
   * Folds the database's update log into its snapshot and returns the saved document; run in
   * the background after a save that made the log `compactAfter` long, and for automatic
   * versions. Without it the log is never compacted and versions encode the document here.
   */
  readonly compact?: () => Promise<Uint8Array>;
  readonly compactAfter?: LogSize;
}

type Db = Pick<LocalProjects, 'save' | 'createVersion'>;

const MAX_BACKOFF_MS = 30_000;

export class AutoSaver {
  private readonly debounceMs: number;
  private readonly autoVersionEveryMs: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly onStatus: (status: SaveStatus) => void;
  private readonly newId: () => string;

  private dirtyElements = new Set<string>();
  private removedElements = new Set<string>();
  private dirtyPages = new Set<string>();
  private removedPages = new Set<string>();
  private changed = false;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private failures = 0;
  private lastAutoVersion: number;
  private editedSinceVersion = false;
  private current: SaveStatus;
  /** `current` without its warning. */
  private plain: SaveStatus;
  private readonly warnings = new Map<SaveWarning, string>();
  private closed = false;
  private savedVector: Uint8Array;
  private readonly compact: (() => Promise<Uint8Array>) | undefined;
  private readonly compactAfter: LogSize;
  private compacting: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly projectId: string,
    private readonly source: SaveSource,
    private readonly journal: Journal,
    options: AutoSaverOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 1500;
    this.autoVersionEveryMs = options.autoVersionEveryMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.onStatus = options.onStatus ?? (() => {});
    this.newId = options.newId ?? (() => crypto.randomUUID());
    this.savedVector = options.savedVector ?? new Uint8Array();
    this.compact = options.compact;
    this.compactAfter = options.compactAfter ?? COMPACT_AFTER;
    this.lastAutoVersion = this.now();
    this.current = { state: 'saved', at: this.now() };
    this.plain = this.current;
  }

  status(): SaveStatus {
    return this.current;
  }

  private setStatus(status: SaveStatus): void {
    this.plain = status;
    const warning = [...this.warnings.values()].join(' ');
    this.current = warning === '' ? status : { ...status, warning };
    this.onStatus(this.current);
  }

  /** Shows (a message) or clears (`null`) a warning beside the save state. */
  warn(kind: SaveWarning, message: string | null): void {
    if ((this.warnings.get(kind) ?? null) === message) return;
    if (message === null) this.warnings.delete(kind);
    else this.warnings.set(kind, message);
    this.setStatus(this.plain);
  }

  /** A local update left the engine: journal it now, save soon. */
  noteLocalUpdate(update: Uint8Array): void {
    try {
      this.journal.append(update);
    } catch {
      // Storage full: the journal cannot hold it, so save to the database right away, and say
      // so: until storage has room again, closing the tab mid-save loses the edit.
      this.warn('journal-full', JOURNAL_FULL_WARNING);
      this.markChanged(0);
      return;
    }
    this.warn('journal-full', null);
    this.markChanged(this.debounceMs);
  }

  /** Deltas say which rows changed (local or remote). */
  noteDeltas(deltas: Deltas): void {
    for (const e of deltas.elements) {
      this.dirtyElements.add(e.id);
      this.removedElements.delete(e.id);
    }
    for (const id of deltas.removed) {
      this.removedElements.add(id);
      this.dirtyElements.delete(id);
    }
    for (const p of deltas.pages) {
      this.dirtyPages.add(p.id);
      this.removedPages.delete(p.id);
    }
    for (const id of deltas.removed_pages) {
      this.removedPages.add(id);
      this.dirtyPages.delete(id);
    }
    const changes =
      deltas.elements.length + deltas.removed.length + deltas.pages.length + deltas.removed_pages.length +
      deltas.assets.length + deltas.removed_assets.length + deltas.tokens.length + deltas.removed_tokens.length;
    // Comments have no rows of their own: a remote one is saved with the document.
    if (changes > 0 || deltas.comments === true) {
      this.markChanged(this.debounceMs);
    }
  }

  private markChanged(delay: number): void {
    if (this.closed) return;
    this.changed = true;
    this.editedSinceVersion = true;
    if (this.current.state !== 'failed' && this.current.state !== 'saving') this.setStatus({ state: 'unsaved' });
    if (this.current.state === 'failed') return; // the retry timer will save everything
    // While the journal cannot keep edits, nothing waits for the debounce (rows noted after a
    // refused entry must not postpone its save).
    this.schedule(this.warnings.has('journal-full') ? 0 : delay);
  }

  private schedule(delay: number): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.save();
    }, delay);
  }

  /** Saves now and resolves when everything noted so far is durable (or throws why not). */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    while (this.inFlight !== null) await this.inFlight.catch(() => {});
    if (this.changed) await this.save();
    if (this.current.state === 'failed') throw new Error(this.current.message);
  }

  private save(): Promise<void> {
    if (this.inFlight !== null) {
      // A save is running: save again once it ends.
      return this.inFlight.finally(() => (this.changed ? this.save() : undefined));
    }
    const run = this.write().finally(() => {
      this.inFlight = null;
    });
    this.inFlight = run;
    return run;
  }

  private async write(): Promise<void> {
    const elements = this.dirtyElements;
    const removed = this.removedElements;
    const pages = this.dirtyPages;
    const removedPages = this.removedPages;
    this.dirtyElements = new Set();
    this.removedElements = new Set();
    this.dirtyPages = new Set();
    this.removedPages = new Set();
    this.changed = false;
    const seq = this.journal.lastSeq();
    const at = this.now();
    const carried = { elements, removed, pages, removedPages };
    let vector: Uint8Array;
    let change: SaveChange;
    try {
      // Reading the document can fail too (the engine refused, the project closed): the save
      // fails like a refused write, and keeps what it was to carry.
      vector = this.source.stateVector();
      change = {
        update: this.source.encodeSince(this.savedVector),
        at,
        elementCount: this.source.elementCount(),
        upsertElements: [...elements].flatMap((id) => this.source.element(id) ?? []),
        removeElements: [...removed],
        upsertPages: [...pages].flatMap((id) => this.source.page(id) ?? []),
        removePages: [...removedPages],
        thumbnail: this.source.thumbnail?.() ?? null,
      };
    } catch (error) {
      this.failed(error, at, carried);
      return;
    }
    this.setStatus({ state: 'saving' });
    let log: LogSize;
    try {
      log = await this.db.save(this.projectId, change);
    } catch (error) {
      this.failed(error, at, carried);
      return;
    }
    this.failures = 0;
    this.savedVector = vector;
    try {
      this.journal.commit(seq);
    } catch {
      // Storage refused to rewrite the journal: its entries stay, and replaying them is a no-op.
    }
    const versionDue = this.editedSinceVersion && at - this.lastAutoVersion >= this.autoVersionEveryMs;
    if (versionDue) {
      this.lastAutoVersion = at;
      this.editedSinceVersion = false;
    }
    if (versionDue || compactionDue(log, this.compactAfter)) this.inBackground(versionDue, at, change.elementCount);
    this.setStatus(this.changed ? { state: 'unsaved' } : { state: 'saved', at });
  }

  /**
   * A save that did not happen: keeps everything it was to carry for the next attempt (newer
   * notes win), says why, and retries with backoff.
   */
  private failed(
    error: unknown,
    at: number,
    carried: {
      readonly elements: ReadonlySet<string>;
      readonly removed: ReadonlySet<string>;
      readonly pages: ReadonlySet<string>;
      readonly removedPages: ReadonlySet<string>;
    },
  ): void {
    for (const id of carried.elements) if (!this.removedElements.has(id)) this.dirtyElements.add(id);
    for (const id of carried.removed) if (!this.dirtyElements.has(id)) this.removedElements.add(id);
    for (const id of carried.pages) if (!this.removedPages.has(id)) this.dirtyPages.add(id);
    for (const id of carried.removedPages) if (!this.dirtyPages.has(id)) this.removedPages.add(id);
    this.changed = true;
    this.failures += 1;
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1));
    const delay = backoff / 2 + Math.random() * (backoff / 2);
    this.setStatus({ state: 'failed', message: String(error), retryAt: at + delay });
    if (!this.closed) this.schedule(delay);
  }

  /** Compacts the log (one run at a time) and, when due, keeps the saved document as a version. */
  private inBackground(versionDue: boolean, at: number, elementCount: number): void {
    if (!versionDue && (this.compacting !== null || this.compact === undefined)) return;
    const previous = this.compacting ?? Promise.resolve();
    const run = previous.then(async () => {
      let doc: Uint8Array;
      try {
        doc = this.compact === undefined ? this.source.encodeSince(new Uint8Array()) : await this.compact();
      } catch {
        // The log stays as it is (loading replays it); the next save tries again.
        if (versionDue) this.lastAutoVersion = 0;
        return;
      }
      if (!versionDue) return;
      await this.db
        .createVersion(this.projectId, {
          id: this.newId(),
          name: `Autosave ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')}`,
          at,
          automatic: true,
          doc,
          elementCount,
        })
        .catch(() => {
          this.lastAutoVersion = 0; // try again at the next save
        });
    });
    const tracked: Promise<void> = run.finally(() => {
      if (this.compacting === tracked) this.compacting = null;
    });
    this.compacting = tracked;
  }

  /** Resolves when the background work started so far (compaction, automatic version) ended. */
  async idle(): Promise<void> {
    while (this.compacting !== null) await this.compacting;
  }

  /** Stops scheduling (the project closes); call flush() first to keep pending work. */
  close(): void {
    this.closed = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }
}
