// The project home: every project in this browser (name, last change, thumbnail), create, open,
// rename, duplicate, delete (after asking), and restore a `.omnios` backup (verified first).
// When this origin is an OMNIOS server with accounts: sign in, sign up, sign out, the account's
// server projects (ServerProjects.tsx), and "Upload to server" for a project of this browser.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { openBlobStore } from '../assets/blobStore';
import { sweepUnusedBlobs } from './blobSweep';
import { BackupError, HyperBridge } from '../bridge/HyperBridge';
import { Journal } from '../persistence/journal';
import type { ProjectSummary } from '../persistence/localProjects';
import { initialSave, localProjects, newProjectId } from '../persistence/projectSession';
import { navigate } from '../persistence/sessionContext';
import { ServerApi, type Account, type ServerProject, type User } from '../server/api';
import { serverProjectPath } from '../server/live';
import { AccountForm } from './AccountForm';
import { describeFailure, ServerProjects } from './ServerProjects';

/** Creates an empty project (one page, "Home") and returns its id. */
export async function createProject(name = 'Untitled project'): Promise<string> {
  const [bridge, db] = await Promise.all([HyperBridge.load(), localProjects()]);
  bridge.newProject();
  const id = newProjectId();
  await db.create(id, name, initialSave(bridge));
  return id;
}

const BACKUP_PROBLEMS: Readonly<Record<string, string>> = {
  not_a_backup: 'This file is not an OMNIOS backup.',
  altered: 'This backup was changed or damaged after it was written (its checksum does not match).',
  damaged: 'This backup is damaged (truncated or unreadable).',
  manifest: 'This backup’s manifest is missing or unreadable.',
  unsupported_version: 'This backup was written by a newer OMNIOS and cannot be read here.',
  missing_file: 'This backup is incomplete: a file its manifest lists is missing.',
  mismatch: 'This backup does not match its manifest (a file has the wrong size).',
  unlisted: 'This backup holds a file its manifest does not list.',
  project: 'This backup’s project cannot be read.',
  asset_path: 'This backup names an asset at a path that is not allowed.',
};

function Thumbnail({ project }: { project: ProjectSummary }) {
  if (project.thumbnail !== null) return <img className="project-thumb" src={project.thumbnail} alt="" />;
  const initials = project.name
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0] ?? '')
    .join('')
    .toUpperCase();
  return (
    <div className="project-thumb project-thumb-empty" aria-hidden="true">
      <span>{initials || '◆'}</span>
    </div>
  );
}

/**
 * A project of this browser onto the server: a new server project whose local copy starts as this
 * document, opened live, so the room receives it on the first sync. Its comments become the
 * account's first (`claim_comments`): they were written by this browser's local person, and the
 * live room accepts comments only in the name of whoever sends them. The original stays as it was.
 */
async function uploadToServer(api: ServerApi, project: ProjectSummary, user: User): Promise<void> {
  const [bridge, db] = await Promise.all([HyperBridge.load(), localProjects()]);
  const stored = await db.loadDoc(project.id);
  bridge.openFromDoc(stored.snapshot, stored.updates);
  bridge.setLocalUser(user.id, user.email);
  bridge.comment({ type: 'claim_comments' });
  const created = await api.createProject(project.name);
  await db.create(created.id, project.name, initialSave(bridge));
  navigate(serverProjectPath(created.id));
}

