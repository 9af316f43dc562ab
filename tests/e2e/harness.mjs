// @ts-check
// Reusable end-to-end harness: start the built `omnios serve --port 0` (with its own temporary
// data folder, removed when it stops), launch Debian's
// Chromium through playwright-core, open pages that record their console, and keep a
// screenshot plus logs under target/e2e/<test>/ when a test fails.
//
//   import { describe } from 'node:test';
//   import { useSession, pageTest } from './harness.mjs';
//   describe('editor', () => {
//     const session = useSession();              // one server + browser for this block
//     pageTest(session, 'loads', async ({ page, server }) => { await page.goto(server.url); });
//   });

import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {import('playwright-core').Page} Page */

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Test outputs stay under the repository's target/, whatever CARGO_TARGET_DIR says. */
export const artifactsRoot = join(repoRoot, 'target', 'e2e');

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The `omnios` binary to test: $OMNIOS_BIN, else the newest of release/ and debug/ under
 * $CARGO_TARGET_DIR (default ./target).
 * @returns {string}
 */
export function serverBinary() {
  if (process.env.OMNIOS_BIN) return process.env.OMNIOS_BIN;
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target');
  const built = ['release', 'debug']
    .map((profile) => join(targetDir, profile, 'omnios'))
    .filter((path) => existsSync(path))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (built[0] === undefined) {
    throw new Error(`no omnios binary under ${targetDir}: build it (make server) or set OMNIOS_BIN`);
  }
  return built[0];
}

/**
 * @typedef {object} Server
 * @property {string} url  base URL without a trailing slash, e.g. http://127.0.0.1:41234
 * @property {() => string} output  everything the server printed so far
 * @property {() => Promise<void>} stop
 * @property {() => Promise<void>} kill  SIGKILL, as a crash: no shutdown runs
 */

/**
 * Starts `omnios serve --port 0` and resolves once it printed the address it bound. Unless
 * `env` names them (OMNIOS_DATA, DATABASE_URL), every server starts with no accounts and no
 * projects, in a temporary folder removed when it stops.
 * @param {{ webDir?: string, env?: Record<string, string>, timeoutMs?: number }} [options]
 * @returns {Promise<Server>}
 */
export async function startServer(options = {}) {
  const webDir = options.webDir ?? join(repoRoot, 'web', 'dist');
  const bin = serverBinary();
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'info', ...options.env };
  delete env.OMNIOS_PORT;
  if (options.env?.DATABASE_URL === undefined) delete env.DATABASE_URL;
  const data = options.env?.OMNIOS_DATA === undefined ? await mkdtemp(join(tmpdir(), 'omnios-e2e-')) : null;
  if (data !== null) env.OMNIOS_DATA = data;
  const child = spawn(bin, ['serve', '--port', '0', '--web-dir', webDir], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {string[]} */
  const lines = [];
  child.stderr.setEncoding('utf8').on('data', (chunk) => lines.push(String(chunk)));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${bin} printed no address within ${options.timeoutMs ?? 15000} ms:\n${lines.join('')}`)),
      options.timeoutMs ?? 15000,
    );
    child.once('error', (error) => reject(new Error(`cannot start ${bin}: ${error.message}`)));
    void exited.then((status) => reject(new Error(`${bin} exited (${JSON.stringify(status)}) before listening:\n${lines.join('')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(`${line}\n`);
      const match = /^omnios listening on (http:\/\/\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  }).catch(async (error) => {
    child.kill('SIGKILL');
    if (data !== null) await rm(data, { recursive: true, force: true });
    throw error;
  });

  return {
    url: String(url).replace(/\/$/, ''),
    output: () => lines.join(''),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timeout = new Promise((resolve) => setTimeout(resolve, 5000, 'timeout'));
        if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL');
      }
      if (data !== null) await rm(data, { recursive: true, force: true });
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Launches Chromium (default /usr/bin/chromium, or $CHROMIUM). Playwright gives every launch a
 * fresh --user-data-dir in the temp folder and deletes it on close.
 * @returns {Promise<Browser>}
 */
export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: run \`make test\` (installs Debian's chromium) or set CHROMIUM`);
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}

/**
 * @typedef {object} OpenedPage
 * @property {Page} page
 * @property {BrowserContext} context
 * @property {string[]} log  console messages, page errors and failed requests, in order
 */

/**
 * A page in a fresh context (no shared cookies or storage) whose console is recorded.
 * @param {Browser} browser
 * @param {import('playwright-core').BrowserContextOptions} [contextOptions]  more context options
 * @returns {Promise<OpenedPage>}
 */
export async function openPage(browser, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  /** @type {string[]} */
  const log = [];
  const stamp = () => new Date().toISOString();
  page.on('console', (message) => log.push(`${stamp()} console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => log.push(`${stamp()} pageerror: ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) =>
    log.push(`${stamp()} requestfailed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  return { page, context, log };
}

/** Console errors and uncaught page errors in a recorded log. */
export const errorsIn = (/** @type {string[]} */ log) =>
  log.filter((line) => / (console\.error|pageerror|requestfailed): /.test(line));

/**
 * Writes target/e2e/<name>/{screenshot.png,console.log,server.log} and returns the folder.
 * @param {string} name
 * @param {{ page?: Page, log?: string[], server?: Server, error?: unknown }} what
 */
export async function saveFailureArtifacts(name, what) {
  const dir = join(artifactsRoot, name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase());
  await mkdir(dir, { recursive: true });
  if (what.page && !what.page.isClosed()) {
    await what.page.screenshot({ path: join(dir, 'screenshot.png'), fullPage: true }).catch(() => {});
  }
  const error = what.error instanceof Error ? (what.error.stack ?? what.error.message) : String(what.error ?? '');
  await writeFile(join(dir, 'console.log'), `${(what.log ?? []).join('\n')}\n\n${error}\n`);
  if (what.server) await writeFile(join(dir, 'server.log'), what.server.output());
  return dir;
}

/**
 * @typedef {object} Session  filled in by the `before` hook useSession() registers
 * @property {Server} server
 * @property {Browser} browser
 */

/**
 * Registers before/after hooks (in the enclosing describe, or the file) that start one server
 * and one browser, shared by that block's tests.
 * @param {{ webDir?: string }} [options]
 * @returns {Session}
 */
export function useSession(options = {}) {
  const session = /** @type {Session} */ ({});
  before(async () => {
    session.server = await startServer(options);
    session.browser = await launchBrowser();
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}

/**
 * @typedef {object} PageTestContext
 * @property {Page} page
 * @property {Server} server
 * @property {string[]} log
 * @property {import('node:test').TestContext} t
 */

/**
 * A node:test test with a fresh page; on failure it saves the artifacts and names the folder.
 * @param {Session} session
 * @param {string} name
 * @param {(context: PageTestContext) => Promise<void>} body
 */
export function pageTest(session, name, body) {
  test(name, async (t) => {
    const { page, context, log } = await openPage(session.browser);
    try {
      await body({ page, server: session.server, log, t });
    } catch (error) {
      const dir = await saveFailureArtifacts(name, { page, log, server: session.server, error });
      if (error instanceof Error) error.message += `\n(screenshot and logs: ${dir})`;
      throw error;
    } finally {
      await context.close();
    }
  });
}
