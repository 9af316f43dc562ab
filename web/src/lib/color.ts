// Colours as the colour picker handles them: parsed from CSS text (hex, rgb(), hsl(), with alpha),
// converted between RGB, HSV (the picker's square) and HSL, and written back as CSS text in the
// format the designer chose.

/** Red, green, blue 0–255 and alpha 0–1. */
export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** Hue 0–360, saturation and value 0–1, alpha 0–1. */
export interface Hsva {
  readonly h: number;
  readonly s: number;
  readonly v: number;
  readonly a: number;
}

export type ColorFormat = 'hex' | 'rgb' | 'hsl';

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round = (x: number, places = 0): number => Math.round(x * 10 ** places) / 10 ** places;

function channel(text: string, max: number): number | null {
  const t = text.trim();
  const n = Number.parseFloat(t);
  if (!/^-?\d*\.?\d+%?$/.test(t) || Number.isNaN(n)) return null;
  return clamp(t.endsWith('%') ? (n / 100) * max : n, 0, max);
}

/** Parses hex (#rgb, #rgba, #rrggbb, #rrggbbaa), rgb()/rgba(), hsl()/hsla() and `transparent`. */
export function parseColor(text: string): Rgba | null {
  const t = text.trim().toLowerCase();
  if (t === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(t);
  if (hex !== null) {
    const h = hex[1]!;
    const full = h.length <= 4 ? [...h].map((c) => c + c).join('') : h;
    const n = (i: number): number => Number.parseInt(full.slice(i * 2, i * 2 + 2), 16);
    return { r: n(0), g: n(1), b: n(2), a: full.length === 8 ? round(n(3) / 255, 3) : 1 };
  }
  const fn = /^(rgba?|hsla?)\(([^)]*)\)$/.exec(t);
  if (fn === null) return null;
  const parts = fn[2]!.split(/\s*[,/]\s*|\s+/).filter((p) => p !== '');
  if (parts.length < 3 || parts.length > 4) return null;
  const alpha = parts[3] === undefined ? 1 : channel(parts[3], 1);
  if (alpha === null) return null;
  if (fn[1]!.startsWith('rgb')) {
    const [r, g, b] = parts.slice(0, 3).map((p) => channel(p, 255));
    if (r == null || g == null || b == null) return null;
    return { r: Math.round(r), g: Math.round(g), b: Math.round(b), a: alpha };
  }
  const h = Number.parseFloat(parts[0]!.replace(/deg$/, ''));
  const s = channel(parts[1]!, 1);
  const l = channel(parts[2]!, 1);
  if (Number.isNaN(h) || s === null || l === null) return null;
  return { ...hslToRgb(h, s, l), a: alpha };
}

function hslToRgb(h: number, s: number, l: number): { r: number; g: number; b: number } {
  const k = (n: number): number => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
  return { r: f(0), g: f(8), b: f(4) };
}

function rgbToHsl({ r, g, b }: Rgba): { h: number; s: number; l: number } {
  const [rr, gg, bb] = [r / 255, g / 255, b / 255];
  const max = Math.max(rr, gg, bb);
  const min = Math.min(rr, gg, bb);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  const h = max === rr ? ((gg - bb) / d) % 6 : max === gg ? (bb - rr) / d + 2 : (rr - gg) / d + 4;
  return { h: (h * 60 + 360) % 360, s, l };
}

export function rgbToHsv(c: Rgba): Hsva {
  const [r, g, b] = [c.r / 255, c.g / 255, c.b / 255];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  const h = d === 0 ? 0 : max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return { h: (h * 60 + 360) % 360, s: max === 0 ? 0 : d / max, v: max, a: c.a };
}

export function hsvToRgb({ h, s, v, a }: Hsva): Rgba {
  const f = (n: number): number => {
    const k = (n + h / 60) % 6;
    return Math.round(255 * (v - v * s * Math.max(0, Math.min(k, 4 - k, 1))));
  };
  return { r: f(5), g: f(3), b: f(1), a };
}

const hex2 = (n: number): string => Math.round(n).toString(16).padStart(2, '0');

/** CSS text for a colour: `#rrggbb` (`#rrggbbaa` with alpha), `rgb(r g b / a)` or `hsl(h s% l% / a)`. */
export function formatColor(c: Rgba, format: ColorFormat): string {
  const alpha = c.a < 1 ? ` / ${round(c.a, 2)}` : '';
  switch (format) {
    case 'hex':
      return `#${hex2(c.r)}${hex2(c.g)}${hex2(c.b)}${c.a < 1 ? hex2(c.a * 255) : ''}`;
    case 'rgb':
      return `rgb(${c.r} ${c.g} ${c.b}${alpha})`;
    case 'hsl': {
      const { h, s, l } = rgbToHsl(c);
      return `hsl(${round(h)} ${round(s * 100)}% ${round(l * 100)}%${alpha})`;
    }
  }
}

/** Which format a CSS colour is written in (hex for names and anything else). */
export const formatOf = (text: string): ColorFormat => (/^\s*hsla?\(/i.test(text) ? 'hsl' : /^\s*rgba?\(/i.test(text) ? 'rgb' : 'hex');
