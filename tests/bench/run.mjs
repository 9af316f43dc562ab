#!/usr/bin/env node
// @ts-check
// `make bench`: runs every benchmark collector and writes target/bench/<suite>.json.
//   node tests/bench/run.mjs [--suite NAME] [--case NAME] [--skip-native] [--skip-browser]
// Collectors: criterion (cargo bench, native), the browser bench page, the editor (editor.mjs)
// the media module's size (moduleSize.mjs) and load on the live rooms (rooms.mjs, no browser).
// To add another, push
// its Measured[] into `measured` below. See README.md beside this file.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../e2e/harness.mjs';
import { runBrowserBenchmarks } from './browser.mjs';
import { runCriterion } from './criterion.mjs';
import { runEditorBenchmarks } from './editor.mjs';
import { measureMediaModule } from './moduleSize.mjs';
import { runRoomBenchmarks } from './rooms.mjs';
import { writeSuites } from './results.mjs';

const { values: args } = parseArgs({
  options: {
    suite: { type: 'string' },
    case: { type: 'string' },
    'skip-native': { type: 'boolean', default: false },
    'skip-browser': { type: 'boolean', default: false },
  },
});

/** @type {import('./results.mjs').Measured[]} */
const measured = [];
if (!args['skip-native']) {
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target');
  measured.push(...(await runCriterion({ cwd: repoRoot, targetDir })));
}
// The rooms suite needs no browser: `--suite rooms` runs without Chromium.
if (!args['skip-browser'] && args.suite !== 'rooms') {
  const filter = { ...(args.suite ? { suite: args.suite } : {}), ...(args.case ? { caseName: args.case } : {}) };
  measured.push(...(await runBrowserBenchmarks(filter)));
  if (!args.suite || args.suite === 'media') measured.push(...(await measureMediaModule({ dist: join(repoRoot, 'web', 'dist') })));
  // The editor suite drives the editor itself with the real mouse (tests/bench/editor.mjs).
  if (!args.suite || args.suite === 'editor') {
    measured.push(...(await runEditorBenchmarks(args.case ? { caseName: args.case } : {})));
  }
}
// The live rooms under load: y-websocket clients in worker threads against the release server.
if (!args.suite || args.suite === 'rooms') {
  measured.push(...(await runRoomBenchmarks(args.case ? { caseName: args.case } : {})));
}

const selected = measured.filter((m) => (!args.suite || m.suite === args.suite) && (!args.case || m.name === args.case));
if (selected.length === 0) {
  console.error('bench: nothing was measured');
  process.exit(1);
}
const written = await writeSuites(join(repoRoot, 'target', 'bench'), selected);
console.log(`bench: wrote ${written.map((f) => f.slice(repoRoot.length)).join(', ')}`);
