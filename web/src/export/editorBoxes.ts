// The editor's side of the parity check: the engine's layout of any page at any breakpoint (the
// boxes the canvas draws its selection from), in an engine apart from the editor's so the canvas
// keeps its page and breakpoint. Text is measured by the canvas's own measurer.
import type { Breakpoint, HyperBridge, Rect } from '../bridge/HyperBridge';
import { createTextMeasurer, type TextMeasureFn } from '../canvas/measureText';
import { FRAME_HEIGHT } from '../store/projectStore';
import { relativeTo } from './compareBoxes';

export interface EditorLayout {
  /** Every box of a page at a breakpoint, from the page body's top-left corner. */
  boxes(pageId: string, rootId: string, breakpoint: Breakpoint): Record<string, Rect>;
  free(): void;
}

// One measurer per document: each adds a hidden element to the page it measures in.
const measurers = new WeakMap<Document, TextMeasureFn>();

function measurerFor(doc: Document): TextMeasureFn {
  let measure = measurers.get(doc);
  if (measure === undefined) {
    measure = createTextMeasurer(doc);
    measurers.set(doc, measure);
  }
  return measure;
}

/** Lays out the project `snapshotJson` as the editor does, page by page. */
export function editorLayout(bridge: HyperBridge, snapshotJson: string, doc: Document = document): EditorLayout {
  const engine = bridge.standaloneEngine(snapshotJson);
  engine.setTextMeasurer(measurerFor(doc));
  return {
    boxes(pageId, rootId, breakpoint) {
      engine.setLayoutPage(pageId);
      engine.setBreakpoint(breakpoint, FRAME_HEIGHT);
      const boxes = JSON.parse(engine.allBoxes()) as Record<string, Rect>;
      return relativeTo(boxes, boxes[rootId] ?? { x: 0, y: 0 });
    },
    free: () => engine.free(),
  };
}
