// @ts-check
// Compares the engine's boxes with Chromium's for the layout fidelity suite, and prints them.

/** Largest difference, in CSS px, of a box edge or size that still counts as a match. */
export const TOLERANCE = 0.5;
/** The share of boxes that must match. */
export const REQUIRED_SHARE = 0.99;

/** @typedef {import('./gentest.mjs').Box} Box */
/** @typedef {import('./gentest.mjs').ExpectedCase} ExpectedCase */
/** @typedef {import('./gentest.mjs').ExpectedElement} ExpectedElement */
/** @typedef {{ breakpoint: string, boxes: Record<string, Box> }} EngineRender */

/**
 * @typedef {object} Miss
 * @property {string} fixture
 * @property {string} breakpoint
 * @property {string} element
 * @property {Box | null} expected  null when Chromium generates no box for the element
 * @property {Box | undefined} actual  undefined when the engine has no box for the element
 */

/**
 * @typedef {object} CaseResult
 * @property {string} fixture
 * @property {number} boxes  boxes compared
 * @property {Miss[]} misses
 */

/**
 * Whether two boxes agree within the tolerance on every edge and size.
 * @param {Box} a
 * @param {Box} b
 */
export function within(a, b, tolerance = TOLERANCE) {
  return (
    Math.abs(a.x - b.x) <= tolerance &&
    Math.abs(a.y - b.y) <= tolerance &&
    Math.abs(a.width - b.width) <= tolerance &&
    Math.abs(a.height - b.height) <= tolerance
  );
}

/**
 * Every expected box of every render against the engine's. An element Chromium gives no box
 * (display: none) matches when the engine gives it none either.
 * @param {ExpectedCase} expected
 * @param {EngineRender[]} actual  the engine's renders, in the same order
 * @returns {CaseResult}
 */
export function compareCase(expected, actual) {
  /** @type {Miss[]} */
  const misses = [];
  let boxes = 0;
  expected.renders.forEach((render, i) => {
    const engine = actual[i];
    if (engine === undefined || engine.breakpoint !== render.breakpoint) {
      throw new Error(`${expected.fixture}: the engine did not lay out ${render.breakpoint}`);
    }
    for (const [element, box] of Object.entries(render.boxes)) {
      boxes++;
      const got = engine.boxes[element];
      if (box === null ? got !== undefined : got === undefined || !within(box, got)) {
        misses.push({ fixture: expected.fixture, breakpoint: render.breakpoint, element, expected: box, actual: got });
      }
    }
  });
  return { fixture: expected.fixture, boxes, misses };
}

/** @param {number} n */
const num = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, ''));

/** @param {Box | null | undefined} b */
export const formatBox = (b) => (b == null ? '(no box)' : `(${num(b.x)}, ${num(b.y)}) ${num(b.width)}×${num(b.height)}`);

/**
 * Both trees side by side for one render: each element's Chromium box, the engine's, and a mark
 * on the ones out of tolerance. Leaves show the start of their text.
 * @param {ExpectedCase} expected
 * @param {number} renderIndex
 * @param {EngineRender} engine
 */
export function formatTrees(expected, renderIndex, engine) {
  const render = expected.renders[renderIndex];
  if (render === undefined) return '';
  /** @type {string[]} */
  const lines = [`${expected.fixture} at ${render.breakpoint} (${render.viewport.width}×${render.viewport.height}):`];
  /**
   * @param {ExpectedElement} node
   * @param {number} depth
   */
  const visit = (node, depth) => {
    const want = render.boxes[node.id];
    const got = engine.boxes[node.id];
    const ok = want === null ? got === undefined : want !== undefined && got !== undefined && within(want, got);
    const text = node.text === undefined ? '' : ` "${node.text.trim().slice(0, 24)}${node.text.trim().length > 24 ? '…' : ''}"`;
    lines.push(
      `${ok ? '  ' : '✗ '}${'  '.repeat(depth)}${node.tag}#${node.id}${text}`,
      `  ${'  '.repeat(depth)}    chromium ${formatBox(want)}`,
      `  ${'  '.repeat(depth)}    engine   ${formatBox(got)}`,
    );
    for (const child of node.children) visit(child, depth + 1);
  };
  visit(expected.root, 0);
  return lines.join('\n');
}
