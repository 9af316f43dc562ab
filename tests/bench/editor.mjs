// @ts-check
// The `editor` suite: the editor on the 10,000-element benchmark page (tests/fixtures/benchmark_page.rs),
// driven by the real mouse through Playwright, and the same page and drag in GrapesJS.
//
//   open to first interactive canvas  navigation start → the first click on an element selects it
//   selection change latency          pointerdown → the frame after the selection changed
//   drag frame time                   intervals between requestAnimationFrame callbacks while the
//                                     mouse drags a free-moving element for 3 s, snapping to the
//                                     cards around it (guides showing); compared with GrapesJS
//                                     (`dragMode: 'absolute'`) dragging the same element.
import { launchBrowser, saveFailureArtifacts, startServer } from '../e2e/harness.mjs';

/** @typedef {import('./results.mjs').Measured} Measured */
/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Browser} Browser */

const VIEWPORT = { width: 1600, height: 1000 };
const OPEN_RUNS = 5;
const SELECTION_CLICKS = 40;
const DRAG_MS = 3000;
/** The free-moving element both editors drag (web/src/bench/grapesjsPeer.ts, FLOATER). */
const FLOATER = { left: 200, top: 300, width: 160, height: 120 };

/** @param {Browser} browser */
async function newPage(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  /** @type {string[]} */
  const log = [];
  page.on('console', (m) => log.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  return { page, context, log };
}

/**
 * Starts recording rAF intervals in the page (and whether guides were showing each frame).
 * @param {Page} page
 * @param {string} guideSelector  elements that are guides in this editor
 */
function startFrameRecorder(page, guideSelector) {
  return page.evaluate((selector) => {
    const w = /** @type {any} */ (window);
    w.__frames = [];
    w.__guideFrames = 0;
    w.__recording = true;
    let last = performance.now();
    const tick = (/** @type {number} */ now) => {
      if (!w.__recording) return;
      w.__frames.push(now - last);
      last = now;
      const docs = [document, ...Array.from(document.querySelectorAll('iframe'), (f) => f.contentDocument)];
      if (docs.some((d) => d !== null && Array.from(d.querySelectorAll(selector)).some((g) => /** @type {HTMLElement} */ (g).offsetParent !== null || getComputedStyle(g).display !== 'none'))) w.__guideFrames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  }, guideSelector);
}

/** @param {Page} page @returns {Promise<{frames: number[], guideShare: number}>} */
async function stopFrameRecorder(page) {
  return page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__recording = false;
    const frames = /** @type {number[]} */ (w.__frames).slice(1);
    return { frames, guideShare: frames.length === 0 ? 0 : w.__guideFrames / frames.length };
  });
}

/**
 * Drags with the real mouse from `from` for DRAG_MS along a slow loop around the start point.
 * @param {Page} page @param {{x: number, y: number}} from @param {() => Promise<void>} press
 */
async function dragLoop(page, from, press) {
  await page.mouse.move(from.x, from.y);
  await press();
  const start = Date.now();
  let t = 0;
  while (Date.now() - start < DRAG_MS) {
    t = (Date.now() - start) / 1000;
    const x = from.x + 260 * Math.sin(t * 2.1);
    const y = from.y + 140 * Math.sin(t * 1.3);
    await page.mouse.move(x, y);
  }
  await page.mouse.up();
}

/** @param {Page} page */
const raf = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));

/**
 * OMNIOS: open time (fresh page each run), selection latency and the drag.
 * @param {Browser} browser @param {string} url
 */
