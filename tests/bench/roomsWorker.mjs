// @ts-check
// One share of the live-room benchmark's clients (rooms.mjs). Runs as a worker thread
// (`workerData`) or, for idle connections, as a child process (its first IPC message), since a
// process's open-file limit caps how many sockets one process may hold.
//
// Messages to the parent: {type: 'ready', joined, failed} once every client is synced, then
// {type: 'result', ...} after the measured window; from the parent: {type: 'start', at} (epoch
// ms to start sending) and {type: 'close'}.
//
// Modes:
// - `updates`: each client has a Y.Doc and its own element; every 1/rate s it sets the
//   element's name to a stamp (roomStats.mjs) — a real Yjs update; receivers find the stamps
//   in the relayed frames and record send → receipt.
// - `awareness`: each client sets its presence state (one awareness client id) to a stamp at
//   `rate`; receivers record the latency of every state they receive.
// - `idle`: clients join and stay connected, sending nothing.

import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { awarenessFrame, connectClient, MESSAGE_AWARENESS, MESSAGE_SYNC, SYNC_UPDATE, updateFrame } from './roomClient.mjs';
import { latencySummary, stampsIn, stampText } from './roomStats.mjs';

/**
 * @typedef {object} WorkerJob
 * @property {'updates' | 'awareness' | 'idle'} mode
 * @property {number} worker
 * @property {string} url
 * @property {Record<string, string>} headers
 * @property {number[]} clients  the global indexes of this worker's clients
 * @property {number} totalClients
 * @property {number} rateHz
 * @property {number} durationMs
 * @property {number} drainMs
 * @property {string[]} localAddresses
 * @property {number} [concurrency]  connections opening at once
 */

/** @typedef {{ type: 'start', at: number } | { type: 'close' }} FromParent */

/** Wall-clock milliseconds on one clock across threads and processes. */
const now = () => performance.timeOrigin + performance.now();

/** A growable list of doubles. */
class Samples {
  constructor() {
    this.data = new Float64Array(1 << 14);
    this.length = 0;
  }
  /** @param {number} x */
  push(x) {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
  values() {
    return this.data.slice(0, this.length);
  }
}

/** @param {WorkerJob} job */
async function run(job) {
  const { mode, clients: indexes } = job;
  const latencies = new Samples();
  const slips = new Samples();
  let measuring = false;
  let startAt = Infinity;
  const periodMs = 1000 / job.rateHz;

  /**
   * Per local receiver: for each sender, a bitmap of the seqs received.
   * @type {Map<number, { seen: Map<number, Uint8Array>, duplicates: number }>}
   */
  const receipts = new Map();
  /** @type {Record<number, number>} */
  const sent = {};

  /** @param {number} receiver @param {Buffer} bytes */
  const record = (receiver, bytes) => {
    if (!measuring) return;
    const at = now();
    const mine = receipts.get(receiver);
    for (const stamp of stampsIn(bytes)) {
      if (stamp.sender === receiver || stamp.sentAt < startAt) continue;
      latencies.push(at - stamp.sentAt);
      if (mine === undefined) continue;
      let seen = mine.seen.get(stamp.sender);
      if (seen === undefined || seen.length <= stamp.seq) {
        const bigger = new Uint8Array(Math.max(stamp.seq + 1, (seen?.length ?? 0) * 2, 64));
        if (seen) bigger.set(seen);
        seen = bigger;
        mine.seen.set(stamp.sender, seen);
      }
      if (seen[stamp.seq]) mine.duplicates++;
      else seen[stamp.seq] = 1;
    }
  };

  /** @type {Array<{ index: number, client: import('./roomClient.mjs').RoomClient, tick: () => void }>} */
  const joined = [];
  let failed = 0;
  /** @type {string[]} */
  const failures = [];
  const concurrency = job.concurrency ?? 100;
  let next = 0;
  const url = job.url;

  /** @param {number} index */
  const open = async (index) => {
    const localAddress = job.localAddresses[index % job.localAddresses.length];
    const base = { url, headers: job.headers, ...(localAddress ? { localAddress } : {}) };
    if (mode === 'updates') {
      receipts.set(index, { seen: new Map(), duplicates: 0 });
      const doc = new Y.Doc();
      const client = connectClient({
        ...base,
        stateVector: () => Y.encodeStateVector(doc),
        answer: (sv) => Y.encodeStateAsUpdate(doc, sv),
        onFrame: (bytes, type, sub) => {
          if (type === MESSAGE_SYNC && sub === SYNC_UPDATE) record(index, bytes);
        },
      });
      doc.on('update', (/** @type {Uint8Array} */ update) => client.send(updateFrame(update)));
      await client.synced;
      // The client's own element under the page's body, as a command would add it.
      const element = new Y.Map();
      doc.transact(() => {
        for (const [key, value] of Object.entries({ kind: 'container', page: 'home', parent: 'b', order: 'a5', name: 'Bench' })) {
          element.set(key, value);
        }
        element.set('props', new Y.Map());
        element.set('styles', new Y.Map());
        doc.getMap('elements').set(`bench-${index}`, element);
      });
      let seq = 0;
      sent[index] = 0;
      joined.push({
        index,
        client,
        tick: () => {
          seq++;
          element.set('name', stampText(index, seq, now()));
          sent[index] = seq;
        },
      });
    } else if (mode === 'awareness') {
      const client = connectClient({
        ...base,
        onFrame: (bytes, type) => {
          if (type === MESSAGE_AWARENESS) record(index, bytes);
        },
      });
      await client.synced;
      const clientId = 1_000_000 + index;
      let clock = 0;
      client.send(awarenessFrame(clientId, ++clock, { user: { name: `bench ${index}` } }));
      let seq = 0;
      sent[index] = 0;
      joined.push({
        index,
        client,
        tick: () => {
          seq++;
          client.send(awarenessFrame(clientId, ++clock, { user: { name: `bench ${index}` }, t: stampText(index, seq, now()) }));
          sent[index] = seq;
        },
      });
    } else {
      const client = connectClient(base);
      await client.synced;
      joined.push({ index, client, tick: () => {} });
    }
  };

  const opener = async () => {
    while (next < indexes.length) {
      const index = /** @type {number} */ (indexes[next++]);
      try {
        await open(index);
      } catch (error) {
        failed++;
        if (failures.length < 5) failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, indexes.length) }, opener));
  post({ type: 'ready', worker: job.worker, joined: joined.length, failed, failures });

