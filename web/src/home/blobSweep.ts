// Frees the blob store of files no project of this browser needs any more (deleted projects,
// replaced or removed assets), keeping what any saved version still references and anything
// written in the last day — an open tab may have added a file it has not saved yet.
import { openBlobStore } from '../assets/blobStore';
import { HyperBridge } from '../bridge/HyperBridge';
import { blobsInUse } from '../persistence/blobReferences';
import { localProjects } from '../persistence/projectSession';

/** Unreferenced blobs younger than this stay. */
export const BLOB_GRACE_MS = 24 * 60 * 60 * 1000;

/** Removes the unreferenced blobs; returns their keys. Any failure before the sweep removes nothing. */
export async function sweepUnusedBlobs(now: number = Date.now()): Promise<string[]> {
  const keep = await blobsInUse(await localProjects(), await HyperBridge.load());
  return (await openBlobStore()).collectGarbage(keep, now - BLOB_GRACE_MS);
}
