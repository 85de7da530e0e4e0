import { randomUUID } from 'node:crypto';
import { VIEW_INTEREST_SUBJECT, type ViewInterest } from '@caseload/shared';
import type { WallboardDeps } from '../deps.ts';
import { parseViewRoom } from './rooms.ts';
import type { LiveNamespace } from './types.ts';

export interface InterestOptions {
  /** How often the whole set is sent again (a processor that starts meanwhile learns it). */
  everyMs?: number;
  /** How long a report holds at the processor; a few periods, so one lost message costs nothing. */
  ttlMs?: number;
}

/**
 * Tells the processors which unit views this server's screens hold (VIEW_INTEREST_SUBJECT): at
 * once when a unit's first screen joins or its last one leaves, and every `everyMs`. The processor
 * rebuilds views nobody holds less often; a screen that subscribes to one gets the stored view at
 * once and the fresh ones as soon as the processor hears of it.
 */
export function announceInterest(nsp: LiveNamespace, deps: WallboardDeps, opts: InterestOptions = {}) {
  const everyMs = opts.everyMs ?? 2000;
  const ttlMs = opts.ttlMs ?? 3 * everyMs;
  // Unique per process: two servers with the same configured name must not replace each other's sets.
  const server = `${deps.config.instanceId}-${randomUUID().slice(0, 8)}`;

  const send = () => {
    const units = new Set<string>();
    for (const [room, members] of nsp.adapter.rooms) {
      const v = members.size ? parseViewRoom(room) : null;
      if (v?.scope === 'unit' && v.id) units.add(v.id);
    }
    const report: ViewInterest = { server, units: [...units], ttlMs };
    try {
      deps.nats.publish(VIEW_INTEREST_SUBJECT, JSON.stringify(report));
    } catch (e) {
      deps.log.warn({ err: (e as Error).message }, 'view interest not sent');
    }
  };

  // Joins and leaves come in bursts (a wall of screens reconnecting): one report per burst.
  let soon: NodeJS.Timeout | undefined;
  const changed = (room: string) => {
    if (soon || parseViewRoom(room)?.scope !== 'unit') return;
    soon = setTimeout(() => {
      soon = undefined;
      send();
    }, 20);
  };
  nsp.adapter.on('create-room', changed);
  nsp.adapter.on('delete-room', changed);
  const timer = setInterval(send, everyMs);
  send();

  return {
    close() {
      clearInterval(timer);
      clearTimeout(soon);
      nsp.adapter.off('create-room', changed);
      nsp.adapter.off('delete-room', changed);
    },
  };
}
