// The host text measurer the engine's layout calls (engine: layout.rs, TextMeasurer): it lays
// the text out in a hidden element with the resolved font, so the engine's boxes get the
// heights Chromium draws. The engine caches answers by font, text and width.
import type { Run } from '../bridge/types';
import { runsToHtml } from './richText';

/** A resolved font, as the engine sends it (layout.rs, FontSpec). */
export interface FontSpec {
  readonly family: string;
  readonly size: string;
  readonly weight: string;
  readonly style: string;
  readonly lineHeight: string;
  readonly letterSpacing: string;
  readonly whiteSpace: string;
  readonly textTransform: string;
}

/**
 * What the engine asks to measure (layout.rs, TextRequest); its text is already transformed.
 * `runs` come with a text element that has marks or line breaks: laid out as the canvas draws them.
 */
export interface TextRequest {
  readonly text: string;
  readonly runs?: readonly Run[];
  readonly font: FontSpec;
}

/** `(requestJson, maxWidth | undefined) => [width, height]`: the engine's measurer signature. */
export type TextMeasureFn = (requestJson: string, maxWidth?: number) => [number, number];

/**
 * A measurer bound to a document. `maxWidth` undefined means max-content; 0 means min-content;
 * otherwise the text takes its fit-content width within `maxWidth`, wrapping as CSS does.
 */
export function createTextMeasurer(doc: Document = document): TextMeasureFn {
  const frame = doc.createElement('div');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText =
    'position:absolute;left:-100000px;top:0;visibility:hidden;pointer-events:none;contain:layout style;';
  const probe = doc.createElement('div');
  probe.style.display = 'block';
  frame.appendChild(probe);
  doc.body.appendChild(frame);

  return (requestJson, maxWidth) => {
    const request = JSON.parse(requestJson) as TextRequest;
    const { font } = request;
    const s = probe.style;
    s.fontFamily = font.family;
    s.fontSize = font.size;
    s.fontWeight = font.weight;
    s.fontStyle = font.style;
    s.lineHeight = font.lineHeight;
    s.letterSpacing = font.letterSpacing;
    s.whiteSpace = font.whiteSpace;
    s.textTransform = 'none';
    if (maxWidth === undefined) {
      frame.style.width = 'auto';
      s.width = 'max-content';
    } else if (maxWidth <= 0) {
      frame.style.width = '0px';
      s.width = 'min-content';
    } else {
      frame.style.width = `${maxWidth}px`;
      s.width = 'fit-content';
    }
    if (request.runs !== undefined && request.runs.length > 0) probe.innerHTML = runsToHtml(request.runs);
    else probe.textContent = request.text;
    const rect = probe.getBoundingClientRect();
    return [rect.width, rect.height];
  };
}
