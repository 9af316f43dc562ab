// @ts-check
// Screenshots and their comparison, shared by the parity test (parity.test.mjs) and the editor's
// export end-to-end test (tests/e2e/export.test.mjs): an exported app served on a loopback port
// (`next start`, or a small static file server), a whole exported page at one width, the
// editor's page frame at 100 % zoom, and the share of pixels that differ (pixelmatch), with the
// canvas, export and diff PNGs written on failure.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { frames, mod } from '../e2e/editorPage.mjs';
import { assetsDir, nextBin } from './apps.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Browser} Browser */

/** The canvas frame's minimum height (FRAME_HEIGHT in web/src/store/projectStore.ts): the export's viewport height. */
export const FRAME_HEIGHT = 900;
/** Share of differing pixels allowed. */
export const LIMIT = 0.01;
const REMOTE_PICTURE = join(assetsDir, 'hero.png');

/** A free loopback port. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

export const TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
});

/**
 * A static file server for one folder on a loopback port: `/x/` serves `x/index.html`.
 * @param {string} root
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function serveStatic(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

/**
 * `next start` for a built app on a loopback port; resolves once it answers.
 * @param {string} apps
 * @param {string} app
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function nextStart(apps, app) {
  const port = await freePort();
  const child = spawn(nextBin(apps, 'next'), ['start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: app,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c) => (output += c));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}:\n${output}`);
    const up = await fetch(url).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (attempt > 300) {
      child.kill('SIGKILL');
      throw new Error(`next start did not answer on ${url}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A fresh page of `width` × FRAME_HEIGHT whose requests to remote images get the fixture picture.
 * @param {Browser} browser
 * @param {{ width: number, height: number }} viewport
 */
export async function newPage(browser, viewport) {
  const context = await browser.newContext({ viewport });
  await context.route(/^https?:\/\/example\.com\//, (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: readFileSync(REMOTE_PICTURE) }),
  );
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

/**
 * Waits until fonts are loaded and every image has loaded or failed (lazy ones made eager
 * first: a full-page screenshot must not catch them unloaded).
 * @param {Page} page
 */
export async function settled(page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    const pending = Array.from(document.images, (img) => {
      img.loading = 'eager';
      if (img.complete) return undefined;
      return new Promise((resolve) => {
        img.addEventListener('load', resolve, { once: true });
        img.addEventListener('error', resolve, { once: true });
      });
    });
    await Promise.all(pending);
  });
}

/**
 * The exported page at `url`: the whole page, `width` wide, at least FRAME_HEIGHT high.
 * @param {Browser} browser @param {string} url @param {number} width
 * @returns {Promise<PNG>}
 */
export async function exportShot(browser, url, width) {
  const { page, close } = await newPage(browser, { width, height: FRAME_HEIGHT });
  try {
    const response = await page.goto(url, { waitUntil: 'load' });
    assert.equal(response?.status(), 200, `${url} answered ${response?.status()}`);
    await settled(page);
    return PNG.sync.read(await page.screenshot({ fullPage: true, animations: 'disabled' }));
  } finally {
    await close();
  }
}

/**
 * The editor's page frame at 100 % zoom, whole, for one page and breakpoint: the Pages panel
 * (open) and the breakpoint switcher choose it, Ctrl+0 zooms to 100 %, the wheel pans the frame
 * into view, the pointer rests outside it.
 * @param {Page} page the editor @param {string} pageName @param {'base' | 'tablet' | 'mobile'} breakpoint
 * @returns {Promise<PNG>}
 */
export async function frameShot(page, pageName, breakpoint) {
  await page.locator('.page-open', { hasText: pageName }).first().click();
  await page.locator(`button.bp-button[data-breakpoint="${breakpoint}"]`).click();
  await frames(page, 3);
  const frame = page.locator('.frame');
  const height = await frame.evaluate((el) => el.getBoundingClientRect().height / Number(/scale\(([\d.]+)\)/.exec(el.parentElement?.style.transform ?? '')?.[1] ?? 1));
  // The browser window grows to hold the frame at 100 %; then zoom to 100 % and pan the
  // frame's corner to the canvas's corner with the wheel, as a user would.
  await page.setViewportSize({ width: 2400, height: Math.ceil(height) + 400 });
  await frames(page);
  await page.getByTestId('canvas').focus();
  await page.keyboard.press(`${mod}+0`);
  await frames(page);
  const canvas = await page.getByTestId('canvas').boundingBox();
  assert.ok(canvas);
  for (let i = 0; i < 3; i++) {
    const box = await frame.boundingBox();
    assert.ok(box);
    const dx = box.x - (canvas.x + 40);
    const dy = box.y - (canvas.y + 40);
    if (Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5) break;
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    await page.mouse.wheel(dx, dy);
    await frames(page);
  }
  // Nothing hovered or selected: the pointer rests outside the frame.
  await page.mouse.move(canvas.x + 5, canvas.y + 5);
  await frames(page, 3);
  await settled(page);
  return PNG.sync.read(await frame.screenshot({ animations: 'disabled' }));
}

/** A copy of `png` on a canvas of `width` × `height`, the rest transparent. @param {PNG} png @param {number} width @param {number} height */
function padded(png, width, height) {
  if (png.width === width && png.height === height) return png;
  const out = new PNG({ width, height });
  PNG.bitblt(png, out, 0, 0, png.width, png.height, 0, 0);
  return out;
}

/**
 * The share of differing pixels between the canvas and an export (the shorter one padded with
 * transparent pixels, which count as different); writes the three PNGs to `outDir` when at or
 * over the limit (or always with OMNIOS_PARITY_KEEP=1).
 * @param {PNG} canvas @param {PNG} exported @param {string} label for the files' names @param {string} outDir
 * @returns {{ share: number, files: string[] }}
 */
export function compare(canvas, exported, label, outDir) {
  const width = Math.max(canvas.width, exported.width);
  const height = Math.max(canvas.height, exported.height);
  const a = padded(canvas, width, height);
  const b = padded(exported, width, height);
  const diff = new PNG({ width, height });
  const count = pixelmatch(a.data, b.data, diff.data, width, height, { threshold: 0.1 });
  const share = count / (width * height);
  /** @type {string[]} */
  const files = [];
  if (share >= LIMIT || process.env.OMNIOS_PARITY_KEEP === '1') {
    mkdirSync(outDir, { recursive: true });
    for (const [suffix, png] of /** @type {const} */ ([
      ['canvas', a],
      ['export', b],
      ['diff', diff],
    ])) {
      const file = join(outDir, `${label}-${suffix}.png`);
      writeFileSync(file, PNG.sync.write(png));
      files.push(file);
    }
  }
  return { share, files };
}
