// Comments on the canvas: a pin per thread of the active page (the author's initial), following
// its element through zoom, pan and moves; the composer where the Comment tool clicked; the open
// thread (messages, reply, Resolve / Reopen, Delete for what I wrote). Resolved threads show only with "Show resolved".
// Pointer input on this layer stays here: the canvas's gestures never see it.
import { memo, useState } from 'react';
import type { Rect, Thread, UserId } from '../bridge/types';
import { textRuns } from '../lib/comments';
import { useProjectStore, useProjectStoreApi, type ProjectStore } from '../store/projectStore';
import { Composer } from './Composer';
import { useMembers } from './members';

/** Where a thread's pin sits on the page: its element's box plus the offset, or the page point. */
function pinPoint(state: Pick<ProjectStore, 'boxes'>, thread: { element?: string | null; x: number; y: number }): { x: number; y: number } | null {
  if (thread.element == null) return { x: thread.x, y: thread.y };
  const box: Rect | undefined = state.boxes.get(thread.element);
  return box === undefined ? null : { x: box.x + thread.x, y: box.y + thread.y };
}

const initial = (name: string): string => (name.trim()[0] ?? '?').toUpperCase();

const stop = (e: React.PointerEvent | React.MouseEvent): void => e.stopPropagation();

export function MessageText({ text, mentions }: { text: string; mentions: readonly UserId[] }) {
  const members = useMembers();
  return (
    <p className="comment-text">
      {textRuns(text, mentions, members).map((run, i) =>
        run.kind === 'mention' ? (
          <mark key={i} className="mention" data-testid="mention" data-user={run.id}>
            {run.text}
          </mark>
        ) : (
          <span key={i}>{run.text}</span>
        ),
      )}
    </p>
  );
}

/**
 * Deletes what `label` names after a second click (a comment is no undo step, so it asks first):
 * "Delete" turns into "Delete for everyone?" with Cancel beside it.
 */
