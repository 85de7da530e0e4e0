import { describe, expect, it } from 'vitest';
import { BackgroundQueue, type CycleMember } from './flush-cycle.ts';
import type { PartitionFlusher } from './partition-flush.ts';

/** A member whose background work takes `ms` and records when it ran. */
function member(name: string, log: string[], ms: number, live = () => true): CycleMember {
  const flusher = {
    background: async () => {
      log.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name}:end`);
    },
  } as unknown as PartitionFlusher;
  return { flusher, nowMs: 0, live };
}

describe('BackgroundQueue', () => {
  it('runs one partition at a time, each once per round, and starts no second round meanwhile', async () => {
    const log: string[] = [];
    const q = new BackgroundQueue((err) => {
      throw err;
    });
    const members = [member('a', log, 10), member('b', log, 10), member('c', log, 10)];
    q.kick(members);
    q.kick(members); // a round is running: ignored
    await q.idle();
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
    q.kick(members.slice(0, 1));
    await q.idle();
    expect(log.slice(6)).toEqual(['a:start', 'a:end']);
  });

  it('skips a partition lost during the round, and a failure ends only that round', async () => {
    const log: string[] = [];
    const errors: unknown[] = [];
    const q = new BackgroundQueue((err) => errors.push(err));
    let bLive = true;
    const failing = {
      flusher: { background: () => Promise.reject(new Error('redis down')) } as unknown as PartitionFlusher,
      nowMs: 0,
      live: () => true,
    };
    const a: CycleMember = {
      ...member('a', log, 5),
      flusher: {
        background: async () => {
          log.push('a');
          bLive = false;
        },
      } as unknown as PartitionFlusher,
    };
    q.kick([a, member('b', log, 5, () => bLive), failing, member('d', log, 5)]);
    await q.idle();
    expect(log).toEqual(['a']);
    expect(errors).toHaveLength(1);
    q.kick([member('d', log, 5)]);
    await q.idle();
    expect(log).toEqual(['a', 'd:start', 'd:end']);
  });
});
