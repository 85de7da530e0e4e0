import { ProgressMessage, PROGRESS_SUBJECT, ViewMessage, viewSubjects, type ViewScope } from '@caseload/shared';
import type { Subscription } from '@nats-io/transport-node';
import type { WallboardDeps } from '../deps.ts';
import { project } from '../views/view-access.ts';
import { safeJson } from '../views/view-store.ts';
import { parseViewRoom, viewRoom, type Projection } from './rooms.ts';
import type { LiveNamespace } from './types.ts';

/**
 * Each wallboard server subscribes to the processor's views itself (plain NATS, no queue group, so
 * several servers side by side each get every view) and emits a view to its rooms at once: the
 * processor already throttles. A view older than one already sent is dropped.
 */
export function relayViews(nsp: LiveNamespace, deps: WallboardDeps): Subscription {
  return deps.nats.subscribe(viewSubjects.all, {
    callback: (err, m) => {
      if (err) return deps.log.warn({ err: err.message }, 'views subscription error');
      // A view nobody here watches is not parsed: the processor publishes every changed unit's view,
      // and validating them all cost this server most of a core at a county's busier rates. A later
      // subscribe reads the view from Redis, so nothing is missed (the room is joined before that read).
      const target = viewOfSubject(m.subject);
      if (target && !watched(nsp, target.scope, target.id))
        return deps.metrics.viewsReceived.inc({ outcome: 'unwatched' });
      const parsed = ViewMessage.safeParse(safeJson(m.string()));
      if (!parsed.success || m.subject !== subjectOf(parsed.data)) {
        deps.metrics.viewsReceived.inc({ outcome: 'invalid' });
        return deps.log.warn({ subject: m.subject }, 'invalid view message dropped');
      }
      const msg = parsed.data;
      if (!deps.views.offer(msg)) return deps.metrics.viewsReceived.inc({ outcome: 'stale' });
      deps.metrics.viewsReceived.inc({ outcome: 'emitted' });
      emitView(nsp, deps, msg);
    },
  });
}

function watched(nsp: LiveNamespace, scope: ViewScope, id: string | undefined): boolean {
  const rooms = nsp.adapter.rooms;
  return !!(rooms.get(viewRoom(scope, id, 'full'))?.size || rooms.get(viewRoom(scope, id, 'display'))?.size);
}

/** The view a subject carries (see viewSubjects), or undefined for a subject of another shape. */
export function viewOfSubject(subject: string): { scope: ViewScope; id?: string } | undefined {
  if (subject === viewSubjects.sites()) return { scope: 'sites' };
  for (const scope of ['unit', 'site'] as const) {
    const prefix = viewSubjects[scope]('');
    if (subject.startsWith(prefix) && subject.length > prefix.length)
      return { scope, id: subject.slice(prefix.length) };
  }
  return undefined;
}

function emitView(nsp: LiveNamespace, deps: WallboardDeps, msg: ViewMessage): void {
  for (const projection of ['full', 'display'] as Projection[]) {
    const room = viewRoom(msg.scope, msg.id, projection);
    if (!nsp.adapter.rooms.get(room)?.size) continue;
    nsp.to(room).emit('view', project(msg, projection));
    deps.metrics.viewsEmitted.inc({ scope: msg.scope, projection });
  }
}

/**
 * After NATS comes back, views published meanwhile were missed: each view someone watches is read
 * again from Redis and pushed when it is newer than the one this server last sent.
 */
export async function resyncWatchedViews(nsp: LiveNamespace, deps: WallboardDeps): Promise<number> {
  let pushed = 0;
  for (const room of nsp.adapter.rooms.keys()) {
    const watched = parseViewRoom(room);
    if (!watched || watched.projection === 'display') continue;
    const before = deps.views.peek(watched.scope, watched.id)?.seq ?? -1;
    const now = await deps.views.current(watched.scope, watched.id);
    if (now && now.seq > before) {
      emitView(nsp, deps, now);
      pushed++;
    }
  }
  return pushed;
}

function subjectOf(msg: ViewMessage): string {
  if (msg.scope === 'sites') return viewSubjects.sites();
  return msg.scope === 'unit' ? viewSubjects.unit(msg.id ?? '') : viewSubjects.site(msg.id ?? '');
}

/** Folds the processor's progress reports into the heartbeat. */
export function followProgress(deps: WallboardDeps): Subscription {
  return deps.nats.subscribe(PROGRESS_SUBJECT, {
    callback: (err, m) => {
      if (err) return;
      const parsed = ProgressMessage.safeParse(safeJson(m.string()));
      if (parsed.success) deps.progress.record(parsed.data);
    },
  });
}
