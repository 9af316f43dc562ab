// The live connection with real parts: two engines (the real WASM engine, loaded from its bytes),
// each behind a CollabConnection, in one room of `@y/websocket-server` (the standard Y.js relay,
// from npm) on loopback, over real WebSockets (`ws`: Node 20 has no global WebSocket).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { HyperBridge, type EngineError, type ElementId } from '../bridge/HyperBridge';
import { CollabConnection, type LiveStatus } from './connection';

const here = dirname(fileURLToPath(import.meta.url));
const wasm = readFileSync(join(here, '..', 'bridge', '__generated__', 'omnios_wasm_bg.wasm'));
const relayScript = join(here, '..', '..', '..', 'node_modules', '@y', 'websocket-server', 'src', 'server.js');

let relay: ChildProcess;
let relayUrl = '';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  relay = spawn(process.execPath, [relayScript], { env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    relay.once('exit', (code) => reject(new Error(`the relay exited (${code})`)));
    relay.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('running at')) resolve();
    });
  });
  relayUrl = `ws://127.0.0.1:${port}`;
}, 30_000);

afterAll(() => {
  relay.kill();
});

interface Peer {
  readonly bridge: HyperBridge;
  readonly connection: CollabConnection;
  readonly statuses: LiveStatus[];
  readonly refused: EngineError[];
  gesture: boolean;
}

const open: Peer[] = [];
afterEach(() => {
  for (const peer of open.splice(0)) peer.connection.close();
});

