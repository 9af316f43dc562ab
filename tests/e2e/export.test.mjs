// @ts-check
// The editor's Export dialog end to end: a page built through the UI, exported as a Next.js
// ZIP from the dialog, unzipped (Debian's `unzip`), verified with `omnios verify`, equal byte
// for byte to the command line's export of the same project backed up from the editor, and
// built with `next build` through the shared install of tests/export/nextApp.mjs.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe } from 'node:test';
import { filesUnder, nextAppInstall, omniosBin, run } from '../export/nextApp.mjs';
import { downloadOf, frames, insert, openEditor, saved } from './editorPage.mjs';
import { errorsIn, pageTest, repoRoot, useSession } from './harness.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'omnios-e2e-export-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('export from the editor', () => {
  const session = useSession();

  pageTest(session, 'build a page, export Next.js as a ZIP: it verifies, equals the CLI export and builds', async ({ page, server, log }) => {
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

    const projectName = (await page.getByTestId('project-name').textContent()) ?? '';
    const zip = await downloadOf(page, () => dialog.getByRole('button', { name: 'Export ZIP' }).click(), 'editor-export.zip');
    assert.equal(zip.suggested, `${projectName.trim().replace(/\s+/g, '-')}-nextjs.zip`);
    await dialog.getByRole('status').filter({ hasText: /^Downloaded .*-nextjs\.zip \(\d+ files\)\.$/ }).waitFor();
    assert.ok(compilerRequests.some((url) => url.endsWith('.wasm')), 'the compiler module was fetched when exporting');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Export', 'focus is back on the Export button');

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
    assert.deepEqual(errorsIn(log), []);
  });
});
