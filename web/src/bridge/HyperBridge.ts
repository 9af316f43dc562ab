// HyperBridge: the one owner of the WASM engine in the editor. It is the only module that
// imports the wasm-bindgen package in ./__generated__ (built by `make wasm`); components and
// stores call the bridge, never the package.
import initGenerated, {
  backupAsset as generatedBackupAsset,
  blobsInVersion as generatedBlobsInVersion,
  Engine as GeneratedEngine,
  syncUpdateMessage as generatedSyncUpdateMessage,
  verifyBackup as generatedVerifyBackup,
  version as generatedVersion,
} from './__generated__/omnios_wasm.js';
import generatedWasmUrl from './__generated__/omnios_wasm_bg.wasm?url';
import type {
  Applied,
  Breakpoint,
  CascadedStyles,
  Command,
  CommentApplied,
  CommentCommand,
  Deltas,
  Dropped,
  DropTarget,
  ElementId,
  EngineError as EngineErrorData,
  LayoutResult,
  PageId,
  Rect,
  SnapRequest,
  SnapResult,
  Thread,
} from './types';

export type * from './types';

/** Where the engine's `.wasm` comes from: a URL to fetch, or the module's bytes. */
export type WasmSource = string | URL | BufferSource;

/** The part of the wasm-bindgen package the bridge uses. Tests pass a fake. */
export interface EnginePackage {
  init(source: WasmSource): Promise<unknown>;
  version(): string;
  /** A new engine with an empty document; absent in fakes that never open a project. */
  createEngine?(clientId: number): RawEngine;
  /** An engine holding a snapshot (`*.omnios.json`). */
  engineFromJSON?(clientId: number, json: string): RawEngine;
  /** Frames a local update as a y-websocket update message (live collaboration). */
  syncUpdateMessage?(update: Uint8Array): Uint8Array;
}

/** What the engine did with one incoming y-websocket message (`receiveSyncMessage`). */
export interface RawSyncReceipt {
  readonly kind: string;
  readonly reply?: Uint8Array;
  /** The engine's error (with `code`) for an update it refused; nothing of it was applied. */
  readonly refused?: unknown;
  readonly denied?: string;
}

/** The wasm-bindgen `Engine` methods the bridge calls (all JSON in, JSON out). */
export interface RawEngine {
  commit(command: string): string;
  commitBatch(commands: string): string;
  takeDeltas(): string;
  fullDeltas(): string;
  undo(): boolean;
  redo(): boolean;
  canUndo(): boolean;
  canRedo(): boolean;
  clearHistory(): void;
  beginGesture(): void;
  endGesture(): string;
  cancelGesture(): void;
  toJSON(): string;
  elementCount(): number;
  cascadedStyles(id: string, breakpoint: string): string;
  pageOrder(): string;
  setTextMeasurer(measure: (request: string, maxWidth?: number) => [number, number]): void;
  setBreakpoint(breakpoint: string, frameHeight: number): void;
  setLayoutPage(pageId: string): void;
  layout(): string;
  allBoxes(): string;
  hitTest(x: number, y: number): string | undefined;
  marquee(x: number, y: number, width: number, height: number): string;
  snap(request: string): string;
  dropTarget(x: number, y: number, excluding: string, inside: boolean): string | undefined;
  free(): void;
  /** Persistence (absent in fakes): each local update, the whole document, loading one. */
  onLocalUpdate?(callback: (update: Uint8Array) => void): void;
  encodeStateVector?(): Uint8Array;
  encodeStateAsUpdate?(stateVector: Uint8Array): Uint8Array;
  applyUpdate?(update: Uint8Array): void;
  /** Loads what the project saved itself (document, then updates), leaving out values refused since; `Dropped[]` as JSON. */
  loadSaved?(pieces: Uint8Array[]): string;
  restore?(update: Uint8Array): void;
  writeBackup?(name: string, createdAt: number, assets: { path: string; bytes: Uint8Array }[]): Uint8Array;
  /** The SHA-256 of every blob the asset library needs, as a JSON list. */
  referencedBlobs?(): string;
  /** Live collaboration (absent in fakes): the y-websocket protocol of the engine's document. */
  syncStep1?(): Uint8Array;
  receiveSyncMessage?(frame: Uint8Array): object;
  setAwarenessState?(state: string): Uint8Array;
  clearAwarenessState?(): Uint8Array;
  awarenessMessage?(): Uint8Array;
  awarenessStates?(): string;
  clientId?(): number;
  /** Comments (absent in fakes): a command as the local user, every thread, who I am. */
  comment?(command: string): string;
  comments?(): string;
  setLocalUser?(id: string, name: string): void;
}

