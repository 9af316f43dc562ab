// The component actions on the real engine and store: create from one element or from siblings
// (wrapped, one undo step), names refused with nothing changed, instances placed, a master shown
// on the canvas (laid out, hit-testable) and left, and the store leaving a master that is gone.
import { beforeAll, describe, expect, it } from 'vitest';
import type { HyperBridge } from '../bridge/HyperBridge';
import { pullFrame } from '../store/frameLoop';
import type { ProjectStoreApi } from '../store/projectStore';
import { loadTestBridge, openTestStore } from '../store/testStore';
import { selectParent } from './actions';
import { createComponent, editComponentOf, insertInstance, instanceFor } from './componentActions';
import { listComponents } from './components';

let bridge: HyperBridge;
beforeAll(async () => {
  bridge = await loadTestBridge();
});

const open = (): { api: ProjectStoreApi; body: string } => openTestStore(bridge, 11);

function add(api: ProjectStoreApi, parent: string, kind: 'container' | 'link' | 'text', content?: string): string {
  const applied = api.getState().run({ type: 'create_element', kind, parent, ...(content === undefined ? {} : { content }), styles: { base: { 'min-height': '40px' } } });
  pullFrame(api);
  const id = applied?.created[0];
  if (id === undefined) throw new Error('not created');
  return id;
}

describe('component actions', () => {
  it('makes siblings one component (wrapped first) in one undo step, and refuses a taken name changing nothing', () => {
    const { api, body } = open();
    const links = [add(api, body, 'link', 'A'), add(api, body, 'link', 'B')];
    expect(createComponent(api, links, '   ')).toMatch(/needs a name/);
    expect(createComponent(api, links, 'Nav')).toBeNull();
    pullFrame(api);
    const state = api.getState();
    const [instance] = state.elements.get(body)?.children ?? [];
    expect(state.elements.get(body)?.children).toHaveLength(1);
    expect(state.elements.get(instance ?? '')?.kind).toBe('instance');
    expect(state.selection).toEqual([instance]);
    expect(listComponents(state.elements.values()).map((c) => c.name)).toEqual(['Nav']);

    const other = add(api, body, 'text', 'x');
    expect(createComponent(api, [other], 'Nav')).toMatch(/exists already/);
    pullFrame(api);
    expect(api.getState().elements.get(other)?.kind).toBe('text');

    // After the other text's undo, one undo takes back the component and the wrapper.
    api.getState().undo();
    api.getState().undo();
    pullFrame(api);
    expect(api.getState().elements.get(body)?.children).toEqual(links);
  });

  it('places instances, shows a master on the canvas with its boxes, and leaves it', () => {
    const { api, body } = open();
    const card = add(api, body, 'container');
    const title = add(api, card, 'text', 'Title');
    expect(createComponent(api, [card], 'Card')).toBeNull();
    pullFrame(api);
    const master = api.getState().elements.get(card)?.props?.component as string;
    api.getState().select([]);
    const placed = insertInstance(api, master);
    pullFrame(api);
    expect(placed).not.toBeNull();
    expect(api.getState().elements.get(body)?.children).toEqual([card, placed]);

    // A shown element belongs to its instance; editing its component shows the master.
    const shownRoot = api.getState().elements.get(placed ?? '')?.children[0] ?? '';
    expect(instanceFor(api, shownRoot)).toBe(placed);
    expect(editComponentOf(api, shownRoot)).toBe(true);
    pullFrame(api);
    expect(api.getState().editingComponent).toBe(master);
    const masterTitle = api.getState().elements.get(master)?.children[0] ?? '';
    expect(masterTitle).not.toBe(title);
    const box = api.getState().boxes.get(masterTitle);
    expect(box).toBeDefined();
    expect(bridge.hitTest((box?.x ?? 0) + 1, (box?.y ?? 0) + 1)).toBe(masterTitle);

    // Escape: up to the master root, to nothing selected, then out of the master.
    api.getState().select([masterTitle]);
    selectParent(api);
    expect(api.getState().selection).toEqual([master]);
    selectParent(api);
    expect(api.getState().selection).toEqual([]);
    selectParent(api);
    expect(api.getState().editingComponent).toBeNull();
    expect(api.getState().boxes.has(card)).toBe(true);

    // Opening the page shown under the master leaves the master too.
    api.getState().editComponent(master);
    api.getState().setActivePage(api.getState().activePage ?? '');
    expect(api.getState().editingComponent).toBeNull();
    expect(api.getState().boxes.has(card)).toBe(true);
  });

  it('goes back to the page when the master being edited is deleted', () => {
    const { api, body } = open();
    const card = add(api, body, 'container');
    expect(createComponent(api, [card], 'Card')).toBeNull();
    pullFrame(api);
    const master = api.getState().elements.get(card)?.props?.component as string;
    api.getState().editComponent(master);
    api.getState().run({ type: 'delete_component', id: master, force: true });
    pullFrame(api);
    expect(api.getState().editingComponent).toBeNull();
    expect(api.getState().elements.get(card)?.kind).toBe('container');
  });
});
