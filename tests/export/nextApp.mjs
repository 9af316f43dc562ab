// @ts-check
// What the export build test and the editor's export end-to-end test share: the `omnios`
// binary, running a command as a test step, the files of a folder, and the one npm install of
// an exported Next.js app's dependencies (see tests/export/README.md, "The one install").

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The debug `omnios` binary: $OMNIOS_BIN, else $CARGO_TARGET_DIR/debug/omnios. */
export const omniosBin =
  process.env.OMNIOS_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target'), 'debug', 'omnios');

/** Where the shared install lives: $OMNIOS_CACHE, default ~/.cache/omnios. */
export const cacheDir = process.env.OMNIOS_CACHE ?? join(homedir(), '.cache', 'omnios');

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', npm_config_cache: process.env.npm_config_cache ?? join(cacheDir, 'npm') };

/**
 * Runs a command; fails the test with its output when it exits non-zero.
 * @param {string} cmd
 * @param {string[]} args
 * @param {string} cwd
 * @returns {string} stdout
 */
export function run(cmd, args, cwd) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  assert.equal(
    r.status,
    0,
    `${cmd} ${args.join(' ')} in ${cwd} exited ${r.status} after ${seconds}s\n${r.stdout}\n${r.stderr}`,
  );
  return r.stdout;
}

/**
 * Every file under `dir`, relative, `/`-separated, sorted.
 * @param {string} dir
 * @returns {string[]}
 */
export function filesUnder(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path).map((p) => `${entry.name}/${p}`));
    else out.push(entry.name);
  }
  return out.sort();
}

/**
 * Installs (once per distinct package.json) an exported app's dependencies into
 * $OMNIOS_CACHE/next-app/<hash>/node_modules and returns the `apps` folder beside it: an app
 * exported into `apps/<name>` finds that node_modules one folder up.
 * @param {Buffer} packageJson the exported app's package.json
 * @returns {{ appsDir: string, bins: string }} `bins`: node_modules/.bin of the install
 */
export function nextAppInstall(packageJson) {
  const hash = createHash('sha256').update(packageJson).digest('hex').slice(0, 16);
  const installDir = join(cacheDir, 'next-app', hash);
  const marker = join(installDir, 'node_modules', '.omnios-installed');
  if (!existsSync(marker)) {
    mkdirSync(installDir, { recursive: true });
    writeFileSync(join(installDir, 'package.json'), packageJson);
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], installDir);
    writeFileSync(marker, '');
  }
  // The apps folder exists from the first install on: `unzip -d apps/<name>` creates one level only.
  const appsDir = join(installDir, 'apps');
  mkdirSync(appsDir, { recursive: true });
  return { appsDir, bins: join(installDir, 'node_modules', '.bin') };
}
