// The files being added, one row each: name, stage and a progress bar; a refused file keeps
// its row with the reason until dismissed, finished rows go after a few seconds.
import { useEffect, useSyncExternalStore } from 'react';
import { useAssetServices } from './assetServices';
import type { Upload, UploadState } from './uploads';

const STAGE_LABEL: Record<UploadState, string> = {
  reading: 'Reading…',
  checking: 'Checking…',
  optimising: 'Optimising…',
  storing: 'Storing…',
  done: 'Added',
  failed: 'Refused',
};

/** How long a finished row stays. */
const DONE_ROW_MS = 4000;

export function UploadList() {
  const { uploads } = useAssetServices();
  const list = useSyncExternalStore(uploads.subscribe, uploads.uploads);
  const running = list.some((u) => u.state !== 'done' && u.state !== 'failed');
  const finished = list.filter((u) => u.state === 'done');
  useEffect(() => {
    if (running || finished.length === 0) return;
    const timer = setTimeout(() => finished.forEach((u) => uploads.dismiss(u.id)), DONE_ROW_MS);
    return () => clearTimeout(timer);
  }, [running, finished, uploads]);
  if (list.length === 0) return null;
  return (
    <section className="upload-list" aria-label="Files being added" data-testid="upload-list">
      {list.map((u) => (
        <UploadRow key={u.id} upload={u} onDismiss={() => uploads.dismiss(u.id)} />
      ))}
    </section>
  );
}

function UploadRow({ upload, onDismiss }: { upload: Upload; onDismiss: () => void }) {
  return (
    <div className={`upload-row upload-${upload.state}`} data-state={upload.state} data-testid="upload-row">
      <div className="upload-head">
        <span className="upload-name" title={upload.name}>
          {upload.name}
        </span>
        <span className="upload-stage">{STAGE_LABEL[upload.state]}</span>
        {(upload.state === 'failed' || upload.state === 'done') && (
          <button type="button" className="icon-button" aria-label={`Dismiss ${upload.name}`} onClick={onDismiss}>
            ✕
          </button>
        )}
      </div>
      {upload.state === 'failed' ? (
        <p className="upload-error" role="alert">
          {upload.error}
        </p>
      ) : (
        <progress max={1} value={upload.progress} aria-label={`${upload.name}: ${STAGE_LABEL[upload.state]}`} />
      )}
    </div>
  );
}
