import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServers } from '@caseload/shared/testing';
import { connectRedis, type RedisClient } from '../sinks/redis.ts';
import { CheckpointStore, FencedError } from './checkpoint-store.ts';

describe('CheckpointStore (real Redis)', () => {
  let redis: RedisClient;
  let store: CheckpointStore;

  beforeAll(async () => {
    redis = await connectRedis(testServers().redisUrl);
    store = new CheckpointStore(redis, `ckpt-test-${Date.now()}`);
  });
  afterAll(async () => {
    await redis?.quit();
  });

  it('saves records, sequence and epoch together and loads them back', async () => {
    expect(await store.claim(0, 5)).toBe(0);
    await store.save(0, 5, 42, [
      ['a', '1'],
      ['b', '2'],
    ]);
    await store.save(0, 6, 43, [
      ['a', undefined],
      ['c', '3'],
    ]);
    expect(Object.fromEntries(await store.load(0))).toEqual({ b: '2', c: '3' });
    expect(await store.claim(0, 7)).toBe(43);
  });

  it('saves and deletes thousands of records in one checkpoint (written in chunks)', async () => {
    await store.claim(2, 1);
    const many = Array.from({ length: 4321 }, (_, i): [string, string] => [`r${i}`, `v${i}`]);
    await store.save(2, 1, 7, many);
    const dropped = many.slice(0, 2999).map(([k]): [string, undefined] => [k, undefined]);
    await store.save(2, 1, 8, [...dropped, ['extra', 'x']]);
    const loaded = await store.load(2);
    expect(loaded.size).toBe(4321 - 2999 + 1);
    expect(loaded.get('r2998')).toBeUndefined();
    expect(loaded.get('r2999')).toBe('v2999');
    expect(loaded.get('r4320')).toBe('v4320');
    expect(loaded.get('extra')).toBe('x');
    expect(await store.claim(2, 2)).toBe(8);
  });

  it('fences a paused owner out once a later epoch has claimed the partition', async () => {
    await store.claim(1, 10);
    await store.save(1, 10, 100, [['x', 'old']]);
    // A successor takes over with a later epoch …
    expect(await store.claim(1, 12)).toBe(100);
    // … and the old owner wakes up and tries to write: refused, nothing changed.
    await expect(store.save(1, 10, 150, [['x', 'stale']])).rejects.toBeInstanceOf(FencedError);
    await expect(store.claim(1, 11)).rejects.toBeInstanceOf(FencedError);
    expect(Object.fromEntries(await store.load(1))).toEqual({ x: 'old' });
    await store.save(1, 12, 120, [['x', 'new']]);
    expect(Object.fromEntries(await store.load(1))).toEqual({ x: 'new' });
  });
});
