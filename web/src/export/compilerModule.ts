// The export compiler's WASM module (engine/compiler-wasm, built by `make compiler-wasm` into
// ./__generated__). The one importer of that package, and only through dynamic `import()`: the
// module is a chunk of its own that the editor fetches when someone exports, never at start-up.

/** Where the compiler's `.wasm` comes from: a URL to fetch, or the module's bytes (tests). */
export type CompilerWasmSource = string | URL | BufferSource;

/** One compiled export: its files in path order (manifest.json among them) and its warnings. */
export interface CompiledFiles {
  readonly files: readonly { readonly path: string; readonly bytes: Uint8Array }[];
  readonly warnings: readonly string[];
}

/**
 * One export of a project in the compiler: the snapshot read once, then the asset library's
 * blobs handed over, then compiled. `free` releases the module's memory (call it once done).
 */
export interface ExportJob {
  /** The SHA-256s of the library blobs the chosen pages use, sorted. Throws the compiler's message. */
  blobsNeeded(): readonly string[];
  /** Hands over one blob; throws when the bytes do not have that SHA-256. */
  addBlob(sha256: string, bytes: Uint8Array): void;
  /** Compiles for `target`; throws the compiler's message (e.g. a missing blob, naming the asset). */
  compile(target: ExportTarget): CompiledFiles;
  free(): void;
}

/** The compiler as the export pipeline calls it. */
export interface Compiler {
  readonly version: string;
  /** Reads snapshot JSON for export; `pages` chooses page ids (all when absent). Throws the compiler's message. */
  prepare(snapshotJson: string, pages?: readonly string[]): ExportJob;
}

export type ExportTarget = 'nextjs' | 'static';

let loaded: Promise<Compiler> | undefined;

/** Loads (once) and starts the compiler module. A failed load is retried on the next call. */
export function loadCompiler(source?: CompilerWasmSource): Promise<Compiler> {
  if (source !== undefined) return instantiate(source);
  loaded ??= instantiate().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function instantiate(source?: CompilerWasmSource): Promise<Compiler> {
  const pkg = await import('./__generated__/omnios_compiler_wasm.js');
  const wasm = source ?? (await import('./__generated__/omnios_compiler_wasm_bg.wasm?url')).default;
  await pkg.default({ module_or_path: wasm });
  return {
    version: pkg.version(),
    prepare(snapshotJson, pages) {
      const job = new pkg.ExportJob(snapshotJson, pages === undefined ? undefined : [...pages]);
      return {
        blobsNeeded: () => job.blobsNeeded(),
        addBlob: (sha256, bytes) => job.addBlob(sha256, bytes),
        compile(target) {
          const compiled = job.compile(target);
          try {
            const files = compiled.paths().map((path, index) => ({ path, bytes: compiled.bytes(index) }));
            return { files, warnings: compiled.warnings() };
          } finally {
            compiled.free();
          }
        },
        free: () => job.free(),
      };
    },
  };
}
