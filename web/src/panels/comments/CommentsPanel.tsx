// Comments: every thread of the project, open ones first — its first message, author, reply
// count and page. Clicking one goes to its page, brings its pin into view and opens it.
import { useState } from 'react';
import type { Thread } from '../../bridge/types';
import { threadsForList } from '../../lib/comments';
import { useProjectStore, useProjectStoreApi, type ProjectStoreApi } from '../../store/projectStore';

/** Opens a thread: its page, its pin in the middle of the view, the thread shown. */
function openThread(api: ProjectStoreApi, thread: Thread): void {
  const state = api.getState();
  if (state.activePage !== thread.page) state.setActivePage(thread.page);
  if (thread.resolved && !state.showResolved) state.setShowResolved(true);
  const box = thread.element == null ? undefined : api.getState().boxes.get(thread.element);
  const at = thread.element == null ? { x: thread.x, y: thread.y } : box === undefined ? null : { x: box.x + thread.x, y: box.y + thread.y };
  const view = document.querySelector<HTMLElement>('[data-testid="canvas"]');
  if (at !== null && view !== null) {
    const { zoom } = api.getState().viewport;
    api.getState().setViewport({ panX: view.clientWidth / 2 - at.x * zoom, panY: view.clientHeight / 3 - at.y * zoom });
  }
  api.getState().openCommentThread(thread.id);
}

export function CommentsPanel() {
  const api = useProjectStoreApi();
  const comments = useProjectStore((s) => s.comments);
  const pages = useProjectStore((s) => s.pages);
  const open = useProjectStore((s) => s.openThread);
  const showResolved = useProjectStore((s) => s.showResolved);
  const [filter, setFilter] = useState<'open' | 'all'>('open');
  const listed = threadsForList(comments).filter((t) => filter === 'all' || !t.resolved);
  const openCount = comments.filter((t) => !t.resolved).length;
  return (
    <div className="panel-body comments-panel" data-testid="comments-panel">
      <div className="comments-panel-bar">
        <button type="button" aria-pressed={filter === 'open'} onClick={() => setFilter('open')}>
          Open ({openCount})
        </button>
        <button type="button" aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>
          All ({comments.length})
        </button>
        <label>
          <input type="checkbox" checked={showResolved} onChange={(e) => api.getState().setShowResolved(e.target.checked)} /> Show resolved on canvas
        </label>
      </div>
      {listed.length === 0 ? (
        <p className="panel-empty">
          {comments.length === 0 ? 'No comments yet. Pick Comment in the top bar (C) and click the canvas.' : 'No open comments.'}
        </p>
      ) : (
        <ul className="comment-list">
          {listed.map((t) => {
            const first = t.messages[0];
            const replies = Math.max(0, t.messages.length - 1);
            return (
              <li key={t.id}>
                <button
                  type="button"
                  className={`comment-entry${open === t.id ? ' active' : ''}${t.resolved ? ' resolved' : ''}`}
                  data-testid="comment-entry"
                  data-thread={t.id}
                  data-resolved={t.resolved}
                  onClick={() => openThread(api, t)}
                >
                  <span className="comment-entry-head">
                    <strong>{t.author_name}</strong>
                    <span className="muted">{pages.get(t.page)?.name ?? ''}</span>
                    {t.resolved && <span className="comment-badge">Resolved</span>}
                  </span>
                  <span className="comment-entry-text">{first?.text ?? ''}</span>
                  <span className="muted">{replies === 1 ? '1 reply' : `${replies} replies`}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
