// @ts-check
// Sharing a server project from the editor, through its Share dialog against a real
// `omnios serve`: the owner invites Bob by email (an unknown email is refused in plain words),
// Bob's home lists the project and he opens it, and sees the members read only; the owner makes
// a viewer link, Carol (a browser that never signed in) opens it, signs up, lands in the project
// as a viewer, her edit reaches nobody but her comment reaches Ada; the owner revokes the link and it no longer joins.
// Accounts of Ada and Bob and Ada's project are made through the API, like collab.test.mjs does.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorsIn, openPage, saveFailureArtifacts, useSession } from './harness.mjs';
import { clickEmptyCanvas, doc, frames, insert, ready, screenshot } from './editorPage.mjs';
import { commentOn, live, signUp, threadOn } from './serverProject.mjs';

/** @typedef {import('playwright-core').Page} Page */

/** Opens the Share dialog from the editor's top bar, once its members are listed. */
async function openShare(/** @type {Page} */ page) {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Share/ });
  await dialog.getByRole('list', { name: 'Members' }).waitFor({ timeout: 15_000 });
  return dialog;
}

/** The members as the dialog lists them: email and role. */
async function membersIn(/** @type {import('playwright-core').Locator} */ dialog) {
  return dialog.getByTestId('member').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-email'), r.getAttribute('data-role')]));
}

