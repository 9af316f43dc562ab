// Grid columns as a designer counts them: "3" is three equal columns, written as the CSS a
// developer would write (`repeat(3, minmax(0, 1fr))`, which never lets content widen a column).

export const MAX_COLUMNS = 24;

/** The CSS for `count` equal columns. */
export const equalColumns = (count: number): string => `repeat(${count}, minmax(0, 1fr))`;

/** How many equal columns a template is (`repeat(n, …1fr…)`, or `1fr` n times), or null. */
export function columnCount(template: string): number | null {
  const t = template.trim().replace(/\s+/g, ' ');
  const repeat = /^repeat\((\d+), ?(1fr|minmax\(0(px)?, ?1fr\))\)$/.exec(t);
  if (repeat !== null) return Number(repeat[1]);
  const parts = t === '' ? [] : t.split(' ');
  if (parts.length > 0 && parts.every((p) => p === '1fr' || /^minmax\(0(px)?,1fr\)$/.test(p))) return parts.length;
  return null;
}

/** A typed column count: a whole number from 1 to `MAX_COLUMNS`, or a message. */
export function parseColumnCount(text: string): { count: number } | { problem: string } {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < 1 || n > MAX_COLUMNS) return { problem: `Columns: a whole number from 1 to ${MAX_COLUMNS}.` };
  return { count: n };
}
