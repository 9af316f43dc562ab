import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HyperBridge } from '../../bridge/HyperBridge';
import type { ElementRecord, PageId } from '../../bridge/types';
import { pullFrame } from '../../store/frameLoop';
import { createProjectStore, type ProjectStoreApi } from '../../store/projectStore';
import { duplicatePage } from './pageActions';

let bridge: HyperBridge;
beforeAll(async () => {
  const wasm = readFileSync(new URL('../../bridge/__generated__/omnios_wasm_bg.wasm', import.meta.url));
  bridge = await HyperBridge.load({ wasm });
});

/** The page's tree as a user sees it in the layers panel: kinds, names, content, no ids. */
function tree(api: ProjectStoreApi, id: string): unknown {
  const el: ElementRecord | undefined = api.getState().elements.get(id);
  if (el === undefined) throw new Error(`no element ${id}`);
  return { kind: el.kind, name: el.name ?? '', content: el.content ?? '', styles: el.styles ?? {}, children: el.children.map((c) => tree(api, c)) };
}

function root(api: ProjectStoreApi, page: PageId): string {
  const record = api.getState().pages.get(page);
  if (record === undefined) throw new Error(`no page ${page}`);
  return record.root;
}

describe('duplicating a page', () => {
  it('opens a copy right after the page with the same elements, and one undo removes it', () => {
    bridge.newProject(7);
    const api = createProjectStore(bridge);
    pullFrame(api);
    const home = api.getState().activePage ?? '';
    const about = api.getState().run({ type: 'create_page', name: 'About', slug: 'about' })?.created_pages[0] ?? '';
    api.getState().run({ type: 'create_page', name: 'Contact', slug: 'contact' });
    pullFrame(api);
    const hero = api.getState().run({ type: 'create_element', kind: 'section', parent: root(api, about), name: 'Hero' })?.created[0] ?? '';
    api.getState().run({
      type: 'create_element',
      kind: 'text',
      parent: hero,
      content: 'Hello',
      styles: { base: { color: 'red' } },
    });
    pullFrame(api);
    const before = api.getState().pageOrder;

    const copy = duplicatePage(api, about);
    pullFrame(api);
    expect(copy).not.toBeNull();
    expect(api.getState().activePage).toBe(copy);
    const record = api.getState().pages.get(copy ?? '');
    expect([record?.name, record?.slug]).toEqual(['About 2', 'about-2']);
    expect(api.getState().pageOrder).toEqual([home, about, copy, before[2]]);
    expect(tree(api, root(api, copy ?? ''))).toEqual(tree(api, root(api, about)));
    expect(api.getState().elements.get(root(api, copy ?? ''))?.children).not.toContain(hero);

    api.getState().undo();
    pullFrame(api);
    expect(api.getState().pageOrder).toEqual(before);
    expect(api.getState().pages.has(copy ?? '')).toBe(false);
    expect(api.getState().activePage).not.toBe(copy);
  });

  it('refuses an unknown page with a typed message and opens nothing', () => {
    bridge.newProject(8);
    const api = createProjectStore(bridge);
    pullFrame(api);
    const active = api.getState().activePage;
    expect(duplicatePage(api, 'nope')).toBeNull();
    expect(api.getState().message?.code).toBe('unknown_page');
    expect(api.getState().activePage).toBe(active);
  });
});
