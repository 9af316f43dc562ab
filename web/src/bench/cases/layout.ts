// Layout benchmarks in WASM in Chromium on the 10,000-element page, and the same tree laid out
// by yoga-layout side by side (flex-only variant: yoga has no block or grid layout).
import Yoga, { Align, Direction, Edge, FlexDirection, Gutter, Justify, PositionType, type Node } from 'yoga-layout';
import type { BenchCase } from '../runner';
import { createTextMeasurer } from '../../canvas/measureText';
import type { StandaloneEngine } from '../../bridge/HyperBridge';
import type { Snapshot } from '../../bridge/types';
import { benchEngine, benchSnapshot, idsOfKind, timeEach } from './fixture';

const PAGE = '10000 elements';
const YOGA = 'yoga-layout 3.2.1';

/** Text of a fixed size (what both engines get in the side-by-side case): layout work only. */
const fixedText = (maxWidth?: number): [number, number] => [Math.min(maxWidth ?? 120, 120), 20];

let measured: StandaloneEngine | undefined;
async function laidOut(): Promise<StandaloneEngine> {
  if (measured === undefined) {
    measured = await benchEngine();
    measured.setTextMeasurer(createTextMeasurer(document));
    measured.layout();
  }
  return measured;
}

const fullLayoutBrowserText: BenchCase = {
  suite: 'layout',
  name: `wasm full layout ${PAGE}, fresh tree, text measured by Chromium`,
  unit: 'ms',
  warmup: 1,
  iterations: 5,
  async sample() {
    const engine = await benchEngine();
    engine.setTextMeasurer(createTextMeasurer(document));
    const start = performance.now();
    engine.layout();
    const ms = performance.now() - start;
    engine.free();
    return ms;
  },
};

const fullLayoutWarmText: BenchCase = {
  suite: 'layout',
  name: `wasm full layout ${PAGE}, fresh tree, text sizes cached`,
  unit: 'ms',
  warmup: 1,
  iterations: 10,
  async sample() {
    const engine = await laidOut();
    // A breakpoint change rebuilds the tree; the text cache (by font, text and width) stays.
    engine.setBreakpoint('tablet', 900);
    engine.layout();
    engine.setBreakpoint('base', 900);
    const start = performance.now();
    engine.layout();
    return performance.now() - start;
  },
};

const incrementalRelayout: BenchCase = {
  suite: 'layout',
  name: `wasm one style change + incremental relayout (${PAGE})`,
  unit: 'ms',
  iterations: 30,
  async sample() {
    const engine = await laidOut();
    const texts = await idsOfKind('text');
    let n = 0;
    return timeEach(5, () => {
      const id = texts[(n * 97) % texts.length] ?? '';
      engine.commit(JSON.stringify({ type: 'update_styles', ids: [id], set: { 'padding-top': (n++ % 2) * 4 } }));
      engine.layout();
    });
  },
};

const snapQuery: BenchCase = {
  suite: 'layout',
  name: `wasm snap query among ${PAGE}`,
  unit: 'us',
  iterations: 30,
  async sample() {
    const engine = await laidOut();
    const boxes = Object.values(JSON.parse(engine.allBoxes()) as Record<string, { x: number; y: number }>);
    return 1000 * timeEach(50, (i) => {
      const b = boxes[(i * 131) % boxes.length] ?? { x: 0, y: 0 };
      engine.snap(JSON.stringify({ rect: { x: b.x + 3, y: b.y + 2, width: 120, height: 40 }, zoom: 1, threshold: 6 }));
    });
  },
};

const hitTest: BenchCase = {
  suite: 'layout',
  name: `wasm hit test among ${PAGE}`,
  unit: 'us',
  iterations: 30,
  async sample() {
    const engine = await laidOut();
    return 1000 * timeEach(200, (i) => engine.hitTest((i * 7919) % 1440, (i * 104729) % 40000));
  },
};

// ---- yoga-layout, the same flex-only tree ----

function px(value: string | undefined): number | `${number}%` | 'auto' | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto') return 'auto';
  if (value.endsWith('%')) return `${Number.parseFloat(value)}%`;
  const n = Number.parseFloat(value);
  return Number.isFinite(n) ? n : undefined;
}

const JUSTIFY: Record<string, Justify> = {
  'flex-start': Justify.FlexStart, start: Justify.FlexStart, center: Justify.Center, 'flex-end': Justify.FlexEnd,
  end: Justify.FlexEnd, 'space-between': Justify.SpaceBetween, 'space-around': Justify.SpaceAround, 'space-evenly': Justify.SpaceEvenly,
};
const ALIGN: Record<string, Align> = {
  'flex-start': Align.FlexStart, start: Align.FlexStart, center: Align.Center, 'flex-end': Align.FlexEnd, end: Align.FlexEnd,
  stretch: Align.Stretch, baseline: Align.Baseline,
};

