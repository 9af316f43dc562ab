// @ts-check
// Load on the live rooms (suite `rooms`): many y-websocket clients in one room of
// `omnios serve` (release, SQLite in a temporary data folder), and the same load against the
// reference y-websocket server (`@y/websocket-server`, in memory) in the same run.
//
// 1. updates: 50 clients, each setting its element's name 10 times a second for 60 s —
//    propagation latency (sender's send → each other client's receipt) and updates lost.
// 2. awareness: 500 clients, each setting its presence 10 times a second — propagation latency.
// 3. idle: 20,000 connections joined to one room — the server's resident memory (VmRSS).
//
// The clients are spread over worker threads (roomsWorker.mjs); idle connections over child
// processes, as one process may hold only as many sockets as its open-file limit. Each worker
// reports its event-loop utilisation and how late its sends left: past the limits in
// roomStats.mjs the result says the generator, not the server, was the bottleneck.
//
// OMNIOS_ROOMS_BENCH_SECONDS (default 60) shortens the measured windows for a quick check;
// OMNIOS_ROOMS_BENCH_IDLE (default 20000) sets the idle connections; OMNIOS_ROOMS_BENCH_WORKERS
// the worker threads (default: the machine's cores).

import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createInterface } from 'node:readline';
import * as Y from 'yjs';
import { repoRoot, serverBinary } from '../e2e/harness.mjs';
import { connectClient, MESSAGE_AWARENESS, updateFrame } from './roomClient.mjs';
import { countLost, generatorBound, latencySummary } from './roomStats.mjs';

/** @typedef {import('./results.mjs').Measured} Measured */
/** @typedef {import('./roomsWorker.mjs').WorkerJob} WorkerJob */
/** @typedef {import('./roomStats.mjs').WorkerLoad} WorkerLoad */
/** @typedef {import('./roomStats.mjs').Receipts} Receipts */

const PEER = '@y/websocket-server';
const PEER_SCRIPT = join(repoRoot, 'node_modules', '@y', 'websocket-server', 'src', 'server.js');
/** The open-file limit the servers and idle-connection processes ask for. */
const FD_LIMIT = 65536;
/** Files a server needs besides its client sockets (listener, database, epoll, stdio…). */
const FD_RESERVE = 64;
/** Waiting for a CPU longer than this per second of the window marks a run CPU-starved. */
const STARVED_MS_PER_S = 100;
/** Idle connections per child process. */
const IDLE_PER_PROCESS = 5000;
/** Loopback addresses the clients connect from: each has its own range of ephemeral ports. */
const LOCAL_ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);

const now = () => performance.timeOrigin + performance.now();
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (/** @type {number} */ x) => (Number.isFinite(x) ? x.toFixed(1) : String(x));

/**
 * @typedef {object} Target
 * @property {'omnios' | 'peer'} kind
 * @property {string} label
 * @property {number} pid
 * @property {number} fdLimit
 * @property {string} settings
 * @property {(room: string) => string} url  the room's WebSocket URL
 * @property {Record<string, string>} headers
 * @property {() => Promise<void>} stop
 */

/**
 * Runs `command` under bash with the open-file limit raised to {@link FD_LIMIT} (or the hard
 * limit, where that is lower) and resolves once a line of its stdout matches `ready`.
 * @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} env @param {RegExp} ready
 */
async function spawnRaised(command, args, env, ready) {
  const script = `ulimit -n ${FD_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"`;
  const child = spawn('bash', ['-c', script, 'bash', command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {string[]} */
  const lines = [];
  child.stderr.setEncoding('utf8').on('data', (chunk) => lines.push(String(chunk)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${lines.join('')}`)), 20_000);
    void exited.then(() => reject(new Error(`${command} exited:\n${lines.join('')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(`${line}\n`);
      const m = ready.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
  });
  const pid = child.pid ?? 0;
  const limits = await readFile(`/proc/${pid}/limits`, 'utf8');
  const fdLimit = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? 0);
  return {
    match: /** @type {RegExpExecArray} */ (match),
    pid,
    fdLimit,
    output: () => lines.join(''),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        if ((await Promise.race([exited, sleep(5000).then(() => 'timeout')])) === 'timeout') child.kill('SIGKILL');
      }
    },
  };
}

