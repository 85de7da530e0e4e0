import type { UnitView, ViewMessage, ViewScope } from '@caseload/shared';
import { canViewSite, canViewSites, canViewUnit } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import type { Projection } from '../live/rooms.ts';
import { projectForDisplay } from './projection.ts';
import type { ViewStore } from './view-store.ts';

export type ViewAnswer =
  { ok: true; message: ViewMessage; projection: Projection } | { ok: false; error: 'forbidden' | 'not_found' };

export function projectionOf(p: Principal): Projection {
  return p.role === 'display' ? 'display' : 'full';
}

export function project(message: ViewMessage, projection: Projection): ViewMessage {
  return projection === 'display' ? projectForDisplay(message) : message;
}

/**
 * A view as this principal may see it, for sockets and HTTP alike. A missing unit answers
 * `not_found` only to someone whose unit list names it, so scope cannot be used to probe for units.
 */
export async function viewFor(
  p: Principal,
  scope: ViewScope,
  id: string | undefined,
  views: ViewStore,
): Promise<ViewAnswer> {
  if (scope === 'sites' && !canViewSites(p)) return { ok: false, error: 'forbidden' };
  if (scope === 'site' && !canViewSite(p, id ?? '')) return { ok: false, error: 'forbidden' };
  const message = await views.current(scope, id);
  if (scope === 'unit') {
    const siteId = message ? (message.view as UnitView).siteId : undefined;
    if (!canViewUnit(p, { unitId: id ?? '', siteId })) return { ok: false, error: 'forbidden' };
  }
  if (!message) return { ok: false, error: 'not_found' };
  const projection = projectionOf(p);
  return { ok: true, message: project(message, projection), projection };
}