/** The kinds of y-websocket message (`SyncReceipt.kind`). */
export type SyncMessageKind = 'sync_step1' | 'sync_step2' | 'update' | 'awareness' | 'awareness_query' | 'auth' | 'other';

/** What the engine did with one incoming y-websocket message. */
export interface SyncReceipt {
  readonly kind: SyncMessageKind;
  /** The message to send back, when the protocol asks for one. */
  readonly reply: Uint8Array | null;
  /** Why the update the message carried was refused (nothing of it was applied). */
  readonly refused: EngineError | null;
  /** A permission-denied reason (auth message). */
  readonly denied: string | null;
}

/** Another user's awareness state as the engine holds it (`state` is the JSON they sent). */
export interface RawAwarenessState {
  readonly client: number;
  readonly state: string;
  readonly updatedMs: number;
}

/** What `verifyBackup` reads from a `.omnios` file's manifest. */
export interface BackupInfo {
  readonly manifest: {
    readonly format: string;
    readonly version: number;
    readonly name: string;
    readonly createdAt: number;
    readonly files: readonly { readonly path: string; readonly size: number; readonly sha256: string }[];
  };
  readonly assets: readonly { readonly path: string; readonly size: number }[];
}

/** Why a backup was refused (the engine's `.code`); the message says it in words. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Something went wrong inside the engine (a crash or a stall); the editor recovers. */
export interface EngineFault {
  readonly kind: 'error' | 'stall';
  /** Which bridge call. */
  readonly call: string;
  readonly message: string;
  readonly ms: number;
}

const busyWait = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // a stalled engine call, simulated (test builds only)
  }
};

/** The engine's stable error codes (the generated `EngineError`'s `code`), plus `internal` for a bug. */
export type EngineErrorCode = EngineErrorData['code'] | 'internal' | 'read_only';

/** The engine refused a command; nothing changed. The UI branches on `code`, never on text. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** The error's fields, as the engine reports them. */
    readonly details: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }

  /** Converts what the WASM binding threw (an `Error` with `code` and `details`). */
  static from(thrown: unknown): EngineError {
    if (thrown instanceof EngineError) return thrown;
    const raw = thrown as { message?: unknown; code?: unknown; details?: unknown } | null;
    const code = typeof raw?.code === 'string' ? (raw.code as EngineErrorCode) : 'internal';
    let details: Record<string, unknown> = {};
    if (typeof raw?.details === 'string' && raw.details !== '') {
      try {
        details = JSON.parse(raw.details) as Record<string, unknown>;
      } catch {
        details = { raw: raw.details };
      }
    }
    const message = typeof raw?.message === 'string' ? raw.message : String(thrown);
    return new EngineError(code, message, details);
  }
}

/** No project is open in the bridge yet. */
export class NoProjectError extends Error {
  override readonly name = 'NoProjectError';
}

export interface LoadOptions {
  /** The engine's `.wasm`; defaults to the file the build emitted beside the editor. */
  readonly wasm?: WasmSource;
  /** The bindings to load through; defaults to the generated package. */
  readonly pkg?: EnginePackage;
}

/** Fetching, compiling or instantiating the engine failed; `cause` holds the browser's error. */
export class BridgeLoadError extends Error {
  override readonly name = 'BridgeLoadError';
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
  }
}

const generatedPackage: EnginePackage = {
  init: (source) => initGenerated({ module_or_path: source }),
  version: generatedVersion,
  createEngine: (clientId) => new GeneratedEngine(clientId),
  engineFromJSON: (clientId, json) => GeneratedEngine.fromJSON(clientId, json),
  syncUpdateMessage: generatedSyncUpdateMessage,
};

/** An engine outside the editor (benchmarks, tools), with the sync and query calls too. */
export interface StandaloneEngine extends RawEngine {
  query(query: string): string;
  encodeStateVector(): Uint8Array;
  applyUpdate(update: Uint8Array): void;
  encodeStateAsUpdate(stateVector: Uint8Array): Uint8Array;
  comment(command: string): string;
  comments(): string;
  setLocalUser(id: string, name: string): void;
}

