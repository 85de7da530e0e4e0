import type { RedisClient } from './redis.ts';
import { seriesKey, type Sample, type SeriesLabels, type SeriesPoint, type SeriesStore } from './series-store.ts';

/**
 * Upserts a batch of points, in order. Per point (KEYS[i] its series): ARGV t, member, the trim
 * bound ('' for none), '1' when the labels follow (site, unit, worker, track, metric) else '0'.
 * One script per batch instead of two to four commands per point: a replay writes ~100,000
 * points, and encoding their commands cost the processor more than Redis spent running them.
 * The labels hash (`<series>:labels`) is derived from its series key, so the core backend
 * assumes one Redis node (a cluster would run Redis 8 with the TimeSeries module).
 */
const UPSERT = `
local j = 1
for i = 1, #KEYS do
  local key, t = KEYS[i], ARGV[j]
  redis.call('ZREMRANGEBYSCORE', key, t, t)
  redis.call('ZADD', key, t, ARGV[j + 1])
  if ARGV[j + 2] ~= '' then redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. ARGV[j + 2]) end
  if ARGV[j + 3] == '1' then
    redis.call('HSET', key .. ':labels', 'site', ARGV[j + 4], 'unit', ARGV[j + 5], 'worker', ARGV[j + 6],
      'track', ARGV[j + 7], 'metric', ARGV[j + 8])
    j = j + 9
  else
    j = j + 4
  end
end
return #KEYS
`;
/** Points per script call: each call runs alone on the server, so batches stay short. */
const POINTS_PER_CALL = 200;

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
    for (let from = 0; from < points.length; from += POINTS_PER_CALL) {
      const keys: string[] = [];
      const args: string[] = [];
      for (const p of points.slice(from, from + POINTS_PER_CALL)) {
        const key = seriesKey(this.prefix, p.labels);
        // Labels once, and the retention trim when a series reaches a newer point (not every flush).
        const last = this.trimmed.get(key);
        const trim = last === undefined || p.t > last;
        if (trim) this.trimmed.set(key, p.t);
        keys.push(key);
        args.push(String(p.t), `${p.t}:${p.value}`, trim ? String(p.t - this.retentionMs) : '');
        if (last === undefined) {
          const l = p.labels;
          args.push('1', l.site, l.unit, l.worker, l.track, l.metric);
        } else args.push('0');
      }
      multi.eval(UPSERT, { keys, arguments: args });
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
