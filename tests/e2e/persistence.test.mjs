// @ts-check
// Projects that are never lost: local auto-save (PGlite in IndexedDB + a localStorage journal),
// the project home, versions, backup and restore of `.omnios` files, recovery from engine faults.
// Everything goes through the UI; `window.omnios` is only read (and, with ?test=1, asked to
// simulate a stalled engine call).
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe } from 'node:test';
import { artifactsRoot, errorsIn, pageTest, useSession } from './harness.mjs';
import { absoluteBox, clickEmptyCanvas, doc, downloadOf, frames, insert, mod, openEditor, ready, saved, setField } from './editorPage.mjs';

/** @typedef {import('playwright-core').Page} Page */

/** The document without what differs between engines (order keys stay: they are the document). */
async function snapshot(/** @type {Page} */ page) {
  const d = await doc(page);
  const elements = Object.fromEntries(Object.entries(d.elements).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { elements, pages: d.pages, body: d.body };
}

async function goHome(/** @type {Page} */ page) {
  await page.getByRole('button', { name: 'All projects' }).click();
  await page.getByRole('list', { name: 'Projects' }).waitFor({ timeout: 15_000 });
}

async function rename(/** @type {Page} */ page, /** @type {string} */ from, /** @type {string} */ to) {
  await page.getByRole('button', { name: `Rename ${from}` }).click();
  const field = page.getByLabel('Project name');
  await field.fill(to);
  await field.press('Enter');
  await page.locator(`[data-project="${to}"]`).waitFor();
}

async function projectNames(/** @type {Page} */ page) {
  return page.locator('.project-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-project')));
}

/** Downloads the open project's backup through the top bar. */
const backup = (/** @type {Page} */ page, /** @type {string} */ name) =>
  downloadOf(page, () => page.getByRole('button', { name: 'Back up project' }).click(), name);

