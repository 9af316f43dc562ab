#!/usr/bin/env node
// @ts-check
// Chromium → expected boxes for the layout fidelity suite (tests/layout/README.md).
//
//   node tests/layout/gentest.mjs            regenerate tests/layout/expected/ (commit it alone)
//   node tests/layout/gentest.mjs --check    exit 1 if Chromium now disagrees with expected/
//
// Opens every fixtures/<algo>/<case>.html in headless Chromium at each breakpoint it declares
// (`<html data-breakpoint="base tablet mobile">`, default base), waits for load and fonts,
// and refuses to go on when the harness stylesheet is missing, a font fell back, the page
// logged an error, or a fixture uses something the engine cannot take. It records each
// element's tag, styles per slot, leaf text, attributes and unrounded border box, and writes
// expected/<algo>/<case>.json for all fixtures at once, or nothing.

import { readdir, readFile, mkdir, writeFile, rm, rename } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { launchBrowser } from '../e2e/harness.mjs';

export const layoutRoot = fileURLToPath(new URL('.', import.meta.url));
export const fixturesDir = join(layoutRoot, 'fixtures');
export const expectedDir = join(layoutRoot, 'expected');

/** Fixtures rendered at once. */
const CONCURRENCY = 3;

/** The engine's breakpoints and their canvas frames (docs/architecture.md, "Breakpoints"). */
export const FRAMES = /** @type {const} */ ({
  base: { width: 1440, height: 900 },
  tablet: { width: 768, height: 900 },
  mobile: { width: 375, height: 900 },
});

/** @typedef {keyof typeof FRAMES} Breakpoint */
/** @typedef {{ x: number, y: number, width: number, height: number }} Box */
/** @typedef {Record<string, string>} Declarations */
/**
 * @typedef {object} ExpectedElement  one element of a fixture, as the engine will be given it
 * @property {string} id
 * @property {string} tag
 * @property {{ base: Declarations, tablet?: Declarations, mobile?: Declarations }} styles
 * @property {string} [text]
 * @property {Record<string, string>} [attributes]
 * @property {ExpectedElement[]} children
 */
/**
 * @typedef {object} Render  Chromium's boxes at one breakpoint
 * @property {Breakpoint} breakpoint
 * @property {{ width: number, height: number }} viewport
 * @property {Record<string, Box | null>} boxes  by element id, relative to #root; null when
 *   the element generates no box (display: none)
 */
/**
 * @typedef {object} ExpectedCase  the content of expected/<algo>/<case>.json
 * @property {string} fixture  path under fixtures/
 * @property {string} chromium  the browser version that rendered it
 * @property {ExpectedElement} root
 * @property {Render[]} renders
 */

/**
 * Fixture paths relative to fixtures/, sorted.
 * @returns {Promise<string[]>}
 */
export async function listFixtures() {
  const entries = await readdir(fixturesDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => relative(fixturesDir, join(e.parentPath, e.name)))
    .sort();
}

/**
 * Reads the committed expected cases, sorted by fixture.
 * @returns {Promise<ExpectedCase[]>}
 */
