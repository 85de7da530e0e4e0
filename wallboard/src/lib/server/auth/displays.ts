import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from '../redis.ts';
import type { Principal } from './principal.ts';

/**
 * Paired TVs. A display is created scoped to units or sites and gets a one-time pairing code (10
 * minutes); opening `/pair/<code>` consumes it and gives the TV a long-lived session naming the
 * display. Revocation is kept on the record, so every wallboard instance refuses the display at once.
 */
export const PAIRING_TTL_SECONDS = 600;

export const DisplayRecord = z.object({
  displayId: z.string(),
  name: z.string(),
  units: z.array(z.string()),
  sites: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
  pairedAt: z.string().optional(),
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
});
export type DisplayRecord = z.infer<typeof DisplayRecord>;

const keys = {
  display: (id: string) => `display:${id}`,
  all: 'displays',
  pairing: (codeHash: string) => `pairing:${codeHash}`,
};

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

export function displayPrincipal(d: DisplayRecord): Principal {
  return { kind: 'display', id: d.displayId, name: d.name, role: 'display', units: d.units, sites: d.sites };
}

export class DisplayStore {
  constructor(private readonly redis: Redis) {}

  async create(input: {
    name?: string;
    units: string[];
    sites: string[];
    createdBy: string;
  }): Promise<{ display: DisplayRecord; pairingCode: string; expiresAt: string }> {
    const display: DisplayRecord = {
      displayId: `d-${randomUUID()}`,
      name: input.name ?? `TV ${[...input.units, ...input.sites].join(', ')}`,
      units: input.units,
      sites: input.sites,
      createdAt: new Date().toISOString(),
      createdBy: input.createdBy,
    };
    const pairingCode = randomBytes(18).toString('base64url');
    await this.redis
      .multi()
      .set(keys.display(display.displayId), JSON.stringify(display))
      .sAdd(keys.all, display.displayId)
      .set(keys.pairing(hashCode(pairingCode)), display.displayId, { EX: PAIRING_TTL_SECONDS })
      .exec();
    return { display, pairingCode, expiresAt: new Date(Date.now() + PAIRING_TTL_SECONDS * 1000).toISOString() };
  }

  async get(displayId: string): Promise<DisplayRecord | null> {
    const raw = await this.redis.get(keys.display(displayId));
    return raw ? DisplayRecord.parse(JSON.parse(raw)) : null;
  }

  async list(): Promise<DisplayRecord[]> {
    const ids = await this.redis.sMembers(keys.all);
    const found = await Promise.all(ids.sort().map((id) => this.get(id)));
    return found.filter((d): d is DisplayRecord => d !== null);
  }

  /** Takes a pairing code once (GETDEL is atomic across instances); null when unknown, used or expired. */
  async consumePairing(code: string): Promise<DisplayRecord | null> {
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(code)) return null;
    const displayId = await this.redis.getDel(keys.pairing(hashCode(code)));
    if (!displayId) return null;
    const display = await this.get(displayId);
    if (!display || display.revokedAt) return null;
    const paired = { ...display, pairedAt: new Date().toISOString() };
    await this.redis.set(keys.display(displayId), JSON.stringify(paired));
    return paired;
  }

  async revoke(displayId: string, by: string): Promise<DisplayRecord | null> {
    const display = await this.get(displayId);
    if (!display) return null;
    if (display.revokedAt) return display;
    const revoked = { ...display, revokedAt: new Date().toISOString(), revokedBy: by };
    await this.redis.set(keys.display(displayId), JSON.stringify(revoked));
    return revoked;
  }

  /** A display may act only while its record exists and is not revoked. */
  async isActive(displayId: string): Promise<boolean> {
    const d = await this.get(displayId);
    return d !== null && !d.revokedAt;
  }
}
