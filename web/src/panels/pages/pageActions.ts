// Page actions of the Pages panel that create a page and open it in the editor.
import type { Applied, PageId } from '../../bridge/types';
import type { ProjectStoreApi } from '../../store/projectStore';

/** Opens the page a command created, if it created one; returns its id. */
export function openCreatedPage(api: ProjectStoreApi, applied: Applied | null): PageId | null {
  const id = applied?.created_pages[0];
  if (id === undefined) return null;
  api.getState().setActivePage(id);
  return id;
}

/**
 * Copies a page with every element on it right after it ("About" → "About 2", slug `about-2`)
 * and opens the copy. One undo step removes the whole copy.
 */
export function duplicatePage(api: ProjectStoreApi, page: PageId): PageId | null {
  return openCreatedPage(api, api.getState().run({ type: 'duplicate_page', id: page }));
}
