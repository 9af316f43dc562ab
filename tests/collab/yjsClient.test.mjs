// @ts-check
// Plain Y.js clients (npm `yjs` + `y-websocket`, no OMNIOS code) against the real
// `omnios serve`: members signed in through the API join a project's live room with their
// session cookie, read and write elements in the engine's map layout, see each other's edits
// and presence; no session, a non-member, or a viewer writing, is refused. Then durability,
// on SQLite and on PostgreSQL: `kill -9` during a burst of edits from several clients,
// restart, and every edit a client saw relayed by the server is still there. Last, two servers on one PostgreSQL database joined
// through the machine's Redis (OMNIOS_TEST_POSTGRES, OMNIOS_TEST_REDIS).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { startServer } from '../e2e/harness.mjs';

/** @typedef {import('../e2e/harness.mjs').Server} Server */

/** A signed-in account: its id, email and the `cookie` header value of its session. */
/** @typedef {{ id: string, email: string, cookie: string }} Account */

/**
 * Calls the server's JSON API; resolves with the status, body and the session cookie it set.
 * @param {Server} server @param {string} method @param {string} path
 * @param {{ body?: unknown, cookie?: string }} [options]
 */
async function api(server, method, path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { 'content-type': 'application/json' };
  if (options.cookie) headers['cookie'] = options.cookie;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { status: response.status, body: text === '' ? null : JSON.parse(text), cookie: setCookie.split(';')[0] ?? '' };
}

/**
 * Signs up `name`@example.test and returns the account with its session.
 * @param {Server} server @param {string} name @returns {Promise<Account>}
 */
async function signUp(server, name) {
  const email = `${name}@example.test`;
  const answer = await api(server, 'POST', '/api/auth/signup', { body: { email, password: `${name}-correct-horse` } });
  assert.equal(answer.status, 201, `sign up ${email}: ${JSON.stringify(answer.body)}`);
  return { id: answer.body.id, email, cookie: answer.cookie };
}

/**
 * `owner` creates a project and adds `members` (account → role); returns its id.
 * @param {Server} server @param {Account} owner @param {Array<[Account, 'editor' | 'viewer']>} members
 */
async function createProject(server, owner, members) {
  const created = await api(server, 'POST', '/api/projects', { body: { name: 'Live' }, cookie: owner.cookie });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  for (const [account, role] of members) {
    const added = await api(server, 'POST', `/api/projects/${id}/members`, { body: { email: account.email, role }, cookie: owner.cookie });
    assert.equal(added.status, 201, JSON.stringify(added.body));
  }
  return /** @type {string} */ (id);
}

/**
 * `omnios serve` with its data (SQLite, blobs) in `dataDir`.
 * @param {string} dataDir
 * @param {{ env?: Record<string, string> }} [options]
 * @returns {Promise<Server>}
 */
function serve(dataDir, options = {}) {
  return startServer({ env: { OMNIOS_DATA: dataDir, OMNIOS_BLOBS: 'memory', ...options.env } });
}

/**
 * A `ws` WebSocket that sends `cookie` with its upgrade, as a browser sends its session.
 * @param {string} cookie
 */
function withCookie(cookie) {
  return class extends WebSocket {
    /** @param {string} url @param {string | string[]} [protocols] */
    constructor(url, protocols) {
      super(url, protocols, { headers: { cookie } });
    }
  };
}

/**
 * A Y.js client joined to `project` as `account`.
 * @param {Server} server
 * @param {string} project
 * @param {Account} account
 */
