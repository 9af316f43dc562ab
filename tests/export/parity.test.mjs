// @ts-check
// Visual parity: every page of every fixture, rendered in the editor's canvas (page frame at
// 100 % zoom), in the exported Next.js app (`next start`) and in the static export (a loopback
// file server), at 1440, 768 and 375 px wide, must differ in under 1 % of pixels (pixelmatch).
// Then axe-core in the same Chromium on every exported page: no serious or critical violation.
//
// The Next.js apps are the ones build.test.mjs builds (apps.mjs keeps one build per exported
// manifest, so whichever test runs first builds and the other reuses it). The canvas opens each
// fixture the way a user would: `omnios backup` makes a `.omnios` file, the project home
// restores it, the Pages panel and the breakpoint switcher pick what is shown.
//
// Images listed in parityKnownDifferences.mjs come from project assets by path or from the
// project's asset library (`asset:<sha256>`), which the editor cannot load yet (no blob store):
// the test hands the canvas exactly those files from the fixture's assets, so the rest of the
// picture is still compared. Remote images (https://example.com/…) are answered with a fixture
// picture in every browser context, as a network would. On failure the canvas, export and diff PNGs are
// written to target/e2e/parity/<fixture>-<page>-<width>-<target>-*.png; a summary of every
// comparison goes to target/e2e/parity/results.json.
//
//   OMNIOS_BIN=target/debug/omnios node --test tests/export/parity.test.mjs

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, startServer } from '../e2e/harness.mjs';
import { frames, ready } from '../e2e/editorPage.mjs';
import { appsDir, assetsDir, bin, builtApp, exportFixture, fixtures, fixturesDir, repoRoot, run } from './apps.mjs';
import { assetFiles, libraryBlobs } from './parityKnownDifferences.mjs';
import { compare, exportShot, FRAME_HEIGHT, frameShot, LIMIT, newPage, nextStart, serveStatic, settled, TYPES } from './shots.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Browser} Browser */

const WIDTHS = /** @type {const} */ ([
  [1440, 'base'],
  [768, 'tablet'],
  [375, 'mobile'],
]);
const outDir = join(repoRoot, 'target', 'e2e', 'parity');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * @typedef {object} FixturePage
 * @property {string} id
 * @property {string} name
 * @property {string} slug
 */

/** A fixture's snapshot JSON. @param {string} fixture */
const snapshotOf = (fixture) => JSON.parse(readFileSync(join(fixturesDir, `${fixture}.omnios.json`), 'utf8'));

/** A fixture's pages in order. @param {string} fixture @returns {FixturePage[]} */
function pagesOf(fixture) {
  return [...snapshotOf(fixture).pages].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
}

/**
 * What the canvas is given for a fixture's known differences: asset files by path, and library
 * blobs by SHA-256 with the fixture file that has those bytes.
 * @param {string} fixture
 */
function servedAssetsOf(fixture) {
  /** @type {{ id: string, props?: Record<string, unknown> }[]} */
  const elements = snapshotOf(fixture).elements;
  const elementOf = (/** @type {string} */ id) => elements.find((e) => e.id === id);
  const byHash = new Map(readdirSync(assetsDir).map((f) => [createHash('sha256').update(readFileSync(join(assetsDir, f))).digest('hex'), f]));
  /** @type {Map<string, string>} */
  const blobs = new Map();
  for (const sha of libraryBlobs(fixture, elementOf)) {
    const file = byHash.get(sha);
    assert.ok(file, `${fixture}: no file in ${assetsDir} has the SHA-256 ${sha}`);
    blobs.set(sha, file);
  }
  return { files: assetFiles(fixture, elementOf), blobs };
}

/**
 * axe-core on the exported page at `url`: the serious and critical violations, one line each.
 * @param {Browser} browser @param {string} url
 * @returns {Promise<string[]>}
 */
async function axeViolations(browser, url) {
  const { page, close } = await newPage(browser, { width: 1440, height: FRAME_HEIGHT });
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.addScriptTag({ content: axeSource });
    /** @type {{ id: string, impact: string | null, help: string, nodes: { target: unknown[] }[] }[]} */
    const violations = await page.evaluate(async () => {
      // @ts-expect-error axe is the global the injected axe-core script defines.
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((/** @type {any} */ v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((/** @type {any} */ n) => ({ target: n.target })),
      }));
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  } finally {
    await close();
  }
}

