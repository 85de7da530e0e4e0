import type { RedisClient } from './redis.ts';

/**
 * Per-worker metric series (daily values), one store contract over two backends: the RedisTimeSeries
 * module when the server has it, otherwise the same series on core structures. Writes are upserts of
 * a day's absolute value, so replaying a partition rewrites the same points.
 */
export interface SeriesLabels {
  site: string;
  unit: string;
  worker: string;
  /** a track id, or `all` */
  track: string;
  metric: string;
}

export interface SeriesPoint {
  labels: SeriesLabels;
  /** start of the day (ms) */
  t: number;
  value: number;
}

export interface Sample {
  t: number;
  value: number;
}

export interface SeriesStore {
  readonly backend: 'timeseries' | 'core';
  /** Upserts points in one round trip (pipelined). */
  write(points: SeriesPoint[]): Promise<void>;
  /** Points of one series with from ≤ t ≤ to, oldest first. */
  range(labels: SeriesLabels, fromMs: number, toMs: number): Promise<Sample[]>;
  /** Several series at once (one round trip). */
  ranges(labels: SeriesLabels[], fromMs: number, toMs: number): Promise<Sample[][]>;
}

export function seriesKey(prefix: string, l: SeriesLabels): string {
  return `${prefix}:${l.worker}:${l.track}:${l.metric}`;
}

/** True when the server has the TimeSeries module loaded. */
export async function hasTimeSeriesModule(redis: RedisClient): Promise<boolean> {
  try {
    const modules = (await redis.sendCommand(['MODULE', 'LIST'])) as unknown[];
    const text = JSON.stringify(modules).toLowerCase();
    if (text.includes('"timeseries"')) return true;
  } catch {
    // MODULE LIST may be refused (ACLs, managed services): probe a command instead.
  }
  try {
    await redis.sendCommand(['TS.INFO', '__caseload_probe__']);
    return true;
  } catch (err) {
    return /key does not exist/i.test(String((err as Error).message));
  }
}
