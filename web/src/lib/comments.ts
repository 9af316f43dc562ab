// What the comment overlay and the Comments panel share: who writes comments in this browser
// when no account does, who can be mentioned, and a message's text cut into plain runs and
// highlighted `@name` mentions.
import type { Thread, UserId } from '../bridge/types';

/** Someone a comment can mention: a member of the server project. */
export interface Member {
  readonly id: UserId;
  readonly name: string;
}

/** One run of a message's text: plain, or a mention of a member shown as `@name`. */
export type TextRun = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'mention'; readonly text: string; readonly id: UserId };

const LOCAL_ID_KEY = 'omnios:comment-user-id';

/**
 * This browser's person for local projects: a random id kept in localStorage, named by the
 * name the live room uses here (`omnios:user-name`), else "Me".
 */
export function localAuthor(storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeStorage()): Member {
  let id = storage?.getItem(LOCAL_ID_KEY) ?? '';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    id = `local-${Math.random().toString(36).slice(2, 12)}`;
    try {
      storage?.setItem(LOCAL_ID_KEY, id);
    } catch {
      // an id for this visit only
    }
  }
  const name = storage?.getItem('omnios:user-name')?.trim() ?? '';
  return { id, name: name === '' ? 'Me' : name.slice(0, 200) };
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * `text` cut into runs: every `@name` of a mentioned member (by `mentions`, names from
 * `members`) is a mention run; the rest is text. Without the member's name (a local project,
 * a member who left) the text stays as written.
 */
export function textRuns(text: string, mentions: readonly UserId[], members: readonly Member[]): TextRun[] {
  const named = members
    .filter((m) => mentions.includes(m.id) && m.name !== '')
    .sort((a, b) => b.name.length - a.name.length);
  const runs: TextRun[] = [];
  let plain = '';
  let i = 0;
  outer: while (i < text.length) {
    if (text[i] === '@') {
      for (const member of named) {
        if (text.startsWith(member.name, i + 1)) {
          if (plain !== '') runs.push({ kind: 'text', text: plain });
          plain = '';
          runs.push({ kind: 'mention', text: `@${member.name}`, id: member.id });
          i += member.name.length + 1;
          continue outer;
        }
      }
    }
    plain += text[i];
    i += 1;
  }
  if (plain !== '') runs.push({ kind: 'text', text: plain });
  return runs;
}

/** The mention being typed at `caret`: the text after the last `@` before it, or null. */
export function mentionQuery(text: string, caret: number): { readonly start: number; readonly query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && !/\s/.test(before[at - 1] ?? ''))) return null;
  const query = before.slice(at + 1);
  if (/\s/.test(query) || query.length > 64) return null;
  return { start: at, query };
}

/** The ids of `picked` members whose `@name` is still in `text` (a deleted mention mentions nobody). */
export function mentionsIn(text: string, picked: readonly Member[]): UserId[] {
  const ids: UserId[] = [];
  for (const m of picked) if (text.includes(`@${m.name}`) && !ids.includes(m.id)) ids.push(m.id);
  return ids;
}

/** Threads for a list: open ones first, then resolved; newest first within each. */
export function threadsForList(threads: readonly Thread[]): Thread[] {
  return [...threads].sort((a, b) => Number(a.resolved) - Number(b.resolved) || b.at - a.at || a.id.localeCompare(b.id));
}
