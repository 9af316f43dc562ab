// Where a dragged element (or a new one from the insert panel) would land in the flow: the
// innermost container under the pointer that is not being moved, and the slot among its children.
import type { ElementId, Rect } from '../bridge/types';
import { holdsChildren } from '../lib/presets';
import { cascaded } from '../lib/styles';
import type { DropIndicator, ProjectStoreApi } from '../store/projectStore';
import { flowSlot, type Point } from './geometry';

/** Whether `id` is one of `moving` or inside one of them. */
export function withinMoving(api: ProjectStoreApi, id: ElementId, moving: ReadonlySet<ElementId>): boolean {
  const elements = api.getState().elements;
  let cur: ElementId | null = id;
  while (cur !== null) {
    if (moving.has(cur)) return true;
    cur = elements.get(cur)?.parent ?? null;
  }
  return false;
}

export function dropTargetAt(api: ProjectStoreApi, p: Point, moving: ReadonlySet<ElementId>): DropIndicator | null {
  const state = api.getState();
  const page = state.activePage === null ? undefined : state.pages.get(state.activePage);
  if (page === undefined) return null;
  const bodyBox = state.boxes.get(page.root);
  if (bodyBox === undefined) return null;
  let cur: ElementId | null = state.bridge.hitTest(p.x, p.y) ?? null;
  let container: ElementId = page.root;
  while (cur !== null) {
    const el = state.elements.get(cur);
    if (el === undefined) break;
    if (holdsChildren(el.kind) && el.kind !== 'button' && el.kind !== 'link' && !withinMoving(api, cur, moving)) {
      container = cur;
      break;
    }
    cur = el.parent;
  }
  const parent = state.elements.get(container);
  const box = state.boxes.get(container);
  if (parent === undefined || box === undefined) return null;
  const styles = cascaded(state.bridge, container, state.breakpoint);
  const display = styles.display ?? 'block';
  const direction = styles['flex-direction'] ?? 'row';
  const horizontal = (display === 'flex' && direction.startsWith('row')) || display === 'grid';
  const siblings: Rect[] = [];
  for (const c of parent.children) {
    if (moving.has(c)) continue;
    const b = state.boxes.get(c);
    const el = state.elements.get(c);
    if (b === undefined || el === undefined || el.hidden) continue;
    const position = cascaded(state.bridge, c, state.breakpoint).position;
    if (position === 'absolute' || position === 'fixed') continue;
    siblings.push(b);
  }
  // Slots count every non-moving child, so map the slot among laid-out siblings back.
  const slot = flowSlot(siblings, box, p, horizontal);
  const inFlow = parent.children.filter((c) => !moving.has(c));
  const laidOut = inFlow.filter((c) => {
    const el = state.elements.get(c);
    const position = el === undefined ? undefined : cascaded(state.bridge, c, state.breakpoint).position;
    return state.boxes.has(c) && el !== undefined && !el.hidden && position !== 'absolute' && position !== 'fixed';
  });
  const anchor = laidOut[slot.index];
  const index = anchor === undefined ? inFlow.length : inFlow.indexOf(anchor);
  return { parent: container, index, rect: slot.line };
}