export async function readExpected() {
  const entries = await readdir(expectedDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return Promise.all(files.map(async (f) => /** @type {ExpectedCase} */ (JSON.parse(await readFile(f, 'utf8')))));
}

/**
 * Drops the boxes from a described tree (they go to the render) and collects them.
 * @param {any} node  what describe.js returned
 * @param {Record<string, Box | null>} boxes
 * @returns {ExpectedElement}
 */
function splitBoxes(node, boxes) {
  boxes[node.id] = node.box;
  return {
    id: node.id,
    tag: node.tag,
    styles: node.styles,
    ...(node.text === undefined ? {} : { text: node.text }),
    ...(node.attributes === undefined ? {} : { attributes: node.attributes }),
    children: node.children.map((/** @type {any} */ c) => splitBoxes(c, boxes)),
  };
}

/**
 * Every font-family a fixture names.
 * @param {ExpectedElement} node
 * @param {Set<string>} [out]
 */
function familiesUsed(node, out = new Set()) {
  for (const decls of Object.values(node.styles)) {
    const value = decls?.['font-family'];
    if (value === undefined) continue;
    for (const family of value.split(',')) out.add(family.trim().replace(/^["']|["']$/g, ''));
  }
  for (const child of node.children) familiesUsed(child, out);
  return out;
}

/**
 * Renders one fixture at each of its breakpoints.
 * @param {import('playwright-core').Browser} browser
 * @param {string} fixture  path under fixtures/
 * @param {string} chromium
 * @returns {Promise<ExpectedCase>}
 */
async function render(browser, fixture, chromium) {
  const url = pathToFileURL(join(fixturesDir, fixture)).href;
  /** @type {ExpectedElement | undefined} */
  let root;
  /** @type {Render[]} */
  const renders = [];
  const declared = await declaredBreakpoints(fixture);
  for (const breakpoint of declared) {
    const viewport = FRAMES[breakpoint];
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      /** @type {string[]} */
      const errors = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
      await page.goto(url, { waitUntil: 'load' });
      const checked = await page.evaluate(checkPage);
      const problems = [...errors, ...checked.problems];
      if (problems.length === 0 && checked.description) {
        const boxes = /** @type {Record<string, Box | null>} */ ({});
        const tree = splitBoxes(checked.description.root, boxes);
        for (const family of familiesUsed(tree)) {
          if (!checked.harnessFonts.includes(family)) {
            problems.push(`font-family "${family}" is not one of the harness fonts (${checked.harnessFonts.join(', ')})`);
          }
        }
        if (root !== undefined && !isDeepStrictEqual(root, tree)) {
          problems.push(`the element tree differs between breakpoints (${declared.join(', ')})`);
        }
        root = tree;
        renders.push({ breakpoint, viewport: checked.description.viewport, boxes });
      }
      if (problems.length > 0) {
        throw new Error(`${fixture} at ${breakpoint}:\n  ${problems.join('\n  ')}`);
      }
    } finally {
      await context.close();
    }
  }
  if (root === undefined) throw new Error(`${fixture}: nothing rendered`);
  return { fixture, chromium, root, renders };
}

/**
 * The breakpoints a fixture declares on <html data-breakpoint="…"> (default base), in the
 * cascade's order.
 * @param {string} fixture  path under fixtures/
 * @returns {Promise<Breakpoint[]>}
 */
async function declaredBreakpoints(fixture) {
  const html = await readFile(join(fixturesDir, fixture), 'utf8');
  const tag = /<html\b[^>]*>/i.exec(html)?.[0] ?? '';
  const raw = /\sdata-breakpoint="([^"]*)"/.exec(tag)?.[1] ?? 'base';
  const names = raw.split(/\s+/).filter(Boolean);
  const known = /** @type {Breakpoint[]} */ (Object.keys(FRAMES));
  const bad = names.filter((n) => !known.includes(/** @type {Breakpoint} */ (n)));
  if (bad.length > 0 || names.length === 0) throw new Error(`${fixture}: unknown breakpoint(s) "${raw}"`);
  return known.filter((k) => names.includes(k));
}

/**
 * Runs in the fixture page: checks the harness and the fonts, then describes the tree.
 * `document.fonts.check()` answers true for any installed-or-not system font that no
 * @font-face names, so a fallback is detected by width: a named font must set some probe text
 * at a width different from at least one of the generic families it would fall back to.
 */
async function checkPage() {
  await document.fonts.ready;
  /** @type {string[]} */
  const problems = [];
  const html = getComputedStyle(document.documentElement);
  if (html.getPropertyValue('--omnios-layout-harness').trim() !== 'applied') {
    problems.push('harness/base.css is not applied');
  }
  const root = document.getElementById('root');
  if (root === null || !root.classList.contains('omnios-page') || getComputedStyle(root).boxSizing !== 'border-box') {
    problems.push('#root must be the .omnios-page element with the shared reset applied');
  }
  if (typeof (/** @type {any} */ (window).omniosDescribe) !== 'function') {
    problems.push('harness/describe.js is not loaded');
  }
  const harnessFonts = html
    .getPropertyValue('--omnios-layout-fonts')
    .split(',')
    .map((f) => f.trim().replace(/^["']|["']$/g, ''))
    .filter(Boolean);
  const probe = document.createElement('span');
  probe.textContent = 'mmmmmmmmmmlli1WQ@#';
  probe.style.cssText = 'position:absolute;visibility:hidden;font-size:72px;white-space:nowrap;';
  document.body.appendChild(probe);
  const width = (/** @type {string} */ family) => {
    probe.style.fontFamily = family;
    return probe.getBoundingClientRect().width;
  };
  for (const family of harnessFonts) {
    if (!document.fonts.check(`16px "${family}"`)) problems.push(`font "${family}" is not available`);
    const differs = ['monospace', 'serif', 'sans-serif'].some((g) => width(`"${family}", ${g}`) !== width(g));
    if (!differs) problems.push(`font "${family}" falls back to a generic family: is it installed?`);
  }
  probe.remove();
  if (problems.length > 0) return { problems, harnessFonts, description: undefined };
  const description = /** @type {any} */ (window).omniosDescribe();
  return { problems: description.problems, harnessFonts, description };
}

/**
 * Renders every fixture; throws on the first problem.
 * @returns {Promise<Map<string, ExpectedCase>>}  by expected path relative to expected/
 */
export async function generate() {
  const fixtures = await listFixtures();
  if (fixtures.length === 0) throw new Error(`no fixtures under ${fixturesDir}`);
  const browser = await launchBrowser();
  try {
    const chromium = browser.version();
    /** @type {(ExpectedCase | undefined)[]} */
    const rendered = new Array(fixtures.length);
    // A few fixtures at a time: each has its own browser context, so they cannot interfere.
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < fixtures.length; i = next++) {
        rendered[i] = await render(browser, /** @type {string} */ (fixtures[i]), chromium);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return new Map(fixtures.map((f, i) => [f.replace(/\.html$/, '.json'), /** @type {ExpectedCase} */ (rendered[i])]));
  } finally {
    await browser.close();
  }
}

/** @param {ExpectedCase} c */
const serialize = (c) => `${JSON.stringify(c, null, 2)}\n`;

/**
 * Replaces expected/ with `cases`: written beside it first, then swapped in.
 * @param {Map<string, ExpectedCase>} cases
 */
async function writeAll(cases) {
  const staging = `${expectedDir}.new`;
  const old = `${expectedDir}.old`;
  await rm(staging, { recursive: true, force: true });
  await rm(old, { recursive: true, force: true });
  for (const [path, c] of cases) {
    await mkdir(join(staging, path, '..'), { recursive: true });
    await writeFile(join(staging, path), serialize(c));
  }
  await rename(expectedDir, old).catch((/** @type {NodeJS.ErrnoException} */ e) => {
    if (e.code !== 'ENOENT') throw e;
  });
  await rename(staging, expectedDir);
  await rm(old, { recursive: true, force: true });
}

/**
 * Lists the cases whose regenerated JSON differs from the committed file.
 * @param {Map<string, ExpectedCase>} cases
 */
async function diffAgainstExpected(cases) {
  /** @type {string[]} */
  const differ = [];
  const committed = await readdir(expectedDir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of committed) {
    const path = relative(expectedDir, join(e.parentPath, e.name));
    if (e.isFile() && !cases.has(path)) differ.push(`${path} (no fixture any more)`);
  }
  for (const [path, c] of cases) {
    const text = await readFile(join(expectedDir, path), 'utf8').catch(() => '');
    const fresh = JSON.parse(serialize(c));
    if (text === '' || !isDeepStrictEqual({ ...JSON.parse(text), chromium: '' }, { ...fresh, chromium: '' })) {
      differ.push(path);
    }
  }
  return differ;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const started = Date.now();
  try {
    const cases = await generate();
    const renders = [...cases.values()].reduce((n, c) => n + c.renders.length, 0);
    if (values.check) {
      const differ = await diffAgainstExpected(cases);
      if (differ.length > 0) {
        console.error(`gentest: ${differ.length} case(s) differ from expected/:\n  ${differ.join('\n  ')}`);
        process.exit(1);
      }
      console.log(`gentest: ${cases.size} cases (${renders} renders) match expected/`);
    } else {
      await writeAll(cases);
      console.log(`gentest: wrote ${cases.size} cases (${renders} renders) in ${Date.now() - started} ms`);
    }
  } catch (error) {
    console.error(`gentest: nothing written.\n${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
