// Scrubbing a spacing value by dragging its side label, as in Webflow: one pixel per pixel
// dragged (Shift: ten), padding never below zero; Alt applies the value to the opposite side too,
// Alt+Shift to all four sides.
import type { Property } from '../../bridge/types';

export type Side = 'top' | 'right' | 'bottom' | 'left';
export type Spacing = 'margin' | 'padding';

const OPPOSITE: Record<Side, Side> = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' };

/** The value after dragging `dx` screen pixels from `start`. */
export function scrubbed(kind: Spacing, start: number, dx: number, fast: boolean): number {
  const value = Math.round(start + dx * (fast ? 10 : 1));
  return kind === 'padding' ? Math.max(0, value) : value;
}

/** The properties one scrub writes: its side; with Alt the opposite side; with Alt+Shift all four. */
export function scrubbedSides(kind: Spacing, side: Side, alt: boolean, shift: boolean): Property[] {
  const sides: Side[] = alt && shift ? ['top', 'right', 'bottom', 'left'] : alt ? [side, OPPOSITE[side]] : [side];
  return sides.map((s) => `${kind}-${s}` as Property);
}
