// Versions: keep a named snapshot, see the automatic ones (every 10 minutes of editing), preview
// one (its pages and elements, read only) and restore it as one undoable step.
import { useCallback, useEffect, useState } from 'react';
import type { Deltas } from '../../bridge/types';
import { VersionPreview as Preview } from '../../lib/VersionPreview';
import type { VersionSummary } from '../../persistence/localProjects';
import { useSession } from '../../persistence/sessionContext';
import { useProjectStoreApi } from '../../store/projectStore';

export function VersionsPanel() {
  const session = useSession();
  const api = useProjectStoreApi();
  const [versions, setVersions] = useState<readonly VersionSummary[]>([]);
  const [name, setName] = useState('');
  const [preview, setPreview] = useState<{ id: string; deltas: Deltas } | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    if (session !== null) setVersions(await session.db.listVersions(session.projectId));
  }, [session]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (session === null) return <p className="panel-empty">This page is not saved, so it has no versions.</p>;

  const save = async (): Promise<void> => {
    setBusy(true);
    try {
      await session.createVersion(name.trim() === '' ? `Version ${new Date().toLocaleString()}` : name.trim());
      setName('');
      await refresh();
    } catch (error) {
      api.getState().showMessage('version', `The version was not saved: ${String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const read = async (v: VersionSummary): Promise<Deltas> => api.getState().bridge.readDoc(await session.db.loadVersion(v.id));

  const togglePreview = async (v: VersionSummary): Promise<void> => {
    if (preview?.id === v.id) setPreview(null);
    else setPreview({ id: v.id, deltas: await read(v) });
  };

  const restore = async (v: VersionSummary): Promise<void> => {
    const version = await session.db.loadVersion(v.id);
    const store = api.getState();
    store.flush();
    try {
      store.bridge.restore(version);
    } catch (error) {
      store.showMessage('version', `The version was not restored: ${String(error)}`);
      return;
    } finally {
      store.flush();
    }
    store.showMessage('restored', `Restored “${v.name}”. Undo brings back what was there.`, 'info');
  };

  return (
    <div className="versions-panel">
      <form
        className="version-new"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <input
          className="text-input"
          aria-label="Version name"
          placeholder="Name this version"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button primary" disabled={busy}>
          Save version
        </button>
      </form>
      {versions.length === 0 && <p className="panel-empty">No versions yet. One is kept automatically every 10 minutes of editing.</p>}
      <ul className="version-list" aria-label="Versions">
        {versions.map((v) => (
          <li key={v.id} className="version-item" data-version={v.name}>
            <div className="version-head">
              <span className="version-name">{v.name}</span>
              {v.automatic && <span className="version-tag">auto</span>}
            </div>
            <div className="version-meta muted">
              {new Date(v.createdAt).toLocaleString()} · {v.elementCount} elements
            </div>
            <div className="version-actions">
              <button type="button" className="button" onClick={() => void togglePreview(v)}>
                {preview?.id === v.id ? 'Hide preview' : 'Preview'}
              </button>
              <button type="button" className="button" aria-label={`Restore ${v.name}`} onClick={() => void restore(v)}>
                Restore
              </button>
            </div>
            {preview?.id === v.id && <Preview deltas={preview.deltas} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
