// @ts-check
// What a Webflow or Figma user trips over in their first hour, through the UI only: the project
// renamed in place, a top bar that stays still while saving, a colour field that says "none".
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { absoluteBox, addPage, doc, downloadOf, frames, insert, mod, node, openEditor, ready, saved, setField } from './editorPage.mjs';
import { errorsIn, pageTest, useSession } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */

/** Where the backup button sits: it must not move while the save state changes. @param {Page} page */
const backupX = async (page) => (await page.getByRole('button', { name: 'Back up project' }).boundingBox())?.x;

describe("the designer's first hour", () => {
  const session = useSession();

  pageTest(session, 'renames the project in place from the top bar; the name survives a reload', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const name = page.getByTestId('project-name');
    assert.equal(await name.innerText(), 'Untitled project');
    await name.dblclick();
    const field = page.getByLabel('Project name');
    await field.fill('Acme landing');
    // Escape leaves the name as it was.
    await field.press('Escape');
    assert.equal(await name.innerText(), 'Untitled project');
    await name.dblclick();
    await page.getByLabel('Project name').fill('  Acme landing  ');
    await page.getByLabel('Project name').press('Enter');
    await page.getByTestId('project-name').getByText('Acme landing').waitFor();
    // An empty name is not taken.
    await page.getByTestId('project-name').focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Project name').fill('   ');
    await page.getByLabel('Project name').press('Enter');
    assert.equal(await page.getByTestId('project-name').innerText(), 'Acme landing');
    // The export, opened without a reload, is named after the new name.
    await page.getByRole('button', { name: 'Export' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    const zip = await downloadOf(page, () => dialog.getByRole('button', { name: 'Export ZIP' }).click(), 'renamed-export.zip');
    assert.equal(zip.suggested, 'Acme-landing-nextjs.zip');
    // Escape is taken once the dialog says the export is done (it ignores keys while working).
    await dialog.getByRole('status').filter({ hasText: /^Downloaded Acme-landing-nextjs\.zip/ }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.reload();
    await ready(page);
    assert.equal(await page.getByTestId('project-name').innerText(), 'Acme landing');
    await page.getByRole('button', { name: 'All projects' }).click();
    await page.locator('[data-project="Acme landing"]').waitFor({ timeout: 15_000 });
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'the top bar stays still while the save state changes', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await saved(page);
    const atRest = await backupX(page);
    assert.ok(atRest !== undefined);
    // Watch the button's position in every frame while an edit goes unsaved → saving → saved.
    await page.evaluate(() => {
      const button = document.querySelector('[aria-label="Back up project"]');
      /** @type {number[]} */
      const xs = [];
      /** @type {any} */ (window).__backupXs = xs;
      const watch = () => {
        if (button) xs.push(button.getBoundingClientRect().x);
        requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await absoluteBox(page, { left: 40, top: 40, width: 120, height: 80 });
    await page.locator('[data-testid="save-status"][data-state="unsaved"], [data-testid="save-status"][data-state="saving"]').first().waitFor({ timeout: 5_000 }).catch(() => {});
    await saved(page);
    const xs = /** @type {number[]} */ (await page.evaluate(() => /** @type {any} */ (window).__backupXs));
    assert.ok(xs.length > 0);
    assert.deepEqual([...new Set(xs)], [atRest], 'the backup button never moved');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'an unset background shows as none, not black; a set one shows its colour', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    await frames(page);
    const [section] = (await doc(page)).selection;
    assert.ok(section);
    assert.equal((await doc(page)).elements[section].styles.base?.['background-color'], undefined, 'a fresh section has no background');
    const fill = page.getByRole('region', { name: 'Fill' });
    const swatch = fill.locator('.swatch').first();
    const field = fill.getByLabel('Background', { exact: true });
    assert.equal(await field.inputValue(), '');
    assert.equal(await field.getAttribute('placeholder'), 'none');
    assert.match((await swatch.getAttribute('class')) ?? '', /swatch-none/);
    assert.match(await swatch.evaluate((el) => getComputedStyle(el).backgroundImage), /linear-gradient/, 'the swatch draws "none"');
    assert.notEqual(await swatch.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(0, 0, 0)');
    await setField(page, 'Fill', 'Background', 'rgb(255, 0, 0)');
    assert.equal((await doc(page)).elements[section].styles.base['background-color'], 'rgb(255, 0, 0)');
    assert.doesNotMatch((await swatch.getAttribute('class')) ?? '', /swatch-none/);
    assert.equal(await swatch.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(255, 0, 0)');
    await setField(page, 'Fill', 'Background', '');
    assert.match((await swatch.getAttribute('class')) ?? '', /swatch-none/);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'aligns and distributes a multi-selection from the Arrange section, one undo step each', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const a = await absoluteBox(page, { left: 40, top: 40, width: 100, height: 60 });
    const b = await absoluteBox(page, { left: 220, top: 90, width: 60, height: 40 });
    const c = await absoluteBox(page, { left: 300, top: 200, width: 120, height: 80 });
    await node(page, a).click();
    await node(page, b).click({ modifiers: ['Shift'] });
    await node(page, c).click({ modifiers: ['Shift'] });
    await frames(page);
    assert.equal((await doc(page)).selection.length, 3);
    const before = (await doc(page)).boxes;
    const arrange = page.getByRole('region', { name: 'Arrange' });
    await arrange.getByRole('button', { name: 'Align left' }).click();
    await frames(page, 3);
    let d = await doc(page);
    assert.deepEqual([a, b, c].map((id) => d.boxes[id].x), [before[a].x, before[a].x, before[a].x]);
    // The canvas draws what the engine laid out.
    const xs = await Promise.all([a, b, c].map(async (id) => (await node(page, id).boundingBox())?.x));
    assert.equal(new Set(xs.map((x) => Math.round(x ?? -1))).size, 1, `canvas boxes share one left edge: ${xs}`);
    assert.deepEqual([a, b, c].map((id) => d.boxes[id].y), [before[a].y, before[b].y, before[c].y], 'only x moved');
    await page.keyboard.press(`${mod}+z`);
    await frames(page, 3);
    d = await doc(page);
    assert.deepEqual([a, b, c].map((id) => d.boxes[id].x), [before[a].x, before[b].x, before[c].x], 'one undo puts all three back');

    // Distribute vertically: equal gaps, the outermost stay.
    await arrange.getByRole('button', { name: 'Distribute vertical spacing' }).click();
    await frames(page, 3);
    d = await doc(page);
    const [top, mid, low] = [a, b, c].map((id) => d.boxes[id]).sort((p, q) => p.y - q.y);
    assert.equal(top.y, before[a].y);
    assert.equal(low.y + low.height, before[c].y + before[c].height);
    assert.ok(Math.abs(mid.y - (top.y + top.height) - (low.y - (mid.y + mid.height))) <= 1, 'equal gaps');

    // Bottom by keyboard (Alt+S).
    await page.keyboard.press('Alt+s');
    await frames(page, 3);
    d = await doc(page);
    const bottoms = [a, b, c].map((id) => d.boxes[id].y + d.boxes[id].height);
    assert.equal(new Set(bottoms).size, 1, `bottoms aligned: ${bottoms}`);

    // An element in the flow is not moved: a message says why, nothing changes.
    await insert(page, 'section');
    const [section] = (await doc(page)).selection;
    await node(page, a).click({ modifiers: ['Shift'] });
    const unchanged = (await doc(page)).boxes;
    await page.getByRole('region', { name: 'Arrange' }).getByRole('button', { name: 'Align right' }).click();
    await page.locator('.toast[data-code="arrange"]').waitFor();
    d = await doc(page);
    assert.deepEqual([section, a].map((id) => d.boxes[id]), [section, a].map((id) => unchanged[id]));
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'one Ctrl + wheel notch zooms by 10–25 % at the pointer', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const canvas = await page.getByTestId('canvas').boundingBox();
    assert.ok(canvas);
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    const z0 = (await doc(page)).zoom;
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -100);
    await page.keyboard.up('Control');
    await frames(page, 3);
    const z1 = (await doc(page)).zoom;
    assert.ok(z1 / z0 >= 1.1 && z1 / z0 <= 1.25, `one notch in: ${z0} → ${z1}`);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, 100);
    await page.keyboard.up('Control');
    await frames(page, 3);
    const z2 = (await doc(page)).zoom;
    assert.ok(Math.abs(z2 - z0) < 1e-6, `one notch out comes back: ${z2} vs ${z0}`);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'duplicates a page from the Pages panel: the copy opens with the same elements, and one undo removes it', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await addPage(page, 'About');
    await insert(page, 'section');
    await insert(page, 'heading');
    await frames(page);
    let d = await doc(page);
    const about = d.pages[1];
    assert.deepEqual([about.name, about.slug], ['About', 'about']);
    /** The element and what is inside it without ids: kinds, names, content, styles. @param {any} el @returns {any} */
    const tree = (el) => ({
      kind: el.kind,
      name: el.name ?? '',
      content: el.content ?? '',
      styles: el.styles ?? {},
      children: el.children.map((/** @type {string} */ c) => tree(d.elements[c])),
    });
    const original = tree(d.elements[about.root]);
    assert.ok(original.children.length > 0 && original.children[0].children.length > 0, 'a section holding a heading');

    await page.getByRole('button', { name: 'Pages', exact: true }).click();
    await page.getByRole('button', { name: 'Duplicate About' }).click();
    await frames(page);
    d = await doc(page);
    assert.deepEqual(
      d.pages.map((/** @type {any} */ p) => [p.name, p.slug]),
      [
        ['Home', ''],
        ['About', 'about'],
        ['About 2', 'about-2'],
      ],
    );
    const copy = d.pages[2];
    assert.equal(d.activePage, copy.id, 'the copy opens');
    assert.deepEqual(tree(d.elements[copy.root]), original);
    const [section] = d.elements[copy.root].children;
    assert.ok(!d.elements[about.root].children.includes(section), 'the copy has its own elements');
    await node(page, section).waitFor();
    assert.ok(await page.locator('[data-page-id].selected').getByText('About 2').isVisible());

    await page.keyboard.press(`${mod}+z`);
    await frames(page);
    d = await doc(page);
    assert.deepEqual(
      d.pages.map((/** @type {any} */ p) => p.name),
      ['Home', 'About'],
    );
    assert.equal(d.elements[section], undefined, 'undo removes the copied elements');
    assert.deepEqual(tree(d.elements[about.root]), original);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'a page’s slug, title and the links to it follow its name; the link picker chooses a page, email or phone', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await page.getByRole('button', { name: 'Pages', exact: true }).click();
    await page.getByRole('button', { name: '+ Add page' }).click();
    await frames(page);
    const settings = page.getByRole('region', { name: 'Page settings' });
    await settings.getByLabel('Name', { exact: true }).fill('About us');
    await settings.getByLabel('Name', { exact: true }).press('Enter');
    await frames(page);
    let d = await doc(page);
    assert.deepEqual([d.pages[1].name, d.pages[1].slug, d.pages[1].title], ['About us', 'about-us', 'About us']);
    assert.equal(await settings.getByLabel('Slug', { exact: true }).inputValue(), 'about-us');

    // On the home page, a text link to that page, chosen by name.
    await page.locator('[data-page-id] .page-open').first().click();
    await page.getByRole('button', { name: 'Insert', exact: true }).click();
    await insert(page, 'link');
    await frames(page);
    const [link] = (await doc(page)).selection;
    assert.ok(link);
    const picker = page.getByRole('group', { name: 'Link' });
    await picker.getByLabel('Link to', { exact: true }).selectOption('page');
    await picker.getByLabel('Page', { exact: true }).selectOption({ label: 'About us (/about-us)' });
    await frames(page);
    assert.equal((await doc(page)).elements[link].props.href, '/about-us');

    // Renaming the page moves its slug, its title and the link, in one undo step.
    await page.getByRole('button', { name: 'Pages', exact: true }).click();
    await page.getByRole('button', { name: 'Rename About us' }).click();
    await page.getByLabel('Page name').fill('Company');
    await page.getByLabel('Page name').press('Enter');
    await frames(page);
    d = await doc(page);
    const about = d.pages.find((/** @type {any} */ p) => p.name === 'Company');
    assert.deepEqual([about.slug, about.title], ['company', 'Company']);
    assert.equal(d.elements[link].props.href, '/company');
    await page.getByRole('button', { name: 'Undo' }).click();
    await frames(page);
    d = await doc(page);
    assert.ok(d.pages.some((/** @type {any} */ p) => p.name === 'About us' && p.slug === 'about-us'));
    assert.equal(d.elements[link].props.href, '/about-us');

    // A slug typed by hand stays when the name changes.
    const aboutRow = page.locator('[data-page-id]').filter({ hasText: 'About us' });
    await aboutRow.locator('.page-open').click();
    await settings.getByLabel('Slug', { exact: true }).fill('team');
    await settings.getByLabel('Slug', { exact: true }).press('Enter');
    await settings.getByLabel('Name', { exact: true }).fill('Our team');
    await settings.getByLabel('Name', { exact: true }).press('Enter');
    await frames(page);
    d = await doc(page);
    assert.equal(d.pages.find((/** @type {any} */ p) => p.name === 'Our team').slug, 'team');

    // Email and phone; what is not an address is refused with a message and changes nothing.
    await page.locator('[data-page-id] .page-open').first().click();
    await node(page, link).click();
    await picker.getByLabel('Link to', { exact: true }).selectOption('email');
    await picker.getByLabel('Email address', { exact: true }).fill('hello@acme.example');
    await picker.getByLabel('Email address', { exact: true }).press('Enter');
    await frames(page);
    assert.equal((await doc(page)).elements[link].props.href, 'mailto:hello@acme.example');
    await picker.getByLabel('Link to', { exact: true }).selectOption('phone');
    await picker.getByLabel('Phone number', { exact: true }).fill('call us');
    await picker.getByLabel('Phone number', { exact: true }).press('Enter');
    await page.locator('.toast[data-code="invalid_link"]').waitFor();
    assert.equal((await doc(page)).elements[link].props.href, 'mailto:hello@acme.example');
    await picker.getByLabel('Phone number', { exact: true }).fill('+1 (555) 0100');
    await picker.getByLabel('Phone number', { exact: true }).press('Enter');
    await frames(page);
    assert.equal((await doc(page)).elements[link].props.href, 'tel:+15550100');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'a mobile override resets to the inherited value with one click', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    await insert(page, 'heading');
    const [heading] = (await doc(page)).selection;
    assert.ok(heading);
    await setField(page, 'Typography', 'Size', '40px');
    assert.equal(await page.getByRole('button', { name: 'Reset Size to inherited' }).count(), 0, 'nothing to reset on desktop');
    await page.getByRole('button', { name: /^Mobile/ }).click();
    await frames(page, 3);
    await setField(page, 'Typography', 'Size', '24px');
    let d = await doc(page);
    assert.equal(d.elements[heading].styles.mobile['font-size'], '24px');
    assert.equal(await node(page, heading).evaluate((el) => getComputedStyle(el).fontSize), '24px');
    await page.getByRole('button', { name: 'Reset Size to inherited' }).click();
    await frames(page, 3);
    d = await doc(page);
    assert.equal(d.elements[heading].styles.mobile?.['font-size'], undefined, 'the override is gone');
    assert.equal(d.elements[heading].styles.base['font-size'], '40px', 'the desktop value is kept');
    assert.equal(await page.getByRole('region', { name: 'Typography' }).getByLabel('Size', { exact: true }).inputValue(), '40px');
    assert.equal(await node(page, heading).evaluate((el) => getComputedStyle(el).fontSize), '40px');
    assert.equal(await page.getByRole('button', { name: 'Reset Size to inherited' }).count(), 0);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'grid columns are set as a count; the CSS field takes any template', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    await insert(page, 'grid');
    const [grid] = (await doc(page)).selection;
    assert.ok(grid);
    const layout = page.getByRole('region', { name: 'Layout' });
    assert.equal(await layout.getByLabel('Columns', { exact: true }).inputValue(), '2', 'the preset’s 1fr 1fr reads as 2');
    for (let i = 0; i < 3; i++) {
      await insert(page, 'container');
      await page.keyboard.press('Escape'); // back to the grid
    }
    assert.deepEqual((await doc(page)).selection, [grid]);
    await setField(page, 'Layout', 'Columns', '3');
    let d = await doc(page);
    assert.equal(d.elements[grid].styles.base['grid-template-columns'], 'repeat(3, minmax(0, 1fr))');
    const cells = d.elements[grid].children;
    assert.equal(cells.length, 3);
    const ys = new Set(cells.map((/** @type {string} */ id) => d.boxes[id].y));
    assert.equal(ys.size, 1, 'three columns: one row');
    for (const id of cells) {
      const drawn = await node(page, id).evaluate((el) => el.getBoundingClientRect().width);
      assert.ok(Math.abs(drawn / d.zoom - d.boxes[id].width) < 1, 'the canvas draws the engine’s column width');
    }
    // Not a number: refused with a message, nothing changes.
    await setField(page, 'Layout', 'Columns', '0');
    await page.locator('.toast[data-code="invalid_columns"]').waitFor();
    assert.equal((await doc(page)).elements[grid].styles.base['grid-template-columns'], 'repeat(3, minmax(0, 1fr))');
    // Any template in the CSS field; the count then says "custom".
    await setField(page, 'Layout', 'Columns CSS', '200px 1fr');
    d = await doc(page);
    assert.equal(d.elements[grid].styles.base['grid-template-columns'], '200px 1fr');
    assert.equal(await layout.getByLabel('Columns', { exact: true }).inputValue(), '');
    assert.equal(await layout.getByLabel('Columns', { exact: true }).getAttribute('placeholder'), 'custom');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'spacing scrubs by dragging a side’s label: live, one undo step, Alt for both sides', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    const [section] = (await doc(page)).selection;
    assert.ok(section);
    const padding = (/** @type {any} */ d) => ['top', 'right', 'bottom', 'left'].map((s) => d.elements[section].styles.base?.[`padding-${s}`] ?? null);
    const before = padding(await doc(page));
    const handle = page.getByRole('slider', { name: 'Drag to change Padding top' });
    const box = await handle.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2, { steps: 3 });
    await page.mouse.move(box.x + box.width / 2 + 24, box.y + box.height / 2, { steps: 3 });
    await frames(page);
    // Live while dragging: the canvas shows the padding before the drag ends.
    assert.equal(await node(page, section).evaluate((el) => getComputedStyle(el).paddingTop), `${Number.parseFloat(before[0] ?? '0') + 24}px`);
    await page.mouse.up();
    await frames(page);
    let d = await doc(page);
    assert.equal(d.elements[section].styles.base['padding-top'], `${Number.parseFloat(before[0] ?? '0') + 24}px`);
    await page.keyboard.press(`${mod}+z`);
    await frames(page);
    assert.deepEqual(padding(await doc(page)), before, 'one undo takes the whole drag back');

    // Alt: the opposite side follows.
    const left = page.getByRole('slider', { name: 'Drag to change Padding left' });
    const lb = await left.boundingBox();
    assert.ok(lb);
    await page.keyboard.down('Alt');
    await page.mouse.move(lb.x + lb.width / 2, lb.y + lb.height / 2);
    await page.mouse.down();
    await page.mouse.move(lb.x + lb.width / 2 + 16, lb.y + lb.height / 2, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Alt');
    await frames(page);
    d = await doc(page);
    const expected = `${Number.parseFloat(before[3] ?? '0') + 16}px`;
    assert.equal(d.elements[section].styles.base['padding-left'], expected);
    assert.equal(d.elements[section].styles.base['padding-right'], expected);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'the colour picker: square and alpha drags are one undo step each; hex, RGB, HSL; document colours', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const other = await absoluteBox(page, { left: 40, top: 40, width: 120, height: 80 }); // #c7d2fe: a document colour
    await insert(page, 'section');
    const [section] = (await doc(page)).selection;
    assert.ok(section && other);
    const fill = page.getByRole('region', { name: 'Fill' });
    await fill.getByRole('button', { name: 'Background picker' }).click();
    const picker = page.getByRole('dialog', { name: 'Background colour' });
    await picker.waitFor();
    // The document's colours are offered; choosing one writes it.
    await picker.getByRole('group', { name: 'Document colours' }).getByRole('button', { name: 'Use #c7d2fe' }).click();
    await frames(page);
    assert.equal((await doc(page)).elements[section].styles.base['background-color'], '#c7d2fe');
    // A drag across the square: previewed live, written once.
    const square = picker.getByRole('slider', { name: 'Saturation and brightness' });
    const sq = await square.boundingBox();
    assert.ok(sq);
    await page.mouse.move(sq.x + sq.width * 0.2, sq.y + sq.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(sq.x + sq.width * 0.6, sq.y + sq.height * 0.3, { steps: 4 });
    await page.mouse.move(sq.x + sq.width * 0.9, sq.y + sq.height * 0.1, { steps: 4 });
    await page.mouse.up();
    await frames(page);
    const dragged = (await doc(page)).elements[section].styles.base['background-color'];
    assert.match(dragged, /^#[0-9a-f]{6}$/);
    assert.notEqual(dragged, '#c7d2fe');
    assert.equal(await node(page, section).evaluate((el) => getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)'), true);
    await page.keyboard.press(`${mod}+z`);
    await frames(page);
    assert.equal((await doc(page)).elements[section].styles.base['background-color'], '#c7d2fe', 'one undo takes the whole drag back');
    // Alpha: half way along the opacity bar.
    const alpha = picker.getByRole('slider', { name: 'Opacity' });
    const ab = await alpha.boundingBox();
    assert.ok(ab);
    await page.mouse.click(ab.x + ab.width / 2, ab.y + ab.height / 2);
    await frames(page);
    assert.match((await doc(page)).elements[section].styles.base['background-color'], /^#c7d2fe[78][0-9a-f]$/);
    // Formats: HSL written as the designer typed; RGB chosen from the menu.
    await picker.getByLabel('Background value').fill('hsl(210 50% 40%)');
    await picker.getByLabel('Background value').press('Enter');
    await frames(page);
    assert.equal((await doc(page)).elements[section].styles.base['background-color'], 'hsl(210 50% 40%)');
    await picker.getByLabel('Colour format').selectOption('rgb');
    await frames(page);
    assert.match((await doc(page)).elements[section].styles.base['background-color'], /^rgb\(51 102 153\)$/);
    // Not a colour: a message, nothing changes.
    await picker.getByLabel('Background value').fill('banana;');
    await picker.getByLabel('Background value').press('Enter');
    await page.locator('.toast[data-code="invalid_color"]').waitFor();
    assert.match((await doc(page)).elements[section].styles.base['background-color'], /^rgb\(51 102 153\)$/);
    await page.keyboard.press('Escape');
    assert.equal(await picker.count(), 0, 'Escape closes the picker');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'a bare number in any length field means px: stored as px, and the engine box equals the canvas box', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    const [section] = (await doc(page)).selection;
    await insert(page, 'heading');
    const [heading] = (await doc(page)).selection;
    assert.ok(section && heading);
    /** The heading's box from the engine and as the canvas draws it, relative to its section, in page pixels. */
    const boxes = async () => {
      const d = await doc(page);
      const parent = await node(page, section).boundingBox();
      const drawn = await node(page, heading).boundingBox();
      assert.ok(parent && drawn);
      const e = d.boxes[heading];
      const p = d.boxes[section];
      return {
        engine: [e.x - p.x, e.y - p.y, e.width, e.height].map((v) => Math.round(v)),
        canvas: [(drawn.x - parent.x) / d.zoom, (drawn.y - parent.y) / d.zoom, drawn.width / d.zoom, drawn.height / d.zoom].map((v) => Math.round(v)),
      };
    };
    /** @type {Array<[section: string, label: string, property: string, value: string]>} */
    const fields = [
      ['Spacing', 'Margin top', 'margin-top', '12'],
      ['Spacing', 'Margin left', 'margin-left', '20'],
      ['Spacing', 'Padding top', 'padding-top', '16'],
      ['Spacing', 'Padding right', 'padding-right', '24'],
      ['Spacing', 'Padding bottom', 'padding-bottom', '8'],
      ['Spacing', 'Padding left', 'padding-left', '10'],
      ['Size', 'Width', 'width', '320'],
      ['Size', 'Min H', 'min-height', '90'],
      ['Size', 'Max W', 'max-width', '300'],
      ['Typography', 'Size', 'font-size', '28'],
      ['Border', 'Radius', 'border-radius', '6'],
    ];
    for (const [section, label, property, value] of fields) {
      await setField(page, section, label, value);
      await frames(page, 2);
      const d = await doc(page);
      assert.equal(d.elements[heading].styles.base[property], `${value}px`, `${label}: ${value} is stored as ${value}px`);
      const { engine, canvas } = await boxes();
      assert.ok(engine.every((v, i) => Math.abs(v - Number(canvas[i])) <= 1), `${label} ${value}: engine box ${engine} = canvas box ${canvas}`);
    }
    assert.equal(await node(page, heading).evaluate((el) => getComputedStyle(el).paddingTop), '16px', 'the canvas draws the padding');
    assert.equal(await node(page, heading).evaluate((el) => getComputedStyle(el).borderTopLeftRadius), '6px');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'Preview shows the page as a visitor sees it, at any width; links move between pages; Escape returns', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    await insert(page, 'heading');
    const [heading] = (await doc(page)).selection;
    await node(page, heading).dblclick();
    await page.keyboard.type('Welcome aboard');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape'); // back to the section
    await insert(page, 'link');
    const [link] = (await doc(page)).selection;
    await addPage(page, 'Pricing');
    await insert(page, 'heading');
    await page.getByRole('button', { name: 'Pages', exact: true }).click();
    await page.locator('[data-page-id] .page-open').first().click();
    await frames(page, 3);
    await node(page, link).click();
    const picker = page.getByRole('group', { name: 'Link' });
    await picker.getByLabel('Link to', { exact: true }).selectOption('page');
    await picker.getByLabel('Page', { exact: true }).selectOption({ label: 'Pricing (/pricing)' });
    await frames(page);

    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByRole('dialog', { name: 'Preview' });
    await preview.waitFor();
    const frame = page.frameLocator('iframe[title="Page preview"]');
    await frame.getByText('Welcome aboard').waitFor({ timeout: 30_000 });
    // No editor chrome in the frame: only the page's own elements.
    assert.equal(await frame.locator('[data-omnios-id]').count(), 0);
    const iframe = page.locator('iframe[title="Page preview"]');
    assert.equal(Math.round((await iframe.boundingBox())?.width ?? 0), 1440);
    await preview.getByRole('button', { name: /^Mobile/ }).click();
    assert.equal(Math.round((await iframe.boundingBox())?.width ?? 0), 375);
    await preview.getByLabel('Preview width in pixels').fill('600');
    assert.equal(Math.round((await iframe.boundingBox())?.width ?? 0), 600);
    // The link leads to the other page, inside Preview.
    await frame.getByRole('link', { name: 'Link' }).click();
    await frame.getByRole('heading', { name: 'Heading' }).waitFor();
    assert.equal(await preview.getByLabel('Preview page').inputValue(), 'pricing');
    await page.screenshot({ path: 'target/e2e/first-hour-preview.png' });
    await page.keyboard.press('Escape');
    assert.equal(await preview.count(), 0, 'Escape leaves Preview');
    assert.deepEqual(errorsIn(log), []);
  });
});
