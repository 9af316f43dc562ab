import { describe, expect, it } from 'vitest';
import { clampZoom, MAX_ZOOM, MIN_ZOOM, toPage, zoomAround } from './viewport';

describe('viewport', () => {
  it('zooms around the pointer', () => {
    const vp = zoomAround({ zoom: 1, panX: 0, panY: 0 }, 2, { x: 100, y: 50 });
    expect(vp).toEqual({ zoom: 2, panX: -100, panY: -50 });
    expect(toPage(vp, { x: 100, y: 50 })).toEqual({ x: 100, y: 50 });
  });

  it('keeps the zoom within its limits', () => {
    expect(clampZoom(100)).toBe(MAX_ZOOM);
    expect(clampZoom(0)).toBe(MIN_ZOOM);
    expect(zoomAround({ zoom: MAX_ZOOM, panX: 0, panY: 0 }, 2, { x: 0, y: 0 }).zoom).toBe(MAX_ZOOM);
  });
});
