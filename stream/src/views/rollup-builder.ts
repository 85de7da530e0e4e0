import type { RedisClient } from '../sinks/redis.ts';
import { SITE_INFO_KEY, UNIT_SUMMARIES_KEY } from '../partition/partition-flush.ts';
import { buildRollup, type SiteInfo, type UnitSummary } from './rollup.ts';
import type { ViewPublisher } from './view-publisher.ts';

/** Run by the roll-up lease holder: site and sites views from every unit's summary in Redis. */
export class RollupBuilder {
  /**
   * One number per view (blocks of 1): the roll-up lease can move between instances at any time, and
   * its few views go out at most four times a second.
   */
  private readonly seqs;

  constructor(
    private readonly redis: RedisClient,
    private readonly publisher: ViewPublisher,
  ) {
    this.seqs = publisher.numbering(1);
  }

  async build(asOf: string): Promise<void> {
    const [units, sites] = await Promise.all([
      this.redis.hGetAll(UNIT_SUMMARIES_KEY),
      this.redis.hGetAll(SITE_INFO_KEY),
    ]);
    const summaries = Object.values(units).map((v) => JSON.parse(v) as UnitSummary);
    const info = new Map(Object.entries(sites).map(([k, v]) => [k, JSON.parse(v) as SiteInfo]));
    const { sites: siteViews, all } = buildRollup(summaries, info, asOf);
    for (const v of siteViews) this.publisher.offer('site', v.siteId, v, this.seqs);
    this.publisher.offer('sites', undefined, all, this.seqs);
  }
}
