import { useEffect, useState } from 'react';
import { HyperBridge } from './bridge/HyperBridge';

/** Where loading the engine stands; the editor shows engine facts only once it is `ready`. */
export type EngineStatus =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly version: string }
  | { readonly state: 'failed'; readonly message: string };

function useEngineStatus(): EngineStatus {
  const [status, setStatus] = useState<EngineStatus>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    HyperBridge.load().then(
      (bridge) => current && setStatus({ state: 'ready', version: bridge.version() }),
      (error: unknown) => current && setStatus({ state: 'failed', message: String(error) }),
    );
    return () => {
      current = false;
    };
  }, []);
  return status;
}

function EngineBadge({ status }: { readonly status: EngineStatus }) {
  switch (status.state) {
    case 'loading':
      return <span className="engine engine-loading">Loading engine…</span>;
    case 'ready':
      return (
        <span className="engine engine-ready" data-testid="engine-version">
          {status.version}
        </span>
      );
    case 'failed':
      return (
        <span className="engine engine-failed" role="alert">
          {status.message}
        </span>
      );
  }
}

export function App() {
  const status = useEngineStatus();
  return (
    <div className="app" data-engine-state={status.state}>
      <header className="toolbar">
        <span className="brand">OMNIOS</span>
        <EngineBadge status={status} />
      </header>
      <main className="canvas" data-testid="canvas" aria-label="Canvas">
        <div className="frame" data-breakpoint="base" />
      </main>
    </div>
  );
}
