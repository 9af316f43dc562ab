import { describe, expect, it } from 'vitest';
import { compareBoxes, relativeTo } from './compareBoxes';
import { elementLabel } from './parityCheck';
import { cellText, loadParityReport, saveParityReport } from './parityResults';
import { elementIdOfClass, staticPagePath } from './staticPageFrame';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('compareBoxes', () => {
  it('counts nothing when every box is within 1 px', () => {
    const editor = { a: box(0, 0, 100, 20), b: box(10, 20, 50, 50) };
    const exported = { a: box(0.4, 0, 100.9, 19.2), b: box(10, 21, 50, 50), extra: box(0, 0, 1, 1) };
    expect(compareBoxes(editor, exported)).toEqual({ compared: 2, differing: [] });
  });

  it('lists what differs, missing elements first, then the largest gap', () => {
    const editor = { a: box(0, 0, 100, 20), b: box(0, 20, 100, 20), c: box(0, 40, 30, 10) };
    const exported = { a: box(0, 0, 100, 23.5), b: box(0, 28, 100, 20) };
    expect(compareBoxes(editor, exported).differing).toEqual([
      { id: 'c', by: 30, missing: true },
      { id: 'b', by: 8, missing: false },
      { id: 'a', by: 3.5, missing: false },
    ]);
  });

  it('measures from an origin', () => {
    expect(relativeTo({ a: box(12, 30, 5, 5) }, { x: 10, y: 10 })).toEqual({ a: box(2, 20, 5, 5) });
  });
});

describe('the parity table and its storage', () => {
  const cell = { pageId: 'p', pageName: 'Home', breakpoint: 'base', width: 1440, compared: 4 } as const;

  it('says OK, or how many differ and which is worst', () => {
    expect(cellText({ ...cell, differing: 0 })).toBe('OK');
    expect(cellText({ ...cell, differing: 2, worst: { id: 'e1', label: 'text “Hello” (e1)', by: 12.34, missing: false } })).toBe(
      '2 elements differ by more than 1 px; worst: text “Hello” (e1), off by 12.3 px',
    );
    expect(cellText({ ...cell, differing: 1, worst: { id: 'i', label: 'image (i)', by: 40, missing: true } })).toBe(
      '1 element differs by more than 1 px; worst: image (i), missing from the export',
    );
  });

  it('names elements as people know them', () => {
    const el = { id: 'e1', kind: 'text', page: 'p', parent: 'b', order: 'a0', content: '  A heading that is rather long indeed ' } as const;
    expect(elementLabel(el, 'e1')).toBe('text “A heading that is rather…” (e1)');
    expect(elementLabel({ ...el, name: 'Hero title' }, 'e1')).toBe('Hero title (e1)');
    expect(elementLabel(undefined, 'gone')).toBe('gone');
  });

  it('keeps the last report per project and ignores anything else under its key', () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
    } as unknown as Storage;
    const report = { checkedAt: 1_700_000_000_000, tolerancePx: 1, cells: [{ ...cell, differing: 0 }] };
    expect(loadParityReport('p1', storage)).toBeUndefined();
    expect(saveParityReport('p1', report, storage)).toBe(true);
    expect(loadParityReport('p1', storage)).toEqual(report);
    expect(loadParityReport('p2', storage)).toBeUndefined();
    items.set('omnios.export.parity.p3', '{"cells": "nope"}');
    expect(loadParityReport('p3', storage)).toBeUndefined();
    items.set('omnios.export.parity.p4', 'not json');
    expect(loadParityReport('p4', storage)).toBeUndefined();
  });
});

describe('static page frames', () => {
  it('finds element ids behind export classes and pages behind slugs', () => {
    expect(elementIdOfClass('o-a1_B-2')).toBe('a1_B-2');
    expect(elementIdOfClass('o_787b7d')).toBe('x{}');
    expect(elementIdOfClass('omnios-page')).toBeUndefined();
    expect(staticPagePath('')).toBe('index.html');
    expect(staticPagePath('/blog/post/')).toBe('blog/post/index.html');
  });
});
