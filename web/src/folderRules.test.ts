// The folder rules of web/README.md hold: each folder of src/ imports only from the folders its
// row's "may import" column names (and from itself); the panels never import each other.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(src, '..', 'README.md'), 'utf8');

/** The "Layout of `src/`" table: folder (`panels/<panel>/` → `panels`) → the folders it may import. */
function parseFolderRules(markdown: string): Map<string, Set<string>> {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Layout of `src/`'));
  if (section === undefined) throw new Error('web/README.md has no "Layout of `src/`" section');
  const rules = new Map<string, Set<string>>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | `folder/` | what | may import |  →  ['', folder, what, may import, '']
    const folder = /^`([a-z-]+)\/(?:<[a-z]+>\/)?`$/.exec(cells[1] ?? '')?.[1];
    if (folder === undefined || cells.length < 5) continue;
    const allowed = (cells[cells.length - 2] ?? '')
      .replace(/\([^)]*\)/g, '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => /^[a-z-]+$/.test(s));
    rules.set(folder, new Set(allowed));
  }
  return rules;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__generated__' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file names: static imports, re-exports, side-effect and dynamic imports. */
function importsOf(code: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s+['"]([^'"]+)['"]/gm];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) if (m[1] !== undefined) found.push(m[1]);
  return found;
}

/** `lib`, `store` …; a panel is `panels/<name>` (panels never import each other). */
function folderOf(pathInSrc: string): string | null {
  const parts = pathInSrc.split(sep);
  if (parts.length < 2) return null; // App.tsx, main.tsx: the root wires everything
  return parts[0] === 'panels' && parts.length > 2 ? `panels/${parts[1]}` : (parts[0] ?? null);
}

/** What breaks the rules, one line per import: `file imports 'spec' (folder/), which folder may not`. */
function violations(rules: Map<string, Set<string>>, files: readonly { path: string; code: string }[]): string[] {
  const found: string[] = [];
  for (const { path, code } of files) {
    const own = folderOf(path);
    if (own === null) continue;
    const row = rules.get(own.split('/')[0] ?? own);
    if (row === undefined) {
      found.push(`${path}: folder ${own}/ has no row in web/README.md's "Layout of \`src/\`" table`);
      continue;
    }
    for (const spec of importsOf(code)) {
      if (!spec.startsWith('.')) continue; // packages
      const target = relative(src, resolve(src, dirname(path), spec.replace(/\?.*$/, '')));
      if (target.startsWith('..')) continue;
      const to = folderOf(target);
      if (to === null || to === own) continue;
      const top = to.split('/')[0] ?? to;
      const allowed = top === 'panels' ? false : row.has(top);
      if (!allowed) found.push(`${path} imports '${spec}' (${to}/), which ${own}/ may not (it may import: ${[...row].join(', ') || 'nothing'})`);
    }
  }
  return found;
}

describe('folder rules (web/README.md, "may import")', () => {
  const rules = parseFolderRules(readme);
  const files = sourceFiles(src).map((file) => ({ path: relative(src, file), code: readFileSync(file, 'utf8') }));

  it('reads a row for every folder of src/', () => {
    const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => !rules.has(f))).toEqual([]);
    expect(rules.get('lib')).toEqual(new Set(['bridge', 'store']));
  });

  it('holds for every import in src/', () => {
    expect(violations(rules, files)).toEqual([]);
  });

  it('names the file and the import that break it', () => {
    const broken = [
      { path: join('lib', 'x.ts'), code: "import { Canvas } from '../canvas/Canvas';\nimport type { Rect } from '../bridge/types';" },
      { path: join('panels', 'layers', 'y.tsx'), code: "const m = await import('../pages/PagesPanel');" },
      { path: join('store', 'z.ts'), code: "export { toPage } from '../lib/viewport';\nimport './own.css';" },
    ];
    expect(violations(rules, broken)).toEqual([
      "lib/x.ts imports '../canvas/Canvas' (canvas/), which lib/ may not (it may import: bridge, store)",
      "panels/layers/y.tsx imports '../pages/PagesPanel' (panels/pages/), which panels/layers/ may not (it may import: bridge, store, lib, persistence, assets)",
      "store/z.ts imports '../lib/viewport' (lib/), which store/ may not (it may import: bridge)",
    ]);
  });
});
