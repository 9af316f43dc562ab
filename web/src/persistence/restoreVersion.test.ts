import { describe, expect, it } from 'vitest';
import type { Deltas, ElementRecord, PageRecord } from '../bridge/types';
import { missingPages, restoreCommands } from './restoreVersion';

const page = (id: string, root: string, name = 'Home'): PageRecord => ({ id, name, slug: '', title: 'T', description: '', order: 'a0', root });
const el = (id: string, parent: string | null, extra: Partial<ElementRecord> = {}): ElementRecord => ({
  id,
  kind: parent === null ? 'body' : 'container',
  page: 'p1',
  parent,
  order: 'a0',
  children: [],
  ...extra,
});

describe('restoreCommands', () => {
  it('replaces the body’s children with the version’s tree, parents first and in order', () => {
    const current = {
      pages: new Map([['p1', page('p1', 'b')]]),
      elements: new Map([
        ['b', el('b', null, { children: ['x'], styles: { base: { color: 'red' } } })],
        ['x', el('x', 'b')],
      ]),
    };
    const version: Deltas = {
      pages: [page('p1', 'b', 'Start')],
      elements: [
        el('b', null, { children: ['a2', 'a1'], styles: { base: { 'background-color': 'blue' } } }),
        el('a1', 'b', { order: 'a1', styles: { base: { width: '10px' } }, hidden: true }),
        el('a2', 'b', { order: 'a0', children: ['t'] }),
        el('t', 'a2', { kind: 'text', content: 'hi', tag: 'p' }),
      ],
      removed: [],
      removed_pages: [],
    };
    expect(restoreCommands(current, version)).toEqual([
      { type: 'rename_page', id: 'p1', name: 'Start' },
      { type: 'delete_elements', ids: ['x'] },
      { type: 'update_styles', ids: ['b'], slot: 'base', set: { color: null, 'background-color': 'blue' } },
      { type: 'create_element', kind: 'container', parent: 'b', id: 'a2' },
      { type: 'create_element', kind: 'text', parent: 'a2', id: 't', tag: 'p', content: 'hi' },
      { type: 'create_element', kind: 'container', parent: 'b', id: 'a1', styles: { base: { width: '10px' } } },
      { type: 'set_hidden', ids: ['a1'], hidden: true },
    ]);
  });

  it('sets back the project’s and pages’ language and direction, and container tags', () => {
    const current = {
      project: { lang: 'ar', dir: 'rtl' } as const,
      pages: new Map([['p1', { ...page('p1', 'b'), lang: 'en' }]]),
      elements: new Map([['b', el('b', null)]]),
    };
    const version: Deltas = {
      project: { lang: 'en', dir: 'ltr' },
      pages: [{ ...page('p1', 'b'), dir: 'rtl' }],
      elements: [el('b', null, { children: ['n'] }), el('n', 'b', { tag: 'nav' })],
      removed: [],
      removed_pages: [],
    };
    expect(restoreCommands(current, version)).toEqual([
      { type: 'update_project', lang: 'en', dir: 'ltr' },
      { type: 'update_page', id: 'p1', lang: null, dir: 'rtl' },
      { type: 'create_element', kind: 'container', parent: 'b', id: 'n', tag: 'nav' },
    ]);
  });

  it('creates pages the document lost first, and deletes pages the version lacks', () => {
    const current = { pages: new Map([['p2', page('p2', 'b2')]]), elements: new Map([['b2', el('b2', null)]]) };
    const version: Deltas = { pages: [page('p1', 'b')], elements: [el('b', null)], removed: [], removed_pages: [] };
    expect(missingPages(current, version)).toEqual([
      { type: 'create_page', id: 'p1', name: 'Home', slug: '', title: 'T', description: '' },
    ]);
    expect(restoreCommands(current, version)).toEqual([{ type: 'delete_page', id: 'p2' }]);
  });
});
