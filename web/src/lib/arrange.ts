// Align and distribute, as design tools do them: where each box goes (pure math on boxes), the
// caller turns the moves into left/top changes. Two or more boxes align to their common bounds;
// one box aligns within its parent. Distribute needs three or more: the outermost stay, the
// gaps between neighbours become equal.

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type Alignment = 'left' | 'center' | 'right' | 'top' | 'middle' | 'bottom';
export type Axis = 'horizontal' | 'vertical';

/** A box's move, in page pixels. */
export interface Move {
  readonly dx: number;
  readonly dy: number;
}

function bounds(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** The moves that align `boxes` (two or more: to their bounds; one: to `parent`). */
export function align(boxes: readonly Box[], how: Alignment, parent?: Box): Move[] {
  const area = boxes.length === 1 && parent !== undefined ? parent : bounds(boxes);
  return boxes.map((b) => {
    switch (how) {
      case 'left':
        return { dx: area.x - b.x, dy: 0 };
      case 'center':
        return { dx: area.x + (area.width - b.width) / 2 - b.x, dy: 0 };
      case 'right':
        return { dx: area.x + area.width - b.width - b.x, dy: 0 };
      case 'top':
        return { dx: 0, dy: area.y - b.y };
      case 'middle':
        return { dx: 0, dy: area.y + (area.height - b.height) / 2 - b.y };
      case 'bottom':
        return { dx: 0, dy: area.y + area.height - b.height - b.y };
    }
  });
}

/** The moves that make the gaps between neighbours equal along `axis` (fewer than three: none). */
export function distribute(boxes: readonly Box[], axis: Axis): Move[] {
  const moves: Move[] = boxes.map(() => ({ dx: 0, dy: 0 }));
  if (boxes.length < 3) return moves;
  const start = (b: Box): number => (axis === 'horizontal' ? b.x : b.y);
  const size = (b: Box): number => (axis === 'horizontal' ? b.width : b.height);
  const order = boxes.map((_, i) => i).sort((a, b) => start(boxes[a]!) - start(boxes[b]!) || a - b);
  const first = boxes[order[0]!]!;
  const last = boxes[order[order.length - 1]!]!;
  const span = start(last) + size(last) - start(first);
  const gap = (span - order.reduce((sum, i) => sum + size(boxes[i]!), 0)) / (order.length - 1);
  let at = start(first);
  for (const i of order) {
    const b = boxes[i]!;
    const d = at - start(b);
    moves[i] = axis === 'horizontal' ? { dx: d, dy: 0 } : { dx: 0, dy: d };
    at += size(b) + gap;
  }
  return moves;
}
