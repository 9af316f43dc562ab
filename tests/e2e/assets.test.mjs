// @ts-check
// The asset library through the editor's UI in Chromium: a photo dropped on the canvas goes
// through the media worker into the browser's blob store and shows (placeholder first, then a
// blob: URL of the right variant); it is still there after a reload with the server's /blobs
// unreachable; a backup carries its bytes into a fresh browser profile; the Assets panel
// replaces it everywhere, refuses to delete it while used (listing where) and a file lying
// about its type is refused with its reason and nothing stored.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe } from 'node:test';
import { doc, downloadOf, frames, mod, openEditor, ready, saved, screenshot } from './editorPage.mjs';
import { errorsIn, openPage, pageTest, repoRoot, useSession } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */

const HERO = join(repoRoot, 'tests', 'fixtures', 'assets', 'hero.png');
const LOGO = join(repoRoot, 'tests', 'fixtures', 'assets', 'logo.png');
const sha256 = (/** @type {Buffer} */ bytes) => createHash('sha256').update(bytes).digest('hex');

/** The library as the store holds it. @param {Page} page */
const library = (page) =>
  page.evaluate(() => [.../** @type {any} */ (window).omnios.store.getState().assets.values()]);

/** Every key of the browser's blob store. @param {Page} page */
const storedKeys = (page) => page.evaluate(async () => (await /** @type {any} */ (window).omnios.blobs()).keys());

/** SHA-256 (hex) of the stored bytes under `key`, hashed here in the page, or null. @param {Page} page @param {string} key */
const storedHash = (page, key) =>
  page.evaluate(async (k) => {
    const bytes = await (await /** @type {any} */ (window).omnios.blobs()).get(k);
    if (bytes === undefined) return null;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  }, key);

/** The image elements of the document. @param {Page} page */
async function images(page) {
  const d = await doc(page);
  return Object.values(d.elements).filter((/** @type {any} */ el) => el.kind === 'image');
}

/** Waits until the canvas image of element `id` shows a stored blob; returns what it shows. @param {Page} page @param {string} id */
async function loadedImage(page, id) {
  const img = page.locator(`img[data-omnios-id="${id}"][data-asset-state="loaded"]`);
  await img.waitFor({ timeout: 30_000 });
  await page.waitForFunction((i) => {
    const el = /** @type {HTMLImageElement | null} */ (document.querySelector(`img[data-omnios-id="${i}"]`));
    return el !== null && el.complete && el.naturalWidth > 0;
  }, id);
  return img.evaluate((/** @type {HTMLImageElement} */ el) => ({ src: el.src, naturalWidth: el.naturalWidth, alt: el.alt }));
}

/** Drops a JPEG that Chromium encodes here (1600×1000, red left half, blue right) onto the
 *  canvas at the page point (x, y), as a file dragged from the desktop would arrive.
 *  @param {Page} page @param {number} x @param {number} y */
async function dropPhoto(page, x, y) {
  return page.evaluate(
    async ({ x, y }) => {
      const canvas = new OffscreenCanvas(1600, 1000);
      const context = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext('2d'));
      context.fillStyle = '#c83232';
      context.fillRect(0, 0, 800, 1000);
      context.fillStyle = '#3232c8';
      context.fillRect(800, 0, 800, 1000);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      const file = new File([bytes], 'beach photo.jpg', { type: 'image/jpeg' });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      // Every src the image takes, in order: the placeholder must come before the blob.
      /** @type {string[]} */
      const seen = [];
      /** @type {any} */ (window).__srcSeen = seen;
      new MutationObserver((records) => {
        for (const r of records) {
          const t = /** @type {Element} */ (r.target);
          if (t instanceof HTMLImageElement && t.dataset.omniosId !== undefined) seen.push(t.src.slice(0, 20));
          for (const n of Array.from(r.addedNodes)) {
            if (n instanceof HTMLImageElement && n.dataset.omniosId !== undefined) seen.push(n.src.slice(0, 20));
          }
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
      const view = /** @type {HTMLElement} */ (document.querySelector('[data-testid="canvas"]'));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        view.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, clientX: x, clientY: y, bubbles: true, cancelable: true }));
      }
      return { sha: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''), size: bytes.byteLength };
    },
    { x, y },
  );
}

/** A point inside the page frame on screen. @param {Page} page */
async function inFrame(page) {
  const frame = await page.locator('.frame').boundingBox();
  assert.ok(frame, 'the page frame is on screen');
  return { x: frame.x + frame.width / 2, y: frame.y + 60 };
}

/** Opens the Assets panel. @param {Page} page */
async function assetsPanel(page) {
  await page.getByRole('button', { name: 'Assets', exact: true }).click();
  return page.getByRole('complementary', { name: 'Assets' });
}

