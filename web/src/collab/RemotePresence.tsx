// The canvas overlay's share of presence: other users' cursors (an arrow and their name in their
// colour) and their selections outlined in that colour, placed from page coordinates through my
// zoom and pan. It also reports my own pointer (in page coordinates) and view size to the room.
import { memo, useEffect, useRef } from 'react';
import type { Rect } from '../bridge/types';
import { toScreen } from '../canvas/geometry';
import { toPage } from '../lib/viewport';
import { useProjectStore, useProjectStoreApi } from '../store/projectStore';
import { useCollaborators, useLive } from './liveContext';
import type { Collaborator } from './presence';

const place = (r: Rect): React.CSSProperties => ({ transform: `translate(${r.x}px, ${r.y}px)`, width: r.width, height: r.height });

const RemoteUser = memo(function RemoteUser({ user }: { user: Collaborator }) {
  const viewport = useProjectStore((s) => s.viewport);
  const boxes = useProjectStore((s) => s.boxes);
  useProjectStore((s) => s.boxRevision);
  const cursor = user.cursor === null ? null : toScreen(viewport, { x: user.cursor.x, y: user.cursor.y, width: 0, height: 0 });
  return (
    <>
      {user.selection.map((id) => {
        const box = boxes.get(id);
        return box === undefined ? null : (
          <div
            key={id}
            className="ov-remote-selection"
            data-testid="remote-selection"
            data-element={id}
            data-user={user.user.name}
            style={{ ...place(toScreen(viewport, box)), outlineColor: user.user.color }}
          />
        );
      })}
      {cursor !== null && (
        <div className="ov-remote-cursor" data-testid="remote-cursor" data-user={user.user.name} style={{ transform: `translate(${cursor.x}px, ${cursor.y}px)` }}>
          <svg width="16" height="18" viewBox="0 0 16 18" aria-hidden="true">
            <path d="M1 1 L1 15 L5 11 L8 17 L10.5 16 L7.5 10 L13 10 Z" fill={user.user.color} stroke="#fff" strokeWidth="1.2" />
          </svg>
          <span className="ov-remote-name" style={{ background: user.user.color }}>
            {user.user.name}
          </span>
        </div>
      )}
    </>
  );
});

/** Inside the canvas overlay; renders nothing when the project is not live. */
export function RemotePresence() {
  const live = useLive();
  const api = useProjectStoreApi();
  const users = useCollaborators(live);
  const page = useProjectStore((s) => s.activePage);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const view = ref.current?.parentElement?.parentElement;
    if (live === null || view == null) return;
    const move = (e: PointerEvent): void => {
      const rect = view.getBoundingClientRect();
      live.setCursor(toPage(api.getState().viewport, { x: e.clientX - rect.left, y: e.clientY - rect.top }));
    };
    const leave = (): void => live.setCursor(null);
    const resize = new ResizeObserver(() => live.setViewSize(view.clientWidth, view.clientHeight));
    resize.observe(view);
    live.setViewSize(view.clientWidth, view.clientHeight);
    view.addEventListener('pointermove', move);
    view.addEventListener('pointerleave', leave);
    return () => {
      resize.disconnect();
      view.removeEventListener('pointermove', move);
      view.removeEventListener('pointerleave', leave);
    };
  }, [live, api]);

  if (live === null) return null;
  return (
    <div ref={ref} className="ov-presence" data-testid="remote-presence">
      {users
        .filter((u) => u.page === page)
        .map((u) => (
          <RemoteUser key={u.client} user={u} />
        ))}
    </div>
  );
}
