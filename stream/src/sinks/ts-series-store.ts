import { TIME_SERIES_AGGREGATION_TYPE, TIME_SERIES_DUPLICATE_POLICIES } from 'redis';
import type { RedisClient } from './redis.ts';
import { seriesKey, type Sample, type SeriesLabels, type SeriesPoint, type SeriesStore } from './series-store.ts';

const WEEK_MS = 7 * 86_400_000;

/**
 * Series in the RedisTimeSeries module: TS.ADD with ON_DUPLICATE LAST (a day's value is replaced),
 * labels for TS.MRANGE filters, the retention on the series, and a weekly-sum compaction rule for
 * the longer windows (`<key>:7d`).
 */
export class TimeSeriesStore implements SeriesStore {
  readonly backend = 'timeseries' as const;
  private readonly created = new Set<string>();

  constructor(
    private readonly redis: RedisClient,
    private readonly retentionMs: number,
    private readonly prefix = 'ts',
  ) {}

  private async ensure(key: string, labels: SeriesLabels): Promise<void> {
    if (this.created.has(key)) return;
    const opts = {
      RETENTION: this.retentionMs,
      DUPLICATE_POLICY: TIME_SERIES_DUPLICATE_POLICIES.LAST,
      LABELS: { ...labels },
    };
    await this.redis.ts.create(key, opts).catch(ignoreExists);
    await this.redis.ts
      .create(`${key}:7d`, { RETENTION: this.retentionMs * 4, LABELS: { ...labels, metric: `${labels.metric}_7d` } })
      .catch(ignoreExists);
    await this.redis.ts.createRule(key, `${key}:7d`, TIME_SERIES_AGGREGATION_TYPE.SUM, WEEK_MS).catch(ignoreExists);
    this.created.add(key);
  }

  async write(points: SeriesPoint[]): Promise<void> {
    if (!points.length) return;
    for (const p of points) await this.ensure(seriesKey(this.prefix, p.labels), p.labels);
    const multi = this.redis.multi();
    for (const p of points) {
      multi.ts.add(seriesKey(this.prefix, p.labels), p.t, p.value, {
        ON_DUPLICATE: TIME_SERIES_DUPLICATE_POLICIES.LAST,
      });
    }
    await multi.execAsPipeline();
  }

  async range(labels: SeriesLabels, fromMs: number, toMs: number): Promise<Sample[]> {
    return (await this.ranges([labels], fromMs, toMs))[0]!;
  }

  async ranges(labels: SeriesLabels[], fromMs: number, toMs: number): Promise<Sample[][]> {
    if (!labels.length) return [];
    // A series never written does not exist in the module (TS.RANGE errors), so ask one by one.
    return Promise.all(
      labels.map(async (l) => {
        try {
          const r = await this.redis.ts.range(seriesKey(this.prefix, l), fromMs, toMs);
          return (r as unknown as { timestamp: number; value: number }[]).map((s) => ({
            t: Number(s.timestamp),
            value: Number(s.value),
          }));
        } catch {
          return [];
        }
      }),
    );
  }
}

function ignoreExists(err: unknown): void {
  if (!/already exists|key already|TSDB: the destination/i.test(String((err as Error)?.message))) throw err;
}
