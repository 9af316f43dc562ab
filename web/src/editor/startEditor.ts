// The editor's start-up in one place: load the engine, open the project (a saved one through its
// session, or the benchmark page), connect the text measurer, create the store, write the canvas
// style sheet, start the frame loop, install the shortcuts, watch for engine faults, join the
// live room when asked (collab/), keep a server project's asset bytes in step with the server
// and expose the test hooks. `dispose()` undoes every one of these, in reverse.
import { createAssetServices, type AssetServices } from '../assets/assetServices';
import { HyperBridge, type EngineFault } from '../bridge/HyperBridge';
import { syncProjectBlobs, type BlobSyncOptions } from '../server/blobSync';
import { connectLive, type LiveOptions, type LiveSession } from '../collab/live';
import { createTextMeasurer } from '../canvas/measureText';
import { CanvasStyleSheet } from '../canvas/styleSheet';
import { localAuthor, type Member } from '../lib/comments';
import { installShortcuts } from '../lib/shortcuts';
import type { MergeDoc } from '../persistence/compaction';
import { UnknownProjectError, type LocalProjects, type SaveChange } from '../persistence/localProjects';
import { localProjects, ProjectSession, readViewState, writeViewState } from '../persistence/projectSession';
import { startFrameLoop, type FrameLoopOptions } from '../store/frameLoop';
import { createProjectStore, type ProjectStoreApi } from '../store/projectStore';
import { exposeForTests, installTestHooks } from './testHooks';

/** An engine call running longer than this is a stall: the editor reloads the last good state. */
export const STALL_MS = 2000;

export interface StartEditorOptions {
  /** The saved project to open; `null` opens the benchmark page (`?fixture=bench`), not saved. */
  readonly projectId: string | null;
  /**
   * An engine fault (an unexpected error or a stall) in a saved project. The session has already
   * stopped saving; the caller disposes this editor and starts a new one from the last good state.
   */
  readonly onFault: (fault: EngineFault) => void;
  /** Aborting before the project is open closes it again and rejects with `EditorStartAborted`. */
  readonly signal?: AbortSignal;
  /** Defaults to the engine the build emitted (`HyperBridge.load()`). */
  readonly loadBridge?: () => Promise<HyperBridge>;
  /** Where saved projects live; defaults to the browser's database. */
  readonly database?: LocalProjects;
  /** How compaction merges the saved update log; defaults to the compaction worker. */
  readonly mergeDoc?: MergeDoc;
  /** Whether to set `window.omnios`; defaults to `exposeForTests()` (`?test=1`, dev server). */
  readonly testHooks?: boolean;
  /** Engine calls (and frames) longer than this are stalls; defaults to `STALL_MS`. */
  readonly stallMs?: number;
  /** Animation frames for the frame loop; default `requestAnimationFrame`. */
  readonly frames?: Pick<FrameLoopOptions, 'requestFrame' | 'cancelFrame'>;
  /**
   * The live room to join the saved project to (a y-websocket URL, `?live=`); a project this
   * browser lacks is then created empty here and filled by the room.
   */
  readonly live?: string | null;
  readonly liveOptions?: LiveOptions;
  /** The name of the project created here for a live room; defaults to "Shared project". */
  readonly liveName?: string | undefined;
  /**
   * The project's blobs on the server (a server project): the bytes of its assets are kept
   * present here and there while it is open (server/blobSync.ts).
   */
  readonly serverBlobs?: BlobSyncOptions['server'] | undefined;
  /** Who writes comments (the signed-in account); defaults to this browser's `localAuthor()`. */
  readonly author?: Member | undefined;
}

/** A running editor: what the shell renders from, and how to stop it. */
export interface EditorSession {
  readonly bridge: HyperBridge;
  /** The engine's version string (the top bar shows it). */
  readonly version: string;
  readonly store: ProjectStoreApi;
  /** The saved project's session; `null` for the benchmark page, which is never saved. */
  readonly session: ProjectSession | null;
  readonly styleSheet: CanvasStyleSheet;
  /** The blob store, media pipeline, object URLs and uploads of the asset library. */
  readonly assets: AssetServices;
  /** The live room the project is joined to (`connectLive`); null when it is not live. */
  readonly live: LiveSession | null;
  /**
   * Stops the frame loop, the shortcuts, the fault watch and the test hooks, removes the style
   * sheet, and closes the session after saving what is pending (not after a fault: then the
   * journal keeps it). Resolves when the session is closed; later calls do nothing.
   */
  dispose(): Promise<void>;
}

/** The project is not in this browser's database (deleted, or saved in another browser). */
export class ProjectMissingError extends Error {
  override readonly name = 'ProjectMissingError';
  constructor(
    readonly projectId: string,
    /** The engine loaded fine; the page still shows its version. */
    readonly engineVersion: string,
  ) {
    super(`there is no project ${projectId} in this browser`);
  }
}

/** The start was aborted (the editor unmounted) before it finished; nothing is left running. */
export class EditorStartAborted extends Error {
  override readonly name = 'EditorStartAborted';
  constructor() {
    super('the editor was closed while it started');
  }
}

