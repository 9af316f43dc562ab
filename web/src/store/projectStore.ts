// useProjectStore: the React side's copy of what the engine's deltas delivered, plus the editor's
// own state (selection, active page and breakpoint, viewport, transient gesture overlays).
//
// Written only from deltas (`applyDeltas`, called once per animation frame by frameLoop.ts) and by
// editor actions that never touch the document. Elements live in a Map that is patched in place;
// each element has its own subscription (`useElement`), so a delta re-renders exactly the
// elements it names, not the whole tree — on a 10,000-element page a drag touches one.
import { createContext, useContext, useSyncExternalStore } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import {
  EngineError,
  type Breakpoint,
  type Command,
  type CommentApplied,
  type CommentCommand,
  type Applied,
  type AssetDelta,
  type AssetId,
  type TokenDelta,
  type TokenId,
  type Deltas,
  type ElementId,
  type ElementRecord,
  type Guide,
  type HyperBridge,
  type PageId,
  type PageRecord,
  type ProjectSettings,
  type Rect,
  type Thread,
  type ThreadId,
} from '../bridge/HyperBridge';
import { DEFAULT_PROJECT } from '../bridge/types';

/** Where a dragged element would land in the flow: a line drawn in page coordinates. */
export interface DropIndicator {
  readonly parent: ElementId;
  readonly index: number;
  /** The line (zero width or height) or, when dropping into an empty container, its box. */
  readonly rect: Rect;
}

/** `error`: something was refused or failed; `info`: something the user asked for was done. */
export type MessageTone = 'error' | 'info';

export interface EditorMessage {
  readonly code: string;
  readonly message: string;
  readonly tone: MessageTone;
  readonly at: number;
}

export type LeftPanel = 'insert' | 'layers' | 'pages' | 'components' | 'assets' | 'tokens' | 'versions' | 'comments';

/** A variant option whose values style edits record while a master is edited (`set_variant_value`). */
export interface VariantChoice {
  readonly axis: string;
  readonly option: string;
}

/** What the canvas does with a click: select and move, or pin a comment. */
export type Tool = 'select' | 'comment';

/** A comment being written at a point, before it is posted (never in the document). */
export interface CommentDraft {
  readonly page: PageId;
  /** The element it will be pinned to; null: the page point. */
  readonly element: ElementId | null;
  /** Relative to the element's box when pinned to one, page coordinates otherwise. */
  readonly x: number;
  readonly y: number;
}

export interface ContextMenuState {
  readonly x: number;
  readonly y: number;
}

export interface Viewport {
  readonly zoom: number;
  readonly panX: number;
  readonly panY: number;
}

export interface ProjectState {
  // ---- the document, as deltas delivered it ----
  /** Patched in place; read through `useElement` or `getState().elements.get(id)`. */
  readonly elements: Map<ElementId, ElementRecord>;
  readonly pages: ReadonlyMap<PageId, PageRecord>;
  /** Page ids sorted by their order key. */
  readonly pageOrder: readonly PageId[];
  /** The project's language and direction. */
  readonly project: ProjectSettings;
  /** The asset library, each asset with the elements using it; replaced when a delta names one. */
  readonly assets: ReadonlyMap<AssetId, AssetDelta>;
  /** The design tokens, each with the elements using it; replaced when a delta names one. */
  readonly tokens: ReadonlyMap<TokenId, TokenDelta>;
  /** Every comment thread, oldest first; read again from the engine when a delta says so. */
  readonly comments: readonly Thread[];
  /** Bumps whenever a delta changed elements (for views that list many, like layers). */
  readonly docRevision: number;
  /** The engine's boxes of the active page, patched in place. */
  readonly boxes: Map<ElementId, Rect>;
  readonly boxRevision: number;
  readonly canUndo: boolean;
  readonly canRedo: boolean;

