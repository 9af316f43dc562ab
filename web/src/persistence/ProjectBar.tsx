// The open project in the top bar: back to the projects, its name (double-click or Enter to
// rename in place), whether it is saved (and any warning about unsaved work), and the backup
// download (with the bytes of every asset the project uses, from the blob store).
import { useState } from 'react';
import { BackupError, type HyperBridge } from '../bridge/HyperBridge';
import { useProjectStoreApi } from '../store/projectStore';
import type { SaveStatus } from './autosave';
import type { ProjectSession } from './projectSession';
import { download, fileNameFor, navigate, useSaveStatus } from './sessionContext';

export function statusText(status: SaveStatus): string {
  switch (status.state) {
    case 'saved':
      return 'Saved';
    case 'unsaved':
      return 'Unsaved changes';
    case 'saving':
      return 'Saving…';
    case 'failed':
      return `Not saved — retrying (${status.message})`;
  }
}

/** Reads a stored blob's bytes by SHA-256 (the browser's blob store), undefined if absent. */
export type BlobReader = (sha256: string) => Promise<Uint8Array | undefined>;

/** The bytes of every blob `shas` names; throws `BackupError` `missing_asset` naming how many are absent. */
export async function readBlobs(shas: readonly string[], readBlob: BlobReader): Promise<{ sha256: string; bytes: Uint8Array }[]> {
  const found = await Promise.all(shas.map(async (sha256) => ({ sha256, bytes: await readBlob(sha256) })));
  const missing = found.filter((b) => b.bytes === undefined).length;
  if (missing > 0) {
    throw new BackupError(
      'missing_asset',
      `${missing === 1 ? 'One file' : `${missing} files`} of this project’s assets ${missing === 1 ? 'is' : 'are'} not stored in this browser, so a backup would be incomplete.`,
    );
  }
  return found.map(({ sha256, bytes }) => ({ sha256, bytes: bytes ?? new Uint8Array() }));
}

function ProjectName({ session }: { session: ProjectSession }) {
  const [name, setName] = useState(session.name);
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const commit = async (value: string): Promise<void> => {
    setDraft(null);
    try {
      setName(await session.rename(value));
      setProblem(null);
    } catch (error) {
      setProblem(`The project was not renamed: ${String(error)}`);
    }
  };
  if (draft !== null) {
    return (
      <input
        className="text-input project-name-input"
        aria-label="Project name"
        autoFocus
        value={draft}
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => void commit(draft)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') void commit(draft);
          if (e.key === 'Escape') setDraft(null);
        }}
      />
    );
  }
  return (
    <button
      type="button"
      className="project-name"
      data-testid="project-name"
      title={problem ?? 'Double-click to rename'}
      aria-label={`Project ${name}, rename`}
      onDoubleClick={() => setDraft(name)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === 'F2') {
          e.preventDefault();
          setDraft(name);
        }
      }}
    >
      {name}
    </button>
  );
}

export function ProjectBar({ session, bridge, readBlob }: { session: ProjectSession; bridge: HyperBridge; readBlob: BlobReader }) {
  const status = useSaveStatus(session);
  const api = useProjectStoreApi();
  const backup = async (): Promise<void> => {
    try {
      const blobs = await readBlobs(bridge.referencedBlobs(), readBlob);
      download(bridge.writeBackup(session.name, Date.now(), blobs), fileNameFor(session.name));
    } catch (error) {
      api.getState().showMessage(error instanceof BackupError ? error.code : 'backup', `No backup was written: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return (
    <div className="project-bar">
      <button type="button" className="page-chip" aria-label="All projects" onClick={() => navigate('/')}>
        ← Projects
      </button>
      <ProjectName session={session} />
      <span
        className={`save-status save-${status.state}`}
        data-testid="save-status"
        data-state={status.state}
        role="status"
        title={statusText(status)}
      >
        {statusText(status)}
      </span>
      {status.warning !== undefined && (
        <span className="save-warning" data-testid="save-warning" role="alert" title={status.warning}>
          ⚠ {status.warning}
        </span>
      )}
      <button type="button" className="page-chip" aria-label="Back up project" title="Download the whole project as one .omnios file" onClick={() => void backup()}>
        Back up
      </button>
      <span className="topbar-sep" />
    </div>
  );
}
