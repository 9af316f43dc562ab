// "On the server": the projects the signed-in account owns or was given (name, my role, last
// change), creating one, and opening one — the editor on its local copy, joined live.
import { useCallback, useEffect, useState } from 'react';
import { failureText, type ServerApi, type ServerProject } from '../server/api';
import { serverProjectPath } from '../server/live';
import { navigate } from '../persistence/sessionContext';

const ROLE_NAMES = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' } as const;

/** A failed request as one sentence, with the server's reference when it gave one. */
export function describeFailure(what: string, error: unknown): string {
  return `${what}: ${failureText(error)}`;
}

export function ServerProjects({ api, onListed }: { api: ServerApi; onListed: (projects: readonly ServerProject[]) => void }) {
  const [projects, setProjects] = useState<readonly ServerProject[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const found: ServerProject[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.listProjects({ cursor, limit: 100 });
        found.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor !== undefined);
      setProjects(found);
      onListed(found);
    } catch (e) {
      setError(describeFailure('The server’s projects could not be listed', e));
    }
  }, [api, onListed]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section className="home-section" aria-labelledby="server-projects-title">
      <div className="home-section-head">
        <h2 id="server-projects-title">On the server</h2>
        <button
          type="button"
          className="button small"
          onClick={async () => {
            try {
              const created = await api.createProject('Untitled project');
              navigate(serverProjectPath(created.id));
            } catch (e) {
              setError(describeFailure('The server project could not be created', e));
            }
          }}
        >
          New server project
        </button>
      </div>
      {error !== null && (
        <div className="home-message home-error" role="alert">
          {error}
        </div>
      )}
      {projects === null ? (
        error === null && <p className="panel-empty">Asking the server…</p>
      ) : projects.length === 0 ? (
        <p className="panel-empty">No projects on the server yet. Create one, or upload one from this browser.</p>
      ) : (
        <ul className="server-project-list" aria-label="Server projects">
          {projects.map((p) => (
            <li key={p.id} className="server-project" data-server-project={p.name} data-project-id={p.id}>
              <button type="button" className="server-project-name" aria-label={`Open ${p.name} on the server`} onClick={() => navigate(serverProjectPath(p.id))}>
                {p.name}
              </button>
              <span className="server-project-role">{ROLE_NAMES[p.role]}</span>
              <span className="muted server-project-updated">Updated {new Date(p.updated_at).toLocaleString()}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
