// Design tokens on the editor's side (engine/core/src/token.rs holds the rules): which
// properties take which kind of token, how a style names one (`token:<id>`), how the canvas
// draws it (a CSS variable per token on the document, so changing a token restyles every user
// without touching their rules), and the tokens panel's grouping and naming.
import type { Command, Property, StyleValue, TokenDelta, TokenId, TokenKind } from '../bridge/types';

/** Every kind, in the order the tokens panel groups them (the engine's `TokenKind::ALL`). */
export const TOKEN_KINDS: readonly TokenKind[] = ['color', 'font_size', 'spacing', 'radius'];

export const KIND_LABEL: Record<TokenKind, string> = {
  color: 'Colours',
  font_size: 'Font sizes',
  spacing: 'Spacing',
  radius: 'Radii',
};

/** What a new token of each kind starts as. */
export const KIND_DEFAULT: Record<TokenKind, string> = {
  color: '#3366ff',
  font_size: '16px',
  spacing: '16px',
  radius: '4px',
};

const SPACING: ReadonlySet<Property> = new Set<Property>([
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'gap',
  'row-gap',
  'column-gap',
]);

/** The kind of token a property takes, or null (the engine's `TokenKind::for_property`). */
export function tokenKindFor(property: Property): TokenKind | null {
  if (property === 'color' || property === 'background-color' || property === 'border-color') return 'color';
  if (property === 'font-size') return 'font_size';
  if (property === 'border-radius') return 'radius';
  return SPACING.has(property) ? 'spacing' : null;
}

const SCHEME = 'token:';

/** The style value that uses a token. */
export const tokenReference = (id: TokenId): string => `${SCHEME}${id}`;

/** The token a style value names, or null when it is a value of its own. */
export const referencedToken = (value: string | undefined): TokenId | null =>
  value !== undefined && value.startsWith(SCHEME) ? value.slice(SCHEME.length) : null;

/** The characters the engine allows in an id: such an id is used in a variable name as it is. */
const PLAIN_ID = /^[A-Za-z0-9_-]+$/;

/** The CSS variable the canvas defines for a token (any other id becomes hex, never raw CSS). */
export function tokenVariable(id: TokenId): string {
  if (PLAIN_ID.test(id)) return `--omnios-token-${id}`;
  let hex = '';
  for (const byte of new TextEncoder().encode(id)) hex += byte.toString(16).padStart(2, '0');
  return `--omnios-token-x${hex}`;
}

/** A style value as the canvas writes it: a token reference becomes `var(--…)`. */
export function cssValue(value: string): string {
  const id = referencedToken(value);
  return id === null ? value : `var(${tokenVariable(id)})`;
}

/**
 * What a style field shows for `value`: a token's value for a reference (empty when the token
 * is gone), the value itself otherwise. Typing over it writes a value of its own.
 */
export function shownValue(value: string, tokens: ReadonlyMap<TokenId, TokenDelta>): string {
  const id = referencedToken(value);
  return id === null ? value : (tokens.get(id)?.value ?? '');
}

/** The declarations of every token's variable, for the canvas's `:root` rule. */
export function tokenDeclarations(tokens: Iterable<TokenDelta>): string {
  let text = '';
  for (const token of tokens) text += `${tokenVariable(token.id)}: ${token.value}; `;
  return text.trimEnd();
}

/** Tokens grouped by kind (every kind present, maybe empty), each group sorted by name. */
export function groupTokens(tokens: Iterable<TokenDelta>): Record<TokenKind, TokenDelta[]> {
  const groups: Record<TokenKind, TokenDelta[]> = { color: [], font_size: [], spacing: [], radius: [] };
  for (const token of tokens) groups[token.kind].push(token);
  for (const kind of TOKEN_KINDS) groups[kind].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return groups;
}

/** The tokens a property may use, sorted by name. */
export const tokensFor = (tokens: Iterable<TokenDelta>, property: Property): TokenDelta[] => {
  const kind = tokenKindFor(property);
  return kind === null ? [] : groupTokens(tokens)[kind];
};

/**
 * A name the engine accepts from what the designer typed: lowercase, runs of anything else
 * than a-z and 0-9 become one `-`, starting with a letter ("Brand Blue" → "brand-blue",
 * "2XL" → "token-2xl"); at most 64 characters.
 */
export function tokenName(typed: string): string {
  let name = typed
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (name === '') name = 'token';
  else if (!/^[a-z]/.test(name)) name = `token-${name}`;
  return name.slice(0, 64).replace(/-+$/, '');
}

/** `base` if no token has it, else `base-2`, `base-3` … (a new token's name). */
export function freeName(base: string, tokens: Iterable<TokenDelta>): string {
  const taken = new Set([...tokens].map((t) => t.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

const KIND_NAME: Record<TokenKind, string> = { color: 'color', font_size: 'text', spacing: 'space', radius: 'radius' };

/**
 * The command that adds a token of `kind` named after `typed` (or the kind when empty), with a
 * name no other token has and the kind's starting value.
 */
export function newTokenCommand(kind: TokenKind, typed: string, tokens: Iterable<TokenDelta>): Command {
  const base = tokenName(typed.trim() === '' ? KIND_NAME[kind] : typed);
  return { type: 'create_token', kind, name: freeName(base, tokens), value: KIND_DEFAULT[kind] };
}

/**
 * A copied element's styles made fit to paste: a reference to a token this project no longer
 * has (deleted since the copy, or copied from another project) becomes the value the token had
 * when copied, or is left out when that is unknown: the engine refuses a reference to a
 * missing token, and the paste would fail whole.
 */
export function inlineMissingTokens(
  set: Readonly<Record<string, StyleValue | undefined>>,
  have: ReadonlyMap<TokenId, TokenDelta>,
  copied: ReadonlyMap<TokenId, TokenDelta>,
): Record<string, StyleValue> {
  const out: Record<string, StyleValue> = {};
  for (const [property, value] of Object.entries(set)) {
    if (value === undefined) continue;
    const id = typeof value === 'string' ? referencedToken(value) : null;
    if (id === null || have.has(id)) out[property] = value;
    else {
      const was = copied.get(id)?.value;
      if (was !== undefined) out[property] = was;
    }
  }
  return out;
}