/** Builds the yoga tree of a snapshot's first page (base styles), text leaves of fixed size. */
function yogaTree(snapshot: Snapshot): Node {
  const byParent = new Map<string, string[]>();
  const byId = new Map(snapshot.elements.map((e) => [e.id, e]));
  for (const e of snapshot.elements) {
    if (e.parent == null) continue;
    const list = byParent.get(e.parent) ?? [];
    list.push(e.id);
    byParent.set(e.parent, list);
  }
  for (const list of byParent.values()) list.sort((a, b) => ((byId.get(a)?.order ?? '') < (byId.get(b)?.order ?? '') ? -1 : 1));
  const build = (id: string): Node => {
    const e = byId.get(id);
    const node = Yoga.Node.create();
    const s = e?.styles?.base ?? {};
    node.setFlexDirection(s['flex-direction'] === 'row' ? FlexDirection.Row : FlexDirection.Column);
    if (s['flex-grow'] !== undefined) node.setFlexGrow(Number(s['flex-grow']));
    if (s['flex-basis'] !== undefined) node.setFlexBasis(px(s['flex-basis']));
    node.setWidth(px(s.width));
    node.setHeight(px(s.height));
    if (s['min-height'] !== undefined) node.setMinHeight(px(s['min-height']) as number);
    if (s['min-width'] !== undefined) node.setMinWidth(px(s['min-width']) as number);
    if (s['max-width'] !== undefined && s['max-width'] !== 'none') node.setMaxWidth(px(s['max-width']) as number);
    for (const [edge, side] of [[Edge.Top, 'top'], [Edge.Right, 'right'], [Edge.Bottom, 'bottom'], [Edge.Left, 'left']] as const) {
      node.setPadding(edge, px(s[`padding-${side}`]) as number | undefined);
      node.setMargin(edge, px(s[`margin-${side}`]));
      if (s['border-style'] !== undefined && s['border-style'] !== 'none') {
        node.setBorder(edge, Number.parseFloat(s[`border-${side}-width`] ?? '0') || 0);
      }
    }
    if (s.gap !== undefined) node.setGap(Gutter.All, px(s.gap) as number);
    if (s['row-gap'] !== undefined) node.setGap(Gutter.Row, px(s['row-gap']) as number);
    if (s['justify-content'] !== undefined) node.setJustifyContent(JUSTIFY[s['justify-content']] ?? Justify.FlexStart);
    if (s['align-items'] !== undefined) node.setAlignItems(ALIGN[s['align-items']] ?? Align.Stretch);
    if (s.position === 'absolute') node.setPositionType(PositionType.Absolute);
    if (s['aspect-ratio'] !== undefined) {
      const [w, h] = s['aspect-ratio'].split('/').map((p) => Number.parseFloat(p));
      if (w !== undefined && Number.isFinite(w)) node.setAspectRatio(h !== undefined && Number.isFinite(h) ? w / h : w);
    }
    const kids = byParent.get(id) ?? [];
    if (kids.length === 0 && (e?.kind === 'text' || e?.kind === 'button')) {
      node.setMeasureFunc((width) => {
        const [w, h] = fixedText(Number.isFinite(width) ? width : undefined);
        return { width: w, height: h };
      });
    }
    kids.forEach((kid, i) => node.insertChild(build(kid), i));
    return node;
  };
  const root = snapshot.pages[0]?.root ?? '';
  const node = build(root);
  node.setWidth(1440);
  return node;
}

const sideBySide: BenchCase = {
  suite: 'layout',
  name: `wasm full layout ${PAGE}, flex-only variant, fixed-size text`,
  unit: 'ms',
  warmup: 1,
  iterations: 10,
  async sample() {
    const engine = await benchEngine(true);
    engine.setTextMeasurer((_request, maxWidth) => fixedText(maxWidth));
    const start = performance.now();
    engine.layout();
    const ms = performance.now() - start;
    engine.free();
    return ms;
  },
  peer: {
    name: YOGA,
    settings: 'yoga-layout 3.2.1 (npm, WASM), default config, same flex-only tree from the same snapshot, text leaves measured by the same fixed-size function, calculateLayout(1440, auto, LTR) on a freshly built tree; tree building not timed',
    async sample() {
      const root = yogaTree(await benchSnapshot(true));
      const start = performance.now();
      root.calculateLayout(1440, undefined, Direction.LTR);
      const ms = performance.now() - start;
      root.freeRecursive();
      return ms;
    },
  },
};

export const layoutCases: readonly BenchCase[] = [
  fullLayoutBrowserText,
  fullLayoutWarmText,
  incrementalRelayout,
  snapQuery,
  hitTest,
  sideBySide,
];
