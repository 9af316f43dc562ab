// Editor actions shared by the canvas, the keyboard, the context menu and the panels. Each turns
// a designer's intent into engine commands through the store (which reports refusals).
import type { Command, ElementId, ElementRecord, Scalar, Slot, StyleValue, TokenDelta, TokenId } from '../bridge/types';
import type { ProjectStoreApi } from '../store/projectStore';
import { align, distribute, type Alignment, type Axis, type Move } from './arrange';
import { createCommand, holdsChildren, type Preset } from './presets';
import { cascaded, pxValue, px } from './styles';
import { inlineMissingTokens } from './tokens';
import { instanceShowing, isShownId, isShownSlot } from './components';

type Api = ProjectStoreApi;

const record = (api: Api, id: ElementId): ElementRecord | undefined => api.getState().elements.get(id);

/** The root the canvas shows: the active page's body, or the master root of the component being edited. */
export function activeBody(api: Api): ElementId | null {
  const { activePage, pages, editingComponent } = api.getState();
  if (editingComponent !== null) return editingComponent;
  return activePage === null ? null : (pages.get(activePage)?.root ?? null);
}

/** The selection without the page body (it cannot be moved, deleted or copied). */
export function editableSelection(api: Api): ElementId[] {
  api.getState().flush();
  const body = activeBody(api);
  return api.getState().selection.filter((id) => id !== body && record(api, id) !== undefined);
}

/** Where an insert goes: into the selected container, else after the selected element, else the body. */
export function insertTarget(api: Api): { parent: ElementId; index?: number } | null {
  api.getState().flush();
  const body = activeBody(api);
  if (body === null) return null;
  const selected = api.getState().selection.at(-1);
  let el = selected === undefined ? undefined : record(api, selected);
  // Inside an instance only a slot takes new elements; elsewhere they go after the instance.
  if (el !== undefined && isShownId(el.id) && !isShownSlot(el, (id) => record(api, id))) el = record(api, instanceShowing(el.id, (id) => record(api, id)) ?? '');
  if (el === undefined) return { parent: body };
  if (holdsChildren(el.kind) && el.kind !== 'button' && el.kind !== 'link') return { parent: el.id };
  if (el.parent === null) return { parent: body };
  const siblings = record(api, el.parent)?.children ?? [];
  return { parent: el.parent, index: siblings.indexOf(el.id) + 1 };
}

/** Adds a preset (at the insert target, or where given) and selects it. */
export function insertPreset(api: Api, preset: Preset, at?: { parent: ElementId; index?: number }): ElementId | null {
  const target = at ?? insertTarget(api);
  if (target === null) return null;
  const applied = api.getState().run(createCommand(preset, target.parent, target.index));
  const id = applied?.created[0];
  if (id === undefined) return null;
  api.getState().select([id]);
  return id;
}

/** The active breakpoint's slot, where style edits go. */
export const activeSlot = (api: Api): Slot => api.getState().breakpoint;

/** Sets styles on elements at the active breakpoint. */
export function setStyles(api: Api, ids: readonly ElementId[], set: Record<string, StyleValue>): void {
  if (ids.length === 0) return;
  api.getState().run({ type: 'update_styles', ids: [...ids], slot: activeSlot(api), set });
}

export function deleteSelection(api: Api): void {
  const ids = editableSelection(api);
  if (ids.length === 0) return;
  const first = record(api, ids[0] as ElementId);
  if (api.getState().run({ type: 'delete_elements', ids }) !== null) {
    api.getState().select(first?.parent != null && first.parent !== activeBody(api) ? [first.parent] : []);
  }
}

export function duplicateSelection(api: Api): void {
  const ids = editableSelection(api);
  if (ids.length === 0) return;
  const applied = api.getState().run({ type: 'duplicate_elements', ids });
  if (applied !== null) api.getState().select(applied.created.slice(0, ids.length));
}

export function groupSelection(api: Api): void {
  const ids = editableSelection(api);
  if (ids.length === 0) return;
  const applied = api.getState().run({ type: 'group', ids });
  const group = applied?.created[0];
  if (group !== undefined) api.getState().select([group]);
}

export function ungroupSelection(api: Api): void {
  const ids = editableSelection(api);
  const id = ids[0];
  if (id === undefined) return;
  const children = record(api, id)?.children ?? [];
  if (api.getState().run({ type: 'ungroup', id }) !== null) api.getState().select([...children]);
}

export function setHidden(api: Api, ids: readonly ElementId[], hidden: boolean): void {
  if (ids.length > 0) api.getState().run({ type: 'set_hidden', ids: [...ids], hidden });
}

export function setLocked(api: Api, ids: readonly ElementId[], locked: boolean): void {
  if (ids.length > 0) api.getState().run({ type: 'set_locked', ids: [...ids], locked });
}

