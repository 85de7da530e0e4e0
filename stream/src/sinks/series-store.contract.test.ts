import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServers } from '@caseload/shared/testing';
import { CoreSeriesStore } from './core-series-store.ts';
import { connectRedis, type RedisClient } from './redis.ts';
import { hasTimeSeriesModule, type SeriesLabels, type SeriesStore } from './series-store.ts';
import { TimeSeriesStore } from './ts-series-store.ts';

/**
 * One store contract, run against every backend this machine has: the core backend always (the
 * test Redis), the TimeSeries backend only when REDIS_TS_URL points at a server with the module.
 */
const DAY = 86_400_000;
const RETENTION = 35 * DAY;
const T0 = Date.parse('2026-11-01T00:00:00Z');

interface Backend {
  name: string;
  url: () => string | undefined;
  make: (r: RedisClient, prefix: string) => SeriesStore;
}

const backends: Backend[] = [
  { name: 'core', url: () => testServers().redisUrl, make: (r, p) => new CoreSeriesStore(r, RETENTION, p) },
  { name: 'timeseries', url: () => process.env.REDIS_TS_URL, make: (r, p) => new TimeSeriesStore(r, RETENTION, p) },
];

for (const b of backends) {
  describe.skipIf(!b.url())(`series store contract: ${b.name} backend`, () => {
    let redis: RedisClient;
    let store: SeriesStore;
    const labels = (worker: string, metric = 'notes'): SeriesLabels => ({
      site: 'S',
      unit: 'U',
      worker,
      track: 'all',
      metric,
    });

    beforeAll(async () => {
      redis = await connectRedis(b.url()!);
      store = b.make(redis, `tstest-${b.name}-${Date.now()}`);
    });
    afterAll(async () => {
      await redis?.quit();
    });

    it('is detected as what it is', async () => {
      expect(await hasTimeSeriesModule(redis)).toBe(b.name === 'timeseries');
      expect(store.backend).toBe(b.name);
    });

    it('writes a batch and reads each series back in time order', async () => {
      await store.write([
        { labels: labels('w1'), t: T0 + 2 * DAY, value: 3 },
        { labels: labels('w1'), t: T0, value: 1 },
        { labels: labels('w1'), t: T0 + DAY, value: 2 },
        { labels: labels('w2'), t: T0, value: 9 },
      ]);
      expect(await store.range(labels('w1'), T0, T0 + 10 * DAY)).toEqual([
        { t: T0, value: 1 },
        { t: T0 + DAY, value: 2 },
        { t: T0 + 2 * DAY, value: 3 },
      ]);
      expect(await store.range(labels('w1'), T0 + DAY, T0 + DAY)).toEqual([{ t: T0 + DAY, value: 2 }]);
      expect(await store.ranges([labels('w2'), labels('w1', 'contacts')], T0, T0 + DAY)).toEqual([
        [{ t: T0, value: 9 }],
        [],
      ]);
    });

    it('replaces a day’s value on a second write (replay-safe upsert)', async () => {
      await store.write([{ labels: labels('w3'), t: T0, value: 1 }]);
      await store.write([{ labels: labels('w3'), t: T0, value: 5 }]);
      await store.write([{ labels: labels('w3'), t: T0, value: 5 }]);
      expect(await store.range(labels('w3'), T0 - DAY, T0 + DAY)).toEqual([{ t: T0, value: 5 }]);
    });

    it.skipIf(b.name !== 'core')('keeps each series’ labels in a hash beside it', async () => {
      const prefix = `tslabels-${Date.now()}`;
      const core = b.make(redis, prefix);
      await core.write([
        { labels: labels('w5'), t: T0, value: 1 },
        { labels: labels('w5', 'contacts'), t: T0, value: 2 },
        { labels: labels('w5'), t: T0 + DAY, value: 3 },
      ]);
      expect(await redis.hGetAll(`${prefix}:w5:all:notes:labels`)).toEqual({ ...labels('w5') });
      expect(await redis.hGetAll(`${prefix}:w5:all:contacts:labels`)).toEqual({ ...labels('w5', 'contacts') });
      expect(await core.range(labels('w5'), T0, T0 + DAY)).toEqual([
        { t: T0, value: 1 },
        { t: T0 + DAY, value: 3 },
      ]);
    });

    it('drops points older than the retention', async () => {
      await store.write([{ labels: labels('w4'), t: T0, value: 1 }]);
      await store.write([{ labels: labels('w4'), t: T0 + 40 * DAY, value: 2 }]);
      expect(await store.range(labels('w4'), 0, T0 + 50 * DAY)).toEqual([{ t: T0 + 40 * DAY, value: 2 }]);
    });
  });
}
