import { describe, expect, it } from 'vitest';
import { choiceOf, fontChoices, OPEN_FONTS } from './fonts';

describe('font choices', () => {
  it('lists the open fonts, then each uploaded family once, by name', () => {
    const choices = fontChoices([
      { name: 'Brand Sans.woff2', mime: 'font/woff2' },
      { name: 'hero.png', mime: 'image/png' },
      { name: 'Brand Sans.woff2', mime: 'font/woff2' },
      { name: 'Accent.ttf', mime: 'font/ttf' },
    ]);
    expect(choices.slice(0, OPEN_FONTS.length)).toEqual(OPEN_FONTS);
    expect(choices.slice(OPEN_FONTS.length)).toEqual([
      { label: 'Accent', stack: '"Accent", sans-serif', uploaded: true },
      { label: 'Brand Sans', stack: '"Brand Sans", sans-serif', uploaded: true },
    ]);
  });

  it('recognises a stored stack, however it is spaced or quoted; anything else is custom', () => {
    const choices = fontChoices([]);
    expect(choiceOf('"DejaVu Serif", serif', choices)?.label).toBe('DejaVu Serif');
    expect(choiceOf("'DejaVu Serif',serif", choices)?.label).toBe('DejaVu Serif');
    expect(choiceOf('Inter, sans-serif', choices)).toBeUndefined();
    expect(choiceOf('', choices)).toBeUndefined();
  });
});
