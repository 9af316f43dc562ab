// HyperBridge: the one owner of the WASM engine in the editor. It is the only module that
// imports the wasm-bindgen package in ./__generated__ (built by `make wasm`); components and
// stores call the bridge, never the package.
import initGenerated, {
  Engine as GeneratedEngine,
  benchmarkPage as generatedBenchmarkPage,
  version as generatedVersion,
} from './__generated__/omnios_wasm.js';
import generatedWasmUrl from './__generated__/omnios_wasm_bg.wasm?url';
import type {
  Applied,
  Breakpoint,
  Command,
  Deltas,
  ElementId,
  LayoutResult,
  PageId,
  Rect,
  SnapRequest,
  SnapResult,
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
  /** The 10,000-element benchmark page as snapshot JSON. */
  benchmarkPage?(flexOnly: boolean): string;
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
  setTextMeasurer(measure: (request: string, maxWidth?: number) => [number, number]): void;
  setBreakpoint(breakpoint: string, frameHeight: number): void;
  setLayoutPage(pageId: string): void;
  layout(): string;
  allBoxes(): string;
  hitTest(x: number, y: number): string | undefined;
  marquee(x: number, y: number, width: number, height: number): string;
  snap(request: string): string;
  free(): void;
}

/** The engine's stable error codes (engine/core/src/error.rs, `EngineError::code`). */
export type EngineErrorCode =
  | 'invalid_id'
  | 'unknown_element'
  | 'unknown_page'
  | 'duplicate_id'
  | 'would_create_cycle'
  | 'wrong_kind'
  | 'invalid_value'
  | 'payload_too_large'
  | 'invalid_command'
  | 'invalid_update'
  | 'invalid_query'
  | 'invalid_snapshot'
  | 'cross_page'
  | 'page_root'
  | 'last_page'
  | 'unknown_subscription'
  | 'internal';

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
  benchmarkPage: (flexOnly) => generatedBenchmarkPage(flexOnly),
};

/** An engine outside the editor (benchmarks, tools), with the sync and query calls too. */
export interface StandaloneEngine extends RawEngine {
  query(query: string): string;
  applyUpdate(update: Uint8Array): void;
  encodeStateAsUpdate(stateVector: Uint8Array): Uint8Array;
}

/** A random client id below 2^53, unique per editor session (Yjs client ids). */
const randomClientId = (): number => Math.floor(Math.random() * 2 ** 52) + 1;

// The generated package keeps one instance per JS realm, so the default load is shared.
let defaultLoad: Promise<HyperBridge> | undefined;

export class HyperBridge {
  private raw: RawEngine | undefined;
  private gestureOpen = false;

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

  /**
   * The 10,000-element benchmark page (tests/fixtures/benchmark_page.rs, the one generator
   * every benchmark uses) as snapshot JSON; `flexOnly` turns block boxes into flex columns.
   */
  benchmarkPage(flexOnly = false): string {
    const make = this.pkg.benchmarkPage;
    if (make === undefined) throw new NoProjectError('this engine package has no benchmark page');
    return make(flexOnly);
  }

  /** An engine apart from the editor's (empty, or holding `json`); the caller frees it. */
  standaloneEngine(json?: string, clientId: number = randomClientId()): StandaloneEngine {
    const engine = json === undefined ? new GeneratedEngine(clientId) : GeneratedEngine.fromJSON(clientId, json);
    return engine;
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

  /** Whether a project is open. */
  hasProject(): boolean {
    return this.raw !== undefined;
  }

  private replaceEngine(engine: RawEngine): void {
    this.gestureOpen = false;
    this.raw?.free();
    this.raw = engine;
  }

  /** The raw engine, for `window.omnios` in test builds; the editor itself calls the methods below. */
  engine(): RawEngine {
    if (this.raw === undefined) throw new NoProjectError('no project is open');
    return this.raw;
  }

  private call<T>(run: (engine: RawEngine) => T): T {
    const engine = this.engine();
    try {
      return run(engine);
    } catch (thrown) {
      throw EngineError.from(thrown);
    }
  }

  // ---- commands, deltas, history --------------------------------------------------------

  /** Applies one command; throws `EngineError` (and changes nothing) if the engine refuses it. */
  commit(command: Command): Applied {
    return JSON.parse(this.call((e) => e.commit(JSON.stringify(command)))) as Applied;
  }

  /** Applies commands as one transaction and one undo step. */
  commitBatch(commands: readonly Command[]): Applied {
    return JSON.parse(this.call((e) => e.commitBatch(JSON.stringify(commands)))) as Applied;
  }

  /** What changed since the last call. */
  takeDeltas(): Deltas {
    return JSON.parse(this.call((e) => e.takeDeltas())) as Deltas;
  }

  /** Everything, as deltas: for a store that just attached. */
  fullDeltas(): Deltas {
    return JSON.parse(this.call((e) => e.fullDeltas())) as Deltas;
  }

  /** Undoes this user's last step (an open gesture is dropped first). */
  undo(): boolean {
    this.gestureOpen = false;
    return this.call((e) => e.undo());
  }

  redo(): boolean {
    this.gestureOpen = false;
    return this.call((e) => e.redo());
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
    return JSON.parse(this.call((e) => e.endGesture())) as Applied;
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
    return JSON.parse(this.call((e) => e.layout())) as LayoutResult;
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

  /** Snaps a moving or resizing box to its neighbours; returns the box and guides to draw. */
  snap(request: SnapRequest): SnapResult {
    return JSON.parse(this.call((e) => e.snap(JSON.stringify(request)))) as SnapResult;
  }
}
