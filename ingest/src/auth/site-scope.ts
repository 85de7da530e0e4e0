import type { CaseloadEvent } from '@caseload/shared';
import type { Scope } from './api-keys.ts';

export interface Forbidden {
  index: number;
  id: string;
  reason: string;
}

/** Units an event names (a transfer names two), for looking their sites up before the check. */
export function unitsNamed(e: CaseloadEvent): string[] {
  if (e.type === 'caseload.site.upserted') return [];
  if (e.type === 'caseload.case.assigned' && e.data.fromUnitId) return [e.data.unitId, e.data.fromUnitId];
  return [e.data.unitId];
}

/** The unit → site placements a request makes, in order (the last one of a unit wins). */
export function placementsOf(events: readonly { event: CaseloadEvent }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { event: e } of events) if (e.type === 'caseload.unit.upserted') out.set(e.data.unitId, e.data.siteId);
  return out;
}

/**
 * Which events a site-limited key may not send. A unit's site is the one placed earlier in the same
 * request, else the known one; a unit nobody placed cannot be checked and so is refused. Moving a
 * unit needs both its old and its new site in scope.
 */
export function forbiddenEvents(
  events: readonly { index: number; event: CaseloadEvent }[],
  scope: Scope,
  knownSites: ReadonlyMap<string, string>,
): Forbidden[] {
  if (scope.all) return [];
  const placed = new Map<string, string>();
  const siteOf = (unitId: string) => placed.get(unitId) ?? knownSites.get(unitId);
  const out: Forbidden[] = [];
  for (const { index, event: e } of events) {
    const reason = reasonToRefuse(e, scope.sites, siteOf);
    if (reason) out.push({ index, id: e.id, reason });
    if (e.type === 'caseload.unit.upserted') placed.set(e.data.unitId, e.data.siteId);
  }
  return out;
}

function reasonToRefuse(
  e: CaseloadEvent,
  sites: ReadonlySet<string>,
  siteOf: (unitId: string) => string | undefined,
): string | undefined {
  if (e.type === 'caseload.site.upserted')
    return sites.has(e.data.siteId) ? undefined : `site ${e.data.siteId} is outside this key's sites`;
  if (e.type === 'caseload.unit.upserted') {
    if (!sites.has(e.data.siteId)) return `site ${e.data.siteId} is outside this key's sites`;
    const before = siteOf(e.data.unitId);
    return before === undefined || sites.has(before)
      ? undefined
      : `unit ${e.data.unitId} belongs to a site outside this key's sites`;
  }
  for (const unitId of unitsNamed(e)) {
    const site = siteOf(unitId);
    if (site === undefined)
      return `unit ${unitId} is not placed in any site yet (send its caseload.unit.upserted first)`;
    if (!sites.has(site)) return `unit ${unitId} belongs to a site outside this key's sites`;
  }
  return undefined;
}