describe('sharing a server project', () => {
  const session = useSession();

  test('invite by email, join by a viewer link, revoke the link', async () => {
    const base = session.server.url;
    const ada = await openPage(session.browser);
    const bob = await openPage(session.browser);
    const carol = await openPage(session.browser);
    try {
      await signUp(ada.context, base, 'ada@example.test');
      await signUp(bob.context, base, 'bob@example.test');
      const created = await ada.context.request.post(`${base}/api/projects`, { data: { name: 'Launch page' } });
      assert.equal(created.status(), 201, await created.text());
      const id = /** @type {string} */ ((await created.json()).id);
      await ada.page.setViewportSize({ width: 1600, height: 1000 });
      await ada.page.goto(`${base}/p/${id}?server=1&test=1`);
      await live(ada.page);
      assert.equal(await ada.page.getByTestId('view-only').count(), 0, 'the owner is not told she only views');

      // Ada opens Share: she is the only member. An email without an account is refused plainly.
      const dialog = await openShare(ada.page);
      assert.deepEqual(await membersIn(dialog), [['ada@example.test', 'owner']]);
      await dialog.getByLabel('Email to invite').fill('nobody@example.test');
      await dialog.getByRole('button', { name: 'Invite' }).click();
      const refusal = dialog.getByTestId('share-error');
      await refusal.waitFor({ timeout: 15_000 });
      assert.match(await refusal.innerText(), /No account with that email/);
      assert.deepEqual(await membersIn(dialog), [['ada@example.test', 'owner']], 'nobody was added');

      // …then invites Bob as an editor.
      await dialog.getByLabel('Email to invite').fill('bob@example.test');
      await dialog.getByLabel('Role to invite as').selectOption('editor');
      await dialog.getByRole('button', { name: 'Invite' }).click();
      await dialog.locator('[data-testid="member"][data-email="bob@example.test"][data-role="editor"]').waitFor({ timeout: 15_000 });
      assert.equal(await dialog.getByTestId('share-error').count(), 0);

      // Bob's home lists the project; he opens it, live, and sees who is in it (read only).
      await bob.page.setViewportSize({ width: 1600, height: 1000 });
      await bob.page.goto(`${base}/?test=1`);
      const listed = bob.page.locator(`.server-project[data-project-id="${id}"]`);
      await listed.waitFor({ timeout: 60_000 });
      assert.equal(await listed.locator('.server-project-role').innerText(), 'Editor');
      await bob.page.getByRole('button', { name: 'Open Launch page on the server' }).click();
      await bob.page.waitForURL(new RegExp(`/p/${id}\\?server=1`), { timeout: 15_000 });
      await live(bob.page);
      const bobsDialog = await openShare(bob.page);
      assert.deepEqual(await membersIn(bobsDialog), [
        ['ada@example.test', 'owner'],
        ['bob@example.test', 'editor'],
      ]);
      await bobsDialog.getByTestId('share-read-only').waitFor();
      assert.equal(await bobsDialog.getByLabel('Email to invite').count(), 0, 'an editor cannot invite');
      assert.equal(await bobsDialog.getByRole('button', { name: 'Create link' }).count(), 0, 'an editor makes no links');
      await bob.page.keyboard.press('Escape');
      await bobsDialog.waitFor({ state: 'detached' });

      // Ada makes a viewer link: its full address, once, with a Copy button.
      await dialog.getByLabel('Role the link grants').selectOption('viewer');
      await dialog.getByRole('button', { name: 'Create link' }).click();
      const address = dialog.getByTestId('share-link-url');
      await address.waitFor({ timeout: 15_000 });
      const url = await address.inputValue();
      assert.match(url, new RegExp(`^${base}/join/[0-9a-f]{64}$`));
      assert.equal(await dialog.locator('[data-testid="share-link"][data-role="viewer"]').count(), 1);
      await dialog.getByRole('button', { name: 'Copy' }).waitFor();
      await screenshot(ada.page, 'sharing-dialog');

      // Carol, never signed in here, opens the link: she signs up and lands in the project.
      await carol.page.setViewportSize({ width: 1600, height: 1000 });
      await carol.page.goto(`${url}?test=1`);
      const form = carol.page.getByRole('form', { name: 'Sign in to the server' });
      await form.waitFor({ timeout: 60_000 });
      assert.match(await form.innerText(), /shared a project with you/);
      await screenshot(carol.page, 'sharing-join-signed-out');
      await form.getByLabel('Email').fill('carol@example.test');
      await form.getByLabel('Password').fill('carol secret phrase');
      await form.getByRole('button', { name: 'Sign up' }).click();
      await carol.page.waitForURL(new RegExp(`/p/${id}\\?server=1`), { timeout: 15_000 });
      await ready(carol.page);
      await live(carol.page);
      await carol.page.getByTestId('view-only').waitFor({ timeout: 15_000 });
      assert.equal(await carol.page.getByTestId('project-name').innerText(), 'Launch page');

      // Carol may only look: inserting says so and changes nothing, here or anywhere. (The room
      // refuses a viewer's update too: server/tests/access.rs and tests/collab/.)
      const before = Object.keys((await doc(ada.page)).elements).sort();
      const carolBefore = Object.keys((await doc(carol.page)).elements).sort();
      await clickEmptyCanvas(carol.page);
      await insert(carol.page, 'container');
      const readOnly = carol.page.locator('.toast[data-code="read_only"]');
      await readOnly.waitFor({ timeout: 10_000 });
      assert.match(await readOnly.innerText(), /View only/);
      await frames(carol.page, 3);
      assert.deepEqual(Object.keys((await doc(carol.page)).elements).sort(), carolBefore, 'nothing was inserted in the viewer’s editor');
      await carol.page.locator('[data-testid="live-status"][data-state="live"][data-unsynced="false"]').waitFor();
      await ada.page.waitForTimeout(1000);
      assert.deepEqual(Object.keys((await doc(ada.page)).elements).sort(), before, 'nothing reached the others');
      await screenshot(carol.page, 'sharing-viewer');

      // …but she may comment, in her own name, and Ada sees it; Carol stays in the room.
      await carol.page.keyboard.press('Escape');
      const body = Object.entries((await doc(carol.page)).elements).find(([, el]) => el.kind === 'body')?.[0];
      assert.ok(body, 'the page has a body');
      const thread = await commentOn(carol.page, body, 'Could the headline be shorter?');
      await ada.page.waitForFunction(
        (t) => /** @type {any} */ (window).omnios.store.getState().comments.some((/** @type {any} */ c) => c.id === t),
        thread,
        { timeout: 15_000 },
      );
      const seen = await threadOn(ada.page, thread);
      assert.equal(seen.author_name, 'carol@example.test');
      assert.equal(seen.messages[0].text, 'Could the headline be shorter?');
      await carol.page.locator('[data-testid="live-status"][data-state="live"][data-unsynced="false"]').waitFor();
      await ada.page.keyboard.press('Escape'); // closes the Share dialog
      await screenshot(ada.page, 'sharing-viewer-comment');

      // Ada sees Carol among the members (as a viewer), then revokes the link.
      const again = await openShare(ada.page);
      await again.locator('[data-testid="member"][data-email="carol@example.test"][data-role="viewer"]').waitFor({ timeout: 15_000 });
      await again.getByRole('button', { name: /^Revoke the viewer link/ }).click();
      await again.getByTestId('share-notice').filter({ hasText: 'revoked' }).waitFor({ timeout: 15_000 });
      await again.getByTestId('share-link').waitFor({ state: 'detached', timeout: 15_000 }); // the list, read again, lacks it

      // Opening the link again says it was revoked, and joins nothing.
      await carol.page.goto(`${url}?test=1`);
      const revoked = carol.page.getByTestId('join-error');
      await revoked.waitFor({ timeout: 60_000 });
      assert.match(await revoked.innerText(), /revoked/);
      await screenshot(carol.page, 'sharing-link-revoked');

      // Chromium logs the invitation the server refused (404: no such account) as a failed load.
      const [refused, ...others] = errorsIn(ada.log);
      assert.match(refused ?? '', /status of 404/);
      assert.deepEqual(others, []);
      assert.deepEqual(errorsIn(bob.log), []);
    } catch (error) {
      await saveFailureArtifacts('sharing-ada', { page: ada.page, log: ada.log, server: session.server, error });
      await saveFailureArtifacts('sharing-bob', { page: bob.page, log: bob.log, error });
      await saveFailureArtifacts('sharing-carol', { page: carol.page, log: carol.log, error });
      throw error;
    } finally {
      await ada.context.close();
      await bob.context.close();
      await carol.context.close();
    }
  });
});