export async function startEditor(options: StartEditorOptions): Promise<EditorSession> {
  const { projectId, onFault, signal } = options;
  const stallMs = options.stallMs ?? STALL_MS;
  const bridge = await (options.loadBridge ?? (() => HyperBridge.load()))();
  const author = options.author ?? localAuthor();
  bridge.setLocalUser(author.id, author.name);
  performance.mark('omnios:engine-loaded');
  let session: ProjectSession | null = null;
  if (projectId === null) {
    bridge.openProject((await import('../bench/__generated__/benchmark_page.json?raw')).default);
  } else {
    try {
      session = await ProjectSession.open(bridge, projectId, options.database, options.mergeDoc);
    } catch (error) {
      if (!(error instanceof UnknownProjectError)) throw error;
      if (options.live == null) throw new ProjectMissingError(projectId, bridge.version());
      // A project of a live room this browser has not seen: an empty document, filled by the room.
      const db = options.database ?? (await localProjects());
      await db.create(projectId, options.liveName ?? 'Shared project', emptyDocument(bridge));
      session = await ProjectSession.open(bridge, projectId, db, options.mergeDoc);
    }
  }
  performance.mark('omnios:project-opened');
  if (signal?.aborted === true) {
    session?.close();
    throw new EditorStartAborted();
  }

  // Undone in reverse by dispose().
  const undo: (() => void)[] = [];
  bridge.setTextMeasurer(createTextMeasurer());
  const store = createProjectStore(bridge);
  const styleSheet = new CanvasStyleSheet();
  undo.push(() => styleSheet.dispose());
  const seed = bridge.fullDeltas();
  bridge.takeDeltas();
  performance.mark('omnios:deltas-read');
  styleSheet.setTokens(seed.tokens);
  for (const el of seed.elements) styleSheet.update(el);
  performance.mark('omnios:styles-written');
  store.getState().applyDeltas(seed);
  performance.mark('omnios:laid-out');

  const open = session;
  undo.push(
    startFrameLoop(store, {
      ...options.frames,
      onDeltas: (d) => {
        // Every token again (the list is short): the store has them once the deltas apply.
        if (d.tokens.length > 0 || d.removed_tokens.length > 0) {
          const tokens = new Map([...store.getState().tokens].filter(([id]) => !d.removed_tokens.includes(id)));
          for (const t of d.tokens) tokens.set(t.id, t);
          styleSheet.setTokens(tokens.values());
        }
        for (const el of d.elements) styleSheet.update(el);
        for (const id of d.removed) styleSheet.remove(id);
        open?.noteDeltas(d);
      },
      stallMs: open === null ? Number.POSITIVE_INFINITY : stallMs,
      onStall: (ms) =>
        bridge.reportFault({
          kind: 'stall',
          call: 'frame',
          message: `a frame's engine work took ${(ms / 1000).toFixed(1)} s`,
          ms,
        }),
    }),
  );
  undo.push(installShortcuts(store));
  const assets = createAssetServices(store);
  undo.push(() => assets.dispose());

  let faulted = false;
  if (open !== null) {
    open.attach(store);
    const view = readViewState(open.projectId);
    if (view.activePage !== undefined && store.getState().pages.has(view.activePage)) {
      store.getState().setActivePage(view.activePage);
    }
    undo.push(
      store.subscribe((state, previous) => {
        if (state.activePage !== previous.activePage && state.activePage !== null) {
          writeViewState(open.projectId, { activePage: state.activePage });
        }
      }),
    );
    bridge.watchFaults((fault) => {
      // Stop saving at once: the engine's state is no longer trusted. The journal holds every
      // update made before the fault; the editor reopens from there.
      faulted = true;
      open.close();
      onFault(fault);
    }, stallMs);
    undo.push(() => bridge.watchFaults(null));
  }
  if (options.liveOptions?.canWrite === false) {
    // A viewer: the room refuses their writes, so the editor does not make any.
    bridge.setReadOnly('View only: this project is shared with you to look at and comment on. Ask its owner to make you an editor to change it.');
  }
  let live: LiveSession | null = null;
  if (open !== null && options.live != null) {
    const joined = connectLive({ bridge, store, session: open }, options.live, options.liveOptions);
    live = joined;
    undo.push(() => joined.close());
  }
  if (open !== null && options.serverBlobs !== undefined) {
    const sync = syncProjectBlobs({
      store,
      neededBlobs: () => bridge.referencedBlobs(),
      blobs: assets.blobs,
      server: options.serverBlobs,
      canWrite: options.liveOptions?.canWrite !== false,
      onArrived: (sha) => {
        assets.urls.arrived(sha);
        void assets.fonts.sync(store.getState().assets.values());
      },
    });
    undo.push(() => sync.dispose());
  }
  if (options.testHooks ?? exposeForTests()) undo.push(installTestHooks(bridge, store, assets, live));

  let disposed: Promise<void> | null = null;
  const dispose = (): Promise<void> => {
    disposed ??= (async () => {
      for (const step of undo.reverse()) step();
      if (open !== null && !faulted) {
        await open.saver.flush().catch(() => {});
        open.close();
      }
    })();
    return disposed;
  };
  return { bridge, version: bridge.version(), store, session, styleSheet, assets, live, dispose };
}

/** The first save of a project with no pages yet (a live room's, before it synced). */
function emptyDocument(bridge: HyperBridge): SaveChange {
  bridge.openFromDoc(new Uint8Array());
  return { update: bridge.encodeState(), at: Date.now(), elementCount: 0, upsertElements: [], removeElements: [], upsertPages: [], removePages: [] };
}