function client(server, project, account) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/api/projects`, `${project}/live`, doc, {
    // Node 20 has no global WebSocket; `ws` speaks the same API, and carries the session cookie.
    WebSocketPolyfill: /** @type {typeof globalThis.WebSocket} */ (/** @type {unknown} */ (withCookie(account.cookie))),
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
    /** Leaves the room. The document goes too: its awareness keeps a timer running until then. */
    leave: () => {
      provider.destroy();
      doc.destroy();
    },
    elements: doc.getMap('elements'),
    pages: doc.getMap('pages'),
    closed: () => closed,
    synced: () => waitFor(() => provider.synced, `${account.email} synced`),
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
 * Starts a comment thread `id` on page `home` with its first message `<id>-1`, written in
 * `author`'s name as the editor writes it (the account's id, its email as the name).
 * @param {Y.Doc} doc @param {string} id @param {Account} author @param {string} text
 */
function writeComment(doc, id, author, text) {
  doc.transact(() => {
    const thread = new Y.Map();
    doc.getMap('comments').set(id, thread);
    const at = Date.now();
    for (const [key, value] of Object.entries({ page: 'home', x: 10, y: 20, author: author.id, author_name: author.email, at, resolved: false })) {
      thread.set(key, value);
    }
    const message = new Y.Map();
    doc.getMap('comment_messages').set(`${id}-1`, message);
    for (const [key, value] of Object.entries({ thread: id, author: author.id, author_name: author.email, text, at })) {
      message.set(key, value);
    }
  });
}

/**
 * Opens a raw WebSocket (with `cookie`, if given) and resolves with the HTTP status of the
 * refused upgrade.
 * @param {string} url
 * @param {string} [cookie]
 * @returns {Promise<number>}
 */
function refusedStatus(url, cookie) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, cookie === undefined ? {} : { headers: { cookie } });
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
  /** @type {Array<{ leave: () => void }>} */
  const clients = [];
  /** @type {Record<'alice' | 'bob' | 'carol' | 'vera', Account>} */
  let people;
  /** @type {string} */
  let p1;
  /** @param {string} project @param {'alice' | 'bob' | 'carol' | 'vera'} who */
  const joinRoom = (project, who) => {
    const c = client(server, project, people[who]);
    clients.push(c);
    return c;
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'omnios-collab-'));
    server = await serve(dataDir);
    const [alice, bob, carol, vera] = await Promise.all(['alice', 'bob', 'carol', 'vera'].map((n) => signUp(server, n)));
    assert.ok(alice && bob && carol && vera);
    people = { alice, bob, carol, vera };
    p1 = await createProject(server, alice, [
      [bob, 'editor'],
      [vera, 'viewer'],
    ]);
  });
  after(async () => {
    for (const c of clients) c.leave();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('reads what another client wrote, writes an element, and the other sees it', async () => {
    const editor = joinRoom(p1, 'alice');
    await editor.synced();
    writePage(editor.doc);
    writeContainer(editor.doc, 'hero');

    const yjs = joinRoom(p1, 'bob');
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

  test('without a session, or as someone who is not a member, the upgrade is refused', async () => {
    const base = `${server.url.replace(/^http/, 'ws')}/api/projects`;
    assert.equal(await refusedStatus(`${base}/${p1}/live`), 401);
    assert.equal(await refusedStatus(`${base}/${p1}/live`, 'omnios_session=forged'), 401);
    assert.equal(await refusedStatus(`${base}/${p1}/live`, people.carol.cookie), 404);
    assert.equal(await refusedStatus(`${base}/no-such-project/live`, people.alice.cookie), 404);
  });

  test("a viewer reads, but its edit is refused and reaches nobody", async () => {
    const alice = joinRoom(p1, 'alice');
    await alice.synced();
    const vera = joinRoom(p1, 'vera');
    await vera.synced();
    await waitFor(() => vera.elements.has('hero'), 'the viewer reads the document');

    writeContainer(vera.doc, 'from-viewer');
    await waitFor(() => vera.closed() !== null, 'the viewer is closed');
    assert.equal(vera.closed()?.code, 4403);
    assert.match(vera.closed()?.reason ?? '', /read-only/);
    // y-websocket does not reconnect after a 44xx close.
    assert.equal(vera.provider.shouldConnect, false);

    writeContainer(alice.doc, 'after-viewer');
    const bob = joinRoom(p1, 'bob');
    await bob.synced();
    await waitFor(() => bob.elements.has('after-viewer'), 'the room goes on');
    assert.equal(bob.elements.has('from-viewer'), false);
    assert.equal(alice.elements.has('from-viewer'), false);
  });

  test('a viewer comments in their own name and everyone sees it', async () => {
    const alice = joinRoom(p1, 'alice');
    await alice.synced();
    const vera = joinRoom(p1, 'vera');
    await vera.synced();
    writeComment(vera.doc, 'from-vera', people.vera, 'Is the hero final?');
    await waitFor(() => alice.doc.getMap('comments').has('from-vera'), "alice sees the viewer's thread");
    await waitFor(() => alice.doc.getMap('comment_messages').has('from-vera-1'), "alice sees the viewer's message");
    assert.equal(vera.closed(), null);
  });

  test("a comment in another member's name, written by a raw client, is refused for everyone", async () => {
    const alice = joinRoom(p1, 'alice');
    await alice.synced();
    const mallory = joinRoom(p1, 'bob');
    await mallory.synced();
    writeComment(mallory.doc, 'forged', people.alice, 'Approved, ship it.');
    await waitFor(() => mallory.closed() !== null, 'the sender is closed');
    assert.equal(mallory.closed()?.code, 4422);
    assert.match(mallory.closed()?.reason ?? '', /claims to be written by/);
    await sleep(300);
    assert.equal(alice.doc.getMap('comments').has('forged'), false, 'the forged thread reached alice');
    const later = joinRoom(p1, 'alice');
    await later.synced();
    assert.equal(later.doc.getMap('comments').has('forged'), false, 'the forged thread was stored');
  });

  /** What no command could write, each as a raw client would send it in one update. */
  const attacks = /** @type {Array<[string, (doc: Y.Doc) => void, (elements: Y.Map<any>) => boolean]>} */ ([
    ['an element id that escapes a CSS selector', (doc) => writeContainer(doc, 'x,*'), (elements) => elements.has('x,*')],
    [
      'a style that loads from another site',
      (doc) =>
        doc.transact(() => {
          const box = elementMap({ kind: 'container', page: 'home', parent: 'b', order: 'a6' });
          doc.getMap('elements').set('tracked', box);
          // A nested map is readable once its parent is in the document.
          /** @type {Y.Map<string>} */ (box.get('styles')).set('base|background-image', 'url(https://tracker.example/pixel.png)');
        }),
      (elements) => elements.has('tracked'),
    ],
    [
      'a cycle of parents',
      (doc) =>
        doc.transact(() => {
          doc.getMap('elements').set('loop-a', elementMap({ kind: 'container', page: 'home', parent: 'loop-b', order: 'a7' }));
          doc.getMap('elements').set('loop-b', elementMap({ kind: 'container', page: 'home', parent: 'loop-a', order: 'a8' }));
        }),
      (elements) => elements.has('loop-a') || elements.has('loop-b'),
    ],
  ]);

  for (const [what, attack, planted] of attacks) {
    test(`${what}, written by a raw client, is refused for everyone`, async () => {
      const alice = joinRoom(p1, 'alice');
      await alice.synced();
      const mallory = joinRoom(p1, 'bob');
      await mallory.synced();
      attack(mallory.doc);
      await waitFor(() => mallory.closed() !== null, 'the sender is closed');
      assert.equal(mallory.closed()?.code, 4422);
      await sleep(300);
      assert.equal(planted(alice.elements), false, `${what} reached alice`);
      // Nor was it stored: someone joining now loads the room without it.
      const later = joinRoom(p1, 'alice');
      await later.synced();
      assert.equal(planted(later.elements), false, `${what} was stored`);
    });
  }
});

/**
 * A PostgreSQL database of this run's own, made with the machine's psql; `drop` removes it.
 * Without a PostgreSQL to reach, says why instead.
 * @param {string} label
 * @returns {{ url: string, drop: () => void } | { error: string }}
 */
function freshPostgres(label) {
  const postgres = process.env.OMNIOS_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432';
  const database = `omnios_${label}_${process.pid}_${Date.now()}`;
  const psql = (/** @type {string} */ sql) => execFileSync('psql', [`${postgres}/postgres`, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: 'pipe' });
  try {
    psql(`CREATE DATABASE ${database}`);
  } catch (error) {
    return { error: `no PostgreSQL at ${postgres}: ${error instanceof Error ? error.message : error}` };
  }
  return { url: `${postgres}/${database}`, drop: () => psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`) };
}

