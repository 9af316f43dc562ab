// @ts-check
// Plain Y.js clients (npm `yjs` + `y-websocket`, no OMNIOS code) against the real
// `omnios serve`: they join a project's live room with a token, read and write elements in the
// engine's map layout, see each other's edits and presence; no token, or a viewer writing, is
// refused. Then durability: `kill -9` during a burst of edits from several clients, restart,
// and every edit a client saw relayed by the server is still there. Last, two servers joined
// through the machine's Redis (OMNIOS_TEST_REDIS, default redis://127.0.0.1:6379).

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { startServer } from '../e2e/harness.mjs';

/** @typedef {import('../e2e/harness.mjs').Server} Server */

const TOKENS = {
  alice: { p1: 'write', burst: 'write' },
  bob: { p1: 'write', burst: 'write' },
  carol: { burst: 'write' },
  vera: { p1: 'read' },
};

/**
 * `omnios serve` with its data in `dataDir` and the token table `tokens` (default above).
 * @param {string} dataDir
 * @param {{ tokens?: object, env?: Record<string, string> }} [options]
 * @returns {Promise<Server>}
 */
async function serve(dataDir, options = {}) {
  const tokens = join(dataDir, 'tokens.json');
  await writeFile(tokens, JSON.stringify(options.tokens ?? TOKENS));
  return startServer({
    env: { OMNIOS_DATA_DIR: dataDir, OMNIOS_LIVE_TOKENS: tokens, OMNIOS_BLOBS: 'memory', ...options.env },
  });
}

/**
 * A Y.js client joined to `project` with `token`.
 * @param {Server} server
 * @param {string} project
 * @param {string} token
 */
