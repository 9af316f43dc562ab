// @ts-check
// Comments on `omnios serve`: two members of one server project (two browser contexts, nothing
// shared) comment on a box through the UI — the Comment tool, the composer, pins, the thread,
// the @ picker, Resolve — and each sees the other's comments arrive; a comment is never an undo
// step. A local project keeps its comments across a reload.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPage, saveFailureArtifacts, useSession } from './harness.mjs';
import { absoluteBox, clickEmptyCanvas, doc, frames, mod, openEditor, ready, saved, screenshot } from './editorPage.mjs';
import { commentOn, live, openLive, signUp, threadOn, withTwoPeople } from './serverProject.mjs';

/** @typedef {import('playwright-core').Page} Page */

describe('comments', () => {
  const session = useSession();

  test('two members comment on a box: pins, panel, replies with a mention, resolve; undo leaves comments alone', async () => {
    await withTwoPeople(session, 'comments', async (a, b) => {
      const base = session.server.url;
      const adaId = await signUp(a.context, base, 'ada@example.test');
      await signUp(b.context, base, 'bob@example.test');
      const created = await a.context.request.post(`${base}/api/projects`, { data: { name: 'Review' } });
      assert.equal(created.status(), 201, await created.text());
      const id = /** @type {string} */ ((await created.json()).id);
      const added = await a.context.request.post(`${base}/api/projects/${id}/members`, { data: { email: 'bob@example.test', role: 'editor' } });
      assert.equal(added.status(), 201, await added.text());
      await openLive(a.page, base, id);
      await openLive(b.page, base, id);

      // Ada draws a box and comments on it.
      const box = await absoluteBox(a.page, { left: 200, top: 160, width: 240, height: 140 });
      await b.page.locator(`[data-omnios-id="${box}"]`).waitFor({ timeout: 15_000 });
      const undoBefore = await a.page.evaluate(() => /** @type {any} */ (window).omnios.store.getState().canUndo);
      const thread = await commentOn(a.page, box, 'Can this be bigger?', 30, -20);
      const mine = await threadOn(a.page, thread);
      assert.equal(mine.element, box, 'the thread is pinned to the box');
      assert.equal(mine.author, adaId);
      assert.equal(mine.author_name, 'ada@example.test');

      // Ada's Ctrl+Z takes back her last design step (the box's fill), never the comment.
      assert.equal(undoBefore, true);
      await clickEmptyCanvas(a.page);
      await a.page.keyboard.press(`${mod}+z`);
      await frames(a.page, 3);
      assert.ok(await threadOn(a.page, thread), "Ada's undo removed her comment");
      assert.equal(await a.page.locator(`[data-testid="comment-pin"][data-thread="${thread}"]`).count(), 1);
      await a.page.keyboard.press(`${mod}+Shift+z`);
      await live(a.page);

      // Bob sees the pin on the box, with Ada's initial, and the entry in the Comments panel.
      const pin = b.page.locator(`[data-testid="comment-pin"][data-thread="${thread}"]`);
      await pin.waitFor({ timeout: 15_000 });
      assert.equal((await pin.textContent())?.trim(), 'A');
      const pinBox = await pin.boundingBox();
      const boxOnB = await b.page.locator(`[data-omnios-id="${box}"]`).boundingBox();
      assert.ok(pinBox && boxOnB);
      assert.ok(pinBox.x >= boxOnB.x && pinBox.x <= boxOnB.x + boxOnB.width, 'the pin sits on the box');
      await b.page.getByRole('button', { name: 'Comments', exact: true }).click();
      const entry = b.page.locator(`[data-testid="comment-entry"][data-thread="${thread}"]`);
      await entry.waitFor();
      assert.match((await entry.textContent()) ?? '', /ada@example\.test.*Can this be bigger\?.*0 replies/);

      // Bob opens it from the panel and replies, mentioning Ada through the @ picker.
      await entry.click();
      const open = b.page.locator(`[data-testid="comment-thread"][data-thread="${thread}"]`);
      await open.waitFor();
      const reply = open.getByRole('textbox', { name: 'Reply' });
      await reply.click();
      await reply.pressSequentially('Sure @ad');
      const picker = b.page.getByTestId('mention-picker');
      await picker.waitFor();
      await picker.getByRole('option', { name: '@ada@example.test' }).click();
      await reply.pressSequentially('done');
      assert.equal(await reply.inputValue(), 'Sure @ada@example.test done');
      await open.getByRole('button', { name: 'Reply', exact: true }).click();
      await open.locator('[data-testid="comment-message"]').nth(1).waitFor();
      await live(b.page);

      // Ada sees the reply with the mention highlighted, naming her.
      // (Her thread is still open from posting it; a click on its pin would close it.)
      const onA = a.page.locator(`[data-testid="comment-thread"][data-thread="${thread}"]`);
      if ((await onA.count()) === 0) await a.page.locator(`[data-testid="comment-pin"][data-thread="${thread}"]`).click();
      await onA.locator('[data-testid="comment-message"]').nth(1).waitFor({ timeout: 15_000 });
      const mention = onA.locator('[data-testid="mention"]');
      await mention.waitFor();
      assert.equal(await mention.textContent(), '@ada@example.test');
      assert.equal(await mention.getAttribute('data-user'), adaId);
      assert.match((await onA.locator('[data-testid="comment-message"]').nth(1).textContent()) ?? '', /bob@example\.test.*Sure @ada@example\.test done/);
      await screenshot(a.page, 'comments-thread');
      // Each may delete only what they wrote: Ada sees no Delete on Bob's reply, only on her thread.
      assert.equal(await onA.getByRole('button', { name: 'Delete reply' }).count(), 0);
      assert.equal(await onA.getByRole('button', { name: 'Delete thread' }).count(), 1);
      assert.equal(await open.getByRole('button', { name: 'Delete thread' }).count(), 0);
      // Bob deletes his reply (it asks first): it leaves Ada's thread too.
      await open.getByRole('button', { name: 'Delete reply' }).click();
      await open.getByRole('group', { name: 'Delete reply' }).getByRole('button', { name: 'Delete for everyone?' }).click();
      await live(b.page);
      await onA.locator('[data-testid="comment-message"]').nth(1).waitFor({ state: 'detached', timeout: 15_000 });
      assert.equal((await threadOn(a.page, thread)).messages.length, 1);

      // Ada resolves it: Bob sees it resolved, and its pin leaves his canvas.
      await onA.getByRole('button', { name: 'Resolve' }).click();
      await live(a.page);
      await b.page.locator(`[data-testid="comment-entry"][data-thread="${thread}"]`).waitFor({ state: 'detached', timeout: 15_000 });
      await b.page.getByTestId('comments-panel').getByRole('button', { name: /^All/ }).click();
      await b.page.locator(`[data-testid="comment-entry"][data-thread="${thread}"][data-resolved="true"]`).waitFor();
      assert.equal((await threadOn(b.page, thread)).resolved_by, adaId);
      await b.page.getByRole('button', { name: 'Close thread' }).click();
      await pin.waitFor({ state: 'detached' });
      await screenshot(b.page, 'comments-resolved-panel');

      // Ada deletes her thread: it leaves Bob's panel.
      await a.page.getByRole('button', { name: 'Comments', exact: true }).click();
      await a.page.getByTestId('comments-panel').getByRole('button', { name: /^All/ }).click();
      await a.page.locator(`[data-testid="comment-entry"][data-thread="${thread}"]`).click();
      const resolved = a.page.locator(`[data-testid="comment-thread"][data-thread="${thread}"]`);
      await resolved.getByRole('button', { name: 'Delete thread' }).click();
      await resolved.getByRole('group', { name: 'Delete thread' }).getByRole('button', { name: 'Delete for everyone?' }).click();
      await resolved.waitFor({ state: 'detached' });
      await live(a.page);
      await b.page.locator(`[data-testid="comment-entry"][data-thread="${thread}"]`).waitFor({ state: 'detached', timeout: 15_000 });
    });
  });

  test('a comment on a local project survives a reload', async () => {
    const { page, context, log } = await openPage(session.browser);
    try {
      await openEditor(page, session.server.url);
      const box = await absoluteBox(page, { left: 100, top: 100, width: 200, height: 120 });
      const thread = await commentOn(page, box, 'Remember me');
      const pin = page.locator(`[data-testid="comment-pin"][data-thread="${thread}"]`);
      assert.equal((await pin.textContent())?.trim(), 'M');
      await saved(page);
      await page.reload();
      await ready(page);
      await pin.waitFor({ timeout: 15_000 });
      await pin.click();
      const open = page.locator(`[data-testid="comment-thread"][data-thread="${thread}"]`);
      assert.match((await open.textContent()) ?? '', /Remember me/);
      assert.equal((await doc(page)).selection.length, 0, 'clicking a pin selects nothing');
    } catch (error) {
      await saveFailureArtifacts('comments-local', { page, log, server: session.server, error });
      throw error;
    } finally {
      await context.close();
    }
  });
});
