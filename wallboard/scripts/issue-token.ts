import { loadConfig } from '@caseload/shared';
import { AuditLog } from '../src/lib/server/audit/audit-log.ts';
import { DisplayStore, displayPrincipal } from '../src/lib/server/auth/displays.ts';
import type { Principal } from '../src/lib/server/auth/principal.ts';
import { signToken } from '../src/lib/server/auth/tokens.ts';
import { connectRedis } from '../src/lib/server/redis.ts';
import { normaliseOrigin } from '../src/lib/server/config.ts';
import { pairingUrl } from '../src/lib/server/http/routes/admin-routes.ts';
import type { Role } from '../src/lib/roles.ts';

export interface TokenRequest {
  role: Role;
  units: string[];
  sites: string[];
  name?: string;
  ttlSeconds: number;
}

export interface IssuedToken {
  token: string;
  principal: Principal;
  pairingUrl?: string;
}

/**
 * Signs an access token; for `display` it first creates the display in Redis (so it can be
 * revoked) with a one-time pairing URL. Every issue is audited.
 */
export async function issueToken(req: TokenRequest, env: Record<string, string | undefined>): Promise<IssuedToken> {
  const c = loadConfig(['AUTH_SECRET', 'REDIS_URL', 'WALLBOARD_ORIGIN', 'WALLBOARD_PORT'], env);
  const origin = normaliseOrigin(c.WALLBOARD_ORIGIN ?? `http://localhost:${c.WALLBOARD_PORT}`);
  const redis = await connectRedis(c.REDIS_URL, () => undefined);
  try {
    let principal: Principal;
    let url: string | undefined;
    if (req.role === 'display') {
      if (req.units.length + req.sites.length === 0) throw new Error('a display needs --unit or --site');
      const created = await new DisplayStore(redis).create({
        units: req.units,
        sites: req.sites,
        createdBy: 'cli',
        ...(req.name ? { name: req.name } : {}),
      });
      principal = displayPrincipal(created.display);
      url = pairingUrl(origin, created.pairingCode);
    } else {
      principal = {
        kind: 'user',
        id: `cli-${req.role}`,
        name: req.name ?? `token (${req.role})`,
        role: req.role,
        units: req.units,
        sites: req.sites,
      };
    }
    const token = await signToken(principal, c.AUTH_SECRET, req.ttlSeconds);
    await new AuditLog(redis).append({
      action: 'token.issue',
      actor: { kind: 'service', id: 'npm run token' },
      what: { subject: principal.id, role: principal.role, units: req.units.join(','), sites: req.sites.join(',') },
      from: { service: 'cli' },
    });
    return { token, principal, ...(url ? { pairingUrl: url } : {}) };
  } finally {
    await redis.close();
  }
}
