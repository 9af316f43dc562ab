// @ts-check
// The editor's Export dialog end to end: a page built through the UI, checked with the dialog's
// parity check (all OK; an image without a source, which the export leaves out, is named; the
// last result is there when the dialog opens again), exported as a Next.js ZIP from the dialog,
// unzipped (Debian's `unzip`), verified with `omnios verify`, equal byte for byte to the command
// line's export of the same project backed up from the editor, built with `next build` through
// the shared install of tests/export/nextApp.mjs, served with `next start` and compared with the
// canvas at 1440 px (pixelmatch, under 1 % of pixels; PNGs under target/e2e/export-parity/ on
// failure).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe } from 'node:test';
import { filesUnder, nextAppInstall, omniosBin, run } from '../export/nextApp.mjs';
import { compare, exportShot, frameShot, LIMIT, nextStart } from '../export/shots.mjs';
import { clickEmptyCanvas, doc, downloadOf, frames, insert, mod, openEditor, saved } from './editorPage.mjs';
import { artifactsRoot, errorsIn, pageTest, repoRoot, useSession } from './harness.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'omnios-e2e-export-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('export from the editor', () => {
  const session = useSession();

  pageTest(session, 'build a page, check parity, export Next.js as a ZIP: it verifies, equals the CLI export, builds and looks like the canvas', async ({ page, server, log }) => {
    /** @type {string[]} */
    const compilerRequests = [];
    page.on('request', (request) => {
      if (request.url().includes('omnios_compiler')) compilerRequests.push(request.url());
    });
    await openEditor(page, server.url);
    await insert(page, 'heading');
    await insert(page, 'paragraph');
    await insert(page, 'button');
    await page.getByRole('button', { name: 'Pages' }).click();
    await page.getByRole('button', { name: '+ Add page' }).click();
    await frames(page);
    await page.getByRole('button', { name: 'Insert' }).click();
    await insert(page, 'heading');
    await frames(page);
    await saved(page);
    assert.equal(compilerRequests.length, 0, `the compiler module is not part of the editor’s first load: ${compilerRequests}`);

    // The dialog, by keyboard: it opens focused on the chosen target; Escape closes it.
    await page.getByRole('button', { name: 'Export' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => /** @type {HTMLInputElement} */ (document.activeElement).value), 'nextjs');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Export' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();

    // The parity check: every page at 1440, 768 and 375 px, all OK.
    const parity = dialog.getByTestId('export-parity');
    assert.match((await parity.textContent()) ?? '', /compares each element.s box in the static export/i);
    await parity.getByRole('button', { name: 'Check parity' }).click();
    const table = parity.getByRole('table', { name: 'Parity per page and breakpoint' });
    await table.waitFor({ timeout: 120_000 });
    await parity.getByRole('button', { name: 'Check parity' }).waitFor();
    const cells = async () => table.locator('td').allTextContents();
    assert.deepEqual(await cells(), ['OK', 'OK', 'OK', 'OK', 'OK', 'OK'], 'two pages at three widths, every box within 1 px');
    assert.deepEqual(await table.locator('thead th').allTextContents(), ['Page', '1440 px', '768 px', '375 px']);

    const projectName = (await page.getByTestId('project-name').textContent()) ?? '';
    const zip = await downloadOf(page, () => dialog.getByRole('button', { name: 'Export ZIP' }).click(), 'editor-export.zip');
    assert.equal(zip.suggested, `${projectName.trim().replace(/\s+/g, '-')}-nextjs.zip`);
    await dialog.getByRole('status').filter({ hasText: /^Downloaded .*-nextjs\.zip \(\d+ files\)\.$/ }).waitFor();
    assert.ok(compilerRequests.some((url) => url.endsWith('.wasm')), 'the compiler module was fetched when exporting');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Export', 'focus is back on the Export button');

    // An image without a source: the canvas shows its placeholder, the export leaves it out, and
    // the check says so, naming it. The result is kept: reopening the dialog shows it.
    await insert(page, 'image');
    await frames(page);
    await page.getByRole('button', { name: 'Export' }).click();
    await dialog.waitFor();
    const before = await cells();
    assert.deepEqual(before, ['OK', 'OK', 'OK', 'OK', 'OK', 'OK'], 'the last result is shown when the dialog opens again');
    await parity.getByRole('button', { name: 'Check parity' }).click();
    await parity.getByRole('button', { name: 'Check parity' }).waitFor({ timeout: 120_000 });
    const failed = await cells();
    assert.equal(failed.filter((c) => c === 'OK').length, 3, `the other page is still OK: ${failed}`);
    assert.equal(failed.filter((c) => /^\d+ elements? differs? by more than 1 px; worst: Image \(\S+\), missing from the export$/.test(c)).length, 3, failed.join('\n'));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('canvas').focus();
    await page.keyboard.press(`${mod}+z`);
    await frames(page);
    await saved(page);

    // The same project as the command line compiles it from the editor's backup.
    const backup = await downloadOf(page, () => page.getByRole('button', { name: 'Back up project' }).click(), 'editor-export.omnios');
    const cliDir = join(scratch, 'cli');
    run(omniosBin, ['export', backup.path, '--target', 'nextjs', '--out', cliDir], repoRoot);

    const probe = join(scratch, 'unzipped');
    run('unzip', ['-q', zip.path, '-d', probe], repoRoot);
    assert.deepEqual(filesUnder(probe), filesUnder(cliDir), 'the ZIP holds the files of the CLI export');
    for (const file of filesUnder(cliDir)) {
      assert.ok(readFileSync(join(probe, file)).equals(readFileSync(join(cliDir, file))), `${file}: same bytes as the CLI export`);
    }

    const { appsDir, bins } = nextAppInstall(readFileSync(join(probe, 'package.json')));
    const app = join(appsDir, 'editor-export');
    rmSync(app, { recursive: true, force: true });
    run('unzip', ['-q', zip.path, '-d', app], repoRoot);
    run(omniosBin, ['verify', app], repoRoot);
    run(join(bins, 'next'), ['build'], app);
    const home = readFileSync(join(app, '.next', 'server', 'app', 'index.html'), 'utf8');
    assert.ok(home.includes('>Heading</h1>'), 'the heading built through the UI is on the built home page');

    // The built app looks like the canvas: the home page at 1440 px, `next start` against the frame.
    const browser = page.context().browser();
    assert.ok(browser);
    const next = await nextStart(appsDir, app);
    try {
      await page.getByRole('button', { name: 'Pages' }).click();
      const homeName = (await doc(page)).pages[0]?.name ?? '';
      await clickEmptyCanvas(page);
      const seen = await frameShot(page, homeName, 'base');
      const exported = await exportShot(browser, `${next.url}/`, 1440);
      const { share, files } = compare(seen, exported, 'home-1440-nextjs', join(artifactsRoot, 'export-parity'));
      assert.ok(share < LIMIT, `next start differs from the canvas in ${(share * 100).toFixed(3)} % of pixels (${files.join(', ')})`);
    } finally {
      await next.stop();
    }
    assert.deepEqual(errorsIn(log), []);
  });
});
