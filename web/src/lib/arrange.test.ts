import { describe, expect, it } from 'vitest';
import { align, distribute, type Box } from './arrange';

const boxes: Box[] = [
  { x: 10, y: 100, width: 50, height: 20 },
  { x: 200, y: 40, width: 100, height: 60 },
  { x: 90, y: 300, width: 30, height: 30 },
];
const moved = (bs: readonly Box[], moves: ReturnType<typeof align>): Box[] =>
  bs.map((b, i) => ({ ...b, x: b.x + moves[i]!.dx, y: b.y + moves[i]!.dy }));

describe('align', () => {
  it('aligns two or more boxes to their common bounds, on one axis only', () => {
    expect(moved(boxes, align(boxes, 'left')).map((b) => b.x)).toEqual([10, 10, 10]);
    expect(moved(boxes, align(boxes, 'right')).map((b) => b.x + b.width)).toEqual([300, 300, 300]);
    expect(moved(boxes, align(boxes, 'center')).map((b) => b.x + b.width / 2)).toEqual([155, 155, 155]);
    expect(moved(boxes, align(boxes, 'top')).map((b) => b.y)).toEqual([40, 40, 40]);
    expect(moved(boxes, align(boxes, 'bottom')).map((b) => b.y + b.height)).toEqual([330, 330, 330]);
    expect(moved(boxes, align(boxes, 'middle')).map((b) => b.y + b.height / 2)).toEqual([185, 185, 185]);
    expect(align(boxes, 'left').every((m) => m.dy === 0)).toBe(true);
    expect(align(boxes, 'top').every((m) => m.dx === 0)).toBe(true);
  });

  it('aligns a single box within its parent', () => {
    const parent = { x: 0, y: 0, width: 400, height: 200 };
    const [one] = moved([boxes[0]!], align([boxes[0]!], 'center', parent));
    expect(one!.x).toBe(175);
    const [low] = moved([boxes[0]!], align([boxes[0]!], 'bottom', parent));
    expect(low!.y).toBe(180);
  });
});

describe('distribute', () => {
  it('makes the gaps between neighbours equal and keeps the outermost boxes', () => {
    const after = moved(boxes, distribute(boxes, 'horizontal'));
    const sorted = [...after].sort((a, b) => a.x - b.x);
    const gaps = sorted.slice(1).map((b, i) => b.x - (sorted[i]!.x + sorted[i]!.width));
    expect(gaps[0]).toBeCloseTo(gaps[1]!);
    expect(sorted[0]!.x).toBe(10);
    expect(sorted[2]!.x + sorted[2]!.width).toBe(300);
    expect(after.map((b) => b.y)).toEqual(boxes.map((b) => b.y));
    const vertical = moved(boxes, distribute(boxes, 'vertical')).sort((a, b) => a.y - b.y);
    const vgaps = vertical.slice(1).map((b, i) => b.y - (vertical[i]!.y + vertical[i]!.height));
    expect(vgaps[0]).toBeCloseTo(vgaps[1]!);
  });

  it('does nothing for fewer than three boxes', () => {
    expect(distribute(boxes.slice(0, 2), 'horizontal')).toEqual([
      { dx: 0, dy: 0 },
      { dx: 0, dy: 0 },
    ]);
  });
});
