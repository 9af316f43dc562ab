// The Export dialog's parity section: "Check parity" renders every page of the static export
// offscreen at 1440, 768 and 375 px and compares each element's box with the editor's; the
// table shows OK or how many elements differ (the worst named) per page and breakpoint. The
// last result is kept per project and shown when the dialog opens again.
import { useState } from 'react';
import type { HyperBridge } from '../bridge/HyperBridge';
import { BREAKPOINTS, FRAME_WIDTH } from '../bridge/types';
import type { BlobReader } from './blobReader';
import type { ParityReport } from './parityCheck';
import { cellText } from './parityResults';
import { loadParityReport, saveParityReport } from './parityResults';

type Run = { readonly state: 'idle' } | { readonly state: 'checking'; readonly done: number; readonly total: number } | { readonly state: 'failed'; readonly message: string };

export function ParityPanel({
  bridge,
  projectId,
  readBlob,
  disabled,
}: {
  bridge: HyperBridge;
  /** Where the last result is kept; none for an unsaved page (then nothing is kept). */
  projectId: string | undefined;
  readBlob: BlobReader;
  disabled: boolean;
}) {
  const [report, setReport] = useState<ParityReport | undefined>(() => (projectId === undefined ? undefined : loadParityReport(projectId)));
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const checking = run.state === 'checking';

  const check = async (): Promise<void> => {
    setRun({ state: 'checking', done: 0, total: 0 });
    try {
      const { checkParity } = await import('./parityCheck');
      const result = await checkParity({ bridge, snapshotJson: bridge.toJSON(), readBlob }, (done, total) => setRun({ state: 'checking', done, total }));
      if (projectId !== undefined) saveParityReport(projectId, result);
      setReport(result);
      setRun({ state: 'idle' });
    } catch (error) {
      setRun({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const pages = report === undefined ? [] : [...new Map(report.cells.map((c) => [c.pageId, c.pageName])).entries()];
  return (
    <section className="export-parity" aria-labelledby="export-parity-title" data-testid="export-parity">
      <div className="export-parity-head">
        <h3 id="export-parity-title">Parity</h3>
        <button type="button" className="button" onClick={() => void check()} disabled={disabled || checking}>
          {checking ? 'Checking…' : 'Check parity'}
        </button>
      </div>
      <p className="muted export-parity-note">
        Compares each element&apos;s box in the static export, rendered here at 1440, 768 and 375 px, with the editor&apos;s
        layout of the same page and width (the boxes the canvas selects by); the Next.js app shares the static export&apos;s
        CSS. Boxes, not pixels: differences over {report?.tolerancePx ?? 1} px are counted.
      </p>
      {checking && (
        <p role="status" className="export-status">
          {run.total === 0 ? 'Compiling the static export…' : `Checked ${run.done} of ${run.total}…`}
        </p>
      )}
      {run.state === 'failed' && (
        <p role="alert" className="export-error">
          The parity check failed: {run.message}
        </p>
      )}
      {report === undefined ? (
        !checking && <p className="muted">Not checked yet.</p>
      ) : (
        <>
          <p className="muted" data-testid="export-parity-time">
            Last checked {new Date(report.checkedAt).toLocaleString()}
          </p>
          <table className="export-parity-table" aria-label="Parity per page and breakpoint">
            <thead>
              <tr>
                <th scope="col">Page</th>
                {BREAKPOINTS.map((bp) => (
                  <th key={bp} scope="col">
                    {FRAME_WIDTH[bp]} px
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {pages.map(([pageId, pageName]) => (
                <tr key={pageId}>
                  <th scope="row">{pageName}</th>
                  {BREAKPOINTS.map((bp) => {
                    const cell = report.cells.find((c) => c.pageId === pageId && c.breakpoint === bp);
                    if (cell === undefined) return <td key={bp}>—</td>;
                    return (
                      <td key={bp} data-breakpoint={bp} data-ok={cell.differing === 0}>
                        {cellText(cell)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