  listen((message) => {
    if (message.type === 'start') void measure(message.at);
    if (message.type === 'close') {
      for (const { client } of joined) client.ws.terminate();
      if (!parentPort) process.exit(0);
    }
  });

  /** @param {number} at */
  async function measure(at) {
    if (mode === 'idle') {
      post({ type: 'result', worker: job.worker, joined: joined.length });
      return;
    }
    startAt = at;
    // Clients in order of their phase: client g sends at at + (g / total) × period + k × period.
    const order = [...joined].sort((a, b) => a.index - b.index);
    const phase = (/** @type {number} */ g) => (g / job.totalClients) * periodMs;
    const rounds = Math.round((job.durationMs / 1000) * job.rateHz);
    await sleepUntil(at);
    measuring = true;
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    let round = 0;
    let i = 0;
    await new Promise((resolve) => {
      const loop = () => {
        const t = now();
        while (round < rounds) {
          const entry = /** @type {(typeof order)[number]} */ (order[i]);
          const due = at + round * periodMs + phase(entry.index);
          if (due > t) break;
          slips.push(now() - due);
          entry.tick();
          i++;
          if (i === order.length) {
            i = 0;
            round++;
          }
        }
        if (round >= rounds || order.length === 0) {
          resolve(undefined);
          return;
        }
        const entry = /** @type {(typeof order)[number]} */ (order[i]);
        setTimeout(loop, Math.max(0, at + round * periodMs + phase(entry.index) - now()));
      };
      loop();
    });
    const elu = performance.eventLoopUtilization(elu0);
    const cpu = process.cpuUsage(cpu0);
    await sleepUntil(now() + job.drainMs);
    measuring = false;
    const values = latencies.values();
    const closes = joined.map(({ index, client }) => ({ index, closed: client.closed() })).filter((c) => c.closed !== null);
    const stillJoined = new Set(joined.filter(({ client }) => client.closed() === null).map(({ index }) => index));
    post(
      {
        type: 'result',
        worker: job.worker,
        joined: joined.length,
        latencies: values,
        sent,
        receipts: [...receipts]
          .filter(([receiver]) => stillJoined.has(receiver))
          .map(([receiver, r]) => ({
            receiver,
            duplicates: r.duplicates,
            distinct: Object.fromEntries([...r.seen].map(([sender, bits]) => [sender, bits.reduce((n, b) => n + b, 0)])),
          })),
        closes: closes.slice(0, 10),
        closedCount: closes.length,
        load: {
          worker: job.worker,
          elu: elu.utilization,
          cpuMs: (cpu.user + cpu.system) / 1000,
          sendSlipP99: slips.length === 0 ? 0 : latencySummary(slips.values()).p99,
          sends: slips.length,
        },
      },
      [values.buffer],
    );
  }
}

/** @param {number} at epoch ms */
function sleepUntil(at) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - now())));
}

// Started last: everything above is initialised by then.
/** @type {(message: unknown, transfer?: ArrayBuffer[]) => void} */
let post;
/** @type {(handler: (message: FromParent) => void) => void} */
let listen;
if (parentPort) {
  const port = parentPort;
  post = (message, transfer) => port.postMessage(message, transfer ?? []);
  listen = (handler) => port.on('message', handler);
  void run(/** @type {WorkerJob} */ (workerData));
} else if (process.send) {
  const send = process.send.bind(process);
  post = (message) => send(message);
  listen = (handler) => process.on('message', (m) => handler(/** @type {FromParent} */ (m)));
  process.once('message', (job) => void run(/** @type {WorkerJob} */ (job)));
} else {
  throw new Error('roomsWorker.mjs runs as a worker thread or a forked child of rooms.mjs');
}
