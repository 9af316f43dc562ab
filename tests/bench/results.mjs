// @ts-check
// Turns raw samples into the suite files every benchmark writes:
//   target/bench/<suite>.json = {"suite": ..., "results": [{"name", "unit", "median", "p95", "n"}]}
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The suites; a suite with no results writes no file. */
export const SUITES = /** @type {const} */ (['engine', 'layout', 'editor', 'persistence', 'media', 'export', 'collab', 'logic', 'physics', 'rooms']);

/**
 * What a collector (browser page, criterion, ...) hands in: every measured sample of one case.
 * @typedef {object} Measured
 * @property {string} suite
 * @property {string} name
 * @property {string} unit
 * @property {readonly number[]} samples
 * @property {{ peer: string, samples: readonly number[], settings: string }} [vs]  the same case
 *   measured in a peer (e.g. GrapesJS), for a ratio ours ÷ peer (docs/architecture.md, "Benchmark results")
 * @property {boolean} [p99]  also report the nearest-rank 99th percentile (tail latencies)
 * @property {string} [note]  what a reader must know about this result (e.g. the load generator was the bottleneck)
 */

/**
 * @typedef {object} Result
 * @property {string} name
 * @property {string} unit
 * @property {number} median
 * @property {number} p95
 * @property {number} n
 * @property {number} [p99]
 * @property {{ peer: string, median: number, p95: number, p99?: number, n: number, settings: string }} [vs]
 * @property {number} [ratio]  our median ÷ the peer's median
 * @property {string} [note]
 */

/**
 * Median (mean of the middle two for an even count) and 95th percentile (nearest rank).
 * @param {readonly number[]} samples
 * @returns {{ median: number, p95: number, n: number }}
 */
export function summarize(samples) {
  if (samples.length === 0) throw new Error('no samples');
  if (!samples.every(Number.isFinite)) throw new Error(`non-finite sample in ${samples.join(', ')}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (/** @type {number} */ i) => /** @type {number} */ (sorted[i]);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  const p95 = at(Math.ceil(0.95 * sorted.length) - 1);
  return { median: round(median), p95: round(p95), n: sorted.length };
}

const round = (/** @type {number} */ x) => Number(x.toPrecision(6));

/**
 * The nearest-rank 99th percentile.
 * @param {readonly number[]} samples
 */
export function percentile99(samples) {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return round(/** @type {number} */ (sorted[Math.ceil(0.99 * sorted.length) - 1]));
}

/**
 * Groups measured cases by suite, in suite order; rejects unknown suites and duplicate names.
 * @param {readonly Measured[]} measured
 * @returns {Map<string, Result[]>}
 */
export function bySuite(measured) {
  /** @type {Map<string, Result[]>} */
  const suites = new Map();
  for (const m of measured) {
    if (!(/** @type {readonly string[]} */ (SUITES)).includes(m.suite)) {
      throw new Error(`${m.suite}/${m.name}: unknown suite "${m.suite}" (suites: ${SUITES.join(', ')})`);
    }
    const results = suites.get(m.suite) ?? [];
    if (results.some((r) => r.name === m.name)) throw new Error(`${m.suite}/${m.name}: measured twice`);
    /** @type {Result} */
    const result = { name: m.name, unit: m.unit, ...summarize(m.samples) };
    if (m.p99) result.p99 = percentile99(m.samples);
    if (m.vs) {
      const peer = summarize(m.vs.samples);
      result.vs = { peer: m.vs.peer, ...peer, ...(m.p99 ? { p99: percentile99(m.vs.samples) } : {}), settings: m.vs.settings };
      result.ratio = peer.median === 0 ? Infinity : round(result.median / peer.median);
    }
    if (m.note) result.note = m.note;
    results.push(result);
    suites.set(m.suite, results);
  }
  return new Map(SUITES.filter((s) => suites.has(s)).map((s) => [s, suites.get(s) ?? []]));
}

/** One line per result, e.g. `engine/wasm engine instantiate: median 3.2 ms, p95 4.1 ms (n=30)`. */
export const summaryLine = (/** @type {string} */ suite, /** @type {Result} */ r) =>
  `${suite}/${r.name}: median ${r.median} ${r.unit}, p95 ${r.p95} ${r.unit}${r.p99 === undefined ? '' : `, p99 ${r.p99} ${r.unit}`} (n=${r.n})` +
  (r.vs
    ? `; ${r.vs.peer}: median ${r.vs.median} ${r.unit}, p95 ${r.vs.p95} ${r.unit}${r.vs.p99 === undefined ? '' : `, p99 ${r.vs.p99} ${r.unit}`} (n=${r.vs.n}); ratio ${r.ratio}`
    : '') +
  (r.note ? ` [${r.note}]` : '');

/**
 * Replaces every suite file in `dir` with the given results and prints a summary line each.
 * @param {string} dir
 * @param {readonly Measured[]} measured
 * @param {(line: string) => void} [print]
 * @returns {Promise<string[]>} the files written
 */
export async function writeSuites(dir, measured, print = console.log) {
  const suites = bySuite(measured);
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (name.endsWith('.json')) await rm(join(dir, name));
  }
  const written = [];
  for (const [suite, results] of suites) {
    const file = join(dir, `${suite}.json`);
    await writeFile(file, `${JSON.stringify({ suite, results }, null, 2)}\n`);
    for (const r of results) print(summaryLine(suite, r));
    written.push(file);
  }
  return written;
}