/** A random client id below 2^53, unique per editor session (Yjs client ids). */
const randomClientId = (): number => Math.floor(Math.random() * 2 ** 52) + 1;

// The generated package keeps one instance per JS realm, so the default load is shared.
let defaultLoad: Promise<HyperBridge> | undefined;

export class HyperBridge {
  private raw: RawEngine | undefined;
  private gestureOpen = false;
  /** Why writes are refused (`setReadOnly`); null when they are not. */
  #readOnly: string | null = null;
  /** Who writes comments (`setLocalUser`), applied to every engine opened. */
  private localUser: { id: string; name: string } | null = null;
  /** Local updates the engine emitted during the call in progress, delivered when it succeeds. */
  private pendingUpdates: Uint8Array[] = [];
  private updateListener: ((update: Uint8Array) => void) | null = null;
  private faultListener: ((fault: EngineFault) => void) | null = null;
  private stallMs = Number.POSITIVE_INFINITY;
  private stallNext = 0;
  private depth = 0;

  private constructor(private readonly pkg: EnginePackage) {}

  /**
   * Fetches, compiles and instantiates the engine. Without options the result is shared by
   * every caller in this realm; a failed load is forgotten so a later call can retry.
   */
  static load(options: LoadOptions = {}): Promise<HyperBridge> {
    if (options.wasm !== undefined || options.pkg !== undefined) {
      return HyperBridge.instantiate(options.pkg ?? generatedPackage, options.wasm ?? generatedWasmUrl);
    }
    defaultLoad ??= HyperBridge.instantiate(generatedPackage, generatedWasmUrl).catch((error: unknown) => {
      defaultLoad = undefined;
      throw error;
    });
    return defaultLoad;
  }

  private static async instantiate(pkg: EnginePackage, wasm: WasmSource): Promise<HyperBridge> {
    try {
      await pkg.init(wasm);
    } catch (cause) {
      const what = typeof wasm === 'string' || wasm instanceof URL ? String(wasm) : 'the given bytes';
      throw new BridgeLoadError(`could not load the OMNIOS engine from ${what}: ${String(cause)}`, { cause });
    }
    return new HyperBridge(pkg);
  }

  /** The engine's version string, e.g. `omnios-engine 0.1.0`, as the WASM module reports it. */
  version(): string {
    return this.pkg.version();
  }

  // ---- the project ------------------------------------------------------------------------

  /** Opens an empty project with one page, "Home", and no undo history. Returns the page. */
  newProject(clientId: number = randomClientId()): PageId {
    const create = this.pkg.createEngine;
    if (create === undefined) throw new NoProjectError('this engine package cannot create engines');
    this.replaceEngine(create(clientId));
    const applied = this.commit({ type: 'create_page', name: 'Home' });
    this.engine().clearHistory();
    const page = applied.created_pages[0];
    if (page === undefined) throw new EngineError('internal', 'create_page created no page', {});
    return page;
  }

  /** An engine apart from the editor's (empty, or holding `json`); the caller frees it. */
  standaloneEngine(json?: string, clientId: number = randomClientId()): StandaloneEngine {
    const engine = json === undefined ? new GeneratedEngine(clientId) : GeneratedEngine.fromJSON(clientId, json);
    return engine;
  }

  /** An engine apart from the editor's, holding a whole saved document (Yjs v1 update). */
  standaloneEngineFromUpdate(update: Uint8Array, clientId: number = randomClientId()): StandaloneEngine {
    return GeneratedEngine.fromUpdate(clientId, update);
  }

  /** Opens a project from its snapshot JSON (`*.omnios.json`). */
  openProject(json: string, clientId: number = randomClientId()): void {
    const open = this.pkg.engineFromJSON;
    if (open === undefined) throw new NoProjectError('this engine package cannot open projects');
    let engine: RawEngine;
    try {
      engine = open(clientId, json);
    } catch (thrown) {
      throw EngineError.from(thrown);
    }
    this.replaceEngine(engine);
  }

