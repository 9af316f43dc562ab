// A text element's formatted runs (engine: rich_text.rs) on the canvas: as the markup the export
// writes (`<a href><strong><em><u>`, `<br>` for a line break), read back from an edited node, and
// edited by character offsets (toggle a mark, insert a line break).
import type { Run } from '../bridge/types';

/** The marks a run may carry, as the engine names them. */
export type Mark = 'bold' | 'italic' | 'underline';

/** An element's runs: its `runs`, or its `content` as one plain run. */
export function runsOf(el: { readonly content?: string; readonly runs?: readonly Run[] }): Run[] {
  if (el.runs !== undefined && el.runs.length > 0) return el.runs.map((r) => ({ ...r }));
  return [{ text: el.content ?? '' }];
}

/** The plain text of runs. */
export function plainText(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('');
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Marker on the extra `<br>` that lets the caret sit on a last, empty line while editing. */
const END_BREAK = 'data-omnios-end';

/**
 * Runs as HTML, exactly as the export writes them (engine/compiler html.rs): text and addresses
 * escaped. `editing` adds a marked `<br>` after a trailing line break, so the caret can sit on
 * the new line (a trailing `<br>` alone draws no line, in the canvas as in the export).
 */
export function runsToHtml(runs: readonly Run[], editing = false): string {
  let out = '';
  for (const run of runs) {
    const close: string[] = [];
    if (run.link !== undefined && run.link !== null) {
      out += `<a href="${escapeAttr(run.link)}">`;
      close.push('a');
    }
    for (const [on, tag] of [
      [run.bold, 'strong'],
      [run.italic, 'em'],
      [run.underline, 'u'],
    ] as const) {
      if (on === true) {
        out += `<${tag}>`;
        close.push(tag);
      }
    }
    out += run.text.split('\n').map(escapeText).join('<br>');
    for (const tag of close.reverse()) out += `</${tag}>`;
  }
  if (editing && plainText(runs).endsWith('\n')) out += `<br ${END_BREAK}="">`;
  return out;
}

const sameMarks = (a: Run, b: Run): boolean =>
  (a.bold ?? false) === (b.bold ?? false) &&
  (a.italic ?? false) === (b.italic ?? false) &&
  (a.underline ?? false) === (b.underline ?? false) &&
  (a.link ?? null) === (b.link ?? null);

/** A run of `text` with the marks of `like` (unset marks left out). */
function withMarks(text: string, like: Run): Run {
  const run: Run = { text };
  if (like.bold === true) run.bold = true;
  if (like.italic === true) run.italic = true;
  if (like.underline === true) run.underline = true;
  if (like.link !== undefined && like.link !== null) run.link = like.link;
  return run;
}

/** Runs as the engine stores them: empty ones dropped, neighbours with the same marks joined. */
export function normalizeRuns(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    if (run.text === '') continue;
    const last = out[out.length - 1];
    if (last !== undefined && sameMarks(last, run)) last.text += run.text;
    else out.push(withMarks(run.text, run));
  }
  return out;
}

/** One run per character; offsets count UTF-16 code units, like DOM selections. */
function chars(runs: readonly Run[]): Run[] {
  return runs.flatMap((r) => r.text.split('').map((c) => withMarks(c, r)));
}

/**
 * Toggles `mark` on `[start, end)`: removed when every character there has it, set otherwise.
 * An empty range changes nothing.
 */
export function toggleMark(runs: readonly Run[], start: number, end: number, mark: Mark): Run[] {
  const cs = chars(runs);
  const range = cs.slice(start, end);
  if (range.length === 0) return normalizeRuns(runs);
  const on = !range.every((c) => c[mark] === true);
  range.forEach((c) => {
    if (on) c[mark] = true;
    else delete c[mark];
  });
  return normalizeRuns(cs);
}

/** Links `[start, end)` to `href`, or unlinks it when `href` is null. */
export function setLink(runs: readonly Run[], start: number, end: number, href: string | null): Run[] {
  const cs = chars(runs);
  cs.slice(start, end).forEach((c) => {
    if (href === null) delete c.link;
    else c.link = href;
  });
  return normalizeRuns(cs);
}

