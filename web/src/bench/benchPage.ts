// The 10,000-element benchmark page (docs/architecture.md, "The benchmark page"), as a deterministic
// project snapshot: body → 100 sections → container (flex column) → 5 rows (flex row) → 4 cells
// (flex column, grow 1) → card (block) → 2–3 leaves (text of 3–12 words, image, button), about
// 15 base and 3 mobile style properties each. Same seed, same page, byte for byte.
//
// A Rust twin of this generator serves the native benches; the two should be unified into one
// fixture under tests/fixtures/ (see the editor's report).
import type { ElementKind, PageRecord, Snapshot, Styles } from '../bridge/types';

type SnapshotElement = Snapshot['elements'][number];

const SECTIONS = 100;
const ROWS = 5;
const CELLS = 4;
/** Leaves so that the page holds exactly 10,000 elements (2 or 3 per card, evenly spread). */
const TOTAL = 10_000;

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The fractional order key of the i-th sibling (engine/core/src/order.rs format). */
export function orderKey(i: number): string {
  if (i < 62) return `a${DIGITS[i]}`;
  const n = i - 62;
  if (n >= 62 * 62) throw new Error(`order key ${i} out of range`);
  return `b${DIGITS[Math.floor(n / 62)]}${DIGITS[n % 62]}`;
}

