// The engine's wire types and constants, generated from the Rust types (./__generated__,
// `make types`; engine/core/src/typescript.rs), plus the few names the editor builds on them.
// Everything the editor knows about the engine's JSON comes from here.
import type { Element, ElementDelta, Page, Project, Property, CascadedValue, RawValue, Slot } from './__generated__/engine';

export type * from './__generated__/engine';
export * from './__generated__/constants';

/** One element as a delta delivers it: the record (its shown parent) plus its children in order. */
export type ElementRecord = ElementDelta;
/** One page as a delta delivers it. */
export type PageRecord = Page;
/** Project-wide settings every page inherits unless it overrides them. */
export type ProjectSettings = Project;
/** An element's styles: slot → CSS property → CSS text. */
export type Styles = NonNullable<Element['styles']>;
/** A style value a command sets: CSS text, a number (px for lengths), or null to remove it. */
export type StyleValue = RawValue | null;
/** What `update_styles` and `create_element` take per slot: property → value. */
export type StyleInput = Partial<Record<Slot, Record<string, StyleValue>>>;
/** The styles in force on one element at a breakpoint, with where each came from. */
export type CascadedStyles = Partial<Record<Property, CascadedValue>>;
