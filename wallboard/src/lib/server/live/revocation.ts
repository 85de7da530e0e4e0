import type { Subscription } from '@nats-io/transport-node';
import { z } from 'zod';
import type { WallboardDeps } from '../deps.ts';
import { safeJson } from '../views/view-store.ts';
import { displayRoom } from './rooms.ts';
import type { LiveNamespace } from './types.ts';

/** Wallboard servers tell each other that a display was revoked (the record in Redis is the truth). */
export const DISPLAY_REVOKED_SUBJECT = 'wallboard.display.revoked';

const Revoked = z.object({ displayId: z.string() });

export function publishRevocation(deps: WallboardDeps, displayId: string): void {
  deps.nats.publish(DISPLAY_REVOKED_SUBJECT, JSON.stringify({ displayId }));
}

/** `revoked`, then the namespace disconnect: the client stops and shows "not authorised". */
export function dropDisplay(nsp: LiveNamespace, displayId: string): void {
  const room = displayRoom(displayId);
  nsp.to(room).emit('revoked');
  nsp.in(room).disconnectSockets();
}

export function followRevocations(nsp: LiveNamespace, deps: WallboardDeps): Subscription {
  return deps.nats.subscribe(DISPLAY_REVOKED_SUBJECT, {
    callback: (err, m) => {
      if (err) return;
      const parsed = Revoked.safeParse(safeJson(m.string()));
      if (parsed.success) dropDisplay(nsp, parsed.data.displayId);
    },
  });
}

/** Re-checks every connected display against Redis, in case a revocation message was missed. */
export async function sweepRevokedDisplays(nsp: LiveNamespace, deps: WallboardDeps): Promise<void> {
  const ids = new Set<string>();
  for (const socket of nsp.sockets.values()) {
    if (socket.data.principal?.kind === 'display') ids.add(socket.data.principal.id);
  }
  for (const id of ids) {
    if (!(await deps.displays.isActive(id))) dropDisplay(nsp, id);
  }
}
