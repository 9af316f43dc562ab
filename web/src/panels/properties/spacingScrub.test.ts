import { describe, expect, it } from 'vitest';
import { scrubbed, scrubbedSides } from './spacingScrub';

describe('spacing scrub', () => {
  it('moves one pixel per pixel dragged, ten with Shift; padding stays at zero or more', () => {
    expect(scrubbed('margin', 8, 12, false)).toBe(20);
    expect(scrubbed('margin', 8, -3, true)).toBe(-22);
    expect(scrubbed('padding', 8, -30, false)).toBe(0);
    expect(scrubbed('padding', 0, 2.6, false)).toBe(3);
  });

  it('writes the side, the opposite side with Alt, all four with Alt+Shift', () => {
    expect(scrubbedSides('padding', 'top', false, false)).toEqual(['padding-top']);
    expect(scrubbedSides('padding', 'left', true, false)).toEqual(['padding-left', 'padding-right']);
    expect(scrubbedSides('margin', 'bottom', true, true)).toEqual(['margin-top', 'margin-right', 'margin-bottom', 'margin-left']);
  });
});
