import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDictionary, redisKeys } from '@caseload/shared';
import { testServers } from '@caseload/shared/testing';
import { PartitionState } from '../state/partition-state.ts';
import { storedEvent } from '../state/stored-event.testkit.ts';
import { noteExpiresAtMs, writeRecords } from './record-sink.ts';
import { connectRedis, type RedisClient } from './redis.ts';

const DAY = 86_400_000;

describe('note records', () => {
  let redis: RedisClient;
  const dict = loadDictionary();
  beforeAll(async () => {
    redis = await connectRedis(testServers().redisUrl);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('expire the retained window plus a grace after the later of the note time and its arrival', () => {
    const t = Date.parse('2026-11-01T10:00:00Z');
    expect(noteExpiresAtMs(new Date(t).toISOString(), undefined, 35)).toBe(t + 42 * DAY);
    // A back-filled note (written 20 days before it arrived) is kept as long as one written on arrival.
    const arrived = new Date(t + 20 * DAY).toISOString();
    expect(noteExpiresAtMs(new Date(t).toISOString(), arrived, 35)).toBe(t + 62 * DAY);
  });

  it('carry their expiry through an amendment, a retraction and a refinement', async () => {
    const state = new PartitionState(0, 1, dict);
    const noteId = `rs-test-${process.pid}`;
    const key = redisKeys.note(noteId);
    const now = Date.now();
    const data = { noteId, caseId: 'C1', unitId: 'U1', workerId: 'W1', text: 'sealed' };
    const submitted = storedEvent('caseload.note.submitted', data, now - 2 * DAY);
    await writeRecords(redis, state, [{ kind: 'note', event: submitted, findings: [], status: 'current' }]);
    const expected = noteExpiresAtMs(submitted.time, submitted.receivedAt, dict.windows.retainDays);
    expect(await redis.pExpireTime(key)).toBe(expected);

    // An amendment rewrites the record (a SET drops the expiry): it is set again.
    const amended = storedEvent('caseload.note.amended', { ...data, text: 'sealed again' }, now - DAY);
    await writeRecords(redis, state, [{ kind: 'note', event: amended, findings: [], status: 'amended' }]);
    const afterAmend = noteExpiresAtMs(amended.time, amended.receivedAt, dict.windows.retainDays);
    expect(await redis.pExpireTime(key)).toBe(afterAmend);

    // Edits in place keep it.
    await writeRecords(redis, state, [{ kind: 'findings', noteId, findings: [] }]);
    await writeRecords(redis, state, [{ kind: 'retract', noteId }]);
    expect(JSON.parse((await redis.get(key))!)).toMatchObject({ status: 'retracted' });
    expect(await redis.pExpireTime(key)).toBe(afterAmend);
    await redis.del(key);
  });
});
