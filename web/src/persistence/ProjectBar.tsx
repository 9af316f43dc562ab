// The open project in the top bar: back to the projects, its name (double-click or Enter to
// rename in place), whether it is saved, and the backup download.
import { useState } from 'react';
import type { HyperBridge } from '../bridge/HyperBridge';
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

export function ProjectBar({ session, bridge }: { session: ProjectSession; bridge: HyperBridge }) {
  const status = useSaveStatus(session);
  const backup = (): void => {
    const bytes = bridge.writeBackup(session.name, Date.now());
    download(bytes, fileNameFor(session.name));
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
      <button type="button" className="page-chip" aria-label="Back up project" title="Download the whole project as one .omnios file" onClick={backup}>
        Back up
      </button>
      <span className="topbar-sep" />
    </div>
  );
}