  /**
   * Opens a project from its encoded document (Yjs v1, as `encodeState` wrote it) plus updates
   * written after it (the journal), with no undo history. Returns the values left out because
   * the engine refuses them since they were saved (empty for a sound project); anything else
   * refused is thrown and the open project kept.
   */
  openFromDoc(doc: Uint8Array, updates: readonly Uint8Array[] = [], clientId: number = randomClientId()): Dropped[] {
    const create = this.pkg.createEngine;
    if (create === undefined) throw new NoProjectError('this engine package cannot create engines');
    const engine = create(clientId);
    let dropped: Dropped[];
    try {
      dropped = loadSaved(engine, doc.length > 0 ? [doc, ...updates] : [...updates]);
      engine.clearHistory();
    } catch (thrown) {
      engine.free();
      throw EngineError.from(thrown);
    }
    this.replaceEngine(engine);
    return dropped;
  }

  /**
   * Opens a `.omnios` backup after verifying its manifest; throws `BackupError` (and keeps the
   * open project) if the file is tampered with, truncated or not a backup. Returns its name.
   */
  openBackup(bytes: Uint8Array, clientId: number = randomClientId()): string {
    let info: BackupInfo;
    let engine: RawEngine;
    try {
      info = JSON.parse(generatedVerifyBackup(bytes)) as BackupInfo;
      engine = GeneratedEngine.fromBackup(clientId, bytes);
    } catch (thrown) {
      const raw = thrown as { code?: unknown; message?: unknown } | null;
      throw new BackupError(
        typeof raw?.code === 'string' ? raw.code : 'not_a_backup',
        typeof raw?.message === 'string' ? raw.message : String(thrown),
      );
    }
    engine.clearHistory();
    this.replaceEngine(engine);
    return info.manifest.name;
  }

  /**
   * The open project as one `.omnios` file (zip with a SHA-256 manifest), carrying each blob of
   * `referencedBlobs()` as `assets/<sha256>`; throws `BackupError` (`missing_asset`) when one is
   * not given.
   */
  writeBackup(name: string, createdAt: number = Date.now(), blobs: readonly { sha256: string; bytes: Uint8Array }[] = []): Uint8Array {
    // A refusal (a blob missing) is the designer's to fix, not an engine fault: it leaves the
    // call as a value and is thrown as `BackupError` outside it.
    let refused: BackupError | undefined;
    const written = this.call((e) => {
      if (e.writeBackup === undefined) throw new NoProjectError('this engine cannot write backups');
      // Paths are below the backup's `assets/` folder: a blob is named by its SHA-256.
      const assets = blobs.map((b) => ({ path: b.sha256, bytes: b.bytes }));
      try {
        return e.writeBackup(name, createdAt, assets);
      } catch (thrown) {
        const raw = thrown as { code?: unknown; message?: unknown; name?: unknown } | null;
        if (raw?.name !== 'BackupError') throw thrown;
        refused = new BackupError(typeof raw.code === 'string' ? raw.code : 'backup', typeof raw.message === 'string' ? raw.message : String(thrown));
        return undefined;
      }
    }, 'writeBackup');
    if (written === undefined) throw refused ?? new BackupError('backup', 'the backup was not written');
    return written;
  }

  /** The SHA-256 of every blob the open project's asset library needs (what a backup carries). */
  referencedBlobs(): string[] {
    return this.call((e) => {
      if (e.referencedBlobs === undefined) return [];
      return JSON.parse(e.referencedBlobs()) as string[];
    }, 'referencedBlobs');
  }

  /** The SHA-256 of every blob an encoded document (a saved version, Yjs v1) needs; throws
   *  `EngineError` for bytes that are not a document. */
  blobsInVersion(doc: Uint8Array): string[] {
    try {
      return JSON.parse(generatedBlobsInVersion(doc)) as string[];
    } catch (thrown) {
      throw EngineError.from(thrown);
    }
  }

  /** The blobs a backup carries (`assets/<sha256>`; paths below `assets/`), each under the hash its path names;
   *  throws `BackupError` for a file that is not a sound backup. */
  backupBlobs(bytes: Uint8Array): { sha256: string; bytes: Uint8Array }[] {
    try {
      const info = JSON.parse(generatedVerifyBackup(bytes)) as BackupInfo;
      return info.assets.flatMap(({ path }) => {
        const sha256 = /^([0-9a-f]{64})$/.exec(path)?.[1];
        const blob = sha256 === undefined ? undefined : generatedBackupAsset(bytes, path);
        return sha256 === undefined || blob === undefined ? [] : [{ sha256, bytes: blob }];
      });
    } catch (thrown) {
      const raw = thrown as { code?: unknown; message?: unknown } | null;
      throw new BackupError(typeof raw?.code === 'string' ? raw.code : 'not_a_backup', typeof raw?.message === 'string' ? raw.message : String(thrown));
    }
  }

