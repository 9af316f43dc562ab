// @ts-check
// The exported fixtures, shared by the export tests (over nextApp.mjs: the `omnios` binary,
// `run`, the one npm install of the generated package.json under $OMNIOS_CACHE): exporting a
// fixture, and building its Next.js app once. `next build` is most of the export tests' time, so a build is kept beside the app
// with the SHA-256 of the manifest it was built from: a later test (or run) that exports the
// same bytes reuses it, and any change to the export builds again.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextAppInstall, omniosBin as bin, repoRoot, run } from './nextApp.mjs';

export { bin, repoRoot, run };
export const fixturesDir = join(repoRoot, 'tests', 'fixtures');
export const assetsDir = join(fixturesDir, 'assets');
const ALL = ['landing', 'multipage', 'blog', 'responsive', 'media', 'hostile', 'components'];
/** The fixtures to test: $OMNIOS_EXPORT_FIXTURES (comma-separated) or all of them. */
export const fixtures = (process.env.OMNIOS_EXPORT_FIXTURES ?? ALL.join(','))
  .split(',')
  .map((f) => f.trim())
  .filter((f) => f !== '');

/** Beside a built app: the SHA-256 of the manifest.json its `.next` was built from. */
const BUILT_FROM = '.omnios-built-from';

/**
 * Exports a fixture into a new folder (removed first).
 * @param {string} name
 * @param {'nextjs' | 'static'} target
 * @param {string} out
 */
export function exportFixture(name, target, out) {
  rmSync(out, { recursive: true, force: true });
  run(bin, ['export', join(fixturesDir, `${name}.omnios.json`), '--target', target, '--out', out, '--assets', assetsDir], repoRoot);
}

/**
 * The folder the exported Next.js apps live in, beside the one install of their dependencies
 * ($OMNIOS_CACHE/next-app/<hash of package.json>/apps); installs them on first use.
 * @returns {string}
 */
export function appsDir() {
  assert.ok(existsSync(bin), `no omnios binary at ${bin} (make server-debug, or set OMNIOS_BIN)`);
  const scratch = mkdtempSync(join(tmpdir(), 'omnios-probe-'));
  try {
    // The generated package.json is the same for every fixture: install its dependencies once.
    const probe = join(scratch, 'probe');
    exportFixture(fixtures[0] ?? 'landing', 'nextjs', probe);
    return nextAppInstall(readFileSync(join(probe, 'package.json'))).appsDir;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The Next.js tools of the one install. @param {string} apps @param {string} tool */
export const nextBin = (apps, tool) => join(apps, '..', 'node_modules', '.bin', tool);

/**
 * Exports a fixture's Next.js app, checks it with `omnios verify`, moves it to `apps/<name>` and
 * builds it, unless the app there was
 * already built from exactly the same export (same manifest bytes).
 * @param {string} apps from appsDir()
 * @param {string} name
 * @returns {{ app: string, rebuilt: boolean }}
 */
export function builtApp(apps, name) {
  const app = join(apps, name);
  const fresh = `${app}.export`;
  exportFixture(name, 'nextjs', fresh);
  run(bin, ['verify', fresh], repoRoot);
  const digest = createHash('sha256').update(readFileSync(join(fresh, 'manifest.json'))).digest('hex');
  const stamp = join(app, BUILT_FROM);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest && existsSync(join(app, '.next', 'BUILD_ID'))) {
    rmSync(fresh, { recursive: true, force: true });
    return { app, rebuilt: false };
  }
  rmSync(app, { recursive: true, force: true });
  renameSync(fresh, app);
  run(nextBin(apps, 'next'), ['build'], app);
  writeFileSync(stamp, digest);
  return { app, rebuilt: true };
}
