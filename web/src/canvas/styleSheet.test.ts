// @vitest-environment happy-dom
// The canvas's element rules stay on their element whatever its id holds: an id that slipped
// past the engine's checks (a remote update, a journal, a backup) must neither restyle the editor
// nor make a rule fail to insert.
import { afterEach, describe, expect, it } from 'vitest';
import type { ElementId, ElementRecord } from '../bridge/types';
import { elementClass } from '../lib/styles';
import { CanvasStyleSheet } from './styleSheet';

/** Ids no command could create; each once broke out of its rule or broke the rule. */
const HOSTILE_IDS = ['x,*', 'a{', '}', 'a b', 'q"]', '*', 'x:hover', 'x) , (*', 'x/*', '€', 'toolbar', '-', '1'];

const record = (id: string, base: Record<string, string>, hover?: Record<string, string>): ElementRecord =>
  ({
    id: id as ElementId,
    kind: 'container',
    page: 'p',
    parent: 'b',
    order: 'a0',
    name: 'Box',
    children: [],
    styles: hover === undefined ? { base } : { base, 'base:hover': hover },
  }) as unknown as ElementRecord;

let sheet: CanvasStyleSheet | null = null;
afterEach(() => {
  sheet?.dispose();
  sheet = null;
  document.body.innerHTML = '';
});

/** The editor's chrome and one canvas element per id, each with the class the canvas gives it. */
function mount(ids: readonly string[]): { toolbar: HTMLElement; elements: Map<string, HTMLElement> } {
  const toolbar = document.createElement('header');
  toolbar.className = 'toolbar';
  document.body.append(toolbar);
  const elements = new Map<string, HTMLElement>();
  for (const id of ids) {
    const el = document.createElement('div');
    el.className = elementClass(id);
    el.dataset.omniosId = id;
    document.body.append(el);
    elements.set(id, el);
  }
  return { toolbar, elements };
}

/** Every style rule of the adopted sheets, inside the breakpoints' container rules too. */
const styleRules = (): CSSStyleRule[] =>
  document.adoptedStyleSheets
    .flatMap((s) => [...s.cssRules])
    .flatMap((r) => (r instanceof CSSStyleRule ? [r] : [...(r as CSSGroupingRule).cssRules].filter((c) => c instanceof CSSStyleRule)));

describe('CanvasStyleSheet with ids no command could create', () => {
  it('writes every rule (none throws) and each rule matches its own element only', () => {
    const { toolbar, elements } = mount(HOSTILE_IDS);
    sheet = new CanvasStyleSheet(document);
    for (const id of HOSTILE_IDS) sheet.update(record(id, { display: 'none' }, { color: 'red' }));

    const rules = styleRules().filter((r) => r.style.cssText !== '');
    expect(rules.length).toBe(HOSTILE_IDS.length * 2);
    for (const rule of rules) {
      const matched = [...document.querySelectorAll(rule.selectorText.replace(':hover', ''))];
      expect(matched.length, rule.selectorText).toBe(1);
      expect(matched[0]).not.toBe(toolbar);
    }
    for (const [id, el] of elements) {
      const [own] = [...document.querySelectorAll(`.${elementClass(id)}`)];
      expect(own, id).toBe(el);
      expect(el.classList.length, `${id} is one class token`).toBe(1);
    }
    expect(getComputedStyle(toolbar).display).not.toBe('none');
  });

  it('plain ids keep their readable class, the others a class no plain id can have', () => {
    expect(elementClass('a1b2_3-x')).toBe('o-a1b2_3-x');
    expect(elementClass('x,*')).toBe('ox-782c2a');
    expect(elementClass('€')).toBe('ox-e282ac');
    // `ox-…` never equals `o-<plain id>`: a plain id `x-782c2a` is `o-x-782c2a`.
    expect(elementClass('x-782c2a')).not.toBe(elementClass('x,*'));
  });
});

describe('CanvasStyleSheet with design tokens', () => {
  it('defines each token as a variable once, and a style naming one reads it', () => {
    sheet = new CanvasStyleSheet(document);
    sheet.setTokens([{ id: 't1', name: 'brand', kind: 'color', value: '#ff0000', used_by: [] }]);
    sheet.update(record('a', { color: 'token:t1' }));
    sheet.update(record('b', { 'background-color': 'token:t1' }));
    const text = sheet.text();
    expect(text).toContain('--omnios-token-t1: #ff0000');
    expect(text).toContain('color: var(--omnios-token-t1)');
    expect(text).toContain('background-color: var(--omnios-token-t1)');
    // A new value rewrites the one variable rule, not the elements' rules.
    sheet.setTokens([{ id: 't1', name: 'brand', kind: 'color', value: '#00ff00', used_by: [] }]);
    expect(sheet.text()).toContain('--omnios-token-t1: #00ff00');
    expect(sheet.text()).not.toContain('#ff0000');
    sheet.setTokens([]);
    expect(sheet.text()).not.toContain('--omnios-token-t1:');
  });
});
