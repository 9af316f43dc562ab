// HyperBridge: the one owner of the WASM engine in the editor. It is the only module that
// imports the wasm-bindgen package in ./__generated__ (built by `make wasm`); components and
// stores call the bridge, never the package.
import initGenerated, { version as generatedVersion } from './__generated__/omnios_wasm.js';
import generatedWasmUrl from './__generated__/omnios_wasm_bg.wasm?url';

/** Where the engine's `.wasm` comes from: a URL to fetch, or the module's bytes. */
export type WasmSource = string | URL | BufferSource;

/** The part of the wasm-bindgen package the bridge uses. Tests pass a fake. */
export interface EnginePackage {
  init(source: WasmSource): Promise<unknown>;
  version(): string;
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
};

// The generated package keeps one instance per JS realm, so the default load is shared.
let defaultLoad: Promise<HyperBridge> | undefined;

export class HyperBridge {
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
}
