// Inline text editing: double-click makes the element's own DOM node editable; Enter, Escape or a
// click elsewhere ends the edit and writes the text once (set_text for a text element, set_content
// for a button's or link's label), so undo reverts it in one step (as in Figma and Webflow: Escape
// leaves editing, it does not throw the text away).
//
// A text element's formatting is edited on its runs (richText.ts), never by the browser's own
// editing commands: Ctrl/Cmd+B, +I, +U and the toolbar's buttons toggle a mark on the selection,
// the toolbar's Link sets an address, Shift+Enter inserts a line break, and a paste inserts plain
// text. The node is then rewritten from the runs, so it only ever holds the markup the export writes.
import type { ElementId, Run } from '../bridge/types';
import type { ProjectStoreApi } from '../store/projectStore';
import {
  offsetOf,
  positionOf,
  readRuns,
  replaceRange,
  runsToHtml,
  setLink,
  toggleMark,
  type Mark,
} from './richText';
import { isShownId } from '../lib/components';

let finish: ((commit: boolean) => void) | null = null;

/** Ends the edit in progress, writing it when `commit`. */
export function stopTextEditing(commitEdit = true): void {
  finish?.(commitEdit);
}

/** Whether an address is one the engine takes for a link (engine: source.rs, check_link). */
export function isLinkAddress(href: string): boolean {
  if (href === '' || /[\s"'<>\\`]/.test(href) || /\p{Cc}/u.test(href)) return false;
  if (/^https?:\/\/[^/?#@:]/i.test(href)) return true;
  if (/^(mailto|tel):./i.test(href)) return true;
  return /^([#?]|\/(?!\/))/.test(href);
}

const MARK_KEYS: Record<string, Mark> = { b: 'bold', i: 'italic', u: 'underline' };

type Range = readonly [number, number];

/** The formatting toolbar shown above a text element while it is edited. */
function createToolbar(
  node: HTMLElement,
  actions: {
    mark: (mark: Mark) => void;
    /** `undefined` only puts the selection back. */
    link: (href: string | null | undefined, range: Range) => void;
    range: () => Range | null;
    leave: () => void;
  },
): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'text-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Text formatting');
  const button = (label: string, text: string, title: string, onPress: () => void): HTMLButtonElement => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.title = title;
    b.setAttribute('aria-label', label);
    b.className = `text-toolbar-${label.toLowerCase()}`;
    // Pressing a button keeps the focus, and so the selection, in the text.
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', onPress);
    bar.appendChild(b);
    return b;
  };
  const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';
  button('Bold', 'B', `Bold (${mod}B)`, () => actions.mark('bold'));
  button('Italic', 'I', `Italic (${mod}I)`, () => actions.mark('italic'));
  button('Underline', 'U', `Underline (${mod}U)`, () => actions.mark('underline'));
  const form = document.createElement('form');
  form.className = 'text-toolbar-link-form';
  form.hidden = true;
  const input = document.createElement('input');
  input.type = 'text';
  input.placeholder = 'https://… or /page';
  input.setAttribute('aria-label', 'Link address');
  form.appendChild(input);
  let saved: Range | null = null;
  button('Link', 'Link', 'Link the selection (empty: remove the link)', () => {
    saved = actions.range();
    if (saved === null) return;
    form.hidden = false;
    input.value = '';
    input.removeAttribute('aria-invalid');
    input.focus();
  });
  bar.appendChild(form);
  const close = (): void => {
    form.hidden = true;
    node.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const href = input.value.trim();
    if (href !== '' && !isLinkAddress(href)) {
      input.setAttribute('aria-invalid', 'true');
      input.title = 'A link goes to http(s)://…, a page path (/about), mailto: or tel:';
      return;
    }
    const range = saved;
    close();
    if (range !== null) actions.link(href === '' ? null : href, range);
  });
  input.addEventListener('keydown', (e) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      const range = saved;
      close();
      if (range !== null) actions.link(undefined, range);
    }
  });
  input.addEventListener('blur', (e) => {
    const to = e.relatedTarget as Node | null;
    if (to !== node && !bar.contains(to)) actions.leave();
  });
  const rect = node.getBoundingClientRect();
  bar.style.left = `${Math.max(4, rect.left)}px`;
  bar.style.top = rect.top > 44 ? `${rect.top - 40}px` : `${rect.bottom + 6}px`;
  document.body.appendChild(bar);
  return bar;
}

