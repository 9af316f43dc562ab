// Keyboard shortcuts: one table drives both the handler and the cheat sheet.
import type { ProjectStoreApi } from '../store/projectStore';
import { FRAME_WIDTH } from '../bridge/types';
import { clampZoom, fitViewport, zoomAround } from './viewport';
import {
  alignSelection,
  copySelection,
  cutSelection,
  deleteSelection,
  distributeSelection,
  duplicateSelection,
  groupSelection,
  nudge,
  pasteSoon,
  selectParent,
  ungroupSelection,
} from './actions';
import { startCreateComponent } from './componentActions';

export interface Shortcut {
  /** What the cheat sheet shows, e.g. `⌘/Ctrl Z`. */
  readonly keys: string;
  readonly label: string;
  readonly group: 'Edit' | 'Selection' | 'Arrange' | 'View';
  readonly matches: (e: KeyboardEvent) => boolean;
  readonly run: (api: ProjectStoreApi, e: KeyboardEvent) => void;
  /** Let the browser act on the key too (⌘/Ctrl V: its `paste` event carries clipboard files). */
  readonly keepDefault?: true;
}

const mod = (e: KeyboardEvent): boolean => e.metaKey || e.ctrlKey;
const key = (e: KeyboardEvent, k: string): boolean => e.key.toLowerCase() === k;

function zoomBy(api: ProjectStoreApi, factor: number): void {
  const view = document.querySelector<HTMLElement>('.viewport');
  const s = api.getState();
  const anchor = { x: (view?.clientWidth ?? 0) / 2, y: (view?.clientHeight ?? 0) / 2 };
  s.setViewport(zoomAround(s.viewport, factor, anchor));
}

export function zoomToFit(api: ProjectStoreApi): void {
  const view = document.querySelector<HTMLElement>('.viewport');
  if (view !== null) api.getState().setViewport(fitViewport(view, FRAME_WIDTH[api.getState().breakpoint]));
}

