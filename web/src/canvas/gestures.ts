// Pointer gestures on the canvas: click and shift-click selection, marquee, moving (free with
// snapping, or through the flow with a drop indicator), resizing with snapping, panning.
//
// A free move or a resize is an engine gesture: each pointer move commits the snapped styles,
// which the engine only previews; pointer up writes them once (one undo step). Overlays are
// drawn from the gesture's own boxes meanwhile (the engine lays out the written document).
import { instanceShowing, isShownId } from '../lib/components';
import type { Edges, ElementId, Guide, Property, Rect, StyleValue } from '../bridge/types';
import { activeBody, isFree } from '../lib/actions';
import { cascaded, px, pxValue } from '../lib/styles';
import type { ProjectStoreApi } from '../store/projectStore';
import { edgesOf, resizeRect, spanRect, toPage, unionRect, type Handle, type Point } from './geometry';
import { stopTextEditing } from './textEditing';

/** Screen pixels within which a box snaps (the engine divides by the zoom). */
export const SNAP_THRESHOLD = 6;
/** Screen pixels a press must travel before it becomes a drag. */
const DRAG_START = 3;

interface Start {
  readonly id: ElementId;
  readonly box: Rect;
  readonly left: number;
  readonly top: number;
}

type Gesture =
  | { kind: 'pending'; origin: Point; page: Point; ids: ElementId[]; hit: ElementId }
  | { kind: 'free'; page: Point; starts: Start[]; union: Rect; moved: boolean }
  | { kind: 'flow'; page: Point; ids: ElementId[]; starts: Map<ElementId, Rect> }
  | { kind: 'resize'; page: Point; handle: Handle; start: Start; free: boolean; styles: Partial<Record<Property, string>> }
  | { kind: 'marquee'; page: Point; base: ElementId[] }
  | { kind: 'pan'; origin: Point; panX: number; panY: number };

export class CanvasGestures {
  private gesture: Gesture | null = null;

  constructor(
    private readonly api: ProjectStoreApi,
    private readonly viewportPoint: (e: { clientX: number; clientY: number }) => Point,
  ) {}

  get active(): boolean {
    return this.gesture !== null && this.gesture.kind !== 'pending';
  }

  private page(e: { clientX: number; clientY: number }): Point {
    return toPage(this.api.getState().viewport, this.viewportPoint(e));
  }

  /**
   * The element a press at `p` selects or drags. Inside an instance, the first press takes the
   * instance (moved, styled, given props as one); once it or something in it is selected, a
   * press takes the element under the pointer (an override when edited).
   */
  hit(p: Point): ElementId | undefined {
    const hit = this.api.getState().bridge.hitTest(p.x, p.y);
    if (hit === undefined || !isShownId(hit)) return hit;
    const { elements, selection } = this.api.getState();
    const get = (id: ElementId) => elements.get(id);
    const instance = instanceShowing(hit, get);
    if (instance === null) return hit;
    const inside = selection.some((id) => id === instance || instanceShowing(id, get) === instance);
    return inside ? hit : instance;
  }

  startPan(e: PointerEvent): void {
    const { panX, panY } = this.api.getState().viewport;
    this.gesture = { kind: 'pan', origin: this.viewportPoint(e), panX, panY };
  }

  startResize(e: PointerEvent, handle: Handle): void {
    const state = this.api.getState();
    const id = state.selection[0];
    const el = id === undefined ? undefined : state.elements.get(id);
    const box = id === undefined ? undefined : state.boxes.get(id);
    if (id === undefined || el === undefined || box === undefined || el.locked || state.bridge.readOnly) return;
    stopTextEditing(true);
    const styles = cascaded(state.bridge, id, state.breakpoint);
    const parentBox = el.parent === null ? undefined : state.boxes.get(el.parent);
    const left = pxValue(styles.left) ?? (parentBox ? box.x - parentBox.x : 0);
    const top = pxValue(styles.top) ?? (parentBox ? box.y - parentBox.y : 0);
    state.bridge.beginGesture();
    this.gesture = { kind: 'resize', page: this.page(e), handle, start: { id, box, left, top }, free: isFree(this.api, id), styles };
  }

  /**
   * The element under the pointer for the hover outline: the DOM's own answer (the event
   * target), so hovering never waits on the engine. The engine's hit test (which brings its
   * layout up to date first) answers presses, where it decides what gets selected.
   */
  private hoverTarget(e: PointerEvent): ElementId | null {
    const state = this.api.getState();
    let node = (e.target as Element | null)?.closest?.('[data-omnios-id]') ?? null;
    const body = activeBody(this.api);
    let hovered: ElementId | null = null;
    while (node !== null) {
      const id = node.getAttribute('data-omnios-id');
      const el = id === null ? undefined : state.elements.get(id);
      if (id === null || id === body || el === undefined) break;
      if (el.locked === true) hovered = null;
      else if (hovered === null) hovered = id;
      node = node.parentElement?.closest('[data-omnios-id]') ?? null;
    }
    return hovered;
  }

