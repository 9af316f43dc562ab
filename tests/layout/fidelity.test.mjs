// @ts-check
// The layout fidelity suite (tests/layout/README.md): every case in expected/ is built in the
// WASM engine inside Chromium (web/layout.html, served by `omnios serve`), laid out at each
// breakpoint Chromium rendered, and every box is compared with Chromium's within 0.5 px.
//
//   make test-layout        or, after `make web server-debug`:
//   OMNIOS_BIN=target/debug/omnios node --test tests/layout/
//
// Fails when a miss has no cause in known-differences.toml, when a recorded difference no
// longer happens, or when fewer than 99 % of the boxes match. Known differences still count
// as misses. The report is printed and kept in target/layout/report.txt.

import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { errorsIn, openPage, repoRoot, saveFailureArtifacts, useSession } from '../e2e/harness.mjs';
import { compareCase, formatBox, formatTrees, REQUIRED_SHARE, TOLERANCE } from './compare.mjs';
import { FRAMES, layoutRoot, readExpected } from './gentest.mjs';
import { causeOf, parseKnownDifferences } from './knownDifferences.mjs';

/** @typedef {import('./compare.mjs').EngineRender} EngineRender */
/** @typedef {import('./compare.mjs').CaseResult} CaseResult */

const cases = await readExpected();
const known = parseKnownDifferences(await readFile(join(layoutRoot, 'known-differences.toml'), 'utf8'));
const reportDir = join(repoRoot, 'target', 'layout');

describe('layout fidelity: engine boxes against Chromium', () => {
  const session = useSession();
  /** @type {Map<string, EngineRender[]>} */
  const engineRenders = new Map();
  /** @type {Map<string, CaseResult>} */
  const results = new Map();
  let engineVersion = '';

  before(async () => {
    assert.ok(cases.length > 0, 'no expected cases: run `node tests/layout/gentest.mjs`');
    const { page, context, log } = await openPage(session.browser);
    try {
      await page.goto(`${session.server.url}/layout.html`);
      await page.waitForFunction(() => window.omniosLayout !== undefined || window.omniosLayoutError !== undefined);
      const failed = await page.evaluate(() => window.omniosLayoutError);
      assert.equal(failed, undefined, `the runner page could not load the engine: ${failed}`);
      engineVersion = await page.evaluate(() => window.omniosLayout?.version ?? '');
      for (const c of cases) {
        for (const render of c.renders) {
          const frame = FRAMES[render.breakpoint];
          assert.deepEqual(render.viewport, frame, `${c.fixture}: rendered at ${JSON.stringify(render.viewport)}, not the ${render.breakpoint} frame`);
        }
        const renders = await page.evaluate((fixtureCase) => {
          const runner = window.omniosLayout;
          if (runner === undefined) throw new Error('runner gone');
          return runner.run(fixtureCase);
        }, /** @type {any} */ (c));
        engineRenders.set(c.fixture, renders);
        results.set(c.fixture, compareCase(c, renders));
      }
      assert.deepEqual(errorsIn(log), [], 'the runner page logged errors');
    } catch (error) {
      const dir = await saveFailureArtifacts('layout fidelity runner', { page, log, server: session.server, error });
      if (error instanceof Error) error.message += `\n(screenshot and logs: ${dir})`;
      throw error;
    } finally {
      await context.close();
    }
  });

  for (const c of cases) {
    test(c.fixture, () => {
      const result = results.get(c.fixture);
      const renders = engineRenders.get(c.fixture);
      assert.ok(result && renders, `${c.fixture} was not run`);
      if (result.misses.length === 0) return;
      const trees = c.renders
        .map((r, i) => (result.misses.some((m) => m.breakpoint === r.breakpoint) ? formatTrees(c, i, /** @type {EngineRender} */ (renders[i])) : ''))
        .filter(Boolean)
        .join('\n\n');
      console.log(trees);
      const unexplained = result.misses.filter((m) => causeOf(known, m) === undefined);
      assert.equal(
        unexplained.length,
        0,
        `${unexplained.length} box(es) differ by more than ${TOLERANCE} px with no cause in known-differences.toml: ` +
          `${unexplained.map((m) => `${m.element} at ${m.breakpoint}`).join(', ')}\n${trees}`,
      );
    });
  }

  test('every known difference still happens', () => {
    const stale = known.filter(
      (k) =>
        ![...results.values()].some((r) =>
          r.misses.some((m) => causeOf([k], m) !== undefined),
        ),
    );
    assert.deepEqual(
      stale.map((k) => `known-differences.toml:${k.line} (${k.fixture})`),
      [],
      'these entries explain no miss any more: remove them',
    );
  });

  test(`at least ${REQUIRED_SHARE * 100} % of the boxes within ${TOLERANCE} px`, async () => {
    const all = [...results.values()];
    const total = all.reduce((n, r) => n + r.boxes, 0);
    const misses = all.flatMap((r) => r.misses);
    const share = total === 0 ? 0 : (total - misses.length) / total;
    /** @type {Map<string, { boxes: number, misses: number, cases: number }>} */
    const byAlgo = new Map();
    for (const r of all) {
      const algo = r.fixture.split('/')[0] ?? '';
      const entry = byAlgo.get(algo) ?? { boxes: 0, misses: 0, cases: 0 };
      entry.boxes += r.boxes;
      entry.misses += r.misses.length;
      entry.cases += 1;
      byAlgo.set(algo, entry);
    }
    const pct = (/** @type {number} */ part, /** @type {number} */ whole) => `${((100 * part) / whole).toFixed(2)} %`;
    const renders = cases.reduce((n, c) => n + c.renders.length, 0);
    const lines = [
      `layout fidelity: ${total - misses.length} of ${total} boxes within ${TOLERANCE} px = ${pct(total - misses.length, total)} ` +
        `(${cases.length} fixtures, ${renders} layouts; ${engineVersion}; Chromium ${cases[0]?.chromium ?? '?'})`,
      ...[...byAlgo].map(
        ([algo, s]) => `  ${algo.padEnd(12)} ${pct(s.boxes - s.misses, s.boxes).padStart(8)}  ${s.boxes - s.misses}/${s.boxes} boxes, ${s.cases} fixtures`,
      ),
      misses.length === 0 ? 'no misses' : `${misses.length} miss(es):`,
      ...misses.map((m) => {
        const cause = causeOf(known, m)?.cause ?? 'UNEXPLAINED: no entry in known-differences.toml';
        return `  ${m.fixture} ${m.element} at ${m.breakpoint}: chromium ${formatBox(m.expected)}, engine ${formatBox(m.actual)}\n    cause: ${cause}`;
      }),
    ];
    const report = lines.join('\n');
    console.log(report);
    await mkdir(reportDir, { recursive: true });
    await writeFile(join(reportDir, 'report.txt'), `${report}\n`);
    assert.ok(share >= REQUIRED_SHARE, `only ${pct(total - misses.length, total)} of the boxes match (needs ${REQUIRED_SHARE * 100} %)`);
  });
});
