import type { NatsConnection } from '@nats-io/transport-node';
import {
  redisKeys,
  viewSubjects,
  type SitesView,
  type SiteView,
  type UnitView,
  type ViewMessage,
  type ViewScope,
} from '@caseload/shared';
import type { RedisClient } from '../sinks/redis.ts';
import { Throttle } from './throttle.ts';
import { SeqBlocks } from './seq-blocks.ts';

type AnyView = UnitView | SiteView | SitesView;

/**
 * Publishes changed views: keeps the latest of each in Redis and sends it on its NATS subject,
 * throttled per view. `seq` comes from the owner's SeqBlocks, so it only grows across restarts and
 * instances. A view whose content (all but asOf/seq) did not change is not sent again.
 *
 * Give it a Redis connection of its own: behind the checkpoints' and records' pipelines on a shared
 * one, a view waited for all of them before it could go out.
 */
export class ViewPublisher {
  private readonly lastContent = new Map<string, string>();
  private readonly throttle: Throttle<{ scope: ViewScope; id?: string; view: AnyView; seqs: SeqBlocks }>;
  published = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly redis: RedisClient,
    intervalMs = 250,
  ) {
    this.throttle = new Throttle(intervalMs, (_key, v) => this.emit(v.scope, v.id, v.view, v.seqs));
  }

  /** `seqs`: the numbering of the offering owner (a partition's flusher, the roll-up lease holder). */
  offer(scope: ViewScope, id: string | undefined, view: AnyView, seqs: SeqBlocks): void {
    const key = id ? `${scope}:${id}` : scope;
    const { asOf: _asOf, seq: _seq, ...content } = view;
    const text = JSON.stringify(content);
    if (this.lastContent.get(key) === text) return;
    this.lastContent.set(key, text);
    this.throttle.offer(key, { scope, ...(id ? { id } : {}), view, seqs });
  }

  /** A numbering for one ownership of some views (see SeqBlocks), on this publisher's connection. */
  numbering(blockSize?: number): SeqBlocks {
    return new SeqBlocks(this.redis, blockSize);
  }

  /** Forget what was sent (e.g. a unit changed owner and must be re-sent when it comes back). */
  forget(scope: ViewScope, id?: string): void {
    this.lastContent.delete(id ? `${scope}:${id}` : scope);
  }

  private async emit(scope: ViewScope, id: string | undefined, view: AnyView, seqs: SeqBlocks): Promise<void> {
    const seq = await seqs.next(scope, id);
    const msg: ViewMessage = {
      scope,
      ...(id ? { id } : {}),
      seq,
      asOf: view.asOf,
      generatedAt: new Date().toISOString(),
      view: { ...view, seq } as ViewMessage['view'],
    };
    const json = JSON.stringify(msg);
    await this.redis.set(redisKeys.view(scope, id), json);
    const subject =
      scope === 'unit' ? viewSubjects.unit(id!) : scope === 'site' ? viewSubjects.site(id!) : viewSubjects.sites();
    this.nc.publish(subject, json);
    this.published++;
  }

  drain(): Promise<void> {
    return this.throttle.drain();
  }
}
