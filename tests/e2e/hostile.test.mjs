// @ts-check
// Hostile bytes in a real editor: an element id no command could create, arriving by the way a
// closed tab's unsaved edits come back (the journal replayed at open), stays in its own element
// on the canvas; damaged journal entries and a full storage are said, not silent; the editor
// runs under its Content-Security-Policy (no inline script, connections to its server only).
// The hostile bytes are made as an attacker would: a peer engine's real update with the id's
// bytes replaced (same length, so the update stays well formed). The UI is driven as a user
// would; `window.omnios` is only read, and used to build the attacker's update.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { errorsIn, pageTest, useSession } from './harness.mjs';
import { absoluteBox, openEditor, ready, saved } from './editorPage.mjs';

/** @typedef {import('playwright-core').Page} Page */

/** The open project's id, from `/p/<id>`. @param {Page} page */
const projectOf = (page) => decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');

/**
 * A peer's real update creating a container (display: none) on the open page; returns it with
 * the id the engine gave the container.
 * @param {Page} page
 * @returns {Promise<{ id: string, update: Uint8Array }>}
 */
async function peerCreatesHiddenBox(page) {
  const made = await page.evaluate(() => {
    /** @type {any} */
    const omnios = /** @type {any} */ (window).omnios;
    const state = omnios.store.getState();
    const body = state.pages.get(state.activePage).root;
    const peer = omnios.bridge.standaloneEngineFromUpdate(omnios.bridge.encodeState());
    try {
      const vector = peer.encodeStateVector();
      const command = { type: 'create_element', kind: 'container', parent: body, styles: { base: { display: 'none', width: '50px', height: '50px' } } };
      const applied = JSON.parse(peer.commit(JSON.stringify(command)));
      return { id: String(applied.created[0]), update: Array.from(peer.encodeStateAsUpdate(vector)) };
    } finally {
      peer.free();
    }
  });
  return { id: made.id, update: Uint8Array.from(made.update) };
}

/** `bytes` with every occurrence of `from` replaced by `to` (as many UTF-8 bytes). @param {Uint8Array} bytes @param {string} from @param {string} to */
function replaceBytes(bytes, from, to) {
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  assert.equal(a.length, b.length, 'the replacement keeps the length');
  const out = Buffer.from(bytes);
  let at = out.indexOf(a);
  assert.notEqual(at, -1, `${from} is in the update`);
  while (at !== -1) {
    b.copy(out, at);
    at = out.indexOf(a, at + a.length);
  }
  return out;
}

/**
 * Leaves `entries` as the journal of a tab that closed before saving them, then reopens the
 * project (the journal is replayed at open).
 * @param {Page} page @param {unknown[]} entries
 */
async function reopenWithJournal(page, entries) {
  const project = projectOf(page);
  await page.evaluate(({ key, value }) => localStorage.setItem(key, value), {
    key: `omnios:journal:${project}:closed-tab`,
    value: JSON.stringify(entries),
  });
  await page.reload();
}

/** Whether the engine took the hostile element (a stricter engine refuses the update whole). @param {Page} page @param {string} id */
const hasElement = (page, id) => page.evaluate((id) => /** @type {any} */ (window).omnios.store.getState().elements.has(id), id);

