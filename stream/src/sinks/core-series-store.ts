import type { RedisClient } from './redis.ts';
import { seriesKey, type Sample, type SeriesLabels, type SeriesPoint, type SeriesStore } from './series-store.ts';

/**
 * Series on core Redis structures: a sorted set per series, scored by time, whose members are
 * `t:value` (one member per time, replaced on upsert), with the labels in a hash beside it. Points
 * older than the retention are trimmed on write.
 */
export class CoreSeriesStore implements SeriesStore {
  readonly backend = 'core' as const;

  constructor(
    private readonly redis: RedisClient,
    private readonly retentionMs: number,
    private readonly prefix = 'ts',
  ) {}

  /** Series whose labels are written, with the newest point time their old points were trimmed at. */
  private readonly trimmed = new Map<string, number>();

  async write(points: SeriesPoint[]): Promise<void> {
    if (!points.length) return;
    const multi = this.redis.multi();
    for (const p of points) {
      const key = seriesKey(this.prefix, p.labels);
      multi.zRemRangeByScore(key, p.t, p.t);
      multi.zAdd(key, { score: p.t, value: `${p.t}:${p.value}` });
      // Labels once, and the retention trim when a series reaches a newer point (not every flush).
      const last = this.trimmed.get(key);
      if (last === undefined) multi.hSet(`${key}:labels`, { ...p.labels });
      if (last === undefined || p.t > last) {
        this.trimmed.set(key, p.t);
        multi.zRemRangeByScore(key, '-inf', `(${p.t - this.retentionMs}`);
      }
    }
    await multi.execAsPipeline();
  }

  async range(labels: SeriesLabels, fromMs: number, toMs: number): Promise<Sample[]> {
    return (await this.ranges([labels], fromMs, toMs))[0]!;
  }

  async ranges(labels: SeriesLabels[], fromMs: number, toMs: number): Promise<Sample[][]> {
    if (!labels.length) return [];
    const multi = this.redis.multi();
    for (const l of labels) multi.zRangeByScore(seriesKey(this.prefix, l), fromMs, toMs);
    const replies = (await multi.execAsPipeline()) as unknown as string[][];
    return replies.map((members) =>
      members.map((m) => {
        const i = m.indexOf(':');
        return { t: Number(m.slice(0, i)), value: Number(m.slice(i + 1)) };
      }),
    );
  }
}
