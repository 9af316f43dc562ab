// The Export dialog: target (Next.js or static HTML/CSS), pages (all or chosen), then the export
// as one ZIP download; below, the parity check and its last result (ParityPanel). The pipeline (compiler module, fflate) is imported when the user
// presses Export, so none of it is in the editor's first load. Progress and errors are
// announced (role status / alert); Escape closes, Tab stays inside the dialog.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { HyperBridge, PageId } from '../bridge/HyperBridge';
import { download, useSession } from '../persistence/sessionContext';
import { useProjectStore } from '../store/projectStore';
import type { BlobReader } from './blobReader';
import type { ExportTarget } from './compilerModule';
import type { ExportStep } from './exportProject';
import { ParityPanel } from './ParityPanel';

type Progress =
  | { readonly state: 'idle' }
  | { readonly state: 'working'; readonly step: ExportStep }
  | { readonly state: 'done'; readonly fileName: string; readonly fileCount: number; readonly warnings: readonly string[] }
  | { readonly state: 'failed'; readonly message: string };

const TARGETS: readonly { id: ExportTarget; label: string; hint: string }[] = [
  { id: 'nextjs', label: 'Next.js', hint: 'App Router, TypeScript, Tailwind-ready; npm install && npm run build' },
  { id: 'static', label: 'Static HTML/CSS', hint: 'One HTML file per page and one shared stylesheet, no script' },
];

export const STEP_TEXT: Readonly<Record<ExportStep, string>> = {
  loading: 'Loading the export compiler…',
  reading: "Reading the project's asset files…",
  compiling: 'Compiling the project…',
  zipping: 'Packing the ZIP…',
};

const STEPS: readonly ExportStep[] = ['loading', 'reading', 'compiling', 'zipping'];

/** What the status line says. */
export function progressText(progress: Progress): string {
  switch (progress.state) {
    case 'idle':
      return '';
    case 'working':
      return STEP_TEXT[progress.step];
    case 'done':
      return `Downloaded ${progress.fileName} (${progress.fileCount} files).`;
    case 'failed':
      return progress.message;
  }
}

export function ExportDialog({
  bridge,
  projectName,
  readBlob,
  onClose,
}: {
  bridge: HyperBridge;
  projectName: string;
  readBlob: BlobReader;
  onClose: () => void;
}) {
  const pages = useProjectStore((s) => s.pages);
  const pageOrder = useProjectStore((s) => s.pageOrder);
  const [target, setTarget] = useState<ExportTarget>('nextjs');
  const [allPages, setAllPages] = useState(true);
  const [chosen, setChosen] = useState<ReadonlySet<PageId>>(() => new Set(pageOrder));
  const [progress, setProgress] = useState<Progress>({ state: 'idle' });
  const projectId = useSession()?.projectId;
  const dialog = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const busy = progress.state === 'working';

  useEffect(() => {
    dialog.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
  }, []);

  // While it works every control is disabled and focus falls out of the dialog: bring it back
  // to the Close button once the export is done or failed.
  useEffect(() => {
    if (progress.state === 'done' || progress.state === 'failed') closeButton.current?.focus();
  }, [progress.state]);

  // Whether an export runs, set as it starts and ends (not at the next render): Escape right
  // after the download began closes the dialog.
  const working = useRef(false);
  const close = (): void => {
    if (!working.current) onClose();
  };

  // Escape closes from anywhere, also when focus is not inside the dialog.
  const closeRef = useRef(close);
  closeRef.current = close;
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (event.key === 'Escape') closeRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const run = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (working.current) return;
    const selection = allPages ? undefined : pageOrder.filter((id) => chosen.has(id));
    if (selection?.length === 0) {
      setProgress({ state: 'failed', message: 'Choose at least one page to export.' });
      return;
    }
    setProgress({ state: 'working', step: 'loading' });
    working.current = true;
    try {
      const { exportProject } = await import('./exportProject');
      const result = await exportProject(
        { snapshotJson: bridge.toJSON(), projectName, target, pages: selection, readBlob },
        (step) => setProgress({ state: 'working', step }),
      );
      working.current = false;
      setProgress({ state: 'done', fileName: result.fileName, fileCount: result.fileCount, warnings: result.warnings });
      download(result.zip, result.fileName);
    } catch (error) {
      working.current = false;
      setProgress({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  // Keeps Tab and Shift+Tab inside the dialog.
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Tab' || dialog.current === null) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>('button:not(:disabled), input:not(:disabled)')];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };

  const toggle = (id: PageId): void =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="dialog-backdrop" onClick={close}>
      <div
        ref={dialog}
        className="dialog export-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-title"
        aria-busy={busy}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <header className="dialog-header">
          <h2 id="export-title">Export</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={close} disabled={busy}>
            ✕
          </button>
        </header>
        <form className="export-form" onSubmit={(e) => void run(e)}>
          <fieldset disabled={busy}>
            <legend>Target</legend>
            {TARGETS.map((t) => (
              <label key={t.id} className="export-choice">
                <input type="radio" name="export-target" value={t.id} checked={target === t.id} onChange={() => setTarget(t.id)} />
                <span>
                  {t.label} <span className="muted">— {t.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <fieldset disabled={busy}>
            <legend>Pages</legend>
            <label className="export-choice">
              <input type="radio" name="export-pages" checked={allPages} onChange={() => setAllPages(true)} />
              <span>All pages ({pageOrder.length})</span>
            </label>
            <label className="export-choice">
              <input type="radio" name="export-pages" checked={!allPages} onChange={() => setAllPages(false)} />
              <span>Chosen pages</span>
            </label>
            {!allPages && (
              <ul className="export-pages" aria-label="Pages to export">
                {pageOrder.map((id) => (
                  <li key={id}>
                    <label className="export-choice">
                      <input type="checkbox" checked={chosen.has(id)} onChange={() => toggle(id)} />
                      <span>{pages.get(id)?.name ?? id}</span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
          <div className="export-progress" data-testid="export-progress" data-state={progress.state}>
            {busy && (
              <ol className="export-steps" aria-hidden="true">
                {STEPS.map((s) => (
                  <li key={s} data-current={s === progress.step}>
                    {STEP_TEXT[s]}
                  </li>
                ))}
              </ol>
            )}
            {busy && <progress max={STEPS.length} value={STEPS.indexOf(progress.step)} aria-label="Export progress" />}
            <p role="status" className="export-status">
              {progress.state === 'failed' ? '' : progressText(progress)}
            </p>
            {progress.state === 'failed' && (
              <p role="alert" className="export-error">
                {progress.message}
              </p>
            )}
            {progress.state === 'done' && progress.warnings.length > 0 && (
              <ul className="export-warnings" aria-label="Export warnings">
                {progress.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
          </div>
          <ParityPanel bridge={bridge} projectId={projectId} readBlob={readBlob} disabled={busy} />
          <footer className="export-actions">
            <button ref={closeButton} type="button" className="button" onClick={close} disabled={busy}>
              {progress.state === 'done' ? 'Close' : 'Cancel'}
            </button>
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? 'Exporting…' : 'Export ZIP'}
            </button>
          </footer>
        </form>
      </div>
    </div>
  );
}
