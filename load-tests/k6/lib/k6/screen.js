// @ts-check
/**
 * One wallboard screen per VU iteration: opens a WebSocket with the classic `k6/ws` module (present,
 * unchanged, from k6 v0.2x to 2.x), lets ScreenSession speak Socket.IO over it, holds it for the
 * session length and records what it saw. Runs only inside k6.
 */
import ws from 'k6/ws';
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';
import { ScreenSession } from '../screen-session.js';
import { forVu } from '../config.js';
import { SCREEN } from '../metric-names.js';

/** @typedef {import('../config.js').WallboardConfig} WallboardConfig */
/** @typedef {import('../screen-session.js').Observation} Observation */

const views = new Counter(SCREEN.views);
const heartbeats = new Counter(SCREEN.heartbeats);
const viewAge = new Trend(SCREEN.viewAge, true);
const heartbeatLag = new Trend(SCREEN.heartbeatLag, true);
const connectTime = new Trend(SCREEN.connectTime, true);
const subscribeTime = new Trend(SCREEN.subscribeTime, true);
const connected = new Rate(SCREEN.connected);
const subscribed = new Rate(SCREEN.subscribed);
const connectErrors = new Counter(SCREEN.connectErrors);
const protocolErrors = new Counter(SCREEN.protocolErrors);
const pongs = new Counter(SCREEN.pongs);
const silentDrops = new Counter(SCREEN.silentDrops);
const serverClosed = new Counter(SCREEN.serverClosed);

const MAX_LOGGED_ERRORS = 5;
let loggedErrors = 0;

/**
 * Holds one screen's connection for cfg.sessionSeconds (k6's ws.connect blocks until it closes).
 * @param {WallboardConfig} cfg
 */
export function holdScreen(cfg) {
  const vu = exec.vu.idInTest;
  const subscription = forVu(cfg.subscriptions, vu);
  const session = new ScreenSession(
    { token: forVu(cfg.tokens, vu), subscription, namespace: cfg.namespace },
    Date.now(),
  );
  let joined = false;

  /** @param {Observation} o */
  function record(o) {
    switch (o.kind) {
      case 'connected':
        joined = true;
        connectTime.add(o.ms);
        break;
      case 'subscribed':
        subscribed.add(o.standing ? 1 : 0);
        if (o.standing) subscribeTime.add(o.ms);
        if (!o.ok) warn(`subscribe ${JSON.stringify(subscription)} answered ${o.error}`);
        break;
      case 'view':
        views.add(1);
        viewAge.add(o.ageMs, { scope: o.scope });
        break;
      case 'heartbeat':
        heartbeats.add(1);
        if (o.lagMs !== null) heartbeatLag.add(o.lagMs);
        break;
      case 'ping':
        pongs.add(1);
        break;
      case 'connect_error':
        connectErrors.add(1, { message: o.message });
        warn(`namespace ${cfg.namespace} refused the token: ${o.message}`);
        break;
      case 'disconnected':
      case 'revoked':
        serverClosed.add(1);
        break;
      case 'protocol_error':
        protocolErrors.add(1);
        warn(`protocol error: ${o.message}`);
        break;
    }
  }

  const res = ws.connect(cfg.socketUrl, { tags: { name: 'wallboard_socket' } }, function (socket) {
    socket.on('message', function (frame) {
      const step = session.receive(String(frame), Date.now());
      for (const f of step.send) socket.send(f);
      for (const o of step.observations) {
        record(o);
        // After a refusal or a goodbye there is nothing more to hear on this connection.
        if (o.kind === 'connect_error' || o.kind === 'disconnected' || o.kind === 'revoked') socket.close();
      }
    });
    socket.on('error', function (e) {
      warn(`websocket error: ${e.error()}`);
    });
    socket.setInterval(function () {
      const now = Date.now();
      for (const f of session.tick(now)) socket.send(f);
      for (const event of session.takeOverdueAcks(now, cfg.ackTimeoutMs)) {
        subscribed.add(0);
        warn(`no acknowledgement of ${event} within ${cfg.ackTimeoutMs} ms`);
      }
      if (session.isSilent(now)) {
        silentDrops.add(1);
        socket.close();
      }
    }, 1000);
    socket.setTimeout(function () {
      socket.close();
    }, cfg.sessionSeconds * 1000);
  });

  // Acknowledgements still awaited when the session ended never came.
  for (let i = session.takeOverdueAcks(Infinity, -1).length; i > 0; i--) subscribed.add(0);
  connected.add(joined ? 1 : 0);
  if (!res || res.status !== 101)
    warn(`websocket upgrade answered ${res ? res.status : 'nothing'} at ${cfg.socketUrl}`);
}

/** @param {string} message */
function warn(message) {
  if (loggedErrors >= MAX_LOGGED_ERRORS) return;
  loggedErrors++;
  console.warn(`screen vu ${exec.vu.idInTest}: ${message}`);
}
