// Pure helpers over an element's styles (slot → property → CSS text): the cascade the canvas and
// the export apply (desktop-first: tablet inherits base, mobile inherits tablet) and the CSS text
// each slot becomes.
import type { Breakpoint, Slot, Styles } from '../bridge/types';

/** The breakpoints, widest first: the cascade order. */
export const BREAKPOINTS: readonly Breakpoint[] = ['base', 'tablet', 'mobile'];

/** The canvas frame width of each breakpoint, and the export's media query max-width. */
export const FRAME_WIDTH: Readonly<Record<Breakpoint, number>> = { base: 1440, tablet: 768, mobile: 375 };
export const MAX_WIDTH: Readonly<Record<Breakpoint, number | null>> = { base: null, tablet: 991, mobile: 767 };

/** The breakpoints whose styles apply at `breakpoint`, widest first. */
export function cascadeOf(breakpoint: Breakpoint): readonly Breakpoint[] {
  return BREAKPOINTS.slice(0, BREAKPOINTS.indexOf(breakpoint) + 1);
}

/** The default-state styles in force at a breakpoint. */
export function cascaded(styles: Styles | undefined, breakpoint: Breakpoint): Record<string, string> {
  const out: Record<string, string> = {};
  if (styles === undefined) return out;
  for (const bp of cascadeOf(breakpoint)) Object.assign(out, styles[bp]);
  return out;
}

/** Where a property's value at `breakpoint` comes from: set here, inherited from a wider one, or unset. */
export function sourceOf(
  styles: Styles | undefined,
  breakpoint: Breakpoint,
  property: string,
): { readonly value: string | undefined; readonly from: Breakpoint | null } {
  const chain = cascadeOf(breakpoint);
  for (let i = chain.length - 1; i >= 0; i--) {
    const bp = chain[i] as Breakpoint;
    const value = styles?.[bp]?.[property];
    if (value !== undefined) return { value, from: bp };
  }
  return { value: undefined, from: null };
}

/** `{width: "120px", color: "red"}` → `width: 120px; color: red;` */
export function declarations(properties: Readonly<Record<string, string>> | undefined): string {
  if (properties === undefined) return '';
  let text = '';
  for (const name in properties) text += `${name}: ${properties[name]}; `;
  return text.trimEnd();
}

/** The class the canvas and the export give an element, e.g. `o-a1b2`. */
export const elementClass = (id: string): string => `o-${id}`;

/** The slots in the order their rules must appear so the cascade is right. */
export const SLOTS: readonly Slot[] = ['base', 'base:hover', 'tablet', 'tablet:hover', 'mobile', 'mobile:hover'];

/** The breakpoint and state of a slot. */
export function parseSlot(slot: Slot): { readonly breakpoint: Breakpoint; readonly hover: boolean } {
  const [bp, state] = slot.split(':') as [Breakpoint, string | undefined];
  return { breakpoint: bp, hover: state === 'hover' };
}

/** A px number from CSS text (`"12px"`, `"12"`), or null for anything else (`auto`, `50%`). */
export function pxValue(text: string | undefined): number | null {
  if (text === undefined) return null;
  const match = /^\s*(-?\d*\.?\d+)(px)?\s*$/.exec(text);
  return match ? Number(match[1]) : null;
}

/** A length rounded for writing: integers stay integers, else two decimals. */
export function px(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return `${Object.is(rounded, -0) ? 0 : rounded}px`;
}
