// @ts-check
// Every document a tracked file points at must be in the repository: a clone is all a reader
// has. Three checks, each reported as file:line:
//
// - outside documents: design notes and product documents that live beside a checkout, never
//   in it, named by their file name, a parent-folder path, or a product-document number;
// - Markdown links `](path)` resolve against the linking file's folder (as a Markdown viewer
//   resolves them);
// - paths in backticks in Markdown, and `*.md` names anywhere in source, resolve against the
//   file's folder, one of its parent folders, or the repository root. A bare `*.md` name
//   resolves when some tracked file has that name; other bare names are examples, not paths.
//
// A path resolves when it is tracked, is a folder of tracked files, or is ignored by git (build
// output such as `web/dist` or `target/`, which the build makes).

import { posix } from 'node:path';

/**
 * @typedef {object} Finding
 * @property {string} file
 * @property {number} line
 * @property {string} reference  what the file wrote
 * @property {string} reason
 */

/** Names of documents that are not part of the repository; see the module comment. */
export const OUTSIDE_DOCUMENTS = [
  { pattern: /\.\.\/shared\b/, reason: 'a folder outside the repository' },
  { pattern: /\bshared\/seeds\b/, reason: 'product documents outside the repository' },
  { pattern: /\bARCHITECTURE\.md\b/, reason: 'a design note outside the repository (use docs/architecture.md)' },
  { pattern: /\bSTYLE\.md\b/, reason: 'a style note outside the repository (use CONTRIBUTING.md)' },
  { pattern: /\bseeds? 0\d\d\b/i, reason: 'a product document outside the repository' },
];

/** Extensions that make a backticked word a file path rather than prose or code. */
const FILE_EXTENSIONS = /\.(md|rs|ts|tsx|mjs|js|json|toml|css|html|lock|dict|sh|yml|yaml)$/;
/** Source files whose `*.md` mentions are checked (data files such as lockfiles are not). */
const SOURCE = /(\.(rs|ts|tsx|mjs|js|css|html|toml|sh)|(^|\/)(Makefile|run))$/;
/** A backticked span that cannot be one literal path: a pattern, a placeholder, a command. */
const NOT_A_PATH = /[\s<>*$…{}|?=:@,;'"()[\]]|^[/~-]/;

/**
 * @param {string[]} files  tracked paths, relative to the repository root
 * @param {(file: string) => string | null} read  a file's text, or null for binary or unreadable
 * @param {(path: string) => boolean} exists  whether a normalised repo path resolves
 * @param {{ skip?: Set<string> }} [options]  files not scanned (the checker names what it looks for)
 * @returns {Finding[]}
 */
export function findBadReferences(files, read, exists, options = {}) {
  const skip = options.skip ?? new Set();
  const basenames = new Set(files.map((f) => posix.basename(f)));
  /** @type {Finding[]} */
  const findings = [];
  for (const file of files) {
    if (skip.has(file)) continue;
    const text = read(file);
    if (text === null) continue;
    const markdown = file.endsWith('.md');
    const source = SOURCE.test(file);
    const lines = text.split('\n');
    for (const [index, line] of lines.entries()) {
      const at = { file, line: index + 1 };
      /** @type {string[]} */
      const outside = [];
      for (const { pattern, reason } of OUTSIDE_DOCUMENTS) {
        const match = line.match(pattern);
        if (match) {
          outside.push(match[0]);
          findings.push({ ...at, reference: match[0], reason });
        }
      }
      // A path already reported as an outside document is not reported again as missing.
      const report = (/** @type {string} */ reference, /** @type {string} */ reason) => {
        if (!outside.some((name) => reference.includes(name))) findings.push({ ...at, reference, reason });
      };
      if (markdown) {
        for (const target of markdownLinks(line)) {
          const path = posix.normalize(posix.join(posix.dirname(file), target));
          if (!inside(path) || !exists(path)) report(target, 'link to a missing file');
        }
        for (const span of backticked(line)) {
          if (!resolves(span, file, exists, basenames, { strict: FILE_EXTENSIONS.test(span) })) {
            report(span, 'path not in the repository');
          }
        }
      } else if (source) {
        for (const name of line.match(/[\w./-]*\w\.md\b/g) ?? []) {
          if (!resolves(name, file, exists, basenames, { strict: true })) {
            report(name, 'document not in the repository');
          }
        }
      }
    }
  }
  return findings;
}

/**
 * Local link targets on one Markdown line: no scheme, no pure anchor; fragment and title cut.
 * @param {string} line
 */
function markdownLinks(line) {
  /** @type {string[]} */
  const targets = [];
  for (const match of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const raw = match[1] ?? '';
    if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('#')) continue;
    const path = decodeURIComponent(raw.split('#')[0] ?? '');
    if (path !== '') targets.push(path);
  }
  return targets;
}

/**
 * Backticked spans that may be paths (one literal path, no placeholders or commands).
 * @param {string} line
 */
function backticked(line) {
  /** @type {string[]} */
  const spans = [];
  for (const match of line.matchAll(/`([^`]+)`/g)) {
    const span = match[1] ?? '';
    if (NOT_A_PATH.test(span) || span.includes('://')) continue;
    if (span.includes('/') || FILE_EXTENSIONS.test(span)) spans.push(span);
  }
  return spans;
}

/** @param {string} path */
function inside(path) {
  return path !== '..' && !path.startsWith('../') && !posix.isAbsolute(path);
}

/**
 * Whether `reference`, written in `file`, names something in the repository. With `strict`
 * false (a folder-like word such as `text/html`), a reference whose first segment names
 * nothing from any base is taken for prose, not a path.
 * @param {string} reference
 * @param {string} file
 * @param {(path: string) => boolean} exists
 * @param {Set<string>} basenames
 * @param {{ strict: boolean }} options
 */
function resolves(reference, file, exists, basenames, { strict }) {
  const trimmed = reference.replace(/\/+$/, '');
  // A bare name is a path only when it names a document; `foo.test.ts` in a style rule is an
  // example, not a file to open.
  if (!trimmed.includes('/')) return basenames.has(trimmed) || exists(trimmed) || !trimmed.endsWith('.md');
  const bases = [];
  for (let dir = posix.dirname(file); ; dir = posix.dirname(dir)) {
    bases.push(dir);
    if (dir === '.') break;
  }
  const candidates = bases.map((base) => posix.normalize(posix.join(base, trimmed)));
  if (candidates.some((path) => inside(path) && exists(path))) return true;
  if (strict || trimmed.startsWith('..')) return false;
  const first = trimmed.split('/')[0] ?? '';
  return !bases.some((base) => exists(posix.normalize(posix.join(base, first))));
}

/**
 * One line per finding, for a failure message.
 * @param {Finding[]} findings
 */
export function describe(findings) {
  return findings.map((f) => `${f.file}:${f.line}: ${f.reference} — ${f.reason}`).join('\n');
}
