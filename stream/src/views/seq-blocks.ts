import { redisKeys, type ViewScope } from '@caseload/shared';
import type { RedisClient } from '../sinks/redis.ts';

/**
 * View sequence numbers handed out from blocks reserved in Redis (one INCRBY per `size` views of a
 * view, instead of one INCR round trip before every view goes out).
 *
 * A `seq` must only grow for a view, across restarts and instances (CONTRACT, the `view` message). Each reservation
 * is above every number reserved before it by anyone, so an owner's numbers are above its
 * predecessors'. One allocator lives as long as one ownership (a partition's flusher, one roll-up
 * lease): an instance that lost a partition and took it back gets a new allocator, and a paused
 * instance still spending an old block publishes numbers below its successor's, which screens drop
 * as stale — the fencing we want.
 */
export class SeqBlocks {
  private readonly blocks = new Map<string, { next: number; end: number }>();

  constructor(
    private readonly redis: RedisClient,
    private readonly size = 64,
  ) {}

  async next(scope: ViewScope, id?: string): Promise<number> {
    const key = redisKeys.viewSeq(scope, id);
    const b = this.blocks.get(key);
    if (b && b.next <= b.end) return b.next++;
    const end = await this.redis.incrBy(key, this.size);
    this.blocks.set(key, { next: end - this.size + 2, end });
    return end - this.size + 1;
  }
}
