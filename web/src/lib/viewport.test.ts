import { describe, expect, it } from 'vitest';
import { clampZoom, MAX_ZOOM, MIN_ZOOM, toPage, wheelZoomFactor, zoomAround } from './viewport';

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

  it('zooms one mouse-wheel notch by 10–25 %, in either direction, and a pinch continuously', () => {
    const inOne = wheelZoomFactor({ deltaY: -100, deltaMode: 0 });
    expect(inOne).toBeGreaterThanOrEqual(1.1);
    expect(inOne).toBeLessThanOrEqual(1.25);
    expect(wheelZoomFactor({ deltaY: 100, deltaMode: 0 })).toBeCloseTo(1 / inOne);
    // Line mode (Firefox) and a short Chromium notch (53 px) stay in the same range.
    expect(wheelZoomFactor({ deltaY: -3, deltaMode: 1 })).toBeCloseTo(inOne);
    const short = wheelZoomFactor({ deltaY: -53, deltaMode: 0 });
    expect(short).toBeGreaterThan(1.05);
    expect(short).toBeLessThanOrEqual(1.25);
    // A fast spin is capped; a pinch's small deltas zoom a little each.
    expect(wheelZoomFactor({ deltaY: -10_000, deltaMode: 0 })).toBeCloseTo(1.2 ** 4);
    const pinch = wheelZoomFactor({ deltaY: -4, deltaMode: 0 });
    expect(pinch).toBeGreaterThan(1);
    expect(pinch).toBeLessThan(1.05);
  });
});
