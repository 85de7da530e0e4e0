// @ts-check
/**
 * Engine.IO v4 and Socket.IO v5 text framing (the protocols socket.io 4.x speaks), for a client that
 * holds a raw WebSocket: k6's `k6/ws` in load tests, the `ws` package in Node tests. Pure functions,
 * no imports, so the same file runs in k6 and in Node.
 *
 * Over the websocket transport every WebSocket text frame is one Engine.IO packet: one digit for its
 * type, then its data. A Socket.IO packet travels as the data of an Engine.IO `message` (4), so the
 * frame `42/live,["view",{...}]` is Engine.IO message + Socket.IO EVENT in namespace `/live`.
 */

/** Engine.IO packet types, by their digit on the wire. */
export const ENGINE = Object.freeze({
  OPEN: '0',
  CLOSE: '1',
  PING: '2',
  PONG: '3',
  MESSAGE: '4',
  UPGRADE: '5',
  NOOP: '6',
});

/** Socket.IO packet types (the digit after the Engine.IO `4`). */
export const SIO = Object.freeze({
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6,
});

/**
 * @typedef {{ type: string, data: string }} EnginePacket
 * @typedef {{ sid: string, upgrades: string[], pingInterval: number, pingTimeout: number, maxPayload?: number }} EngineHandshake
 * @typedef {{ type: number, nsp: string, id?: number, data?: unknown, attachments?: number }} SocketPacket
 */

/**
 * Splits one WebSocket text frame into its Engine.IO type digit and data.
 * @param {string} frame
 * @returns {EnginePacket}
 */
export function decodeEnginePacket(frame) {
  if (typeof frame !== 'string' || frame.length === 0) throw new Error('empty Engine.IO packet');
  const type = frame.charAt(0);
  if (type < ENGINE.OPEN || type > ENGINE.NOOP)
    throw new Error(`unknown Engine.IO packet type ${JSON.stringify(type)}`);
  return { type, data: frame.slice(1) };
}

/**
 * @param {string} type one of ENGINE
 * @param {string} [data]
 * @returns {string}
 */
export function encodeEnginePacket(type, data) {
  return type + (data === undefined ? '' : data);
}

/**
 * Reads the data of the Engine.IO `open` packet (`0{"sid":...,"pingInterval":25000,...}`).
 * @param {string} data
 * @returns {EngineHandshake}
 */
export function parseHandshake(data) {
  const h = JSON.parse(data);
  if (!h || typeof h.sid !== 'string' || typeof h.pingInterval !== 'number' || typeof h.pingTimeout !== 'number') {
    throw new Error('Engine.IO open packet without sid, pingInterval and pingTimeout');
  }
  return h;
}

/**
 * Encodes a Socket.IO packet as the text socket.io-parser's Encoder produces for it (binary
 * packets are out of scope: the wallboard sends JSON only).
 * @param {SocketPacket} packet
 * @returns {string}
 */
export function encodeSocketPacket(packet) {
  if (packet.type === SIO.BINARY_EVENT || packet.type === SIO.BINARY_ACK) {
    throw new Error('binary Socket.IO packets are not supported');
  }
  let out = String(packet.type);
  if (packet.nsp && packet.nsp !== '/') out += packet.nsp + ',';
  if (packet.id !== undefined && packet.id !== null) out += String(packet.id);
  if (packet.data !== undefined && packet.data !== null) out += JSON.stringify(packet.data);
  return out;
}

/**
 * Decodes the text of a Socket.IO packet (without the Engine.IO `4`).
 * @param {string} text
 * @returns {SocketPacket}
 */
