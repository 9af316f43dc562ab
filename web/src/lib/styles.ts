// Helpers over an element's styles: the values in force at a breakpoint (asked of the engine,
// whose cascade is the one rule), the CSS text each slot becomes, the class an element gets, px
// helpers. The breakpoints, their widths and the slot order are generated from the engine too
// (bridge/types).
import { EngineError, type HyperBridge } from '../bridge/HyperBridge';
import type { Breakpoint, CascadedStyles, CascadedValue, ElementId, Property, Slot } from '../bridge/types';
import { cssValue } from './tokens';

/**
 * The default-state styles in force on an element at a breakpoint, each with the breakpoint
 * that set it: the engine's cascade (desktop-first: tablet inherits base, mobile inherits
 * tablet). An element the engine no longer has has none.
 */
export function cascadedSources(bridge: HyperBridge, id: ElementId, breakpoint: Breakpoint): CascadedStyles {
  try {
    return bridge.cascadedStyles(id, breakpoint);
  } catch (error) {
    if (EngineError.from(error).code === 'unknown_element') return {};
    throw error;
  }
}

/** The default-state values in force on an element at a breakpoint (see `cascadedSources`). */
export function cascaded(bridge: HyperBridge, id: ElementId, breakpoint: Breakpoint): Partial<Record<Property, string>> {
  const out: Partial<Record<Property, string>> = {};
  const styles = cascadedSources(bridge, id, breakpoint);
  for (const [property, found] of Object.entries(styles) as [Property, CascadedValue][]) out[property] = found.value;
  return out;
}

/**
 * `{width: "120px", color: "red"}` → `width: 120px; color: red;`; a design token
 * (`token:<id>`) is written as its variable, which the canvas defines (`lib/tokens.ts`).
 */
export function declarations(properties: Readonly<Record<string, string>> | undefined): string {
  if (properties === undefined) return '';
  let text = '';
  for (const name in properties) text += `${name}: ${cssValue(properties[name] ?? '')}; `;
  return text.trimEnd();
}

/** The characters the engine allows in an id (`A-Za-z0-9_-`): such an id is used as it is. */
const PLAIN_ID = /^[A-Za-z0-9_-]+$/;

/**
 * The class the canvas gives an element, e.g. `o-a1b2` (the export names it the same way). The
 * class is one token that is also a valid selector after `.`, whatever the id holds: an id that
 * slipped past the engine's checks (`x,*`, `a{`, a space, a quote) must not reach selector text
 * or split into other classes, so any other id becomes `ox-` and the hex of its UTF-8 bytes
 * (distinct from every plain id's class, which starts `o-`).
 */
export function elementClass(id: string): string {
  if (PLAIN_ID.test(id)) return `o-${id}`;
  let hex = '';
  for (const byte of new TextEncoder().encode(id)) hex += byte.toString(16).padStart(2, '0');
  return `ox-${hex}`;
}

/** The selector of an element's class (see `elementClass`), safe in any rule or query. */
export const elementSelector = (id: string): string => `.${elementClass(id)}`;

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
