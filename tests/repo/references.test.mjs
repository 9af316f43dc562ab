// @ts-check
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describe, findBadReferences } from './references.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** This checker and its tests spell out the names they look for. */
const SELF = new Set(['tests/repo/references.mjs', 'tests/repo/references.test.mjs']);

/** @param {string[]} args */
function git(args, input = '') {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
}

/**
 * The repository as the checker sees it: tracked files, their folders, and ignored build output.
 * @param {string[]} files
 */
function repository(files) {
  const known = new Set(files);
  for (const file of files) {
    for (let dir = posix.dirname(file); dir !== '.'; dir = posix.dirname(dir)) known.add(dir);
  }
  /** @type {Map<string, boolean>} */
  const ignored = new Map();
  /** @param {string} path */
  const exists = (path) => {
    if (known.has(path)) return true;
    let answer = ignored.get(path);
    if (answer === undefined) {
      try {
        // A trailing slash lets an ignore rule for folders (`/target/`) match a path not built yet.
        git(['check-ignore', '--no-index', path, `${path}/`]);
        answer = true;
      } catch {
        answer = false;
      }
      ignored.set(path, answer);
    }
    return answer;
  };
  return exists;
}

test('no tracked file refers to a document outside the repository or to a missing path', () => {
  // Tracked files, and new ones not ignored: a reference is checked before its commit.
  const files = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
    .split('\0')
    .filter((f) => f !== '');
  /** @param {string} file */
  const read = (file) => {
    try {
      const bytes = readFileSync(posix.join(ROOT, file));
      return bytes.includes(0) ? null : bytes.toString('utf8');
    } catch {
      return null; // tracked but deleted in the working tree: nothing to read
    }
  };
  const findings = findBadReferences(files, read, repository(files), { skip: SELF });
  assert.equal(findings.length, 0, `references that a clone cannot follow:\n${describe(findings)}`);
});

/** A small in-memory repository for the checker's own cases. */
const FILES = {
  'README.md': 'Read [the design](docs/architecture.md) and `CONTRIBUTING.md`; build `web/dist`.',
  'CONTRIBUTING.md': 'Run `make test`. Kernels live in `engine/core/src/plan.rs`, tests in `foo.test.ts`; see `tests/layout/README.md`.',
  'docs/architecture.md': 'Back to [the readme](../README.md#start); `text/html` is prose.',
  'tests/layout/README.md': 'Fixtures in `fixtures/<algo>/<case>.html`, harness `harness/base.css`.',
  'tests/layout/harness/base.css': '',
  'engine/core/src/plan.rs': '//! Planning (see docs/architecture.md).',
};

/** @param {Record<string, string>} extra */
function check(extra) {
  const all = { ...FILES, ...extra };
  const files = Object.keys(all);
  const known = new Set(files);
  for (const file of files) {
    for (let dir = posix.dirname(file); dir !== '.'; dir = posix.dirname(dir)) known.add(dir);
  }
  const exists = (/** @type {string} */ path) => known.has(path) || path === 'web/dist';
  return findBadReferences(files, (f) => all[/** @type {keyof typeof all} */ (f)] ?? null, exists);
}

test('the checker accepts links, backticked paths and ignored build output that exist', () => {
  assert.deepEqual(check({}), []);
});

// The outside names are put together here so that this file does not itself name them.
const SHARED = ['..', 'shared'].join('/');
const ARCH = ['ARCHITECTURE', 'md'].join('.');
const HOUSE = ['STYLE', 'md'].join('.');

test('the checker names each outside document and missing path with file and line', () => {
  const findings = check({
    'notes.md': [
      `See ${SHARED}/${ARCH} for why.`,
      `House rules: ${HOUSE}.`,
      'As seed 002 says.',
      'A [dead link](docs/gone.md) and `engine/core/src/missing.rs`.',
      'Decisions are in `DECISIONS.md`.',
    ].join('\n'),
    'engine/core/src/state.rs': '//! Tree repair (docs/old-design.md).',
  });
  assert.deepEqual(
    findings.map((f) => `${f.file}:${f.line} ${f.reference}`),
    [
      `notes.md:1 ${SHARED}`,
      `notes.md:1 ${ARCH}`,
      `notes.md:2 ${HOUSE}`,
      'notes.md:3 seed 002',
      'notes.md:4 docs/gone.md',
      'notes.md:4 engine/core/src/missing.rs',
      'notes.md:5 DECISIONS.md',
      'engine/core/src/state.rs:1 docs/old-design.md',
    ],
  );
});
