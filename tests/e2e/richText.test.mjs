// @ts-check
// Rich text inside a text element, through the UI only: type a paragraph, bold a word with the
// keyboard, link another with the toolbar, break the line with Shift+Enter; one undo reverts the
// edit; the formatting survives a reload and Preview shows it as the export's inline tags.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { doc, frames, insert, mod, node, openEditor, ready, saved } from './editorPage.mjs';
import { errorsIn, pageTest, useSession } from './harness.mjs';

describe('rich text', () => {
  const session = useSession();

  pageTest(session, 'bold, a link and a line break in a paragraph are kept across a reload and shown by Preview', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    await insert(page, 'paragraph');
    await frames(page);
    const [paragraph] = (await doc(page)).selection;
    assert.ok(paragraph);
    const text = node(page, paragraph);
    const before = await text.innerText();
    const oneLine = (await doc(page)).boxes[paragraph].height;

    await text.dblclick();
    const toolbar = page.getByRole('toolbar', { name: 'Text formatting' });
    await toolbar.waitFor();
    await page.keyboard.type('Ship sites faster');
    // "faster" bold with the keyboard.
    for (let i = 0; i < 'faster'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press(`${mod}+b`);
    // "Ship" linked with the toolbar.
    await page.keyboard.press('Home');
    for (let i = 0; i < 'Ship'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await toolbar.getByRole('button', { name: 'Link' }).click();
    await toolbar.getByLabel('Link address').fill('https://example.com/ship?a=1&b=2');
    await toolbar.getByLabel('Link address').press('Enter');
    // A line break, then more words on the new line.
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Today');
    await page.keyboard.press('Enter');
    await frames(page, 3);

    assert.equal(await toolbar.count(), 0, 'the toolbar leaves with the edit');
    assert.equal(await text.getAttribute('contenteditable'), null);
    const markup = await text.evaluate((el) => el.innerHTML);
    assert.equal(markup, '<a href="https://example.com/ship?a=1&amp;b=2">Ship</a> sites <strong>faster</strong><br>Today');
    // The engine's box is the one Chromium draws: two lines, bold included.
    const d = await doc(page);
    const drawn = await text.evaluate((el) => /** @type {HTMLElement} */ (el).offsetHeight);
    assert.ok(Math.abs(d.boxes[paragraph].height - drawn) < 1, `engine ${d.boxes[paragraph].height}, canvas ${drawn}`);
    assert.ok(Math.abs(drawn - 2 * oneLine) < 1, `the break starts a second line: ${drawn} for lines of ${oneLine}`);

    // One undo reverts the whole edit, one redo brings it back.
    await page.keyboard.press(`${mod}+z`);
    await frames(page, 3);
    assert.equal(await text.innerText(), before);
    await page.keyboard.press(`${mod}+Shift+z`);
    await frames(page, 3);
    assert.equal(await text.evaluate((el) => el.innerHTML), markup);

    await saved(page);
    await page.reload();
    await ready(page);
    await frames(page, 3);
    assert.equal(await node(page, paragraph).evaluate((el) => el.innerHTML), markup, 'kept across a reload');

    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const frame = page.frameLocator('iframe[title="Page preview"]');
    await frame.locator('strong').waitFor({ timeout: 30_000 });
    const shown = await frame.locator('p').filter({ has: frame.locator('strong') }).evaluate((el) => el.innerHTML);
    assert.equal(shown, markup, 'Preview shows the export’s inline tags');
    await page.keyboard.press('Escape');
    assert.deepEqual(errorsIn(log), []);
  });
});