  /** The whole document, encoded (Yjs v1): what the local database keeps. */
  encodeState(): Uint8Array {
    return this.call((e) => {
      if (e.encodeStateAsUpdate === undefined) throw new NoProjectError('this engine cannot encode its state');
      return e.encodeStateAsUpdate(new Uint8Array());
    }, 'encodeState');
  }

  /** The open document's state vector (Yjs v1): what it holds, to ask a peer for the rest. */
  stateVector(): Uint8Array {
    return this.call((e) => {
      if (e.encodeStateVector === undefined) throw new NoProjectError('this engine cannot encode its state vector');
      return e.encodeStateVector();
    }, 'stateVector');
  }

  /**
   * What a document at `stateVector` lacks, as one update (Yjs v1): the changes since then,
   * sized by the change, not by the document.
   */
  encodeSince(stateVector: Uint8Array): Uint8Array {
    return this.call((e) => {
      if (e.encodeStateAsUpdate === undefined) throw new NoProjectError('this engine cannot encode its state');
      return e.encodeStateAsUpdate(stateVector);
    }, 'encodeSince');
  }

  /**
   * Applies an update from elsewhere (another tab of this project, a journal): not an undo
   * step and not passed on as a local update; the next deltas report what it changed. Throws
   * `EngineError` (`invalid_update`, nothing changed) for bytes that are not an update.
   */
  applyRemoteUpdate(update: Uint8Array): void {
    this.call((e) => {
      if (e.applyUpdate === undefined) throw new NoProjectError('this engine cannot apply updates');
      e.applyUpdate(update);
    }, 'applyRemoteUpdate');
  }

  // ---- live collaboration (y-websocket protocol; web/src/collab/) -----------------------

  private sync<T>(name: keyof RawEngine, run: (engine: Required<RawEngine>) => T): T {
    return this.call((e) => {
      if (e[name] === undefined) throw new NoProjectError('this engine cannot collaborate live');
      return run(e as Required<RawEngine>);
    }, name);
  }

  /** Sync step 1 (this document's state vector): the first message of every connection. */
  syncStep1(): Uint8Array {
    return this.sync('syncStep1', (e) => e.syncStep1());
  }

  /**
   * Handles one incoming y-websocket message: answers a sync step 1, applies the update of a
   * sync step 2 or update message through the engine's validation (a refused update changes
   * nothing and is reported in `refused`; the next deltas report what an accepted one changed),
   * takes awareness states. Throws `EngineError` `invalid_update` for bytes that are not a message.
   */
  receiveSyncMessage(frame: Uint8Array): SyncReceipt {
    const raw = this.sync('receiveSyncMessage', (e) => e.receiveSyncMessage(frame)) as RawSyncReceipt;
    return {
      kind: raw.kind as SyncMessageKind,
      reply: raw.reply ?? null,
      refused: raw.refused === undefined ? null : EngineError.from(raw.refused),
      denied: raw.denied ?? null,
    };
  }

  /** A local update (from `onLocalUpdate`) as a y-websocket update message. */
  syncUpdateMessage(update: Uint8Array): Uint8Array {
    if (this.pkg.syncUpdateMessage === undefined) throw new NoProjectError('this engine cannot collaborate live');
    return this.pkg.syncUpdateMessage(update);
  }

  /** Sets (or renews) this user's awareness state; returns the awareness message announcing it. */
  setAwarenessState(state: object): Uint8Array {
    const json = JSON.stringify(state);
    return this.sync('setAwarenessState', (e) => e.setAwarenessState(json));
  }

  /** Clears this user's awareness state (leaving); returns the message saying so. */
  clearAwarenessState(): Uint8Array {
    return this.sync('clearAwarenessState', (e) => e.clearAwarenessState());
  }

  /** Every awareness state this engine knows, as one message. */
  awarenessMessage(): Uint8Array {
    return this.sync('awarenessMessage', (e) => e.awarenessMessage());
  }

  /** The other users' awareness states (their JSON unparsed: `collab/presence.ts` checks it). */
  awarenessStates(): RawAwarenessState[] {
    return JSON.parse(this.sync('awarenessStates', (e) => e.awarenessStates())) as RawAwarenessState[];
  }

  /** This document's client id: the awareness id the other users see. */
  clientId(): number {
    return this.sync('clientId', (e) => e.clientId());
  }

