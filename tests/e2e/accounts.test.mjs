// @ts-check
// Accounts and server projects on the home screen, through the UI against a real `omnios serve`
// (SQLite in the harness's temporary data folder): sign up, a server project created, listed,
// still there after a reload, gone after signing out; another account does not see it; a wrong
// password shows the server's message; a project of this browser uploaded to the server.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { errorsIn, openPage, pageTest, saveFailureArtifacts, useSession } from './harness.mjs';
import { doc, ready, saved, screenshot } from './editorPage.mjs';
import { commentOn, threadOn } from './serverProject.mjs';

/** @typedef {import('playwright-core').Page} Page */

/** The home of a fresh browser, once it asked the server who is signed in. */
async function home(/** @type {Page} */ page, /** @type {string} */ url) {
  await page.goto(`${url}/?test=1`);
  await page.locator('[data-engine-state="home"]').waitFor({ timeout: 60_000 });
}

async function fillAccount(/** @type {Page} */ page, /** @type {string} */ email, /** @type {string} */ password) {
  const form = page.getByRole('form', { name: 'Sign in to the server' });
  await form.waitFor({ timeout: 15_000 });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  return form;
}

async function signUp(/** @type {Page} */ page, /** @type {string} */ email, /** @type {string} */ password) {
  const form = await fillAccount(page, email, password);
  await form.getByRole('button', { name: 'Sign up' }).click();
  await page.getByTestId('account-email').filter({ hasText: email }).waitFor({ timeout: 15_000 });
}

/** The names in "On the server", once the list (or its empty note) is shown. */
async function serverProjects(/** @type {Page} */ page) {
  const section = page.getByRole('region', { name: 'On the server' });
  await section.locator('.server-project-list, .panel-empty:not(:has-text("Asking"))').first().waitFor({ timeout: 15_000 });
  return section.locator('.server-project').evaluateAll((rows) =>
    rows.map((r) => ({ name: r.getAttribute('data-server-project'), role: r.querySelector('.server-project-role')?.textContent })),
  );
}

describe('accounts and server projects', () => {
  const session = useSession();

  pageTest(session, 'sign up, create a server project, reload, sign out; a wrong password is refused', async ({ page, server, log }) => {
    await home(page, server.url);
    await page.getByRole('form', { name: 'Sign in to the server' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'accounts-signed-out');
    assert.deepEqual(errorsIn(log), [], 'asking who is signed in is no error when nobody is');
    await signUp(page, 'ada@example.com', 'analytical engine 1843');
    assert.deepEqual(await serverProjects(page), []);

    await page.getByRole('button', { name: 'New server project' }).click();
    await page.waitForURL(/\/p\/[^/?]+\?server=1/, { timeout: 15_000 });
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
    await ready(page);
    assert.equal(new URL(page.url()).searchParams.get('server'), '1', 'the URL says the project is on the server, so a reload rejoins it');
    assert.equal(await page.getByTestId('project-name').innerText(), 'Untitled project', 'named as on the server');
    await screenshot(page, 'accounts-server-project-editor');

    await home(page, server.url);
    assert.deepEqual(await serverProjects(page), [{ name: 'Untitled project', role: 'Owner' }]);
    assert.equal(await page.locator('.server-project').getAttribute('data-project-id'), id);
    const copy = page.locator(`.project-card[data-project-id="${id}"]`);
    await copy.waitFor({ timeout: 15_000 }); // its copy in this browser, which is already on the server
    assert.match(await copy.locator('.project-meta').innerText(), /on the server/);
    assert.equal(await copy.getByRole('button', { name: /Upload/ }).count(), 0);
    await screenshot(page, 'accounts-signed-in');

    await page.reload();
    await page.getByTestId('account-email').filter({ hasText: 'ada@example.com' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(await serverProjects(page), [{ name: 'Untitled project', role: 'Owner' }]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('form', { name: 'Sign in to the server' }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'On the server' }).count(), 0);
    assert.equal(await page.getByTestId('account-email').count(), 0);

    const form = await fillAccount(page, 'ada@example.com', 'not the password');
    await form.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByTestId('account-error');
    await error.waitFor({ timeout: 15_000 });
    assert.match(await error.innerText(), /\S.*\(reference \S+\)/);
    assert.equal(await page.getByTestId('account-email').count(), 0);
    await screenshot(page, 'accounts-wrong-password');

    await form.getByLabel('Password').fill('analytical engine 1843');
    await form.getByRole('button', { name: 'Sign in' }).click();
    assert.deepEqual(await serverProjects(page), [{ name: 'Untitled project', role: 'Owner' }]);
  });

  pageTest(session, 'another account sees none of it, and uploads its own project', async ({ page, server }) => {
    await home(page, server.url);
    await signUp(page, 'first@example.com', 'first user password');
    await page.getByRole('button', { name: 'New server project' }).click();
    await page.waitForURL(/\?server=1/, { timeout: 15_000 });

    const other = await openPage(session.browser);
    try {
      await home(other.page, server.url);
      await signUp(other.page, 'second@example.com', 'second user password');
      assert.deepEqual(await serverProjects(other.page), []);

      // A project of this browser, with a comment written before any account, then uploaded: a
      // server project named like it, opened live; the room takes the comment, now the account's.
      await other.page.getByRole('button', { name: 'New project', exact: true }).click();
      await ready(other.page);
      const body = Object.entries((await doc(other.page)).elements).find(([, el]) => el.kind === 'body')?.[0];
      assert.ok(body, 'the page has a body');
      const thread = await commentOn(other.page, body, 'Written before signing up');
      await saved(other.page);
      await home(other.page, server.url);
      await other.page.getByRole('button', { name: 'Upload Untitled project to the server' }).click();
      await other.page.waitForURL(/\/p\/[^/?]+\?server=1/, { timeout: 15_000 });
      const uploaded = decodeURIComponent(new URL(other.page.url()).pathname.split('/')[2] ?? '');
      await ready(other.page);
      await other.page.locator('[data-testid="live-status"][data-state="live"][data-unsynced="false"]').waitFor({ timeout: 15_000 });
      const claimed = await threadOn(other.page, thread);
      assert.equal(claimed?.author_name, 'second@example.com');
      assert.equal(claimed?.messages[0]?.text, 'Written before signing up');
      await home(other.page, server.url);
      assert.deepEqual(await serverProjects(other.page), [{ name: 'Untitled project', role: 'Owner' }]);
      assert.equal(await other.page.locator('.server-project').getAttribute('data-project-id'), uploaded);
      await other.page.locator(`.project-card[data-project-id="${uploaded}"]`).waitFor({ timeout: 15_000 }); // the uploaded copy, in this browser
      await screenshot(other.page, 'accounts-second-user');

      // The first account still sees only its own.
      await home(page, server.url);
      const mine = await serverProjects(page);
      assert.equal(mine.length, 1);
      assert.notEqual(await page.locator('.server-project').getAttribute('data-project-id'), uploaded);
    } catch (error) {
      await saveFailureArtifacts('accounts-second-user', { page: other.page, log: other.log, server: session.server, error });
      throw error;
    } finally {
      await other.context.close();
    }
  });
});
