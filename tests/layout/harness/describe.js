// @ts-check
// The layout fidelity harness's page script (tests/layout/README.md). Every fixture loads it
// in <head>. Before the first layout it
//   - reads each element's inline style (the `base` slot) and its `data-style-tablet` /
//     `data-style-mobile` attributes (the breakpoint slots, same syntax as `style`), and applies
//     the slots whose media query matches the viewport, desktop-first, as the export's
//     max-width media queries would;
//   - gives every <img> without a src an empty SVG whose natural size is its width/height
//     attributes, which the engine takes as the image's natural size.
// `window.omniosDescribe()` then returns the tree gentest.mjs records: per element its tag,
// styles per slot, leaf text, attributes and unrounded border box relative to #root (null
// when it generates no box).
(() => {
  /** The engine's breakpoints (engine/core/src/style.rs, Breakpoint): desktop-first. */
  const SLOT_QUERIES = /** @type {const} */ ([
    ['tablet', '(max-width: 991px)'],
    ['mobile', '(max-width: 767px)'],
  ]);
  const CONTAINERS = new Set([
    'div',
    'section',
    // The semantic tags a container takes (engine/core/src/element.rs, ContainerTag).
    ...['nav', 'header', 'footer', 'main', 'article', 'aside', 'ul', 'ol', 'li', 'blockquote', 'figure', 'figcaption'],
  ]);
  const TEXT_LEAVES = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'span']);
  /** Elements that hold text when they have no element children, and children otherwise. */
  const TEXT_OR_CHILDREN = new Set(['button', 'a']);
  const REPLACED = new Set(['img', 'video', 'input']);
  /** Attributes the engine reads as props (an image's or video's natural size). */
  const PROP_ATTRIBUTES = ['width', 'height'];

  /**
   * @typedef {Record<string, string>} Declarations  property → value, as written
   * @typedef {{ base: Declarations, tablet?: Declarations, mobile?: Declarations }} Slots
   * @typedef {{ x: number, y: number, width: number, height: number }} Box
   * @typedef {{
   *   id: string, tag: string, styles: Slots, text?: string,
   *   attributes?: Record<string, string>, box: Box | null, children: Described[]
   * }} Described
   * @typedef {{ viewport: { width: number, height: number }, root: Described, problems: string[] }} Description
   */

  /** @type {Map<Element, Slots>} */
  const slotsOf = new Map();
  /** @type {string[]} */
  const problems = [];

  /**
   * Parses declaration text (`a: 1px; b: c`) keeping each value exactly as written.
   * @param {string | null} text
   * @param {string} where
   * @returns {Declarations}
   */
  function parseDeclarations(text, where) {
    /** @type {Declarations} */
    const out = {};
    for (const part of (text ?? '').split(';')) {
      if (part.trim() === '') continue;
      const colon = part.indexOf(':');
      if (colon < 0) {
        problems.push(`${where}: "${part.trim()}" is not a declaration`);
        continue;
      }
      const property = part.slice(0, colon).trim().toLowerCase();
      const value = part.slice(colon + 1).trim();
      if (!CSS.supports(property, value)) {
        problems.push(`${where}: Chromium does not accept "${property}: ${value}"`);
      }
      if (property in out) problems.push(`${where}: "${property}" is declared twice`);
      out[property] = value;
    }
    return out;
  }

  /** @param {Element} el */
  const label = (el) => (el.id ? `#${el.id}` : el.tagName.toLowerCase());

  /** @param {Element} root */
  function prepare(root) {
    for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
      /** @type {Slots} */
      const slots = { base: parseDeclarations(el.getAttribute('style'), label(el)) };
      for (const [slot] of SLOT_QUERIES) {
        const text = el.getAttribute(`data-style-${slot}`);
        if (text !== null) slots[slot] = parseDeclarations(text, `${label(el)} ${slot}`);
      }
      slotsOf.set(el, slots);
      if (!(el instanceof HTMLElement)) continue;
      for (const [slot, query] of SLOT_QUERIES) {
        const decls = slots[slot];
        if (decls === undefined || !window.matchMedia(query).matches) continue;
        for (const [property, value] of Object.entries(decls)) el.style.setProperty(property, value);
      }
      if (el instanceof HTMLImageElement && !el.hasAttribute('src')) {
        const w = el.getAttribute('width') ?? '0';
        const h = el.getAttribute('height') ?? '0';
        el.src = `data:image/svg+xml,${encodeURIComponent(
          `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"/>`,
        )}`;
      }
    }
  }

  /**
   * @param {Element} el
   * @param {DOMRect} origin
   * @param {{ next: number }} counter
   * @returns {Described}
   */
  function describe(el, origin, counter) {
    const tag = el.tagName.toLowerCase();
    const id = el.id || `e${counter.next++}`;
    const rect = el.getBoundingClientRect();
    /** @type {Described} */
    const node = {
      id,
      tag,
      styles: slotsOf.get(el) ?? { base: {} },
      // An element that generates no box (display: none, or inside one) has none to compare.
      box:
        el.getClientRects().length === 0
          ? null
          : { x: rect.x - origin.x, y: rect.y - origin.y, width: rect.width, height: rect.height },
      children: [],
    };
    const elements = Array.from(el.children);
    const strayText = Array.from(el.childNodes).some(
      (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
    );
    if (el.id === 'root' || CONTAINERS.has(tag) || (TEXT_OR_CHILDREN.has(tag) && elements.length > 0)) {
      if (strayText) problems.push(`${label(el)}: text beside elements (text must be a leaf of its own)`);
      node.children = elements.map((child) => describe(child, origin, counter));
    } else if (TEXT_LEAVES.has(tag) || TEXT_OR_CHILDREN.has(tag)) {
      if (elements.length > 0) problems.push(`${label(el)}: a text leaf may not hold elements`);
      node.text = el.textContent ?? '';
    } else if (REPLACED.has(tag)) {
      /** @type {Record<string, string>} */
      const attributes = {};
      for (const name of PROP_ATTRIBUTES) {
        const value = el.getAttribute(name);
        if (value !== null) attributes[name] = value;
      }
      node.attributes = attributes;
    } else {
      problems.push(`${label(el)}: <${tag}> is not an element the engine maps`);
    }
    return node;
  }

  document.addEventListener('DOMContentLoaded', () => {
    const root = document.getElementById('root');
    if (root === null) problems.push('no #root element');
    else prepare(root);
  });

  /** @returns {Description} */
  function omniosDescribe() {
    const root = document.getElementById('root');
    if (root === null) throw new Error('no #root element');
    const origin = root.getBoundingClientRect();
    const tree = describe(root, origin, { next: 1 });
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      root: tree,
      problems: [...problems],
    };
  }

  Object.assign(window, { omniosDescribe });
})();