  /**
   * Restores a saved version (an encoded document) as one transaction and one undo step: its
   * project settings, pages and elements, pages the document lost since included. Throws
   * `EngineError` (and changes nothing) for bytes that are not a document.
   */
  restore(update: Uint8Array): void {
    this.#writable();
    this.gestureOpen = false;
    this.call((e) => {
      if (e.restore === undefined) throw new NoProjectError('this engine cannot restore versions');
      e.restore(update);
    }, 'restore');
  }

  /**
   * The pages and elements an encoded document (plus updates written after it) holds, read in an
   * engine apart from the editor's.
   */
  readDoc(doc: Uint8Array, updates: readonly Uint8Array[] = []): Deltas {
    return this.apart(doc, updates, (engine) => JSON.parse(engine.fullDeltas()) as Deltas);
  }

  /**
   * An encoded document plus the updates written after it, merged into one encoded document
   * (Yjs v1) in an engine apart from the editor's: what compacting a saved update log writes.
   */
  mergeDoc(doc: Uint8Array, updates: readonly Uint8Array[]): Uint8Array {
    return this.apart(doc, updates, (engine) => engine.encodeStateAsUpdate(new Uint8Array()));
  }

  private apart<T>(doc: Uint8Array, updates: readonly Uint8Array[], read: (engine: GeneratedEngine) => T): T {
    const engine = new GeneratedEngine(randomClientId());
    try {
      loadSaved(engine, [doc, ...updates]);
      return read(engine);
    } catch (thrown) {
      throw EngineError.from(thrown);
    } finally {
      engine.free();
    }
  }

  /**
   * Each local update of the open engine (commits, undo, redo, gestures), delivered only after
   * the call that made it returned normally: an update from a call that crashed is never passed
   * on (the editor then recovers to the last good state). A call that returned but took longer
   * than the stall threshold did its work: its updates are passed on before the stall is reported.
   */
  onLocalUpdate(listener: ((update: Uint8Array) => void) | null): void {
    this.updateListener = listener;
  }

  /**
   * Watches engine calls: one that throws an unexpected error (`internal`, a WASM trap) or runs
   * longer than `stallMs` is reported once to `listener`.
   */
  watchFaults(listener: ((fault: EngineFault) => void) | null, stallMs = 2000): void {
    this.faultListener = listener;
    this.stallMs = listener === null ? Number.POSITIVE_INFINITY : stallMs;
  }

  /** Test builds only: the next engine call busy-waits `ms` first, as a stalled engine would. */
  simulateStall(ms: number): void {
    this.stallNext = ms;
  }

  /** Reports a fault seen outside one call (a frame whose engine work stalled). */
  reportFault(fault: EngineFault): void {
    this.fault(fault);
  }

  private fault(fault: EngineFault): void {
    const listener = this.faultListener;
    if (listener === null) return;
    this.faultListener = null; // once: the editor reloads and watches again
    listener(fault);
  }

  /** Whether a project is open. */
  hasProject(): boolean {
    return this.raw !== undefined;
  }

  private replaceEngine(engine: RawEngine): void {
    this.gestureOpen = false;
    this.pendingUpdates = [];
    try {
      this.raw?.free();
    } catch {
      // an engine that crashed may not free cleanly; it is dropped either way
    }
    this.raw = engine;
    try {
      if (this.localUser !== null) engine.setLocalUser?.(this.localUser.id, this.localUser.name);
    } catch {
      // a malformed person: comments are written as the engine's default one
    }
    engine.onLocalUpdate?.((update) => {
      if (this.raw !== engine) return;
      if (this.depth > 0) this.pendingUpdates.push(update.slice());
      else this.updateListener?.(update.slice());
    });
  }

  /** Forgets this user's undo and redo steps (a project's first page is not one). */
  clearHistory(): void {
    this.engine().clearHistory();
  }

  /** The raw engine, for `window.omnios` in test builds; the editor itself calls the methods below. */
  engine(): RawEngine {
    if (this.raw === undefined) throw new NoProjectError('no project is open');
    return this.raw;
  }

