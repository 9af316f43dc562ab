// @ts-check
// The editor's selection, arranging, clipboard, layers, menus and view controls, through the
// pointer and the keyboard only (`window.omnios` is read to check the document).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe } from 'node:test';
import { absoluteBox, clickEmptyCanvas, doc, frames, insert, mod, node, openEditor, ready, saved } from './editorPage.mjs';
import { errorsIn, pageTest, repoRoot, useSession } from './harness.mjs';

describe('editor panels and commands', () => {
  const session = useSession();

  pageTest(session, 'marquee selects, groups, ungroups, copies and pastes with the keyboard', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const a = await absoluteBox(page, { left: 80, top: 80, width: 100, height: 60 });
    const b = await absoluteBox(page, { left: 240, top: 120, width: 100, height: 60 });
    await clickEmptyCanvas(page);
    const { zoom } = await doc(page);
    const frame = await page.locator('.frame').boundingBox();
    assert.ok(frame);
    // A marquee from (40, 40) to (400, 260) in page pixels catches both boxes.
    await page.mouse.move(frame.x + 40 * zoom, frame.y + 40 * zoom);
    await page.mouse.down();
    await page.mouse.move(frame.x + 200 * zoom, frame.y + 150 * zoom, { steps: 4 });
    await page.mouse.move(frame.x + 400 * zoom, frame.y + 260 * zoom, { steps: 4 });
    assert.equal(await page.getByTestId('marquee').count(), 1);
    await page.mouse.up();
    await frames(page);
    let d = await doc(page);
    assert.deepEqual([...d.selection].sort(), [a, b].sort());

    await page.keyboard.press(`${mod}+g`);
    await frames(page);
    d = await doc(page);
    const [group] = d.selection;
    assert.ok(group);
    assert.deepEqual([...d.elements[group].children].sort(), [a, b].sort());
    assert.equal(d.elements[a].parent, group);

    await page.keyboard.press(`${mod}+Shift+g`);
    await frames(page);
    d = await doc(page);
    assert.equal(d.elements[group], undefined);
    assert.equal(d.elements[a].parent, d.body);

    // Copy a, paste: a new element with a's styles, selected.
    await node(page, a).click();
    await page.keyboard.press(`${mod}+c`);
    await clickEmptyCanvas(page);
    await page.keyboard.press(`${mod}+v`);
    await frames(page);
    d = await doc(page);
    const [copy] = d.selection;
    assert.ok(copy && copy !== a && copy !== b);
    assert.deepEqual(d.elements[copy].styles, d.elements[a].styles);
    assert.equal(d.elements[d.body].children.length, 3);
    // Cut removes it; paste brings it back as a fresh element.
    await page.keyboard.press(`${mod}+x`);
    await frames(page);
    assert.equal((await doc(page)).elements[d.body].children.length, 2);
    await page.keyboard.press(`${mod}+v`);
    await frames(page);
    assert.equal((await doc(page)).elements[d.body].children.length, 3);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'the context menu acts on the selection and the cheat sheet lists shortcuts', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    await insert(page, 'heading');
    const { selection } = await doc(page);
    const heading = selection[0];
    assert.ok(heading);
    await node(page, heading).click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Element actions' });
    await menu.waitFor();
    await menu.getByRole('menuitem', { name: /Duplicate/ }).click();
    await frames(page);
    let d = await doc(page);
    const section = d.elements[heading].parent;
    assert.equal(d.elements[section].children.length, 2);
    assert.equal(await menu.count(), 0, 'the menu closes');
    // Keyboard: open the menu, arrow to Delete, Enter.
    await node(page, heading).click({ button: 'right' });
    await menu.waitFor();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /Delete/);
    await page.keyboard.press('Enter');
    await frames(page);
    d = await doc(page);
    assert.equal(d.elements[heading], undefined);
    assert.equal(d.elements[section].children.length, 1);

    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    assert.match(await sheet.innerText(), /Undo[\s\S]*Group[\s\S]*Zoom to fit/);
    await page.keyboard.press('Escape');
    assert.equal(await sheet.count(), 0);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'layers: selection sync, rename, hide, lock and drag to reorder', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'section');
    await insert(page, 'heading');
    await insert(page, 'paragraph');
    // An insert reaches the store on the next frame: read the tree once both texts are in it.
    let d = await doc(page);
    for (let tries = 0; tries < 100 && d.elements[d.elements[d.body].children[0]]?.children.length !== 2; tries++) {
      await frames(page);
      d = await doc(page);
    }
    const section = d.elements[d.body].children[0];
    const [heading, paragraph] = d.elements[section].children;
    assert.ok(heading && paragraph, 'the section holds the heading and the paragraph');
    await page.getByRole('button', { name: 'Layers', exact: true }).click();
    const row = (/** @type {string} */ id) => page.locator(`[data-layer-id="${id}"]`);
    // Canvas → layers.
    await node(page, heading).click();
    assert.equal(await row(heading).getAttribute('class').then((c) => c?.includes('selected')), true);
    // Layers → canvas.
    await row(paragraph).click();
    assert.deepEqual((await doc(page)).selection, [paragraph]);
    // Rename with a double-click.
    await row(heading).dblclick();
    const name = page.getByLabel('Layer name');
    await name.fill('Hero title');
    await name.press('Enter');
    await frames(page);
    assert.equal((await doc(page)).elements[heading].name, 'Hero title');
    // Hide and lock.
    await row(heading).hover();
    await page.getByRole('button', { name: 'Hide Hero title' }).click();
    await frames(page);
    assert.equal((await doc(page)).elements[heading].hidden, true);
    assert.equal(await node(page, heading).isVisible(), false);
    await page.getByRole('button', { name: 'Show Hero title' }).click();
    await page.getByRole('button', { name: 'Lock Hero title' }).click();
    await frames(page);
    d = await doc(page);
    assert.equal(d.elements[heading].hidden, undefined);
    assert.equal(d.elements[heading].locked, true);
    // A locked element is not selected from the canvas.
    await clickEmptyCanvas(page);
    await node(page, heading).click();
    assert.notDeepEqual((await doc(page)).selection, [heading]);
    // Drag the paragraph row above the heading row.
    const target = await row(heading).boundingBox();
    assert.ok(target);
    await row(paragraph).dragTo(row(heading), { targetPosition: { x: 20, y: 2 } });
    await frames(page);
    d = await doc(page);
    assert.deepEqual(d.elements[section].children, [paragraph, heading]);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'zooms with shortcuts and ctrl+wheel around the pointer, pans with the wheel', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const zoomText = () => page.getByTestId('zoom').innerText();
    const fitted = (await doc(page)).zoom;
    await page.locator('.viewport').focus();
    await page.keyboard.press(`${mod}+0`);
    await frames(page);
    assert.equal((await doc(page)).zoom, 1);
    assert.equal(await zoomText(), '100%');
    await page.keyboard.press(`${mod}+=`);
    await frames(page);
    assert.equal((await doc(page)).zoom, 1.25);
    await page.keyboard.press('Shift+!');
    await frames(page);
    assert.equal((await doc(page)).zoom, fitted, 'shift+1 zooms to fit');
    // ctrl+wheel zooms in around the pointer: the page point under it stays put.
    const canvas = await page.getByTestId('canvas').boundingBox();
    assert.ok(canvas);
    const at = { x: canvas.x + 300, y: canvas.y + 200 };
    const pagePoint = async () =>
      page.evaluate((p) => {
        const s = /** @type {any} */ (window).omnios.store.getState();
        const r = document.querySelector('.viewport')?.getBoundingClientRect();
        return { x: (p.x - (r?.left ?? 0) - s.viewport.panX) / s.viewport.zoom, y: (p.y - (r?.top ?? 0) - s.viewport.panY) / s.viewport.zoom };
      }, at);
    const before = await pagePoint();
    await page.mouse.move(at.x, at.y);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -100);
    await page.keyboard.up('Control');
    await frames(page);
    const zoomed = await doc(page);
    assert.ok(zoomed.zoom > fitted);
    const after = await pagePoint();
    assert.ok(Math.abs(after.x - before.x) < 0.5 && Math.abs(after.y - before.y) < 0.5);
    // A plain wheel pans.
    const panBefore = await page.evaluate(() => /** @type {any} */ (window).omnios.store.getState().viewport.panY);
    await page.mouse.wheel(0, 120);
    await frames(page);
    const panAfter = await page.evaluate(() => /** @type {any} */ (window).omnios.store.getState().viewport.panY);
    assert.equal(panAfter, panBefore - 120);
    assert.deepEqual(errorsIn(log), []);
  });
});

