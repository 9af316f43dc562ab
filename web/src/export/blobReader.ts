// How the export gets the bytes of the asset library's files: the blob store (web/src/assets)
// reads one blob by its SHA-256. The export asks the compiler which blobs the chosen pages use,
// reads each through this function and hands the bytes to the compiler.

/** Reads one blob of the asset library by SHA-256; `undefined` when the store does not hold it. */
export type BlobReader = (sha256: string) => Promise<Uint8Array | undefined>;

/**
 * The reader of an editor without a blob store: it holds nothing, so an export of a page showing
 * a library asset stops with the compiler's message naming the asset and the element.
 */
export const noBlobStore: BlobReader = () => Promise.resolve(undefined);