  private call<T>(run: (engine: RawEngine) => T, name = 'engine call'): T {
    const engine = this.engine();
    const started = performance.now();
    if (this.stallNext > 0) {
      const ms = this.stallNext;
      this.stallNext = 0;
      busyWait(ms);
    }
    let result: T;
    this.depth += 1;
    try {
      result = run(engine);
    } catch (thrown) {
      this.depth -= 1;
      const error = EngineError.from(thrown);
      if (this.depth === 0) {
        const updates = this.pendingUpdates;
        this.pendingUpdates = [];
        if (error.code === 'internal' || thrown instanceof WebAssembly.RuntimeError) {
          this.fault({ kind: 'error', call: name, message: error.message, ms: performance.now() - started });
        } else {
          for (const u of updates) this.updateListener?.(u);
        }
      }
      throw error;
    }
    this.depth -= 1;
    if (this.depth === 0) {
      const updates = this.pendingUpdates;
      this.pendingUpdates = [];
      const ms = performance.now() - started;
      // A slow call that returned did its work: the user saw it applied, so its updates are
      // passed on (journalled) before the stall is reported, and the recovery keeps them.
      for (const u of updates) this.updateListener?.(u);
      if (ms > this.stallMs) {
        this.fault({ kind: 'stall', call: name, message: `the engine did not answer for ${(ms / 1000).toFixed(1)} s`, ms });
      }
    }
    return result;
  }

  // ---- commands, deltas, history --------------------------------------------------------

  /**
   * Refuses every design write from here on — commands, undo and redo, restores; not comments — with
   * `EngineError` `read_only` and `reason` as its message, until set back to null: the editor of
   * someone who may only view the project. What others write still arrives (`applyUpdate`).
   */
  setReadOnly(reason: string | null): void {
    this.#readOnly = reason;
  }

  /** Whether writes are refused (`setReadOnly`). */
  get readOnly(): boolean {
    return this.#readOnly !== null;
  }

  #writable(): void {
    if (this.#readOnly !== null) throw new EngineError('read_only', this.#readOnly, {});
  }

  /** Applies one command; throws `EngineError` (and changes nothing) if the engine refuses it. */
  commit(command: Command): Applied {
    this.#writable();
    return JSON.parse(this.call((e) => e.commit(JSON.stringify(command)), 'commit')) as Applied;
  }

  /** Applies commands as one transaction and one undo step. */
  commitBatch(commands: readonly Command[]): Applied {
    this.#writable();
    return JSON.parse(this.call((e) => e.commitBatch(JSON.stringify(commands)), 'commitBatch')) as Applied;
  }

  /** What changed since the last call. */
  takeDeltas(): Deltas {
    return JSON.parse(this.call((e) => e.takeDeltas(), 'takeDeltas')) as Deltas;
  }

  /** Everything, as deltas: for a store that just attached. */
  fullDeltas(): Deltas {
    return JSON.parse(this.call((e) => e.fullDeltas())) as Deltas;
  }

  /**
   * Undoes this user's last step (an open gesture is dropped first). Throws `undo_overwritten`
   * when collaborators have since overwritten everything the step wrote: nothing changes and the
   * step is dropped, so the next undo goes one step further back, never silently past it.
   */
  undo(): boolean {
    this.#writable();
    this.gestureOpen = false;
    return this.call((e) => e.undo(), 'undo');
  }

  /** Redoes the last undone step; throws `undo_overwritten` as `undo` does. */
  redo(): boolean {
    this.#writable();
    this.gestureOpen = false;
    return this.call((e) => e.redo(), 'redo');
  }

  canUndo(): boolean {
    return this.call((e) => e.canUndo());
  }

  canRedo(): boolean {
    return this.call((e) => e.canRedo());
  }

  /** Starts a gesture: commands until `endGesture` are previewed, then written once. */
  beginGesture(): void {
    this.call((e) => e.beginGesture());
    this.gestureOpen = true;
  }

  endGesture(): Applied {
    this.gestureOpen = false;
    return JSON.parse(this.call((e) => e.endGesture(), 'endGesture')) as Applied;
  }

  cancelGesture(): void {
    this.gestureOpen = false;
    this.call((e) => e.cancelGesture());
  }

  /**
   * Whether a gesture is open: its commands are only previewed, so the document (and the
   * engine's layout of it) has not changed.
   */
  inGesture(): boolean {
    return this.gestureOpen;
  }

  /** The whole project as snapshot JSON. */
  toJSON(): string {
    return this.call((e) => e.toJSON());
  }

  // ---- comments (not design edits: never an undo step) -----------------------------------

