import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisKeys } from '@caseload/shared';
import { testServers } from '@caseload/shared/testing';
import { connectRedis, type RedisClient } from '../sinks/redis.ts';
import { SeqBlocks } from './seq-blocks.ts';

describe('SeqBlocks', () => {
  let redis: RedisClient;
  const unit = (n: string) => `seqblocks-test-${n}-${process.pid}`;

  beforeAll(async () => {
    redis = await connectRedis(testServers().redisUrl);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('numbers a view 1, 2, 3 … within a block, reserving the block once', async () => {
    const seqs = new SeqBlocks(redis, 4);
    const got = [];
    for (let i = 0; i < 6; i++) got.push(await seqs.next('unit', unit('a')));
    expect(got).toEqual([1, 2, 3, 4, 5, 6]);
    // Two blocks of 4 reserved: the key holds the top of what was reserved.
    expect(Number(await redis.get(redisKeys.viewSeq('unit', unit('a'))))).toBe(8);
  });

  it('numbers each view on its own', async () => {
    const seqs = new SeqBlocks(redis, 10);
    expect(await seqs.next('unit', unit('b'))).toBe(1);
    expect(await seqs.next('site', unit('b'))).toBe(1);
    expect(await seqs.next('unit', unit('b'))).toBe(2);
  });

  it('numbers a new owner above everything the old one could still send', async () => {
    const old = new SeqBlocks(redis, 50);
    const before = [await old.next('unit', unit('c')), await old.next('unit', unit('c'))];
    const successor = new SeqBlocks(redis, 50);
    const first = await successor.next('unit', unit('c'));
    // The old owner (paused, fenced) keeps spending its block: all of it stays below the successor.
    let stale = 0;
    for (let i = 0; i < 48; i++) stale = Math.max(stale, await old.next('unit', unit('c')));
    expect(before).toEqual([1, 2]);
    expect(stale).toBe(50);
    expect(first).toBe(51);
    // Once its block is spent, the old owner reserves above the successor's block again.
    expect(await old.next('unit', unit('c'))).toBe(101);
  });
});