function client(server, project, token) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/api/projects`, `${project}/live`, doc, {
    params: { token },
    // Node 20 has no global WebSocket; `ws` speaks the same API.
    WebSocketPolyfill: /** @type {typeof globalThis.WebSocket} */ (/** @type {unknown} */ (WebSocket)),
    disableBc: true,
  });
  /** @type {{ code: number, reason: string } | null} */
  let closed = null;
  provider.on('closed', (event) => {
    closed = event;
  });
  return {
    doc,
    provider,
    elements: doc.getMap('elements'),
    pages: doc.getMap('pages'),
    closed: () => closed,
    synced: () => waitFor(() => provider.synced, `${token} synced`),
  };
}

/**
 * Resolves once `check()` holds; fails after `ms`.
 * @param {() => unknown} check
 * @param {string} what
 * @param {number} [ms]
 */
async function waitFor(check, what, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An element as the engine stores it: a Y.Map of its fields, `props` and `styles` maps.
 * @param {Record<string, string | null>} fields
 */
function elementMap(fields) {
  const map = new Y.Map();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  map.set('props', new Y.Map());
  map.set('styles', new Y.Map());
  return map;
}

/**
 * Writes a page `home` with its body `b`, as the editor's first command would.
 * @param {Y.Doc} doc
 */
function writePage(doc) {
  doc.transact(() => {
    const page = new Y.Map();
    for (const [key, value] of Object.entries({ name: 'Home', slug: '', title: 'Home', description: '', order: 'a0', root: 'b' })) {
      page.set(key, value);
    }
    doc.getMap('pages').set('home', page);
    doc.getMap('elements').set('b', elementMap({ kind: 'body', page: 'home', parent: null, order: 'a0', name: 'Body' }));
  });
}

/**
 * Adds a container `id` under the body.
 * @param {Y.Doc} doc
 * @param {string} id
 */
function writeContainer(doc, id) {
  doc.getMap('elements').set(id, elementMap({ kind: 'container', page: 'home', parent: 'b', order: 'a5' }));
}

/**
 * Opens a raw WebSocket and resolves with the HTTP status of the refused upgrade.
 * @param {string} url
 * @returns {Promise<number>}
 */
function refusedStatus(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      ws.close();
      reject(new Error(`${url} was accepted`));
    });
    ws.on('error', () => {});
  });
}

describe('a plain Y.js client in a live room', () => {
  /** @type {Server} */
  let server;
  /** @type {string} */
  let dataDir;
  /** @type {Array<{ provider: WebsocketProvider }>} */
  const clients = [];
  /** @param {string} project @param {string} token */
  const joinRoom = (project, token) => {
    const c = client(server, project, token);
    clients.push(c);
    return c;
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'omnios-collab-'));
    server = await serve(dataDir);
  });
  after(async () => {
    for (const c of clients) c.provider.destroy();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('reads what another client wrote, writes an element, and the other sees it', async () => {
    const editor = joinRoom('p1', 'alice');
    await editor.synced();
    writePage(editor.doc);
    writeContainer(editor.doc, 'hero');

    const yjs = joinRoom('p1', 'bob');
    await yjs.synced();
    await waitFor(() => yjs.elements.has('hero'), 'bob reads the hero');
    assert.equal(/** @type {Y.Map<unknown>} */ (yjs.elements.get('hero')).get('parent'), 'b');
    assert.equal(/** @type {Y.Map<unknown>} */ (yjs.pages.get('home')).get('root'), 'b');

    writeContainer(yjs.doc, 'from-node');
    await waitFor(() => editor.elements.has('from-node'), 'alice sees the element bob wrote');

    yjs.provider.awareness.setLocalStateField('user', { name: 'Bob', color: '#30bced' });
    await waitFor(
      () => [...editor.provider.awareness.getStates().values()].some((s) => s['user']?.name === 'Bob'),
      "Bob's presence at alice",
    );
    assert.equal(editor.closed(), null);
    assert.equal(yjs.closed(), null);
  });

  test('without a token, or with one for another project, the upgrade is refused', async () => {
    const base = `${server.url.replace(/^http/, 'ws')}/api/projects`;
    assert.equal(await refusedStatus(`${base}/p1/live`), 401);
    assert.equal(await refusedStatus(`${base}/p1/live?token=nobody`), 401);
    assert.equal(await refusedStatus(`${base}/p1/live?token=carol`), 404);
  });

  test("a viewer reads, but its edit is refused and reaches nobody", async () => {
    const alice = joinRoom('p1', 'alice');
    await alice.synced();
    const vera = joinRoom('p1', 'vera');
    await vera.synced();
    await waitFor(() => vera.elements.has('hero'), 'the viewer reads the document');

    writeContainer(vera.doc, 'from-viewer');
    await waitFor(() => vera.closed() !== null, 'the viewer is closed');
    assert.equal(vera.closed()?.code, 4403);
    assert.match(vera.closed()?.reason ?? '', /read-only/);
    // y-websocket does not reconnect after a 44xx close.
    assert.equal(vera.provider.shouldConnect, false);

    writeContainer(alice.doc, 'after-viewer');
    const bob = joinRoom('p1', 'bob');
    await bob.synced();
    await waitFor(() => bob.elements.has('after-viewer'), 'the room goes on');
    assert.equal(bob.elements.has('from-viewer'), false);
    assert.equal(alice.elements.has('from-viewer'), false);
  });

  test('an element id no command could write is refused for everyone', async () => {
    const alice = joinRoom('p1', 'alice');
    await alice.synced();
    const mallory = joinRoom('p1', 'bob');
    await mallory.synced();
    writeContainer(mallory.doc, 'x,*');
    await waitFor(() => mallory.closed() !== null, 'the sender is closed');
    assert.equal(mallory.closed()?.code, 4422);
    await sleep(300);
    assert.equal(alice.elements.has('x,*'), false);
  });
});

describe('durability', () => {
  test('kill -9 during a burst: every update a client saw relayed survives the restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'omnios-collab-kill-'));
    let server = await serve(dataDir);
    const writers = ['alice', 'bob', 'carol'].map((token) => client(server, 'burst', token));
    try {
      for (const w of writers) await w.synced();
      const first = writers[0];
      assert.ok(first);
      writePage(first.doc);
      await waitFor(() => writers.every((w) => w.elements.has('b')), 'everyone has the page');

      /** Ids some client saw arrive from the server (relayed, hence stored first). */
      const acknowledged = new Set();
      writers.forEach((w, index) => {
        w.elements.observe((event, transaction) => {
          if (transaction.local) return;
          for (const key of event.keysChanged) {
            if (!key.startsWith(`w${index}-`)) acknowledged.add(key);
          }
        });
      });
      let written = 0;
      const burst = writers.map(async (w, index) => {
        for (let i = 0; i < 400; i++) {
          writeContainer(w.doc, `w${index}-${i}`);
          written++;
          await sleep(2);
        }
      });
      await waitFor(() => acknowledged.size >= 60, 'a part of the burst relayed');
      await server.kill();
      await Promise.all(burst);
      for (const w of writers) w.provider.destroy();
      assert.ok(acknowledged.size > 0 && acknowledged.size < written, `${acknowledged.size} of ${written}`);

      server = await serve(dataDir);
      const reader = client(server, 'burst', 'alice');
      try {
        await reader.synced();
        await waitFor(() => reader.elements.has('b'), 'the restarted room loads');
        const lost = [...acknowledged].filter((id) => !reader.elements.has(id));
        assert.deepEqual(lost, [], `${lost.length} acknowledged updates lost`);
      } finally {
        reader.provider.destroy();
      }
    } finally {
      for (const w of writers) w.provider.destroy();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('two nodes', () => {
  test('clients on two `omnios serve` processes converge through Redis', async () => {
    const redis = process.env.OMNIOS_TEST_REDIS ?? 'redis://127.0.0.1:6379';
    // A project id of this run's own: other servers may share the broker's channels.
    const project = `nodes-${process.pid}-${Date.now()}`;
    const tokens = { alice: { [project]: 'write' }, bob: { [project]: 'write' } };
    // Each node keeps its own file log here (a deployment shares the database store), so both
    // rooms are joined before the edits.
    const dirs = [await mkdtemp(join(tmpdir(), 'omnios-node-a-')), await mkdtemp(join(tmpdir(), 'omnios-node-b-'))];
    const nodes = await Promise.all(dirs.map((dir) => serve(dir, { tokens, env: { OMNIOS_REDIS_URL: redis } })));
    const [a, b] = nodes;
    assert.ok(a && b);
    const alice = client(a, project, 'alice');
    const bob = client(b, project, 'bob');
    try {
      await alice.synced();
      await bob.synced();
      writePage(alice.doc);
      await waitFor(() => bob.elements.has('b'), "bob on node b sees alice's page from node a");
      writeContainer(bob.doc, 'from-b');
      await waitFor(() => alice.elements.has('from-b'), "alice sees bob's element");
      alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
      await waitFor(
        () => [...bob.provider.awareness.getStates().values()].some((s) => s['user']?.name === 'Alice'),
        "Alice's presence on node b",
      );
    } finally {
      alice.provider.destroy();
      bob.provider.destroy();
      await Promise.all(nodes.map((node) => node.stop()));
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    }
  });
});