/** `omnios serve` (release) with its SQLite store in a fresh folder; one account and project. */
async function startOmnios() {
  const data = await mkdtemp(join(tmpdir(), 'omnios-rooms-bench-'));
  const bin = serverBinary();
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, OMNIOS_DATA: data, OMNIOS_BLOBS: 'memory', RUST_LOG: process.env.RUST_LOG ?? 'info' };
  delete env.DATABASE_URL;
  delete env.OMNIOS_PORT;
  delete env.OMNIOS_REDIS_URL;
  const server = await spawnRaised(bin, ['serve', '--port', '0', '--web-dir', join(repoRoot, 'web', 'dist')], env, /^omnios listening on (http:\/\/\S+)$/);
  const base = String(server.match[1]).replace(/\/$/, '');
  const post = async (/** @type {string} */ path, /** @type {unknown} */ body, /** @type {string} */ cookie = '') => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return { body: await response.json(), cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
  };
  const signedUp = await post('/api/auth/signup', { email: 'bench@example.test', password: 'bench-correct-horse-battery' });
  const headers = { cookie: signedUp.cookie };
  /** @type {Map<string, string>} */
  const projects = new Map();
  /** @type {Target} */
  const target = {
    kind: 'omnios',
    label: 'omnios',
    pid: server.pid,
    fdLimit: server.fdLimit,
    settings:
      `omnios serve, release build (${bin}), SQLite in a temporary data folder (WAL, one connection): every ` +
      `update validated by the engine and committed before it is relayed; room defaults (send queue 1024 ` +
      `frames, compaction every 500 updates or 16 MiB); RUST_LOG=${env.RUST_LOG}; open-file limit ${server.fdLimit}`,
    url: (room) => {
      const project = projects.get(room);
      if (project === undefined) throw new Error(`no project for ${room}`);
      return `${base.replace(/^http/, 'ws')}/api/projects/${project}/live`;
    },
    headers,
    stop: async () => {
      await server.stop();
      await rm(data, { recursive: true, force: true });
    },
  };
  return {
    target,
    /** A project (one room) for `room`. @param {string} room */
    addRoom: async (room) => {
      const created = await post('/api/projects', { name: room }, signedUp.cookie);
      projects.set(room, String(created.body.id));
    },
  };
}

/** A free TCP port on loopback. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The reference y-websocket server, as its package ships it (in memory, no persistence). */
async function startPeer() {
  const port = await freePort();
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, HOST: '127.0.0.1', PORT: String(port) };
  delete env.YPERSISTENCE;
  delete env.CALLBACK_URL;
  const server = await spawnRaised(process.execPath, [PEER_SCRIPT], env, /running at/);
  const version = JSON.parse(await readFile(join(repoRoot, 'node_modules', '@y', 'websocket-server', 'package.json'), 'utf8')).version;
  /** @type {Target} */
  const target = {
    kind: 'peer',
    label: PEER,
    pid: server.pid,
    fdLimit: server.fdLimit,
    settings:
      `${PEER} ${version} (src/server.js as shipped) on Node ${process.version}: its default — one in-memory ` +
      `Y.Doc per room, no persistence (YPERSISTENCE unset: nothing is stored before relay), no validation, ` +
      `GC on; open-file limit ${server.fdLimit}`,
    url: (room) => `ws://127.0.0.1:${port}/${room}`,
    headers: {},
    stop: server.stop,
  };
  return { target, addRoom: async (/** @type {string} */ _room) => {} };
}

/**
 * Writes the page every bench element sits on (page `home`, body `b`) into the room, as the
 * editor's first command would, and waits until the server answered after it.
 * @param {Target} target @param {string} room
 */
async function writePage(target, room) {
  const doc = new Y.Doc();
  doc.transact(() => {
    const page = new Y.Map();
    for (const [k, v] of Object.entries({ name: 'Home', slug: '', title: 'Home', description: '', order: 'a0', root: 'b' })) page.set(k, v);
    doc.getMap('pages').set('home', page);
    const body = new Y.Map();
    for (const [k, v] of Object.entries({ kind: 'body', page: 'home', parent: null, order: 'a0', name: 'Body' })) body.set(k, v);
    body.set('props', new Y.Map());
    body.set('styles', new Y.Map());
    doc.getMap('elements').set('b', body);
  });
  /** @type {() => void} */
  let answered = () => {};
  const answer = new Promise((resolve) => {
    answered = () => resolve(undefined);
  });
  const client = connectClient({
    url: target.url(room),
    headers: target.headers,
    onFrame: (_bytes, type) => {
      if (type === MESSAGE_AWARENESS) answered();
    },
  });
  await client.synced;
  client.send(updateFrame(Y.encodeStateAsUpdate(doc)));
  // Query awareness: handled after the update (one room handles frames in order).
  client.send(Uint8Array.of(3));
  await Promise.race([answer, sleep(3000)]);
  client.ws.close();
}

