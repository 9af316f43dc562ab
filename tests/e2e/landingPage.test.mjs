// @ts-check
// The landing page a designer builds in their first hour (nav, hero, a grid of three cards,
// footer), through the insert panel and the keyboard only, then seen at the three breakpoints
// with the properties panel open: target/e2e/landing-{desktop,tablet,mobile}.png, for review.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { clickEmptyCanvas, doc, frames, insert, mod, node, openEditor, screenshot } from './editorPage.mjs';
import { errorsIn, pageTest, useSession } from './harness.mjs';

describe('landing page', () => {
  const session = useSession();

  pageTest(session, 'nav, hero, three cards and a footer, shown at desktop, tablet and mobile with the properties panel', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    // Nav: a flex row with the brand and three links.
    await insert(page, 'row');
    await insert(page, 'heading');
    for (let i = 0; i < 3; i++) await insert(page, 'link');
    await clickEmptyCanvas(page);
    // Hero: heading, paragraph, call to action.
    await insert(page, 'section');
    await insert(page, 'heading');
    await insert(page, 'paragraph');
    await insert(page, 'button');
    await clickEmptyCanvas(page);
    // Cards: a grid holding a card (heading and paragraph), duplicated twice.
    await insert(page, 'section');
    await insert(page, 'grid');
    await insert(page, 'container');
    await insert(page, 'heading');
    await insert(page, 'paragraph');
    await page.keyboard.press('Escape'); // the card
    await frames(page);
    await page.keyboard.press(`${mod}+d`);
    await frames(page);
    await page.keyboard.press(`${mod}+d`);
    await clickEmptyCanvas(page);
    // Footer.
    await insert(page, 'section');
    await insert(page, 'paragraph');
    await frames(page, 3);

    const d = await doc(page);
    const [nav, hero, cards, footer] = d.elements[d.body].children;
    assert.equal(d.elements[d.body].children.length, 4);
    assert.equal(d.elements[nav].children.length, 4, 'brand and three links');
    assert.equal(d.elements[hero].children.length, 3);
    const [grid] = d.elements[cards].children;
    assert.equal(d.elements[grid].children.length, 3, 'three cards');
    assert.equal(d.elements[footer].children.length, 1);

    // The hero's heading selected, so the properties panel shows it, at each breakpoint.
    const heading = d.elements[hero].children[0];
    await node(page, heading).click();
    for (const [name, file] of /** @type {const} */ ([
      [/^Desktop/, 'landing-desktop'],
      [/^Tablet/, 'landing-tablet'],
      [/^Mobile/, 'landing-mobile'],
    ])) {
      await page.getByRole('button', { name }).first().click();
      await frames(page, 3);
      assert.equal((await doc(page)).selection[0], heading);
      await screenshot(page, file);
    }
    assert.deepEqual(errorsIn(log), []);
  });
});
