// The editor shell: top bar, left panels (insert, layers, pages), the canvas in the middle and
// the properties panel on the right. It loads the engine, opens a project and starts the frame
// loop that feeds the store.
import { useEffect, useState } from 'react';
import { HyperBridge } from './bridge/HyperBridge';
import { Canvas } from './canvas/Canvas';
import { createTextMeasurer } from './canvas/measureText';
import { CanvasStyleSheet } from './canvas/styleSheet';
import { ContextMenu } from './lib/ContextMenu';
import { CheatSheet } from './lib/CheatSheet';
import { Icon, type IconName } from './lib/Icon';
import { installShortcuts } from './lib/shortcuts';
import { Toast } from './lib/Toast';
import { TopBar } from './lib/TopBar';
import { InsertPanel } from './panels/insert/InsertPanel';
import { LayersPanel } from './panels/layers/LayersPanel';
import { PagesPanel } from './panels/pages/PagesPanel';
import { PropertiesPanel } from './panels/properties/PropertiesPanel';
import { startFrameLoop } from './store/frameLoop';
import {
  createProjectStore,
  ProjectStoreContext,
  useProjectStore,
  type LeftPanel,
  type ProjectStoreApi,
} from './store/projectStore';

/** Where loading the engine stands; the editor shows engine facts only once it is `ready`. */
export type EngineStatus =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly version: string; readonly api: ProjectStoreApi }
  | { readonly state: 'failed'; readonly message: string };

declare global {
  interface Window {
    /** Development and test builds only (`?test=1`): the bridge, the store and the raw engine. */
    omnios?: { bridge: HyperBridge; store: ProjectStoreApi; engine: unknown };
  }
}

/** Whether to expose `window.omnios`: a dev server, or a page opened with `?test=1`. */
export function exposeForTests(): boolean {
  return import.meta.env.DEV || new URLSearchParams(window.location.search).has('test');
}

/** Opens the project the URL names (`?fixture=bench`: the 10,000-element page), else an empty one. */
async function openProject(bridge: HyperBridge): Promise<void> {
  const fixture = new URLSearchParams(window.location.search).get('fixture');
  if (fixture === 'bench') {
    const { benchSnapshot } = await import('./bench/benchPage');
    bridge.openProject(JSON.stringify(benchSnapshot()));
  } else {
    bridge.newProject();
  }
}

function useEditor(): EngineStatus {
  const [status, setStatus] = useState<EngineStatus>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    let stop = (): void => {};
    HyperBridge.load()
      .then(async (bridge) => {
        performance.mark('omnios:engine-loaded');
        await openProject(bridge);
        performance.mark('omnios:project-opened');
        if (!current) return;
        bridge.setTextMeasurer(createTextMeasurer());
        const api = createProjectStore(bridge);
        const sheet = new CanvasStyleSheet();
        const seed = bridge.fullDeltas();
        bridge.takeDeltas();
        performance.mark('omnios:deltas-read');
        for (const el of seed.elements) sheet.update(el);
        performance.mark('omnios:styles-written');
        api.getState().applyDeltas(seed);
        performance.mark('omnios:laid-out');
        const stopLoop = startFrameLoop(api, {
          onDeltas: (d) => {
            for (const el of d.elements) sheet.update(el);
            for (const id of d.removed) sheet.remove(id);
          },
        });
        const stopKeys = installShortcuts(api);
        stop = () => {
          stopLoop();
          stopKeys();
          sheet.dispose();
        };
        if (exposeForTests()) window.omnios = { bridge, store: api, engine: bridge.engine() };
        setStatus({ state: 'ready', version: bridge.version(), api });
      })
      .catch((error: unknown) => current && setStatus({ state: 'failed', message: String(error) }));
    return () => {
      current = false;
      stop();
    };
  }, []);
  return status;
}

const LEFT_TABS: readonly { id: LeftPanel; label: string; icon: IconName }[] = [
  { id: 'insert', label: 'Insert', icon: 'plus' },
  { id: 'layers', label: 'Layers', icon: 'layers' },
  { id: 'pages', label: 'Pages', icon: 'page' },
];

function LeftSidebar() {
  const panel = useProjectStore((s) => s.leftPanel);
  const setPanel = useProjectStore((s) => s.setLeftPanel);
  const current = LEFT_TABS.find((t) => t.id === panel);
  return (
    <>
      <nav className="rail" aria-label="Panels">
        {LEFT_TABS.map((t) => (
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
      </aside>
    </>
  );
}

export function App() {
  const status = useEditor();
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
  return (
    <ProjectStoreContext.Provider value={status.api}>
      <div className="app" data-engine-state="ready">
        <TopBar version={status.version} />
        <div className="workspace">
          <LeftSidebar />
          <main className="canvas-area">
            <Canvas />
          </main>
          <PropertiesPanel />
        </div>
        <ContextMenu />
        <CheatSheet />
        <Toast />
      </div>
    </ProjectStoreContext.Provider>
  );
}
