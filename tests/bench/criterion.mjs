// @ts-check
// Native benchmarks: `cargo bench` with criterion, read back from criterion's own files.
// A criterion group is a suite: `c.benchmark_group("layout").bench_function("full layout", ..)`
// becomes result "full layout" in target/bench/layout.json. A sample is criterion's measured
// time for one sample divided by its iteration count, reported in microseconds.
import { spawn } from 'node:child_process';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** @typedef {import('./results.mjs').Measured} Measured */

/**
 * Bench targets (`[[bench]]` or benches/*.rs) of the workspace's packages.
 * @param {string} cwd
 * @returns {Promise<string[]>} "package/target" names
 */
export async function benchTargets(cwd) {
  const metadata = JSON.parse(await output('cargo', ['metadata', '--no-deps', '--format-version', '1'], cwd));
  /** @type {string[]} */
  const found = [];
  for (const pkg of metadata.packages ?? []) {
    for (const target of pkg.targets ?? []) {
      if ((target.kind ?? []).includes('bench')) found.push(`${pkg.name}/${target.name}`);
    }
  }
  return found;
}

/**
 * Runs every bench target (none: nothing runs) and returns what criterion measured in this run.
 * @param {{ cwd: string, targetDir: string }} options
 * @returns {Promise<Measured[]>}
 */
export async function runCriterion({ cwd, targetDir }) {
  const targets = await benchTargets(cwd);
  if (targets.length === 0) {
    console.log('criterion: no bench targets in the workspace, skipped');
    return [];
  }
  console.log(`criterion: cargo bench (${targets.join(', ')})`);
  const started = Date.now();
  await run('cargo', ['bench', '--workspace', '--bench', '*'], cwd);
  return readCriterion(join(targetDir, 'criterion'), started);
}

/**
 * Reads `<dir>/**\/new/{benchmark,sample}.json` written at or after `since` (ms since epoch).
 * @param {string} dir
 * @param {number} [since]
 * @returns {Promise<Measured[]>}
 */
export async function readCriterion(dir, since = 0) {
  /** @type {Measured[]} */
  const measured = [];
  for (const folder of await findNewFolders(dir)) {
    const sampleFile = join(folder, 'sample.json');
    if ((await stat(sampleFile)).mtimeMs < since) continue;
    const id = JSON.parse(await readFile(join(folder, 'benchmark.json'), 'utf8'));
    const sample = JSON.parse(await readFile(sampleFile, 'utf8'));
    if (id.function_id == null) {
      throw new Error(`criterion benchmark "${id.full_id}" has no group: use c.benchmark_group("<suite>")`);
    }
    const name = id.value_str == null ? id.function_id : `${id.function_id}/${id.value_str}`;
    /** @type {number[]} */
    const iters = sample.iters;
    /** @type {number[]} */
    const times = sample.times;
    const samples = times.map((ns, i) => ns / (iters[i] ?? NaN) / 1000);
    measured.push({ suite: id.group_id, name, unit: 'us', samples });
  }
  return measured.sort((a, b) => `${a.suite}/${a.name}`.localeCompare(`${b.suite}/${b.name}`));
}

/** @param {string} dir @returns {Promise<string[]>} */
async function findNewFolders(dir) {
  /** @type {import('node:fs').Dirent[]} */
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  /** @type {string[]} */
  const found = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const path = join(dir, entry.name);
    if (entry.name === 'new') {
      const files = await readdir(path);
      if (files.includes('benchmark.json') && files.includes('sample.json')) found.push(path);
    } else if (entry.name !== 'report') {
      found.push(...(await findNewFolders(path)));
    }
  }
  return found;
}

/** @param {string} cmd @param {string[]} args @param {string} cwd @returns {Promise<string>} */
function output(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

/** @param {string} cmd @param {string[]} args @param {string} cwd @returns {Promise<void>} */
function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}