/**
 * @typedef {object} LoadResult
 * @property {number} joined
 * @property {number} failed
 * @property {string[]} failures
 * @property {Float64Array} latencies
 * @property {Record<number, number>} sent
 * @property {Receipts[]} receipts
 * @property {WorkerLoad[]} loads
 * @property {number} closed  clients the server closed during the window
 * @property {string[]} closes
 * @property {number} serverCpu  the server's CPU during the window, in cores
 * @property {number} serverWaited  the server's threads' time waiting for a CPU during the window, per second
 * @property {number} generatorWaited  the same for this (the generator's) process
 */

/** The server's user + system CPU time in seconds (/proc/<pid>/stat). @param {number} pid */
async function cpuSeconds(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Seconds the process's threads spent runnable but waiting for a CPU (the second field of
 * each thread's `schedstat` under /proc/<pid>/task): on a machine shared with other work, the time it was starved rather than slow.
 * @param {number} pid
 */
async function runQueueSeconds(pid) {
  let waited = 0;
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [])) {
    const stat = await readFile(`/proc/${pid}/task/${task}/schedstat`, 'utf8').catch(() => '');
    waited += Number(stat.split(' ')[1] ?? 0) / 1e9;
  }
  return waited;
}

/** The server's resident memory in MiB (/proc/<pid>/status VmRSS). @param {number} pid */
export async function residentMiB(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kib)) throw new Error(`no VmRSS for ${pid}`);
  return kib / 1024;
}

/**
 * One party of generator workers (threads, or child processes for `processes`), each owning a
 * share of the clients.
 * @param {Omit<WorkerJob, 'worker' | 'clients'> & { workers: number, processes?: boolean }} load
 */
