import { Id } from '@caseload/shared';
import { z } from 'zod';
import type { SubscribeAck } from '../../live-events.ts';
import { actorOf } from '../audit/audit-log.ts';
import type { WallboardDeps } from '../deps.ts';
import { viewFor, projectionOf } from '../views/view-access.ts';
import { viewRoom } from './rooms.ts';
import type { LiveSocket } from './types.ts';

const SubscribeRequest = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('unit'), id: Id }),
  z.strictObject({ scope: z.literal('site'), id: Id }),
  z.strictObject({ scope: z.literal('sites') }),
]);

/**
 * `subscribe` joins the room of the view in the principal's projection and answers with the whole
 * current view; `unsubscribe` leaves it. Every payload is validated; a refusal is logged and audited.
 */
export function registerSubscriptionHandlers(socket: LiveSocket, deps: WallboardDeps): void {
  const principal = socket.data.principal;
  const projection = projectionOf(principal);

  socket.on('subscribe', async (request, ack) => {
    if (typeof ack !== 'function') return;
    const parsed = SubscribeRequest.safeParse(request);
    if (!parsed.success) return ack({ ok: false, error: 'invalid' });
    const { scope } = parsed.data;
    const id = parsed.data.scope === 'sites' ? undefined : parsed.data.id;
    const room = viewRoom(scope, id, projection);
    // Join before reading, so an update published meanwhile is not missed; the seq sorts out the order.
    await socket.join(room);
    let answer: SubscribeAck;
    try {
      const found = await viewFor(principal, scope, id, deps.views);
      answer = found.ok ? { ok: true, view: found.message } : { ok: false, error: found.error };
    } catch (e) {
      deps.log.warn({ err: (e as Error).message }, 'subscribe: view unavailable');
      answer = { ok: false, error: 'unavailable' };
    }
    // `not_found` keeps the room: the view's first publication (a unit the processor has not yet
    // computed) then reaches the subscriber without a second subscribe.
    if (!answer.ok && answer.error !== 'not_found') {
      await socket.leave(room);
      if (answer.error === 'forbidden') {
        deps.metrics.refusals.inc({ channel: 'socket', reason: 'forbidden' });
        deps.log.info({ principal: principal.id, role: principal.role, scope, id }, 'live subscribe refused');
        await deps.audit
          .append({
            action: 'access.refused',
            actor: actorOf(principal),
            outcome: 'refused',
            what: { channel: 'socket', scope, id: id ?? null, reason: 'forbidden' },
            from: { ip: socket.handshake.address, userAgent: socket.handshake.headers['user-agent'] },
          })
          .catch(() => undefined);
      }
    }
    ack(answer);
  });

  socket.on('unsubscribe', async (request, ack) => {
    const parsed = SubscribeRequest.safeParse(request);
    if (!parsed.success) return typeof ack === 'function' ? ack({ ok: false, error: 'invalid' }) : undefined;
    const id = parsed.data.scope === 'sites' ? undefined : parsed.data.id;
    await socket.leave(viewRoom(parsed.data.scope, id, projection));
    if (typeof ack === 'function') ack({ ok: true });
  });
}
