// A layout fixture recorded from Chromium (tests/layout/expected/<algo>/<case>.json, written by
// tests/layout/gentest.mjs) → the engine commands that build the same tree. Pure: the page in
// main.ts commits them, so the engine's command validation and style mapping are under test.
import type { Breakpoint, Command, ContainerTag, ElementKind, Rect, Tag, TextTag } from '../bridge/HyperBridge';

/** Property → CSS text, exactly as the fixture wrote it. */
export type Declarations = Readonly<Record<string, string>>;

/** The style slots a fixture element may fill (engine: style.rs, Slot). */
export interface FixtureStyles {
  readonly base: Declarations;
  readonly tablet?: Declarations;
  readonly mobile?: Declarations;
}

/** One element of a fixture. `id` is the fixture's id attribute, or one gentest assigned. */
export interface FixtureElement {
  readonly id: string;
  readonly tag: string;
  readonly styles: FixtureStyles;
  readonly text?: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly children: readonly FixtureElement[];
}

/** Chromium's boxes at one breakpoint, by element id, relative to #root; null: no box. */
export interface FixtureRender {
  readonly breakpoint: Breakpoint;
  readonly viewport: { readonly width: number; readonly height: number };
  readonly boxes: Readonly<Record<string, Rect | null>>;
}

/** The content of one expected JSON file. */
export interface FixtureCase {
  readonly fixture: string;
  readonly chromium: string;
  readonly root: FixtureElement;
  readonly renders: readonly FixtureRender[];
}

const TEXT_TAGS: ReadonlySet<string> = new Set<TextTag>(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'span']);
const KINDS: Readonly<Record<string, ElementKind>> = {
  div: 'container',
  section: 'section',
  button: 'button',
  a: 'link',
  img: 'image',
  input: 'input',
  video: 'video',
};

/** The slots the fixture fills, as a command's `styles` (`{slot: {property: value}}`). */
function styleInput(styles: FixtureStyles): Partial<Record<Breakpoint, Record<string, string>>> {
  const out: Partial<Record<Breakpoint, Record<string, string>>> = {};
  for (const slot of ['base', 'tablet', 'mobile'] as const) {
    const decls = styles[slot];
    if (decls !== undefined && Object.keys(decls).length > 0) out[slot] = { ...decls };
  }
  return out;
}

/** Semantic tags a container takes (`div` and `section` are kinds of their own). */
const CONTAINER_TAGS: ReadonlySet<string> = new Set<ContainerTag>([
  'nav', 'header', 'footer', 'main', 'article', 'aside', 'ul', 'ol', 'li', 'blockquote', 'figure', 'figcaption',
]);

/** The element kind (and tag) a fixture tag maps to; throws for a tag the engine lacks. */
export function kindOf(tag: string): { kind: ElementKind; tag?: Tag } {
  if (TEXT_TAGS.has(tag)) return { kind: 'text', tag: tag as TextTag };
  if (CONTAINER_TAGS.has(tag)) return { kind: 'container', tag: tag as ContainerTag };
  const kind = KINDS[tag];
  if (kind === undefined) throw new Error(`<${tag}> has no element kind in the engine`);
  return { kind };
}

/** Natural-size props from an image's or video's width/height attributes. */
function propsOf(element: FixtureElement): Record<string, number> {
  const props: Record<string, number> = {};
  for (const [key, value] of Object.entries(element.attributes ?? {})) {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new Error(`#${element.id}: attribute ${key}="${value}" is not a number`);
    props[key] = n;
  }
  return props;
}

/**
 * The commands that give the page body (`bodyId`, the fixture's #root) its styles and build
 * everything inside it, parents before children, in one batch.
 */
export function fixtureCommands(root: FixtureElement, bodyId: string): Command[] {
  const commands: Command[] = [];
  const rootStyles = styleInput(root.styles);
  for (const slot of ['base', 'tablet', 'mobile'] as const) {
    const set = rootStyles[slot];
    if (set !== undefined) commands.push({ type: 'update_styles', ids: [bodyId], slot, set });
  }
  const visit = (element: FixtureElement, parent: string): void => {
    const { kind, tag } = kindOf(element.tag);
    const props = propsOf(element);
    const styles = styleInput(element.styles);
    commands.push({
      type: 'create_element',
      kind,
      parent,
      id: element.id,
      ...(tag === undefined ? {} : { tag }),
      ...(element.text === undefined ? {} : { content: element.text }),
      ...(Object.keys(props).length > 0 ? { props } : {}),
      ...(Object.keys(styles).length > 0 ? { styles } : {}),
    });
    for (const child of element.children) visit(child, element.id);
  };
  for (const child of root.children) visit(child, bodyId);
  return commands;
}