describe('assets', () => {
  const session = useSession();

  pageTest(session, 'a photo dropped on the canvas shows its placeholder, then the stored picture, and is still there after a reload without the server', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const at = await inFrame(page);
    const dropped = await dropPhoto(page, at.x, at.y);

    await page.locator('[data-testid="upload-row"][data-state="done"]').waitFor({ timeout: 60_000 });
    await frames(page, 3);
    const [image] = await images(page);
    assert.ok(image, 'an image element was created where the photo was dropped');
    assert.equal(image.props.src, `asset:${dropped.sha}`, 'the image uses the asset, named by the original bytes’ SHA-256');
    assert.deepEqual([image.props.width, image.props.height], [1600, 1000], 'the natural size is in the document');
    const shown = await loadedImage(page, image.id);
    assert.match(shown.src, /^blob:/, 'the canvas shows an object URL of the stored blob');
    assert.ok(shown.naturalWidth > 0);
    const seen = await page.evaluate(() => /** @type {any} */ (window).__srcSeen);
    const firstBlob = seen.findIndex((/** @type {string} */ s) => s.startsWith('blob:'));
    assert.ok(firstBlob > 0 && seen.slice(0, firstBlob).some((/** @type {string} */ s) => s.startsWith('data:image/webp')), `placeholder first, then the blob: ${seen.join(' → ')}`);

    const [asset] = await library(page);
    assert.equal(asset.id, dropped.sha);
    assert.equal(asset.mime, 'image/jpeg');
    assert.deepEqual([asset.width, asset.height], [1600, 1000]);
    assert.deepEqual(asset.variants.map((/** @type {any} */ v) => v.width), [640, 1280, 1600]);
    assert.deepEqual(asset.used_by, [image.id]);
    const box = (await doc(page)).boxes[image.id];
    assert.deepEqual([box.width, box.height], [480, 300], 'the engine lays the image out at the asset’s proportions');
    // 480 css px at the fitted zoom on a 1× screen needs at most the 640 px variant.
    const chosen = await page.evaluate((src) => src, shown.src);
    assert.ok(chosen.startsWith('blob:'));
    assert.equal(await storedHash(page, dropped.sha), dropped.sha, 'the original is stored whole, under its hash');
    for (const v of asset.variants) assert.equal(await storedHash(page, v.hash), v.hash, `variant ${v.width} stored whole`);
    await screenshot(page, 'assets-dropped');

    // One undo takes the asset and the image back out; redo brings both.
    await page.getByTestId('canvas').focus();
    await page.keyboard.press(`${mod}+z`);
    await frames(page, 3);
    assert.equal((await images(page)).length, 0, 'undo removed the image');
    assert.equal((await library(page)).length, 0, 'the same undo removed the asset');
    await page.keyboard.press(`${mod}+Shift+z`);
    await frames(page, 3);
    assert.equal((await images(page)).length, 1);
    await saved(page);

    // Reload with the server's blob route unreachable: the picture comes from this browser.
    let blobRequests = 0;
    await page.route('**/blobs/**', (route) => {
      blobRequests += 1;
      return route.abort();
    });
    await page.reload();
    await ready(page);
    const [again] = await images(page);
    assert.ok(again);
    const reloaded = await loadedImage(page, again.id);
    assert.match(reloaded.src, /^blob:/);
    assert.ok(reloaded.naturalWidth > 0);
    assert.equal(blobRequests, 0, 'nothing was asked of the server');
    await screenshot(page, 'assets-after-reload');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'a backup carries the picture’s bytes and alt text into a fresh browser profile', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const hero = await readFile(HERO);
    await page.getByLabel('Image from file', { exact: true }).setInputFiles(HERO);
    await page.locator('[data-testid="upload-row"][data-state="done"]').waitFor({ timeout: 60_000 });
    await frames(page, 3);
    const [image] = await images(page);
    assert.ok(image);
    assert.equal(image.props.src, `asset:${sha256(hero)}`);

    const panel = await assetsPanel(page);
    const card = panel.getByTestId('asset-card');
    await card.getByTestId('missing-alt').waitFor();
    const alt = card.getByLabel('Alt text');
    await alt.fill('A mountain lake at dawn');
    await alt.press('Enter');
    await frames(page, 3);
    assert.equal(await card.getByTestId('missing-alt').count(), 0, 'the flag goes once the image has alt text');
    await saved(page);
    const backup = await downloadOf(page, () => page.getByRole('button', { name: 'Back up project' }).click(), 'assets-backup.omnios');

    // A fresh profile: no projects, an empty blob store.
    const fresh = await openPage(session.browser);
    try {
      await fresh.page.setViewportSize({ width: 1600, height: 1000 });
      await fresh.page.goto(`${server.url}/?test=1`);
      await fresh.page.getByTestId('restore-input').setInputFiles(backup.path);
      await fresh.page.locator('[data-project="Untitled project"]').waitFor({ timeout: 30_000 });
      await fresh.page.getByRole('button', { name: 'Open Untitled project' }).click();
      await ready(fresh.page);
      const [restored] = await images(fresh.page);
      assert.ok(restored);
      const shown = await loadedImage(fresh.page, restored.id);
      assert.equal(shown.alt, 'A mountain lake at dawn', 'the canvas image carries the asset’s alt text');
      assert.equal(await storedHash(fresh.page, sha256(hero)), sha256(hero), 'the same bytes are in the new profile’s store');
      const [asset] = await library(fresh.page);
      assert.equal(asset.alt, 'A mountain lake at dawn');
      for (const v of asset.variants) assert.equal(await storedHash(fresh.page, v.hash), v.hash);
      await screenshot(fresh.page, 'assets-restored');
      assert.deepEqual(errorsIn(fresh.log), []);
    } finally {
      await fresh.context.close();
    }
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'a pasted picture joins the same asset; the Assets panel replaces it everywhere, refuses to delete it while used, and a lying file is refused', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const hero = await readFile(HERO);
    const logo = await readFile(LOGO);
    const fromFile = page.getByLabel('Image from file', { exact: true });
    await fromFile.setInputFiles(HERO);
    await page.locator('[data-testid="upload-row"][data-state="done"]').first().waitFor({ timeout: 60_000 });
    // The same picture again, pasted from the system clipboard onto the canvas.
    await page.getByTestId('canvas').focus();
    await page.evaluate(async (bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
      const canvas = /** @type {HTMLElement} */ (document.querySelector('[data-testid="canvas"]'));
      canvas.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, [...hero]);
    await page.waitForFunction(
      () => [.../** @type {any} */ (window).omnios.store.getState().elements.values()].filter((el) => el.kind === 'image').length === 2,
      undefined,
      { timeout: 60_000 },
    );
    await frames(page, 3);
    const placed = await images(page);
    assert.equal(placed.length, 2, 'the same file placed twice: picked, then pasted');
    assert.equal((await library(page)).length, 1, 'is one asset in the library');

    const panel = await assetsPanel(page);
    const card = panel.getByTestId('asset-card');
    assert.equal(await card.getByTestId('asset-usage').innerText(), 'Used 2×');

    // Replace: both images switch to the new file.
    await card.getByLabel('Replace…').setInputFiles(LOGO);
    await page.waitForFunction((sha) => [.../** @type {any} */ (window).omnios.store.getState().assets.keys()].includes(sha), sha256(logo), { timeout: 60_000 });
    await frames(page, 3);
    for (const el of await images(page)) {
      assert.equal(el.props.src, `asset:${sha256(logo)}`, 'every use shows the replacement');
      await loadedImage(page, el.id);
    }
    assert.deepEqual((await library(page)).map((/** @type {any} */ a) => a.id), [sha256(logo)], 'the replaced asset left the library');
    assert.notEqual(sha256(hero), sha256(logo));

    // Delete while used: refused, the users listed; the asset stays.
    await card.getByRole('button', { name: 'Delete' }).click();
    const inUse = card.getByTestId('asset-in-use');
    await inUse.waitFor();
    const listed = await inUse.innerText();
    assert.match(listed, /used by 2 elements/);
    assert.equal((listed.match(/ on Home/g) ?? []).length, 2, `each user is named with its page: ${listed}`);
    assert.equal((await library(page)).length, 1, 'nothing was deleted');
    await screenshot(page, 'assets-delete-refused');

    // A PNG named like a JPEG: refused with the pipeline's reason; nothing stored or added.
    const keysBefore = await storedKeys(page);
    await panel.getByLabel('Add files…').setInputFiles({ name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: hero });
    const refused = page.locator('[data-testid="upload-row"][data-state="failed"]');
    await refused.waitFor({ timeout: 60_000 });
    assert.match(await refused.innerText(), /“holiday\.jpg” is named like a JPEG image, but its contents are a PNG image/);
    assert.deepEqual(await storedKeys(page), keysBefore, 'nothing was stored');
    assert.equal((await library(page)).length, 1, 'nothing was added to the library');
    await screenshot(page, 'assets-lying-file');

    // Removing anyway leaves both images without a source.
    await inUse.getByRole('button', { name: 'Remove anyway' }).click();
    await frames(page, 3);
    assert.equal((await library(page)).length, 0);
    for (const el of await images(page)) assert.equal(el.props.src, undefined, 'the images no longer name the asset');
    assert.deepEqual(errorsIn(log), []);
  });
});
