// @ts-check
// A light y-websocket client for the live-room load benchmark (rooms.mjs): a `ws` socket
// speaking the protocol's framing (sync step 1 / step 2 / update, awareness) with no provider.
// It completes the handshake any y-websocket client does — sends its sync step 1, answers the
// server's step 1 with a step 2, and counts as synced once the server's step 2 arrived — so the
// server treats it as a member; what it does with later frames is up to its owner.

import WebSocket from 'ws';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** An empty Yjs v1 update (no structs, empty delete set). */
const EMPTY_UPDATE = Uint8Array.of(0, 0);
/** An empty state vector. */
const EMPTY_STATE_VECTOR = Uint8Array.of(0);

/**
 * Appends `n` as lib0's variable-length unsigned integer.
 * @param {number[]} out @param {number} n
 */
function writeVarUint(out, n) {
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f));
    n = Math.floor(n / 128);
  }
  out.push(n);
}

/**
 * A frame of varuints followed by optional length-prefixed byte arrays.
 * @param {number[]} head @param {...Uint8Array} arrays
 */
export function frame(head, ...arrays) {
  /** @type {number[]} */
  const prefix = [];
  for (const n of head) writeVarUint(prefix, n);
  /** @type {Uint8Array[]} */
  const parts = [Uint8Array.from(prefix)];
  for (const a of arrays) {
    /** @type {number[]} */
    const length = [];
    writeVarUint(length, a.length);
    parts.push(Uint8Array.from(length), a);
  }
  return Buffer.concat(parts);
}

/**
 * A lib0 var string (length, UTF-8 bytes).
 * @param {string} text
 */
const varString = (text) => frame([], Buffer.from(text, 'utf8'));

/**
 * An awareness update setting one client's state (y-protocols' encoding) as a whole frame.
 * @param {number} clientId @param {number} clock @param {unknown} state
 */
export function awarenessFrame(clientId, clock, state) {
  /** @type {number[]} */
  const head = [];
  writeVarUint(head, 1);
  writeVarUint(head, clientId);
  writeVarUint(head, clock);
  const update = Buffer.concat([Uint8Array.from(head), varString(JSON.stringify(state))]);
  return frame([MESSAGE_AWARENESS], update);
}

/** A document update as a whole frame. @param {Uint8Array} update */
export const updateFrame = (update) => frame([MESSAGE_SYNC, SYNC_UPDATE], update);

/**
 * Reads a varuint at `at`; returns the value and the next offset.
 * @param {Uint8Array} bytes @param {number} at
 */
export function readVarUint(bytes, at) {
  let n = 0;
  let mult = 1;
  for (;;) {
    const b = bytes[at++];
    if (b === undefined) throw new Error('truncated varuint');
    n += (b & 0x7f) * mult;
    if (b < 0x80) return { value: n, next: at };
    mult *= 128;
  }
}

/**
 * @typedef {object} ClientOptions
 * @property {string} url
 * @property {Record<string, string>} [headers]
 * @property {string} [localAddress]  the loopback address to connect from (spreads ports)
 * @property {() => Uint8Array} [stateVector]  what the client has (default: nothing)
 * @property {(stateVector: Uint8Array) => Uint8Array} [answer]  its sync step 2 for the server's step 1 (default: empty)
 * @property {(bytes: Buffer, type: number, sub: number) => void} [onFrame]  every frame after the handshake started
 */

/**
 * @typedef {object} RoomClient
 * @property {WebSocket} ws
 * @property {Promise<void>} synced  resolves once the server's sync step 2 arrived
 * @property {() => { code: number, reason: string } | null} closed
 * @property {(bytes: Uint8Array) => void} send
 */

/**
 * Connects and runs the y-websocket handshake.
 * @param {ClientOptions} options
 * @returns {RoomClient}
 */
export function connectClient(options) {
  const ws = new WebSocket(options.url, {
    headers: options.headers ?? {},
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    // Compression would cost the generator more than the server: off for both servers.
    perMessageDeflate: false,
  });
  /** @type {{ code: number, reason: string } | null} */
  let closed = null;
  const synced = new Promise((resolve, reject) => {
    ws.on('open', () => {
      ws.send(frame([MESSAGE_SYNC, SYNC_STEP1], options.stateVector?.() ?? EMPTY_STATE_VECTOR));
    });
    ws.on('message', (/** @type {Buffer} */ data) => {
      const { value: type, next } = readVarUint(data, 0);
      if (type !== MESSAGE_SYNC) {
        options.onFrame?.(data, type, -1);
        return;
      }
      const { value: sub, next: body } = readVarUint(data, next);
      if (sub === SYNC_STEP1) {
        const { value: length, next: start } = readVarUint(data, body);
        const sv = data.subarray(start, start + length);
        ws.send(frame([MESSAGE_SYNC, SYNC_STEP2], options.answer?.(sv) ?? EMPTY_UPDATE));
      } else if (sub === SYNC_STEP2) {
        resolve(undefined);
      }
      options.onFrame?.(data, type, sub);
    });
    ws.on('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
    ws.on('error', (error) => reject(error));
    ws.on('close', (code, reason) => {
      closed = { code, reason: reason.toString() };
      reject(new Error(`closed before synced: ${code} ${reason}`));
    });
  });
  // A rejection nobody awaits (the socket closed later) is not an error of the process.
  synced.catch(() => {});
  return {
    ws,
    synced,
    closed: () => closed,
    send: (bytes) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(bytes);
    },
  };
}