  /** A press on the canvas (not on a handle): select, and get ready to drag or marquee. */
  press(e: PointerEvent): void {
    const state = this.api.getState();
    const p = this.page(e);
    const hit = this.hit(p);
    const selection = state.selection;
    if (hit === undefined) {
      if (!e.shiftKey) state.select([]);
      this.gesture = { kind: 'marquee', page: p, base: e.shiftKey ? [...selection] : [] };
      return;
    }
    if (e.shiftKey) {
      state.select(selection.includes(hit) ? selection.filter((id) => id !== hit) : [...selection, hit]);
      return;
    }
    // A press inside the selection drags the selection (a child of a selected element included).
    const inside = this.selectedAncestor(hit);
    const ids = inside !== null ? [...selection] : [hit];
    if (inside === null) state.select([hit]);
    this.gesture = { kind: 'pending', origin: this.viewportPoint(e), page: p, ids, hit };
  }

  private selectedAncestor(id: ElementId): ElementId | null {
    const { selection, elements } = this.api.getState();
    let cur: ElementId | null = id;
    while (cur !== null) {
      if (selection.includes(cur)) return cur;
      cur = elements.get(cur)?.parent ?? null;
    }
    return null;
  }

  move(e: PointerEvent): void {
    const g = this.gesture;
    const state = this.api.getState();
    if (g === null) {
      state.setHovered(this.hoverTarget(e));
      return;
    }
    switch (g.kind) {
      case 'pending': {
        const at = this.viewportPoint(e);
        if (Math.hypot(at.x - g.origin.x, at.y - g.origin.y) < DRAG_START) return;
        this.beginMove(g.ids, g.page);
        this.move(e);
        return;
      }
      case 'pan': {
        const at = this.viewportPoint(e);
        state.setViewport({ panX: g.panX + at.x - g.origin.x, panY: g.panY + at.y - g.origin.y });
        return;
      }
      case 'marquee': {
        const rect = spanRect(g.page, this.page(e));
        const found = state.bridge.marquee(rect);
        state.setGesture({ marquee: rect });
        state.select([...new Set([...g.base, ...found])]);
        return;
      }
      case 'free':
        this.moveFree(g, this.page(e));
        return;
      case 'flow':
        this.moveFlow(g, this.page(e), e.altKey);
        return;
      case 'resize':
        this.moveResize(g, this.page(e), e.shiftKey);
        return;
    }
  }

  private beginMove(ids: ElementId[], page: Point): void {
    const state = this.api.getState();
    const body = activeBody(this.api);
    // A viewer's editor moves nothing (the bridge is read only).
    const movable = state.bridge.readOnly ? [] : ids.filter((id) => id !== body && state.elements.get(id)?.locked !== true && state.boxes.has(id));
    if (movable.length === 0) {
      this.gesture = null;
      return;
    }
    stopTextEditing(true);
    state.setHovered(null);
    if (movable.every((id) => isFree(this.api, id))) {
      const starts: Start[] = movable.map((id) => {
        const el = state.elements.get(id);
        const box = state.boxes.get(id) as Rect;
        const styles = cascaded(state.bridge, id, state.breakpoint);
        const parentBox = el?.parent == null ? undefined : state.boxes.get(el.parent);
        return {
          id,
          box,
          left: pxValue(styles.left) ?? (parentBox ? box.x - parentBox.x : 0),
          top: pxValue(styles.top) ?? (parentBox ? box.y - parentBox.y : 0),
        };
      });
      state.bridge.beginGesture();
      this.gesture = { kind: 'free', page, starts, union: unionRect(starts.map((s) => s.box)) as Rect, moved: false };
    } else {
      const starts = new Map(movable.map((id) => [id, state.boxes.get(id) as Rect]));
      this.gesture = { kind: 'flow', page, ids: movable, starts };
    }
  }

  private moveFree(g: Extract<Gesture, { kind: 'free' }>, p: Point): void {
    const state = this.api.getState();
    const proposed = { ...g.union, x: g.union.x + p.x - g.page.x, y: g.union.y + p.y - g.page.y };
    const only = g.starts.length === 1 ? g.starts[0]?.id : undefined;
    const snap = state.bridge.snap({
      ...(only !== undefined ? { id: only } : {}),
      rect: proposed,
      zoom: state.viewport.zoom,
      threshold: SNAP_THRESHOLD,
    });
    const snappedX = snap.guides.some((gd) => gd.axis === 'x');
    const snappedY = snap.guides.some((gd) => gd.axis === 'y');
    const dx = snappedX ? snap.rect.x - g.union.x : Math.round(proposed.x - g.union.x);
    const dy = snappedY ? snap.rect.y - g.union.y : Math.round(proposed.y - g.union.y);
    const commands = g.starts.map((s) => ({
      type: 'update_styles' as const,
      ids: [s.id],
      slot: state.breakpoint,
      set: { left: px(s.left + dx), top: px(s.top + dy) } as Record<string, StyleValue>,
    }));
    if (state.runBatch(commands) === null) return;
    g.moved = true;
    state.setGesture({
      guides: snap.guides,
      gestureBoxes: new Map(g.starts.map((s) => [s.id, { ...s.box, x: s.box.x + dx, y: s.box.y + dy }])),
    });
  }

