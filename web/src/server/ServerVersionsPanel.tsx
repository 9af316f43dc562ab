// The Versions panel of a server project: the versions the server keeps, newest first. "Save
// version" asks the server to keep its own copy of the document (the client sends a name, never
// bytes); restoring loads a version's document from the server and restores it through the
// engine as one undoable forward edit, which the room sends to everyone. When another member
// saves one, their presence carries its id (`versions`, collab/presence.ts) and this list is
// read again: no reload, no polling, no message type of our own.
import { useCallback, useEffect, useState } from 'react';
import type { Deltas } from '../bridge/types';
import type { LiveSession } from '../collab/live';
import { useCollaborators, useLive } from '../collab/liveContext';
import { VersionPreview } from '../lib/VersionPreview';
import { useProjectStoreApi } from '../store/projectStore';
import { failureText, type ServerVersion } from './api';
import type { ServerAccess } from './serverAccess';

/** How many versions one request lists (the newest). */
const PAGE = 50;

/** Resolves once the room acknowledged every local edit (or after `timeoutMs`, or when not live). */
function acknowledged(live: LiveSession | null, timeoutMs = 10_000): Promise<void> {
  if (live === null || !live.status().unsynced) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stop();
      clearTimeout(timer);
      resolve();
    };
    const stop = live.subscribe(() => {
      if (!live.status().unsynced) done();
    });
    const timer = setTimeout(done, timeoutMs);
  });
}

export function ServerVersionsPanel({ access }: { access: ServerAccess }) {
  const { api, project } = access;
  const store = useProjectStoreApi();
  const live = useLive();
  const collaborators = useCollaborators(live);
  const [versions, setVersions] = useState<readonly ServerVersion[] | null>(null);
  const [more, setMore] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [preview, setPreview] = useState<{ id: string; deltas: Deltas } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canSave = project.role !== 'viewer';

  // What the others last saved: when it changes, the list is read again.
  const othersSaved = collaborators
    .map((c) => c.versions ?? '')
    .filter((id) => id !== '')
    .sort()
    .join(' ');

  const refresh = useCallback(async () => {
    try {
      const page = await api.listVersions(project.id, { limit: PAGE });
      setVersions(page.items);
      setMore(page.next_cursor);
      setError(null);
    } catch (e) {
      setError(`The server’s versions could not be listed: ${failureText(e)}`);
    }
  }, [api, project.id]);
  useEffect(() => {
    void refresh();
  }, [refresh, othersSaved]);

  const loadMore = async (): Promise<void> => {
    if (more === null) return;
    try {
      const page = await api.listVersions(project.id, { limit: PAGE, cursor: more });
      setVersions((shown) => [...(shown ?? []), ...page.items]);
      setMore(page.next_cursor);
    } catch (e) {
      setError(`More versions could not be listed: ${failureText(e)}`);
    }
  };

  const save = async (): Promise<void> => {
    setBusy(true);
    try {
      // The server snapshots what it stored: my edits must have reached it first.
      store.getState().flush();
      await acknowledged(live);
      const saved = await api.saveVersion(project.id, name.trim() === '' ? `Version ${new Date().toLocaleString()}` : name.trim());
      setName('');
      live?.announceVersion(saved.id);
      await refresh();
    } catch (e) {
      store.getState().showMessage('version', `The version was not saved: ${failureText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const togglePreview = async (v: ServerVersion): Promise<void> => {
    if (preview?.id === v.id) {
      setPreview(null);
      return;
    }
    try {
      setPreview({ id: v.id, deltas: store.getState().bridge.readDoc(await api.versionDocument(project.id, v.id)) });
    } catch (e) {
      store.getState().showMessage('version', `The version could not be read: ${failureText(e)}`);
    }
  };

  const restore = async (v: ServerVersion): Promise<void> => {
    let bytes: Uint8Array;
    try {
      bytes = await api.versionDocument(project.id, v.id);
    } catch (e) {
      store.getState().showMessage('version', `The version could not be read: ${failureText(e)}`);
      return;
    }
    const state = store.getState();
    state.flush();
    try {
      state.bridge.restore(bytes);
    } catch (e) {
      state.showMessage('version', `The version was not restored: ${String(e)}`);
      return;
    } finally {
      state.flush();
    }
    state.showMessage('restored', `Restored “${v.name}” for everyone here. Undo brings back what was there.`, 'info');
  };

  return (
    <div className="versions-panel" data-testid="server-versions">
      {canSave ? (
        <form
          className="version-new"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input className="text-input" aria-label="Version name" placeholder="Name this version" value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="button primary" disabled={busy}>
            Save version
          </button>
        </form>
      ) : (
        <p className="panel-empty">You are viewing: the project’s editors and owners save versions.</p>
      )}
      {error !== null && (
        <div className="home-message home-error" role="alert">
          {error}
        </div>
      )}
      {versions === null ? (
        <p className="panel-empty">Asking the server…</p>
      ) : versions.length === 0 ? (
        <p className="panel-empty">No versions on the server yet. Everyone here sees the ones saved.</p>
      ) : (
        <ul className="version-list" aria-label="Versions">
          {versions.map((v) => (
            <li key={v.id} className="version-item" data-version={v.name} data-version-id={v.id}>
              <div className="version-head">
                <span className="version-name">{v.name}</span>
                {v.automatic && <span className="version-tag">auto</span>}
              </div>
              <div className="version-meta muted">
                {new Date(v.created_at).toLocaleString()} · {v.element_count} elements
              </div>
              <div className="version-actions">
                <button type="button" className="button" onClick={() => void togglePreview(v)}>
                  {preview?.id === v.id ? 'Hide preview' : 'Preview'}
                </button>
                {canSave && (
                  <button type="button" className="button" aria-label={`Restore ${v.name}`} onClick={() => void restore(v)}>
                    Restore
                  </button>
                )}
              </div>
              {preview?.id === v.id && <VersionPreview deltas={preview.deltas} />}
            </li>
          ))}
        </ul>
      )}
      {more !== null && (
        <button type="button" className="button" onClick={() => void loadMore()}>
          Older versions
        </button>
      )}
    </div>
  );
}
