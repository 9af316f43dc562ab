// How a project kept on the server opens in the editor: its URL (`/p/<id>?server=1`, so a reload
// reopens it live) and the signed-in user as the others see them (email, a colour from the id).
import { colorFor, type PresenceUser } from '../collab/presence';
import type { User } from './api';

/** The editor's address of a server project: the local copy, joined to the project's live room. */
export function serverProjectPath(projectId: string): string {
  return `/p/${encodeURIComponent(projectId)}?server=1`;
}

/** Whether the page's query (`?server=1`) asks for the project's live room on this server. */
export function opensOnServer(search: string): boolean {
  return new URLSearchParams(search).get('server') === '1';
}

/** The account as a collaborator: named by its email, in a colour that is the same on every visit. */
export function presenceOf(user: User): PresenceUser {
  let hash = 0;
  for (const char of user.id) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return { name: user.email, color: colorFor(hash) };
}
