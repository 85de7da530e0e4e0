import { readCookie, SESSION_COOKIE } from './cookies.ts';
import type { Principal } from './principal.ts';
import { principalOnRequest } from './request-principal.ts';
import { verifyToken } from './tokens.ts';

/**
 * The principal for SvelteKit's `handle`. Under server.ts the express app has already resolved it
 * (signature, expiry and display revocation) and left it on the Node request that adapter-node passes
 * as `platform.req`; under `vite dev` there is no such request, so the cookie's signature is checked
 * here (revocation is then not seen). Kept apart from hooks.server.ts so it imports nothing that
 * needs the server's files at run time.
 */
export async function principalForPage(
  platform: unknown,
  cookieHeader: string | null,
  secret: () => string | undefined,
): Promise<Principal | null> {
  const fromServer = principalOnRequest((platform as { req?: unknown } | undefined)?.req);
  if (fromServer !== undefined) return fromServer;
  const token = readCookie(cookieHeader ?? undefined, SESSION_COOKIE);
  const key = token ? secret() : undefined;
  return token && key ? verifyToken(token, key) : null;
}