describe('hostile input in the editor', () => {
  const session = useSession();

  pageTest(session, 'an element id that breaks out of its selector (`x,*` hidden) hides only that element, never the editor', async ({ page, server }) => {
    await openEditor(page, server.url);
    await absoluteBox(page, { left: 40, top: 40, width: 120, height: 80 });
    await saved(page);
    const { id, update } = await peerCreatesHiddenBox(page);
    const hostile = `x${'_'.repeat(id.length - 3)},*`; // `.o-x…,*` would select everything
    await reopenWithJournal(page, [{ seq: 1, update: replaceBytes(update, id, hostile).toString('base64') }]);
    await ready(page);

    assert.ok(await page.getByLabel('OMNIOS').isVisible(), 'the top bar is visible');
    assert.ok(await page.getByRole('button', { name: 'Back up project' }).isVisible());
    assert.ok(await page.getByTestId('canvas').isVisible(), 'the canvas is visible');
    if (await hasElement(page, hostile)) {
      const node = page.locator(`[data-omnios-id="${hostile}"]`);
      assert.equal(await node.evaluate((el) => getComputedStyle(el).display), 'none', 'the element itself is hidden');
      assert.equal(await node.evaluate((el) => el.classList.length), 1, 'its class is one token');
    } else {
      assert.match(await page.getByTestId('save-warning').innerText(), /One edit .* could not be read/);
    }
  });

  pageTest(session, 'an element id with braces (a rule that cannot be inserted) does not stop the project from opening', async ({ page, server }) => {
    await openEditor(page, server.url);
    const box = await absoluteBox(page, { left: 40, top: 40, width: 120, height: 80 });
    await saved(page);
    const { id, update } = await peerCreatesHiddenBox(page);
    const hostile = `y${'_'.repeat(id.length - 3)}}{`; // `.o-y…}{ {}` is no rule: insertRule throws
    await reopenWithJournal(page, [{ seq: 1, update: replaceBytes(update, id, hostile).toString('base64') }]);
    await ready(page);
    assert.ok(await page.getByRole('button', { name: 'Back up project' }).isVisible(), 'the top bar is visible');
    assert.ok(await page.locator(`[data-omnios-id="${box}"]`).isVisible(), 'the project opened with its content');
  });

  pageTest(session, 'damaged journal entries are left out, the rest is replayed, and the top bar says so', async ({ page, server }) => {
    await openEditor(page, server.url);
    await saved(page);
    const { id, update } = await peerCreatesHiddenBox(page);
    await reopenWithJournal(page, [
      { seq: 1, update: '%% not base64 %%' },
      { seq: 2, update: Buffer.from([1, 1, 5, 9]).toString('base64') },
      { seq: 3, update: Buffer.from(update).toString('base64') },
    ]);
    await ready(page);
    assert.ok(await hasElement(page, id), 'the readable entry was replayed');
    const warning = page.getByTestId('save-warning');
    assert.match(await warning.innerText(), /2 edits not yet saved .* could not be read .* everything else opened/);
    await saved(page);
  });

  pageTest(session, 'a full storage is said in the top bar, and edits are still saved', async ({ page, server }) => {
    await openEditor(page, server.url);
    await saved(page);
    // Fill this origin's localStorage to its quota, as other data of the site could.
    await page.evaluate(() => {
      let i = 0;
      for (let size = 256 * 1024; size >= 1; size = Math.floor(size / 4)) {
        const chunk = 'x'.repeat(size);
        for (;;) {
          try {
            localStorage.setItem(`filler:${i++}`, chunk);
          } catch {
            break;
          }
        }
      }
    });
    const box = await absoluteBox(page, { left: 60, top: 60, width: 100, height: 100 });
    const warning = page.getByTestId('save-warning');
    await warning.waitFor({ timeout: 15_000 });
    assert.match(await warning.innerText(), /storage is full/);
    await saved(page);
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage)) if (key.startsWith('filler:')) localStorage.removeItem(key);
    });
    await page.reload();
    await ready(page);
    assert.ok(await hasElement(page, box), 'the edit made while storage was full was saved');
  });

  pageTest(session, 'the editor runs under its Content-Security-Policy: no inline script, connections to its server only', async ({ page, server, log }) => {
    await page.addInitScript(() => {
      /** @type {any} */ (window).cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        /** @type {any} */ (window).cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`),
      );
    });
    const policy = (await fetch(`${server.url}/`)).headers.get('content-security-policy') ?? '';
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    assert.match(policy, /connect-src 'self'(;|$)/);
    assert.match(policy, /frame-ancestors 'none'/);

    // The editor works under it: open a project, edit, save, reload.
    await openEditor(page, server.url);
    const box = await absoluteBox(page, { left: 40, top: 40, width: 120, height: 80 });
    await saved(page);
    await page.reload();
    await ready(page);
    assert.ok(await hasElement(page, box));
    assert.deepEqual(await page.evaluate(() => /** @type {any} */ (window).cspViolations), [], 'the editor itself needs nothing the policy refuses');
    assert.deepEqual(errorsIn(log), []);

    // What injected markup would try is refused.
    const attempts = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);
      let fetched = 'yes';
      await fetch('http://127.0.0.2:9/beacon').catch(() => (fetched = 'no'));
      await new Promise((r) => setTimeout(r, 50)); // violation events are queued
      return { inlineRan: /** @type {any} */ (window).inlineRan === true, fetched, violations: /** @type {any} */ (window).cspViolations };
    });
    assert.equal(attempts.inlineRan, false, 'an inline script does not run');
    assert.equal(attempts.fetched, 'no', 'a request to another origin is refused');
    assert.ok(attempts.violations.some((/** @type {string} */ v) => v.startsWith('script-src-elem')), attempts.violations.join('; '));
    assert.ok(attempts.violations.some((/** @type {string} */ v) => v.startsWith('connect-src')), attempts.violations.join('; '));
  });
});
