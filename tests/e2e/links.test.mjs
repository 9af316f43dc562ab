// @ts-check
// Links a designer makes in the first hour, through the UI only: a section named with an anchor
// (refused when malformed or taken on the page), links to it on the same page and from another
// page, opening in a new tab; a page's social image; the font picker with an uploaded font. Each is checked on the canvas, in Preview,
// and in both exports (the ZIPs from the Export dialog, unzipped with Debian's `unzip`).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe } from 'node:test';
import { addPage, clickEmptyCanvas, doc, downloadOf, frames, insert, node, openEditor, setField } from './editorPage.mjs';
import { errorsIn, pageTest, repoRoot, useSession } from './harness.mjs';

/** @typedef {import('playwright-core').Page} Page */

const HERO = join(repoRoot, 'tests', 'fixtures', 'assets', 'hero.png');
const scratch = mkdtempSync(join(tmpdir(), 'omnios-e2e-links-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Types into the Element section's Anchor field and commits it. @param {Page} page @param {string} value */
async function setAnchor(page, value) {
  await setField(page, 'Element', 'Anchor', value);
}

/**
 * Exports the project from the Export dialog as a ZIP for `target` and unzips it; returns a reader
 * of its files.
 * @param {Page} page @param {'nextjs' | 'static'} target @param {string} name
 */
async function exported(page, target, name) {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.locator(`input[name="export-target"][value="${target}"]`).check();
  const zip = await downloadOf(page, () => dialog.getByRole('button', { name: 'Export ZIP' }).click(), `${name}.zip`);
  await dialog.getByRole('status').filter({ hasText: /^Downloaded / }).waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  const dir = join(scratch, name);
  execFileSync('unzip', ['-q', '-o', zip.path, '-d', dir]);
  return {
    /** @param {string} path */
    text: (path) => readFileSync(join(dir, path), 'utf8'),
    /** @param {string} path */
    bytes: (path) => readFileSync(join(dir, path)),
  };
}

/** Escape on the canvas: the selection's parent is selected. @param {Page} page */
async function selectParent(page) {
  await page.getByTestId('canvas').focus();
  await page.keyboard.press('Escape');
  await frames(page);
}

/** The message the editor shows for a refusal, by its code. @param {Page} page @param {string} code */
const toast = (page, code) => page.locator(`.toast[data-code="${code}"]`);

describe('links, sections and sharing', () => {
  const session = useSession();

  pageTest(session, 'a section gets an anchor; links go to it on this page and from another, in a new tab; canvas, Preview and both exports agree', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    // A hero with a link in it, then the pricing section (below the fold once the hero is tall).
    await insert(page, 'section');
    const [hero] = (await doc(page)).selection;
    assert.ok(hero);
    await insert(page, 'link');
    const [toPricing] = (await doc(page)).selection;
    assert.ok(toPricing);
    await clickEmptyCanvas(page);
    await insert(page, 'section');
    const [pricing] = (await doc(page)).selection;
    assert.ok(pricing);
    await insert(page, 'heading');
    await selectParent(page);
    assert.deepEqual((await doc(page)).selection, [pricing]);

    // A malformed anchor is refused with a message; a good one becomes the element's id.
    await setAnchor(page, 'Pricing plans');
    await toast(page, 'invalid_anchor').waitFor();
    assert.equal((await doc(page)).elements[pricing].props?.anchor, undefined);
    await setAnchor(page, 'pricing');
    assert.equal((await doc(page)).elements[pricing].props.anchor, 'pricing');
    assert.equal(await page.locator('#pricing').getAttribute('data-omnios-id'), pricing, 'the canvas element carries the anchor as its id');

    // The same anchor on another section of the page is refused, naming the problem.
    await node(page, hero).click({ position: { x: 4, y: 4 } });
    await frames(page);
    assert.deepEqual((await doc(page)).selection, [hero]);
    await setAnchor(page, 'pricing');
    await toast(page, 'anchor_taken').waitFor();
    assert.match(await toast(page, 'anchor_taken').innerText(), /already has the anchor “pricing”/);
    assert.equal((await doc(page)).elements[hero].props?.anchor, undefined);
    await setField(page, 'Size', 'Height', '1600px');

    // The link goes to the section on this page and opens in a new tab.
    await node(page, toPricing).click();
    const picker = page.getByRole('group', { name: 'Link' });
    await picker.getByLabel('Link to', { exact: true }).selectOption('section');
    assert.equal(await picker.getByLabel('On page', { exact: true }).inputValue(), 'this');
    await picker.getByLabel('Section', { exact: true }).selectOption('pricing');
    await frames(page);
    assert.equal((await doc(page)).elements[toPricing].props.href, '#pricing');
    // The box shows the document: it is ticked once the edit comes back from the engine.
    await picker.getByLabel('Open in new tab').click();
    await frames(page);
    assert.equal((await doc(page)).elements[toPricing].props.target, '_blank');
    assert.equal(await picker.getByLabel('Open in new tab').isChecked(), true);

    // An About page with a team section; a second link goes there from the hero.
    await addPage(page, 'About');
    await insert(page, 'section');
    const [team] = (await doc(page)).selection;
    assert.ok(team);
    await insert(page, 'heading');
    await selectParent(page);
    assert.deepEqual((await doc(page)).selection, [team]);
    // The anchor is per page: "pricing" is free here, and "team" too.
    await setAnchor(page, 'team');
    assert.equal((await doc(page)).elements[team].props.anchor, 'team');
    await page.getByRole('button', { name: 'Pages', exact: true }).click();
    await page.locator('[data-page-id] .page-open').first().click();
    await page.getByRole('button', { name: 'Insert', exact: true }).click();
    await frames(page, 3);
    await node(page, hero).click({ position: { x: 4, y: 4 } });
    await insert(page, 'link');
    const [toTeam] = (await doc(page)).selection;
    assert.ok(toTeam);
    await picker.getByLabel('Link to', { exact: true }).selectOption('section');
    await picker.getByLabel('On page', { exact: true }).selectOption({ label: 'About (/about)' });
    await picker.getByLabel('Section', { exact: true }).selectOption('team');
    await frames(page);
    assert.equal((await doc(page)).elements[toTeam].props.href, '/about#team');
    assert.equal((await doc(page)).elements[toTeam].props.target, undefined);
    // Read back: the picker shows what each link goes to.
    await node(page, toPricing).click();
    assert.equal(await picker.getByLabel('Link to', { exact: true }).inputValue(), 'section');
    assert.equal(await picker.getByLabel('Section', { exact: true }).inputValue(), 'pricing');
    assert.equal(await picker.getByLabel('Open in new tab').isChecked(), true);
    await node(page, toTeam).click();
    assert.equal(await picker.getByLabel('On page', { exact: true }).inputValue(), '/about');
    assert.equal(await picker.getByLabel('Section', { exact: true }).inputValue(), 'team');

    // Preview: the first link scrolls down to the pricing section, the second opens About.
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByRole('dialog', { name: 'Preview' });
    await preview.waitFor();
    const frame = page.frameLocator('iframe[title="Page preview"]');
    await frame.locator('a[href="#pricing"]').waitFor({ timeout: 30_000 });
    const scrollY = () => page.locator('iframe[title="Page preview"]').evaluate((f) => /** @type {HTMLIFrameElement} */ (f).contentWindow?.scrollY ?? 0);
    assert.equal(await scrollY(), 0);
    await frame.locator('a[href="#pricing"]').click();
    await page.waitForFunction(() => (/** @type {HTMLIFrameElement | null} */ (document.querySelector('iframe[title="Page preview"]'))?.contentWindow?.scrollY ?? 0) > 600);
    assert.equal(await frame.locator('#pricing').count(), 1);
    await frame.locator('a[href="about/index.html#team"]').click();
    await frame.locator('#team').waitFor();
    assert.equal(await preview.getByLabel('Preview page').inputValue(), 'about');
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });

    // Both exports: the anchors are ids, the hash stays on the link, a new tab is safe.
    const site = await exported(page, 'static', 'links-static');
    const home = site.text('index.html');
    assert.match(home, /<section class="o-[^"]+" id="pricing">/);
    assert.ok(home.includes(`<a class="o-${toPricing}" href="#pricing" target="_blank" rel="noopener noreferrer">`), home);
    assert.ok(home.includes(`<a class="o-${toTeam}" href="about/index.html#team">`), home);
    assert.match(site.text('about/index.html'), /<section class="o-[^"]+" id="team">/);
    const app = await exported(page, 'nextjs', 'links-next');
    const homeTsx = app.text('app/page.tsx');
    assert.ok(homeTsx.includes(`<a className="o-${toPricing}" href="#pricing" target="_blank" rel="noopener noreferrer">`), homeTsx);
    assert.ok(homeTsx.includes(`<Link className="o-${toTeam}" href="/about#team">`), homeTsx);
    assert.match(homeTsx, /<section className="o-[^"]+" id="pricing">/);
    assert.match(app.text('app/about/page.tsx'), /<section className="o-[^"]+" id="team">/);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'a page’s social image is one of the project’s images or a web address, and both exports share it', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    const bytes = await readFile(HERO);
    const sha = createHash('sha256').update(bytes).digest('hex');
    await page.getByLabel('Image from file', { exact: true }).setInputFiles(HERO);
    await page.locator('[data-testid="upload-row"][data-state="done"]').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Pages', exact: true }).click();
    const settings = page.getByRole('region', { name: 'Page settings' });
    const image = settings.getByLabel('Social image', { exact: true });
    assert.equal(await image.inputValue(), '', 'none at first');
    const stored = async () => (await doc(page)).pages[0].image;

    // A web address: what is not one is refused with a message and changes nothing.
    await image.selectOption({ label: 'Web address…' });
    const address = settings.getByLabel('Social image address', { exact: true });
    await address.fill('javascript:alert(1)');
    await address.press('Enter');
    await toast(page, 'invalid_source').waitFor();
    assert.equal(await stored(), undefined);
    await address.fill('https://cdn.example.com/card.png');
    await address.press('Enter');
    await frames(page);
    assert.equal(await stored(), 'https://cdn.example.com/card.png');

    // One of the project's images.
    await image.selectOption({ label: 'hero.png' });
    await frames(page);
    assert.equal(await stored(), `asset:${sha}`);

    const site = await exported(page, 'static', 'social-static');
    const head = site.text('index.html');
    assert.ok(head.includes(`<meta property="og:image" content="assets/${sha}.png">`), head);
    assert.ok(head.includes('<meta name="twitter:card" content="summary_large_image">'), head);
    assert.ok(site.bytes(`assets/${sha}.png`).equals(bytes), 'the picture is in the site');
    const app = await exported(page, 'nextjs', 'social-next');
    const tsx = app.text('app/page.tsx');
    assert.ok(tsx.includes(`  openGraph: { images: ["/assets/${sha}.png"] },`), tsx);
    assert.ok(app.bytes(`public/assets/${sha}.png`).equals(bytes), 'the picture is in the app');

    // None removes it.
    await image.selectOption({ label: 'None' });
    await frames(page);
    assert.equal(await stored(), undefined);
    assert.deepEqual(errorsIn(log), []);
  });

  pageTest(session, 'the font picker lists the open fonts and an uploaded one, each in its face; the pick renders in the canvas, Preview and both exports', async ({ page, server, log }) => {
    await openEditor(page, server.url);
    // An uploaded font: a copy of DejaVu Sans Mono named "Brand Mono".
    const file = join(scratch, 'Brand Mono.ttf');
    copyFileSync('/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf', file);
    const bytes = readFileSync(file);
    const sha = createHash('sha256').update(bytes).digest('hex');
    await page.getByRole('button', { name: 'Assets', exact: true }).click();
    await page.getByLabel('Add files…', { exact: true }).setInputFiles(file);
    await page.waitForFunction((id) => /** @type {any} */ (window).omnios.store.getState().assets.has(id), sha, { timeout: 60_000 });
    await page.getByRole('button', { name: 'Insert', exact: true }).click();
    await insert(page, 'section');
    await insert(page, 'heading');
    const [heading] = (await doc(page)).selection;
    assert.ok(heading);

    const typography = page.getByRole('region', { name: 'Typography' });
    await typography.getByRole('button', { name: 'Font', exact: true }).click();
    const list = typography.getByRole('listbox', { name: 'Fonts' });
    const labels = await list.getByRole('option').allTextContents();
    assert.deepEqual(labels, ['DejaVu Sans', 'DejaVu Serif', 'DejaVu Sans Mono', 'Liberation Sans', 'Liberation Serif', 'Liberation Mono', 'Brand Monouploaded']);
    // Each row is drawn in its own face.
    const faces = await list.getByRole('option').evaluateAll((rows) => rows.map((r) => getComputedStyle(r).fontFamily));
    assert.equal(faces[1], '"DejaVu Serif", serif');
    assert.equal(faces[6], '"Brand Mono", sans-serif');

    // A custom stack, then an open font, then the uploaded one.
    await typography.getByLabel('Custom font stack', { exact: true }).fill('Georgia, serif');
    await typography.getByLabel('Custom font stack', { exact: true }).press('Enter');
    await frames(page);
    const family = async () => (await doc(page)).elements[heading].styles?.base?.['font-family'];
    assert.equal(await family(), 'Georgia, serif');
    assert.equal(await typography.getByRole('button', { name: 'Font', exact: true }).innerText(), 'Georgia, serif');
    await typography.getByRole('button', { name: 'Font', exact: true }).click();
    await list.getByRole('option', { name: 'DejaVu Serif' }).click();
    await frames(page);
    assert.equal(await family(), '"DejaVu Serif", serif');
    await typography.getByRole('button', { name: 'Font', exact: true }).click();
    await list.getByRole('option', { name: /^Brand Mono/ }).click();
    await frames(page);
    assert.equal(await family(), '"Brand Mono", sans-serif');
    assert.equal(await typography.getByRole('button', { name: 'Font', exact: true }).innerText(), 'Brand Mono');

    // The canvas draws the heading in the uploaded face: as wide as the same text in DejaVu Sans Mono.
    const widths = await node(page, heading).evaluate(async (el) => {
      await document.fonts.ready;
      const text = el.textContent ?? '';
      const probe = document.createElement('span');
      probe.textContent = text;
      probe.style.cssText = `position:absolute;visibility:hidden;font:${getComputedStyle(el).font};white-space:pre`;
      document.body.append(probe);
      const brand = probe.getBoundingClientRect().width;
      probe.style.fontFamily = '"DejaVu Sans Mono"';
      const mono = probe.getBoundingClientRect().width;
      probe.style.fontFamily = '"DejaVu Sans"';
      const sans = probe.getBoundingClientRect().width;
      probe.remove();
      return { brand, mono, sans, loaded: document.fonts.check(`16px "Brand Mono"`) };
    });
    assert.ok(widths.loaded, 'the uploaded face is loaded');
    assert.ok(Math.abs(widths.brand - widths.mono) < 0.5 && Math.abs(widths.brand - widths.sans) > 2, JSON.stringify(widths));

    // Preview loads the same face from the export's stylesheet.
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByRole('dialog', { name: 'Preview' });
    await preview.waitFor();
    const frame = page.frameLocator('iframe[title="Page preview"]');
    await frame.getByRole('heading').waitFor({ timeout: 30_000 });
    const loadedInPreview = await frame.getByRole('heading').evaluate(async (el) => {
      const faces = await el.ownerDocument.fonts.load(`16px "Brand Mono"`);
      return { faces: faces.length, family: getComputedStyle(el).fontFamily };
    });
    assert.deepEqual(loadedInPreview, { faces: 1, family: '"Brand Mono", sans-serif' });
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });

    const site = await exported(page, 'static', 'font-static');
    const css = site.text('styles.css');
    assert.ok(css.startsWith(`@font-face {\n  font-family: "Brand Mono";\n  src: url("assets/${sha}.ttf") format("truetype");`), css.slice(0, 300));
    assert.ok(css.includes('font-family: "Brand Mono", sans-serif;'), 'the heading’s rule names it');
    assert.ok(site.bytes(`assets/${sha}.ttf`).equals(bytes));
    const app = await exported(page, 'nextjs', 'font-next');
    assert.ok(app.text('app/globals.css').includes(`src: url("/assets/${sha}.ttf") format("truetype");`));
    assert.ok(app.bytes(`public/assets/${sha}.ttf`).equals(bytes));
    assert.deepEqual(errorsIn(log), []);
  });
});
