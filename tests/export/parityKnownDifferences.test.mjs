// @ts-check
// The parity test's known differences (parityKnownDifferences.mjs) name real elements that still
// have the cause their reason gives: a fixed cause or a renamed element fails here.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixturesDir } from './apps.mjs';
import { KNOWN_DIFFERENCES, REASONS, assetFiles, hasCause, libraryBlobs } from './parityKnownDifferences.mjs';

test('every known parity difference names an element of its fixture that has its cause', () => {
  for (const entry of KNOWN_DIFFERENCES) {
    const snapshot = JSON.parse(readFileSync(join(fixturesDir, `${entry.fixture}.omnios.json`), 'utf8'));
    /** @type {{ id: string, kind: string, props?: Record<string, unknown> } | undefined} */
    const element = snapshot.elements.find((/** @type {{ id: string }} */ e) => e.id === entry.element);
    assert.ok(element, `${entry.fixture}: no element ${entry.element}`);
    assert.ok(REASONS[entry.reason], `${entry.reason} is explained`);
    assert.ok(hasCause(entry.reason, element), `${entry.fixture}/${entry.element} no longer has the cause "${entry.reason}"`);
  }
});

test('every project-asset and library-asset image of every fixture is listed', () => {
  for (const file of readdirSync(fixturesDir).filter((f) => f.endsWith('.omnios.json'))) {
    const fixture = file.replace(/\.omnios\.json$/, '');
    const elements = JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')).elements;
    for (const element of elements) {
      if (!hasCause('project-asset-image', element) && !hasCause('library-asset-image', element)) continue;
      assert.ok(
        KNOWN_DIFFERENCES.some((d) => d.fixture === fixture && d.element === element.id),
        `${fixture}/${element.id} shows a project asset but is not in parityKnownDifferences.mjs`,
      );
    }
  }
});

test('the cause of a project-asset image is a local source, not a URL', () => {
  assert.equal(hasCause('project-asset-image', { kind: 'image', props: { src: 'assets/a.png' } }), true);
  assert.equal(hasCause('project-asset-image', { kind: 'image', props: { src: '/assets/a.png' } }), true);
  assert.equal(hasCause('project-asset-image', { kind: 'image', props: { src: 'https://example.com/a.png' } }), false);
  assert.equal(hasCause('project-asset-image', { kind: 'text', props: { src: 'assets/a.png' } }), false);
  assert.equal(hasCause('project-asset-image', { kind: 'image', props: { src: `asset:${'a'.repeat(64)}` } }), false);
  assert.equal(hasCause('library-asset-image', { kind: 'image', props: { src: `asset:${'a'.repeat(64)}` } }), true);
  assert.equal(hasCause('library-asset-image', { kind: 'image', props: { src: 'assets/a.png' } }), false);
});

test('the canvas is given exactly the listed images\' asset files', () => {
  const elements = JSON.parse(readFileSync(join(fixturesDir, 'media.omnios.json'), 'utf8')).elements;
  const files = assetFiles('media', (/** @type {string} */ id) => elements.find((/** @type {{ id: string }} */ e) => e.id === id));
  assert.deepEqual(files.sort(), ['logo.png', 'logo.png']);
  assert.deepEqual(assetFiles('landing', () => undefined), []);
  const blobs = libraryBlobs('media', (/** @type {string} */ id) => elements.find((/** @type {{ id: string }} */ e) => e.id === id));
  assert.deepEqual(blobs, ['6b00992a5e69db81d7861e1156bbe8a182a5bd1d7807d408d1b12997e9f0c125']);
});
