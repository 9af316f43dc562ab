// The open project's session for the components that save, version or back it up.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { SaveStatus } from './autosave';
import type { ProjectSession } from './projectSession';

export const SessionContext = createContext<ProjectSession | null>(null);

/** The open project's session; null for a page that is not saved (the benchmark fixture). */
export function useSession(): ProjectSession | null {
  return useContext(SessionContext);
}

/** The auto-saver's status, re-rendering when it changes. */
export function useSaveStatus(session: ProjectSession): SaveStatus {
  return useSyncExternalStore(
    (listener) => session.onStatus(listener),
    () => session.saver.status(),
  );
}

/** Goes to another screen of the editor without reloading (`/`, `/p/<id>`); keeps `?test=1`. */
export function navigate(path: string, replace = false): void {
  const params = new URLSearchParams(window.location.search);
  const keep = params.has('test') ? `${path.includes('?') ? '&' : '?'}test=1` : '';
  const url = `${path}${keep}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** Saves bytes as a download. */
export function download(bytes: Uint8Array, fileName: string, type = 'application/zip'): void {
  const blob = new Blob([bytes.slice().buffer], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A project's name as a file name: letters, digits, `-`, `_`; spaces become `-` ("project" if none is left). */
export const fileStem = (name: string): string =>
  name.normalize('NFKD').replace(/[^\w\- ]+/g, '').trim().replace(/\s+/g, '-') || 'project';

/** The backup's file name: `<project-name>.omnios`. */
export const fileNameFor = (name: string): string => `${fileStem(name)}.omnios`;
