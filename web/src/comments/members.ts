// Who a comment can mention and whose `@name` is highlighted: the server project's members
// (`GET /api/projects/{id}/members`), provided by the shell; a local project has none.
import { createContext, useContext } from 'react';
import type { Member } from '../lib/comments';
import type { ServerApi } from '../server/api';

export const MembersContext = createContext<readonly Member[]>([]);

export function useMembers(): readonly Member[] {
  return useContext(MembersContext);
}

/** The project's members as mentionable people (named by their email, as presence names them). */
export async function loadMembers(api: ServerApi, projectId: string): Promise<Member[]> {
  const members = await api.listMembers(projectId);
  return members.map((m) => ({ id: m.user, name: m.email }));
}
