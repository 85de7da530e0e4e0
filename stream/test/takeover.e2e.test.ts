import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
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
  type Landed,
  type Stack,
  type Truth,
} from './helpers.ts';

const P = 8;

describe('takeover: 8 partitions, 3 instances, one killed under load', () => {
  let stack: Stack;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    stack = await startStack(P);
  });
  afterAll(async () => {
    for (const c of children) await killed(c);
    await stack?.destroy();
  });

  it('the survivors take the dead instance’s partitions over and the views stay exactly right', async () => {
    const end = Date.parse('2026-11-20T12:00:00Z');
    const r = roster(new Date(end - 6 * 86_400_000).toISOString(), 8, 3, 'T');
    const landed: Landed[] = await publish(stack.js, r.events, P);
    const env = {
      NATS_URL: stack.nats.url,
      REDIS_URL: stack.redisServer.url,
      CLOCK: 'event',
      PARTITIONS: String(P),
      NOTE_ENCRYPTION_KEY: TEST_NOTE_KEY,
    };
    for (const id of ['a', 'b', 'c']) children.push(spawnProcessor({ ...env, INSTANCE_ID: `inst-${id}` }));

    // Wait until the three share the partitions (each owns some: a lease per partition in KV).
    const owners = async () => {
      const out = new Map<string, number>();
      const kv = await import('@nats-io/kv').then(({ Kvm }) => new Kvm(stack.nc).open('caseload_leases'));
      for (let k = 0; k < P; k++) {
        const e = await kv.get(`p${k}`);
        if (e?.operation === 'PUT') {
          const who = (JSON.parse(e.string()) as { instanceId: string }).instanceId;
          out.set(who, (out.get(who) ?? 0) + 1);
        }
      }
      return out;
    };
    await waitFor(
      'three owners',
      async () => {
        const o = await owners();
        return o.size === 3 && [...o.values()].reduce((a, b) => a + b, 0) === P;
        // Generous: three child processes compile and start at once on a shared 2-core machine.
      },
      90_000,
      250,
    );

    // Continuous load: batches every 100 ms; one instance is killed in the middle of it.
    const truth: Truth = { notes: new Map(), contacts: new Map() };
    const add = (t: Truth) => {
      for (const [k, v] of t.notes) truth.notes.set(k, (truth.notes.get(k) ?? 0) + v);
      for (const [k, v] of t.contacts) truth.contacts.set(k, (truth.contacts.get(k) ?? 0) + v);
    };
    let killedOne = false;
    for (let batch = 0; batch < 30; batch++) {
      const a = activity(r.workerIds, 300, 1000 + batch, end, 5 * 86_400_000, `b${batch}-`);
      add(a.truth);
      landed.push(...(await publish(stack.js, a.events, P)));
      if (batch === 10) {
        await killed(children[0]!, 'SIGKILL');
        killedOne = true;
      }
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(killedOne).toBe(true);

    // The survivors hold every partition, and the dead one none.
    await waitFor(
      'two owners of all partitions',
      async () => {
        const o = await owners();
        return !o.has('inst-a') && o.size === 2 && [...o.values()].reduce((x, y) => x + y, 0) === P;
      },
      30_000,
      250,
    );
    await waitFor(
      'every message checkpointed',
      async () => (await checkpointed(stack.redis, landed, P)) === landed.length,
      40_000,
      250,
    );
    const mismatches = await waitFor(
      'final views',
      async () => {
        const m = await viewMismatches(stack.redis, r.workerIds, truth);
        return m.length === 0 ? m : undefined;
      },
      10_000,
      250,
    ).catch(() => viewMismatches(stack.redis, r.workerIds, truth));
    expect(mismatches).toEqual([]);
  }, 200_000);
});
