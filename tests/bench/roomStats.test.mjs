// @ts-check
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { awarenessFrame, updateFrame } from './roomClient.mjs';
import { countLost, generatorBound, latencySummary, percentile, stampsIn, stampText } from './roomStats.mjs';

test('stamps survive a Yjs update and an awareness frame, and are found again', () => {
  const doc = new Y.Doc();
  const element = new Y.Map();
  doc.getMap('elements').set('bench-3', element);
  /** @type {Uint8Array[]} */
  const updates = [];
  doc.on('update', (/** @type {Uint8Array} */ u) => updates.push(u));
  element.set('name', stampText(3, 17, 1_700_000_000_123.456));
  const relayed = updateFrame(/** @type {Uint8Array} */ (updates[0]));
  assert.deepEqual(stampsIn(relayed), [{ sender: 3, seq: 17, sentAt: 1_700_000_000_123.456 }]);

  const presence = awarenessFrame(1_000_007, 5, { user: { name: 'x' }, t: stampText(7, 2, 12.5) });
  assert.deepEqual(stampsIn(presence), [{ sender: 7, seq: 2, sentAt: 12.5 }]);
  // A frame carrying several presence states (a server may batch them): every stamp counts.
  const both = Buffer.concat([presence, awarenessFrame(1_000_008, 1, { t: stampText(8, 1, 13) })]);
  assert.deepEqual(
    stampsIn(both).map((s) => s.sender),
    [7, 8],
  );
  assert.deepEqual(stampsIn(Buffer.from('no stamp here ~t|1|2|')), []);
});

test('percentiles: nearest rank', () => {
  const hundred = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.deepEqual(latencySummary(hundred), { n: 100, p50: 50, p99: 99, max: 100 });
  assert.equal(percentile([5], 99), 5);
  assert.equal(percentile([1, 2, 3, 4, 1000], 99), 1000);
  assert.throws(() => percentile([], 50), /no samples/);
  assert.equal(latencySummary(new Float64Array()).n, 0);
});

test('lost updates: every other client should have every update each sender sent', () => {
  const sent = { 0: 10, 1: 10, 2: 5 };
  const complete = countLost(sent, [
    { receiver: 0, distinct: { 1: 10, 2: 5 }, duplicates: 0 },
    { receiver: 1, distinct: { 0: 10, 2: 5 }, duplicates: 1 },
    { receiver: 2, distinct: { 0: 10, 1: 10 }, duplicates: 0 },
  ]);
  assert.deepEqual(complete, { expected: 50, received: 50, lost: 0, duplicates: 1 });
  const missing = countLost(sent, [
    { receiver: 0, distinct: { 1: 9 }, duplicates: 0 },
    { receiver: 1, distinct: { 0: 10, 2: 5 }, duplicates: 0 },
  ]);
  // Receiver 0 lacks one of sender 1's and all five of sender 2's.
  assert.deepEqual(missing, { expected: 30, received: 24, lost: 6, duplicates: 0 });
});

test('generator-bound: a busy event loop or late sends, worker by worker', () => {
  const calm = { worker: 0, elu: 0.5, cpuMs: 100, sendSlipP99: 2, sends: 100 };
  assert.deepEqual(generatorBound([calm]), []);
  assert.deepEqual(generatorBound([calm, { ...calm, worker: 1, elu: 0.95 }]), ['worker 1: event loop 95 % busy']);
  assert.deepEqual(generatorBound([{ ...calm, sendSlipP99: 25 }]), ['worker 0: sends 25.0 ms late (p99)']);
  // A worker that sends nothing (idle connections) has no schedule to slip.
  assert.deepEqual(generatorBound([{ ...calm, sendSlipP99: 25, sends: 0 }]), []);
});
