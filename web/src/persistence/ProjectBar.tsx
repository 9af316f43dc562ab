// The open project in the top bar: back to the projects, its name, whether it is saved (and any
// warning about unsaved work), and the backup download.
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
      <span className="project-name" data-testid="project-name">
        {session.name}
      </span>
      <span className={`save-status save-${status.state}`} data-testid="save-status" data-state={status.state} role="status">
        {statusText(status)}
      </span>
      {status.warning !== undefined && (
        <span className="save-warning" data-testid="save-warning" role="alert" title={status.warning}>
          ⚠ {status.warning}
        </span>
      )}
      <button type="button" className="page-chip" aria-label="Back up project" title="Download the whole project as one .omnios file" onClick={backup}>
        Back up
      </button>
      <span className="topbar-sep" />
    </div>
  );
}
