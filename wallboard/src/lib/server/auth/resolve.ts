import { readCookie, SESSION_COOKIE } from './cookies.ts';
import type { DisplayStore } from './displays.ts';
import type { Principal } from './principal.ts';
import { verifyTokenWithExpiry } from './tokens.ts';

export type Resolved =
  | { ok: true; principal: Principal; via: 'bearer' | 'cookie'; expiresAt: number }
  /** `none`: no credential at all; `invalid`: expired, tampered or malformed; `revoked`: a revoked display. */
  | { ok: false; reason: 'none' | 'invalid' | 'revoked' };

/**
 * The principal behind a bearer token or the session cookie. A display is accepted only while its
 * record is active, so revocation applies to tokens and cookies it already holds.
 */
export async function resolvePrincipal(
  input: { authorization?: string | undefined; token?: string | undefined; cookieHeader?: string | undefined },
  deps: { authSecret: string; displays: DisplayStore },
): Promise<Resolved> {
  const bearer = input.token ?? /^Bearer\s+(\S+)$/i.exec(input.authorization ?? '')?.[1];
  const cookie = bearer ? undefined : readCookie(input.cookieHeader, SESSION_COOKIE);
  const token = bearer ?? cookie;
  if (!token) return { ok: false, reason: 'none' };
  const verified = await verifyTokenWithExpiry(token, deps.authSecret);
  if (!verified) return { ok: false, reason: 'invalid' };
  const { principal, expiresAt } = verified;
  if (principal.kind === 'display' && !(await deps.displays.isActive(principal.id)))
    return { ok: false, reason: 'revoked' };
  return { ok: true, principal, via: bearer ? 'bearer' : 'cookie', expiresAt };
}