  // ---- the editor ----
  readonly activePage: PageId | null;
  readonly breakpoint: Breakpoint;
  readonly selection: readonly ElementId[];
  readonly hovered: ElementId | null;
  readonly editingText: ElementId | null;
  readonly viewport: Viewport;
  readonly leftPanel: LeftPanel;
  readonly contextMenu: ContextMenuState | null;
  readonly cheatSheetOpen: boolean;
  readonly message: EditorMessage | null;
  readonly tool: Tool;
  /** The comment thread shown open on the canvas. */
  readonly openThread: ThreadId | null;
  readonly commentDraft: CommentDraft | null;
  /** Whether resolved threads show on the canvas. */
  readonly showResolved: boolean;
  /** The component whose master the canvas shows instead of the active page (edit-master mode). */
  readonly editingComponent: ElementId | null;
  /** While a master is edited: the variant option style edits are recorded for (null: the master itself). */
  readonly variantChoice: VariantChoice | null;
  /** Variant options added in the editor that hold no value yet, per component. */
  readonly draftVariants: readonly (VariantChoice & { readonly component: ElementId })[];
  /** The selection waiting for a name to become a component (the naming dialog is open). */
  readonly componentDraft: readonly ElementId[] | null;

  // ---- a gesture in progress (drawn on the overlay, never written) ----
  readonly guides: readonly Guide[];
  readonly dropIndicator: DropIndicator | null;
  readonly marquee: Rect | null;
  /** The selection's boxes while a move or resize gesture runs (the engine lays out on end). */
  readonly gestureBoxes: ReadonlyMap<ElementId, Rect> | null;
}

export interface ProjectActions {
  /** Runs a command; an engine error becomes the visible message and changes nothing. */
  run(command: Command): Applied | null;
  runBatch(commands: readonly Command[]): Applied | null;
  undo(): void;
  redo(): void;
  /** Runs a comment command (never an undo step); a refusal becomes the visible message. */
  comment(command: CommentCommand): CommentApplied | null;
  setTool(tool: Tool): void;
  openCommentThread(id: ThreadId | null): void;
  setCommentDraft(draft: CommentDraft | null): void;
  setShowResolved(show: boolean): void;
  /** Shows a component's master on the canvas to edit it (null: back to the active page). */
  editComponent(id: ElementId | null): void;
  setVariantChoice(choice: VariantChoice | null): void;
  addDraftVariant(component: ElementId, choice: VariantChoice): void;
  setComponentDraft(ids: readonly ElementId[] | null): void;
  applyDeltas(deltas: Deltas): void;
  /**
   * Pulls the engine's deltas into the store now and brings the layout up to date (the frame
   * loop calls it once per frame; an action that reads what it just wrote calls it first).
   * Returns whether anything changed.
   */
  flush(): boolean;
  /** Where each non-empty delta batch goes before the store sees it (the canvas style sheet). */
  setDeltaSink(sink: ((deltas: Deltas) => void) | null): void;
  applyBoxes(boxes: Readonly<Record<ElementId, Rect>>, removed: readonly ElementId[], replace?: boolean): void;
  select(ids: readonly ElementId[]): void;
  setHovered(id: ElementId | null): void;
  setActivePage(id: PageId): void;
  setBreakpoint(breakpoint: Breakpoint): void;
  /** Lays out the active page at the active breakpoint from scratch and replaces every box. */
  relayout(): void;
  setViewport(viewport: Partial<Viewport>): void;
  setEditingText(id: ElementId | null): void;
  setLeftPanel(panel: LeftPanel): void;
  setContextMenu(menu: ContextMenuState | null): void;
  setCheatSheetOpen(open: boolean): void;
  showMessage(code: string, message: string, tone?: MessageTone): void;
  dismissMessage(): void;
  setGesture(overlay: {
    guides?: readonly Guide[];
    dropIndicator?: DropIndicator | null;
    marquee?: Rect | null;
    gestureBoxes?: ReadonlyMap<ElementId, Rect> | null;
  }): void;
}

export type ProjectStore = ProjectState & ProjectActions & { readonly bridge: HyperBridge };

type Listener = () => void;

/** The per-element subscriptions `useElement` registers; notified only for changed ids. */
export interface ElementChannel {
  subscribe(id: ElementId, listener: Listener): () => void;
  notify(ids: Iterable<ElementId>): void;
}

function createElementChannel(): ElementChannel {
  const listeners = new Map<ElementId, Set<Listener>>();
  return {
    subscribe(id, listener) {
      let set = listeners.get(id);
      if (set === undefined) listeners.set(id, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(id);
      };
    },
    notify(ids) {
      for (const id of ids) listeners.get(id)?.forEach((l) => l());
    },
  };
}

