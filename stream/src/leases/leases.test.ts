import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { testServers } from '@caseload/shared/testing';
import { Leases, openLeaseBucket } from './leases.ts';

describe('lease bucket (real NATS)', () => {
  let nc: NatsConnection;
  const bucket = `leases_test_${process.pid}_${Date.now()}`;

  beforeAll(async () => {
    nc = await connect({ servers: testServers().natsUrl, noAsyncTraces: true });
  });
  afterAll(async () => {
    await nc?.close();
  });

  it('updates an existing bucket made with another TTL, and live leases renew on', async () => {
    const first = await openLeaseBucket(nc, 60_000, { bucket });
    expect(first.previousTtlMs).toBeUndefined();
    expect((await first.kv.status()).ttl).toBe(60_000);
    const a = new Leases(first.kv, 'a');
    const epoch = await a.acquire('p0');
    expect(epoch).not.toBeNull();

    // A later start with a shorter TTL: the bucket follows it, in place.
    const second = await openLeaseBucket(nc, 3_000, { bucket });
    expect(second.previousTtlMs).toBe(60_000);
    expect((await second.kv.status()).ttl).toBe(3_000);
    // The holder's lease is still its own (another instance cannot take it), and renews by revision.
    expect(await new Leases(second.kv, 'b').acquire('p0')).toBeNull();
    const renewed = await a.renew('p0', epoch!);
    expect(typeof renewed).toBe('number');

    // Opening again with the same TTL changes nothing.
    expect((await openLeaseBucket(nc, 3_000, { bucket })).previousTtlMs).toBeUndefined();
  });

  it('a lease that is not renewed expires after the TTL and can be taken', async () => {
    const { kv } = await openLeaseBucket(nc, 1_000, { bucket: `${bucket}_short` });
    const a = new Leases(kv, 'a');
    const b = new Leases(kv, 'b');
    const epoch = await a.acquire('p1');
    expect(epoch).not.toBeNull();
    expect(await b.acquire('p1')).toBeNull();
    const deadline = Date.now() + 10_000;
    let taken: number | null = null;
    while (taken === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      taken = await b.acquire('p1');
    }
    expect(taken).toBeGreaterThan(epoch!);
    expect(await a.renew('p1', epoch!)).toBe('lost');
  });
});
