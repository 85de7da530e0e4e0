import { redisKeys, ViewMessage, type ViewScope } from '@caseload/shared';
import type { Redis } from '../redis.ts';

export function viewKey(scope: ViewScope, id?: string): string {
  return scope === 'sites' ? 'sites' : `${scope}:${id}`;
}

/**
 * The newest view this server knows for each (scope, id): from NATS as the processor publishes,
 * and from Redis on a subscribe. Whatever the order the two arrive in, the seq never goes back.
 */
export class ViewStore {
  private readonly latest = new Map<string, ViewMessage>();

  constructor(
    private readonly redis: Redis,
    private readonly onInvalid: (key: string, problem: string) => void,
  ) {}

  /** Keeps `msg` if it is newer than what this server has; true when it was. */
  offer(msg: ViewMessage): boolean {
    const key = viewKey(msg.scope, msg.id);
    const have = this.latest.get(key);
    if (have && have.seq >= msg.seq) return false;
    this.latest.set(key, msg);
    return true;
  }

  /** What this server holds for the view, without asking Redis. */
  peek(scope: ViewScope, id?: string): ViewMessage | undefined {
    return this.latest.get(viewKey(scope, id));
  }

  /** The newest of Redis and what this server already sent; null when neither has the view. */
  async current(scope: ViewScope, id?: string): Promise<ViewMessage | null> {
    const raw = await this.redis.get(redisKeys.view(scope, scope === 'sites' ? undefined : id));
    if (raw) {
      const parsed = ViewMessage.safeParse(safeJson(raw));
      if (parsed.success) this.offer(parsed.data);
      else this.onInvalid(viewKey(scope, id), parsed.error.message.slice(0, 300));
    }
    return this.latest.get(viewKey(scope, id)) ?? null;
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