function startWorkers(load) {
  const { workers: count, processes, ...job } = load;
  const file = new URL('./roomsWorker.mjs', import.meta.url);
  /** @type {Array<{ post: (m: unknown) => void, messages: (type: string) => Promise<any>, end: () => void }>} */
  const workers = [];
  for (let w = 0; w < count; w++) {
    const clients = [];
    for (let g = w; g < job.totalClients; g += count) clients.push(g);
    /** @type {WorkerJob} */
    const own = { ...job, worker: w, clients };
    /** @type {Map<string, (m: any) => void>} */
    const waiting = new Map();
    /** @type {Map<string, any>} */
    const arrived = new Map();
    const deliver = (/** @type {any} */ m) => {
      const waiter = waiting.get(m.type);
      if (waiter) {
        waiting.delete(m.type);
        waiter(m);
      } else arrived.set(m.type, m);
    };
    /** @type {(error: Error) => void} */
    let fail = () => {};
    const failed = new Promise((_resolve, reject) => {
      fail = reject;
    });
    failed.catch(() => {});
    const messages = (/** @type {string} */ type) =>
      Promise.race([
        failed,
        arrived.has(type) ? Promise.resolve(arrived.get(type)) : new Promise((resolve) => waiting.set(type, resolve)),
      ]);
    if (processes) {
      const script = `ulimit -n ${FD_LIMIT} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"`;
      const child = spawn('bash', ['-c', script, 'bash', process.execPath, file.pathname], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.on('message', deliver);
      child.on('exit', (code) => fail(new Error(`generator process ${w} exited (${code})`)));
      child.send(own);
      workers.push({ post: (m) => child.send(/** @type {any} */ (m)), messages, end: () => child.kill('SIGKILL') });
    } else {
      const worker = new Worker(file, { workerData: own });
      worker.on('message', deliver);
      worker.on('error', (error) => fail(error));
      worker.on('exit', (code) => fail(new Error(`generator worker ${w} exited (${code})`)));
      workers.push({ post: (m) => worker.postMessage(m), messages, end: () => void worker.terminate() });
    }
  }
  return workers;
}

/**
 * Joins `clients` to `room` and runs `mode` at `rateHz` for `durationMs`.
 * @param {Target} target @param {string} room
 * @param {{ mode: 'updates' | 'awareness', clients: number, rateHz: number, durationMs: number, workers: number }} load
 * @returns {Promise<LoadResult>}
 */
async function runLoad(target, room, load) {
  const workers = startWorkers({
    mode: load.mode,
    url: target.url(room),
    headers: target.headers,
    totalClients: load.clients,
    rateHz: load.rateHz,
    durationMs: load.durationMs,
    drainMs: 2000,
    localAddresses: LOCAL_ADDRESSES,
    workers: load.workers,
    concurrency: 50,
  });
  try {
    const ready = await Promise.all(workers.map((w) => w.messages('ready')));
    const joined = ready.reduce((n, r) => n + r.joined, 0);
    const failed = ready.reduce((n, r) => n + r.failed, 0);
    console.log(`rooms: ${target.label} ${load.mode}: ${joined} of ${load.clients} clients joined${failed ? ` (${failed} failed: ${ready.flatMap((r) => r.failures).join('; ')})` : ''}`);
    const at = now() + 1000;
    for (const w of workers) w.post({ type: 'start', at });
    await sleep(Math.max(0, at - now()));
    const cpu0 = await cpuSeconds(target.pid);
    const [serverWait0, ownWait0] = [await runQueueSeconds(target.pid), await runQueueSeconds(process.pid)];
    const t0 = now();
    const results = await Promise.all(workers.map((w) => w.messages('result')));
    const serverCpu = (await cpuSeconds(target.pid)) - cpu0;
    const [serverWait, ownWait] = [await runQueueSeconds(target.pid) - serverWait0, await runQueueSeconds(process.pid) - ownWait0];
    const elapsed = (now() - t0) / 1000;
    const total = results.reduce((n, r) => n + r.latencies.length, 0);
    const latencies = new Float64Array(total);
    let offset = 0;
    for (const r of results) {
      latencies.set(r.latencies, offset);
      offset += r.latencies.length;
    }
    return {
      joined,
      failed,
      failures: ready.flatMap((r) => r.failures),
      latencies,
      sent: Object.assign({}, ...results.map((r) => r.sent)),
      receipts: results.flatMap((r) => r.receipts),
      loads: results.map((r) => r.load),
      closed: results.reduce((n, r) => n + r.closedCount, 0),
      closes: results.flatMap((r) => r.closes.map((/** @type {any} */ c) => `client ${c.index}: ${c.closed.code} ${c.closed.reason}`)),
      serverCpu: serverCpu / elapsed,
      serverWaited: serverWait / elapsed,
      generatorWaited: ownWait / elapsed,
    };
  } finally {
    for (const w of workers) w.post({ type: 'close' });
    await sleep(200);
    for (const w of workers) w.end();
  }
}

/**
 * Prints one load's figures and returns what the generator says about itself.
 * @param {Target} target @param {string} what @param {LoadResult} r @param {boolean} countLoss
 */
function report(target, what, r, countLoss) {
  const lat = latencySummary(r.latencies);
  const sentTotal = Object.values(r.sent).reduce((a, b) => a + b, 0);
  const bound = generatorBound(r.loads);
  const loss = countLoss ? countLost(r.sent, r.receipts) : null;
  console.log(
    `rooms: ${target.label} ${what}: p50 ${fmt(lat.p50)} ms, p99 ${fmt(lat.p99)} ms, max ${fmt(lat.max)} ms over ${lat.n} receipts of ${sentTotal} sent` +
      (loss ? `; lost ${loss.lost} of ${loss.expected} expected receipts (${loss.duplicates} duplicates)` : '') +
      `; ${r.closed} clients closed by the server; server CPU ${fmt(r.serverCpu * 100)} % of a core, ` +
      `waited for a CPU ${fmt(r.serverWaited * 1000)} ms/s; generator waited ${fmt(r.generatorWaited * 1000)} ms/s; ` +
      r.loads.map((l) => `w${l.worker} ELU ${(l.elu * 100).toFixed(0)} % slip p99 ${fmt(l.sendSlipP99)} ms`).join(', ') +
      `, process CPU ${fmt(Math.max(...r.loads.map((l) => l.cpuMs)) / 1000)} s`,
  );
  for (const c of r.closes.slice(0, 3)) console.log(`rooms:   closed ${c}`);
  if (bound.length > 0) console.log(`rooms: ${target.label} ${what}: GENERATOR-BOUND (the load generator, not the server, may have set these figures): ${bound.join('; ')}`);
  // Runnable threads waiting for a CPU: the machine, not either program, set the pace.
  const starved = [
    ...(r.serverWaited > STARVED_MS_PER_S / 1000 ? [`the server waited for a CPU ${fmt(r.serverWaited * 1000)} ms/s`] : []),
    ...(r.generatorWaited > STARVED_MS_PER_S / 1000 ? [`the generator waited for a CPU ${fmt(r.generatorWaited * 1000)} ms/s`] : []),
  ];
  if (starved.length > 0) console.log(`rooms: ${target.label} ${what}: CPU-STARVED (other work on the machine): ${starved.join('; ')}`);
  const note =
    (bound.length > 0 ? `generator-bound: ${bound.join('; ')}` : 'generator kept up (ELU ≤ 0.9, send slip p99 ≤ 10 ms)') +
    (starved.length > 0 ? `; CPU-starved: ${starved.join('; ')}` : '');
  return { lat, loss, note };
}

/**
 * @param {{ caseName?: string }} [filter]
 * @returns {Promise<Measured[]>}
 */
export async function runRoomBenchmarks(filter = {}) {
  const seconds = Number(process.env.OMNIOS_ROOMS_BENCH_SECONDS ?? 60);
  const idleTarget = Number(process.env.OMNIOS_ROOMS_BENCH_IDLE ?? 20_000);
  const workers = Number(process.env.OMNIOS_ROOMS_BENCH_WORKERS ?? Math.max(2, availableParallelism()));
  const durationMs = seconds * 1000;
  const window = seconds === 60 ? '60 s' : `${seconds} s`;
  const names = {
    updates: `update propagation latency, 50 clients × 10 updates/s for ${window}, one room`,
    lost: `updates lost, 50 clients × 10 updates/s for ${window}, one room`,
    awareness: `awareness propagation latency, 500 clients × 10 Hz for ${window}, one room`,
  };
  const wanted = (/** @type {string} */ name) => !filter.caseName || filter.caseName === name;
  console.log(`rooms: ${window} windows, ${workers} generator worker threads, on ${availableParallelism()} cores`);

  /** @type {Measured[]} */
  const measured = [];
  const servers = [startOmnios, startPeer];

  // 1. 50 clients, 10 updates/s each.
  if (wanted(names.updates) || wanted(names.lost)) {
    /** @type {Record<string, { r: LoadResult, lat: ReturnType<typeof latencySummary>, loss: ReturnType<typeof countLost> | null, note: string, settings: string }>} */
    const by = {};
    for (const start of servers) {
      const { target, addRoom } = await start();
      try {
        console.log(`rooms: ${target.label}: ${target.settings}`);
        await addRoom('bench-updates');
        await writePage(target, 'bench-updates');
        const r = await runLoad(target, 'bench-updates', { mode: 'updates', clients: 50, rateHz: 10, durationMs, workers });
        by[target.kind] = { r, ...report(target, '50 clients × 10 updates/s', r, true), settings: target.settings };
      } finally {
        await target.stop();
      }
    }
    const ours = by['omnios'];
    const peer = by['peer'];
    if (ours && peer) {
      console.log(
        `rooms: updates, omnios ÷ ${PEER}: p50 ${fmt(ours.lat.p50 / peer.lat.p50)}×, p99 ${fmt(ours.lat.p99 / peer.lat.p99)}×; lost ${ours.loss?.lost} vs ${peer.loss?.lost}` +
          ` (targets: p99 < 50 ms ${ours.lat.p99 < 50 ? 'met' : 'MISSED'}, 0 lost ${ours.loss?.lost === 0 ? 'met' : 'MISSED'})`,
      );
      measured.push({
        suite: 'rooms',
        name: names.updates,
        unit: 'ms',
        samples: Array.from(ours.r.latencies),
        p99: true,
        note: ours.note,
        vs: { peer: PEER, samples: Array.from(peer.r.latencies), settings: `${peer.settings}; ${peer.note}` },
      });
      measured.push({ suite: 'rooms', name: names.lost, unit: 'updates', samples: [ours.loss?.lost ?? NaN], note: `of ${ours.loss?.expected} expected receipts; ${PEER}: ${peer.loss?.lost} of ${peer.loss?.expected}` });
    }
  }

  // 2. 500 clients, presence at 10 Hz each.
  if (wanted(names.awareness)) {
    /** @type {Record<string, { r: LoadResult, lat: ReturnType<typeof latencySummary>, note: string, settings: string }>} */
    const by = {};
    for (const start of servers) {
      const { target, addRoom } = await start();
      try {
        await addRoom('bench-awareness');
        await writePage(target, 'bench-awareness');
        const r = await runLoad(target, 'bench-awareness', { mode: 'awareness', clients: 500, rateHz: 10, durationMs, workers });
        by[target.kind] = { r, ...report(target, '500 clients × presence at 10 Hz', r, false), settings: target.settings };
      } finally {
        await target.stop();
      }
    }
    const ours = by['omnios'];
    const peer = by['peer'];
    if (ours && peer) {
      console.log(`rooms: awareness, omnios ÷ ${PEER}: p50 ${fmt(ours.lat.p50 / peer.lat.p50)}×, p99 ${fmt(ours.lat.p99 / peer.lat.p99)}× (target p99 < 100 ms ${ours.lat.p99 < 100 ? 'met' : 'MISSED'})`);
      if (ours.r.latencies.length > 0 && peer.r.latencies.length > 0) {
        measured.push({
          suite: 'rooms',
          name: names.awareness,
          unit: 'ms',
          samples: Array.from(ours.r.latencies),
          p99: true,
          note: `${ours.note}; ${ours.r.closed} clients closed by the server`,
          vs: { peer: PEER, samples: Array.from(peer.r.latencies), settings: `${peer.settings}; ${peer.note}; ${peer.r.closed} clients closed` },
        });
      }
    }
  }

  // 3. Idle connections joined to one room: the server's resident memory.
  const idleName = (/** @type {number} */ n) => `server resident memory, ${n.toLocaleString('en-US')} idle connections joined to one room`;
  if (!filter.caseName || filter.caseName.startsWith('server resident memory')) {
    /** @type {Record<string, { samples: number[], settings: string, n: number }>} */
    const by = {};
    for (const start of servers) {
      const { target, addRoom } = await start();
      try {
        await addRoom('bench-idle');
        await writePage(target, 'bench-idle');
        const n = Math.min(idleTarget, target.fdLimit - FD_RESERVE);
        if (n < idleTarget) {
          console.log(`rooms: ${target.label} may open ${target.fdLimit} files (the hard limit here): ${n} idle connections instead of ${idleTarget}`);
        }
        const before = await residentMiB(target.pid);
        const processes = Math.max(1, Math.ceil(n / IDLE_PER_PROCESS));
        const parties = startWorkers({
          mode: 'idle',
          url: target.url('bench-idle'),
          headers: target.headers,
          totalClients: n,
          rateHz: 1,
          durationMs: 0,
          drainMs: 0,
          localAddresses: LOCAL_ADDRESSES,
          workers: processes,
          processes: true,
          concurrency: 100,
        });
        try {
          const t0 = now();
          const ready = await Promise.all(parties.map((p) => p.messages('ready')));
          const joined = ready.reduce((s, r) => s + r.joined, 0);
          const failed = ready.reduce((s, r) => s + r.failed, 0);
          console.log(
            `rooms: ${target.label} idle: ${joined} of ${n} connections joined in ${fmt((now() - t0) / 1000)} s` +
              (failed ? ` (${failed} failed: ${ready.flatMap((r) => r.failures).slice(0, 3).join('; ')})` : ''),
          );
          await sleep(3000);
          /** @type {number[]} */
          const samples = [];
          for (let i = 0; i < 5; i++) {
            samples.push(await residentMiB(target.pid));
            await sleep(1000);
          }
          const rss = samples.reduce((a, b) => a + b, 0) / samples.length;
          console.log(
            `rooms: ${target.label} idle: VmRSS ${fmt(rss)} MiB with ${joined} connections (${fmt(before)} MiB before; ` +
              `${fmt(((rss - before) * 1024) / Math.max(1, joined))} KiB per connection)` +
              (target.kind === 'omnios' ? ` (target < 256 MiB ${rss < 256 ? 'met' : 'MISSED'})` : ''),
          );
          by[target.kind] = { samples, settings: `${target.settings}; ${joined} connections joined from ${processes} processes`, n: joined };
        } finally {
          for (const p of parties) p.post({ type: 'close' });
          await sleep(500);
          for (const p of parties) p.end();
        }
      } finally {
        await target.stop();
      }
    }
    const ours = by['omnios'];
    const peer = by['peer'];
    if (ours && peer) {
      measured.push({
        suite: 'rooms',
        name: idleName(ours.n),
        unit: 'MiB',
        samples: ours.samples,
        note: ours.settings,
        vs: { peer: PEER, samples: peer.samples, settings: `${peer.settings} (${peer.n} connections)` },
      });
    }
  }
  return measured;
}