/**
 * Replaces `[start, end)` with `text`, which takes the marks of the character before it; a lone
 * line break takes none (it is a `<br>` between runs, not part of one).
 */
export function replaceRange(runs: readonly Run[], start: number, end: number, text: string): Run[] {
  const cs = chars(runs);
  const like = text === '\n' ? { text: '' } : (cs[start - 1] ?? cs[end] ?? { text: '' });
  cs.splice(start, end - start, withMarks(text, like));
  return normalizeRuns(cs);
}

const MARK_TAGS: Record<string, (r: Run, el: Element) => void> = {
  STRONG: (r) => (r.bold = true),
  B: (r) => (r.bold = true),
  EM: (r) => (r.italic = true),
  I: (r) => (r.italic = true),
  U: (r) => (r.underline = true),
  A: (r, el) => {
    const href = el.getAttribute('href');
    if (href !== null && href !== '') r.link = href;
  },
};

/**
 * Reads the runs an edited node shows: text, `<br>` as a line break, and the marks of the
 * enclosing `<strong>`/`<b>`, `<em>`/`<i>`, `<u>` and `<a href>`. Anything else is read for its
 * text only, so pasted or foreign markup cannot add what the engine would refuse.
 */
export function readRuns(root: Node): Run[] {
  const out: Run[] = [];
  const walk = (node: Node, marks: Run): void => {
    node.childNodes.forEach((child) => {
      if (child.nodeType === 3) {
        out.push(withMarks(child.textContent ?? '', marks));
      } else if (child.nodeType === 1) {
        const el = child as Element;
        if (el.tagName === 'BR') {
          if (!el.hasAttribute(END_BREAK)) out.push(withMarks('\n', marks));
          return;
        }
        const inner = withMarks('', marks);
        MARK_TAGS[el.tagName]?.(inner, el);
        walk(el, inner);
      }
    });
  };
  walk(root, { text: '' });
  return normalizeRuns(out);
}

/** Characters a node stands for in [`readRuns`]: a text's length, 1 for a line break. */
function lengthOf(node: Node): number {
  if (node.nodeType === 3) return (node.textContent ?? '').length;
  if (node.nodeType === 1 && (node as Element).tagName === 'BR') return (node as Element).hasAttribute(END_BREAK) ? 0 : 1;
  let n = 0;
  node.childNodes.forEach((c) => (n += lengthOf(c)));
  return n;
}

/** The character offset of a DOM position (`node`, `offset`) inside `root`. */
export function offsetOf(root: Node, node: Node, offset: number): number {
  let total = 0;
  const find = (current: Node): boolean => {
    if (current === node) {
      if (current.nodeType === 3) total += offset;
      else current.childNodes.forEach((c, i) => i < offset && (total += lengthOf(c)));
      return true;
    }
    if (current.nodeType !== 1 || !current.contains(node)) {
      total += lengthOf(current);
      return false;
    }
    for (const c of Array.from(current.childNodes)) if (find(c)) return true;
    return false;
  };
  for (const c of Array.from(root.childNodes)) if (find(c)) return total;
  return total;
}

/** The DOM position of character offset `at` inside `root`. */
export function positionOf(root: Node, at: number): { node: Node; offset: number } {
  let left = at;
  let found: { node: Node; offset: number } | null = null;
  const walk = (current: Node): boolean => {
    for (let i = 0; i < current.childNodes.length; i++) {
      const c = current.childNodes[i] as Node;
      if (c.nodeType === 3) {
        const len = (c.textContent ?? '').length;
        if (left <= len) {
          found = { node: c, offset: left };
          return true;
        }
        left -= len;
      } else if (c.nodeType === 1 && (c as Element).tagName === 'BR') {
        if (left === 0) {
          found = { node: current, offset: i };
          return true;
        }
        left -= lengthOf(c);
      } else if (c.nodeType === 1 && walk(c)) {
        return true;
      }
    }
    return false;
  };
  return walk(root) && found !== null ? found : { node: root, offset: root.childNodes.length };
}
