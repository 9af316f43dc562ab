// The open project in the top bar: back to the projects, its name, whether it is saved, and
// the backup download and the Export dialog.
import { useRef, useState } from 'react';
import type { HyperBridge } from '../bridge/HyperBridge';
import { ExportDialog } from '../export/ExportDialog';
import type { SaveStatus } from './autosave';
import type { ProjectSession } from './projectSession';
import { backupNameFor } from '../lib/fileNames';
import { download, navigate, useSaveStatus } from './sessionContext';

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
  const [exporting, setExporting] = useState(false);
  const exportButton = useRef<HTMLButtonElement>(null);
  const closeExport = (): void => {
    setExporting(false);
    exportButton.current?.focus();
  };
  const backup = (): void => {
    const bytes = bridge.writeBackup(session.name, Date.now());
    download(bytes, backupNameFor(session.name));
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
      <button type="button" className="page-chip" aria-label="Back up project" title="Download the whole project as one .omnios file" onClick={backup}>
        Back up
      </button>
      <button
        ref={exportButton}
        type="button"
        className="page-chip"
        aria-haspopup="dialog"
        title="Export as a Next.js app or static HTML/CSS (ZIP)"
        onClick={() => setExporting(true)}
      >
        Export
      </button>
      {exporting && <ExportDialog bridge={bridge} projectName={session.name} onClose={closeExport} />}
      <span className="topbar-sep" />
    </div>
  );
}