// ---- clipboard ------------------------------------------------------------------------------

/** A copied subtree: plain records, re-created with fresh ids on paste. */
interface ClipNode {
  readonly record: ElementRecord;
  readonly children: readonly ClipNode[];
}

let clipboard: readonly ClipNode[] = [];
/** The design tokens when the clipboard was filled: a pasted reference to one gone since keeps its look. */
let clipTokens: ReadonlyMap<TokenId, TokenDelta> = new Map();
const idPrefix = `p${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
let idCounter = 0;
const freshId = (): ElementId => `${idPrefix}-${(idCounter++).toString(36)}`;

function copyTree(api: Api, id: ElementId): ClipNode | null {
  const el = record(api, id);
  if (el === undefined) return null;
  return { record: el, children: el.children.map((c) => copyTree(api, c)).filter((n): n is ClipNode => n !== null) };
}

export function copySelection(api: Api): void {
  const ids = editableSelection(api);
  if (ids.length === 0) return;
  clipboard = ids.map((id) => copyTree(api, id)).filter((n): n is ClipNode => n !== null);
  clipTokens = api.getState().tokens;
}

export function cutSelection(api: Api): void {
  copySelection(api);
  deleteSelection(api);
}

export function hasClipboard(): boolean {
  return clipboard.length > 0;
}

/**
 * The commands that re-create a copied subtree under `parent`. `anchors` are the anchors taken on
 * the target page: a copy keeps its anchor only where it is free (an anchor names one place).
 */
function createCommands(node: ClipNode, parent: ElementId, index: number | undefined, tokens: ReadonlyMap<TokenId, TokenDelta>, anchors: Set<string>, out: Command[]): ElementId {
  const el = node.record;
  const id = freshId();
  const props: Record<string, Scalar> = { ...el.props };
  const anchor = props.anchor;
  if (typeof anchor === 'string') {
    if (anchors.has(anchor)) delete props.anchor;
    else anchors.add(anchor);
  }
  const styles: Partial<Record<Slot, Record<string, StyleValue>>> = {};
  for (const [slot, set] of Object.entries(el.styles ?? {})) styles[slot as Slot] = inlineMissingTokens(set ?? {}, tokens, clipTokens);
  out.push({
    type: 'create_element',
    id,
    kind: el.kind,
    parent,
    ...(index !== undefined ? { index } : {}),
    ...(el.name ? { name: el.name } : {}),
    ...(el.tag !== undefined ? { tag: el.tag } : {}),
    ...(el.content ? { content: el.content } : {}),
    props,
    styles,
  });
  for (const child of node.children) createCommands(child, id, undefined, tokens, anchors, out);
  return id;
}

/** Pastes the clipboard at the insert target, as one undo step, and selects what it made. */
export function paste(api: Api): void {
  const target = insertTarget(api);
  if (target === null || clipboard.length === 0) return;
  const commands: Command[] = [];
  const { elements, tokens } = api.getState();
  const page = elements.get(target.parent)?.page;
  const anchors = new Set<string>();
  for (const el of elements.values()) if (el.page === page && typeof el.props?.anchor === 'string') anchors.add(el.props.anchor);
  const roots = clipboard.map((node, i) =>
    createCommands(node, target.parent, target.index === undefined ? undefined : target.index + i, tokens, anchors, commands),
  );
  if (api.getState().runBatch(commands) !== null) api.getState().select(roots);
}

let pendingPaste: ReturnType<typeof setTimeout> | undefined;

/**
 * ⌘/Ctrl V: pastes the copied elements once the browser's `paste` event has had its turn, so a
 * file on the system clipboard (a screenshot, a photo) can claim the keystroke instead
 * (`claimPaste`, from the canvas's paste handler).
 */
export function pasteSoon(api: Api): void {
  clearTimeout(pendingPaste);
  pendingPaste = setTimeout(() => {
    pendingPaste = undefined;
    paste(api);
  }, 0);
}

/** The system clipboard's files are being pasted: the copied elements are not. */
export function claimPaste(): void {
  clearTimeout(pendingPaste);
  pendingPaste = undefined;
}

// ---- nudge ----------------------------------------------------------------------------------

/** Whether an element is positioned out of the flow (it moves freely and snaps). */
export function isFree(api: Api, id: ElementId): boolean {
  const position = cascaded(api.getState().bridge, id, api.getState().breakpoint).position;
  return position === 'absolute' || position === 'fixed';
}

/**
 * Arrow keys: a freely positioned element moves by (dx, dy) px; an element in the flow moves one
 * slot earlier or later among its siblings.
 */
export function nudge(api: Api, dx: number, dy: number): void {
  api.getState().flush(); // key repeat can outrun the frame: read what the last nudge wrote
  const ids = editableSelection(api);
  if (ids.length === 0) return;
  const bp = api.getState().breakpoint;
  const commands: Command[] = [];
  for (const id of ids) {
    const el = record(api, id);
    if (el === undefined) continue;
    if (isFree(api, id)) {
      const styles = cascaded(api.getState().bridge, id, bp);
      const box = api.getState().boxes.get(id);
      const parentBox = el.parent === null ? undefined : api.getState().boxes.get(el.parent);
      const left = pxValue(styles.left) ?? (box && parentBox ? box.x - parentBox.x : 0);
      const top = pxValue(styles.top) ?? (box && parentBox ? box.y - parentBox.y : 0);
      const set: Record<string, StyleValue> = {};
      if (dx !== 0) set.left = px(left + dx);
      if (dy !== 0) set.top = px(top + dy);
      commands.push({ type: 'update_styles', ids: [id], slot: bp, set });
    } else if (el.parent !== null && ids.length === 1) {
      const siblings = record(api, el.parent)?.children ?? [];
      const at = siblings.indexOf(id);
      const step = dx + dy > 0 ? 1 : -1;
      const index = Math.max(0, Math.min(siblings.length - 1, at + step));
      if (index !== at) commands.push({ type: 'move_elements', ids: [id], parent: el.parent, index });
    }
  }
  api.getState().runBatch(commands);
}

// ---- align and distribute --------------------------------------------------------------------

/** Moves freely positioned elements by page-pixel offsets: their left/top change, one undo step. */
function moveFree(api: Api, ids: readonly ElementId[], moves: readonly Move[]): void {
  const bp = api.getState().breakpoint;
  const commands: Command[] = [];
  ids.forEach((id, i) => {
    const move = moves[i];
    const el = record(api, id);
    if (move === undefined || el === undefined || (move.dx === 0 && move.dy === 0)) return;
    const styles = cascaded(api.getState().bridge, id, bp);
    const box = api.getState().boxes.get(id);
    const parentBox = el.parent === null ? undefined : api.getState().boxes.get(el.parent);
    const set: Record<string, StyleValue> = {};
    if (move.dx !== 0) set.left = px(Math.round((pxValue(styles.left) ?? (box && parentBox ? box.x - parentBox.x : 0)) + move.dx));
    if (move.dy !== 0) set.top = px(Math.round((pxValue(styles.top) ?? (box && parentBox ? box.y - parentBox.y : 0)) + move.dy));
    commands.push({ type: 'update_styles', ids: [id], slot: bp, set });
  });
  if (commands.length > 0) api.getState().runBatch(commands);
}

/**
 * The selection's boxes for arranging, or null (with a message) when an element sits in the
 * flow: its place comes from its parent's layout, which align and distribute do not rewrite.
 */
function arrangeable(api: Api, least: number): { ids: ElementId[]; boxes: { x: number; y: number; width: number; height: number }[] } | null {
  const ids = editableSelection(api);
  if (ids.length < least) return null;
  const inFlow = ids.find((id) => !isFree(api, id));
  if (inFlow !== undefined) {
    const name = record(api, inFlow)?.name || inFlow;
    api.getState().showMessage('arrange', `“${name}” sits in the flow: align its parent's children with the parent's layout (flex or grid) instead.`);
    return null;
  }
  const boxes = ids.map((id) => api.getState().boxes.get(id));
  if (boxes.some((b) => b === undefined)) return null;
  return { ids, boxes: boxes as { x: number; y: number; width: number; height: number }[] };
}

/** Aligns the selected free elements to their bounds (one element: within its parent). */
export function alignSelection(api: Api, how: Alignment): void {
  const found = arrangeable(api, 1);
  if (found === null) return;
  const parentId = found.ids.length === 1 ? record(api, found.ids[0]!)?.parent : null;
  const parent = parentId === null || parentId === undefined ? undefined : api.getState().boxes.get(parentId);
  moveFree(api, found.ids, align(found.boxes, how, parent));
}

/** Spaces three or more selected free elements evenly along an axis. */
export function distributeSelection(api: Api, axis: Axis): void {
  const found = arrangeable(api, 3);
  if (found === null) return;
  moveFree(api, found.ids, distribute(found.boxes, axis));
}

/** Selects the parent of the selection (Escape), or clears it at the top; with nothing selected, leaves a master being edited. */
export function selectParent(api: Api): void {
  api.getState().flush();
  const id = api.getState().selection[0];
  if (id === undefined && api.getState().editingComponent !== null) {
    api.getState().editComponent(null);
    return;
  }
  const parent = id === undefined ? null : (record(api, id)?.parent ?? null);
  // A page's body is never selected this way; a master's root is (its styles are the component's).
  const top = parent === activeBody(api) && api.getState().editingComponent === null;
  api.getState().select(parent === null || top ? [] : [parent]);
}
