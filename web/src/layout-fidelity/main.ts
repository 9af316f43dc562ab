// The layout fidelity runner page (layout.html): tests/layout/fidelity.test.mjs opens it
// through `omnios serve` and calls `window.omniosLayout.run(case)` once per expected case.
// Each case is a new project, built through HyperBridge's commit/commitBatch (so command
// validation and the style mapping are tested), measured by the editor's own text measurer,
// and laid out at each breakpoint Chromium rendered. Comparing and reporting happen in Node.
import { HyperBridge, type Breakpoint, type Rect, type Snapshot } from '../bridge/HyperBridge';
import { createTextMeasurer } from '../canvas/measureText';
import { fixtureCommands, type FixtureCase } from './fixtureCommands';

/** The engine's boxes for one render, by fixture element id. */
export interface EngineRender {
  readonly breakpoint: Breakpoint;
  readonly boxes: Readonly<Record<string, Rect>>;
}

export interface LayoutRunner {
  readonly version: string;
  run(fixtureCase: FixtureCase): EngineRender[];
}

declare global {
  interface Window {
    omniosLayout?: LayoutRunner;
    omniosLayoutError?: string;
  }
}

const measure = createTextMeasurer(document);

function run(bridge: HyperBridge, fixtureCase: FixtureCase): EngineRender[] {
  bridge.newProject(1);
  const snapshot = JSON.parse(bridge.toJSON()) as Snapshot;
  const body = snapshot.pages[0]?.root;
  if (body === undefined) throw new Error('the new project has no page');
  bridge.setTextMeasurer(measure);
  bridge.commitBatch(fixtureCommands(fixtureCase.root, body));
  return fixtureCase.renders.map(({ breakpoint, viewport }) => {
    bridge.setBreakpoint(breakpoint, viewport.height);
    const { [body]: bodyBox, ...boxes } = bridge.allBoxes();
    return { breakpoint, boxes: bodyBox === undefined ? boxes : { ...boxes, [fixtureCase.root.id]: bodyBox } };
  });
}

const status = document.getElementById('status');
HyperBridge.load().then(
  (bridge) => {
    window.omniosLayout = { version: bridge.version(), run: (fixtureCase) => run(bridge, fixtureCase) };
    if (status !== null) status.textContent = `ready: ${bridge.version()}`;
  },
  (error: unknown) => {
    window.omniosLayoutError = String(error);
    if (status !== null) status.textContent = `failed: ${String(error)}`;
  },
);