export type ProjectStoreApi = StoreApi<ProjectStore> & { readonly channel: ElementChannel };

export const FRAME_HEIGHT = 900;

const isEmpty = (d: Deltas): boolean =>
  d.elements.length === 0 &&
  d.removed.length === 0 &&
  d.pages.length === 0 &&
  d.removed_pages.length === 0 &&
  d.assets.length === 0 &&
  d.removed_assets.length === 0 &&
  d.tokens.length === 0 &&
  d.removed_tokens.length === 0 &&
  d.project === undefined &&
  d.comments !== true;


/** `map` with `upserts` set and `removed` deleted: a new map if anything changed, else `map`. */
function patched<K, V extends { readonly id: K }>(map: ReadonlyMap<K, V>, upserts: readonly V[], removed: readonly K[]): ReadonlyMap<K, V> {
  if (upserts.length === 0 && removed.length === 0) return map;
  const next = new Map(map);
  for (const value of upserts) next.set(value.id, value);
  for (const key of removed) next.delete(key);
  return next;
}

export function createProjectStore(bridge: HyperBridge): ProjectStoreApi {
  const channel = createElementChannel();
  let sink: ((deltas: Deltas) => void) | null = null;
  let layoutPage: PageId | null = null;
  // Pages shown, most recent last: when the page on screen goes (deleted, a duplicate undone,
  // a collaborator removed it), the one shown before it comes back, not the first page.
  const shown: PageId[] = [];
  const show = (id: PageId | null): void => {
    if (id === null) return;
    const at = shown.indexOf(id);
    if (at >= 0) shown.splice(at, 1);
    shown.push(id);
    if (shown.length > 32) shown.shift();
  };
  const store = createStore<ProjectStore>()((set, get) => {
    const fail = (error: unknown): null => {
      const e = EngineError.from(error);
      get().showMessage(e.code, readableError(e));
      return null;
    };
    return {
      bridge,
      elements: new Map(),
      pages: new Map(),
      pageOrder: [],
      project: DEFAULT_PROJECT,
      assets: new Map(),
      tokens: new Map(),
      comments: [],
      docRevision: 0,
      boxes: new Map(),
      boxRevision: 0,
      canUndo: false,
      canRedo: false,
      activePage: null,
      breakpoint: 'base',
      selection: [],
      hovered: null,
      editingText: null,
      viewport: { zoom: 1, panX: 0, panY: 0 },
      leftPanel: 'insert',
      contextMenu: null,
      cheatSheetOpen: false,
      message: null,
      tool: 'select',
      openThread: null,
      commentDraft: null,
      showResolved: false,
      editingComponent: null,
      variantChoice: null,
      draftVariants: [],
      componentDraft: null,
      guides: [],
      dropIndicator: null,
      marquee: null,
      gestureBoxes: null,

      run(command) {
        try {
          return bridge.commit(command);
        } catch (error) {
          return fail(error);
        }
      },
      runBatch(commands) {
        if (commands.length === 0) return null;
        try {
          return bridge.commitBatch(commands);
        } catch (error) {
          return fail(error);
        }
      },
      undo() {
        try {
          bridge.undo();
        } catch (error) {
          fail(error);
        }
      },
      redo() {
        try {
          bridge.redo();
        } catch (error) {
          fail(error);
        }
      },

      comment(command) {
        try {
          const applied = bridge.comment(command);
          set({ comments: bridge.comments() });
          return applied;
        } catch (error) {
          return fail(error);
        }
      },
      setTool(tool) {
        set({ tool, commentDraft: null, ...(tool === 'comment' ? { selection: [], editingText: null } : {}) });
      },
      openCommentThread(id) {
        set({ openThread: id, commentDraft: null });
      },
      setCommentDraft(draft) {
        set({ commentDraft: draft, openThread: null });
      },
      setShowResolved(show) {
        set({ showResolved: show });
      },
      editComponent(id) {
        if (get().editingComponent === id) return;
        set({ editingComponent: id, variantChoice: null, selection: [], editingText: null, hovered: null, contextMenu: null });
        get().relayout();
      },
      setVariantChoice(choice) {
        set({ variantChoice: choice });
      },
      addDraftVariant(component, choice) {
        const drafts = get().draftVariants.filter((d) => !(d.component === component && d.axis === choice.axis && d.option === choice.option));
        set({ draftVariants: [...drafts, { component, ...choice }] });
      },
      setComponentDraft(ids) {
        set({ componentDraft: ids === null ? null : [...ids] });
      },

      applyDeltas(deltas) {
        const state = get();
        const changed: ElementId[] = [];
        for (const record of deltas.elements) {
          state.elements.set(record.id, record);
          changed.push(record.id);
        }
        for (const id of deltas.removed) {
          state.elements.delete(id);
          changed.push(id);
        }
        const pages = patched(state.pages, deltas.pages, deltas.removed_pages);
        const assets = patched(state.assets, deltas.assets, deltas.removed_assets);
        const tokens = patched(state.tokens, deltas.tokens, deltas.removed_tokens);
        // The page list's order is the engine's rule (order key, then id): ask it.
        const pageOrder = pages === state.pages ? state.pageOrder : bridge.pageOrder().filter((id) => pages.has(id));
        let activePage = state.activePage;
        if (activePage === null || !pages.has(activePage)) {
          activePage = shown.findLast((id) => pages.has(id)) ?? pageOrder[0] ?? null;
          show(activePage);
        }
        const removed = new Set(deltas.removed);
        // The master on the canvas went (deleted, its creation undone): back to the page.
        const editingComponent = state.editingComponent !== null && removed.has(state.editingComponent) ? null : state.editingComponent;
        const selection = removed.size > 0 ? state.selection.filter((id) => !removed.has(id)) : state.selection;
        set({
          pages,
          pageOrder,
          assets,
          tokens,
          project: deltas.project ?? state.project,
          ...(deltas.comments === true ? { comments: bridge.comments() } : {}),
          activePage,
          editingComponent,
          ...(editingComponent === state.editingComponent ? {} : { variantChoice: null }),
          selection,
          editingText: state.editingText !== null && removed.has(state.editingText) ? null : state.editingText,
          docRevision: state.docRevision + 1,
          canUndo: bridge.canUndo(),
          canRedo: bridge.canRedo(),
        });
        channel.notify(changed);
        if (activePage !== state.activePage || editingComponent !== state.editingComponent) get().relayout();
      },

      flush() {
        if (!bridge.hasProject()) return false;
        const deltas = bridge.takeDeltas();
        const changed = !isEmpty(deltas);
        if (changed) {
          sink?.(deltas);
          get().applyDeltas(deltas);
        }
        // A gesture's commands are previews: the document, hence the layout, did not change.
        if ((changed && !bridge.inGesture()) || get().boxes.size === 0) {
          const result = bridge.layout();
          let any = result.removed.length > 0;
          for (const _ in result.boxes) {
            any = true;
            break;
          }
          if (any) get().applyBoxes(result.boxes, result.removed);
        }
        return changed;
      },
      setDeltaSink(next) {
        sink = next;
      },

      applyBoxes(boxes, removed, replace = false) {
        const map = get().boxes;
        if (replace) map.clear();
        for (const id of removed) map.delete(id);
        for (const id in boxes) {
          const box = boxes[id];
          if (box !== undefined) map.set(id, box);
        }
        set({ boxRevision: get().boxRevision + 1 });
      },

      select(ids) {
        const current = get().selection;
        if (current.length === ids.length && current.every((id, i) => id === ids[i])) return;
        set({ selection: [...ids], contextMenu: null });
      },
      setHovered(id) {
        if (get().hovered !== id) set({ hovered: id });
      },
      setActivePage(id) {
        // Opening a page (the one shown included) leaves a master being edited.
        if (get().activePage === id && get().editingComponent === null) return;
        show(id);
        set({ activePage: id, editingComponent: null, variantChoice: null, selection: [], editingText: null, hovered: null });
        get().relayout();
      },
      setBreakpoint(breakpoint) {
        if (get().breakpoint === breakpoint) return;
        set({ breakpoint });
        get().relayout();
      },
      relayout() {
        const { activePage, breakpoint, editingComponent } = get();
        if (!bridge.hasProject() || activePage === null) return;
        // A master is laid out like a page: its root is the master root.
        const shownPage = editingComponent ?? activePage;
        try {
          const first = layoutPage === null;
          const pageChanged = layoutPage !== shownPage;
          layoutPage = shownPage;
          bridge.setLayoutPage(shownPage);
          bridge.setBreakpoint(breakpoint, FRAME_HEIGHT);
          // The engine answers with the boxes that changed since its last layout: the first
          // layout is every box, and after a breakpoint switch the others still hold. Only a
          // page switch needs the whole set again.
          const result = bridge.layout();
          if (pageChanged && !first) get().applyBoxes(bridge.allBoxes(), [], true);
          else get().applyBoxes(result.boxes, result.removed, first);
        } catch (error) {
          fail(error);
        }
      },
      setViewport(viewport) {
        set({ viewport: { ...get().viewport, ...viewport } });
      },
      setEditingText(id) {
        set({ editingText: id });
      },
      setLeftPanel(panel) {
        set({ leftPanel: panel });
      },
      setContextMenu(menu) {
        set({ contextMenu: menu });
      },
      setCheatSheetOpen(open) {
        set({ cheatSheetOpen: open });
      },
      showMessage(code, message, tone = 'error') {
        set({ message: { code, message, tone, at: Date.now() } });
      },
      dismissMessage() {
        set({ message: null });
      },
      setGesture(overlay) {
        set(overlay);
      },
    };
  });
  return Object.assign(store, { channel });
}