function DeleteButton({ label, onDelete }: { label: string; onDelete: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="comment-delete" aria-label={label} onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  }
  return (
    <span className="comment-delete-confirm" role="group" aria-label={label}>
      <button type="button" className="danger" onClick={onDelete}>
        Delete for everyone?
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

function ThreadCard({ thread }: { thread: Thread }) {
  const api = useProjectStoreApi();
  const state = api.getState();
  // Only an author may delete what they wrote (the engine and the live room check it too).
  const me = state.bridge.localUserId();
  const deleteThread = (): void => {
    if (state.comment({ type: 'delete_thread', thread: thread.id }) !== null) state.openCommentThread(null);
  };
  return (
    <section
      className="comment-card"
      role="dialog"
      aria-label={`Comment thread by ${thread.author_name}`}
      data-testid="comment-thread"
      data-thread={thread.id}
      data-resolved={thread.resolved}
    >
      <header className="comment-card-head">
        <span>{thread.resolved ? 'Resolved' : 'Open'}</span>
        <button
          type="button"
          onClick={() => state.comment({ type: thread.resolved ? 'reopen_thread' : 'resolve_thread', thread: thread.id })}
        >
          {thread.resolved ? 'Reopen' : 'Resolve'}
        </button>
        {thread.author === me && <DeleteButton label="Delete thread" onDelete={deleteThread} />}
        <button type="button" aria-label="Close thread" onClick={() => state.openCommentThread(null)}>
          ×
        </button>
      </header>
      <ol className="comment-messages">
        {thread.messages.map((m, index) => (
          <li key={m.id} data-testid="comment-message" data-message={m.id}>
            <div className="comment-meta">
              <span className="comment-avatar" aria-hidden="true">
                {initial(m.author_name)}
              </span>
              <strong>{m.author_name}</strong>
              <time dateTime={new Date(m.at).toISOString()}>{new Date(m.at).toLocaleString()}</time>
              {/* The first message is the thread's: it goes with the thread. */}
              {index > 0 && m.author === me && (
                <DeleteButton label="Delete reply" onDelete={() => state.comment({ type: 'delete_message', id: m.id })} />
              )}
            </div>
            <MessageText text={m.text} mentions={m.mentions} />
          </li>
        ))}
      </ol>
      <Composer
        label="Reply"
        action="Reply"
        onPost={(text, mentions) => state.comment({ type: 'reply', thread: thread.id, text, mentions }) !== null}
      />
    </section>
  );
}

const Pins = memo(function Pins() {
  const api = useProjectStoreApi();
  const page = useProjectStore((s) => s.activePage);
  const comments = useProjectStore((s) => s.comments);
  const showResolved = useProjectStore((s) => s.showResolved);
  const openThread = useProjectStore((s) => s.openThread);
  const viewport = useProjectStore((s) => s.viewport);
  const boxes = useProjectStore((s) => s.boxes);
  useProjectStore((s) => s.boxRevision);
  const shown = comments.filter((t) => t.page === page && (showResolved || !t.resolved || t.id === openThread));
  return (
    <>
      {shown.map((t) => {
        const at = pinPoint({ boxes }, t);
        if (at === null) return null;
        const x = Math.round(viewport.panX + at.x * viewport.zoom);
        const y = Math.round(viewport.panY + at.y * viewport.zoom);
        const first = t.messages[0]?.text ?? '';
        return (
          <div key={t.id} className="comment-anchor" style={{ transform: `translate(${x}px, ${y}px)` }}>
            <button
              type="button"
              className={`comment-pin${t.resolved ? ' resolved' : ''}${openThread === t.id ? ' open' : ''}`}
              data-testid="comment-pin"
              data-thread={t.id}
              data-resolved={t.resolved}
              aria-label={`Comment by ${t.author_name}: ${first.slice(0, 80)}`}
              aria-expanded={openThread === t.id}
              onClick={() => api.getState().openCommentThread(openThread === t.id ? null : t.id)}
            >
              {initial(t.author_name)}
            </button>
            {openThread === t.id && <ThreadCard thread={t} />}
          </div>
        );
      })}
    </>
  );
});

function Draft() {
  const api = useProjectStoreApi();
  const draft = useProjectStore((s) => s.commentDraft);
  const viewport = useProjectStore((s) => s.viewport);
  const boxes = useProjectStore((s) => s.boxes);
  if (draft === null) return null;
  const at = pinPoint({ boxes }, draft);
  if (at === null) return null;
  const x = Math.round(viewport.panX + at.x * viewport.zoom);
  const y = Math.round(viewport.panY + at.y * viewport.zoom);
  return (
    <div className="comment-anchor" style={{ transform: `translate(${x}px, ${y}px)` }}>
      <span className="comment-pin draft" aria-hidden="true">
        +
      </span>
      <section className="comment-card" role="dialog" aria-label="New comment" data-testid="comment-composer">
        <Composer
          label="Comment"
          action="Post"
          autoFocus
          onCancel={() => api.getState().setCommentDraft(null)}
          onPost={(text, mentions) => {
            const state = api.getState();
            const applied = state.comment({
              type: 'start_thread',
              page: draft.page,
              element: draft.element,
              x: draft.x,
              y: draft.y,
              text,
              mentions,
            });
            if (applied === null) return false;
            state.openCommentThread(applied.thread ?? null);
            return true;
          }}
        />
      </section>
    </div>
  );
}

/** The layer: above the canvas overlay, inside the canvas viewport. */
export function CommentLayer() {
  const api = useProjectStoreApi();
  const commenting = useProjectStore((s) => s.tool === 'comment');
  const showResolved = useProjectStore((s) => s.showResolved);
  return (
    <div className={`comment-layer${commenting ? ' commenting' : ''}`} onPointerDown={stop} onDoubleClick={stop} onContextMenu={stop}>
      <Pins />
      <Draft />
      {commenting && (
        <label className="show-resolved">
          <input type="checkbox" checked={showResolved} onChange={(e) => api.getState().setShowResolved(e.target.checked)} /> Show resolved
        </label>
      )}
    </div>
  );
}