/**
 * The canvas: the editor with a fixture restored from its backup, shown per page and breakpoint.
 * @param {Browser} browser @param {string} editorUrl @param {string} backupFile @param {string} projectName
 * @param {ReturnType<typeof servedAssetsOf>} served asset files (paths below assets/) and library blobs the canvas is given
 */
async function openCanvas(browser, editorUrl, backupFile, projectName, served) {
  const servedAssets = served.files;
  // Wide and tall enough to show the widest frame at 100 % beside the panels, whole.
  const { page, close } = await newPage(browser, { width: 2400, height: 1200 });
  // The known difference: the editor has no asset store yet, so the test hands the canvas the
  // listed project-asset images (requested relative to the editor's URL) and nothing else.
  await page.route(
    (url) => servedAssets.some((file) => url.pathname.endsWith(`/assets/${file}`)),
    (route) => {
      const file = servedAssets.find((f) => new URL(route.request().url()).pathname.endsWith(`/assets/${f}`)) ?? '';
      return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(join(assetsDir, file)) });
    },
  );
  // Library images: their `asset:<sha256>` sources point at a URL the test answers with the
  // fixture file of that SHA-256 (only the listed ones).
  await page.route(
    (url) => url.pathname.startsWith('/__parity-library/'),
    (route) => {
      const file = served.blobs.get(new URL(route.request().url()).pathname.slice('/__parity-library/'.length));
      if (file === undefined) return route.fulfill({ status: 404 });
      return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(join(assetsDir, file)) });
    },
  );
  await page.addInitScript((shas) => {
    const point = (/** @type {Element} */ img) => {
      const src = img.getAttribute('src') ?? '';
      const sha = src.startsWith('asset:') ? src.slice('asset:'.length) : '';
      if (shas.includes(sha)) img.setAttribute('src', `/__parity-library/${sha}`);
    };
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes' && r.target instanceof Element) point(r.target);
        for (const n of Array.from(r.addedNodes)) {
          if (n instanceof Element) for (const img of [n, ...Array.from(n.querySelectorAll('img'))]) if (img.tagName === 'IMG') point(img);
        }
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
  }, [...served.blobs.keys()]);
  await page.goto(`${editorUrl}/?test=1`);
  // Opening the browser's database, then restoring (the whole backup is checked and written to
  // it), is slow on a busy machine.
  // The home is replaced once the database is open: restore only after the list has loaded.
  await page.getByTestId('restore-input').waitFor({ state: 'attached', timeout: 120_000 });
  await page.getByText('Opening your projects…').waitFor({ state: 'detached', timeout: 120_000 });
  await page.getByTestId('restore-input').setInputFiles(backupFile);
  await page.locator(`[data-project="${projectName}"]`).waitFor({ timeout: 120_000 });
  await page.getByRole('button', { name: `Open ${projectName}`, exact: true }).click();
  await ready(page);
  await page.getByRole('button', { name: 'Pages', exact: true }).click();
  await frames(page);

  /** The page frame at 100 % zoom, whole, for one page and breakpoint. @param {string} pageName @param {'base' | 'tablet' | 'mobile'} breakpoint */
  const shot = (pageName, breakpoint) => frameShot(page, pageName, breakpoint);
  return { page, shot, close };
}

/** @type {Record<string, unknown>[]} */
const results = [];
/** @type {string} */
let apps = '';
/** @type {string} */
let scratch = '';
/** @type {Awaited<ReturnType<typeof startServer>>} */
let editor;
/** @type {Browser} */
let browser;

before(async () => {
  apps = appsDir();
  scratch = mkdtempSync(join(tmpdir(), 'omnios-parity-'));
  editor = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await editor?.stop();
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
});