/** An engine joined to `room`; `seed`: it starts with a page (else empty, filled by the room). */
async function joinRoom(room: string, seed: boolean): Promise<Peer> {
  const bridge = await HyperBridge.load({ wasm });
  if (seed) bridge.newProject();
  else bridge.openFromDoc(new Uint8Array());
  const statuses: LiveStatus[] = [];
  const refused: EngineError[] = [];
  const peer: Peer = {
    bridge,
    statuses,
    refused,
    gesture: false,
    connection: new CollabConnection(
      `${relayUrl}/${room}`,
      {
        syncStep1: () => bridge.syncStep1(),
        receiveSyncMessage: (frame) => bridge.receiveSyncMessage(frame),
        syncUpdateMessage: (update) => bridge.syncUpdateMessage(update),
        canApply: () => !peer.gesture,
        renewAwareness: () => bridge.setAwarenessState({ user: { name: 'test', color: '#123456' } }),
        leaveAwareness: () => bridge.clearAwarenessState(),
      },
      {
        createSocket: (url) => new WebSocket(url) as unknown as globalThis.WebSocket,
        backoff: { baseMs: 40, maxMs: 200 },
        onRefused: (error) => refused.push(error),
      },
    ),
  };
  peer.connection.onStatus((s) => statuses.push(s));
  bridge.onLocalUpdate((update) => peer.connection.publish(update));
  open.push(peer);
  return peer;
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const synced = (peer: Peer): boolean => peer.connection.status().state === 'live' && !peer.connection.status().unsynced;
const json = (peer: Peer): string => peer.bridge.toJSON();

function addText(peer: Peer, content: string): ElementId {
  const root = peer.bridge.fullDeltas().pages[0]?.root;
  if (root === undefined) throw new Error('no page yet');
  const id = peer.bridge.commit({ type: 'create_element', kind: 'text', parent: root, content }).created[0];
  if (id === undefined) throw new Error('nothing created');
  return id;
}

/** A, holding a page, then B, empty, in a new room; both live, B holding A's page. */
async function twoPeers(): Promise<{ a: Peer; b: Peer; room: string }> {
  const room = crypto.randomUUID();
  const a = await joinRoom(room, true);
  await until('A is live', () => synced(a));
  const b = await joinRoom(room, false);
  await until('B is live with the page', () => synced(b) && b.bridge.fullDeltas().pages.length === 1);
  return { a, b, room };
}

describe('CollabConnection', () => {
  it('syncs a newcomer, then carries each edit live, and says when the server has them', async () => {
    const room = crypto.randomUUID();
    const a = await joinRoom(room, true);
    await until('A is live', () => synced(a));
    const b = await joinRoom(room, false);
    await until('B has the page', () => b.bridge.fullDeltas().pages.length === 1);
    const hello = addText(a, 'Hello');
    expect(a.connection.status().unsynced).toBe(true);
    await until('B has the text', () => b.bridge.fullDeltas().elements.some((e) => e.id === hello));
    await until('A is acknowledged', () => synced(a));
    expect(json(b)).toBe(json(a));
  });

  it('keeps edits made offline and merges them both ways on reconnect', async () => {
    const { a, b } = await twoPeers();
    b.connection.disconnect();
    expect(b.connection.status().state).toBe('offline');
    const fromB = addText(b, 'written offline');
    expect(b.connection.status()).toMatchObject({ state: 'offline', unsynced: true });
    const fromA = addText(a, 'written meanwhile');
    await until('A is acknowledged', () => synced(a));
    expect(b.bridge.fullDeltas().elements.some((e) => e.id === fromA)).toBe(false);
    b.connection.reconnect();
    await until('both have both', () =>
      [a, b].every((p) => [fromA, fromB].every((id) => p.bridge.fullDeltas().elements.some((e) => e.id === id))),
    );
    await until('B is acknowledged', () => synced(b));
    expect(json(b)).toBe(json(a));
  });

  it('reconnects by itself with backoff when the socket drops', async () => {
    const { a, b } = await twoPeers();
    // Drop B's socket from under it, as a network loss does.
    (b.connection as unknown as { socket: globalThis.WebSocket }).socket.close();
    await until('B noticed', () => b.connection.status().state !== 'live');
    const offline = b.statuses.find((s) => s.state === 'offline');
    expect(offline?.retryAt).toBeGreaterThan(Date.now() - 1000);
    const later = addText(a, 'while B was away');
    await until('B is back and has it', () => synced(b) && b.bridge.fullDeltas().elements.some((e) => e.id === later));
    expect(b.connection.status().attempt).toBe(0);
  });

  it('holds remote updates while a gesture is open, then applies them in order', async () => {
    const { a, b } = await twoPeers();
    b.gesture = true;
    const first = addText(a, 'one');
    const second = addText(a, 'two');
    await until('A is acknowledged', () => synced(a));
    await new Promise((r) => setTimeout(r, 150));
    expect(b.bridge.fullDeltas().elements.some((e) => e.id === first)).toBe(false);
    b.gesture = false;
    await until('B has both', () => [first, second].every((id) => b.bridge.fullDeltas().elements.some((e) => e.id === id)));
    expect(json(b)).toBe(json(a));
  });

  it('refuses a raw Y.js update that writes what no command could, reports it and changes nothing', async () => {
    const { a, b, room } = await twoPeers();
    const before = json(b);
    // A plain Y.js client writes an element under an id no command accepts.
    const rogue = new Y.Doc();
    rogue.getMap('elements').set('x,*', new Y.Map());
    const socket = new WebSocket(`${relayUrl}/${room}`);
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(b.bridge.syncUpdateMessage(Y.encodeStateAsUpdate(rogue)));
    await until('both refused it', () => a.refused.length > 0 && b.refused.length > 0);
    socket.close();
    expect(b.refused[0]?.code).toBe('invalid_id');
    expect(json(b)).toBe(before);
    expect(json(a)).toBe(before);
    // The connection goes on: a later edit still arrives.
    const after = addText(a, 'still live');
    await until('B has the later edit', () => b.bridge.fullDeltas().elements.some((e) => e.id === after));
  });

  it('a server that refuses an edit (4422) or a write (4403) is not tried again: the status says why', async () => {
    for (const [code, why] of [
      [4422, 'the server refused an edit from here: comment in another name'],
      [4403, 'this project is view-only for you: read only'],
    ] as const) {
      // A server that closes every connection as the room does after refusing its sender.
      const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      await new Promise((resolve) => server.once('listening', resolve));
      let connections = 0;
      server.on('connection', (socket) => {
        connections += 1;
        socket.once('message', () => socket.close(code, why.split(': ')[1]));
      });
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const bridge = await HyperBridge.load({ wasm });
      bridge.newProject();
      const connection = new CollabConnection(
        `ws://127.0.0.1:${port}/p`,
        {
          syncStep1: () => bridge.syncStep1(),
          receiveSyncMessage: (frame) => bridge.receiveSyncMessage(frame),
          syncUpdateMessage: (update) => bridge.syncUpdateMessage(update),
          canApply: () => true,
          renewAwareness: () => null,
          leaveAwareness: () => null,
        },
        { createSocket: (url) => new WebSocket(url) as unknown as globalThis.WebSocket, backoff: { baseMs: 20, maxMs: 40 } },
      );
      await until('closed for good', () => connection.status().refused !== null);
      // With a 20–40 ms backoff, a connection that retried would have tried again ten times by now.
      await new Promise((r) => setTimeout(r, 400));
      expect(connections).toBe(1);
      expect(connection.status()).toMatchObject({ state: 'offline', retryAt: null, refused: why });
      // Reconnecting is the user's choice: it tries once more.
      connection.reconnect();
      await until('tried again', () => connections === 2);
      connection.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
