// The canvas viewport's math, shared by the canvas (wheel, pinch, first fit) and the zoom
// shortcuts and buttons: page ↔ viewport coordinates, zoom limits, zooming around a point.
import { FRAME_HEIGHT, type Viewport } from '../store/projectStore';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A point in the viewport element's coordinates → page coordinates (relative to the body). */
export function toPage(viewport: Viewport, p: Point): Point {
  return { x: (p.x - viewport.panX) / viewport.zoom, y: (p.y - viewport.panY) / viewport.zoom };
}

/** The zoom that fits a frame of `frame` size into a viewport of `view` size with a margin. */
export function fitZoom(view: { width: number; height: number }, frame: { width: number; height: number }, margin = 48): number {
  const zoom = Math.min((view.width - margin * 2) / frame.width, (view.height - margin * 2) / frame.height);
  return clampZoom(zoom);
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 8;
export const clampZoom = (z: number): number => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

/** Zooms by `factor` keeping the page point under `anchor` (viewport coordinates) still. */
export function zoomAround(viewport: Viewport, factor: number, anchor: Point): Viewport {
  const zoom = clampZoom(viewport.zoom * factor);
  const page = toPage(viewport, anchor);
  return { zoom, panX: anchor.x - page.x * zoom, panY: anchor.y - page.y * zoom };
}

/** Zooms so the frame's width fits the viewport, and centres it. */
export function fitViewport(view: HTMLElement, frameWidth: number): Viewport {
  const width = view.clientWidth;
  const zoom = Math.min(1, fitZoom({ width, height: 1e9 }, { width: frameWidth, height: FRAME_HEIGHT }));
  return { zoom, panX: Math.round((width - frameWidth * zoom) / 2), panY: 56 };
}
