import { describe, expect, it } from 'vitest';
import { resizeRect, toPage, toScreen } from './geometry';

const box = { x: 100, y: 100, width: 200, height: 100 };

describe('geometry', () => {
  it('maps screen to page and back, rounding when painting', () => {
    const vp = { zoom: 0.5, panX: 40, panY: 20 };
    expect(toPage(vp, { x: 90, y: 70 })).toEqual({ x: 100, y: 100 });
    expect(toScreen(vp, { x: 100.4, y: 100, width: 201, height: 3 })).toEqual({ x: 90, y: 70, width: 101, height: 2 });
  });

  it('resizes from each handle, the opposite edge staying put', () => {
    expect(resizeRect(box, 'se', 10, 20, false)).toEqual({ x: 100, y: 100, width: 210, height: 120 });
    expect(resizeRect(box, 'nw', 10, 20, false)).toEqual({ x: 110, y: 120, width: 190, height: 80 });
    expect(resizeRect(box, 'e', 10, 99, false)).toEqual({ x: 100, y: 100, width: 210, height: 100 });
    expect(resizeRect(box, 'n', 99, -10, false)).toEqual({ x: 100, y: 90, width: 200, height: 110 });
  });

  it('keeps the ratio with shift', () => {
    expect(resizeRect(box, 'se', 100, 0, true)).toEqual({ x: 100, y: 100, width: 300, height: 150 });
    expect(resizeRect(box, 'e', 100, 0, true)).toEqual({ x: 100, y: 75, width: 300, height: 150 });
    expect(resizeRect(box, 'nw', 0, -50, true)).toEqual({ x: 0, y: 50, width: 300, height: 150 });
  });
});