  /**
   * Who writes comments from this editor: an account's id and name, or this browser's local
   * person. Kept for every project opened afterwards; throws `EngineError` for a malformed id.
   */
  setLocalUser(id: string, name: string): void {
    if (this.raw !== undefined) this.call((e) => e.setLocalUser?.(id, name), 'setLocalUser');
    this.localUser = { id, name };
  }

  /** The id comments from this editor are written under (`setLocalUser`), or null before it is set. */
  localUserId(): string | null {
    return this.localUser?.id ?? null;
  }

  /**
   * Applies a comment command as the local user; throws `EngineError` if refused. Open in a
   * read-only editor too: a viewer may comment (the live room accepts comments in their name).
   */
  comment(command: CommentCommand): CommentApplied {
    return JSON.parse(
      this.call((e) => {
        if (e.comment === undefined) throw new NoProjectError('this engine package has no comments');
        return e.comment(JSON.stringify(command));
      }, 'comment'),
    ) as CommentApplied;
  }

  /** Every comment thread with its messages, oldest first. */
  comments(): Thread[] {
    return JSON.parse(this.call((e) => e.comments?.() ?? '[]', 'comments')) as Thread[];
  }

  // ---- questions about the document (answered by the engine's rules, not re-implemented) ---

  /** The default-state styles in force on an element at a breakpoint, each with the breakpoint that set it. */
  cascadedStyles(id: ElementId, breakpoint: Breakpoint): CascadedStyles {
    return JSON.parse(this.call((e) => e.cascadedStyles(id, breakpoint), 'cascadedStyles')) as CascadedStyles;
  }

  /** Page ids in the order the page list shows them. */
  pageOrder(): PageId[] {
    return JSON.parse(this.call((e) => e.pageOrder(), 'pageOrder')) as PageId[];
  }

  // ---- layout and space -------------------------------------------------------------------

  setTextMeasurer(measure: (request: string, maxWidth?: number) => [number, number]): void {
    this.call((e) => e.setTextMeasurer(measure));
  }

  setBreakpoint(breakpoint: Breakpoint, frameHeight: number): void {
    this.call((e) => e.setBreakpoint(breakpoint, frameHeight));
  }

  setLayoutPage(pageId: PageId): void {
    this.call((e) => e.setLayoutPage(pageId));
  }

  /** Lays out the active page incrementally; the boxes that changed since the last call. */
  layout(): LayoutResult {
    return JSON.parse(this.call((e) => e.layout(), 'layout')) as LayoutResult;
  }

  /** Every box of the active page. */
  allBoxes(): Readonly<Record<ElementId, Rect>> {
    return JSON.parse(this.call((e) => e.allBoxes())) as Record<ElementId, Rect>;
  }

  /** The topmost selectable element at a page point. */
  hitTest(x: number, y: number): ElementId | undefined {
    return this.call((e) => e.hitTest(x, y)) ?? undefined;
  }

  /** Selectable elements entirely inside a page rectangle, outermost only. */
  marquee(rect: Rect): ElementId[] {
    return JSON.parse(this.call((e) => e.marquee(rect.x, rect.y, rect.width, rect.height))) as ElementId[];
  }

  /**
   * Where a flow element dropped at a page point would land: the container, the index among its
   * children once `excluding` (the elements being moved) are taken out, and the line to draw.
   * Near a container's edges the drop goes before or after it; `inside` (Alt held) drops into
   * the innermost container under the point.
   */
  dropTarget(x: number, y: number, excluding: readonly ElementId[], inside = false): DropTarget | null {
    const found = this.call((e) => e.dropTarget(x, y, JSON.stringify(excluding), inside));
    return found === undefined ? null : (JSON.parse(found) as DropTarget);
  }

  /** Snaps a moving or resizing box to its neighbours; returns the box and guides to draw. */
  snap(request: SnapRequest): SnapResult {
    return JSON.parse(this.call((e) => e.snap(JSON.stringify(request)))) as SnapResult;
  }
}

/** Loads a saved document and the updates after it into `engine`, leaving out values refused since they were saved. */
function loadSaved(engine: RawEngine, pieces: Uint8Array[]): Dropped[] {
  if (engine.loadSaved !== undefined) return JSON.parse(engine.loadSaved(pieces)) as Dropped[];
  const apply = engine.applyUpdate?.bind(engine);
  if (apply === undefined) throw new NoProjectError('this engine cannot load documents');
  for (const piece of pieces) apply(piece);
  return [];
}