describe('projects are never lost', () => {
  const session = useSession();

  pageTest(session, 'edit, reload: positions, styles, pages and the open project are back', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const url = page.url();
    assert.match(new URL(url).pathname, /^\/p\/[0-9a-f-]{36}$/);
    await absoluteBox(page, { left: 120, top: 90, width: 200, height: 80 });
    await page.getByRole('button', { name: 'Pages' }).click();
    await page.getByRole('button', { name: '+ Add page' }).click();
    await frames(page);
    await page.getByRole('button', { name: 'Insert' }).click();
    await insert(page, 'container');
    await frames(page);
    const before = await snapshot(page);
    assert.equal(before.pages.length, 2);
    await saved(page);
    await page.reload();
    await ready(page);
    assert.equal(page.url(), url, 'the URL still names the project');
    const after = await snapshot(page);
    assert.deepEqual(after.elements, before.elements);
    assert.deepEqual(after.pages, before.pages);
    assert.equal(after.body, before.body, 'the page that was open is open again');
    assert.equal((await doc(page)).canUndo, false, 'a reopened project starts without undo history');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'a tab closed within the debounce window keeps its last change', async ({ page, server }) => {
    await openEditor(page, server.url);
    await saved(page);
    const url = page.url();
    const box = await absoluteBox(page, { left: 40, top: 40, width: 120, height: 120 });
    await setField(page, 'Size', 'Width', '333px'); // the last change: closed at once
    assert.notEqual(
      await page.getByTestId('save-status').getAttribute('data-state'),
      'saved',
      'the tab closes while the change waits for the debounce',
    );
    await page.close({ runBeforeUnload: true });
    const again = await page.context().newPage();
    await again.setViewportSize({ width: 1600, height: 1000 });
    await again.goto(url);
    await ready(again);
    const d = await doc(again);
    assert.equal(d.elements[box]?.styles?.base?.width, '333px');
    await saved(again);
  });

  pageTest(session, 'two projects stay separate; the home lists, renames and duplicates them', async ({ page, server }) => {
    await openEditor(page, server.url);
    const first = await absoluteBox(page, { left: 10, top: 10, width: 50, height: 50 });
    await saved(page);
    await goHome(page);
    await rename(page, 'Untitled project', 'Alpha');
    await page.getByRole('button', { name: 'New project' }).click();
    await ready(page);
    const second = await absoluteBox(page, { left: 300, top: 300, width: 60, height: 60 });
    await saved(page);
    assert.equal((await doc(page)).elements[first], undefined, 'the new project does not hold the first one’s element');
    await goHome(page);
    await rename(page, 'Untitled project', 'Beta');
    assert.deepEqual((await projectNames(page)).sort(), ['Alpha', 'Beta']);
    const thumb = await page.locator('[data-project="Alpha"] img.project-thumb').getAttribute('src');
    assert.match(thumb ?? '', /^data:image\/svg\+xml/, 'the home shows a thumbnail of the project');
    await page.getByRole('button', { name: 'Open Alpha' }).click();
    await ready(page);
    let d = await doc(page);
    assert.ok(d.elements[first]);
    assert.equal(d.elements[second], undefined);
    assert.equal(await page.getByTestId('project-name').innerText(), 'Alpha');
    await goHome(page);
    await page.getByRole('button', { name: 'Duplicate Alpha' }).click();
    await page.locator('[data-project="Alpha copy"]').waitFor();
    await page.getByRole('button', { name: 'Open Alpha copy' }).click();
    await ready(page);
    d = await doc(page);
    assert.ok(d.elements[first], 'the copy holds Alpha’s element');
  });

  pageTest(session, 'restore a version, and undo the restore', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const box = await absoluteBox(page, { left: 50, top: 60, width: 100, height: 100 });
    await saved(page);
    const v1 = await snapshot(page);
    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByLabel('Version name').fill('Before the change');
    await page.getByRole('button', { name: 'Save version' }).click();
    const item = page.locator('[data-version="Before the change"]');
    await item.waitFor();
    // Change things: move and recolour the box, add another.
    await page.getByRole('button', { name: 'Insert' }).click();
    await clickEmptyCanvas(page);
    await page.locator(`[data-omnios-id="${box}"]`).click();
    await setField(page, 'Position', 'Left', '400px');
    const other = await absoluteBox(page, { left: 500, top: 300, width: 80, height: 80 });
    const changed = await snapshot(page);
    assert.notDeepEqual(changed.elements, v1.elements);
    await page.getByRole('button', { name: 'Versions' }).click();
    await item.getByRole('button', { name: 'Preview' }).click();
    assert.match(await item.getByTestId('version-preview').innerText(), /Home · 1 elements/);
    await item.getByRole('button', { name: 'Restore Before the change' }).click();
    // The version is read from the database (in its worker) first: wait for what the user sees.
    await page.getByText('Restored “Before the change”').waitFor();
    // A restore the user asked for is a confirmation, not a red warning.
    const toast = page.locator('.toast');
    assert.equal(await toast.getAttribute('data-tone'), 'info');
    assert.equal(await toast.getAttribute('role'), 'status');
    await frames(page, 3);
    const restored = await snapshot(page);
    assert.deepEqual(restored.elements, v1.elements);
    assert.equal((await doc(page)).elements[other], undefined);
    await page.getByRole('button', { name: 'Undo' }).click();
    await frames(page, 3);
    assert.deepEqual((await snapshot(page)).elements, changed.elements, 'one undo brings the changes back');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'a version with a page deleted since restores the page; one Ctrl+Z removes the restore', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await page.getByRole('button', { name: 'Pages' }).click();
    await page.getByRole('button', { name: '+ Add page' }).click();
    await frames(page);
    const second = await doc(page);
    const pageId = second.activePage;
    const pageName = second.pages.find((/** @type {any} */ p) => p.id === pageId).name;
    await page.getByRole('button', { name: 'Insert' }).click();
    await insert(page, 'container');
    await saved(page);
    const withPage = await doc(page);
    const onPage = Object.values(withPage.elements).filter((/** @type {any} */ e) => e.page === pageId);
    assert.ok(onPage.length >= 2, 'the page holds its body and a container');
    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByLabel('Version name').fill('With the page');
    await page.getByRole('button', { name: 'Save version' }).click();
    const item = page.locator('[data-version="With the page"]');
    await item.waitFor();

    await page.getByRole('button', { name: 'Pages' }).click();
    await page.getByRole('button', { name: `Delete ${pageName}` }).click();
    await frames(page);
    const deleted = await snapshot(page);
    assert.ok(!deleted.pages.some((/** @type {any} */ p) => p.id === pageId), 'the page is gone');

    await page.getByRole('button', { name: 'Versions' }).click();
    await item.getByRole('button', { name: 'Restore With the page' }).click();
    await page.getByText('Restored “With the page”').waitFor();
    await frames(page, 3);
    const restored = await doc(page);
    assert.ok(restored.pages.some((/** @type {any} */ p) => p.id === pageId), 'the page is back');
    for (const e of onPage) assert.deepEqual(restored.elements[e.id], e, `element ${e.id} is back as it was`);

    await page.keyboard.press(`${mod}+z`);
    await frames(page, 3);
    const undone = await snapshot(page);
    assert.ok(!undone.pages.some((/** @type {any} */ p) => p.id === pageId), 'one undo: the page is gone again');
    assert.deepEqual(undone.elements, deleted.elements, 'one undo removes the restore entirely');
    assert.deepEqual(undone.pages, deleted.pages);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'back up, delete, restore the file: the same project; a flipped byte is refused', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    await absoluteBox(page, { left: 70, top: 80, width: 150, height: 90 });
    await page.getByRole('button', { name: 'Pages' }).click();
    await page.getByRole('button', { name: '+ Add page' }).click();
    await frames(page);
    await saved(page);
    const before = await snapshot(page);
    const file = await backup(page, 'backup-roundtrip.omnios');
    assert.equal(file.suggested, 'Untitled-project.omnios');

    // A tampered copy: one byte flipped in the middle.
    const bytes = await readFile(file.path);
    const tampered = Buffer.from(bytes);
    const middle = Math.floor(tampered.length / 2);
    tampered.writeUInt8(tampered.readUInt8(middle) ^ 0x01, middle);
    const tamperedPath = join(artifactsRoot, 'backup-tampered.omnios');
    await writeFile(tamperedPath, tampered);

    await goHome(page);
    await rename(page, 'Untitled project', 'Backed up');
    const listed = await projectNames(page);
    await page.getByTestId('restore-input').setInputFiles(tamperedPath);
    const error = page.getByTestId('home-error');
    await error.waitFor();
    const text = await error.innerText();
    assert.match(text, /Nothing was restored/);
    assert.match(text, /changed or damaged|damaged|checksum/);
    assert.deepEqual(await projectNames(page), listed, 'a refused backup changes nothing');

    // Delete (after confirming), then restore the good file.
    await page.getByRole('button', { name: 'Delete Backed up' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await page.locator('[data-project="Backed up"]').waitFor({ state: 'detached' });
    await page.getByTestId('restore-input').setInputFiles(file.path);
    await page.locator('[data-project="Untitled project"]').waitFor();
    await page.getByRole('button', { name: 'Open Untitled project' }).click();
    await ready(page);
    const after = await snapshot(page);
    assert.deepEqual(after.elements, before.elements);
    assert.deepEqual(after.pages, before.pages);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'a stalled engine call recovers to the last good state and the editor keeps working', async ({ page, server }) => {
    await openEditor(page, server.url);
    await absoluteBox(page, { left: 20, top: 20, width: 90, height: 90 });
    await saved(page);
    await absoluteBox(page, { left: 200, top: 20, width: 90, height: 90 }); // journalled, maybe not yet saved
    const good = await snapshot(page);
    await page.evaluate(() => /** @type {any} */ (window).omnios.simulateStall(2600));
    const banner = page.getByTestId('recovery-banner');
    await banner.waitFor({ timeout: 15_000 });
    assert.match(await banner.innerText(), /stopped responding.*last good state/s);
    await ready(page);
    assert.deepEqual((await snapshot(page)).elements, good.elements, 'the document is the last good state');
    const third = await absoluteBox(page, { left: 400, top: 20, width: 90, height: 90 });
    await saved(page);
    await page.reload();
    await ready(page);
    assert.ok((await doc(page)).elements[third], 'editing after the recovery is saved');
  });

  pageTest(session, 'two tabs of one project: both edits show live in both, and survive a reload', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const heading = await absoluteBox(page, { left: 40, top: 40, width: 300, height: 60 });
    const logo = await absoluteBox(page, { left: 400, top: 40, width: 80, height: 80 });
    await saved(page);
    const other = await page.context().newPage();
    const otherLog = /** @type {string[]} */ ([]);
    other.on('pageerror', (error) => otherLog.push(`pageerror: ${error.message}`));
    await other.setViewportSize({ width: 1600, height: 1000 });
    await other.goto(page.url());
    await ready(other);

    // The heading changes in the first tab, the logo in the second.
    await page.locator(`[data-omnios-id="${heading}"]`).click();
    await setField(page, 'Size', 'Width', '321px');
    await other.locator(`[data-omnios-id="${logo}"]`).click();
    await setField(other, 'Size', 'Width', '123px');

    const bothEdits = (/** @type {any} */ d) => d.elements[heading]?.styles?.base?.width === '321px' && d.elements[logo]?.styles?.base?.width === '123px';
    for (const tab of [page, other]) {
      await tab.waitForFunction(
        ([h, l]) => {
          const elements = /** @type {any} */ (window).omnios.store.getState().elements;
          return elements.get(h)?.styles?.base?.width === '321px' && elements.get(l)?.styles?.base?.width === '123px';
        },
        [heading, logo],
        { timeout: 10_000 },
      );
    }
    await saved(page);
    await saved(other);

    // The second tab reads the database (the home lists projects: a SELECT) after the first saved.
    await goHome(other);
    await page.reload();
    await ready(page);
    assert.ok(bothEdits(await doc(page)), 'after a reload the first tab holds both edits');
    await other.getByRole('button', { name: 'Open Untitled project' }).click();
    await ready(other);
    assert.ok(bothEdits(await doc(other)), 'the second tab reopens both edits too');
    assert.deepEqual(errorsIn(log), []);
    assert.deepEqual(otherLog, []);
  });
});
