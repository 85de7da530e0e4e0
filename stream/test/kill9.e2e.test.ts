import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOTE_KEY } from '@caseload/shared/testing';
import {
  activity,
  checkpointed,
  killed,
  publish,
  roster,
  spawnProcessor,
  startStack,
  viewMismatches,
  waitFor,
  type Stack,
} from './helpers.ts';
import type { ChildProcess } from 'node:child_process';

const P = 4;
const EVENTS = 12_000;

describe('exactly once across kill -9', () => {
  let stack: Stack;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    stack = await startStack(P);
  });
  afterAll(async () => {
    for (const c of children) await killed(c);
    await stack?.destroy();
  });

  it('a processor killed mid-run and restarted ends with exactly the true counts', async () => {
    const end = Date.parse('2026-11-20T12:00:00Z');
    const r = roster(new Date(end - 6 * 86_400_000).toISOString(), 4, 5, 'K');
    const work = activity(r.workerIds, EVENTS, 42, end, 5 * 86_400_000);
    const landed = await publish(stack.js, [...r.events, ...work.events], P);
    const total = landed.length;
    expect(total).toBeGreaterThanOrEqual(10_000);

    const env = {
      NATS_URL: stack.nats.url,
      REDIS_URL: stack.redisServer.url,
      CLOCK: 'event',
      PARTITIONS: String(P),
      NOTE_ENCRYPTION_KEY: TEST_NOTE_KEY,
    };
    const first = spawnProcessor({ ...env, INSTANCE_ID: 'kill-first' });
    children.push(first);
    // Kill it while between 10% and 90% of the run is checkpointed (so some is done, some in flight).
    const doneAtKill = await waitFor(
      'the first processor to get 10% through',
      async () => {
        const done = await checkpointed(stack.redis, landed, P);
        return done >= total * 0.1 ? done : undefined;
      },
      // Start-up (tsx compiling the processor) alone can take ~20 s on a loaded 2-core machine.
      90_000,
      10,
    );
    await killed(first, 'SIGKILL');
    const fraction = doneAtKill / total;
    expect(fraction).toBeGreaterThanOrEqual(0.1);
    expect(fraction).toBeLessThanOrEqual(0.9);

    const second = spawnProcessor({ ...env, INSTANCE_ID: 'kill-second' });
    children.push(second);
    await waitFor(
      'every message checkpointed',
      async () => (await checkpointed(stack.redis, landed, P)) === total,
      40_000,
      200,
    );
    const mismatches = await waitFor(
      'final views',
      async () => {
        const m = await viewMismatches(stack.redis, r.workerIds, work.truth);
        return m.length === 0 ? m : undefined;
      },
      10_000,
      200,
    ).catch(async () => viewMismatches(stack.redis, r.workerIds, work.truth));
    expect(mismatches).toEqual([]);
    await killed(second, 'SIGTERM');
    // Still exactly right after a clean stop (nothing counted twice by the last flush).
    expect(await viewMismatches(stack.redis, r.workerIds, work.truth)).toEqual([]);
  }, 180_000);
});
