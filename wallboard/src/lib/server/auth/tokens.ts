import { SignJWT, jwtVerify } from 'jose';
import { Principal } from './principal.ts';

/**
 * Access tokens (`npm run token`, bearer) and session cookies are the same signed JWT (HS256 with
 * AUTH_SECRET) carrying the principal; only their lifetime differs. A display's token names its
 * display id, so revoking the display (in Redis) refuses every token and cookie it holds.
 */
const ISSUER = 'caseload-wallboard';
const AUDIENCE = 'caseload-wallboard';

export const SESSION_TTL_SECONDS = 12 * 3600;
export const DISPLAY_SESSION_TTL_SECONDS = 365 * 24 * 3600;

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signToken(principal: Principal, secret: string, ttlSeconds: number): Promise<string> {
  const { id, ...claims } = Principal.parse(principal);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(keyOf(secret));
}

/** The principal of a valid token, or null for anything expired, tampered, malformed or foreign. */
export async function verifyToken(token: string, secret: string): Promise<Principal | null> {
  return (await verifyTokenWithExpiry(token, secret))?.principal ?? null;
}

/** As verifyToken, with the moment the token stops being valid (ms since the epoch). */
export async function verifyTokenWithExpiry(
  token: string,
  secret: string,
): Promise<{ principal: Principal; expiresAt: number } | null> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub'],
    });
    const parsed = Principal.safeParse({ ...payload, id: payload.sub });
    return parsed.success ? { principal: parsed.data, expiresAt: (payload.exp ?? 0) * 1000 } : null;
  } catch {
    return null;
  }
}
