// A server project as the signed-in account opened it (the API, the project with my role, me),
// for the parts of the editor that talk to the server: Share, and the server's versions.
import { createContext, useContext } from 'react';
import type { ServerApi, ServerProject, User } from './api';

export interface ServerAccess {
  readonly api: ServerApi;
  readonly project: ServerProject;
  readonly user: User;
}

/** Null when the open project is not a server project (or nobody is signed in). */
export const ServerAccessContext = createContext<ServerAccess | null>(null);

export function useServerAccess(): ServerAccess | null {
  return useContext(ServerAccessContext);
}
