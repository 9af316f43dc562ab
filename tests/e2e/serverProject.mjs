// @ts-check
// Helpers for the end-to-end tests of server projects (live collaboration, comments, sharing,
// versions): accounts made through the API in a browser context's cookie jar, a project opened
// joined to its live room, waiting for what the other side wrote to arrive, commenting with the
// Comment tool, and two people's browsers side by side.
import assert from 'node:assert/strict';
import { centre, doc, frames } from './editorPage.mjs';
import { openPage, saveFailureArtifacts } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').BrowserContext} BrowserContext */

/**
 * Signs `context` up as `email` through the API (its cookie jar keeps the session); returns the
 * account's id.
 * @param {BrowserContext} context @param {string} base @param {string} email
 */
export async function signUp(context, base, email) {
  const answer = await context.request.post(`${base}/api/auth/signup`, { data: { email, password: `${email} secret phrase` } });
  assert.equal(answer.status(), 201, await answer.text());
  return /** @type {string} */ ((await answer.json()).id);
}

/** Opens server project `id` joined to its live room, and waits until it is live. */
export async function openLive(/** @type {Page} */ page, /** @type {string} */ base, /** @type {string} */ id) {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`${base}/p/${id}?server=1&test=1`);
  await live(page);
}

/** Waits until the editor is joined to its room and the server has every local edit. */
export async function live(/** @type {Page} */ page) {
  await page.waitForFunction(() => /** @type {any} */ (window).omnios?.live != null, undefined, { timeout: 60_000 });
  await page.locator('[data-testid="live-status"][data-state="live"][data-unsynced="false"]').waitFor({ timeout: 20_000 });
  await frames(page);
}

/** The element's record on `page`. */
export async function element(/** @type {Page} */ page, /** @type {string} */ id) {
  return (await doc(page)).elements[id];
}

/** Waits until `check` holds for the element on `page` (the other side's update arrived). */
export async function until(/** @type {Page} */ page, /** @type {string} */ id, /** @type {(el: any) => boolean} */ check, /** @type {string} */ what) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const el = await element(page, id);
    if (el !== undefined && check(el)) return el;
    if (Date.now() > deadline) assert.fail(`${what}; the element is ${JSON.stringify(el?.styles)}`);
    await page.waitForTimeout(100);
  }
}

/** Comments with the Comment tool at the centre of element `id` (offset by `dx`, `dy`); returns the thread id. */
export async function commentOn(/** @type {Page} */ page, /** @type {string} */ id, /** @type {string} */ text, dx = 0, dy = 0) {
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  const at = await centre(page, id);
  await page.mouse.click(at.x + dx, at.y + dy);
  const composer = page.getByTestId('comment-composer');
  await composer.getByRole('textbox', { name: 'Comment' }).fill(text);
  await composer.getByRole('textbox', { name: 'Comment' }).press('Enter');
  const thread = page.getByTestId('comment-thread');
  await thread.waitFor();
  await page.keyboard.press('Escape'); // leaves the Comment tool
  return /** @type {string} */ (await thread.getAttribute('data-thread'));
}

/** The thread `id` as the engine on `page` holds it. */
export async function threadOn(/** @type {Page} */ page, /** @type {string} */ id) {
  return page.evaluate((thread) => {
    const store = /** @type {any} */ (window).omnios.store.getState();
    return store.comments.find((/** @type {any} */ t) => t.id === thread);
  }, id);
}

/**
 * Runs `body` with two people's browsers (two fresh contexts, nothing shared). If it fails, both
 * sides' screenshot and console are saved as `<name>-a` and `<name>-b` (with the server's log);
 * both contexts are closed either way.
 * @param {{ browser: import('playwright-core').Browser, server: import('./harness.mjs').Server }} session
 * @param {string} name
 * @param {(a: Awaited<ReturnType<typeof openPage>>, b: Awaited<ReturnType<typeof openPage>>) => Promise<void>} body
 */
export async function withTwoPeople(session, name, body) {
  const a = await openPage(session.browser);
  const b = await openPage(session.browser);
  try {
    await body(a, b);
  } catch (error) {
    await saveFailureArtifacts(`${name}-a`, { page: a.page, log: a.log, server: session.server, error });
    await saveFailureArtifacts(`${name}-b`, { page: b.page, log: b.log, server: session.server, error });
    throw error;
  } finally {
    await a.context.close();
    await b.context.close();
  }
}
