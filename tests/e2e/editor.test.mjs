// @ts-check
// The editor shell: it loads the WASM engine through HyperBridge and shows what the engine says.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { errorsIn, pageTest, repoRoot, useSession } from './harness.mjs';

const dist = join(repoRoot, 'web', 'dist');

/** The version the engine's WASM export returns, asked in Node of the very file the server serves. */
async function versionFromServedWasm() {
  const assets = await readdir(join(dist, 'assets'));
  const wasmFile = assets.find((name) => name.startsWith('omnios_wasm') && name.endsWith('.wasm'));
  assert.ok(wasmFile, `no .wasm in ${dist}/assets (is the editor built?)`);
  const glue = await import(join(repoRoot, 'web/src/bridge/__generated__/omnios_wasm.js'));
  glue.initSync({ module: await readFile(join(dist, 'assets', wasmFile)) });
  return { wasmFile, version: glue.version() };
}

describe('editor', () => {
  const session = useSession();

  pageTest(session, 'shows the engine version only once the WASM module is loaded', async ({ page, server, log }) => {
    const { wasmFile, version } = await versionFromServedWasm();
    assert.match(version, /^omnios-engine \d+\.\d+\.\d+/);

    // The string lives in the WASM module, not in the page's HTML or JavaScript.
    const html = await (await fetch(`${server.url}/`)).text();
    assert.ok(!html.includes(version), 'index.html already contains the version');
    for (const name of (await readdir(join(dist, 'assets'))).filter((n) => n.endsWith('.js'))) {
      assert.ok(!(await readFile(join(dist, 'assets', name), 'utf8')).includes(version), `${name} contains the version`);
    }

    // Hold the .wasm response: until it arrives the page must say it is loading.
    /** @type {() => void} */
    let release = () => {};
    const released = new Promise((resolve) => (release = () => resolve(undefined)));
    /** @type {string[]} */
    const wasmRequests = [];
    /** @type {() => void} */
    let markRequested = () => {};
    const requested = new Promise((resolve) => (markRequested = () => resolve(undefined)));
    await page.route('**/*.wasm', async (route) => {
      wasmRequests.push(new URL(route.request().url()).pathname);
      markRequested();
      await released;
      await route.continue();
    });

    // `/new` creates an empty project (the local database loads its own WASM too) and opens it.
    await page.goto(`${server.url}/new`);
    await requested;
    const app = page.locator('.app');
    assert.equal(await app.getAttribute('data-engine-state'), 'loading');
    assert.equal(await page.getByTestId('engine-version').count(), 0);
    assert.match(await page.locator('.toolbar').innerText(), /Loading engine/);

    release();
    const shown = page.getByTestId('engine-version');
    await shown.waitFor({ timeout: 15_000 });
    assert.equal(await shown.innerText(), version);
    assert.equal(await app.getAttribute('data-engine-state'), 'ready');
    assert.deepEqual(
      wasmRequests.filter((path) => path.includes('omnios_wasm')),
      [`/assets/${wasmFile}`],
    );
    assert.ok(await page.getByTestId('canvas').isVisible(), 'the canvas area is visible');
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'project URLs load the editor (SPA fallback)', async ({ page, server, log }) => {
    const response = await page.goto(`${server.url}/p/demo`);
    assert.equal(response?.status(), 200);
    await page.getByTestId('engine-version').waitFor({ timeout: 15_000 });
    assert.deepEqual(errorsIn(log), []);
  });

  test('/healthz answers JSON with status and version', async () => {
    const response = await fetch(`${session.server.url}/healthz`);
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.status, 'ok');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
  });
});
