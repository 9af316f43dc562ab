// Generated from the engine's Rust types by engine/core/src/typescript.rs.
// Do not edit: change the Rust type, then run `make types`.
import type { Breakpoint, ElementKind, Project, Slot } from './engine';

/** The project's settings until it sets its own (`Project::default`). */
export const DEFAULT_PROJECT: Project = { lang: 'en', dir: 'ltr' };

/** The breakpoints, widest first: the cascade order (`Breakpoint::ALL`). */
export const BREAKPOINTS: readonly Breakpoint[] = ['base', 'tablet', 'mobile'];

/** The canvas frame width of each breakpoint in CSS px (`Breakpoint::frame_width`). */
export const FRAME_WIDTH: Readonly<Record<Breakpoint, number>> = { base: 1440, tablet: 768, mobile: 375 };

/** The export's media query max-width of each breakpoint (`Breakpoint::max_width`). */
export const MAX_WIDTH: Readonly<Record<Breakpoint, number | null>> = { base: null, tablet: 991, mobile: 767 };

/** Every slot, in the order their CSS rules must appear for the cascade to hold. */
export const SLOTS: readonly Slot[] = ['base', 'base:hover', 'tablet', 'tablet:hover', 'mobile', 'mobile:hover'];

/** Kinds that hold child elements (`ElementKind::holds_children`). */
export const CONTAINER_KINDS: readonly ElementKind[] = ['body', 'section', 'container', 'button', 'link', 'repeater'];

/** Kinds whose content is text shown inside them (`ElementKind::has_text`). */
export const TEXT_KINDS: readonly ElementKind[] = ['text', 'button', 'link'];

/** Kinds whose source is `props.src`, never `content` (`ElementKind::has_source`). */
export const SOURCE_KINDS: readonly ElementKind[] = ['image', 'video'];

/** How a source names an asset of the library: `asset:` + its SHA-256 (`ASSET_SCHEME`). */
export const ASSET_SCHEME = 'asset:';

/** Longest inline `data:` source the engine accepts, in bytes (`MAX_INLINE_BYTES`); larger ones become assets. */
export const MAX_INLINE_BYTES = 8192;
