// @ts-check
// In-browser benchmarks: opens web/bench.html (built into web/dist, served by `omnios serve`)
// in Chromium, waits for `window.omniosBench` to finish, and returns its samples.
// The cases themselves live in web/src/bench/cases/ (see tests/bench/README.md).
import { launchBrowser, openPage, saveFailureArtifacts, startServer } from '../e2e/harness.mjs';

/** @typedef {import('./results.mjs').Measured} Measured */

/**
 * @param {{ suite?: string, caseName?: string, timeoutMs?: number }} [filter]
 * @returns {Promise<Measured[]>}
 */
export async function runBrowserBenchmarks(filter = {}) {
  const server = await startServer();
  const browser = await launchBrowser();
  const { page, log } = await openPage(browser);
  try {
    const params = new URLSearchParams();
    if (filter.suite) params.set('suite', filter.suite);
    if (filter.caseName) params.set('case', filter.caseName);
    await page.goto(`${server.url}/bench.html?${params}`);
    await page.waitForFunction(
      () => window.omniosBench !== undefined && window.omniosBench.state !== 'running',
      undefined,
      { timeout: filter.timeoutMs ?? 10 * 60_000, polling: 250 },
    );
    const status = await page.evaluate(() => window.omniosBench);
    if (status === undefined || status.state === 'running') throw new Error('the bench page published nothing');
    if (status.state === 'failed') throw new Error(`bench page failed: ${status.error}`);
    console.log(`browser: ${status.results.length} case(s) in Chromium ${browser.version()}`);
    return status.results.map((r) => ({ suite: r.suite, name: r.name, unit: r.unit, samples: r.samples, ...(r.vs ? { vs: r.vs } : {}) }));
  } catch (error) {
    const dir = await saveFailureArtifacts('bench', { page, log, server, error });
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n(screenshot and logs: ${dir})`);
  } finally {
    await browser.close();
    await server.stop();
  }
}
