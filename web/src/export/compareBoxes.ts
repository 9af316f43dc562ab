// The parity check's comparison: each element's box in the editor (the engine's layout, what
// the canvas shows) against its box in the rendered static export, both measured from the
// page's top-left corner. An element differs when any edge or size is off by more than the
// tolerance, or when the export does not show it at all.
import type { Rect } from '../bridge/HyperBridge';

/** Off by more than this many CSS pixels, an element differs. */
export const PARITY_TOLERANCE_PX = 1;

/** One element that differs: by how many pixels at most, or missing from the export. */
export interface BoxDifference {
  readonly id: string;
  /** The largest gap of x, y, width or height, in CSS pixels (the editor box's size when missing). */
  readonly by: number;
  readonly missing: boolean;
}

export interface BoxComparison {
  /** Elements the editor lays out on the page. */
  readonly compared: number;
  /** Those that differ, the worst first. */
  readonly differing: readonly BoxDifference[];
}

/** Compares every box the editor lays out with the export's box of the same element. */
export function compareBoxes(
  editor: Readonly<Record<string, Rect>>,
  exported: Readonly<Record<string, Rect>>,
  tolerance: number = PARITY_TOLERANCE_PX,
): BoxComparison {
  const differing: BoxDifference[] = [];
  const ids = Object.keys(editor).sort();
  for (const id of ids) {
    const a = editor[id];
    if (a === undefined) continue;
    const b = exported[id];
    if (b === undefined) {
      differing.push({ id, by: Math.max(a.width, a.height), missing: true });
      continue;
    }
    const by = Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.width - b.width), Math.abs(a.height - b.height));
    if (by > tolerance) differing.push({ id, by, missing: false });
  }
  differing.sort((p, q) => Number(q.missing) - Number(p.missing) || q.by - p.by || (p.id < q.id ? -1 : 1));
  return { compared: ids.length, differing };
}

/** Boxes moved so that `origin` is at (0, 0). */
export function relativeTo(boxes: Readonly<Record<string, Rect>>, origin: { readonly x: number; readonly y: number }): Record<string, Rect> {
  const out: Record<string, Rect> = {};
  for (const [id, r] of Object.entries(boxes)) out[id] = { x: r.x - origin.x, y: r.y - origin.y, width: r.width, height: r.height };
  return out;
}
