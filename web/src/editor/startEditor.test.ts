// @vitest-environment happy-dom
// The editor's start-up with the real engine (loaded from its bytes) and a project database in
// memory: what the user sees after start, a command reaching the canvas's CSS, what dispose
// stops, recovery after an engine fault, and the `?test=1` hooks.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HyperBridge, type ElementId, type EngineFault } from '../bridge/HyperBridge';
import { LocalProjects } from '../persistence/localProjects';
import { initialSave, unreadableJournalWarning } from '../persistence/projectSession';
import { thisTab } from '../persistence/tabPresence';
import { EditorStartAborted, ProjectMissingError, startEditor, type EditorSession, type StartEditorOptions } from './startEditor';
import { exposeForTests } from './testHooks';

// A path, not a URL: under happy-dom `URL` is the DOM's, which node:fs does not take.
const wasm = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'bridge', '__generated__', 'omnios_wasm_bg.wasm'));
const loadBridge = (): Promise<HyperBridge> => HyperBridge.load({ wasm });
/** Compaction's merge, here in this thread (the editor runs it in a worker). */
const mergeDoc = async (snapshot: Uint8Array, updates: readonly Uint8Array[]): Promise<Uint8Array> =>
  (await loadBridge()).mergeDoc(snapshot, updates);

// One database for the file (PGlite takes seconds to start on a busy machine); each test saves
// its own project.
let db: LocalProjects;
beforeAll(async () => {
  db = await LocalProjects.open('memory://');
}, 180_000);
afterAll(async () => {
  await db.close();
});

const running: EditorSession[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.dispose()));
  localStorage.clear();
});

interface Saved {
  readonly id: string;
  readonly page: string;
  /** A text element "Hello" in blue on the page. */
  readonly text: ElementId;
}

/** Saves a project with one page holding a blue "Hello", as the project home would create it. */
async function saveProject(): Promise<Saved> {
  const bridge = await loadBridge();
  const page = bridge.newProject();
  const root = bridge.fullDeltas().pages.find((p) => p.id === page)?.root;
  if (root === undefined) throw new Error('the new project has no body');
  const text = bridge.commit({
    type: 'create_element',
    kind: 'text',
    parent: root,
    content: 'Hello',
    styles: { base: { color: 'rgb(0, 0, 255)' } },
  }).created[0];
  if (text === undefined) throw new Error('no text element was created');
  const id = crypto.randomUUID();
  await db.create(id, 'Start-up test', initialSave(bridge));
  return { id, page, text };
}

async function start(projectId: string | null, options: Partial<StartEditorOptions> = {}): Promise<EditorSession> {
  const editor = await startEditor({ projectId, onFault: () => {}, loadBridge, database: db, mergeDoc, ...options });
  running.push(editor);
  return editor;
}

/** The CSS text of every style sheet the document has adopted (the canvas's element rules). */
const adoptedCss = (): string =>
  document.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n');

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

/** `bytes` with every occurrence of `from` (UTF-8) replaced by `to`, which has as many bytes. */
function replaceBytes(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const a = new TextEncoder().encode(from);
  const b = new TextEncoder().encode(to);
  if (a.length !== b.length) throw new Error('the replacement must keep the length');
  const out = bytes.slice();
  let replaced = 0;
  for (let i = 0; i + a.length <= out.length; i++) {
    if (a.every((byte, k) => out[i + k] === byte)) {
      out.set(b, i);
      replaced += 1;
    }
  }
  if (replaced === 0) throw new Error(`${from} is not in the update`);
  return out;
}

/** This tab's journal of the project (tabPresence.ts names the tab). */
const journalOf = (projectId: string): string | null => localStorage.getItem(`omnios:journal:${projectId}:${thisTab}`);

/** The saved document's text content of `id`, read back through a fresh engine. */
async function savedContent(projectId: string, id: ElementId): Promise<string | undefined> {
  const bridge = await loadBridge();
  const stored = await db.loadDoc(projectId);
  return bridge.readDoc(stored.snapshot, stored.updates).elements.find((e) => e.id === id)?.content;
}

const press = (key: string): boolean => window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));

