// The editor shell: the routes, then top bar (with the project bar and Export), left panels (insert, layers, pages, versions), the
// canvas in the middle and the properties panel on the right. Starting the editor (engine,
// project, store, frame loop …) is `editor/startEditor.ts`; this file only renders it.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { AssetServicesContext } from './assets/assetServices';
import { UploadList } from './assets/UploadList';
import type { EngineFault } from './bridge/HyperBridge';
import { Canvas } from './canvas/Canvas';
import { Collaborators } from './collab/Collaborators';
import { liveUrlFrom, serverLiveUrl } from './collab/live';
import { LiveContext } from './collab/liveContext';
import { RemotePresence } from './collab/RemotePresence';
import { startEditor, ProjectMissingError, type EditorSession, type StartEditorOptions } from './editor/startEditor';
import { ExportButton } from './export/ExportButton';
import { PreviewButton } from './preview/PreviewButton';
import { createProject, ProjectHome } from './home/ProjectHome';
import { JoinPage } from './home/JoinPage';
import { ProjectBar } from './persistence/ProjectBar';
import { navigate, SessionContext } from './persistence/sessionContext';
import { VersionsPanel } from './panels/versions/VersionsPanel';
import { CommentsPanel } from './panels/comments/CommentsPanel';
import { CommentLayer } from './comments/CommentLayer';
import { loadMembers, MembersContext } from './comments/members';
import type { Member } from './lib/comments';
import { ContextMenu } from './lib/ContextMenu';
import { CheatSheet } from './lib/CheatSheet';
import { Icon, type IconName } from './lib/Icon';
import { Toast } from './lib/Toast';
import { TopBar } from './lib/TopBar';
import { InsertPanel } from './panels/insert/InsertPanel';
import { LayersPanel } from './panels/layers/LayersPanel';
import { PagesPanel } from './panels/pages/PagesPanel';
import { ComponentsPanel } from './panels/components/ComponentsPanel';
import { CreateComponentDialog } from './lib/CreateComponentDialog';
import { AssetsPanel } from './panels/assets/AssetsPanel';
import { TokensPanel } from './panels/tokens/TokensPanel';
import { PropertiesPanel } from './panels/properties/PropertiesPanel';
import { ServerApi } from './server/api';
import { ProjectBlobsApi } from './server/blobs';
import { opensOnServer, presenceOf } from './server/live';
import { ShareButton } from './server/ShareButton';
import { ServerAccessContext, useServerAccess, type ServerAccess } from './server/serverAccess';
import { ServerVersionsPanel } from './server/ServerVersionsPanel';
import { ProjectStoreContext, useProjectStore, type LeftPanel } from './store/projectStore';

/** Where starting the editor stands; the editor shows engine facts only once it is `ready`. */
export type EngineStatus =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly editor: EditorSession; readonly server: ServerAccess | null }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'missing'; readonly version: string; readonly projectId: string };

/** What the URL asks for: the project home, a saved project, a new one, or the benchmark page. */
export type Route =
  | { readonly kind: 'home' }
  | { readonly kind: 'new' }
  | { readonly kind: 'project'; readonly id: string }
  | { readonly kind: 'join'; readonly token: string }
  | { readonly kind: 'fixture' };

export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  if (params.get('fixture') === 'bench') return { kind: 'fixture' };
  const match = /^\/p\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1] !== undefined) return { kind: 'project', id: decodeURIComponent(match[1]) };
  const join = /^\/join\/([^/]+)\/?$/.exec(pathname);
  if (join?.[1] !== undefined) return { kind: 'join', token: decodeURIComponent(join[1]) };
  if (pathname === '/new' || pathname === '/new/') return { kind: 'new' };
  return { kind: 'home' };
}

const subscribeLocation = (listener: () => void): (() => void) => {
  window.addEventListener('popstate', listener);
  return () => window.removeEventListener('popstate', listener);
};

function useRoute(): Route {
  const href = useSyncExternalStore(subscribeLocation, () => window.location.pathname + window.location.search);
  const url = new URL(href, window.location.origin);
  return parseRoute(url.pathname, url.search);
}

type ServerOptions = Pick<StartEditorOptions, 'liveOptions' | 'liveName' | 'serverBlobs' | 'author'> & { readonly access: ServerAccess | null };

/**
 * A server project joins its room as the signed-in account, is named here as on the server, and
 * its assets' bytes come and go through the server; `access` (the account, the project and my
 * role in it) feeds the Share button.
 */
async function serverOptions(projectId: string): Promise<ServerOptions> {
  const api = new ServerApi();
  const account = await api.account();
  if (account.state !== 'signed-in') return { access: null };
  const project = await api.getProject(projectId).catch(() => null);
  return {
    liveOptions: { user: presenceOf(account.user), canWrite: project?.role !== 'viewer' },
    liveName: project?.name,
    serverBlobs: new ProjectBlobsApi(projectId),
    author: { id: account.user.id, name: account.user.email },
    access: project === null ? null : { api, project, user: account.user },
  };
}

