// The export as one .zip. fflate (npm) rather than the Rust `zip` crate inside the compiler
// module: it adds about 8 KB gzipped to the lazily loaded export chunk, where the crate's
// deflate would grow the compiler's WASM module (kept under 300 KB gzipped) by several times
// that, and zipping is I/O packaging, not compilation, so the compiler crate stays pure.
import { zipSync, type Zippable } from 'fflate';

// Every entry gets the same timestamp, so one export gives the same bytes every time. A ZIP
// stores local DOS time; built from local fields, this Date reads back the same in any zone.
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** The files as a ZIP archive (deflate, fixed timestamps): same files in, same bytes out. */
export function zipFiles(files: readonly { readonly path: string; readonly bytes: Uint8Array }[]): Uint8Array {
  const entries: Zippable = {};
  for (const file of files) entries[file.path] = [file.bytes, { mtime: FIXED_TIME }];
  return zipSync(entries, { level: 6, mtime: FIXED_TIME });
}