  /** Alt drops into the container under the pointer even near its edges. */
  private moveFlow(g: Extract<Gesture, { kind: 'flow' }>, p: Point, inside: boolean): void {
    const state = this.api.getState();
    const indicator = state.bridge.dropTarget(p.x, p.y, g.ids, inside);
    const dx = p.x - g.page.x;
    const dy = p.y - g.page.y;
    const boxes = new Map<ElementId, Rect>();
    for (const [id, b] of g.starts) boxes.set(id, { ...b, x: b.x + dx, y: b.y + dy });
    state.setGesture({ dropIndicator: indicator, gestureBoxes: boxes, guides: [] });
  }

  private moveResize(g: Extract<Gesture, { kind: 'resize' }>, p: Point, keepRatio: boolean): void {
    const state = this.api.getState();
    const proposed = resizeRect(g.start.box, g.handle, p.x - g.page.x, p.y - g.page.y, keepRatio);
    const edges: Edges = edgesOf(g.handle);
    let rect = proposed;
    let guides: readonly Guide[] = [];
    let snappedX = false;
    let snappedY = false;
    if (!keepRatio) {
      const snap = state.bridge.snap({ id: g.start.id, rect: proposed, resize: edges, zoom: state.viewport.zoom, threshold: SNAP_THRESHOLD });
      rect = snap.rect;
      guides = snap.guides;
      snappedX = snap.guides.some((gd) => gd.axis === 'x');
      snappedY = snap.guides.some((gd) => gd.axis === 'y');
    }
    const round = (v: number, exact: boolean): number => (exact ? v : Math.round(v));
    const width = round(rect.width, snappedX);
    const height = round(rect.height, snappedY);
    const x = edges.left ? g.start.box.x + g.start.box.width - width : rect.x;
    const y = edges.top ? g.start.box.y + g.start.box.height - height : rect.y;
    const set: Record<string, StyleValue> = {};
    if (edges.left || edges.right || keepRatio) set.width = px(width);
    if (edges.top || edges.bottom || keepRatio) set.height = px(height);
    if (g.free) {
      if (edges.left || (keepRatio && !edges.right)) set.left = px(g.start.left + x - g.start.box.x);
      if (edges.top || (keepRatio && !edges.bottom)) set.top = px(g.start.top + y - g.start.box.y);
    }
    if (state.run({ type: 'update_styles', ids: [g.start.id], slot: state.breakpoint, set }) === null) return;
    state.setGesture({ guides, gestureBoxes: new Map([[g.start.id, { x, y, width, height }]]) });
  }

  /** Pointer up: write the gesture. */
  release(): void {
    const g = this.gesture;
    this.gesture = null;
    if (g === null) return;
    const state = this.api.getState();
    try {
      if (g.kind === 'pending') {
        // A click (no drag) selects what was clicked, also inside a selection (a press there
        // kept the selection only so that a drag would move all of it).
        state.select([g.hit]);
      } else if (g.kind === 'free' || g.kind === 'resize') {
        state.bridge.endGesture();
      } else if (g.kind === 'flow') {
        const drop = state.dropIndicator;
        if (drop !== null) {
          const first = state.elements.get(g.ids[0] as ElementId);
          const siblings = first?.parent == null ? [] : (state.elements.get(first.parent)?.children ?? []);
          // The index counts siblings without the moved one, so staying put is its own index.
          const unchanged = g.ids.length === 1 && first?.parent === drop.parent && siblings.indexOf(first.id) === drop.index;
          if (!unchanged) state.run({ type: 'move_elements', ids: g.ids, parent: drop.parent, index: drop.index });
        }
      }
    } catch (error) {
      state.bridge.cancelGesture();
      throw error;
    } finally {
      state.setGesture({ guides: [], dropIndicator: null, marquee: null, gestureBoxes: null });
    }
  }

  /** Escape: drop the gesture; the document never saw it. */
  cancel(): boolean {
    const g = this.gesture;
    if (g === null || g.kind === 'pending') return false;
    this.gesture = null;
    const state = this.api.getState();
    if (g.kind === 'free' || g.kind === 'resize') state.bridge.cancelGesture();
    state.setGesture({ guides: [], dropIndicator: null, marquee: null, gestureBoxes: null });
    return true;
  }
}