describe('startEditor', () => {
  it("opens the saved project: the store shows its page and the canvas's CSS has its styles", async () => {
    const saved = await saveProject();
    const editor = await start(saved.id);
    const state = editor.store.getState();
    expect(state.activePage).toBe(saved.page);
    expect(state.pages.get(saved.page)?.name).toBe('Home');
    expect(state.elements.get(saved.text)?.content).toBe('Hello');
    expect(editor.session?.projectId).toBe(saved.id);
    expect(editor.version).toMatch(/^omnios-engine \d+\.\d+\.\d+/);
    expect(adoptedCss()).toContain('color: rgb(0, 0, 255)');
  });

  it("a command through the store reaches the store and the canvas's style sheet on the next frames", async () => {
    const saved = await saveProject();
    const editor = await start(saved.id);
    expect(editor.store.getState().run({ type: 'update_styles', ids: [saved.text], set: { color: 'rgb(255, 0, 0)' } })).not.toBeNull();
    await vi.waitFor(() => expect(adoptedCss()).toContain('color: rgb(255, 0, 0)'));
    expect(adoptedCss()).not.toContain('color: rgb(0, 0, 255)');
    expect(editor.store.getState().elements.get(saved.text)?.styles?.base?.color).toBe('rgb(255, 0, 0)');
  });

  it('dispose saves what is pending, then stops the frame loop, the shortcuts, the style sheet, the test hooks and the saving', async () => {
    const saved = await saveProject();
    const sheetsBefore = document.adoptedStyleSheets.length;
    const editor = await start(saved.id, { testHooks: true });
    expect(window.omnios?.store).toBe(editor.store);
    expect(document.adoptedStyleSheets.length).toBeGreaterThan(sheetsBefore);
    press('?');
    expect(editor.store.getState().cheatSheetOpen).toBe(true);
    editor.store.getState().run({ type: 'set_content', id: saved.text, content: 'Saved' });
    expect(journalOf(saved.id)).not.toBeNull(); // journalled at once, saved within the debounce
    await vi.waitFor(() => expect(editor.store.getState().elements.get(saved.text)?.content).toBe('Saved'));

    await editor.dispose();
    expect(await savedContent(saved.id, saved.text)).toBe('Saved');
    expect(journalOf(saved.id)).toBeNull();
    expect(window.omnios).toBeUndefined();
    expect(document.adoptedStyleSheets.length).toBe(sheetsBefore);
    expect(adoptedCss()).not.toContain('color: rgb(0, 0, 255)');
    press('?');
    expect(editor.store.getState().cheatSheetOpen).toBe(true);

    // The engine is still there, but nothing listens to it any more.
    editor.bridge.commit({ type: 'set_content', id: saved.text, content: 'After' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(editor.store.getState().elements.get(saved.text)?.content).toBe('Saved');
    expect(journalOf(saved.id)).toBeNull();
    expect(await savedContent(saved.id, saved.text)).toBe('Saved');
  });

  it('a slow engine call keeps its work: journalled, then saving stops and onFault is called; a new start reopens it', async () => {
    const saved = await saveProject();
    const faults: EngineFault[] = [];
    const editor = await start(saved.id, { onFault: (f) => faults.push(f), stallMs: 50 });
    editor.store.getState().run({ type: 'set_content', id: saved.text, content: 'Good' });
    expect(journalOf(saved.id)).not.toBeNull();

    // The call is slow but returns: the user sees "Slow but done" on the canvas.
    editor.bridge.simulateStall(150);
    editor.store.getState().run({ type: 'set_content', id: saved.text, content: 'Slow but done' });
    expect(faults.map((f) => [f.kind, f.call])).toEqual([['stall', 'commit']]);
    const journalled = journalOf(saved.id);
    editor.store.getState().run({ type: 'set_content', id: saved.text, content: 'Later' });
    expect(journalOf(saved.id)).toBe(journalled); // saving stopped at the fault: nothing later

    await editor.dispose();
    const recovered = await start(saved.id);
    expect(recovered.store.getState().elements.get(saved.text)?.content).toBe('Slow but done');
  });

  it('a journal entry that cannot be read or applied is left out: the rest opens, and the save indicator says so', async () => {
    const saved = await saveProject();
    // What a tab that closed before saving left: a real edit, between two damaged entries.
    const peer = await loadBridge();
    const stored = await db.loadDoc(saved.id);
    peer.openFromDoc(stored.snapshot, stored.updates);
    const vector = peer.stateVector();
    peer.commit({ type: 'set_content', id: saved.text, content: 'From the journal' });
    const edit = peer.encodeSince(vector);
    localStorage.setItem(
      `omnios:journal:${saved.id}:closed-tab`,
      JSON.stringify([
        { seq: 1, update: '%% not base64 %%' },
        { seq: 2, update: toBase64(new Uint8Array([1, 1, 5, 9])) }, // base64, but not an update
        { seq: 3, update: toBase64(edit) },
      ]),
    );

    const editor = await start(saved.id);
    expect(editor.store.getState().elements.get(saved.text)?.content).toBe('From the journal');
    expect(editor.session?.saver.status().warning).toBe(unreadableJournalWarning(2));
    // The edit it replayed is saved, and the damaged journal goes with that save.
    await vi.waitFor(() => expect(editor.session?.saver.status().state).toBe('saved'));
    expect(await savedContent(saved.id, saved.text)).toBe('From the journal');
    expect(localStorage.getItem(`omnios:journal:${saved.id}:closed-tab`)).toBeNull();
  });

  it('a project saved with a value refused since opens without that value, says so, and saves the repair', async () => {
    const saved = await saveProject();
    const stored = await db.loadDoc(saved.id);
    const peer = await loadBridge();
    peer.openFromDoc(stored.snapshot, stored.updates);
    const vector = peer.stateVector();
    peer.commit({ type: 'update_styles', ids: [saved.text], set: { 'background-image': 'url(/images/x/hero.png)', 'font-size': '40px' } });
    // What an earlier editor saved, before pictures from other sites were refused: the same
    // update, naming a remote picture (as many bytes as the site path it replaces).
    const old = replaceBytes(peer.encodeSince(vector), '/images/x/hero.png', 'https://e.io/a.png');
    await db.save(saved.id, { update: old, at: Date.now(), elementCount: 2, upsertElements: [], removeElements: [], upsertPages: [], removePages: [] });
    // A peer sending the same bytes is refused whole.
    const other = await loadBridge();
    other.openFromDoc(stored.snapshot, stored.updates);
    expect(() => other.applyRemoteUpdate(old)).toThrow();

    const editor = await start(saved.id);
    const text = editor.store.getState().elements.get(saved.text);
    expect(text?.content).toBe('Hello');
    expect(text?.styles?.base?.['font-size']).toBe('40px');
    expect(text?.styles?.base?.['background-image']).toBeUndefined();
    const warning = editor.session?.saver.status().warning ?? '';
    expect(warning).toContain('One value saved by an earlier version of the editor');
    expect(warning).toContain('background-image');
    // The repair is saved: the next open has nothing to leave out.
    await vi.waitFor(() => expect(editor.session?.saver.status().state).toBe('saved'));
    await editor.dispose();
    const again = await loadBridge();
    const reread = await db.loadDoc(saved.id);
    expect(again.openFromDoc(reread.snapshot, reread.updates)).toEqual([]);
    expect(again.fullDeltas().elements.find((e) => e.id === saved.text)?.styles?.base?.['font-size']).toBe('40px');
  });

  it('an element whose id no command could create stays in its own rules: the project opens', async () => {
    const saved = await saveProject();
    const stored = await db.loadDoc(saved.id);
    const peer = await loadBridge();
    peer.openFromDoc(stored.snapshot, stored.updates);
    const root = peer.fullDeltas().elements.find((e) => e.kind === 'body')?.id ?? '';
    const vector = peer.stateVector();
    const created = peer.commit({ type: 'create_element', kind: 'container', parent: root, styles: { base: { display: 'none' } } }).created[0] ?? '';
    // The same update with the id's bytes replaced by a selector breaker of the same length.
    const hostile = `y${'_'.repeat(created.length - 3)}}{`; // `.o-y…}{ {}` is no rule: insertRule throws
    const update = replaceBytes(peer.encodeSince(vector), created, hostile);
    localStorage.setItem(`omnios:journal:${saved.id}:closed-tab`, JSON.stringify([{ seq: 1, update: toBase64(update) }]));

    const editor = await start(saved.id);
    expect(editor.store.getState().elements.get(saved.text)?.content).toBe('Hello');
    // The engine may refuse the update (then the indicator says an edit was left out), or take
    // it: then its rule is written for its element alone.
    if (editor.store.getState().elements.has(hostile)) expect(adoptedCss()).toContain('display: none');
    else expect(editor.session?.saver.status().warning).toBe(unreadableJournalWarning(1));
  });

  it('a project this browser does not have is reported with the engine version', async () => {
    const start_ = start('no-such-project');
    await expect(start_).rejects.toBeInstanceOf(ProjectMissingError);
    await expect(start_).rejects.toMatchObject({ projectId: 'no-such-project', engineVersion: expect.stringMatching(/^omnios-engine/) });
  });

  it('aborted while opening, it leaves nothing behind', async () => {
    const saved = await saveProject();
    const sheetsBefore = document.adoptedStyleSheets.length;
    const aborted = new AbortController();
    aborted.abort();
    await expect(start(saved.id, { signal: aborted.signal, testHooks: true })).rejects.toBeInstanceOf(EditorStartAborted);
    expect(document.adoptedStyleSheets.length).toBe(sheetsBefore);
    expect(window.omnios).toBeUndefined();
  });

  it('reopens the page that was open last time', async () => {
    const saved = await saveProject();
    const first = await start(saved.id);
    const added = first.store.getState().run({ type: 'create_page', name: 'About' })?.created_pages[0];
    expect(added).toBeDefined();
    await vi.waitFor(() => expect(first.store.getState().pages.has(added ?? '')).toBe(true));
    first.store.getState().setActivePage(added ?? '');
    await first.dispose();
    const second = await start(saved.id);
    expect(second.store.getState().activePage).toBe(added);
  });

  it('without test hooks, window.omnios stays unset', async () => {
    const saved = await saveProject();
    await start(saved.id, { testHooks: false });
    expect(window.omnios).toBeUndefined();
  });

  it('?test=1 (or a dev server) turns the test hooks on', () => {
    expect(exposeForTests('?test=1', false)).toBe(true);
    expect(exposeForTests('', false)).toBe(false);
    expect(exposeForTests('?fixture=bench', false)).toBe(false);
    expect(exposeForTests('', true)).toBe(true);
  });

  it('?fixture=bench opens the benchmark page, not saved', async () => {
    const editor = await start(null);
    expect(editor.session).toBeNull();
    expect(editor.store.getState().elements.size).toBeGreaterThanOrEqual(10_000);
  }, 180_000);
});