async function measureOmnios(browser, url) {
  /** @type {number[]} */
  const open = [];
  /** @type {{ page: Page, context: import('playwright-core').BrowserContext, log: string[] } | undefined} */
  let last;
  for (let run = 0; run < OPEN_RUNS; run++) {
    if (last) await last.context.close();
    last = await newPage(browser);
    const { page } = last;
    await page.goto(`${url}/?fixture=bench&test=1`, { waitUntil: 'commit' });
    // The first text of the first card, clicked as soon as it is there.
    const target = page.locator('.omnios-page p').first();
    await target.waitFor({ state: 'visible', timeout: 60_000 });
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.omnios.store.subscribe((/** @type {any} */ s) => {
        if (s.selection.length > 0 && w.__firstSelect === undefined) w.__firstSelect = performance.now();
      });
    });
    await target.click();
    await page.waitForFunction(() => /** @type {any} */ (window).__firstSelect !== undefined, undefined, { timeout: 30_000 });
    open.push(await page.evaluate(() => /** @type {any} */ (window).__firstSelect));
  }
  if (!last) throw new Error('no run');
  const { page } = last;

  // Selection change latency: pointerdown → the frame after the store's selection changed.
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__lat = [];
    w.__down = null;
    document.querySelector('.viewport')?.addEventListener('pointerdown', (e) => (w.__down = e.timeStamp), true);
    w.omnios.store.subscribe((/** @type {any} */ s, /** @type {any} */ prev) => {
      if (s.selection === prev.selection || w.__down === null) return;
      const t0 = w.__down;
      w.__down = null;
      requestAnimationFrame(() => setTimeout(() => w.__lat.push(performance.now() - t0), 0));
    });
  });
  const leaves = await page.evaluate(() => {
    const s = /** @type {any} */ (window).omnios.store.getState();
    /** @type {string[]} */
    const ids = [];
    for (const [id, el] of s.elements) if (el.kind === 'text' || el.kind === 'button') ids.push(id);
    return ids;
  });
  let clicked = 0;
  for (const id of leaves) {
    if (clicked >= SELECTION_CLICKS) break;
    const box = await page.locator(`[data-omnios-id="${id}"]`).boundingBox();
    if (!box || box.y < 60 || box.y + box.height > VIEWPORT.height - 10 || box.x < 300 || box.x + box.width > VIEWPORT.width - 300) continue;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await raf(page);
    await raf(page);
    clicked++;
  }
  await page.waitForTimeout(100);
  const latency = await page.evaluate(() => /** @type {number[]} */ (/** @type {any} */ (window).__lat));

  // The drag: a free-moving element over the cards, dragged with guides snapping to them.
  const floater = await page.evaluate((f) => {
    const { bridge, store } = /** @type {any} */ (window).omnios;
    const s = store.getState();
    const body = s.pages.get(s.activePage).root;
    const applied = bridge.commit({
      type: 'create_element',
      kind: 'container',
      parent: body,
      name: 'Floater',
      styles: { base: { position: 'absolute', left: `${f.left}px`, top: `${f.top}px`, width: `${f.width}px`, height: `${f.height}px`, 'background-color': '#6366f1', 'z-index': '10' } },
    });
    return applied.created[0];
  }, FLOATER);
  const floaterNode = page.locator(`[data-omnios-id="${floater}"]`);
  await floaterNode.waitFor({ state: 'visible' });
  const fb = await floaterNode.boundingBox();
  if (!fb) throw new Error('the floater is not on the canvas');
  const from = { x: fb.x + fb.width / 2, y: fb.y + fb.height / 2 };
  await page.mouse.click(from.x, from.y);
  await raf(page);
  await startFrameRecorder(page, '[data-testid="guide"]');
  await dragLoop(page, from, () => page.mouse.down());
  const drag = await stopFrameRecorder(page);
  const moved = await page.evaluate((id) => /** @type {any} */ (window).omnios.store.getState().elements.get(id).styles.base.left, floater);
  if (moved === `${FLOATER.left}px`) throw new Error('the OMNIOS drag did not move the element');
  await last.context.close();
  return { open, latency, drag };
}

/**
 * GrapesJS: the same page (`/?peer=grapesjs`) and the same drag through its move handle.
 * @param {Browser} browser @param {string} url
 */
async function measureGrapes(browser, url) {
  const { page, context } = await newPage(browser);
  try {
    await page.goto(`${url}/?peer=grapesjs`);
    await page.waitForFunction(() => /** @type {any} */ (window).grapesPeer !== undefined, undefined, { timeout: 180_000, polling: 250 });
    const status = await page.evaluate(() => /** @type {any} */ (window).grapesPeer);
    const frame = page.frameLocator('iframe.gjs-frame');
    const node = frame.locator('#floater');
    await node.waitFor({ state: 'visible', timeout: 60_000 });
    const box = await node.boundingBox();
    if (!box) throw new Error('the floater is not in the GrapesJS canvas');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // GrapesJS starts an absolute move from its toolbar's move handle (a mousedown on it).
    const handle = page.locator('.gjs-toolbar-item.gjs-no-touch-actions');
    await handle.waitFor({ state: 'visible', timeout: 10_000 });
    const hb = await handle.boundingBox();
    if (!hb) throw new Error('no move handle in the GrapesJS toolbar');
    const from = { x: hb.x + hb.width / 2, y: hb.y + hb.height / 2 };
    await startFrameRecorder(page, '.gjs-guides > div');
    await dragLoop(page, from, () => page.mouse.down());
    const drag = await stopFrameRecorder(page);
    const left = await page.evaluate(() => {
      const ed = /** @type {any} */ (window).grapesEditor;
      const comp = ed.getWrapper().find('#floater')[0];
      return comp.getStyle().left ?? ed.Css.getRule('#floater')?.getStyle().left;
    });
    if (left === `${FLOATER.left}px`) throw new Error('the GrapesJS drag did not move the element');
    return { status, drag };
  } finally {
    await context.close();
  }
}

/**
 * @param {{ caseName?: string }} [filter]
 * @returns {Promise<Measured[]>}
 */
export async function runEditorBenchmarks(filter = {}) {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const ours = await measureOmnios(browser, server.url);
    const peer = await measureGrapes(browser, server.url);
    console.log(
      `editor: OMNIOS drag had guides in ${(ours.drag.guideShare * 100).toFixed(0)} % of frames; ` +
        `GrapesJS ${peer.status.version} (${peer.status.components} components, loaded in ${Math.round(peer.status.loadMs)} ms) ` +
        `with guides in ${(peer.drag.guideShare * 100).toFixed(0)} %; settings: ${peer.status.settings}`,
    );
    /** @type {Measured[]} */
    const measured = [
      { suite: 'editor', name: 'open to first interactive canvas, 10,000 elements', unit: 'ms', samples: ours.open },
      { suite: 'editor', name: 'selection change latency, 10,000 elements', unit: 'ms', samples: ours.latency },
      {
        suite: 'editor',
        name: 'drag frame time with guides, 10,000 elements',
        unit: 'ms',
        samples: ours.drag.frames,
        vs: { peer: `grapesjs ${peer.status.version}`, samples: peer.drag.frames, settings: peer.status.settings },
      },
    ];
    return measured.filter((m) => !filter.caseName || m.name === filter.caseName);
  } catch (error) {
    const dir = await saveFailureArtifacts('bench-editor', { server, error });
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n(logs: ${dir})`);
  } finally {
    await browser.close();
    await server.stop();
  }
}
