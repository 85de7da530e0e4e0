import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Principal } from './server/auth/principal.ts';
import type { Role } from './roles.ts';

/**
 * The checks every load function makes, in one place: signed in (else to the login page, coming back
 * afterwards), the right role, and the unit in scope. Data itself comes from the API, which checks again.
 */
export function requirePrincipal(event: Pick<RequestEvent, 'locals' | 'url'>, roles?: readonly Role[]): Principal {
  const principal = event.locals.principal;
  if (!principal) {
    const next = event.url.pathname + event.url.search;
    redirect(303, `/login?next=${encodeURIComponent(next)}`);
  }
  if (roles && !roles.includes(principal.role)) {
    if (principal.kind === 'display') redirect(303, '/not-authorised');
    error(403, 'Your role does not give access to this page.');
  }
  return principal;
}

const COUNTY_WIDE: readonly Role[] = ['operations', 'auditor', 'admin'];

/**
 * Whether a unit is plainly out of scope. A principal scoped by site may hold units we cannot place
 * here (the unit's site is known to the server), so those pass and the live subscription decides.
 */
export function unitOutOfScope(principal: Principal, unitId: string): boolean {
  if (COUNTY_WIDE.includes(principal.role)) return false;
  return !principal.units.includes(unitId) && principal.sites.length === 0;
}

export function siteOutOfScope(principal: Principal, siteId: string): boolean {
  if (COUNTY_WIDE.includes(principal.role)) return false;
  return !principal.sites.includes(siteId) && principal.units.length === 0;
}

/** A 403 for people; a TV is sent to the not-authorised screen instead of an error page. */
export function refuse(principal: Principal, what: string): never {
  if (principal.kind === 'display') redirect(303, '/not-authorised');
  error(403, `${what} is outside your scope.`);
}

/** What pages may know of the principal: never its token, only what the header shows. */
export function publicPrincipal(p: Principal) {
  return { kind: p.kind, name: p.name, role: p.role, units: p.units, sites: p.sites };
}