describe('what the export needs: tags, language and direction', () => {
  const session = useSession();

  pageTest(session, 'a container tagged nav and a right-to-left project render so, and stay so after a reload', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await insert(page, 'container');
    await frames(page);
    const [nav] = (await doc(page)).selection;
    assert.ok(nav);
    assert.equal(await node(page, nav).evaluate((el) => el.tagName), 'DIV', 'a container is a div by default');
    const before = await node(page, nav).boundingBox();
    await page.getByRole('region', { name: 'Element' }).getByLabel('Tag', { exact: true }).selectOption('nav');
    await frames(page);
    assert.equal(await node(page, nav).evaluate((el) => el.tagName), 'NAV');
    assert.deepEqual(await node(page, nav).boundingBox(), before, 'a nav lays out exactly like the div it was');
    assert.equal((await doc(page)).elements[nav].tag, 'nav');

    await page.getByRole('button', { name: 'Pages' }).click();
    const project = page.getByRole('region', { name: 'Project language' });
    await project.getByLabel('Direction', { exact: true }).selectOption('rtl');
    const language = project.getByLabel('Language', { exact: true });
    await language.fill('ar');
    await language.press('Enter');
    await frames(page);
    const frame = page.locator('.frame');
    assert.equal(await frame.getAttribute('dir'), 'rtl');
    assert.equal(await frame.getAttribute('lang'), 'ar');
    // A page may say otherwise: its override wins on the canvas, and removing it follows the project.
    const settings = page.getByRole('region', { name: 'Page settings' });
    await settings.getByLabel('Direction', { exact: true }).selectOption('ltr');
    await frames(page);
    assert.equal(await frame.getAttribute('dir'), 'ltr');
    await settings.getByLabel('Direction', { exact: true }).selectOption({ label: 'Project’s (rtl)' });
    await frames(page);
    assert.equal(await frame.getAttribute('dir'), 'rtl');

    await saved(page);
    await page.reload();
    await ready(page);
    assert.equal(await node(page, nav).evaluate((el) => el.tagName), 'NAV', 'the tag persisted');
    assert.equal(await page.locator('.frame').getAttribute('dir'), 'rtl', 'the direction persisted');
    assert.equal(await page.locator('.frame').getAttribute('lang'), 'ar', 'the language persisted');
    assert.deepEqual(errorsIn(log), []);
  });
});

