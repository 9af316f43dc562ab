// Wire shapes of the engine's JSON API (engine/core/src/command.rs, engine.rs, layout/spatial.rs),
// as the editor sends and receives them through HyperBridge.

export type ElementId = string;
export type PageId = string;

export type ElementKind =
  | 'body'
  | 'section'
  | 'container'
  | 'text'
  | 'button'
  | 'link'
  | 'image'
  | 'input'
  | 'video'
  | 'embed'
  | 'instance'
  | 'repeater';

export type TextTag = 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'p' | 'span';
/** The tag of a section or container; absent means the kind's own (`section`, `div`). */
export type ContainerTag =
  | 'div'
  | 'section'
  | 'nav'
  | 'header'
  | 'footer'
  | 'main'
  | 'article'
  | 'aside'
  | 'ul'
  | 'ol'
  | 'li'
  | 'blockquote'
  | 'figure'
  | 'figcaption';
/** A text element's tag, or a section's or container's. */
export type Tag = TextTag | ContainerTag;
/** Which way text runs (the HTML `dir` attribute). */
export type Dir = 'ltr' | 'rtl' | 'auto';

/** Project-wide settings every page inherits unless it overrides them. */
export interface ProjectSettings {
  /** BCP 47 language tag. */
  readonly lang: string;
  readonly dir: Dir;
}
export type Scalar = string | number | boolean;

export type Breakpoint = 'base' | 'tablet' | 'mobile';
/** Where styles apply: a breakpoint, optionally in the hover state (`tablet:hover`). */
export type Slot = Breakpoint | `${Breakpoint}:hover`;
/** slot → CSS property → CSS text. */
export type Styles = Partial<Record<Slot, Record<string, string>>>;
export type StyleValue = string | number | null;

/** One element as a delta delivers it: the record plus its children in order. */
export interface ElementRecord {
  readonly id: ElementId;
  readonly kind: ElementKind;
  readonly page: PageId;
  /** The parent as shown in the tree (null only for a page's body). */
  readonly parent: ElementId | null;
  readonly order: string;
  readonly name?: string;
  readonly tag?: Tag;
  readonly content?: string;
  readonly props?: Readonly<Record<string, Scalar>>;
  readonly styles?: Styles;
  readonly hidden?: boolean;
  readonly locked?: boolean;
  readonly children: readonly ElementId[];
}

export interface PageRecord {
  readonly id: PageId;
  readonly name: string;
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly order: string;
  readonly root: ElementId;
  /** Language overriding the project's. */
  readonly lang?: string;
  /** Direction overriding the project's. */
  readonly dir?: Dir;
}

export interface Deltas {
  readonly elements: readonly ElementRecord[];
  readonly removed: readonly ElementId[];
  readonly pages: readonly PageRecord[];
  readonly removed_pages: readonly PageId[];
  /** The project's settings, when they changed. */
  readonly project?: ProjectSettings;
}

export interface Applied {
  readonly created: readonly ElementId[];
  readonly created_pages: readonly PageId[];
}

export type Command =
  | {
      type: 'create_element';
      kind: ElementKind;
      parent: ElementId;
      index?: number;
      id?: ElementId;
      name?: string;
      tag?: Tag;
      content?: string;
      props?: Record<string, Scalar>;
      styles?: Partial<Record<Slot, Record<string, StyleValue>>>;
    }
  | { type: 'delete_elements'; ids: ElementId[] }
  | { type: 'move_elements'; ids: ElementId[]; parent: ElementId; index?: number }
  | { type: 'duplicate_elements'; ids: ElementId[] }
  | { type: 'update_styles'; ids: ElementId[]; slot?: Slot; set: Record<string, StyleValue> }
  | { type: 'update_props'; id: ElementId; set: Record<string, Scalar | null> }
  | { type: 'set_content'; id: ElementId; content: string }
  | { type: 'set_tag'; id: ElementId; tag: Tag }
  | { type: 'rename_element'; id: ElementId; name: string }
  | { type: 'set_hidden'; ids: ElementId[]; hidden: boolean }
  | { type: 'set_locked'; ids: ElementId[]; locked: boolean }
  | { type: 'group'; ids: ElementId[]; id?: ElementId }
  | { type: 'wrap'; ids: ElementId[]; kind: ElementKind; id?: ElementId }
  | { type: 'ungroup'; id: ElementId }
  | { type: 'create_page'; name: string; slug?: string; title?: string; description?: string; index?: number; id?: PageId }
  | { type: 'delete_page'; id: PageId }
  | { type: 'rename_page'; id: PageId; name: string }
  | {
      type: 'update_page';
      id: PageId;
      slug?: string;
      title?: string;
      description?: string;
      /** `null` removes the page's override. */
      lang?: string | null;
      dir?: Dir | null;
    }
  | { type: 'update_project'; lang?: string; dir?: Dir }
  | { type: 'reorder_page'; id: PageId; index: number };

/** A box in page coordinates (relative to the page's body). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LayoutResult {
  readonly boxes: Readonly<Record<ElementId, Rect>>;
  readonly removed: readonly ElementId[];
}

export interface SnapEdges {
  readonly left: boolean;
  readonly right: boolean;
  readonly top: boolean;
  readonly bottom: boolean;
}

export interface SnapRequest {
  readonly id?: ElementId;
  readonly rect: Rect;
  readonly resize?: SnapEdges;
  readonly zoom: number;
  readonly threshold: number;
}

/** A guide line: axis 'x' is a vertical line at x = at from y = from to y = to. */
export interface Guide {
  readonly kind: 'edge' | 'center' | 'spacing';
  readonly axis: 'x' | 'y';
  readonly at: number;
  readonly from: number;
  readonly to: number;
}

export interface SnapResult {
  readonly rect: Rect;
  readonly dx: number;
  readonly dy: number;
  readonly guides: readonly Guide[];
}

/** The project file (`*.omnios.json`, engine/core/src/snapshot.rs). */
export interface Snapshot {
  readonly format: 'omnios';
  readonly version: 1;
  readonly project?: ProjectSettings;
  readonly pages: readonly PageRecord[];
  readonly elements: readonly Omit<ElementRecord, 'children'>[];
}
