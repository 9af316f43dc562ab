// @ts-check
// Design tokens through the panels: a colour token made in the Tokens panel, picked for two
// elements' backgrounds in the style inspector, then changed once: both elements' computed
// colours on the canvas change; deleting it is refused while they use it, and deleting it
// anyway leaves them their colour.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { absoluteBox, doc, frames, node, openEditor, screenshot } from './editorPage.mjs';
import { errorsIn, pageTest, useSession } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */

/** The computed background colour of an element on the canvas. @param {Page} page @param {string} id */
const background = (page, id) => node(page, id).evaluate((el) => getComputedStyle(el).backgroundColor);

/** Opens the Tokens panel. @param {Page} page */
async function tokensPanel(page) {
  await page.getByRole('button', { name: 'Tokens', exact: true }).click();
  return page.getByRole('complementary', { name: 'Tokens' });
}

describe('design tokens', () => {
  const session = useSession();

  pageTest(session, 'a colour token applied to two elements restyles both when it changes', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const a = await absoluteBox(page, { left: 40, top: 40, width: 100, height: 60 });
    const b = await absoluteBox(page, { left: 200, top: 40, width: 100, height: 60 });

    let panel = await tokensPanel(page);
    await panel.getByRole('button', { name: 'Add Colours token' }).click();
    await frames(page);
    const row = panel.getByTestId('token-row');
    await row.waitFor();
    const value = row.getByLabel('Value', { exact: true });
    await value.fill('#ff0000');
    await value.press('Enter');
    await frames(page);

    for (const id of [a, b]) {
      await node(page, id).click();
      await frames(page);
      const fill = page.getByRole('region', { name: 'Fill' });
      await fill.getByLabel('Background token', { exact: true }).selectOption({ label: 'color (#ff0000)' });
      await frames(page);
      await fill.getByTestId('token-chip').waitFor();
    }
    assert.equal(await background(page, a), 'rgb(255, 0, 0)');
    assert.equal(await background(page, b), 'rgb(255, 0, 0)');
    await screenshot(page, 'tokens-applied');
    const d = await doc(page);
    assert.match(d.elements[a].styles.base['background-color'], /^token:/);
    assert.equal(d.elements[a].styles.base['background-color'], d.elements[b].styles.base['background-color']);

    panel = await tokensPanel(page);
    await row.getByLabel('Value', { exact: true }).fill('#0000ff');
    await row.getByLabel('Value', { exact: true }).press('Enter');
    await frames(page);
    assert.equal(await background(page, a), 'rgb(0, 0, 255)');
    assert.equal(await background(page, b), 'rgb(0, 0, 255)');
    assert.equal(await row.getByTestId('token-usage').textContent(), 'Used by 2');

    // Deleting it while in use is refused and says where it is used; nothing changes.
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await panel.getByTestId('token-in-use').waitFor();
    assert.equal(await panel.getByTestId('token-row').count(), 1);
    assert.equal(await background(page, a), 'rgb(0, 0, 255)');
    await screenshot(page, 'tokens-delete-refused');

    // Deleting anyway writes the token's value into both: they keep their look.
    await panel.getByRole('button', { name: 'Delete anyway' }).click();
    await frames(page);
    assert.equal(await panel.getByTestId('token-row').count(), 0);
    assert.equal(await background(page, a), 'rgb(0, 0, 255)');
    assert.equal(await background(page, b), 'rgb(0, 0, 255)');
    assert.equal((await doc(page)).elements[b].styles.base['background-color'], '#0000ff');
    assert.deepEqual(errorsIn(log), []);
  });
});
