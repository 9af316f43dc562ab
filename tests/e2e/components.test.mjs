// @ts-check
// Components through the UI (issue 22): a card made a component from the selection, three
// instances placed from the Components panel (by click and by drag), one instance's title
// overridden, the master's background changed (the other two follow, the overridden title
// stays), a variant recorded in the master and chosen on one instance, a prop declared and set;
// a nav of three links (siblings wrapped) placed on three pages and one link renamed in the
// master (all three pages change); a slot filled differently in two instances; undo for each.
// On the canvas a first click inside an instance selects the instance, a second one the element
// under the pointer. Screenshots: target/e2e/components-*.png.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { addPage, clickEmptyCanvas, doc, frames, insert, mod, node, openEditor, screenshot, setField } from './editorPage.mjs';
import { errorsIn, pageTest, useSession } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */

/** The computed background colour of an element on the canvas. @param {Page} page @param {string} id */
const background = (page, id) => node(page, id).evaluate((el) => getComputedStyle(el).backgroundColor);

/** The text an element shows on the canvas. @param {Page} page @param {string} id */
const textOf = (page, id) => node(page, id).innerText();

/** Clicks an element near its top-left corner (inside its padding, not on a child). @param {Page} page @param {string} id */
async function clickCorner(page, id, options = {}) {
  const box = await node(page, id).boundingBox();
  assert.ok(box, `element ${id} is not on the canvas`);
  await page.mouse.click(box.x + 5, box.y + 5, options);
  await frames(page);
}

/** Double-clicks an element near its top-left corner. @param {Page} page @param {string} id */
async function doubleClickCorner(page, id) {
  const box = await node(page, id).boundingBox();
  assert.ok(box, `element ${id} is not on the canvas`);
  await page.mouse.dblclick(box.x + 5, box.y + 5);
  await frames(page, 3);
}

/** Opens a left panel by its rail button. @param {Page} page @param {string} name */
async function panel(page, name) {
  await page.getByRole('button', { name, exact: true }).click();
  return page.getByRole('complementary', { name });
}

/**
 * The shown record under an instance, by child indexes from its shown master root.
 * @param {Awaited<ReturnType<typeof doc>>} d @param {string} instance @param {number[]} at
 */
function shown(d, instance, ...at) {
  let id = d.elements[instance]?.children[0];
  for (const i of at) id = d.elements[id]?.children[i];
  assert.ok(id, `nothing shown at ${at.join('.')} in ${instance}`);
  return /** @type {string} */ (id);
}

