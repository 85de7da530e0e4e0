import { AuditEntry, redisKeys, StoredAuditEntry, type AuditAction } from '@caseload/shared';
import type { Redis } from '../redis.ts';
import type { Principal } from '../auth/principal.ts';

/** Where a request or socket came from, for the `from` of an audit entry. */
export interface Origin {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export function actorOf(p: Principal | null): AuditEntry['actor'] {
  return p ? { kind: p.kind, id: p.id, role: p.role } : { kind: 'anonymous', id: '-' };
}

/**
 * The append-only audit log: a Redis stream, never trimmed by the wallboard. An entry is written
 * before the answer goes out, so a read that was served is a read that was recorded.
 */
export class AuditLog {
  constructor(private readonly redis: Redis) {}

  async append(input: {
    action: AuditAction;
    actor: AuditEntry['actor'];
    outcome?: AuditEntry['outcome'];
    what?: AuditEntry['what'];
    from?: Origin & { service?: string };
  }): Promise<string> {
    const entry = AuditEntry.parse({
      at: new Date().toISOString(),
      action: input.action,
      actor: input.actor,
      outcome: input.outcome ?? 'ok',
      what: input.what ?? {},
      from: dropUndefined(input.from ?? {}),
    });
    return this.redis.xAdd(redisKeys.audit, '*', { entry: JSON.stringify(entry) });
  }

  /** Newest first; `before` is a stream id to page backwards from (exclusive). */
  async list(opts: { count: number; before?: string }): Promise<StoredAuditEntry[]> {
    const end = opts.before ? `(${opts.before}` : '+';
    const rows = (await this.redis.xRevRange(redisKeys.audit, end, '-', { COUNT: opts.count })) ?? [];
    const out: StoredAuditEntry[] = [];
    for (const row of rows) {
      const parsed = AuditEntry.safeParse(JSON.parse(String(row.message.entry ?? 'null')));
      if (parsed.success) out.push({ id: row.id, ...parsed.data });
    }
    return out;
  }
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