function ProjectCard({
  project,
  onChanged,
  onUpload,
  onServer,
}: {
  project: ProjectSummary;
  onChanged: () => void;
  /** Present when signed in to the server. */
  onUpload?: (() => void) | undefined;
  /** The local copy of a server project: it opens joined to the project's room. */
  onServer: boolean;
}) {
  const open = (): void => navigate(onServer ? serverProjectPath(project.id) : `/p/${project.id}`);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(project.name);
  const [confirming, setConfirming] = useState(false);
  const rename = async (): Promise<void> => {
    setRenaming(false);
    const next = name.trim();
    if (next === '' || next === project.name) return setName(project.name);
    await (await localProjects()).rename(project.id, next);
    onChanged();
  };
  return (
    <li className="project-card" data-project={project.name} data-project-id={project.id}>
      <button type="button" className="project-open" aria-label={`Open ${project.name}`} onClick={open}>
        <Thumbnail project={project} />
      </button>
      {renaming ? (
        <input
          className="text-input"
          aria-label="Project name"
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => void rename()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void rename();
            if (e.key === 'Escape') {
              setName(project.name);
              setRenaming(false);
            }
          }}
        />
      ) : (
        <div className="project-title">{project.name}</div>
      )}
      <div className="project-meta muted">
        Edited {new Date(project.updatedAt).toLocaleString()} · {project.elementCount}{' '}
        {project.elementCount === 1 ? 'element' : 'elements'}
        {onServer && ' · on the server'}
      </div>
      {confirming ? (
        <div className="project-actions" role="alertdialog" aria-label={`Delete ${project.name}?`}>
          <span>Delete “{project.name}” and its versions?</span>
          <button
            type="button"
            className="button danger"
            onClick={async () => {
              await (await localProjects()).delete(project.id);
              new Journal(localStorage, project.id).clear();
              onChanged();
            }}
          >
            Delete
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="project-actions">
          <button type="button" className="button small" onClick={open}>
            Open
          </button>
          <button type="button" className="button small" aria-label={`Rename ${project.name}`} onClick={() => setRenaming(true)}>
            Rename
          </button>
          <button
            type="button"
            className="button small"
            aria-label={`Duplicate ${project.name}`}
            onClick={async () => {
              await (await localProjects()).duplicate(project.id, newProjectId(), `${project.name} copy`, Date.now());
              onChanged();
            }}
          >
            Duplicate
          </button>
          {onUpload !== undefined && !onServer && (
            <button type="button" className="button small" aria-label={`Upload ${project.name} to the server`} onClick={onUpload}>
              Upload to server
            </button>
          )}
          <button type="button" className="button small" aria-label={`Delete ${project.name}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

export function ProjectHome() {
  const [projects, setProjects] = useState<readonly ProjectSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const api = useMemo(() => new ServerApi(), []);
  const [account, setAccount] = useState<Account | null>(null);
  useEffect(() => {
    void api.account().then(setAccount);
  }, [api]);
  const signedIn = account?.state === 'signed-in' ? account.user : null;
  const [serverIds, setServerIds] = useState<ReadonlySet<string>>(new Set());
  const onListed = useCallback((listed: readonly ServerProject[]) => setServerIds(new Set(listed.map((p) => p.id))), []);

  const refresh = useCallback(async () => {
    try {
      setProjects(await (await localProjects()).list());
    } catch (e) {
      setError(`The local project database could not be opened: ${String(e)}`);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  // Storage no project needs goes quietly; a failure just leaves it for next time.
  useEffect(() => {
    const timer = setTimeout(() => void sweepUnusedBlobs().catch(() => {}), 3000);
    return () => clearTimeout(timer);
  }, []);

  const restore = async (chosen: File): Promise<void> => {
    setError(null);
    setNotice(null);
    const bytes = new Uint8Array(await chosen.arrayBuffer());
    const bridge = await HyperBridge.load();
    let name: string;
    try {
      name = bridge.openBackup(bytes);
    } catch (e) {
      if (e instanceof BackupError) {
        const what = BACKUP_PROBLEMS[e.code] ?? 'This backup cannot be restored.';
        setError(`Nothing was restored from ${chosen.name}. ${what} (${e.message})`);
      } else setError(`Nothing was restored from ${chosen.name}: ${String(e)}`);
      return;
    }
    // The assets' bytes into this browser's blob store, each checked against its hash, before
    // the project exists: a project never opens without the pictures its backup carried.
    try {
      const blobs = await openBlobStore();
      for (const blob of bridge.backupBlobs(bytes)) await blobs.put(blob.bytes, blob.sha256);
    } catch (e) {
      setError(`Nothing was restored from ${chosen.name}: its assets could not be stored (${e instanceof Error ? e.message : String(e)}).`);
      return;
    }
    const id = newProjectId();
    await (await localProjects()).create(id, name, initialSave(bridge));
    setNotice(`Restored “${name}” from ${chosen.name}.`);
    await refresh();
  };

  return (
    <div className="app home" data-engine-state="home">
      <header className="toolbar topbar">
        <div className="topbar-left">
          <span className="brand" aria-label="OMNIOS">
            <span className="brand-mark" aria-hidden="true">◆</span> OMNIOS
          </span>
          <span className="topbar-sep" />
          <span>Projects</span>
        </div>
        <div className="topbar-right">
          {signedIn !== null && (
            <>
              <span className="account-email" data-testid="account-email">
                {signedIn.email}
              </span>
              <button
                type="button"
                className="button"
                onClick={async () => {
                  try {
                    await api.signOut();
                    setAccount({ state: 'signed-out' });
                  } catch (e) {
                    setError(describeFailure('Signing out failed', e));
                  }
                }}
              >
                Sign out
              </button>
              <span className="topbar-sep" />
            </>
          )}
          <input
            ref={file}
            type="file"
            accept=".omnios,application/zip"
            hidden
            data-testid="restore-input"
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              e.target.value = '';
              if (chosen !== undefined) void restore(chosen);
            }}
          />
          <button type="button" className="button" onClick={() => file.current?.click()}>
            Restore backup…
          </button>
          <button
            type="button"
            className="button primary"
            onClick={async () => {
              try {
                navigate(`/p/${await createProject()}`);
              } catch (e) {
                setError(`The project could not be created: ${String(e)}`);
              }
            }}
          >
            New project
          </button>
        </div>
      </header>
      <main className="home-body">
        {error !== null && (
          <div className="home-message home-error" role="alert" data-testid="home-error">
            {error}
          </div>
        )}
        {notice !== null && (
          <div className="home-message" role="status">
            {notice}
          </div>
        )}
        {account?.state === 'signed-out' && <AccountForm api={api} onSignedIn={(user) => setAccount({ state: 'signed-in', user })} />}
        {signedIn !== null && <ServerProjects key={signedIn.id} api={api} onListed={onListed} />}
        {account !== null && account.state !== 'no-server' && <h2 className="home-section-title">In this browser</h2>}
        {projects === null ? (
          <p className="panel-empty">Opening your projects…</p>
        ) : projects.length === 0 ? (
          <p className="panel-empty">No projects yet. Create one, or restore a backup.</p>
        ) : (
          <ul className="project-grid" aria-label="Projects">
            {projects.map((p) => (
              <ProjectCard
                key={`${p.id}:${p.name}`}
                project={p}
                onChanged={() => void refresh()}
                onServer={signedIn !== null && serverIds.has(p.id)}
                onUpload={
                  signedIn === null
                    ? undefined
                    : () => void uploadToServer(api, p, signedIn).catch((e: unknown) => setError(describeFailure(`“${p.name}” could not be uploaded`, e)))
                }
              />
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}
