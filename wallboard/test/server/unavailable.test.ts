import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNats, startRedis, type OwnedServer } from '@caseload/shared/testing';
import { connectOutcome, startWallboard, type WallboardHarness } from '../support/harness.ts';
import { nextView, waitFor } from '../support/waiting.ts';
import { unitFixture, unitView, viewMessage } from '../support/fixtures.ts';

describe('Redis or NATS away', () => {
  let redis: OwnedServer;
  let nats: OwnedServer;
  let h: WallboardHarness;
  beforeAll(async () => {
    [redis, nats] = await Promise.all([startRedis(), startNats()]);
    h = await startWallboard({ redisUrl: redis.url, natsUrl: nats.url });
  });
  afterAll(async () => {
    await h?.stop();
    await Promise.all([redis?.destroy(), nats?.destroy()]);
  });

  it('refuses sockets as unavailable and answers 503 while Redis is down, and recovers by itself', async () => {
    const token = await h.token({ role: 'operations' });
    await redis.stop();
    await waitFor(() => (h.deps.redis.isReady ? undefined : true));
    expect(await connectOutcome(h.client({ token }))).toBe('unavailable');
    expect((await fetch(`${h.url}/readyz`)).status).toBe(503);
    const api = await fetch(`${h.url}/api/views/sites`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(503);
    await redis.start();
    await waitFor(() => (h.deps.redis.isReady ? true : undefined), 10_000);
    expect(await connectOutcome(h.client({ token }))).toBe('connected');
  });

  it('refuses sockets as unavailable while NATS is down, and catches up on missed views after', async () => {
    const token = await h.token({ role: 'operations' });
    const u = unitFixture();
    await h.fixtures.storeView(viewMessage(unitView(u, { seq: 1 })));
    const watcher = h.client({ token });
    expect(await connectOutcome(watcher)).toBe('connected');
    expect((await watcher.emitWithAck('subscribe', { scope: 'unit', id: u.unitId })).ok).toBe(true);

    await nats.stop();
    await waitFor(() => (h.deps.natsUp() ? undefined : true), 10_000);
    expect(await connectOutcome(h.client({ token }))).toBe('unavailable');
    // The processor wrote a newer view meanwhile; its NATS publication never reached us.
    await h.fixtures.storeView(viewMessage(unitView(u, { seq: 2 })));
    const caughtUp = nextView(watcher, (m) => m.id === u.unitId && m.seq === 2, 20_000);
    await nats.start();
    await waitFor(() => (h.deps.natsUp() ? true : undefined), 15_000);
    expect((await caughtUp).seq).toBe(2);
    expect(await connectOutcome(h.client({ token }))).toBe('connected');
  });
});
