// The canvas: the active page as real DOM inside a zoomable, pannable viewport, with the overlay
// layer above it. Pointer input goes to CanvasGestures; the page's own elements never receive it.
import { useCallback, useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useAssetServices } from '../assets/assetServices';
import { claimPaste, insertPreset, insertTarget } from '../lib/actions';
import { hasText, presetById } from '../lib/presets';
import { FRAME_WIDTH } from '../bridge/types';
import { COMPONENT_MIME, PRESET_MIME } from '../lib/dragData';
import { editComponentOf, insertInstance, instanceFor } from '../lib/componentActions';
import { MasterBar } from './MasterBar';
import { fitViewport, toPage, wheelZoomFactor, zoomAround, type Point } from '../lib/viewport';
import { useProjectStore, useProjectStoreApi, FRAME_HEIGHT, type ProjectStoreApi } from '../store/projectStore';
import { CanvasElement } from './CanvasElement';
import { pageLanguage } from '../lib/documentTags';
import './reset.css';
import type { Handle } from './geometry';
import { CanvasGestures } from './gestures';
import { Overlay } from './Overlay';
import { startTextEditing, stopTextEditing } from './textEditing';

/**
 * The Comment tool's click: a draft pinned to the element under the pointer (its position
 * relative to the element's box), or to the page point on the page's body or empty canvas.
 */
function placeComment(api: ProjectStoreApi, p: Point): void {
  const state = api.getState();
  const page = state.activePage === null ? undefined : state.pages.get(state.activePage);
  if (page === undefined) return;
  const id = state.bridge.hitTest(p.x, p.y);
  const box = id === undefined || id === page.root ? undefined : state.boxes.get(id);
  if (id !== undefined && box !== undefined) {
    state.setCommentDraft({ page: page.id, element: id, x: p.x - box.x, y: p.y - box.y });
  } else {
    state.setCommentDraft({ page: page.id, element: null, x: p.x, y: p.y });
  }
}

/**
 * `overlay`: more layers for the overlay (other users' presence, collab/); `above`: layers over
 * it that take pointer input of their own (comment pins and threads, comments/).
 */
