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

/** How much one notch of a mouse wheel (Ctrl/⌘ held) zooms: 20 %, as Figma's steps feel. */
export const WHEEL_NOTCH_ZOOM = 1.2;

/**
 * The zoom factor for one Ctrl/⌘ + wheel event. A mouse wheel sends notches (about 100 px, or
 * lines/pages); each zooms by `WHEEL_NOTCH_ZOOM`, at most four notches per event. A trackpad
 * pinch sends many small pixel deltas, which zoom continuously.
 */
export function wheelZoomFactor(e: { readonly deltaY: number; readonly deltaMode: number }): number {
  const notch = e.deltaMode !== 0 || Math.abs(e.deltaY) >= 50;
  if (!notch) return Math.exp(-e.deltaY * 0.01);
  const notches = e.deltaMode === 0 ? e.deltaY / 100 : e.deltaMode === 1 ? e.deltaY / 3 : e.deltaY;
  return WHEEL_NOTCH_ZOOM ** -Math.max(-4, Math.min(4, notches));
}

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
