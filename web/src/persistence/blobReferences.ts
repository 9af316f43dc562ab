// Which stored blobs this browser's projects still need: every blob the current document of
// each project and each of its saved versions references (the engine's `blobsInVersion`).
// The blob store's garbage collector keeps these; a version restored later finds its pictures.
import type { HyperBridge } from '../bridge/HyperBridge';
import type { LocalProjects } from './localProjects';

export async function blobsInUse(projects: LocalProjects, bridge: HyperBridge): Promise<Set<string>> {
  const keep = new Set<string>();
  const add = (doc: Uint8Array): void => {
    for (const sha of bridge.blobsInVersion(doc)) keep.add(sha);
  };
  for (const project of await projects.list()) {
    const stored = await projects.loadDoc(project.id);
    add(stored.updates.length === 0 ? stored.snapshot : bridge.mergeDoc(stored.snapshot, stored.updates));
    for (const version of await projects.listVersions(project.id)) add(await projects.loadVersion(version.id));
  }
  return keep;
}
