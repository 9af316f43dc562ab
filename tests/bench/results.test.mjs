// @ts-check
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { bySuite, summarize, summaryLine, writeSuites } from './results.mjs';

test('summarize: median and nearest-rank p95', () => {
  assert.deepEqual(summarize([3, 1, 2]), { median: 2, p95: 3, n: 3 });
  assert.deepEqual(summarize([4, 1, 3, 2]), { median: 2.5, p95: 4, n: 4 });
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.deepEqual(summarize(hundred), { median: 50.5, p95: 95, n: 100 });
  assert.throws(() => summarize([]), /no samples/);
  assert.throws(() => summarize([1, NaN]), /non-finite/);
});

test('bySuite: suite order, unknown suites and duplicates rejected', () => {
  const suites = bySuite([
    { suite: 'layout', name: 'full', unit: 'ms', samples: [1] },
    { suite: 'engine', name: 'load', unit: 'ms', samples: [2] },
  ]);
  assert.deepEqual([...suites.keys()], ['engine', 'layout']);
  assert.throws(() => bySuite([{ suite: 'misc', name: 'x', unit: 'ms', samples: [1] }]), /unknown suite "misc"/);
  const twice = { suite: 'engine', name: 'x', unit: 'ms', samples: [1] };
  assert.throws(() => bySuite([twice, twice]), /measured twice/);
});

test('writeSuites: one file per suite with results, stale files removed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'omnios-bench-'));
  await writeFile(join(dir, 'physics.json'), '{}');
  /** @type {string[]} */
  const printed = [];
  await writeSuites(dir, [{ suite: 'engine', name: 'wasm engine instantiate', unit: 'ms', samples: [2, 1, 3] }], (l) =>
    printed.push(l),
  );
  assert.deepEqual(await readdir(dir), ['engine.json']);
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'engine.json'), 'utf8')), {
    suite: 'engine',
    results: [{ name: 'wasm engine instantiate', unit: 'ms', median: 2, p95: 3, n: 3 }],
  });
  assert.deepEqual(printed, ['engine/wasm engine instantiate: median 2 ms, p95 3 ms (n=3)']);
});

test('bySuite: a case compared with a peer carries vs and the ratio of medians', () => {
  const suites = bySuite([
    {
      suite: 'editor',
      name: 'drag',
      unit: 'ms',
      samples: [8, 8, 9],
      vs: { peer: 'grapesjs 0.23.6', samples: [16, 17, 16, 40], settings: "dragMode: 'absolute'" },
    },
  ]);
  assert.deepEqual(suites.get('editor'), [
    {
      name: 'drag',
      unit: 'ms',
      median: 8,
      p95: 9,
      n: 3,
      vs: { peer: 'grapesjs 0.23.6', median: 16.5, p95: 40, n: 4, settings: "dragMode: 'absolute'" },
      ratio: 0.484848,
    },
  ]);
});

test('bySuite: p99 and a note when a case asks for them, for ours and the peer', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  const suites = bySuite([
    {
      suite: 'rooms',
      name: 'latency',
      unit: 'ms',
      samples: hundred,
      p99: true,
      note: 'generator kept up',
      vs: { peer: 'peer', samples: hundred.map((x) => 2 * x), settings: 'in memory' },
    },
  ]);
  assert.deepEqual(suites.get('rooms'), [
    {
      name: 'latency',
      unit: 'ms',
      median: 50.5,
      p95: 95,
      n: 100,
      p99: 99,
      vs: { peer: 'peer', median: 101, p95: 190, p99: 198, n: 100, settings: 'in memory' },
      ratio: 0.5,
      note: 'generator kept up',
    },
  ]);
  const [result] = suites.get('rooms') ?? [];
  assert.ok(result);
  assert.equal(
    summaryLine('rooms', result),
    'rooms/latency: median 50.5 ms, p95 95 ms, p99 99 ms (n=100); peer: median 101 ms, p95 190 ms, p99 198 ms (n=100); ratio 0.5 [generator kept up]',
  );
});
