// The top bar: brand, the open page, the breakpoint switcher, the Comment tool, zoom, undo and
// redo, shortcuts.
import type { ReactNode } from 'react';
import type { Breakpoint } from '../bridge/types';
import { useProjectStore, useProjectStoreApi } from '../store/projectStore';
import { Icon, type IconName } from './Icon';
import { zoomTo, zoomToFit } from './shortcuts';
import { FRAME_WIDTH } from '../bridge/types';

const BREAKPOINT_BUTTONS: readonly { id: Breakpoint; label: string; icon: IconName }[] = [
  { id: 'base', label: 'Desktop', icon: 'desktop' },
  { id: 'tablet', label: 'Tablet', icon: 'tablet' },
  { id: 'mobile', label: 'Mobile', icon: 'mobile' },
];

/** `people`: who is here and the live status (collab/), first on the right. */
export function TopBar({ version, project, people }: { version: string; project?: ReactNode; people?: ReactNode }) {
  const api = useProjectStoreApi();
  const breakpoint = useProjectStore((s) => s.breakpoint);
  const zoom = useProjectStore((s) => s.viewport.zoom);
  const canUndo = useProjectStore((s) => s.canUndo);
  const canRedo = useProjectStore((s) => s.canRedo);
  const commenting = useProjectStore((s) => s.tool === 'comment');
  const pageName = useProjectStore((s) => (s.activePage === null ? '' : (s.pages.get(s.activePage)?.name ?? '')));
  return (
    <header className="toolbar topbar">
      <div className="topbar-left">
        <span className="brand" aria-label="OMNIOS">
          <span className="brand-mark" aria-hidden="true">◆</span> OMNIOS
        </span>
        <span className="topbar-sep" />
        {project}
        <button type="button" className="page-chip" onClick={() => api.getState().setLeftPanel('pages')} aria-label={`Page: ${pageName}`}>
          <span className="muted">Page</span> {pageName}
        </button>
      </div>
      <div className="topbar-center" role="group" aria-label="Breakpoint">
        {BREAKPOINT_BUTTONS.map((b) => (
          <button
            key={b.id}
            type="button"
            className={`bp-button${breakpoint === b.id ? ' active' : ''}`}
            aria-pressed={breakpoint === b.id}
            aria-label={`${b.label} (${FRAME_WIDTH[b.id]} px)`}
            title={`${b.label} · ${FRAME_WIDTH[b.id]} px`}
            data-breakpoint={b.id}
            onClick={() => api.getState().setBreakpoint(b.id)}
          >
            <Icon name={b.icon} />
            <span className="bp-label">{b.label}</span>
          </button>
        ))}
      </div>
      <div className="topbar-right">
        {people}
        <button
          type="button"
          className={`tool-button${commenting ? ' active' : ''}`}
          aria-pressed={commenting}
          title="Comment (C)"
          data-testid="comment-tool"
          onClick={() => api.getState().setTool(commenting ? 'select' : 'comment')}
        >
          Comment
        </button>
        <button type="button" className="icon-button" aria-label="Undo" title="Undo (⌘/Ctrl Z)" disabled={!canUndo} onClick={() => api.getState().undo()}>
          <Icon name="undo" />
        </button>
        <button type="button" className="icon-button" aria-label="Redo" title="Redo (⇧⌘/Ctrl Z)" disabled={!canRedo} onClick={() => api.getState().redo()}>
          <Icon name="redo" />
        </button>
        <span className="topbar-sep" />
        <button type="button" className="icon-button" aria-label="Zoom out" onClick={() => zoomTo(api, zoom / 1.25)}>
          −
        </button>
        <button type="button" className="zoom-value" aria-label="Zoom to fit" title="Zoom to fit (⇧1)" data-testid="zoom" onClick={() => zoomToFit(api)}>
          {Math.round(zoom * 100)}%
        </button>
        <button type="button" className="icon-button" aria-label="Zoom in" onClick={() => zoomTo(api, zoom * 1.25)}>
          +
        </button>
        <span className="topbar-sep" />
        <button type="button" className="icon-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => api.getState().setCheatSheetOpen(true)}>
          <Icon name="keyboard" />
        </button>
        <span className="engine engine-ready" data-testid="engine-version" title="Engine version">
          {version}
        </span>
      </div>
    </header>
  );
}
