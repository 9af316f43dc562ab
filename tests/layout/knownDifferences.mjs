// @ts-check
// tests/layout/known-differences.toml: why the engine and Chromium disagree where they do.
// Each entry names a fixture, optionally the elements and breakpoints it covers, and the cause:
//
//   [[difference]]
//   fixture = "absolute/static-parent.html"
//   elements = ["badge"]            # optional: every element of the fixture when left out
//   breakpoints = ["mobile"]        # optional: every breakpoint when left out
//   cause = "Taffy places an absolute box against its parent, CSS against …"
//
// Known differences still count as misses in the share; they only give each miss its cause.
// The file is read by the small TOML subset below (tables of strings and string arrays), so
// that the suite needs no parser package; anything outside the subset is an error, not a guess.

/**
 * @typedef {object} KnownDifference
 * @property {string} fixture
 * @property {string[] | undefined} elements
 * @property {string[] | undefined} breakpoints
 * @property {string} cause
 * @property {number} line  where the entry starts, for messages
 */

const KEY = /^([A-Za-z0-9_-]+)\s*=\s*/;

/**
 * Reads one basic ("…", with \" \\ \n \t escapes) or literal ('…') string at the start of
 * `text`; returns the value and the rest.
 * @param {string} text
 * @returns {[string, string] | undefined}
 */
function readString(text) {
  if (text.startsWith("'")) {
    const end = text.indexOf("'", 1);
    return end < 0 ? undefined : [text.slice(1, end), text.slice(end + 1)];
  }
  if (!text.startsWith('"')) return undefined;
  let out = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return [out, text.slice(i + 1)];
    if (c === '\\') {
      const next = text[++i];
      const escapes = /** @type {Record<string, string>} */ ({ '"': '"', '\\': '\\', n: '\n', t: '\t' });
      if (next === undefined || !(next in escapes)) return undefined;
      out += escapes[next];
    } else {
      out += c;
    }
  }
  return undefined;
}

/** @param {string} rest */
const onlyComment = (rest) => /^\s*(#.*)?$/.test(rest);

/**
 * Parses the file's text.
 * @param {string} text
 * @returns {KnownDifference[]}
 */
export function parseKnownDifferences(text) {
  /** @type {KnownDifference[]} */
  const entries = [];
  /** @type {Record<string, string | string[]> | undefined} */
  let current;
  let currentLine = 0;
  const lines = text.split('\n');
  const finish = () => {
    if (current === undefined) return;
    const { fixture, elements, breakpoints, cause, ...extra } = current;
    const where = `known-differences.toml:${currentLine}`;
    if (Object.keys(extra).length > 0) throw new Error(`${where}: unknown key(s) ${Object.keys(extra).join(', ')}`);
    if (typeof fixture !== 'string' || fixture === '') throw new Error(`${where}: an entry needs a fixture`);
    if (typeof cause !== 'string' || cause.trim() === '') throw new Error(`${where}: an entry needs a cause`);
    if (elements !== undefined && !Array.isArray(elements)) throw new Error(`${where}: elements must be an array`);
    if (breakpoints !== undefined && !Array.isArray(breakpoints)) throw new Error(`${where}: breakpoints must be an array`);
    entries.push({ fixture, elements, breakpoints, cause: cause.trim(), line: currentLine });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const where = `known-differences.toml:${i + 1}`;
    if (line === '' || line.startsWith('#')) continue;
    if (/^\[\[difference\]\]\s*(#.*)?$/.test(line)) {
      finish();
      current = {};
      currentLine = i + 1;
      continue;
    }
    const key = KEY.exec(line);
    if (key === null || current === undefined) throw new Error(`${where}: expected [[difference]] or key = value`);
    const name = /** @type {string} */ (key[1]);
    if (name in current) throw new Error(`${where}: ${name} given twice`);
    let rest = line.slice(key[0].length);
    if (rest.startsWith('[')) {
      // An array of strings, possibly over several lines.
      /** @type {string[]} */
      const values = [];
      rest = rest.slice(1);
      for (;;) {
        rest = rest.replace(/^[\s,]+/, '');
        if (rest === '' || rest.startsWith('#')) {
          i++;
          if (i >= lines.length) throw new Error(`${where}: unterminated array`);
          rest = (lines[i] ?? '').trim();
          continue;
        }
        if (rest.startsWith(']')) {
          rest = rest.slice(1);
          break;
        }
        const read = readString(rest);
        if (read === undefined) throw new Error(`known-differences.toml:${i + 1}: arrays hold strings only`);
        values.push(read[0]);
        rest = read[1];
      }
      if (!onlyComment(rest)) throw new Error(`known-differences.toml:${i + 1}: unexpected text after the array`);
      current[name] = values;
    } else {
      const read = readString(rest);
      if (read === undefined || !onlyComment(read[1])) throw new Error(`${where}: values are strings or string arrays`);
      current[name] = read[0];
    }
  }
  finish();
  return entries;
}

/**
 * The entry explaining a miss, if any.
 * @param {KnownDifference[]} entries
 * @param {{ fixture: string, element: string, breakpoint: string }} miss
 */
export function causeOf(entries, miss) {
  return entries.find(
    (e) =>
      e.fixture === miss.fixture &&
      (e.elements === undefined || e.elements.includes(miss.element)) &&
      (e.breakpoints === undefined || e.breakpoints.includes(miss.breakpoint)),
  );
}