describe('durability', () => {
  /**
   * Three editors write a burst; the server is killed with SIGKILL in the middle of it and
   * started again on the same store: every element some client saw relayed is still there.
   * @param {Record<string, string>} env the store's settings (none: SQLite in the data directory)
   */
  async function killDuringBurst(env) {
    const dataDir = await mkdtemp(join(tmpdir(), 'omnios-collab-kill-'));
    let server = await serve(dataDir, { env });
    const accounts = await Promise.all(['alice', 'bob', 'carol'].map((n) => signUp(server, n)));
    const [alice, bob, carol] = accounts;
    assert.ok(alice && bob && carol);
    const burst = await createProject(server, alice, [
      [bob, 'editor'],
      [carol, 'editor'],
    ]);
    const writers = accounts.map((account) => client(server, burst, account));
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
      const edits = writers.map(async (w, index) => {
        for (let i = 0; i < 400; i++) {
          writeContainer(w.doc, `w${index}-${i}`);
          written++;
          await sleep(2);
        }
      });
      await waitFor(() => acknowledged.size >= 60, 'a part of the burst relayed');
      await server.kill();
      await Promise.all(edits);
      for (const w of writers) w.leave();
      assert.ok(acknowledged.size > 0 && acknowledged.size < written, `${acknowledged.size} of ${written}`);

      // The session survives the crash with the rest of the store.
      server = await serve(dataDir, { env });
      const reader = client(server, burst, alice);
      try {
        await reader.synced();
        await waitFor(() => reader.elements.has('b'), 'the restarted room loads');
        const lost = [...acknowledged].filter((id) => !reader.elements.has(id));
        assert.deepEqual(lost, [], `${lost.length} acknowledged updates lost`);
      } finally {
        reader.leave();
      }
    } finally {
      for (const w of writers) w.leave();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  test('kill -9 during a burst on SQLite: every update a client saw relayed survives the restart', async () => {
    await killDuringBurst({});
  });

  test('kill -9 during a burst on PostgreSQL: every update a client saw relayed survives the restart', async (t) => {
    const database = freshPostgres('kill');
    if ('error' in database) {
      t.skip(database.error);
      return;
    }
    try {
      await killDuringBurst({ DATABASE_URL: database.url });
    } finally {
      database.drop();
    }
  });
});

describe('two nodes', () => {
  test('clients on two `omnios serve` processes on one PostgreSQL converge through Redis', async (t) => {
    const redis = process.env.OMNIOS_TEST_REDIS ?? 'redis://127.0.0.1:6379';
    const database = freshPostgres('nodes');
    if ('error' in database) {
      t.skip(database.error);
      return;
    }
    const dirs = [await mkdtemp(join(tmpdir(), 'omnios-node-a-')), await mkdtemp(join(tmpdir(), 'omnios-node-b-'))];
    /** @type {Server[]} */
    const nodes = [];
    /** @type {Array<ReturnType<typeof client>>} */
    const clients = [];
    try {
      // One after the other: the first applies the migrations.
      for (const dir of dirs) {
        nodes.push(await serve(dir, { env: { DATABASE_URL: database.url, OMNIOS_REDIS_URL: redis } }));
      }
      const [a, b] = nodes;
      assert.ok(a && b);
      // Accounts and projects are in the shared database: signed up on a, known on b.
      const aliceAccount = await signUp(a, 'alice');
      const bobAccount = await signUp(a, 'bob');
      const project = await createProject(a, aliceAccount, [[bobAccount, 'editor']]);
      const alice = client(a, project, aliceAccount);
      const bob = client(b, project, bobAccount);
      clients.push(alice, bob);
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
      for (const c of clients) c.leave();
      await Promise.all(nodes.map((node) => node.stop()));
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
      database.drop();
    }
  });
});