/** Names the selection a component through the context menu and the naming dialog. @param {Page} page @param {string} at @param {string} name */
async function createComponent(page, at, name) {
  await clickCorner(page, at, { button: 'right' });
  await page.getByRole('menu', { name: 'Element actions' }).getByRole('menuitem', { name: /Create component/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Create component' });
  await dialog.getByLabel('Component name').fill(name);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await dialog.waitFor({ state: 'detached' });
  await frames(page, 3);
}

/** Inserts a container with a heading in it (the heading selected); returns the container's id. @param {Page} page */
async function containerWithHeading(page) {
  await insert(page, 'container');
  await frames(page);
  const id = (await doc(page)).selection[0];
  assert.ok(id);
  await insert(page, 'heading');
  await frames(page);
  return id;
}

describe('components', () => {
  const session = useSession();

  pageTest(session, 'a card component: three instances, an override, master edits, a variant, a prop, undo', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    // A card: a container with a title and a line of text.
    const card = await containerWithHeading(page);
    await setField(page, 'Element', 'Text', 'Card title');
    await clickCorner(page, card);
    await setField(page, 'Fill', 'Background', '#e0e7ff');
    await insert(page, 'paragraph');
    await frames(page);
    await clickCorner(page, card);
    assert.deepEqual((await doc(page)).selection, [card]);

    // Create component (⌘/Ctrl Alt K): a blank name is refused in the dialog, nothing changes.
    await page.keyboard.press(`${mod}+Alt+KeyK`);
    const dialog = page.getByRole('dialog', { name: 'Create component' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Create' }).click();
    assert.match(await dialog.getByTestId('component-name-problem').innerText(), /needs a name/);
    assert.equal((await doc(page)).elements[card].kind, 'container');
    await dialog.getByLabel('Component name').fill('Card');
    await dialog.getByLabel('Component name').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await frames(page, 3);
    let d = await doc(page);
    // The card is now an instance (under its own id) of a master named Card.
    assert.equal(d.elements[card].kind, 'instance');
    const master = d.elements[card].props.component;
    assert.equal(d.elements[master].name, 'Card');
    assert.equal(await textOf(page, shown(d, card, 0)), 'Card title');

    // Three instances: the one that took the card's place, one placed by click, one by drag.
    const components = await panel(page, 'Components');
    const row = components.getByTestId('component-row');
    assert.equal(await row.count(), 1);
    await clickEmptyCanvas(page);
    await components.getByRole('button', { name: 'Insert Card' }).click();
    await frames(page, 3);
    d = await doc(page);
    const second = d.selection[0];
    assert.ok(second && d.elements[second].kind === 'instance');
    // Dropped on the page below the two cards: it goes last.
    const canvasBox = await page.getByTestId('canvas').boundingBox();
    const below = await node(page, second).boundingBox();
    assert.ok(canvasBox && below);
    await components.getByRole('button', { name: 'Insert Card' }).dragTo(page.getByTestId('canvas'), {
      targetPosition: { x: below.x - canvasBox.x + below.width / 2, y: below.y - canvasBox.y + below.height + 40 },
    });
    await frames(page, 3);
    d = await doc(page);
    const third = d.selection[0];
    assert.ok(third && third !== second && d.elements[third].kind === 'instance', 'the drop placed an instance');
    assert.deepEqual(d.elements[d.body].children, [card, second, third]);
    assert.equal(await row.getByTestId('component-usage').innerText(), 'Used 3 times');

    // A second component named Card is refused with the reason; nothing changes.
    await clickEmptyCanvas(page);
    await panel(page, 'Insert');
    await insert(page, 'heading');
    await frames(page);
    const stray = (await doc(page)).selection[0];
    assert.ok(stray);
    await page.keyboard.press(`${mod}+Alt+KeyK`);
    await dialog.getByLabel('Component name').fill('Card');
    await dialog.getByRole('button', { name: 'Create' }).click();
    assert.match(await dialog.getByTestId('component-name-problem').innerText(), /exists already/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await doc(page)).elements[stray].kind, 'text');
    await page.keyboard.press('Delete');
    await frames(page);
    assert.deepEqual((await doc(page)).elements[(await doc(page)).body].children, [card, second, third]);

    // Override the second card's title: its own, shown with a mark and a Reset.
    d = await doc(page);
    const secondTitle = shown(d, second, 0);
    // The first click takes the instance, the next one the title inside it.
    await node(page, secondTitle).click();
    await frames(page);
    assert.deepEqual((await doc(page)).selection, [second]);
    await node(page, secondTitle).click();
    await frames(page);
    assert.deepEqual((await doc(page)).selection, [secondTitle]);
    await setField(page, 'Element', 'Text', 'Special offer');
    assert.equal(await textOf(page, secondTitle), 'Special offer');
    assert.equal(await textOf(page, shown(d, card, 0)), 'Card title');
    assert.equal(await page.getByRole('region', { name: 'Component instance' }).getByTestId('override-row').count(), 1);
    assert.equal(await page.getByRole('region', { name: 'Element' }).getByTestId('override-mark').count(), 1);

    // Double-click the first card: its master is on the canvas, with the bar.
    await doubleClickCorner(page, shown(d, card));
    const bar = page.getByTestId('master-bar');
    await bar.waitFor();
    assert.match(await bar.innerText(), /Editing component Card/);
    await clickCorner(page, master);
    assert.deepEqual((await doc(page)).selection, [master]);
    await setField(page, 'Fill', 'Background', '#fde68a');
    await screenshot(page, 'components-master');
    await bar.getByRole('button', { name: 'Done' }).click();
    await frames(page, 3);
    assert.equal(await bar.count(), 0);
    d = await doc(page);
    for (const instance of [card, second, third]) assert.equal(await background(page, shown(d, instance)), 'rgb(253, 230, 138)', `${instance} follows the master`);
    assert.equal(await textOf(page, secondTitle), 'Special offer', 'the override stays');
    assert.equal(await textOf(page, shown(d, third, 0)), 'Card title');
    await screenshot(page, 'components-instances');

    // A variant: in the master, tone = dark records a dark background; the third card chooses it.
    await panel(page, 'Components');
    await components.getByRole('button', { name: 'Edit Card' }).click();
    await bar.waitFor();
    await clickCorner(page, master);
    const variants = page.getByRole('region', { name: 'Variants' });
    await variants.getByLabel('Axis').fill('tone');
    await variants.getByLabel('Option').fill('dark');
    await variants.getByRole('button', { name: 'Add variant' }).click();
    await frames(page);
    assert.match(await bar.innerText(), /recording variant tone = dark/);
    await setField(page, 'Fill', 'Background', '#1e293b');
    assert.equal(await background(page, master), 'rgb(253, 230, 138)', 'the master keeps its own background');
    // A prop: the title's text, which each instance can set.
    await node(page, (await doc(page)).elements[master].children[0]).click();
    await frames(page);
    const props = page.getByRole('region', { name: 'Component', exact: true });
    await props.getByLabel('Make a prop of').selectOption({ label: 'Text (text)' });
    await props.getByLabel('Prop name').fill('title');
    await props.getByRole('button', { name: 'Add prop' }).click();
    await frames(page);
    assert.equal(await props.getByTestId('declared-prop').count(), 1);
    // Escape: the master root, nothing, then out of the master.
    await page.keyboard.press('Escape');
    await frames(page);
    assert.deepEqual((await doc(page)).selection, [master]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await frames(page, 3);
    assert.equal(await bar.count(), 0, 'Escape with nothing selected leaves the master');

    d = await doc(page);
    await clickCorner(page, shown(d, third));
    assert.deepEqual((await doc(page)).selection, [third]);
    const inspector = page.getByRole('region', { name: 'Component', exact: true });
    assert.equal(await inspector.getByTestId('instance-of').innerText(), 'Card');
    await inspector.getByLabel('tone', { exact: true }).selectOption('dark');
    await frames(page, 3);
    d = await doc(page);
    assert.equal(await background(page, shown(d, third)), 'rgb(30, 41, 59)');
    assert.equal(await background(page, shown(d, second)), 'rgb(253, 230, 138)');
    await inspector.getByLabel('title', { exact: true }).fill('Dark card');
    await inspector.getByLabel('title', { exact: true }).press('Enter');
    await frames(page, 3);
    assert.equal(await textOf(page, shown(d, third, 0)), 'Dark card');
    assert.equal(await textOf(page, shown(d, card, 0)), 'Card title');
    await screenshot(page, 'components-variant');

    // Undo, step by step: the prop value, the variant choice, …, the master's background, the override.
    await clickEmptyCanvas(page);
    await page.keyboard.press(`${mod}+z`);
    await frames(page, 3);
    assert.equal(await textOf(page, shown(d, third, 0)), 'Card title');
    await page.keyboard.press(`${mod}+z`);
    await frames(page, 3);
    assert.equal(await background(page, shown(d, third)), 'rgb(253, 230, 138)');
    for (let i = 0; i < 3; i++) await page.keyboard.press(`${mod}+z`); // the prop, the variant value, the master's background
    await frames(page, 3);
    assert.equal(await background(page, shown(d, second)), 'rgb(224, 231, 255)');
    assert.equal(await textOf(page, secondTitle), 'Special offer');
    await page.keyboard.press(`${mod}+z`);
    await frames(page, 3);
    assert.equal(await textOf(page, secondTitle), 'Card title', 'the override is undone');

    // Deleting the component is refused while instances use it, and says where.
    await panel(page, 'Components');
    await components.getByRole('button', { name: 'Delete Card' }).click();
    const refusal = components.getByTestId('component-in-use');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /used by 3 instances/);
    assert.equal(await refusal.locator('li').count(), 3);
    await screenshot(page, 'components-delete-refused');
    await refusal.getByRole('button', { name: 'Keep' }).click();
    assert.equal(await row.count(), 1);
    // Detach: the third card becomes plain elements that look the same.
    await clickCorner(page, shown(d, third));
    await page.getByRole('region', { name: 'Component', exact: true }).getByRole('button', { name: 'Detach' }).click();
    await frames(page, 3);
    d = await doc(page);
    assert.equal(d.elements[third].kind, 'container');
    assert.equal(await textOf(page, d.elements[third].children[0]), 'Card title');
    assert.equal(await row.getByTestId('component-usage').innerText(), 'Used 2 times');

    // An override reset from the inspector: the component's text again.
    await node(page, secondTitle).click();
    await node(page, secondTitle).click();
    await frames(page);
    await setField(page, 'Element', 'Text', 'Sale');
    assert.equal(await textOf(page, secondTitle), 'Sale');
    await page.getByRole('region', { name: 'Component instance' }).getByRole('button', { name: 'Reset text' }).click();
    await frames(page, 3);
    assert.equal(await textOf(page, secondTitle), 'Card title');
    assert.equal(await page.getByTestId('override-mark').count(), 0);

    // Renamed in the panel.
    await row.getByLabel('Name', { exact: true }).fill('Product card');
    await row.getByLabel('Name', { exact: true }).press('Enter');
    await frames(page);
    assert.equal(await components.getByRole('button', { name: 'Insert Product card' }).count(), 1);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'a nav on three pages follows a link renamed in its master', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    for (let i = 0; i < 3; i++) {
      await clickEmptyCanvas(page);
      await insert(page, 'link');
      await frames(page);
    }
    let d = await doc(page);
    const links = d.elements[d.body].children;
    assert.equal(links.length, 3);
    // The three links side by side become one component: wrapped first.
    await node(page, links[0]).click();
    await node(page, links[1]).click({ modifiers: ['Shift'] });
    await node(page, links[2]).click({ modifiers: ['Shift'] });
    await frames(page);
    assert.equal((await doc(page)).selection.length, 3);
    await page.keyboard.press(`${mod}+Alt+KeyK`);
    const dialog = page.getByRole('dialog', { name: 'Create component' });
    assert.match(await dialog.innerText(), /3 selected elements, wrapped/);
    await dialog.getByLabel('Component name').fill('Nav');
    await dialog.getByLabel('Component name').press('Enter');
    await frames(page, 3);
    d = await doc(page);
    const [nav] = d.elements[d.body].children;
    assert.equal(d.elements[d.body].children.length, 1);
    assert.equal(d.elements[nav].kind, 'instance');
    const home = d.activePage;

    const pagesWithNav = [home];
    for (const name of ['About', 'Contact']) {
      await addPage(page, name);
      await frames(page, 3);
      const components = await panel(page, 'Components');
      await components.getByRole('button', { name: 'Insert Nav' }).click();
      await frames(page, 3);
      pagesWithNav.push((await doc(page)).activePage);
    }
    d = await doc(page);
    const instances = Object.values(d.elements).filter((e) => e.kind === 'instance' && !e.id.startsWith('__'));
    assert.equal(new Set(instances.map((e) => e.page)).size, 3, 'one nav on each page');

    // Rename the first link in the master.
    const components = await panel(page, 'Components');
    await components.getByRole('button', { name: 'Edit Nav' }).click();
    await page.getByTestId('master-bar').waitFor();
    d = await doc(page);
    const masterId = instances[0]?.props.component;
    // A nav lays its links out in a row (its root selected with Escape from a link).
    await node(page, d.elements[masterId].children[0]).click();
    await page.keyboard.press('Escape');
    await frames(page);
    assert.deepEqual((await doc(page)).selection, [masterId]);
    await page.getByRole('region', { name: 'Layout' }).getByRole('button', { name: 'flex', exact: true }).click();
    await frames(page);
    await setField(page, 'Layout', 'Gap', '24px');
    const firstLink = d.elements[masterId].children[0];
    await node(page, firstLink).click();
    await frames(page);
    await setField(page, 'Element', 'Text', 'Home page');
    await screenshot(page, 'components-nav-master');
    await page.getByTestId('master-bar').getByRole('button', { name: 'Done' }).click();
    await frames(page, 3);

    // Every page shows it.
    await panel(page, 'Pages');
    for (const [i, name] of ['Home', 'About', 'Contact'].entries()) {
      await page.locator(`[data-page-id="${pagesWithNav[i]}"] .page-open`).click();
      await frames(page, 3);
      d = await doc(page);
      const instance = d.elements[d.body].children.find((/** @type {string} */ id) => d.elements[id].kind === 'instance');
      assert.ok(instance, `a nav on ${name}`);
      assert.equal(await textOf(page, shown(d, instance, 0)), 'Home page', `the nav on ${name}`);
      assert.equal(await textOf(page, shown(d, instance, 1)), 'Link');
    }
    await screenshot(page, 'components-nav-contact');
    // Undo brings the old name back everywhere.
    await page.keyboard.press(`${mod}+z`);
    await frames(page, 3);
    d = await doc(page);
    const contactNav = d.elements[d.body].children.find((/** @type {string} */ id) => d.elements[id].kind === 'instance');
    assert.ok(contactNav);
    assert.equal(await textOf(page, shown(d, contactNav, 0)), 'Link');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'a slot filled differently in two instances', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const panelBox = await containerWithHeading(page);
    await clickCorner(page, panelBox);
    await insert(page, 'container');
    await frames(page);
    await setField(page, 'Fill', 'Background', '#f1f5f9');
    await createComponent(page, panelBox, 'Panel');
    let d = await doc(page);
    const master = d.elements[panelBox].props.component;

    // Mark the inner container as a slot, in the master.
    await page.getByRole('button', { name: 'Edit component' }).click();
    await page.getByTestId('master-bar').waitFor();
    d = await doc(page);
    const slot = d.elements[master].children[1];
    await clickCorner(page, slot);
    // (The box shows the document: it is ticked once the engine's delta is in, a frame later.)
    const slotBox = page.getByRole('region', { name: 'Component', exact: true }).getByLabel(/Slot/);
    await slotBox.click();
    await frames(page);
    assert.equal(await slotBox.isChecked(), true);
    await page.getByTestId('master-bar').getByRole('button', { name: 'Done' }).click();
    await frames(page, 3);

    // A second instance; each slot gets its own content.
    const components = await panel(page, 'Components');
    await clickEmptyCanvas(page);
    await components.getByRole('button', { name: 'Insert Panel' }).click();
    await frames(page, 3);
    d = await doc(page);
    const other = d.selection[0];
    assert.ok(other);
    // The first one's slot, selected (two clicks: the instance, then the slot), takes a paragraph.
    await panel(page, 'Insert');
    await clickCorner(page, shown(d, panelBox, 1));
    await clickCorner(page, shown(d, panelBox, 1));
    await insert(page, 'paragraph');
    await frames(page, 3);
    // The other one's slot takes a button dragged onto it from the Insert panel.
    await page.locator('[data-preset="button"]').dragTo(node(page, shown(d, other, 1)));
    await frames(page, 3);
    d = await doc(page);
    const firstSlot = d.elements[shown(d, panelBox, 1)];
    const otherSlot = d.elements[shown(d, other, 1)];
    assert.equal(firstSlot.children.length, 1);
    assert.equal(otherSlot.children.length, 1);
    assert.equal(d.elements[firstSlot.children[0]].kind, 'text');
    assert.equal(d.elements[otherSlot.children[0]].kind, 'button');
    // The fillings belong to the instances, not to the master.
    assert.equal(d.elements[firstSlot.children[0]].parent, firstSlot.id);
    assert.equal(d.elements[slot].children.length, 0);
    await screenshot(page, 'components-slots');
    await page.keyboard.press(`${mod}+z`);
    await frames(page, 3);
    d = await doc(page);
    assert.equal(d.elements[shown(d, other, 1)].children.length, 0, 'undo takes the button out of the slot');
    assert.equal(d.elements[shown(d, panelBox, 1)].children.length, 1);
    assert.deepEqual(errorsIn(log), []);
  });
});
