// Pure geometry of the canvas: screen ↔ page coordinates, resizing a box from a handle, and
// which slot of a flow container a point falls in.
import type { Rect } from '../bridge/types';
import type { Viewport } from '../store/projectStore';
import type { Point } from '../lib/viewport';

// The viewport's zoom and coordinate math is shared with the zoom shortcuts, so it lives in lib.
export { toPage, type Point } from '../lib/viewport';

/** A page rectangle → viewport coordinates, rounded to whole screen pixels for painting. */
export function toScreen(viewport: Viewport, r: Rect): Rect {
  const x = Math.round(viewport.panX + r.x * viewport.zoom);
  const y = Math.round(viewport.panY + r.y * viewport.zoom);
  const right = Math.round(viewport.panX + (r.x + r.width) * viewport.zoom);
  const bottom = Math.round(viewport.panY + (r.y + r.height) * viewport.zoom);
  return { x, y, width: right - x, height: bottom - y };
}

/** The rectangle two points span. */
export function spanRect(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

export function unionRect(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A resize handle: which edges it moves. */
export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
export const HANDLES: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

export function edgesOf(handle: Handle): { left: boolean; right: boolean; top: boolean; bottom: boolean } {
  return {
    left: handle.includes('w'),
    right: handle.includes('e'),
    top: handle.startsWith('n'),
    bottom: handle.startsWith('s'),
  };
}

export const MIN_SIZE = 1;

/**
 * The box a handle drag proposes: the moved edges follow the pointer by (dx, dy) page px; with
 * `keepRatio` the start box's aspect ratio holds (the larger change wins, the opposite edges or
 * the centre line stay put).
 */
export function resizeRect(start: Rect, handle: Handle, dx: number, dy: number, keepRatio: boolean): Rect {
  const e = edgesOf(handle);
  let { x, y, width, height } = start;
  if (e.left) {
    width = start.width - dx;
  } else if (e.right) {
    width = start.width + dx;
  }
  if (e.top) {
    height = start.height - dy;
  } else if (e.bottom) {
    height = start.height + dy;
  }
  width = Math.max(MIN_SIZE, width);
  height = Math.max(MIN_SIZE, height);
  if (keepRatio && start.width > 0 && start.height > 0) {
    const ratio = start.width / start.height;
    const horizontal = e.left || e.right;
    const vertical = e.top || e.bottom;
    if (horizontal && vertical) {
      if (width / start.width >= height / start.height) height = width / ratio;
      else width = height * ratio;
    } else if (horizontal) {
      height = width / ratio;
    } else {
      width = height * ratio;
    }
    if (!horizontal) x = start.x + (start.width - width) / 2;
    if (!vertical) y = start.y + (start.height - height) / 2;
  }
  if (e.left) x = start.x + start.width - width;
  if (e.top) y = start.y + start.height - height;
  return { x, y, width, height };
}
