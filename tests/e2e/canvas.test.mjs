// @ts-check
// The editor as a designer uses it: every step goes through the pointer and the keyboard (no
// engine calls); `window.omnios` (exposed by `?test=1`) is only read, to check the document.
// Screenshots of the editor are kept under target/e2e/ (editor-empty, editor-hero, editor-dragging).
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { absoluteBox, centre, clickEmptyCanvas, doc, drag, frames, insert, mod, node, openEditor, screenshot, setField } from './editorPage.mjs';
import { errorsIn, pageTest, useSession } from './harness.mjs';

describe('editor canvas', () => {
  const session = useSession();

  pageTest(session, 'builds a hero section from an empty page with the insert and properties panels', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    let d = await doc(page);
    assert.deepEqual(d.elements[d.body].children, [], 'the page starts empty');
    await screenshot(page, 'editor-empty');

    await insert(page, 'section');
    await insert(page, 'heading'); // inside the selected section
    await insert(page, 'paragraph'); // after the selected heading
    await insert(page, 'row'); // a flex row after the paragraph
    await insert(page, 'button'); // inside the row
    await insert(page, 'button'); // after the first button
    await page.keyboard.press('Escape'); // select the row
    await page.keyboard.press('Escape'); // select the section
    await insert(page, 'image'); // inside the section, last
    await frames(page);

    d = await doc(page);
    const [section] = d.elements[d.body].children;
    assert.equal(d.elements[section].kind, 'section');
    const kids = d.elements[section].children.map((/** @type {string} */ id) => d.elements[id]);
    assert.deepEqual(
      kids.map((/** @type {any} */ e) => [e.kind, e.tag ?? null]),
      [['text', 'h1'], ['text', 'p'], ['container', null], ['image', null]],
    );
    const [heading, paragraph, row, image] = kids.map((/** @type {any} */ e) => e.id);
    const buttons = d.elements[row].children;
    assert.equal(buttons.length, 2);

    // Restyle through the properties panel: the heading's size, the row's gap and alignment.
    await node(page, heading).click();
    await setField(page, 'Typography', 'Size', '56px');
    const rowBox = await node(page, row).boundingBox();
    assert.ok(rowBox);
    await node(page, row).click({ position: { x: rowBox.width - 6, y: rowBox.height / 2 } }); // beside the buttons
    d = await doc(page);
    assert.deepEqual(d.selection, [row]);
    await setField(page, 'Layout', 'Gap', '24px');
    await page.getByRole('region', { name: 'Layout' }).getByLabel('Justify', { exact: true }).selectOption('flex-start');
    await node(page, section).click({ position: { x: 8, y: 8 } });
    await page.getByRole('region', { name: 'Fill' }).getByLabel('Background', { exact: true }).fill('#eef2ff');
    await page.getByRole('region', { name: 'Fill' }).getByLabel('Background', { exact: true }).press('Enter');
    await frames(page, 3);

    // The DOM is the export's: real tags, real CSS.
    assert.equal(await node(page, section).evaluate((el) => el.tagName), 'SECTION');
    assert.equal(await node(page, heading).evaluate((el) => el.tagName), 'H1');
    assert.equal(await node(page, paragraph).evaluate((el) => el.tagName), 'P');
    assert.equal(await node(page, image).evaluate((el) => el.tagName), 'IMG');
    const css = (/** @type {string} */ id, /** @type {string} */ prop) =>
      node(page, id).evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);
    assert.equal(await css(section, 'padding-top'), '80px');
    assert.equal(await css(section, 'background-color'), 'rgb(238, 242, 255)');
    assert.equal(await css(heading, 'font-size'), '56px');
    assert.equal(await css(heading, 'font-weight'), '700');
    assert.equal(await css(row, 'display'), 'flex');
    assert.equal(await css(row, 'flex-direction'), 'row');
    assert.equal(await css(row, 'column-gap'), '24px');
    assert.equal(await css(buttons[0], 'background-color'), 'rgb(37, 99, 235)');
    assert.equal(await node(page, heading).innerText(), 'Heading');
    // Two buttons side by side, 24 px apart, in the flex row.
    const b0 = await node(page, buttons[0]).boundingBox();
    const b1 = await node(page, buttons[1]).boundingBox();
    assert.ok(b0 && b1);
    assert.ok(Math.abs(b0.y - b1.y) < 0.5, 'buttons share a line');
    assert.ok(Math.abs(b1.x - (b0.x + b0.width) - 24 * d.zoom) < 1, 'buttons are a gap apart');
    // The engine's boxes agree with the browser's (overlays are drawn from them).
    d = await doc(page);
    const domHeading = await node(page, heading).boundingBox();
    const frame = await page.locator('.frame').boundingBox();
    assert.ok(domHeading && frame);
    assert.ok(Math.abs((domHeading.x - frame.x) / d.zoom - d.boxes[heading].x) < 1);
    assert.ok(Math.abs(domHeading.height / d.zoom - d.boxes[heading].height) < 1);

    // The section is selected; a click on its heading selects the heading.
    assert.deepEqual((await doc(page)).selection, [section]);
    await node(page, heading).click();
    await frames(page);
    assert.deepEqual((await doc(page)).selection, [heading]);
    await screenshot(page, 'editor-hero');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'drags an absolutely positioned element onto a smart guide, in one undo step', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const a = await absoluteBox(page, { left: 100, top: 100, width: 200, height: 100 });
    const b = await absoluteBox(page, { left: 500, top: 300, width: 150, height: 80 });
    const { zoom } = await doc(page);
    // Bring b's left edge 4 px right of a's right edge (300) and its top 3 px below a's top (100).
    const from = await centre(page, b);
    const to = { x: from.x + (304 - 500) * zoom, y: from.y + (103 - 300) * zoom };
    await drag(page, from, to, async () => {
      const guides = page.getByTestId('guide');
      assert.ok((await guides.count()) >= 2, 'guides show while dragging');
      const axes = await guides.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-axis')}@${el.getAttribute('data-at')}`));
      assert.ok(axes.includes('x@300'), `a vertical guide at x=300 (${axes})`);
      assert.ok(axes.includes('y@100'), `a horizontal guide at y=100 (${axes})`);
      await screenshot(page, 'editor-dragging');
    });
    const d = await doc(page);
    assert.equal(d.elements[b].styles.base.left, '300px');
    assert.equal(d.elements[b].styles.base.top, '100px');
    assert.deepEqual([d.boxes[b].x, d.boxes[b].y], [300, 100]);
    assert.equal(await page.getByTestId('guide').count(), 0, 'guides go away on release');
    const dom = await node(page, b).boundingBox();
    const domA = await node(page, a).boundingBox();
    assert.ok(dom && domA);
    assert.ok(Math.abs(dom.x - (domA.x + domA.width)) < 0.5, 'the DOM shows b flush against a');
    // The whole drag is one undo step.
    await page.keyboard.press(`${mod}+z`);
    await frames(page);
    assert.equal((await doc(page)).elements[b].styles.base.left, '500px');
    // Escape mid-drag drops the gesture: nothing is written.
    const again = await centre(page, b);
    await drag(page, again, { x: again.x - 100, y: again.y - 50 }, async () => {
      await page.keyboard.press('Escape');
      await frames(page);
      assert.equal(await page.getByTestId('guide').count(), 0);
    });
    assert.equal((await doc(page)).elements[b].styles.base.left, '500px');
    assert.equal(await node(page, b).evaluate((el) => getComputedStyle(el).left), '500px');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'resizes with handles, snapping to a neighbour, and keeps the ratio with shift', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const a = await absoluteBox(page, { left: 100, top: 100, width: 200, height: 100 });
    await absoluteBox(page, { left: 500, top: 300, width: 150, height: 80 });
    await node(page, a).click();
    await frames(page);
    const { zoom } = await doc(page);
    // The east handle: a's right edge to 497 snaps to b's left edge at 500.
    const east = await page.locator('[data-handle="e"]').boundingBox();
    assert.ok(east);
    const e = { x: east.x + east.width / 2, y: east.y + east.height / 2 };
    await drag(page, e, { x: e.x + 197 * zoom, y: e.y + 7 });
    let d = await doc(page);
    assert.equal(d.elements[a].styles.base.width, '400px');
    assert.equal(d.elements[a].styles.base.height, '100px');
    assert.equal(d.boxes[a].width, 400);
    // The south-east handle with shift: 400 × 100 grows to 480 × 120.
    const se = await page.locator('[data-handle="se"]').boundingBox();
    assert.ok(se);
    const s = { x: se.x + se.width / 2, y: se.y + se.height / 2 };
    await page.keyboard.down('Shift');
    await drag(page, s, { x: s.x + 80 * zoom, y: s.y + 2 * zoom });
    await page.keyboard.up('Shift');
    d = await doc(page);
    const w = parseFloat(d.elements[a].styles.base.width);
    const h = parseFloat(d.elements[a].styles.base.height);
    assert.ok(Math.abs(w - 480) <= 1, `width ${w}`);
    assert.ok(Math.abs(w / h - 4) < 0.02, `ratio ${w}/${h}`);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'reparents an element by dragging it into another container', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    await insert(page, 'heading');
    await clickEmptyCanvas(page);
    await insert(page, 'section');
    await frames(page);
    let d = await doc(page);
    const [first, second] = d.elements[d.body].children;
    const [heading] = d.elements[first].children;
    assert.equal(d.elements[second].children.length, 0);
    await node(page, heading).click();
    await drag(page, await centre(page, heading), await centre(page, second), async () => {
      assert.equal(await page.getByTestId('drop-indicator').count(), 1, 'the drop indicator shows');
    });
    d = await doc(page);
    assert.equal(d.elements[heading].parent, second);
    assert.deepEqual(d.elements[second].children, [heading]);
    assert.deepEqual(d.elements[first].children, []);
    assert.equal(await node(page, heading).evaluate((el) => el.parentElement?.getAttribute('data-omnios-id')), second);
    assert.equal(await page.getByTestId('drop-indicator').count(), 0);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'drag edge zones: near a container\'s edge the drop goes beside it, in the middle inside, with Alt inside', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    for (let i = 0; i < 3; i++) {
      await insert(page, 'section');
      await clickEmptyCanvas(page);
    }
    await frames(page);
    let d = await doc(page);
    const [a, b, c] = d.elements[d.body].children;
    assert.equal(d.elements[d.body].children.length, 3);
    /** Where the drop would land now, as the indicator shows it. */
    const indicated = () => page.evaluate(() => /** @type {any} */ (window).omnios.store.getState().dropIndicator?.parent ?? null);
    const topEdgeOf = async (/** @type {string} */ id) => {
      const box = await node(page, id).boundingBox();
      assert.ok(box);
      return { x: box.x + box.width / 2, y: box.y + 3 };
    };

    // C dropped on A's top edge goes before A, in the body — not inside A.
    await node(page, c).click();
    await drag(page, await centre(page, c), await topEdgeOf(a), async () => {
      assert.equal(await indicated(), d.body, 'the indicator names the body');
    });
    d = await doc(page);
    assert.deepEqual(d.elements[d.body].children, [c, a, b]);
    assert.deepEqual(d.elements[a].children, []);

    // The middle of an empty container drops inside it ('reparents an element …' above); with
    // Alt held, so does its edge: C dropped on B's top edge goes inside B.
    await node(page, c).click();
    await page.keyboard.down('Alt');
    await drag(page, await centre(page, c), await topEdgeOf(b), async () => {
      assert.equal(await indicated(), b, 'with Alt the indicator names B');
    });
    await page.keyboard.up('Alt');
    d = await doc(page);
    assert.equal(d.elements[c].parent, b);
    assert.deepEqual(d.elements[d.body].children, [a, b]);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'nudges with the arrow keys: 1 px, 10 px with shift', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const a = await absoluteBox(page, { left: 40, top: 60, width: 100, height: 100 });
    await node(page, a).click();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('ArrowUp');
    await frames(page);
    const d = await doc(page);
    assert.equal(d.elements[a].styles.base.left, '42px');
    assert.equal(d.elements[a].styles.base.top, '69px');
    assert.deepEqual([d.boxes[a].x, d.boxes[a].y], [42, 69]);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'undoes everything back to the empty page and redoes it', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    await insert(page, 'heading');
    await insert(page, 'button');
    await page.keyboard.press(`${mod}+d`); // duplicate the button
    await page.keyboard.press('Delete'); // and delete the copy
    await frames(page);
    const built = await doc(page);
    const sectionId = built.elements[built.body].children[0];
    const shape = (/** @type {any} */ d) => JSON.stringify(d.elements[d.elements[d.body].children[0]]?.children ?? null);
    const builtShape = shape(built);
    for (let i = 0; i < 5; i++) await page.keyboard.press(`${mod}+z`);
    await frames(page);
    let d = await doc(page);
    assert.deepEqual(d.elements[d.body].children, [], 'back to the empty page');
    assert.equal(d.canUndo, false);
    assert.equal(await page.locator('.omnios-page').evaluate((el) => el.children.length), 0);
    assert.ok(await page.getByRole('button', { name: 'Undo' }).isDisabled());
    for (let i = 0; i < 5; i++) await page.keyboard.press(`${mod}+Shift+z`);
    await frames(page);
    d = await doc(page);
    assert.deepEqual(d.elements[d.body].children, [sectionId]);
    assert.equal(shape(d), builtShape);
    assert.equal(await node(page, sectionId).locator('h1').count(), 1);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'edits text inline with a double-click', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    await insert(page, 'heading');
    await frames(page);
    const { selection } = await doc(page);
    const heading = selection[0];
    assert.ok(heading);
    await node(page, heading).dblclick();
    await page.keyboard.type('Ship sites faster');
    await page.keyboard.press('Enter');
    await frames(page);
    const d = await doc(page);
    assert.equal(d.elements[heading].content, 'Ship sites faster');
    assert.equal(await node(page, heading).innerText(), 'Ship sites faster');
    assert.equal(await node(page, heading).getAttribute('contenteditable'), null);
    // Escape ends the edit and keeps the text (Figma, Webflow); one undo reverts it.
    await node(page, heading).dblclick();
    await page.keyboard.type('Ship it');
    await page.keyboard.press('Escape');
    await frames(page);
    assert.equal((await doc(page)).elements[heading].content, 'Ship it');
    assert.equal(await node(page, heading).innerText(), 'Ship it');
    assert.equal(await node(page, heading).getAttribute('contenteditable'), null);
    assert.deepEqual((await doc(page)).selection, [heading], 'the element stays selected');
    await page.keyboard.press(`${mod}+z`);
    await frames(page);
    assert.equal((await doc(page)).elements[heading].content, 'Ship sites faster');
    assert.equal(await node(page, heading).innerText(), 'Ship sites faster');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'overrides a style only at the mobile breakpoint', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    await insert(page, 'heading');
    const { selection } = await doc(page);
    const heading = selection[0];
    assert.ok(heading);
    await page.getByRole('button', { name: /^Mobile/ }).click();
    await frames(page, 3);
    assert.equal(await page.locator('.frame').evaluate((el) => el.getBoundingClientRect().width > 0 && el.style.width), '375px');
    await node(page, heading).click();
    await setField(page, 'Typography', 'Size', '32px');
    let d = await doc(page);
    assert.equal(d.elements[heading].styles.mobile['font-size'], '32px');
    assert.equal(d.elements[heading].styles.base['font-size'], '48px');
    const fontSize = () => node(page, heading).evaluate((el) => getComputedStyle(el).fontSize);
    assert.equal(await fontSize(), '32px');
    await page.getByRole('button', { name: /^Tablet/ }).click();
    await frames(page, 3);
    assert.equal(await fontSize(), '48px', 'tablet inherits base, not mobile');
    await page.getByRole('button', { name: /^Desktop/ }).click();
    await frames(page, 3);
    assert.equal(await fontSize(), '48px');
    d = await doc(page);
    assert.equal(d.elements[heading].styles.tablet, undefined);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'adds, renames and opens a page with slug and SEO fields', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    await page.getByRole('button', { name: 'Pages', exact: true }).click();
    await page.getByRole('button', { name: '+ Add page' }).click();
    await frames(page);
    let d = await doc(page);
    assert.equal(d.pages.length, 2);
    assert.equal(d.activePage, d.pages[1].id, 'the new page opens');
    assert.deepEqual(d.elements[d.body].children, [], 'the new page is empty');
    const settings = page.getByRole('region', { name: 'Page settings' });
    await settings.getByLabel('Name', { exact: true }).fill('Pricing');
    await settings.getByLabel('Name', { exact: true }).press('Enter');
    await settings.getByLabel('Slug', { exact: true }).fill('pricing');
    await settings.getByLabel('Slug', { exact: true }).press('Enter');
    await settings.getByLabel('SEO title', { exact: true }).fill('Pricing · Acme');
    await settings.getByLabel('SEO title', { exact: true }).press('Enter');
    await frames(page);
    d = await doc(page);
    assert.deepEqual([d.pages[1].name, d.pages[1].slug, d.pages[1].title], ['Pricing', 'pricing', 'Pricing · Acme']);
    // Reorder it first, then go back to Home, which still has its section.
    await page.getByRole('button', { name: 'Move Pricing up' }).click();
    await frames(page);
    d = await doc(page);
    assert.equal(d.pages[0].name, 'Pricing');
    await page.getByRole('button', { name: /Home/ }).first().click();
    await frames(page);
    d = await doc(page);
    assert.equal(d.elements[d.body].children.length, 1);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'shows an engine refusal as a readable message and keeps the document', async ({ page, server }) => {
    await openEditor(page, server.url);
    await insert(page, 'container');
    const before = await doc(page);
    const id = before.selection[0];
    await setField(page, 'Size', 'Width', 'banana');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /width value is not valid/i);
    assert.equal(await alert.getAttribute('data-code'), 'invalid_value');
    const after = await doc(page);
    assert.deepEqual(after.elements[id].styles, before.elements[id].styles);
  });
});