describe('insert by dragging', () => {
  const session = useSession();

  pageTest(session, 'drags an element kind from the insert panel into a section', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    assert.equal(await page.locator('.canvas-empty').count(), 1, 'the empty page says so');
    await insert(page, 'section');
    await frames(page);
    assert.equal(await page.locator('.canvas-empty').count(), 0);
    let d = await doc(page);
    const section = d.elements[d.body].children[0];
    await page.locator('[data-preset="paragraph"]').dragTo(node(page, section));
    await frames(page);
    d = await doc(page);
    assert.equal(d.elements[section].children.length, 1);
    const [paragraph] = d.elements[section].children;
    assert.equal(d.elements[paragraph].tag, 'p');
    assert.deepEqual(d.selection, [paragraph]);
    assert.equal(await page.getByTestId('drop-indicator').count(), 0);
    assert.deepEqual(errorsIn(log), []);
  });
});

describe('image source', () => {
  const session = useSession();

  pageTest(session, 'an image shows the URL typed in its Source field, at its natural size on the canvas and in the layout', async ({ page, server, log }) => {
    // The machine is offline: the browser's request for this URL is answered with a real PNG.
    const url = 'https://images.example.com/hero.png';
    const png = await readFile(`${repoRoot}tests/fixtures/assets/hero.png`); // 64 × 36
    await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: png }));
    await openEditor(page, server.url);
    await insert(page, 'image');
    await frames(page);
    const inserted = await doc(page);
    const [image] = inserted.selection;
    assert.ok(image);
    const preset = inserted.elements[image].props ?? {}; // what Insert gives an image (alt: '')

    const source = page.getByRole('region', { name: 'Element' }).getByLabel('Source URL', { exact: true });
    await source.fill(url);
    await source.press('Enter');
    await page.waitForFunction((id) => /** @type {any} */ (window).omnios.store.getState().elements.get(id)?.props?.src !== undefined, image);
    await frames(page, 3);
    const d = await doc(page);
    assert.deepEqual(d.elements[image].props, { ...preset, src: url, width: 64, height: 36 }, 'the source and its natural size, one edit');
    const img = node(page, image);
    assert.equal(await img.getAttribute('src'), url);
    await page.waitForFunction((id) => {
      const el = /** @type {HTMLImageElement | null} */ (document.querySelector(`[data-omnios-id="${id}"]`));
      return el !== null && el.complete && el.naturalWidth > 0;
    }, image);
    assert.deepEqual(await img.evaluate((el) => [/** @type {HTMLImageElement} */ (el).naturalWidth, /** @type {HTMLImageElement} */ (el).naturalHeight]), [64, 36]);
    // The engine lays the image out at the size the canvas draws it.
    const drawn = await img.boundingBox();
    assert.ok(drawn);
    const box = d.boxes[image];
    assert.ok(box, 'the engine has a box for the image');
    assert.ok(Math.abs(drawn.width / d.zoom - box.width) < 1 && Math.abs(drawn.height / d.zoom - box.height) < 1, `canvas ${drawn.width / d.zoom}×${drawn.height / d.zoom} vs layout ${box.width}×${box.height}`);
    assert.equal(await source.inputValue(), url, 'the field shows the source');

    // A script URL is refused by the engine with a readable message; the image keeps its source.
    await source.fill('javascript:alert(1)');
    await source.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal(await alert.getAttribute('data-code'), 'invalid_source');
    assert.match(await alert.innerText(), /invalid src/i);
    await frames(page, 3);
    assert.deepEqual((await doc(page)).elements[image].props, { ...preset, src: url, width: 64, height: 36 });
    assert.equal(await img.getAttribute('src'), url);

    // One undo step takes the source and its size away together.
    await source.press('Escape'); // the field shows the document's source again
    await source.blur(); // keys in a text field are the field's, not the editor's
    await page.keyboard.press(`${mod}+z`);
    await frames(page, 3);
    assert.deepEqual((await doc(page)).elements[image].props ?? {}, preset);
    assert.deepEqual(errorsIn(log), []);
  });
});
