// @ts-check
// Versions of a server project, kept by the server and seen by every member live: Ada saves
// "Before hero change" through the Versions panel; Bob's open panel shows it without a reload
// (Ada's presence names the version she saved); Ada changes the hero; Bob restores the version;
// Ada's editor shows the document as it was. Accounts and the project are made through the API,
// everything else through the UI.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorsIn, useSession } from './harness.mjs';
import { absoluteBox, screenshot, setField } from './editorPage.mjs';
import { live, openLive, signUp, until, withTwoPeople } from './serverProject.mjs';

/** @typedef {import('playwright-core').Page} Page */

/** The version names the open Versions panel lists, newest first. */
const versionNames = (/** @type {Page} */ page) =>
  page.getByTestId('server-versions').locator('.version-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-version')));

describe('server versions, live', () => {
  const session = useSession();

  test('a version one member saves appears in the other’s panel; restoring it reaches everyone', async () => {
    await withTwoPeople(session, 'versions-live', async (a, b) => {
      const base = session.server.url;
      await signUp(a.context, base, 'ada@example.test');
      await signUp(b.context, base, 'bob@example.test');
      const created = await a.context.request.post(`${base}/api/projects`, { data: { name: 'Launch page' } });
      const id = /** @type {string} */ ((await created.json()).id);
      const added = await a.context.request.post(`${base}/api/projects/${id}/members`, { data: { email: 'bob@example.test', role: 'editor' } });
      assert.equal(added.status(), 201, await added.text());
      await openLive(a.page, base, id);
      await openLive(b.page, base, id);

      // Ada's hero, as it is before the change.
      const hero = await absoluteBox(a.page, { left: 80, top: 60, width: 300, height: 140 });
      await live(a.page);
      await until(b.page, hero, (el) => el.styles.base?.['background-color'] === '#c7d2fe', 'Bob has the hero');

      // Both open Versions; Ada saves one.
      await a.page.getByRole('button', { name: 'Versions' }).click();
      await b.page.getByRole('button', { name: 'Versions' }).click();
      await b.page.getByTestId('server-versions').getByText('No versions on the server yet', { exact: false }).waitFor({ timeout: 15_000 });
      await a.page.getByLabel('Version name').fill('Before hero change');
      await a.page.getByRole('button', { name: 'Save version' }).click();
      await a.page.locator('.version-item[data-version="Before hero change"]').waitFor({ timeout: 15_000 });
      assert.match(await a.page.locator('.version-item[data-version="Before hero change"] .version-meta').innerText(), /2 elements/);

      // Bob's open panel shows it, without a reload.
      await b.page.locator('.version-item[data-version="Before hero change"]').waitFor({ timeout: 15_000 });
      assert.deepEqual(await versionNames(b.page), ['Before hero change']);
      await screenshot(b.page, 'versions-live-panel');

      // Ada changes the hero; Bob sees the change, then restores the version.
      await setField(a.page, 'Fill', 'Background', '#fecaca');
      await setField(a.page, 'Size', 'Width', '500px');
      await until(b.page, hero, (el) => el.styles.base?.['background-color'] === '#fecaca' && el.styles.base?.width === '500px', 'Bob sees the hero change');
      await b.page.getByRole('button', { name: 'Restore Before hero change' }).click();
      await until(b.page, hero, (el) => el.styles.base?.['background-color'] === '#c7d2fe' && el.styles.base?.width === '300px', 'Bob’s restore applies here');

      // Ada sees the restored document.
      await until(a.page, hero, (el) => el.styles.base?.['background-color'] === '#c7d2fe' && el.styles.base?.width === '300px', 'Ada sees the restored hero');
      await live(a.page);
      await live(b.page);
      await screenshot(a.page, 'versions-live-restored');

      assert.deepEqual(errorsIn(a.log), []);
      assert.deepEqual(errorsIn(b.log), []);
    });
  });
});