/** Starts the editor (`startEditor`) for as long as the component is mounted. */
function useEditor(projectId: string | null, onFault: (fault: EngineFault) => void): EngineStatus {
  const [status, setStatus] = useState<EngineStatus>({ state: 'loading' });
  useEffect(() => {
    const aborted = new AbortController();
    let editor: EditorSession | null = null;
    // `?live=<ws url>`: the project joins that live room (collab/live.ts); `?server=1`: the
    // project's room on this server, as the signed-in account (server/live.ts).
    const search = window.location.search;
    const onServer = projectId !== null && opensOnServer(search);
    const live = projectId === null ? null : onServer ? serverLiveUrl(projectId) : liveUrlFrom(search);
    const server: Promise<ServerOptions> = onServer ? serverOptions(projectId) : Promise.resolve({ access: null });
    server
      .then(async ({ access, ...more }) => ({ access, started: await startEditor({ projectId, onFault, signal: aborted.signal, live, ...more }) }))
      .then(({ access, started }) => {
        if (aborted.signal.aborted) {
          void started.dispose();
          return;
        }
        editor = started;
        setStatus({ state: 'ready', editor: started, server: access });
      })
      .catch((error: unknown) => {
        if (aborted.signal.aborted) return;
        if (error instanceof ProjectMissingError) {
          setStatus({ state: 'missing', version: error.engineVersion, projectId: error.projectId });
        } else {
          setStatus({ state: 'failed', message: String(error) });
        }
      });
    return () => {
      aborted.abort();
      void editor?.dispose();
    };
  }, [projectId, onFault]);
  return status;
}

const LEFT_TABS: readonly { id: LeftPanel; label: string; icon: IconName }[] = [
  { id: 'insert', label: 'Insert', icon: 'plus' },
  { id: 'layers', label: 'Layers', icon: 'layers' },
  { id: 'pages', label: 'Pages', icon: 'page' },
  { id: 'components', label: 'Components', icon: 'component' },
  { id: 'assets', label: 'Assets', icon: 'image' },
  { id: 'tokens', label: 'Tokens', icon: 'tokens' },
  { id: 'versions', label: 'Versions', icon: 'clock' },
  { id: 'comments', label: 'Comments', icon: 'comment' },
];

function LeftSidebar({ saved }: { saved: boolean }) {
  const panel = useProjectStore((s) => s.leftPanel);
  const setPanel = useProjectStore((s) => s.setLeftPanel);
  const server = useServerAccess();
  const tabs = saved ? LEFT_TABS : LEFT_TABS.filter((t) => t.id !== 'versions');
  const current = tabs.find((t) => t.id === panel);
  return (
    <>
      <nav className="rail" aria-label="Panels">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            className={`rail-button${panel === t.id ? ' active' : ''}`}
            aria-label={t.label}
            aria-pressed={panel === t.id}
            title={t.label}
            onClick={() => setPanel(t.id)}
          >
            <Icon name={t.icon} size={16} />
          </button>
        ))}
      </nav>
      <aside className="panel left-panel" aria-label={current?.label}>
        <header className="panel-header">
          <h2>{current?.label}</h2>
        </header>
        {panel === 'insert' && <InsertPanel />}
        {panel === 'layers' && <LayersPanel />}
        {panel === 'pages' && <PagesPanel />}
        {panel === 'components' && <ComponentsPanel />}
        {panel === 'assets' && <AssetsPanel />}
        {panel === 'tokens' && <TokensPanel />}
        {panel === 'versions' && (server === null ? <VersionsPanel /> : <ServerVersionsPanel access={server} />)}
        {panel === 'comments' && <CommentsPanel />}
      </aside>
    </>
  );
}

/** Shown after the editor recovered from an engine crash or stall. */
function RecoveryBanner({ fault, onClose }: { fault: EngineFault; onClose: () => void }) {
  const what =
    fault.kind === 'stall'
      ? `The engine stopped responding (${fault.call}: ${fault.message}).`
      : `The engine failed unexpectedly (${fault.call}: ${fault.message}).`;
  return (
    <div className="recovery-banner" role="alert" data-testid="recovery-banner" data-kind={fault.kind}>
      <span className="toast-icon" aria-hidden="true">⚠</span>
      <span>
        {what} The editor reloaded the last good state of this project; everything saved or made before that is
        here, and you can keep working.
      </span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={onClose}>
        ✕
      </button>
    </div>
  );
}

/** A server project's members, whom a comment can mention (none for a local project). */
function useMembers(projectId: string | null): readonly Member[] {
  const [members, setMembers] = useState<readonly Member[]>([]);
  useEffect(() => {
    if (projectId === null || !opensOnServer(window.location.search)) return;
    let current = true;
    loadMembers(new ServerApi(), projectId)
      .then((list) => current && setMembers(list))
      .catch(() => undefined); // no suggestions; comments still work
    return () => {
      current = false;
    };
  }, [projectId]);
  return members;
}