/** A sentence a designer can read for each engine refusal. */
export function readableError(error: EngineError): string {
  switch (error.code) {
    case 'would_create_cycle':
      return 'An element cannot be moved inside itself.';
    case 'invalid_value': {
      const field = typeof error.details.field === 'string' ? error.details.field : 'value';
      const reason = typeof error.details.reason === 'string' ? `: ${error.details.reason}` : '';
      return `That ${field} value is not valid${reason}.`;
    }
    case 'unknown_element':
      return 'That element no longer exists.';
    case 'wrong_kind':
      return 'That element cannot hold children or content of this kind.';
    case 'page_root':
      return 'The page body cannot be moved, grouped or deleted.';
    case 'last_page':
      return 'A project needs at least one page.';
    case 'cross_page':
      return 'Elements cannot be moved between pages.';
    case 'invalid_id':
      return 'That id is not valid.';
    case 'anchor_taken': {
      const anchor = typeof error.details.anchor === 'string' ? error.details.anchor : '';
      return `Another element on this page already has the anchor “${anchor}”: choose another.`;
    }
    case 'unknown_thread':
      return 'That comment thread no longer exists.';
    case 'unknown_message':
      return 'That comment no longer exists.';
    case 'not_author':
      return 'Only its author can delete a comment.';
    case 'undo_overwritten':
      return 'Nothing changed: a collaborator has since changed everything that step touched. The step is skipped; press again to go one step further.';
    case 'read_only':
      return error.message;
    case 'component_name_taken': {
      const name = typeof error.details.name === 'string' ? error.details.name : '';
      return `A component named “${name}” exists already: choose another name.`;
    }
    case 'inside_instance':
      return 'That element belongs to a component: edit the component, or detach the instance.';
    case 'component_contains_itself':
      return 'A component cannot contain an instance of itself.';
    default:
      return error.message;
  }
}

// ---- React access ---------------------------------------------------------------------------

export const ProjectStoreContext = createContext<ProjectStoreApi | null>(null);

export function useProjectStoreApi(): ProjectStoreApi {
  const api = useContext(ProjectStoreContext);
  if (api === null) throw new Error('useProjectStore outside <ProjectStoreContext.Provider>');
  return api;
}

/** Reads a slice of the project store; re-renders when the slice changes (Object.is). */
export function useProjectStore<T>(selector: (state: ProjectStore) => T): T {
  return useStore(useProjectStoreApi(), selector);
}

/** One element's record; re-renders only when a delta names this element. */
export function useElement(id: ElementId): ElementRecord | undefined {
  const api = useProjectStoreApi();
  return useSyncExternalStore(
    (listener) => api.channel.subscribe(id, listener),
    () => api.getState().elements.get(id),
  );
}
