import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { ClientEvents, ServerEvents } from '../../live-events.ts';
import { LIVE_NAMESPACE } from '../../live-events.ts';
import type { WallboardDeps } from '../deps.ts';
import { liveAuth } from './auth-middleware.ts';
import { displayRoom } from './rooms.ts';
import { followRevocations, sweepRevokedDisplays } from './revocation.ts';
import { registerSubscriptionHandlers } from './subscriptions.ts';
import type { LiveNamespace, LiveSocketData } from './types.ts';
import { followProgress, relayViews, resyncWatchedViews } from './view-relay.ts';
import { announceInterest } from './interest.ts';

/** setTimeout's longest delay (about 24.8 days); longer-lived sessions are not timed here. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LiveServer {
  io: Server;
  nsp: LiveNamespace;
  close(): Promise<void>;
}

/**
 * Socket.IO on `/live` of the given HTTP server: authenticated handshakes, subscriptions to views,
 * views relayed from NATS, a heartbeat to every connection, and revoked displays dropped.
 */
export function createLiveServer(httpServer: HttpServer, deps: WallboardDeps): LiveServer {
  const io = new Server<ClientEvents, ServerEvents, Record<string, never>, LiveSocketData>(httpServer, {
    serveClient: false,
    // Views are small and sent whole; no connection-state recovery (CONTRACT §3).
    maxHttpBufferSize: 64 * 1024,
  });
  const nsp: LiveNamespace = io.of(LIVE_NAMESPACE);
  nsp.use(liveAuth(deps));
  nsp.on('connection', (socket) => {
    const { principal } = socket.data;
    deps.metrics.liveConnections.inc({ kind: principal.kind });
    if (principal.kind === 'display') void socket.join(displayRoom(principal.id));
    registerSubscriptionHandlers(socket, deps);
    // A board learns it is live at once rather than after the first interval.
    socket.emit('heartbeat', deps.progress.heartbeat());
    // A session ends with its credential; the client's reconnect is then refused as unauthorized.
    const untilExpiry = socket.data.expiresAt - Date.now();
    const expiry = untilExpiry < MAX_TIMER_MS ? setTimeout(() => socket.disconnect(true), untilExpiry) : undefined;
    socket.on('disconnect', () => {
      clearTimeout(expiry);
      deps.metrics.liveConnections.dec({ kind: principal.kind });
    });
  });

  const subscriptions = [relayViews(nsp, deps), followProgress(deps), followRevocations(nsp, deps)];
  const interest = announceInterest(nsp, deps);
  let closed = false;
  void (async () => {
    // Ends when the NATS connection closes, or at the first status after close().
    for await (const s of deps.nats.status()) {
      if (closed) break;
      if (s.type !== 'reconnect') continue;
      resyncWatchedViews(nsp, deps)
        .then((n) => deps.log.info({ pushed: n }, 'views resynchronised after NATS reconnect'))
        .catch((e) => deps.log.warn({ err: (e as Error).message }, 'view resync failed'));
    }
  })();
  const heartbeat = setInterval(() => nsp.emit('heartbeat', deps.progress.heartbeat()), deps.heartbeatMs);
  const sweep = setInterval(() => {
    sweepRevokedDisplays(nsp, deps).catch((e) => deps.log.warn({ err: (e as Error).message }, 'revocation sweep'));
  }, deps.revocationSweepMs);

  return {
    io,
    nsp,
    async close() {
      clearInterval(heartbeat);
      clearInterval(sweep);
      interest.close();
      for (const s of subscriptions) s.unsubscribe();
      closed = true;
      nsp.disconnectSockets(true);
      // io.close() would also close the HTTP server, which belongs to the caller.
      io.engine.close();
    },
  };
}