function Editor({
  projectId,
  onFault,
  fault,
  onDismissFault,
}: {
  projectId: string | null;
  onFault: (fault: EngineFault) => void;
  fault: EngineFault | null;
  onDismissFault: () => void;
}) {
  const status = useEditor(projectId, onFault);
  const members = useMembers(projectId);
  if (status.state === 'missing') {
    return (
      <div className="app" data-engine-state="missing">
        <header className="toolbar topbar">
          <span className="brand">OMNIOS</span>
          <span className="engine engine-ready" data-testid="engine-version">
            {status.version}
          </span>
        </header>
        <main className="home-body">
          <div className="home-message home-error" role="alert">
            There is no project “{status.projectId}” in this browser. It may have been deleted, or saved in another
            browser.
          </div>
          <button type="button" className="button primary" onClick={() => navigate('/')}>
            All projects
          </button>
        </main>
      </div>
    );
  }
  if (status.state !== 'ready') {
    return (
      <div className="app" data-engine-state={status.state}>
        <header className="toolbar topbar">
          <span className="brand">OMNIOS</span>
          {status.state === 'loading' ? (
            <span className="engine engine-loading">Loading engine…</span>
          ) : (
            <span className="engine engine-failed" role="alert">
              {status.message}
            </span>
          )}
        </header>
        <div className="loading-body" />
      </div>
    );
  }
  const { session, store, version, bridge, assets, live } = status.editor;
  const readBlob = async (sha: string): Promise<Uint8Array | undefined> => (await assets.blobs()).get(sha);
  return (
    <SessionContext.Provider value={session}>
      <ProjectStoreContext.Provider value={store}>
      <AssetServicesContext.Provider value={assets}>
      <LiveContext.Provider value={live}>
      <ServerAccessContext.Provider value={status.server}>
      <MembersContext.Provider value={members}>
        <div className="app" data-engine-state="ready">
          <TopBar
            version={version}
            people={
              <>
                <Collaborators />
                {status.server !== null && <ShareButton access={status.server} />}
              </>
            }
            project={
              session === null ? undefined : (
                <>
                  <ProjectBar session={session} bridge={bridge} readBlob={readBlob} />
                  <PreviewButton bridge={bridge} readBlob={readBlob} />
                  <ExportButton bridge={bridge} projectName={() => session.name} readBlob={readBlob} />
                </>
              )
            }
          />
          {fault !== null && <RecoveryBanner fault={fault} onClose={onDismissFault} />}
          <div className="workspace">
            <LeftSidebar saved={session !== null} />
            <main className="canvas-area">
              <Canvas overlay={<RemotePresence />} above={<CommentLayer />} />
              <UploadList />
            </main>
            <PropertiesPanel />
          </div>
          <ContextMenu />
          <CreateComponentDialog />
          <CheatSheet />
          <Toast />
        </div>
      </MembersContext.Provider>
      </ServerAccessContext.Provider>
      </LiveContext.Provider>
      </AssetServicesContext.Provider>
      </ProjectStoreContext.Provider>
    </SessionContext.Provider>
  );
}

/** A saved project; after an engine fault it reopens from the last good state and says so. */
function ProjectEditor({ projectId }: { projectId: string | null }) {
  const [generation, setGeneration] = useState(0);
  const [fault, setFault] = useState<EngineFault | null>(null);
  const [onFault] = useState(() => (f: EngineFault) => {
    setFault(f);
    setGeneration((g) => g + 1);
  });
  return (
    <Editor
      key={`${projectId ?? 'fixture'}:${generation}`}
      projectId={projectId}
      onFault={onFault}
      fault={fault}
      onDismissFault={() => setFault(null)}
    />
  );
}

// One creation per visit of `/new`, also when React runs the effect twice (StrictMode).
let creating: Promise<string> | null = null;

/** `/new`: creates an empty project, then shows it at its own URL. */
function NewProject() {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    creating ??= createProject().finally(() => setTimeout(() => (creating = null), 0));
    creating
      .then((id) => current && navigate(`/p/${id}`, true))
      .catch((e: unknown) => current && setError(String(e)));
    return () => {
      current = false;
    };
  }, []);
  return (
    <div className="app" data-engine-state={error === null ? 'loading' : 'failed'}>
      <header className="toolbar topbar">
        <span className="brand">OMNIOS</span>
        {error === null ? (
          <span className="engine engine-loading">Loading engine…</span>
        ) : (
          <span className="engine engine-failed" role="alert">
            {error}
          </span>
        )}
      </header>
      <div className="loading-body" />
    </div>
  );
}

export function App() {
  const route = useRoute();
  switch (route.kind) {
    case 'home':
      return <ProjectHome />;
    case 'new':
      return <NewProject />;
    case 'fixture':
      return <ProjectEditor projectId={null} />;
    case 'project':
      return <ProjectEditor key={route.id} projectId={route.id} />;
    case 'join':
      return <JoinPage key={route.token} token={route.token} />;
  }
}
