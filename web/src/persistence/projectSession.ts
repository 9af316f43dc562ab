// One open project in the editor: loads its document from the local database (plus the journals
// of updates tabs had not saved yet), feeds every local update to the AutoSaver and to the other
// tabs of the project (tabSync.ts), flushes when the page is hidden, and knows how to write
// versions and backups of it.
import type { Deltas, Dropped, HyperBridge } from '../bridge/HyperBridge';
import type { ProjectStoreApi } from '../store/projectStore';
import { AutoSaver, type SaveStatus } from './autosave';
import { compactProject, mergeInWorker, type MergeDoc } from './compaction';
import { Journal } from './journal';
import { LocalProjects, type SaveChange } from './localProjects';
import { holdTabPresence, openTabs, thisTab } from './tabPresence';
import { TabSync } from './tabSync';
import { thumbnailSvg } from './thumbnail';

let database: Promise<LocalProjects> | undefined;

/** The browser's project database (`idb://omnios`), shared by its tabs, connected once per page. */
export function localProjects(): Promise<LocalProjects> {
  database ??= LocalProjects.openShared('idb://omnios').catch((error: unknown) => {
    database = undefined;
    throw error;
  });
  return database;
}

export const newProjectId = (): string => crypto.randomUUID();

/** The first save of a project whose document the bridge holds. */
export function initialSave(bridge: HyperBridge, at = Date.now()): SaveChange {
  const all = bridge.fullDeltas();
  return {
    update: bridge.encodeState(),
    at,
    elementCount: all.elements.length,
    upsertElements: all.elements,
    removeElements: [],
    upsertPages: all.pages,
    removePages: [],
  };
}

/** Editor state kept per project beside the document (the active page), so reload restores it. */
export interface ViewState {
  readonly activePage?: string;
}

const viewKey = (projectId: string): string => `omnios:view:${projectId}`;

export function readViewState(projectId: string): ViewState {
  try {
    const raw = localStorage.getItem(viewKey(projectId));
    const parsed: unknown = raw === null ? {} : JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null ? (parsed as ViewState) : {};
  } catch {
    return {};
  }
}

export function writeViewState(projectId: string, view: ViewState): void {
  try {
    localStorage.setItem(viewKey(projectId), JSON.stringify(view));
  } catch {
    // the view is a convenience; the document never depends on it
  }
}

/** What the save indicator says after journal entries were left out at open. */
export const unreadableJournalWarning = (skipped: number): string =>
  `${skipped === 1 ? 'One edit' : `${skipped} edits`} not yet saved when this project was last open could not be ` +
  `read (damaged browser storage) and ${skipped === 1 ? 'was' : 'were'} left out; everything else opened.`;

/**
 * What the save indicator says after values saved by an earlier version, and refused since,
 * were left out at open (`HyperBridge.openFromDoc`): how many, and the first reason.
 */
export const repairedWarning = (dropped: readonly Dropped[]): string => {
  const first = dropped[0];
  const count = dropped.length === 1 ? 'One value' : `${dropped.length} values`;
  return (
    `${count} saved by an earlier version of the editor, and refused since, ${dropped.length === 1 ? 'was' : 'were'} left out; ` +
    `everything else opened.${first === undefined ? '' : ` ${first.reason}`}`
  );
};

/**
 * Applies the journals' pending updates to the opened document, one by one: an entry the engine
 * refuses (damaged, or writing what no command could) is left out, the document reopened
 * without it, and the rest applied. Returns how many were applied and how many left out
 * (with those the journal could not even decode).
 */
function replayJournal(
  bridge: HyperBridge,
  stored: { readonly snapshot: Uint8Array; readonly updates: readonly Uint8Array[] },
  journal: Journal,
): { replayed: number; skipped: number } {
  const applied: Uint8Array[] = [];
  let skipped = journal.unreadable;
  for (const update of journal.pending()) {
    try {
      bridge.applyRemoteUpdate(update);
      applied.push(update);
    } catch {
      skipped += 1;
      // Whatever part of it the engine took before refusing goes too.
      bridge.openFromDoc(stored.snapshot, [...stored.updates, ...applied]);
    }
  }
  return { replayed: applied.length, skipped };
}

export class ProjectSession {
  private api: ProjectStoreApi | null = null;
  private readonly statusListeners = new Set<(status: SaveStatus) => void>();
  /** Where local updates go after the local save and the other tabs (live collaboration). */
  private readonly updateSinks = new Set<(update: Uint8Array) => void>();
  private detachPageHide: () => void = () => {};

  private constructor(
    readonly db: LocalProjects,
    readonly projectId: string,
    private projectName: string,
    private readonly bridge: HyperBridge,
    readonly journal: Journal,
    readonly saver: AutoSaver,
    /** Whether the journal held updates the database had not got (a tab closed mid-debounce). */
    readonly replayed: number,
    /** Whether opening left values out (`repairedWarning`): the repair is saved at once. */
    private readonly repaired: boolean,
    private readonly sync: TabSync,
  ) {}