export function Canvas({ overlay, above }: { overlay?: ReactNode; above?: ReactNode } = {}) {
  const api = useProjectStoreApi();
  const viewRef = useRef<HTMLDivElement>(null);
  const spaceDown = useRef(false);
  const page = useProjectStore((s) => (s.activePage === null ? undefined : s.pages.get(s.activePage)));
  const project = useProjectStore((s) => s.project);
  const language = pageLanguage(project, page);
  const breakpoint = useProjectStore((s) => s.breakpoint);
  const viewport = useProjectStore((s) => s.viewport);
  const frameWidth = FRAME_WIDTH[breakpoint];
  const editing = useProjectStore((s) => s.editingComponent);
  const master = useProjectStore((s) => (s.editingComponent === null ? undefined : s.elements.get(s.editingComponent)));
  const empty = useProjectStore((s) => {
    const root = s.activePage === null ? undefined : s.pages.get(s.activePage)?.root;
    return s.editingComponent === null && root !== undefined && s.elements.get(root)?.children.length === 0;
  });
  const root = page?.root;

  const viewportPoint = useCallback((e: { clientX: number; clientY: number }): Point => {
    const rect = viewRef.current?.getBoundingClientRect();
    return { x: e.clientX - (rect?.left ?? 0), y: e.clientY - (rect?.top ?? 0) };
  }, []);
  const { uploads } = useAssetServices();
  const gestures = useRef<CanvasGestures | null>(null);
  gestures.current ??= new CanvasGestures(api, viewportPoint);

  // Fit the frame when the breakpoint (frame width) changes.
  useLayoutEffect(() => {
    const view = viewRef.current;
    if (view !== null) api.getState().setViewport(fitViewport(view, frameWidth));
  }, [api, frameWidth]);

  // Wheel: pinch or ctrl/cmd zooms around the pointer; otherwise it pans. Not passive.
  useEffect(() => {
    const view = viewRef.current;
    if (view === null) return;
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault();
      const state = api.getState();
      if (e.ctrlKey || e.metaKey) {
        state.setViewport(zoomAround(state.viewport, wheelZoomFactor(e), viewportPoint(e)));
      } else {
        const dx = e.shiftKey && e.deltaX === 0 ? e.deltaY : e.deltaX;
        const dy = e.shiftKey && e.deltaX === 0 ? 0 : e.deltaY;
        state.setViewport({ panX: state.viewport.panX - dx, panY: state.viewport.panY - dy });
      }
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.code !== 'Space') return;
      const target = e.target as HTMLElement | null;
      if (target !== null && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      spaceDown.current = e.type === 'keydown';
      view.classList.toggle('panning', spaceDown.current);
      if (e.type === 'keydown') e.preventDefault();
    };
    // Escape during a drag or resize drops it (before the shortcut table sees the key).
    const onEscape = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && gestures.current?.cancel() === true) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    view.addEventListener('wheel', onWheel, { passive: false });
    window.addEventListener('keydown', onEscape, true);
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKey);
    return () => {
      view.removeEventListener('wheel', onWheel);
      window.removeEventListener('keydown', onEscape, true);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKey);
    };
  }, [api, viewportPoint]);

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>): void => {
    const g = gestures.current;
    if (g === null) return;
    const state = api.getState();
    if (state.contextMenu !== null) state.setContextMenu(null);
    const target = e.target as HTMLElement;
    if (state.editingText !== null && target.closest('[contenteditable]') !== null) return;
    if (e.button === 2) return;
    e.preventDefault();
    (document.activeElement as HTMLElement | null)?.blur?.();
    viewRef.current?.focus({ preventScroll: true });
    e.currentTarget.setPointerCapture(e.pointerId);
    if (e.button === 1 || spaceDown.current) {
      g.startPan(e.nativeEvent);
      return;
    }
    if (e.button !== 0) return;
    stopTextEditing(true);
    if (state.tool === 'comment') {
      placeComment(api, toPage(state.viewport, viewportPoint(e)));
      return;
    }
    const handle = target.dataset.handle as Handle | undefined;
    if (handle !== undefined) g.startResize(e.nativeEvent, handle);
    else g.press(e.nativeEvent);
  };

  const onDoubleClick = (e: React.MouseEvent<HTMLDivElement>): void => {
    const state = api.getState();
    const p = toPage(state.viewport, viewportPoint(e));
    const id = state.bridge.hitTest(p.x, p.y);
    const el = id === undefined ? undefined : state.elements.get(id);
    if (id === undefined || el === undefined) return;
    // Inside an instance, a text is edited in place (an override); anything else opens the master.
    const textual = hasText(el.kind) && el.children.length === 0;
    if (!textual && instanceFor(api, id) !== null) {
      editComponentOf(api, id);
      return;
    }
    if (!textual || el.locked) return;
    const node = viewRef.current?.querySelector<HTMLElement>(`[data-omnios-id="${CSS.escape(id)}"]`);
    if (node == null) return;
    state.select([id]);
    startTextEditing(api, id, node);
  };

  const onContextMenu = (e: React.MouseEvent<HTMLDivElement>): void => {
    e.preventDefault();
    const state = api.getState();
    const p = toPage(state.viewport, viewportPoint(e));
    const id = state.bridge.hitTest(p.x, p.y);
    if (id !== undefined && !state.selection.includes(id)) state.select([id]);
    state.setContextMenu({ x: e.clientX, y: e.clientY });
  };

  // Files pasted from the system clipboard (a screenshot, a copied photo) go in like an
  // insert: into the selected container or after the selection. Typing fields keep theirs.
  useEffect(() => {
    const onPaste = (e: ClipboardEvent): void => {
      const files = [...(e.clipboardData?.files ?? [])];
      const target = e.target as HTMLElement | null;
      if (files.length === 0 || (target !== null && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)))) return;
      e.preventDefault();
      claimPaste();
      const at = insertTarget(api);
      void uploads.add(files, at === null ? { kind: 'library' } : { kind: 'page', ...at });
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [api, uploads]);

  const onDragOver = (e: React.DragEvent<HTMLDivElement>): void => {
    const files = e.dataTransfer.types.includes('Files');
    if (!files && !e.dataTransfer.types.includes(PRESET_MIME) && !e.dataTransfer.types.includes(COMPONENT_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    const state = api.getState();
    const p = toPage(state.viewport, viewportPoint(e));
    state.setGesture({ dropIndicator: state.bridge.dropTarget(p.x, p.y, [], e.altKey) });
  };
  const onDrop = (e: React.DragEvent<HTMLDivElement>): void => {
    const preset = presetById(e.dataTransfer.getData(PRESET_MIME));
    const state = api.getState();
    const p = toPage(state.viewport, viewportPoint(e));
    const drop = state.bridge.dropTarget(p.x, p.y, [], e.altKey);
    state.setGesture({ dropIndicator: null });
    // Files from the desktop: each becomes an asset, images an image where the indicator was.
    const files = [...e.dataTransfer.files];
    if (files.length > 0) {
      e.preventDefault();
      const at = drop ?? insertTarget(api);
      void uploads.add(files, at === null ? { kind: 'library' } : { kind: 'page', parent: at.parent, ...(at.index !== undefined ? { index: at.index } : {}) });
      return;
    }
    const component = e.dataTransfer.getData(COMPONENT_MIME);
    if (component !== '' && drop !== null) {
      e.preventDefault();
      insertInstance(api, component, { parent: drop.parent, index: drop.index });
      return;
    }
    if (preset === undefined || drop === null) return;
    e.preventDefault();
    insertPreset(api, preset, { parent: drop.parent, index: drop.index });
  };

  return (
    <div
      ref={viewRef}
      className="viewport"
      data-testid="canvas"
      aria-label="Canvas"
      role="application"
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={(e) => gestures.current?.move(e.nativeEvent)}
      onPointerUp={() => gestures.current?.release()}
      onPointerCancel={() => gestures.current?.cancel()}
      onPointerLeave={() => gestures.current?.active || api.getState().setHovered(null)}
      onDoubleClick={onDoubleClick}
      onContextMenu={onContextMenu}
      onDragOver={onDragOver}
      onDragLeave={() => api.getState().setGesture({ dropIndicator: null })}
      onDrop={onDrop}
    >
      <div
        className="stage"
        style={{ transform: `translate(${viewport.panX}px, ${viewport.panY}px) scale(${viewport.zoom})` }}
      >
        <div
          className="frame"
          data-breakpoint={breakpoint}
          lang={language.lang}
          dir={language.dir}
          style={{ width: frameWidth, minHeight: FRAME_HEIGHT }}
        >
          {editing !== null ? (
            // A master root is no page body: this wrapper gives it the page's reset, as the engine lays it out.
            <div className="omnios-page">
              <CanvasElement key={editing} id={editing} />
            </div>
          ) : (
            root !== undefined && <CanvasElement key={root} id={root} />
          )}
        </div>
      </div>
      <div
        className="frame-label"
        style={{ transform: `translate(${viewport.panX}px, ${viewport.panY - 24}px)`, width: frameWidth * viewport.zoom }}
      >
        <span>{editing !== null ? `Component: ${master?.name ?? ''}` : (page?.name ?? '')}</span>
        <span>
          {breakpoint === 'base' ? 'Desktop' : breakpoint === 'tablet' ? 'Tablet' : 'Mobile'} · {frameWidth} px
        </span>
      </div>
      {empty && (
        <div
          className="canvas-empty"
          style={{ transform: `translate(${viewport.panX}px, ${viewport.panY}px)`, width: frameWidth * viewport.zoom }}
        >
          <strong>This page is empty</strong>
          <span>Add a section from the Insert panel, or drag one here.</span>
        </div>
      )}
      <Overlay>{overlay}</Overlay>
      {above}
      {editing !== null && <MasterBar component={editing} />}
    </div>
  );
}