/** mulberry32: a tiny deterministic PRNG. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'design canvas layout page element flex grid style token theme color space motion text image button card section hero feature pricing team story launch build ship'.split(' ');
const COLORS = ['#ffffff', '#f8fafc', '#f1f5f9', '#eef2ff', '#ecfdf5', '#fff7ed', '#fdf2f8', '#f0f9ff'];
const INKS = ['#0f172a', '#1e293b', '#334155', '#111827', '#374151'];

export interface BenchPageOptions {
  readonly seed?: number;
}

/** The benchmark project: one page, 10,000 elements. */
export function benchSnapshot(options: BenchPageOptions = {}): Snapshot {
  const rand = random(options.seed ?? 0x0a11ce);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const pageId = 'bench';
  const elements: SnapshotElement[] = [];
  let next = 0;
  const id = (): string => `e${(next++).toString(36)}`;
  const add = (
    kind: ElementKind,
    parent: string | null,
    index: number,
    name: string,
    styles: Styles,
    extra: Partial<Pick<SnapshotElement, 'tag' | 'content' | 'props'>> = {},
  ): string => {
    const el: SnapshotElement = { id: id(), kind, page: pageId, parent, order: orderKey(index), name, styles, ...extra };
    elements.push(el);
    return el.id;
  };
  const box = (pad: number): Record<string, string> => ({
    'padding-top': `${pad}px`,
    'padding-right': `${pad}px`,
    'padding-bottom': `${pad}px`,
    'padding-left': `${pad}px`,
  });
  const border = (color: string): Record<string, string> => ({
    'border-top-width': '1px',
    'border-right-width': '1px',
    'border-bottom-width': '1px',
    'border-left-width': '1px',
    'border-style': 'solid',
    'border-color': color,
  });

  const body = add('body', null, 0, 'Body', { base: { 'background-color': '#ffffff', color: '#0f172a' } });
  const cards = SECTIONS * ROWS * CELLS;
  const fixed = 1 + SECTIONS * 2 + SECTIONS * ROWS + cards * 2;
  const leaves = TOTAL - fixed;
  let card = 0;
  for (let s = 0; s < SECTIONS; s++) {
    const section = add('section', body, s, `Section ${s + 1}`, {
      base: {
        display: 'block', ...box(48), 'background-color': pick(COLORS), 'margin-top': '0px', 'margin-bottom': '0px',
        'border-bottom-width': '1px', 'border-style': 'solid', 'border-color': '#e2e8f0', 'font-size': '16px',
        'line-height': '1.5', color: pick(INKS), overflow: 'hidden', 'min-height': '200px', position: 'relative',
      },
      mobile: { 'padding-left': '16px', 'padding-right': '16px', 'padding-top': '24px' },
    });
    const container = add('container', section, 0, 'Container', {
      base: {
        display: 'flex', 'flex-direction': 'column', gap: '24px', 'max-width': '1200px', 'margin-left': 'auto',
        'margin-right': 'auto', width: '100%', ...box(0), 'align-items': 'stretch', 'justify-content': 'flex-start',
        'min-height': '100px', 'background-color': 'transparent', position: 'relative',
      },
      mobile: { gap: '16px', 'max-width': '100%', 'padding-left': '0px' },
    });
    for (let r = 0; r < ROWS; r++) {
      const row = add('container', container, r, `Row ${r + 1}`, {
        base: {
          display: 'flex', 'flex-direction': 'row', gap: '16px', 'align-items': 'stretch', 'justify-content': 'space-between',
          'flex-wrap': 'nowrap', width: '100%', ...box(0), 'min-height': '80px', 'background-color': 'transparent',
          'margin-top': '0px', 'margin-bottom': '0px',
        },
        mobile: { 'flex-direction': 'column', gap: '12px', 'align-items': 'stretch' },
      });
      for (let c = 0; c < CELLS; c++) {
        const cell = add('container', row, c, `Cell ${c + 1}`, {
          base: {
            display: 'flex', 'flex-direction': 'column', 'flex-grow': '1', 'flex-shrink': '1', 'flex-basis': '0px', gap: '8px',
            ...box(0), 'min-width': '0px', 'align-items': 'stretch', 'justify-content': 'flex-start', 'background-color': 'transparent',
            'margin-top': '0px',
          },
          mobile: { 'flex-basis': 'auto', 'flex-grow': '0', width: '100%' },
        });
        const cardId = add('container', cell, 0, `Card ${card + 1}`, {
          base: {
            display: 'block', ...box(int(12, 20)), 'background-color': '#ffffff', ...border('#e2e8f0'), 'border-radius': '12px',
            'box-shadow': '0 1px 2px rgb(0 0 0 / 0.06)', color: pick(INKS),
          },
          mobile: { 'padding-left': '12px', 'padding-right': '12px', 'border-radius': '8px' },
        });
        const count = Math.floor(((card + 1) * leaves) / cards) - Math.floor((card * leaves) / cards);
        const kinds: ElementKind[] = count === 3 ? ['text', 'image', 'button'] : rand() < 0.5 ? ['text', 'button'] : ['text', 'image'];
        kinds.forEach((kind, i) => {
          if (kind === 'text') {
            const words = Array.from({ length: int(3, 12) }, () => pick(WORDS)).join(' ');
            add('text', cardId, i, 'Text', {
              base: {
                'font-size': `${int(14, 18)}px`, 'line-height': '1.4', 'font-weight': pick(['400', '500', '600']), color: pick(INKS),
                'margin-top': '0px', 'margin-bottom': '8px', 'text-align': 'left', 'letter-spacing': '0px', 'text-transform': 'none',
                'white-space': 'normal', 'font-style': 'normal', 'padding-top': '0px', 'padding-bottom': '0px', 'max-width': '100%',
              },
              mobile: { 'font-size': '14px', 'line-height': '1.3', 'margin-bottom': '6px' },
            }, { tag: 'p', content: words });
          } else if (kind === 'image') {
            add('image', cardId, i, 'Image', {
              base: {
                width: '100%', height: `${int(80, 140)}px`, 'object-fit': 'cover', 'background-color': '#e2e8f0', 'border-radius': '8px',
                'margin-top': '0px', 'margin-bottom': '8px', display: 'block', 'max-width': '100%', 'min-height': '40px',
                opacity: '1', 'padding-top': '0px', 'padding-bottom': '0px', 'border-style': 'none',
              },
              mobile: { height: '96px', 'border-radius': '6px', 'margin-bottom': '6px' },
            }, { props: { alt: '' } });
          } else {
            add('button', cardId, i, 'Button', {
              base: {
                ...box(10), 'padding-left': '16px', 'padding-right': '16px', 'background-color': '#2563eb', color: '#ffffff',
                'border-radius': '8px', 'font-size': '14px', 'font-weight': '600', 'text-align': 'center', 'line-height': '1.2',
                'border-style': 'none', cursor: 'pointer', 'margin-top': '4px',
              },
              mobile: { 'font-size': '13px', 'padding-left': '12px', 'padding-right': '12px' },
            }, { content: pick(['Get started', 'Learn more', 'Buy now', 'Sign up', 'Read']) });
          }
        });
        card++;
      }
    }
  }
  const page: PageRecord = { id: pageId, name: 'Benchmark', slug: '', title: 'Benchmark', description: '', order: 'a0', root: body };
  return { format: 'omnios', version: 1, pages: [page], elements };
}
