import { describe, expect, it } from 'vitest';
import { formatColor, formatOf, hsvToRgb, parseColor, rgbToHsv } from './color';

describe('colours', () => {
  it('parses hex, rgb() and hsl(), with and without alpha', () => {
    expect(parseColor('#f00')).toEqual({ r: 255, g: 0, b: 0, a: 1 });
    expect(parseColor('#2563EB')).toEqual({ r: 37, g: 99, b: 235, a: 1 });
    expect(parseColor('#00000080')).toEqual({ r: 0, g: 0, b: 0, a: 0.502 });
    expect(parseColor('rgb(10, 20, 30)')).toEqual({ r: 10, g: 20, b: 30, a: 1 });
    expect(parseColor('rgba(10,20,30,0.5)')).toEqual({ r: 10, g: 20, b: 30, a: 0.5 });
    expect(parseColor('rgb(10 20 30 / 50%)')).toEqual({ r: 10, g: 20, b: 30, a: 0.5 });
    expect(parseColor('hsl(120 100% 50%)')).toEqual({ r: 0, g: 255, b: 0, a: 1 });
    expect(parseColor('hsla(240, 100%, 50%, 0.25)')).toEqual({ r: 0, g: 0, b: 255, a: 0.25 });
    expect(parseColor('transparent')).toEqual({ r: 0, g: 0, b: 0, a: 0 });
  });

  it('refuses what is not a colour', () => {
    for (const bad of ['', 'red;', '#12', '#ggg', 'rgb(1,2)', 'rgb(1,2,3,4,5)', 'url(x)', 'hsl(a b c)']) expect(parseColor(bad)).toBeNull();
  });

  it('writes each format and reads it back', () => {
    const c = { r: 37, g: 99, b: 235, a: 0.5 };
    expect(formatColor(c, 'hex')).toBe('#2563eb80');
    expect(formatColor({ ...c, a: 1 }, 'hex')).toBe('#2563eb');
    expect(formatColor(c, 'rgb')).toBe('rgb(37 99 235 / 0.5)');
    expect(formatColor({ r: 0, g: 255, b: 0, a: 1 }, 'hsl')).toBe('hsl(120 100% 50%)');
    for (const format of ['hex', 'rgb', 'hsl'] as const) {
      const back = parseColor(formatColor(c, format));
      expect(back?.r).toBeCloseTo(c.r, -0.5);
      expect(back?.a).toBeCloseTo(0.5, 1);
      expect(formatOf(formatColor(c, format))).toBe(format);
    }
  });

  it('goes to HSV and back without drift', () => {
    for (const c of [
      { r: 37, g: 99, b: 235, a: 1 },
      { r: 255, g: 255, b: 255, a: 1 },
      { r: 0, g: 0, b: 0, a: 0.3 },
      { r: 200, g: 10, b: 90, a: 1 },
    ]) {
      expect(hsvToRgb(rgbToHsv(c))).toEqual(c);
    }
  });
});
