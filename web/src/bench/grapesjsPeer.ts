// The benchmark's peer: the same 10,000-element page (tests/fixtures/benchmark_page.rs) loaded into GrapesJS, at its
// best and offline — no storage or autosave, no telemetry, no icon CSS from a CDN, `dragMode:
// 'absolute'` so a drag is a free move like the one measured in OMNIOS. Opened as
// `/?peer=grapesjs` (main.tsx); tests/bench/editor.mjs drives it with the real mouse.
import grapesjs, { type Editor } from 'grapesjs';
import 'grapesjs/dist/css/grapes.min.css';
import type { Snapshot } from '../bridge/types';
import benchPageJson from './__generated__/benchmark_page.json?raw';

type SnapshotElement = Snapshot['elements'][number];

/** What the bench reads back: the settings it prints and when the editor finished loading. */
export interface PeerStatus {
  readonly version: string;
  readonly settings: string;
  readonly components: number;
  readonly loadMs: number;
}

declare global {
  interface Window {
    grapesPeer?: PeerStatus;
    grapesEditor?: Editor;
  }
}

export const PEER_SETTINGS =
  "dragMode: 'absolute', storageManager: false (no autosave), telemetry: false, cssIcons: '', undoManager on, no panels or plugins";

interface ComponentDef {
  tagName: string;
  type?: string;
  attributes: Record<string, string>;
  components?: ComponentDef[] | string;
}

function tagOf(el: SnapshotElement): string {
  switch (el.kind) {
    case 'section':
      return 'section';
    case 'text':
      return el.tag ?? 'p';
    case 'button':
      return 'button';
    case 'image':
      return 'img';
    default:
      return 'div';
  }
}

/** The snapshot as GrapesJS components (ids as CSS hooks) and one CSS text with the same rules. */
export function toGrapes(snapshot: Snapshot): { components: ComponentDef[]; css: string; count: number } {
  const children = new Map<string, SnapshotElement[]>();
  let root: SnapshotElement | undefined;
  for (const el of snapshot.elements) {
    if (el.parent === null) root = el;
    else {
      const list = children.get(el.parent) ?? [];
      list.push(el);
      children.set(el.parent, list);
    }
  }
  let css = '';
  let mobile = '';
  const decl = (set: Record<string, string> | undefined): string =>
    Object.entries(set ?? {})
      .map(([k, v]) => `${k}:${v};`)
      .join('');
  let count = 0;
  const build = (el: SnapshotElement): ComponentDef => {
    count++;
    css += `#${el.id}{${decl(el.styles?.base)}}`;
    if (el.styles?.mobile) mobile += `#${el.id}{${decl(el.styles.mobile)}}`;
    const kids = (children.get(el.id) ?? []).sort((a, b) => (a.order < b.order ? -1 : 1));
    const def: ComponentDef = { tagName: tagOf(el), attributes: { id: el.id } };
    if (el.kind === 'text') {
      def.type = 'text';
      def.components = el.content ?? '';
    } else if (el.kind === 'image') {
      def.type = 'image';
      def.attributes.src =
        'data:image/svg+xml;utf8,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="120" height="80" fill="#e5e7eb"/></svg>');
    } else if (el.kind === 'button') {
      def.components = el.content ?? '';
    } else {
      def.components = kids.map(build);
    }
    return def;
  };
  if (root === undefined) throw new Error('snapshot has no body');
  const components = (children.get(root.id) ?? []).sort((a, b) => (a.order < b.order ? -1 : 1)).map(build);
  css = `body{${decl(root.styles?.base)}margin:0;font-family:'DejaVu Sans';}${css}@media (max-width: 767px){${mobile}}`;
  return { components, css, count: count + 1 };
}

/** The free-moving element the bench drags (the same one OMNIOS gets). */
export const FLOATER = { id: 'floater', left: 200, top: 300, width: 160, height: 120 };

export function mountGrapesPeer(container: HTMLElement): void {
  const start = performance.now();
  const { components, css, count } = toGrapes(JSON.parse(benchPageJson) as Snapshot);
  components.push({
    tagName: 'div',
    attributes: { id: FLOATER.id },
  });
  const floaterCss = `#${FLOATER.id}{position:absolute;left:${FLOATER.left}px;top:${FLOATER.top}px;width:${FLOATER.width}px;height:${FLOATER.height}px;background-color:#6366f1;z-index:10;}`;
  document.body.style.margin = '0';
  container.style.cssText = 'height:100vh;';
  const editor = grapesjs.init({
    container,
    height: '100%',
    width: 'auto',
    fromElement: false,
    storageManager: false,
    telemetry: false,
    cssIcons: '',
    dragMode: 'absolute',
    panels: { defaults: [] },
    blockManager: { blocks: [] },
    canvas: { styles: [], scripts: [] },
    // The config types `components` as an HTML string; component definitions are accepted too.
    components: components as unknown as string,
    style: css + floaterCss,
  });
  editor.on('load', () => {
    window.grapesEditor = editor;
    window.grapesPeer = { version: grapesjs.version, settings: PEER_SETTINGS, components: count + 1, loadMs: performance.now() - start };
  });
}
