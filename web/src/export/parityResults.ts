// The last parity check of each project, kept in the browser's localStorage under the project's
// id so reopening the Export dialog shows it (a stored value that is not a report reads as none),
// and what the dialog's table says per cell.
import type { ParityCell, ParityReport } from './parityCheck';

const key = (projectId: string): string => `omnios.export.parity.${projectId}`;

/** The last report stored for the project, if any. */
export function loadParityReport(projectId: string, storage: Storage = localStorage): ParityReport | undefined {
  let raw: string | null;
  try {
    raw = storage.getItem(key(projectId));
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<ParityReport>;
    if (typeof value.checkedAt !== 'number' || !Array.isArray(value.cells)) return undefined;
    return value as ParityReport;
  } catch {
    return undefined;
  }
}

/** Keeps the report as the project's last; false when the browser refused to store it. */
export function saveParityReport(projectId: string, report: ParityReport, storage: Storage = localStorage): boolean {
  try {
    storage.setItem(key(projectId), JSON.stringify(report));
    return true;
  } catch {
    return false;
  }
}

/** What a table cell says: OK, or how many elements differ by more than 1 px and the worst. */
export function cellText(cell: ParityCell): string {
  if (cell.differing === 0) return 'OK';
  const n = cell.differing === 1 ? '1 element differs' : `${cell.differing} elements differ`;
  const worst = cell.worst;
  if (worst === undefined) return `${n} by more than 1 px`;
  const how = worst.missing ? 'missing from the export' : `off by ${Math.round(worst.by * 10) / 10} px`;
  return `${n} by more than 1 px; worst: ${worst.label}, ${how}`;
}