  /**
   * Opens a saved project into the bridge: its snapshot and update log, then the journals'
   * pending updates. Throws `UnknownProjectError` if this browser has no such project.
   * `database` defaults to the browser's (`localProjects()`), `merge` (compaction's) to the
   * compaction worker.
   */
  static async open(
    bridge: HyperBridge,
    projectId: string,
    database?: LocalProjects,
    merge: MergeDoc = mergeInWorker,
  ): Promise<ProjectSession> {
    const db = database ?? (await localProjects());
    const summary = await db.get(projectId);
    const stored = await db.loadDoc(projectId);
    holdTabPresence();
    const journal = new Journal(localStorage, projectId, { tab: thisTab, liveTabs: await openTabs() });
    const dropped = bridge.openFromDoc(stored.snapshot, stored.updates);
    // What the database holds: each save writes what the document holds beyond it.
    const savedVector = bridge.stateVector();
    const { replayed, skipped } = replayJournal(bridge, stored, journal);
    const engine = bridge.engine();
    let session: ProjectSession | null = null;
    const saver = new AutoSaver(
      db,
      projectId,
      {
        stateVector: () => {
          // Never save another project's document: the bridge may have opened one since.
          if (!bridge.hasProject() || bridge.engine() !== engine) throw new Error('the project is no longer open');
          return bridge.stateVector();
        },
        encodeSince: (vector) => {
          if (!bridge.hasProject() || bridge.engine() !== engine) throw new Error('the project is no longer open');
          return bridge.encodeSince(vector);
        },
        element: (id) => session?.api?.getState().elements.get(id),
        page: (id) => session?.api?.getState().pages.get(id),
        elementCount: () => session?.api?.getState().elements.size ?? 0,
        thumbnail: () => {
          const state = session?.api?.getState();
          return state === undefined ? null : thumbnailSvg(state.boxes, state.elements);
        },
      },
      journal,
      {
        onStatus: (status) => session?.statusListeners.forEach((l) => l(status)),
        savedVector,
        compact: () => compactProject(db, projectId, merge),
      },
    );
    if (skipped > 0) saver.warn('journal-unreadable', unreadableJournalWarning(skipped));
    if (dropped.length > 0) saver.warn('values-left-out', repairedWarning(dropped));
    const sync = new TabSync(bridge, projectId, thisTab);
    session = new ProjectSession(db, projectId, summary.name, bridge, journal, saver, replayed, dropped.length > 0, sync);
    bridge.onLocalUpdate((update) => {
      saver.noteLocalUpdate(update);
      sync.publish(update);
      session?.updateSinks.forEach((sink) => sink(update));
    });
    return session;
  }

  /** Connects the store (rows are read from it at save time) and saves what the journal replayed. */
  attach(api: ProjectStoreApi): void {
    this.api = api;
    if (this.replayed > 0 || this.repaired) {
      this.saver.noteDeltas(this.bridge.fullDeltas());
      void this.saver.flush().catch(() => {});
    }
    const onHide = (): void => {
      try {
        api.getState().flush();
      } catch {
        // the journal already holds every local update
      }
      void this.saver.flush().catch(() => {});
    };
    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') onHide();
    };
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    this.detachPageHide = () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }

  /** Rows changed (the frame loop's delta sink). */
  noteDeltas(deltas: Deltas): void {
    this.saver.noteDeltas(deltas);
  }

  /**
   * Also sends each local update to `sink` (a live connection), after the local save and the
   * other tabs got it; returns a function that stops it.
   */
  onLocalUpdate(sink: (update: Uint8Array) => void): () => void {
    this.updateSinks.add(sink);
    return () => this.updateSinks.delete(sink);
  }

  onStatus(listener: (status: SaveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** The project's name as the projects list shows it. */
  get name(): string {
    return this.projectName;
  }

  /** Renames the project (trimmed; an empty name keeps the old one). Returns the name now in use. */
  async rename(name: string): Promise<string> {
    const next = name.trim();
    if (next === '' || next === this.projectName) return this.projectName;
    await this.db.rename(this.projectId, next);
    this.projectName = next;
    return next;
  }

  /** Keeps a named snapshot of the document as it is now (saved first). */
  async createVersion(name: string): Promise<void> {
    await this.saver.flush();
    const doc = this.bridge.encodeState();
    await this.db.createVersion(this.projectId, {
      id: newProjectId(),
      name,
      at: Date.now(),
      automatic: false,
      doc,
      elementCount: this.api?.getState().elements.size ?? 0,
    });
  }

  /** Stops saving (the editor closes or recovers); pending work stays in the journal. */
  close(): void {
    this.detachPageHide();
    this.bridge.onLocalUpdate(null);
    this.sync.close();
    this.saver.close();
  }
}
