// @ts-check
// The pure parts of the live-room load benchmark (rooms.mjs): the timestamp every update or
// presence state carries, finding those stamps in a received frame, percentiles, counting lost
// updates, and deciding whether the load generator (not the server) was the bottleneck.

/** What starts every stamp; nothing else the rooms send contains it. */
export const STAMP_MARK = '~t|';
const MARK_BYTES = Buffer.from(STAMP_MARK, 'latin1');
const BAR = 0x7c; // '|'

/**
 * The text a sender puts in an update or presence state: `~t|<sender>|<seq>|<send time ms>|`.
 * `sentAt` is `performance.timeOrigin + performance.now()`, the same clock in every worker.
 * @param {number} sender @param {number} seq @param {number} sentAt
 */
export const stampText = (sender, seq, sentAt) => `${STAMP_MARK}${sender}|${seq}|${sentAt.toFixed(3)}|`;

/**
 * Every stamp in `bytes` (a whole frame as received: Yjs and lib0 write strings as UTF-8
 * after a length, so the stamp's characters appear as they are).
 * @param {Uint8Array} bytes
 * @returns {Array<{ sender: number, seq: number, sentAt: number }>}
 */
export function stampsIn(bytes) {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  /** @type {Array<{ sender: number, seq: number, sentAt: number }>} */
  const found = [];
  let at = buffer.indexOf(MARK_BYTES);
  while (at !== -1) {
    const fields = [];
    let start = at + MARK_BYTES.length;
    for (let i = 0; i < 3; i++) {
      const end = buffer.indexOf(BAR, start);
      if (end === -1) break;
      fields.push(buffer.toString('latin1', start, end));
      start = end + 1;
    }
    const [sender, seq, sentAt] = fields.map(Number);
    if (fields.length === 3 && Number.isInteger(sender) && Number.isInteger(seq) && Number.isFinite(sentAt)) {
      found.push({ sender: /** @type {number} */ (sender), seq: /** @type {number} */ (seq), sentAt: /** @type {number} */ (sentAt) });
    }
    at = buffer.indexOf(MARK_BYTES, start);
  }
  return found;
}

/**
 * Nearest-rank percentile `p` (0–100) of ascending `sorted`.
 * @param {ArrayLike<number>} sorted @param {number} p
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) throw new Error('no samples');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return /** @type {number} */ (sorted[rank - 1]);
}

/**
 * p50, p99 and the largest of `samples` (ms), for the printed report.
 * @param {Float64Array} samples
 */
export function latencySummary(samples) {
  if (samples.length === 0) return { n: 0, p50: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(samples).sort();
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: /** @type {number} */ (sorted[sorted.length - 1]) };
}

/**
 * What one receiving client got: for each sender, how many distinct updates and how many
 * arrived again.
 * @typedef {object} Receipts
 * @property {number} receiver
 * @property {Record<number, number>} distinct  sender → distinct seqs received
 * @property {number} duplicates
 */

/**
 * Lost updates: every update a sender sent should reach every other client that stayed joined.
 * @param {Record<number, number>} sent  sender → updates sent
 * @param {readonly Receipts[]} receipts  one per receiving client (those still joined)
 * @returns {{ expected: number, received: number, lost: number, duplicates: number }}
 */
export function countLost(sent, receipts) {
  let expected = 0;
  let received = 0;
  let duplicates = 0;
  for (const r of receipts) {
    duplicates += r.duplicates;
    for (const [sender, count] of Object.entries(sent)) {
      if (Number(sender) === r.receiver) continue;
      expected += count;
      received += Math.min(count, r.distinct[Number(sender)] ?? 0);
    }
  }
  return { expected, received, lost: expected - received, duplicates };
}

/**
 * One generator worker's own load during the measured window.
 * @typedef {object} WorkerLoad
 * @property {number} worker
 * @property {number} elu  event-loop utilisation, 0–1
 * @property {number} cpuMs  user + system CPU of the whole process while the worker ran (ms; shared by threads)
 * @property {number} sendSlipP99  how late sends left their schedule, p99 (ms)
 * @property {number} sends
 */

/** A worker this busy cannot promise its timestamps. */
export const ELU_LIMIT = 0.9;
/** Sends later than this (p99) mean the schedule slipped. */
export const SLIP_LIMIT_MS = 10;

/**
 * Why the generator, not the server, may have set the figures: a worker's event loop busier
 * than {@link ELU_LIMIT}, or its sends slipping more than {@link SLIP_LIMIT_MS} at p99. Empty
 * when the generator kept up.
 * @param {readonly WorkerLoad[]} loads
 * @returns {string[]}
 */
export function generatorBound(loads) {
  /** @type {string[]} */
  const reasons = [];
  for (const l of loads) {
    if (l.elu > ELU_LIMIT) reasons.push(`worker ${l.worker}: event loop ${(l.elu * 100).toFixed(0)} % busy`);
    if (l.sends > 0 && l.sendSlipP99 > SLIP_LIMIT_MS) {
      reasons.push(`worker ${l.worker}: sends ${l.sendSlipP99.toFixed(1)} ms late (p99)`);
    }
  }
  return reasons;
}