export function decodeSocketPacket(text) {
  const type = Number(text.charAt(0));
  if (!(type >= SIO.CONNECT && type <= SIO.BINARY_ACK) || text.length === 0) {
    throw new Error(`unknown Socket.IO packet type in ${JSON.stringify(text.slice(0, 20))}`);
  }
  /** @type {SocketPacket} */
  const packet = { type, nsp: '/' };
  let i = 1;
  if (type === SIO.BINARY_EVENT || type === SIO.BINARY_ACK) {
    const dash = text.indexOf('-', i);
    const count = dash < 0 ? NaN : Number(text.slice(i, dash));
    if (!(count >= 0)) throw new Error('Socket.IO binary packet without an attachment count');
    packet.attachments = count;
    i = dash + 1;
  }
  if (text.charAt(i) === '/') {
    const comma = text.indexOf(',', i);
    const end = comma < 0 ? text.length : comma;
    packet.nsp = text.slice(i, end);
    i = comma < 0 ? text.length : comma + 1;
  }
  let digits = '';
  while (i < text.length && text.charAt(i) >= '0' && text.charAt(i) <= '9') digits += text.charAt(i++);
  if (digits !== '') packet.id = Number(digits);
  if (i < text.length) packet.data = JSON.parse(text.slice(i));
  checkPayload(packet);
  return packet;
}

/** The payload rules of the Socket.IO protocol, so a malformed frame fails here, not later. */
function checkPayload(/** @type {SocketPacket} */ p) {
  const isObject = p.data !== null && typeof p.data === 'object' && !Array.isArray(p.data);
  switch (p.type) {
    case SIO.CONNECT:
      if (p.data !== undefined && !isObject) throw new Error('CONNECT payload must be an object');
      break;
    case SIO.DISCONNECT:
      if (p.data !== undefined) throw new Error('DISCONNECT has no payload');
      break;
    case SIO.CONNECT_ERROR:
      if (!(typeof p.data === 'string' || isObject)) throw new Error('CONNECT_ERROR payload must be an object');
      break;
    case SIO.EVENT:
    case SIO.BINARY_EVENT:
      if (!Array.isArray(p.data) || p.data.length === 0 || typeof p.data[0] !== 'string') {
        throw new Error('EVENT payload must be an array starting with the event name');
      }
      break;
    case SIO.ACK:
    case SIO.BINARY_ACK:
      if (!Array.isArray(p.data)) throw new Error('ACK payload must be an array');
      break;
  }
}

/**
 * One WebSocket frame carrying a Socket.IO packet (Engine.IO `message` + the packet).
 * @param {SocketPacket} packet
 * @returns {string}
 */
export function socketFrame(packet) {
  return encodeEnginePacket(ENGINE.MESSAGE, encodeSocketPacket(packet));
}

/**
 * The frame that joins a namespace, with the handshake `auth` object (`40/live,{"token":"..."}`).
 * @param {string} nsp
 * @param {Record<string, unknown>} [auth]
 */
export function connectFrame(nsp, auth) {
  return socketFrame({ type: SIO.CONNECT, nsp, data: auth });
}

/**
 * An emit of `event` with its arguments, and an acknowledgement id when the emitter wants a reply
 * (`42/live,0["subscribe",{...}]`).
 * @param {string} nsp
 * @param {string} event
 * @param {unknown[]} args
 * @param {number} [ackId]
 */
export function eventFrame(nsp, event, args, ackId) {
  return socketFrame({ type: SIO.EVENT, nsp, id: ackId, data: /** @type {unknown[]} */ ([event]).concat(args) });
}

/**
 * The WebSocket URL of a Socket.IO server given its HTTP(S) base URL, for the websocket transport
 * without the HTTP long-polling first step (`/socket.io/?EIO=4&transport=websocket`).
 * @param {string} baseUrl e.g. http://localhost:3000
 * @param {string} [path] the server's Socket.IO path, `/socket.io/` by default
 */
export function socketIoUrl(baseUrl, path) {
  const m = /^(https?|wss?):\/\/([^/?#]+)(\/[^?#]*)?$/.exec(baseUrl.trim());
  if (!m) throw new Error(`not an http(s) or ws(s) URL: ${baseUrl}`);
  const scheme = m[1] === 'https' || m[1] === 'wss' ? 'wss' : 'ws';
  const prefix = (m[3] || '').replace(/\/+$/, '');
  let p = path || '/socket.io/';
  if (p.charAt(0) !== '/') p = '/' + p;
  if (p.charAt(p.length - 1) !== '/') p += '/';
  return scheme + '://' + m[2] + prefix + p + '?EIO=4&transport=websocket';
}