export function zoomTo(api: ProjectStoreApi, zoom: number): void {
  const s = api.getState();
  zoomBy(api, clampZoom(zoom) / s.viewport.zoom);
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: '⌘/Ctrl Z', label: 'Undo', group: 'Edit', matches: (e) => mod(e) && !e.shiftKey && key(e, 'z'), run: (api) => api.getState().undo() },
  {
    keys: '⇧ ⌘/Ctrl Z',
    label: 'Redo',
    group: 'Edit',
    matches: (e) => (mod(e) && e.shiftKey && key(e, 'z')) || (e.ctrlKey && !e.shiftKey && key(e, 'y')),
    run: (api) => api.getState().redo(),
  },
  { keys: '⌘/Ctrl C', label: 'Copy', group: 'Edit', matches: (e) => mod(e) && key(e, 'c'), run: copySelection },
  { keys: '⌘/Ctrl X', label: 'Cut', group: 'Edit', matches: (e) => mod(e) && key(e, 'x'), run: cutSelection },
  { keys: '⌘/Ctrl V', label: 'Paste', group: 'Edit', matches: (e) => mod(e) && key(e, 'v'), run: pasteSoon, keepDefault: true },
  { keys: '⌘/Ctrl D', label: 'Duplicate', group: 'Edit', matches: (e) => mod(e) && key(e, 'd'), run: duplicateSelection },
  { keys: 'Delete / ⌫', label: 'Delete', group: 'Edit', matches: (e) => e.key === 'Delete' || e.key === 'Backspace', run: deleteSelection },
  { keys: 'Enter', label: 'Edit text', group: 'Edit', matches: (e) => e.key === 'Enter' && !mod(e), run: () => editSelectedText() },
  {
    keys: 'Esc',
    label: 'Select parent / deselect (leaves the Comment tool, then a component being edited)',
    group: 'Selection',
    matches: (e) => e.key === 'Escape',
    run: (api) => (api.getState().tool === 'comment' ? api.getState().setTool('select') : selectParent(api)),
  },
  { keys: 'C', label: 'Comment tool', group: 'View', matches: (e) => !mod(e) && !e.altKey && key(e, 'c'), run: (api) => api.getState().setTool(api.getState().tool === 'comment' ? 'select' : 'comment') },
  { keys: 'Shift click', label: 'Add to selection', group: 'Selection', matches: () => false, run: () => {} },
  { keys: 'Drag on empty canvas', label: 'Marquee select', group: 'Selection', matches: () => false, run: () => {} },
  { keys: '⌘/Ctrl G', label: 'Group', group: 'Arrange', matches: (e) => mod(e) && !e.shiftKey && key(e, 'g'), run: groupSelection },
  { keys: '⇧ ⌘/Ctrl G', label: 'Ungroup', group: 'Arrange', matches: (e) => mod(e) && e.shiftKey && key(e, 'g'), run: ungroupSelection },
  { keys: '⌘/Ctrl Alt K', label: 'Create component', group: 'Arrange', matches: (e) => mod(e) && e.altKey && e.code === 'KeyK', run: startCreateComponent },
  {
    keys: '← ↑ → ↓',
    label: 'Nudge 1 px (⇧ 10 px); reorder in the flow',
    group: 'Arrange',
    matches: (e) => !mod(e) && ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(e.key),
    run: (api, e) => {
      const step = e.shiftKey ? 10 : 1;
      const dx = e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0;
      const dy = e.key === 'ArrowUp' ? -step : e.key === 'ArrowDown' ? step : 0;
      nudge(api, dx, dy);
    },
  },
  ...(
    [
      ['A', 'left', 'Align left'],
      ['H', 'center', 'Align horizontal centres'],
      ['D', 'right', 'Align right'],
      ['W', 'top', 'Align top'],
      ['V', 'middle', 'Align vertical centres'],
      ['S', 'bottom', 'Align bottom'],
    ] as const
  ).map(
    ([letter, how, label]): Shortcut => ({
      keys: `Alt ${letter}`,
      label,
      group: 'Arrange',
      matches: (e) => e.altKey && !mod(e) && !e.shiftKey && e.code === `Key${letter}`,
      run: (api) => alignSelection(api, how),
    }),
  ),
  { keys: 'Alt ⇧ H', label: 'Distribute horizontal spacing', group: 'Arrange', matches: (e) => e.altKey && e.shiftKey && !mod(e) && e.code === 'KeyH', run: (api) => distributeSelection(api, 'horizontal') },
  { keys: 'Alt ⇧ V', label: 'Distribute vertical spacing', group: 'Arrange', matches: (e) => e.altKey && e.shiftKey && !mod(e) && e.code === 'KeyV', run: (api) => distributeSelection(api, 'vertical') },
  { keys: '⌘/Ctrl +', label: 'Zoom in', group: 'View', matches: (e) => mod(e) && (e.key === '=' || e.key === '+'), run: (api) => zoomBy(api, 1.25) },
  { keys: '⌘/Ctrl −', label: 'Zoom out', group: 'View', matches: (e) => mod(e) && (e.key === '-' || e.key === '_'), run: (api) => zoomBy(api, 0.8) },
  { keys: '⌘/Ctrl 0', label: 'Zoom to 100 %', group: 'View', matches: (e) => mod(e) && e.key === '0', run: (api) => zoomTo(api, 1) },
  { keys: '⇧ 1', label: 'Zoom to fit', group: 'View', matches: (e) => e.shiftKey && e.code === 'Digit1' && !mod(e), run: zoomToFit },
  { keys: 'Space drag / wheel', label: 'Pan', group: 'View', matches: () => false, run: () => {} },
  { keys: '⌘/Ctrl wheel, pinch', label: 'Zoom at the pointer', group: 'View', matches: () => false, run: () => {} },
  {
    keys: '?',
    label: 'Keyboard shortcuts',
    group: 'View',
    matches: (e) => e.key === '?',
    run: (api) => api.getState().setCheatSheetOpen(!api.getState().cheatSheetOpen),
  },
];

function editSelectedText(): void {
  const selected = document.querySelector<HTMLElement>('[data-testid="selection-box"]');
  if (selected === null) return;
  // Enter edits the selected text element: the canvas handles it as a double-click there.
  const r = selected.getBoundingClientRect();
  selected.ownerDocument
    .querySelector('.viewport')
    ?.dispatchEvent(new MouseEvent('dblclick', { bubbles: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 }));
}

/** Whether a key event belongs to a text field (or inline text editing) rather than the canvas. */
export function typingIn(target: EventTarget | null, editingText = false): boolean {
  if (editingText) return true;
  const el = target as HTMLElement | null;
  if (el === null || typeof el.tagName !== 'string') return false;
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
}

/** Installs the window key handler; returns a function that removes it. */
export function installShortcuts(api: ProjectStoreApi): () => void {
  const onKey = (e: KeyboardEvent): void => {
    const state = api.getState();
    if (typingIn(e.target, state.editingText !== null)) return;
    if (e.key === 'Escape' && (state.cheatSheetOpen || state.contextMenu !== null)) {
      state.setCheatSheetOpen(false);
      state.setContextMenu(null);
      return;
    }
    // Panels keep their own keys (a focused button's Enter, a list's arrows).
    const inPanel = (e.target as HTMLElement | null)?.closest?.('.panel, .topbar, .dialog, .context-menu') != null;
    const shortcut = SHORTCUTS.find((s) => s.matches(e));
    if (shortcut === undefined) return;
    // In a panel, Enter, Space and the arrows belong to the focused control.
    if (inPanel && !mod(e) && (e.key === 'Enter' || e.key === ' ' || e.key.startsWith('Arrow'))) return;
    if (shortcut.keepDefault !== true) e.preventDefault();
    shortcut.run(api, e);
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
