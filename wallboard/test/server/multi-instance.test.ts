import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOutcome, startWallboard, type WallboardHarness } from '../support/harness.ts';
import { unitFixture, unitView, viewMessage } from '../support/fixtures.ts';
import { nextView } from '../support/waiting.ts';

describe('several wallboard servers side by side', () => {
  let one: WallboardHarness;
  let two: WallboardHarness;
  beforeAll(async () => {
    [one, two] = await Promise.all([startWallboard(), startWallboard()]);
  });
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
  });

  it('each subscribes to NATS itself, so a view reaches the clients of both', async () => {
    const u = unitFixture();
    await one.fixtures.storeView(viewMessage(unitView(u, { seq: 1 })));
    const clients = await Promise.all(
      [one, two].map(async (h) => {
        const c = h.client({ token: await h.token({ role: 'lead', units: [u.unitId] }) });
        expect(await connectOutcome(c)).toBe('connected');
        expect((await c.emitWithAck('subscribe', { scope: 'unit', id: u.unitId })).ok).toBe(true);
        return c;
      }),
    );
    const arrivals = clients.map((c) => nextView(c, (m) => m.id === u.unitId && m.seq === 2));
    await one.fixtures.putView(viewMessage(unitView(u, { seq: 2 })));
    expect((await Promise.all(arrivals)).map((m) => m.seq)).toEqual([2, 2]);
  });

  it('a revocation on one server drops the display on the other', async () => {
    const u = unitFixture();
    const created = await one.deps.displays.create({ units: [u.unitId], sites: [], createdBy: 'test' });
    const token = await two.token({
      kind: 'display',
      id: created.display.displayId,
      role: 'display',
      units: [u.unitId],
    });
    const c = two.client({ token });
    expect(await connectOutcome(c)).toBe('connected');
    const revoked = new Promise<void>((resolve) => c.once('revoked', () => resolve()));
    const admin = await one.token({ role: 'admin' });
    const res = await fetch(`${one.url}/api/displays/${created.display.displayId}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    await revoked;
  });
});
