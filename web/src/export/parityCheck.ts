// The Export dialog's parity check: the static export compiled from the project (the Next.js
// app shares its CSS and markup structure), each page rendered offscreen at 1440, 768 and 375 px,
// and every element's box compared with the editor's layout of the same page and breakpoint.
import type { Breakpoint, HyperBridge, Snapshot } from '../bridge/HyperBridge';
import { BREAKPOINTS, FRAME_WIDTH } from '../bridge/types';
import { FRAME_HEIGHT } from '../store/projectStore';
import type { BlobReader } from './blobReader';
import { loadCompiler, type Compiler } from './compilerModule';
import { compareBoxes, PARITY_TOLERANCE_PX } from './compareBoxes';
import { editorLayout } from './editorBoxes';
import { compileProject } from './exportProject';
import { staticPageBoxes, staticPagePath } from './staticPageFrame';

/** One page at one breakpoint. */
export interface ParityCell {
  readonly pageId: string;
  readonly pageName: string;
  readonly breakpoint: Breakpoint;
  readonly width: number;
  /** Elements compared. */
  readonly compared: number;
  /** Elements off by more than the tolerance (or missing from the export). */
  readonly differing: number;
  /** The element that differs most. */
  readonly worst?: { readonly id: string; readonly label: string; readonly by: number; readonly missing: boolean };
}

/** The result of one check. */
export interface ParityReport {
  /** When it ran (ms since the epoch). */
  readonly checkedAt: number;
  readonly tolerancePx: number;
  readonly cells: readonly ParityCell[];
}

export interface ParityRequest {
  readonly bridge: HyperBridge;
  readonly snapshotJson: string;
  readonly readBlob: BlobReader;
}

/** How a person recognises an element: its name, else its kind and the start of its text, and its id. */
export function elementLabel(el: Snapshot['elements'][number] | undefined, id: string): string {
  if (el === undefined) return id;
  const text = el.content?.trim().replace(/\s+/g, ' ') ?? '';
  const what = el.name?.trim() || (text === '' ? el.kind : `${el.kind} “${text.length > 24 ? `${text.slice(0, 24)}…` : text}”`);
  return `${what} (${id})`;
}

/** Runs the check over every page at every breakpoint; `onProgress` gets (done, total). */
export async function checkParity(
  request: ParityRequest,
  onProgress: (done: number, total: number) => void = () => {},
  load: () => Promise<Compiler> = loadCompiler,
  doc: Document = document,
  now: () => number = Date.now,
): Promise<ParityReport> {
  const snapshot = JSON.parse(request.snapshotJson) as Snapshot;
  const compiled = await compileProject(
    { snapshotJson: request.snapshotJson, projectName: 'parity', target: 'static', readBlob: request.readBlob },
    undefined,
    load,
  );
  const files = new Map(compiled.files.map((f) => [f.path, f.bytes]));
  const elements = new Map(snapshot.elements.map((e) => [e.id, e]));
  const pages = [...snapshot.pages].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : 1));
  const layout = editorLayout(request.bridge, request.snapshotJson, doc);
  const cells: ParityCell[] = [];
  const total = pages.length * BREAKPOINTS.length;
  try {
    for (const page of pages) {
      for (const breakpoint of BREAKPOINTS) {
        const width = FRAME_WIDTH[breakpoint];
        const editor = layout.boxes(page.id, page.root, breakpoint);
        const exported = await staticPageBoxes(doc, files, staticPagePath(page.slug), width, FRAME_HEIGHT);
        const { compared, differing } = compareBoxes(editor, exported);
        const worst = differing[0];
        cells.push({
          pageId: page.id,
          pageName: page.name,
          breakpoint,
          width,
          compared,
          differing: differing.length,
          ...(worst === undefined ? {} : { worst: { ...worst, label: elementLabel(elements.get(worst.id), worst.id) } }),
        });
        onProgress(cells.length, total);
      }
    }
  } finally {
    layout.free();
  }
  return { checkedAt: now(), tolerancePx: PARITY_TOLERANCE_PX, cells };
}
