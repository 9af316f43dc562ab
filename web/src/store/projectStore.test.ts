import { beforeAll, describe, expect, it } from 'vitest';
import type { HyperBridge } from '../bridge/HyperBridge';
import { pullFrame } from './frameLoop';
import type { ProjectStoreApi } from './projectStore';
import { loadTestBridge, openTestStore } from './testStore';

let bridge: HyperBridge;
beforeAll(async () => {
  bridge = await loadTestBridge();
});

const open = (): { api: ProjectStoreApi; body: string } => openTestStore(bridge, 7);

describe('project store', () => {
  it('keeps comments apart from undo and reads a remote comment in the next frame', () => {
    const { api, body } = open();
    bridge.setLocalUser('u-ada', 'Ada');
    const page = api.getState().activePage ?? '';
    const made = api.getState().comment({ type: 'start_thread', page, element: body, x: 5, y: 6, text: ' Hello ' });
    expect(made?.thread).toBeTruthy();
    expect(api.getState().comments.map((t) => [t.author_name, t.messages[0]?.text])).toEqual([['Ada', 'Hello']]);
    expect(bridge.canUndo()).toBe(false);
    expect(api.getState().comment({ type: 'reply', thread: 'nope', text: 'x' })).toBeNull();
    expect(api.getState().message?.code).toBe('unknown_thread');

    // A peer's comment arrives as update bytes: the frame after it, the store has it.
    const peer = bridge.standaloneEngineFromUpdate(bridge.encodeState(), 99);
    peer.setLocalUser('u-bob', 'Bob');
    peer.comment(JSON.stringify({ type: 'reply', thread: made?.thread, text: 'Hi back' }));
    bridge.applyRemoteUpdate(peer.encodeStateAsUpdate(bridge.stateVector()));
    peer.free();
    pullFrame(api);
    expect(api.getState().comments[0]?.messages.map((m) => m.author_name)).toEqual(['Ada', 'Bob']);
  });

  it('an undo whose step a collaborator overwrote whole changes nothing, says so, and the next undo goes one step further', () => {
    const { api, body } = open();
    api.getState().run({ type: 'update_styles', ids: [body], set: { 'font-size': '18px' } });
    api.getState().run({ type: 'rename_element', id: body, name: 'Mine' });
    // A collaborator renames it too, after seeing my rename: my last step is overwritten whole.
    const peer = bridge.standaloneEngineFromUpdate(bridge.encodeState(), 99);
    peer.commit(JSON.stringify({ type: 'rename_element', id: body, name: 'Theirs' }));
    bridge.applyRemoteUpdate(peer.encodeStateAsUpdate(bridge.stateVector()));
    peer.free();
    pullFrame(api);
    const shown = () => api.getState().elements.get(body);

    api.getState().undo();
    pullFrame(api);
    expect(api.getState().message?.code).toBe('undo_overwritten');
    expect(api.getState().message?.message).toMatch(/a collaborator has since changed everything that step touched/);
    expect(shown()?.name).toBe('Theirs');
    expect(shown()?.styles?.base?.['font-size']).toBe('18px');

    api.getState().undo();
    pullFrame(api);
    expect(shown()?.name).toBe('Theirs');
    expect(shown()?.styles?.base?.['font-size']).toBeUndefined();
  });

  it('lets a viewer comment while every design change is refused', () => {
    const { api, body } = open();
    bridge.setLocalUser('u-vera', 'Vera');
    bridge.setReadOnly('View only');
    try {
      const page = api.getState().activePage ?? '';
      expect(api.getState().run({ type: 'rename_element', id: body, name: 'Mine' })).toBeNull();
      expect(api.getState().message?.code).toBe('read_only');
      const made = api.getState().comment({ type: 'start_thread', page, element: body, x: 1, y: 1, text: 'Shorter title?' });
      expect(made?.thread).toBeTruthy();
      expect(api.getState().comments.map((t) => t.author_name)).toEqual(['Vera']);
    } finally {
      bridge.setReadOnly(null);
    }
  });

  it('lists pages in the order the engine gives them, after a reorder too', () => {
    const { api } = open();
    const first = api.getState().pageOrder[0] ?? '';
    const made = api.getState().run({ type: 'create_page', name: 'About' });
    const about = made?.created_pages[0] ?? '';
    pullFrame(api);
    expect(api.getState().pageOrder).toEqual([first, about]);
    api.getState().run({ type: 'reorder_page', id: about, index: 0 });
    pullFrame(api);
    expect(api.getState().pageOrder).toEqual([about, first]);
    api.getState().undo();
    pullFrame(api);
    expect(api.getState().pageOrder).toEqual([first, about]);
  });

  it('when the page on screen goes (a duplicate undone), the page shown before it comes back, not the first', () => {
    const { api } = open();
    const home = api.getState().pageOrder[0] ?? '';
    const about = api.getState().run({ type: 'create_page', name: 'About' })?.created_pages[0] ?? '';
    pullFrame(api);
    api.getState().setActivePage(about);
    const copy = api.getState().run({ type: 'duplicate_page', id: about })?.created_pages[0] ?? '';
    pullFrame(api);
    api.getState().setActivePage(copy);
    api.getState().undo();
    pullFrame(api);
    expect(api.getState().pageOrder).toEqual([home, about]);
    expect(api.getState().activePage).toBe(about);
  });

  it("shows a narrower breakpoint the values it inherits and where they come from (the engine's cascade)", () => {
    const { api, body } = open();
    const made = api.getState().run({
      type: 'create_element',
      kind: 'container',
      parent: body,
      styles: { base: { width: '100px', color: 'red' }, tablet: { width: '50%' } },
    });
    const id = made?.created[0] ?? '';
    pullFrame(api);
    expect(bridge.cascadedStyles(id, 'mobile')).toEqual({
      width: { value: '50%', from: 'tablet' },
      color: { value: 'red', from: 'base' },
    });
    expect(bridge.cascadedStyles(id, 'base').width).toEqual({ value: '100px', from: 'base' });
    expect(() => bridge.cascadedStyles('gone', 'base')).toThrow(expect.objectContaining({ code: 'unknown_element' }));
  });

  it('holds what the deltas delivered and lays out the active page', () => {
    const { api, body } = open();
    expect(api.getState().pageOrder).toHaveLength(1);
    expect(api.getState().elements.get(body)?.kind).toBe('body');
    const created = api.getState().run({
      type: 'create_element',
      kind: 'section',
      parent: body,
      styles: { base: { height: '120px' } },
    });
    const id = created?.created[0] ?? '';
    pullFrame(api);
    expect(api.getState().elements.get(id)?.styles?.base?.height).toBe('120px');
    expect(api.getState().elements.get(body)?.children).toEqual([id]);
    expect(api.getState().boxes.get(id)?.height).toBe(120);
    expect(api.getState().canUndo).toBe(true);
  });

  it('holds the project language and direction the engine delivers, and undo restores them', () => {
    const { api } = open();
    expect(api.getState().project).toEqual({ lang: 'en', dir: 'ltr' });
    api.getState().run({ type: 'update_project', lang: 'ar', dir: 'rtl' });
    pullFrame(api);
    expect(api.getState().project).toEqual({ lang: 'ar', dir: 'rtl' });
    api.getState().run({ type: 'update_project', lang: 'not a tag' });
    expect(api.getState().message?.code).toBe('invalid_value');
    api.getState().undo();
    pullFrame(api);
    expect(api.getState().project).toEqual({ lang: 'en', dir: 'ltr' });
  });

  it('notifies only the elements a delta names', () => {
    const { api, body } = open();
    const a = api.getState().run({ type: 'create_element', kind: 'container', parent: body })?.created[0] ?? '';
    const b = api.getState().run({ type: 'create_element', kind: 'container', parent: body })?.created[0] ?? '';
    pullFrame(api);
    const seen: string[] = [];
    api.channel.subscribe(a, () => seen.push('a'));
    api.channel.subscribe(b, () => seen.push('b'));
    api.getState().run({ type: 'update_styles', ids: [b], set: { width: 10 } });
    pullFrame(api);
    expect(seen).toEqual(['b']);
  });

  it('turns an engine refusal into a readable message and changes nothing', () => {
    const { api, body } = open();
    const section = api.getState().run({ type: 'create_element', kind: 'section', parent: body })?.created[0] ?? '';
    const inner = api.getState().run({ type: 'create_element', kind: 'container', parent: section })?.created[0] ?? '';
    pullFrame(api);
    expect(api.getState().run({ type: 'move_elements', ids: [section], parent: inner })).toBeNull();
    expect(api.getState().message?.code).toBe('would_create_cycle');
    expect(api.getState().message?.message).toMatch(/inside itself/);
    pullFrame(api);
    expect(api.getState().elements.get(inner)?.parent).toBe(section);
    expect(api.getState().run({ type: 'update_styles', ids: [section], set: { width: 'banana' } })).toBeNull();
    expect(api.getState().message?.code).toBe('invalid_value');
  });

  it('undoes back to the empty page and drops removed elements from the selection', () => {
    const { api, body } = open();
    const id = api.getState().run({ type: 'create_element', kind: 'section', parent: body })?.created[0] ?? '';
    pullFrame(api);
    api.getState().select([id]);
    api.getState().undo();
    pullFrame(api);
    expect(api.getState().elements.has(id)).toBe(false);
    expect(api.getState().selection).toEqual([]);
    expect(api.getState().canUndo).toBe(false);
    api.getState().redo();
    pullFrame(api);
    expect(api.getState().elements.get(body)?.children).toEqual([id]);
  });
});
