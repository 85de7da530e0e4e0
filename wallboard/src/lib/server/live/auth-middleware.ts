import type { Socket } from 'socket.io';
import { actorOf } from '../audit/audit-log.ts';
import { resolvePrincipal } from '../auth/resolve.ts';
import { depsReady, type WallboardDeps } from '../deps.ts';
import type { LiveSocketData } from './types.ts';

/**
 * The `/live` handshake: a bearer token in `auth.token`, or the session cookie from a page of the
 * wallboard itself (its `Origin` must be ours, or any site could ride a logged-in browser).
 * Refusals are `unauthorized` (do not retry) or `unavailable` (Redis or NATS away: retry later).
 */
export function liveAuth(deps: WallboardDeps) {
  return async (socket: Socket, next: (err?: Error) => void) => {
    const refuse = (reason: 'unauthorized' | 'unavailable', detail: string) => {
      deps.metrics.refusals.inc({ channel: 'socket', reason: detail });
      deps.log.info({ ip: socket.handshake.address, detail }, `live handshake refused: ${reason}`);
      next(new Error(reason));
    };
    if (!depsReady(deps)) return refuse('unavailable', 'dependencies_down');
    const raw = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const token = typeof raw === 'string' && raw.length > 0 ? raw : undefined;
    let resolved;
    try {
      resolved = await resolvePrincipal(
        { token, cookieHeader: socket.handshake.headers.cookie },
        { authSecret: deps.config.authSecret, displays: deps.displays },
      );
    } catch (e) {
      deps.log.warn({ err: (e as Error).message }, 'live handshake: could not check credentials');
      return refuse('unavailable', 'check_failed');
    }
    const from = { ip: socket.handshake.address, userAgent: socket.handshake.headers['user-agent'] };
    if (!resolved.ok) {
      if (resolved.reason !== 'none')
        await deps.audit
          .append({
            action: 'access.refused',
            actor: actorOf(null),
            outcome: 'refused',
            what: { channel: 'socket', reason: resolved.reason },
            from,
          })
          .catch(() => undefined);
      return refuse('unauthorized', resolved.reason);
    }
    if (resolved.via === 'cookie' && socket.handshake.headers.origin !== deps.config.origin) {
      await deps.audit
        .append({
          action: 'access.refused',
          actor: actorOf(resolved.principal),
          outcome: 'refused',
          what: { channel: 'socket', reason: 'cross_origin', origin: socket.handshake.headers.origin ?? null },
          from,
        })
        .catch(() => undefined);
      return refuse('unauthorized', 'cross_origin');
    }
    (socket.data as LiveSocketData).principal = resolved.principal;
    (socket.data as LiveSocketData).expiresAt = resolved.expiresAt;
    next();
  };
}
