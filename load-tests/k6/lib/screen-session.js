// @ts-check
/**
 * One wallboard screen's conversation with the Socket.IO server (CONTRACT §3), as a state machine
 * over text frames: feed it each frame received with the receipt time, send back the frames it
 * returns, record the observations it returns. No I/O and no k6 imports, so k6 (`k6/ws`) and a
 * Node test (`ws`) drive exactly the same protocol code.
 *
 *   server  0{"sid":..,"pingInterval":..}   → client  40/live,{"token":..}
 *   server  40/live,{"sid":..}              → client  42/live,0["subscribe",{"scope":"unit","id":"U"}]
 *   server  43/live,0[{"ok":true,"view":..}]   (the subscribe acknowledgement)
 *   server  42/live,["view",{..,"generatedAt":..}] / 42/live,["heartbeat",{..}]
 *   server  2 (ping)                        → client  3 (pong)
 *   server  44/live,{"message":"unauthorized"}  (refused: the caller closes)
 */
import {
  ENGINE,
  SIO,
  connectFrame,
  decodeEnginePacket,
  decodeSocketPacket,
  eventFrame,
  parseHandshake,
} from './socketio.js';

/**
 * @typedef {{ scope: 'unit' | 'site' | 'sites', id?: string }} Subscription
 * @typedef {{ token: string, subscription: Subscription, namespace?: string }} ScreenOptions
 * @typedef {{ kind: 'handshake', pingInterval: number, pingTimeout: number }
 *   | { kind: 'connected', ms: number }
 *   | { kind: 'connect_error', message: string }
 *   | { kind: 'subscribed', ok: boolean, standing: boolean, error?: string, ms: number }
 *   | { kind: 'view', ageMs: number, scope: string, id?: string, seq: number }
 *   | { kind: 'heartbeat', lagMs: number | null }
 *   | { kind: 'revoked' }
 *   | { kind: 'event', name: string }
 *   | { kind: 'ping' }
 *   | { kind: 'disconnected', reason: string }
 *   | { kind: 'protocol_error', message: string }} Observation
 * @typedef {{ send: string[], observations: Observation[] }} Step
 */

/** Wait before subscribing again after `unavailable` (the server could not read the view just now). */
export const RESUBSCRIBE_AFTER_MS = 2000;

export class ScreenSession {
  /**
   * @param {ScreenOptions} options
   * @param {number} startedAtMs when the WebSocket connect began (for connect and subscribe times)
   */
  constructor(options, startedAtMs) {
    this.token = options.token;
    this.subscription = options.subscription;
    this.namespace = options.namespace || '/live';
    this.startedAtMs = startedAtMs;
    /** 'opening' until the Engine.IO handshake, 'joining' until the namespace answers, then 'live'; 'closed' at the end. */
    this.state = 'opening';
    /** @type {number | null} */
    this.pingInterval = null;
    /** @type {number | null} */
    this.pingTimeout = null;
    /** @type {number | null} the last time the server showed it is alive (handshake or ping) */
    this.lastPingAtMs = null;
    this.nextAckId = 0;
    /** @type {Record<string, { event: string, sentAtMs: number }>} */
    this.pendingAcks = {};
    /** @type {number | null} when to subscribe again after an `unavailable` answer */
    this.resubscribeAtMs = null;
  }

  /**
   * Frames due by the clock rather than by a received frame: a new `subscribe` once the wait after
   * an `unavailable` answer is over (CONTRACT §3: retry later). Call it every second or so.
   * @param {number} nowMs
   * @returns {string[]}
   */
  tick(nowMs) {
    if (this.resubscribeAtMs === null || nowMs < this.resubscribeAtMs || this.state !== 'live') return [];
    this.resubscribeAtMs = null;
    return [this.emitWithAck('subscribe', [this.subscription], nowMs)];
  }

  /**
   * Handles one received frame.
   * @param {string} frame
   * @param {number} nowMs receipt time (wall clock, ms since the epoch)
   * @returns {Step}
   */
  receive(frame, nowMs) {
    /** @type {Step} */
    const step = { send: [], observations: [] };
    let packet;
    try {
      packet = decodeEnginePacket(frame);
    } catch (e) {
      step.observations.push({ kind: 'protocol_error', message: errorText(e) });
      return step;
    }
    switch (packet.type) {
      case ENGINE.OPEN:
        this.onOpen(packet.data, nowMs, step);
        break;
      case ENGINE.PING:
        // Engine.IO v4: the server pings, the client answers; no answer within pingTimeout closes us.
        this.lastPingAtMs = nowMs;
        step.send.push(ENGINE.PONG);
        step.observations.push({ kind: 'ping' });
        break;
      case ENGINE.CLOSE:
        this.state = 'closed';
        step.observations.push({ kind: 'disconnected', reason: 'engine close' });
        break;
      case ENGINE.MESSAGE:
        this.onMessage(packet.data, nowMs, step);
        break;
      case ENGINE.NOOP:
        break;
      default:
        step.observations.push({ kind: 'protocol_error', message: `unexpected Engine.IO packet ${packet.type}` });
    }
    return step;
  }

  /**
   * True when the server has been silent past pingInterval + pingTimeout: the connection is dead
   * even if the TCP socket is not closed yet (what a real client would give up on).
   * @param {number} nowMs
   */
  isSilent(nowMs) {
    if (this.lastPingAtMs === null || this.pingInterval === null || this.pingTimeout === null) return false;
    return nowMs - this.lastPingAtMs > this.pingInterval + this.pingTimeout;
  }

