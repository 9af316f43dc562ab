// @ts-check
// Helpers for the editor's end-to-end tests: open the editor with `?test=1`, read the document
// from `window.omnios` (read only), drive the panels and the canvas with the pointer and keys.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactsRoot } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */

export const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Opens a new, empty saved project (`/new` creates it and moves to `/p/<id>`); start-up takes over 30 s on a loaded 2-core machine. @param {Page} page @param {string} url */
export async function openEditor(page, url) {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`${url}/new?test=1`);
  // A fresh context creates the database (initdb in its worker) first: slow on a busy machine.
  await page.waitForFunction(() => /** @type {any} */ (window).omnios !== undefined, undefined, { timeout: 60_000 });
  await frames(page);
}

/** Waits until the top bar says every change is durable. */
export async function saved(/** @type {Page} */ page) {
  await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 15_000 });
}

/** Waits for the editor of a saved project to be ready (after a navigation or reload). */
export async function ready(/** @type {Page} */ page) {
  await page.waitForFunction(
    () => /** @type {any} */ (window).omnios !== undefined && document.querySelector('[data-engine-state="ready"]') !== null,
    undefined,
    { timeout: 20_000 },
  );
  await frames(page);
}

/** Waits until the frame loop has pulled what the last input did. */
/** @param {Page} page */
export async function frames(page, n = 2) {
  for (let i = 0; i < n; i++) await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
}

/**
 * The document as the store holds it: elements by id (plain objects) and the active page's body.
 * @param {Page} page
 */
export async function doc(page) {
  return page.evaluate(() => {
    /** @type {any} */
    const omnios = /** @type {any} */ (window).omnios;
    if (omnios === undefined) throw new Error('window.omnios is missing');
    const s = omnios.store.getState();
    const page = s.pages.get(s.activePage ?? '');
    /** @type {Record<string, any>} */
    const elements = {};
    for (const [id, el] of s.elements) elements[id] = el;
    /** @type {Record<string, any>} */
    const boxes = {};
    for (const [id, b] of s.boxes) boxes[id] = b;
    return {
      body: page?.root ?? '',
      elements,
      boxes,
      selection: [...s.selection],
      pages: s.pageOrder.map((/** @type {string} */ id) => s.pages.get(id)),
      activePage: s.activePage,
      canUndo: s.canUndo,
      zoom: s.viewport.zoom,
    };
  });
}

/** @param {Page} page @param {string} id */
export const node = (page, id) => page.locator(`[data-omnios-id="${id}"]`);

/** The screen centre of an element on the canvas. @param {Page} page @param {string} id */
export async function centre(page, id) {
  const box = await node(page, id).boundingBox();
  assert.ok(box, `element ${id} is not on the canvas`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** @param {Page} page @param {string} preset */
export const insert = (page, preset) => page.locator(`[data-preset="${preset}"]`).click();

/** Types a value into a labelled style field of a properties section and commits it with Enter. */
export async function setField(/** @type {Page} */ page, /** @type {string} */ section, /** @type {string} */ label, /** @type {string} */ value) {
  const field = page.getByRole('region', { name: section }).getByLabel(label, { exact: true });
  await field.fill(value);
  await field.press('Enter');
  await frames(page);
}

/**
 * Saves the download that `click` starts as target/e2e/<name>; returns its path and the name
 * the page suggested.
 * @param {Page} page @param {() => Promise<void>} click @param {string} name
 */
export async function downloadOf(page, click, name) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  await mkdir(artifactsRoot, { recursive: true });
  const path = join(artifactsRoot, name);
  await download.saveAs(path);
  return { path, suggested: download.suggestedFilename() };
}

/** @param {Page} page @param {string} name */
export async function screenshot(page, name) {
  await mkdir(artifactsRoot, { recursive: true });
  await page.screenshot({ path: join(artifactsRoot, `${name}.png`) });
}

/** Clicks empty canvas (outside the page frame) to clear the selection. @param {Page} page */
export async function clickEmptyCanvas(page) {
  const canvas = await page.getByTestId('canvas').boundingBox();
  assert.ok(canvas);
  await page.mouse.click(canvas.x + 10, canvas.y + canvas.height - 10);
  await frames(page);
}

/** Inserts an absolutely positioned container at a place and size, through the panels. */
export async function absoluteBox(/** @type {Page} */ page, /** @type {{left: number, top: number, width: number, height: number}} */ at) {
  await clickEmptyCanvas(page);
  await insert(page, 'container');
  await frames(page);
  const { selection } = await doc(page);
  const id = selection[0];
  assert.ok(id);
  await page.getByRole('region', { name: 'Position' }).getByLabel('Position', { exact: true }).selectOption('absolute');
  await frames(page);
  await setField(page, 'Position', 'Left', `${at.left}px`);
  await setField(page, 'Position', 'Top', `${at.top}px`);
  await setField(page, 'Size', 'Width', `${at.width}px`);
  await setField(page, 'Size', 'Height', `${at.height}px`);
  await setField(page, 'Size', 'Min H', '');
  await page.getByRole('region', { name: 'Fill' }).getByLabel('Background', { exact: true }).fill('#c7d2fe');
  await page.getByRole('region', { name: 'Fill' }).getByLabel('Background', { exact: true }).press('Enter');
  await frames(page, 3);
  return id;
}

/** Drags with the real mouse in steps, then optionally runs `before` with the button still down. */
export async function drag(/** @type {Page} */ page, /** @type {{x:number,y:number}} */ from, /** @type {{x:number,y:number}} */ to, /** @type {() => Promise<void>} */ before = async () => {}) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
    await frames(page, 1);
  }
  await frames(page);
  await before();
  await page.mouse.up();
  await frames(page, 3);
}

/** Adds a page from the Pages panel, names it, and goes back to the Insert panel; the new page is open. */
export async function addPage(/** @type {Page} */ page, /** @type {string} */ name) {
  await page.getByRole('button', { name: 'Pages', exact: true }).click();
  await page.getByRole('button', { name: '+ Add page' }).click();
  await frames(page);
  const settings = page.getByRole('region', { name: 'Page settings' });
  await settings.getByLabel('Name', { exact: true }).fill(name);
  await settings.getByLabel('Name', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Insert', exact: true }).click();
}