for (const fixture of fixtures) {
  describe(fixture, () => {
    const pages = pagesOf(fixture);
    /** @type {{ url: string, stop: () => Promise<void> } | undefined} */
    let next;
    /** @type {{ url: string, stop: () => Promise<void> } | undefined} */
    let site;
    /** @type {Awaited<ReturnType<typeof openCanvas>> | undefined} */
    let canvas;

    before(async () => {
      const { app } = builtApp(apps, fixture);
      next = await nextStart(apps, app);
      const staticDir = join(scratch, `${fixture}-static`);
      exportFixture(fixture, 'static', staticDir);
      site = await serveStatic(staticDir);
      const backupFile = join(scratch, `${fixture}.omnios`);
      const projectName = `parity ${fixture}`;
      run(bin, ['backup', join(fixturesDir, `${fixture}.omnios.json`), '--assets', assetsDir, '--name', projectName, '--out', backupFile], repoRoot);
      canvas = await openCanvas(browser, editor.url, backupFile, projectName, servedAssetsOf(fixture));
    });

    after(async () => {
      await canvas?.close();
      await next?.stop();
      await site?.stop();
    });

    for (const p of pages) {
      for (const [width, breakpoint] of WIDTHS) {
        test(`${fixture} / ${p.name} at ${width} px: canvas, Next.js and static differ in under 1 % of pixels`, async () => {
          assert.ok(canvas && next && site);
          const path = p.slug === '' ? '/' : `/${p.slug}/`;
          const seen = await canvas.shot(p.name, breakpoint);
          /** @type {string[]} */
          const failures = [];
          for (const [target, base] of /** @type {const} */ ([
            ['nextjs', next.url],
            ['static', site.url],
          ])) {
            const exported = await exportShot(browser, `${base}${target === 'nextjs' ? path.replace(/(.)\/$/, '$1') : path}`, width);
            const label = `${fixture}-${p.slug === '' ? 'home' : p.slug.replace(/\//g, '_')}-${width}-${target}`;
            const { share, files } = compare(seen, exported, label, outDir);
            const percent = (share * 100).toFixed(3);
            results.push({ fixture, page: p.slug === '' ? '/' : p.slug, width, target, percent: Number(percent) });
            if (share >= LIMIT) failures.push(`${fixture} ${path} at ${width} px: ${target} differs from the canvas in ${percent} % of pixels (${files.join(', ')})`);
          }
          assert.deepEqual(failures, []);
        });
      }
    }

    test(`${fixture}: every image of both exports loads (naturalWidth > 0), library assets included`, async () => {
      assert.ok(next && site);
      /** @type {string[]} */
      const broken = [];
      /** @type {string[]} */
      const loaded = [];
      for (const p of pages) {
        for (const [target, base] of /** @type {const} */ ([
          ['nextjs', next.url],
          ['static', site.url],
        ])) {
          const url = `${base}${p.slug === '' ? '/' : target === 'nextjs' ? `/${p.slug}` : `/${p.slug}/`}`;
          const { page, close } = await newPage(browser, { width: 1440, height: FRAME_HEIGHT });
          try {
            await page.goto(url, { waitUntil: 'load' });
            await settled(page);
            const images = await page.evaluate(() => Array.from(document.images, (img) => ({ src: img.currentSrc || img.src, natural: img.naturalWidth })));
            for (const img of images) (img.natural > 0 ? loaded : broken).push(`${target} ${url}: ${img.src}`);
          } finally {
            await close();
          }
        }
      }
      assert.deepEqual(broken, [], 'images that did not load');
      // The media fixture's library image (asset:<sha256>) is shipped and shown by both exports.
      if (fixture === 'media') {
        const hero = '6b00992a5e69db81d7861e1156bbe8a182a5bd1d7807d408d1b12997e9f0c125';
        for (const target of ['nextjs', 'static']) {
          assert.ok(
            loaded.some((l) => l.startsWith(`${target} `) && l.includes(hero)),
            `${target}: the library image ${hero} loaded (${loaded.join(', ')})`,
          );
        }
      }
    });

    test(`${fixture}: axe-core finds no serious or critical violation in either export`, async () => {
      assert.ok(next && site);
      /** @type {string[]} */
      const found = [];
      for (const p of pages) {
        for (const [target, base] of /** @type {const} */ ([
          ['nextjs', next.url],
          ['static', site.url],
        ])) {
          const url = `${base}${p.slug === '' ? '/' : target === 'nextjs' ? `/${p.slug}` : `/${p.slug}/`}`;
          for (const v of await axeViolations(browser, url)) found.push(`${target} ${url}: ${v}`);
        }
      }
      assert.deepEqual(found, []);
    });
  });
}
