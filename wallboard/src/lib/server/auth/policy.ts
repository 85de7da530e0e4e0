import type { Principal } from './principal.ts';

/**
 * The roles and scopes of CONTRACT §4 as pure decisions, one place for HTTP routes and sockets.
 * display, lead and supervisor are limited to their units (or every unit of their sites);
 * operations, auditor and admin are county-wide but may only do what their row allows.
 */
export interface UnitRef {
  unitId: string;
  siteId?: string | undefined;
}

export function inUnitScope(p: Principal, ref: UnitRef): boolean {
  if (p.role === 'operations') return true;
  return p.units.includes(ref.unitId) || (ref.siteId !== undefined && p.sites.includes(ref.siteId));
}

const UNIT_ROLES = new Set(['display', 'lead', 'supervisor']);

export function canViewUnit(p: Principal, ref: UnitRef): boolean {
  return p.role === 'operations' || (UNIT_ROLES.has(p.role) && inUnitScope(p, ref));
}

export function canViewSite(p: Principal, siteId: string): boolean {
  return p.role === 'operations' || (UNIT_ROLES.has(p.role) && p.sites.includes(siteId));
}

export function canViewSites(p: Principal): boolean {
  return p.role === 'operations';
}

/** Signals with evidence, worker pages, the pool and the capacity log. */
export function canDrillDown(p: Principal, ref: UnitRef): boolean {
  return p.role === 'operations' || ((p.role === 'lead' || p.role === 'supervisor') && inUnitScope(p, ref));
}

/** Note text: leads and supervisors in scope; operations only through an audited break-glass read. */
export function noteAccess(p: Principal, ref: UnitRef): 'allow' | 'breakglass' | 'forbidden' {
  if (p.role === 'operations') return 'breakglass';
  if ((p.role === 'lead' || p.role === 'supervisor') && inUnitScope(p, ref)) return 'allow';
  return 'forbidden';
}

/** Signal status and case assignment. */
export function canAct(p: Principal, ref: UnitRef): boolean {
  return p.role === 'supervisor' && inUnitScope(p, ref);
}

export function canReadAudit(p: Principal): boolean {
  return p.role === 'auditor';
}

export function canManageDisplays(p: Principal): boolean {
  return p.role === 'admin';
}
