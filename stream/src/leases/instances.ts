import type { RedisClient } from '../sinks/redis.ts';

const KEY = 'processor:instances';

/**
 * Live processor instances, for sizing each one's fair share of partitions: a sorted set scored by
 * each instance's last heartbeat. Only a hint for balancing — ownership itself is the KV lease.
 */
export class InstanceRegistry {
  constructor(
    private readonly redis: RedisClient,
    private readonly instanceId: string,
    private readonly ttlMs: number,
  ) {}

  /** Records this instance as alive and returns how many instances are. */
  async heartbeat(): Promise<number> {
    const now = Date.now();
    const [, , count] = await this.redis
      .multi()
      .zAdd(KEY, { score: now, value: this.instanceId })
      .zRemRangeByScore(KEY, '-inf', now - this.ttlMs)
      .zCard(KEY)
      .exec();
    return Number(count);
  }

  async leave(): Promise<void> {
    await this.redis.zRem(KEY, this.instanceId).catch(() => undefined);
  }
}