  /**
   * Names of acknowledgements awaited for longer than timeoutMs (each reported once).
   * @param {number} nowMs
   * @param {number} timeoutMs
   * @returns {string[]}
   */
  takeOverdueAcks(nowMs, timeoutMs) {
    /** @type {string[]} */
    const overdue = [];
    for (const id of Object.keys(this.pendingAcks)) {
      const pending = this.pendingAcks[id];
      if (pending && nowMs - pending.sentAtMs > timeoutMs) {
        overdue.push(pending.event);
        delete this.pendingAcks[id];
      }
    }
    return overdue;
  }

  /**
   * @param {string} data
   * @param {number} nowMs
   * @param {Step} step
   */
  onOpen(data, nowMs, step) {
    let handshake;
    try {
      handshake = parseHandshake(data);
    } catch (e) {
      step.observations.push({ kind: 'protocol_error', message: errorText(e) });
      return;
    }
    this.pingInterval = handshake.pingInterval;
    this.pingTimeout = handshake.pingTimeout;
    this.lastPingAtMs = nowMs;
    this.state = 'joining';
    step.observations.push({
      kind: 'handshake',
      pingInterval: handshake.pingInterval,
      pingTimeout: handshake.pingTimeout,
    });
    step.send.push(connectFrame(this.namespace, { token: this.token }));
  }

  /**
   * @param {string} data
   * @param {number} nowMs
   * @param {Step} step
   */
  onMessage(data, nowMs, step) {
    let p;
    try {
      p = decodeSocketPacket(data);
    } catch (e) {
      step.observations.push({ kind: 'protocol_error', message: errorText(e) });
      return;
    }
    if (p.nsp !== this.namespace) {
      step.observations.push({ kind: 'protocol_error', message: `packet for namespace ${p.nsp}` });
      return;
    }
    switch (p.type) {
      case SIO.CONNECT:
        this.state = 'live';
        step.observations.push({ kind: 'connected', ms: nowMs - this.startedAtMs });
        step.send.push(this.emitWithAck('subscribe', [this.subscription], nowMs));
        break;
      case SIO.CONNECT_ERROR:
        this.state = 'closed';
        step.observations.push({ kind: 'connect_error', message: connectErrorMessage(p.data) });
        break;
      case SIO.DISCONNECT:
        this.state = 'closed';
        step.observations.push({ kind: 'disconnected', reason: 'server disconnect' });
        break;
      case SIO.ACK:
        this.onAck(p.id, p.data, nowMs, step);
        break;
      case SIO.EVENT:
        this.onEvent(/** @type {unknown[]} */ (p.data), nowMs, step);
        break;
      default:
        step.observations.push({ kind: 'protocol_error', message: `unexpected Socket.IO packet type ${p.type}` });
    }
  }

  /**
   * @param {string} event
   * @param {unknown[]} args
   * @param {number} nowMs
   */
  emitWithAck(event, args, nowMs) {
    const id = this.nextAckId++;
    this.pendingAcks[String(id)] = { event, sentAtMs: nowMs };
    return eventFrame(this.namespace, event, args, id);
  }

  /**
   * @param {number | undefined} id
   * @param {unknown} data
   * @param {number} nowMs
   * @param {Step} step
   */
  onAck(id, data, nowMs, step) {
    const pending = id === undefined ? undefined : this.pendingAcks[String(id)];
    if (id === undefined || !pending) {
      step.observations.push({ kind: 'protocol_error', message: `acknowledgement ${id} was not asked for` });
      return;
    }
    delete this.pendingAcks[String(id)];
    const reply = Array.isArray(data) ? data[0] : undefined;
    const ok = isRecord(reply) && reply.ok === true;
    const error = ok ? undefined : isRecord(reply) && typeof reply.error === 'string' ? reply.error : 'malformed reply';
    // `not_found`: no view yet, but the subscription stands and the first view will be pushed.
    /** @type {Observation} */
    const obs = { kind: 'subscribed', ok, standing: ok || error === 'not_found', ms: nowMs - pending.sentAtMs };
    if (error !== undefined) obs.error = error;
    if (error === 'unavailable') this.resubscribeAtMs = nowMs + RESUBSCRIBE_AFTER_MS;
    step.observations.push(obs);
  }

  /**
   * @param {unknown[]} args
   * @param {number} nowMs
   * @param {Step} step
   */
  onEvent(args, nowMs, step) {
    const name = String(args[0]);
    const body = args[1];
    if (name === 'view') {
      const generated = isRecord(body) && typeof body.generatedAt === 'string' ? Date.parse(body.generatedAt) : NaN;
      if (!isRecord(body) || isNaN(generated)) {
        step.observations.push({ kind: 'protocol_error', message: 'view without a generatedAt time' });
        return;
      }
      /** @type {Observation} */
      const obs = {
        kind: 'view',
        ageMs: nowMs - generated,
        scope: String(body.scope),
        seq: typeof body.seq === 'number' ? body.seq : -1,
      };
      if (typeof body.id === 'string') obs.id = body.id;
      step.observations.push(obs);
    } else if (name === 'heartbeat') {
      const lag = isRecord(body) && typeof body.lagMs === 'number' ? body.lagMs : null;
      step.observations.push({ kind: 'heartbeat', lagMs: lag });
    } else if (name === 'revoked') {
      step.observations.push({ kind: 'revoked' });
    } else {
      step.observations.push({ kind: 'event', name });
    }
  }
}

/**
 * The message of a CONNECT_ERROR payload (`{"message":"unauthorized"}`; very old servers sent a string).
 * @param {unknown} data
 */
function connectErrorMessage(data) {
  if (typeof data === 'string') return data;
  return isRecord(data) && typeof data.message === 'string' ? data.message : 'unknown';
}

/**
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
function isRecord(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** @param {unknown} e */
function errorText(e) {
  return e instanceof Error ? e.message : String(e);
}
