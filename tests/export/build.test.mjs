// @ts-check
// Every fixture in tests/fixtures/ exported with the `omnios` binary: the Next.js app builds
// (`next build`), type-checks (`tsc --noEmit`) and lints (`eslint .`) with no error; the static
// site's HTML is well formed and names only files it contains; hostile text stays text in both.
//
// npm dependencies are installed once into a cache outside the clone, keyed by a hash of the
// generated package.json: $OMNIOS_CACHE/next-app/<hash>/node_modules (OMNIOS_CACHE defaults to
// ~/.cache/omnios). The apps are exported into $OMNIOS_CACHE/next-app/<hash>/apps/<fixture>, so
// Node's resolution finds that node_modules one folder up (Turbopack refuses a node_modules
// symlinked in from outside the app's root) and the one install serves every fixture. apps.mjs
// does the install, the export and the build; parity.test.mjs reuses the same builds.
//
//   OMNIOS_BIN=target/debug/omnios node --test tests/export/
//   OMNIOS_EXPORT_FIXTURES=hostile,media node --test tests/export/   (a subset)

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { after, before, test } from 'node:test';
import { appsDir, builtApp, exportFixture, fixtures, nextBin, run } from './apps.mjs';
import { filesUnder } from './nextApp.mjs';

const HOSTILE_TEXT = '&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;';


const VOID = new Set(['meta', 'link', 'img', 'input', 'br', 'hr', 'source']);

/**
 * Checks that an HTML document is well formed (every non-void tag closed in order, no stray
 * `<`) and returns the URLs its href and src attributes name.
 * @param {string} html
 * @param {string} file for messages
 * @returns {string[]}
 */
function checkHtml(html, file) {
  assert.match(html, /^<!doctype html>\n/, `${file}: doctype`);
  /** @type {string[]} */
  const open = [];
  /** @type {string[]} */
  const urls = [];
  const body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/^<!doctype html>/, '');
  const tag = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>|</g;
  for (const m of body.matchAll(tag)) {
    const [, closing, name, attrs] = m;
    assert.ok(name !== undefined, `${file}: a stray "<" at ${m.index}: ${body.slice(m.index, m.index + 60)}`);
    if (closing) {
      assert.equal(open.pop(), name, `${file}: </${name}> closes the wrong element at ${m.index}`);
    } else {
      if (!VOID.has(name)) open.push(name);
      for (const a of (attrs ?? '').matchAll(/\s(href|src)="([^"]*)"/g)) urls.push(a[2] ?? '');
    }
  }
  assert.deepEqual(open, [], `${file}: unclosed elements`);
  return urls;
}

/** @type {string} */
let apps = '';
/** @type {string} */
let scratch = '';

before(() => {
  apps = appsDir();
  scratch = mkdtempSync(join(tmpdir(), 'omnios-export-'));
});

after(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

for (const name of fixtures) {
  test(`${name}: the Next.js export builds, type-checks and lints`, () => {
    const { app } = builtApp(apps, name);
    run(nextBin(apps, 'tsc'), ['--noEmit'], app);
    run(nextBin(apps, 'eslint'), ['--max-warnings', '0', '.'], app);

    const pages = join(app, '.next', 'server', 'app');
    const home = readFileSync(join(pages, 'index.html'), 'utf8');
    assert.match(home, /<html lang="[a-z]{2}" dir="(ltr|rtl|auto)"/);
    assert.ok(home.includes('class="omnios-page '), 'the page carries the reset class');
    if (name === 'hostile') {
      assert.ok(home.includes(HOSTILE_TEXT), 'the hostile text is shown, escaped');
      assert.ok(!home.includes('<img src=x'), 'no injected <img>');
      assert.ok(!/href="\s*(javascript|data|vbscript):/i.test(home), 'no script URL in any href');
      assert.ok(home.includes('{ } { x } `template` ${x} {{double}} \\ backslash'), 'braces and template text literal');
      assert.ok(home.includes('<p class="embedded">'), 'the embed element carries its HTML');
    }
    if (name === 'multipage') {
      for (const slug of ['about', 'pricing', 'contact']) assert.ok(existsSync(join(pages, `${slug}.html`)), `${slug}.html`);
      assert.ok(home.includes('href="/about"'), 'links between pages');
      // next/link renders its own attribute order.
      assert.ok(/<a class="o-home-more"(?=[^>]* target="_blank")(?=[^>]* rel="noopener noreferrer")(?=[^>]* href="\/about#team")[^>]*>/.test(home), 'a link to a section, in a new tab');
      const about = readFileSync(join(pages, 'about.html'), 'utf8');
      assert.ok(/<main class="o-about-main" id="team">/.test(about), 'the anchor is the section’s id');
      assert.ok(/<meta property="og:image" content="https:\/\/example\.com\/about-card\.png"\/?>/.test(about), 'the social image');
    }
    if (name === 'media') {
      // The hero is an asset of the project's library: its alt text comes from the library.
      assert.ok(home.includes('alt="A blue gradient, the hero picture"'), "the library asset's alt text");
      assert.ok(
        home.includes('/_next/image?url=%2Fassets%2F6b00992a5e69db81d7861e1156bbe8a182a5bd1d7807d408d1b12997e9f0c125.png'),
        'the library image ships as public/assets/<sha256>.png and goes through next/image',
      );
      assert.ok(home.includes('/_next/image?url=%2Fassets%2Flogo.png'), 'asset files by path go through next/image');
    }
  });

  test(`${name}: the static export is well formed and self-contained`, () => {
    const out = join(scratch, `${name}-static`);
    exportFixture(name, 'static', out);
    const files = new Set(filesUnder(out));
    assert.ok(files.has('index.html') && files.has('styles.css') && files.has('manifest.json'));
    for (const file of files) {
      if (!file.endsWith('.html')) continue;
      const html = readFileSync(join(out, file), 'utf8');
      assert.ok(!/<script/i.test(html), `${file}: no script`);
      for (const url of checkHtml(html, file)) {
        // A scheme is case-insensitive (RFC 3986): HTTPS://… is a link out, not a file of the export.
        if (/^(https?:|mailto:|tel:|#|\/)/i.test(url) || url === '') continue;
        const target = posix.normalize(posix.join(posix.dirname(file), url.replace(/[?#].*$/, '')));
        assert.ok(files.has(target), `${file} names ${url}, which the export lacks`);
      }
      if (name === 'hostile') {
        assert.ok(html.includes(HOSTILE_TEXT), 'the hostile text is shown, escaped');
        assert.ok(!html.includes('<img src=x'), 'no injected <img>');
        assert.ok(!/href="\s*(javascript|data|vbscript):/i.test(html), 'no script URL in any href');
      }
    }
    assert.ok(statSync(join(out, 'styles.css')).size > 0);
  });
}
