// @ts-check
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readCriterion } from './criterion.mjs';

/** Writes what criterion writes for one benchmark. */
async function fakeBenchmark(/** @type {string} */ root, /** @type {Record<string, unknown>} */ id, /** @type {object} */ sample) {
  const dir = join(root, String(id.directory_name), 'new');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'benchmark.json'), JSON.stringify(id));
  await writeFile(join(dir, 'sample.json'), JSON.stringify(sample));
  await mkdir(join(root, String(id.directory_name), 'report'), { recursive: true });
}

test('readCriterion: a group is a suite, samples are per-iteration microseconds', async () => {
  const root = await mkdtemp(join(tmpdir(), 'omnios-criterion-'));
  await fakeBenchmark(
    root,
    { group_id: 'layout', function_id: 'full layout', value_str: null, full_id: 'layout/full layout', directory_name: 'layout/full layout' },
    { sampling_mode: 'Linear', iters: [1, 2, 4], times: [1000, 4000, 6000] },
  );
  await fakeBenchmark(
    root,
    { group_id: 'engine', function_id: 'load', value_str: '10000', full_id: 'engine/load/10000', directory_name: 'engine/load/10000' },
    { sampling_mode: 'Flat', iters: [10], times: [50000] },
  );
  assert.deepEqual(await readCriterion(root), [
    { suite: 'engine', name: 'load/10000', unit: 'us', samples: [5] },
    { suite: 'layout', name: 'full layout', unit: 'us', samples: [1, 2, 1.5] },
  ]);
  assert.deepEqual(await readCriterion(root, Date.now() + 60_000), [], 'results older than the run are ignored');
  assert.deepEqual(await readCriterion(join(root, 'missing')), []);
});

test('readCriterion: a benchmark outside a group is an error naming the fix', async () => {
  const root = await mkdtemp(join(tmpdir(), 'omnios-criterion-'));
  await fakeBenchmark(
    root,
    { group_id: 'apply', function_id: null, value_str: null, full_id: 'apply', directory_name: 'apply' },
    { sampling_mode: 'Linear', iters: [1], times: [1] },
  );
  await assert.rejects(readCriterion(root), /"apply" has no group: use c\.benchmark_group/);
});