export function startTextEditing(api: ProjectStoreApi, id: ElementId, node: HTMLElement): void {
  stopTextEditing(true);
  // A text shown inside an instance is edited as plain text: its override is plain (component.rs).
  const rich = api.getState().elements.get(id)?.kind === 'text' && !isShownId(id);
  const beforeHtml = node.innerHTML;
  const before = node.textContent ?? '';
  const beforeRuns = rich ? readRuns(node) : [];
  if (rich) node.innerHTML = runsToHtml(beforeRuns, true);
  node.contentEditable = rich ? 'true' : 'plaintext-only';
  node.spellcheck = false;
  node.classList.add('omnios-editing');
  node.focus();
  const all = document.createRange();
  all.selectNodeContents(node);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(all);
  api.getState().setEditingText(id);

  /** The selection as character offsets in the text, when it is inside the node. */
  const range = (): Range | null => {
    const sel = window.getSelection();
    if (sel === null || sel.rangeCount === 0) return null;
    const r = sel.getRangeAt(0);
    if (!node.contains(r.startContainer) || !node.contains(r.endContainer)) return null;
    const a = offsetOf(node, r.startContainer, r.startOffset);
    const b = offsetOf(node, r.endContainer, r.endOffset);
    return [Math.min(a, b), Math.max(a, b)];
  };
  /** Rewrites the node from `runs` and selects `[start, end)`. */
  const rewrite = (runs: Run[], start: number, end: number): void => {
    node.innerHTML = runsToHtml(runs, true);
    const a = positionOf(node, start);
    const b = positionOf(node, end);
    const r = document.createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(r);
  };
  const mark = (m: Mark): void => {
    const r = range();
    if (r !== null) rewrite(toggleMark(readRuns(node), r[0], r[1], m), r[0], r[1]);
  };
  const link = (href: string | null | undefined, r: Range): void => {
    const runs = readRuns(node);
    rewrite(href === undefined ? runs : setLink(runs, r[0], r[1], href), r[0], r[1]);
  };
  const insert = (text: string): void => {
    const r = range();
    if (r !== null) rewrite(replaceRange(readRuns(node), r[0], r[1], text), r[0] + text.length, r[0] + text.length);
  };
  const toolbar = rich ? createToolbar(node, { mark, link, range, leave: () => end(true) }) : null;

  const onKey = (e: KeyboardEvent): void => {
    e.stopPropagation();
    const markKey = MARK_KEYS[e.key.toLowerCase()];
    if (rich && (e.ctrlKey || e.metaKey) && !e.altKey && markKey !== undefined) {
      e.preventDefault();
      mark(markKey);
    } else if (rich && e.key === 'Enter' && e.shiftKey) {
      e.preventDefault();
      insert('\n');
    } else if (e.key === 'Escape' || (e.key === 'Enter' && !e.shiftKey)) {
      e.preventDefault();
      end(true);
    }
  };
  const onPaste = (e: ClipboardEvent): void => {
    e.preventDefault();
    insert((e.clipboardData?.getData('text/plain') ?? '').replace(/\r\n?/g, '\n'));
  };
  const onBlur = (e: FocusEvent): void => {
    if (toolbar?.contains(e.relatedTarget as Node | null) === true) return;
    end(true);
  };
  const end = (commitEdit: boolean): void => {
    if (finish !== end) return;
    finish = null;
    node.removeEventListener('keydown', onKey);
    node.removeEventListener('blur', onBlur);
    node.removeEventListener('paste', onPaste);
    toolbar?.remove();
    node.contentEditable = 'false';
    node.removeAttribute('contenteditable');
    node.classList.remove('omnios-editing');
    window.getSelection()?.removeAllRanges();
    api.getState().setEditingText(null);
    if (rich) {
      const after = readRuns(node);
      const changed = JSON.stringify(after) !== JSON.stringify(beforeRuns);
      // The engine's delta renders the new text; anything else shows the text as it was.
      if (!commitEdit || !changed || api.getState().run({ type: 'set_text', id, runs: after }) === null) {
        node.innerHTML = beforeHtml;
      }
      return;
    }
    const after = node.textContent ?? '';
    if (commitEdit && after !== before) {
      if (api.getState().run({ type: 'set_content', id, content: after }) === null) node.textContent = before;
    } else if (!commitEdit) {
      node.textContent = before;
    }
  };
  node.addEventListener('keydown', onKey);
  node.addEventListener('blur', onBlur);
  if (rich) node.addEventListener('paste', onPaste);
  finish = end;
}
