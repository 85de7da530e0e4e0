import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subscription } from '@nats-io/transport-node';
import { VIEW_INTEREST_SUBJECT, ViewInterest } from '@caseload/shared';
import { connectOutcome, startWallboard, type WallboardHarness } from '../support/harness.ts';
import { unitFixture, unitView, viewMessage } from '../support/fixtures.ts';
import { waitFor } from '../support/waiting.ts';

describe('the wallboard tells the processors which unit views its screens hold', () => {
  let h: WallboardHarness;
  let sub: Subscription;
  const reports: ViewInterest[] = [];
  beforeAll(async () => {
    h = await startWallboard();
    sub = h.deps.nats.subscribe(VIEW_INTEREST_SUBJECT, {
      callback: (_err, m) => {
        reports.push(ViewInterest.parse(m.json()));
      },
    });
  });
  afterAll(async () => {
    sub?.unsubscribe();
    await h?.stop();
  });

  it('reports a unit while a screen (full or display projection) holds it, and stops when none does', async () => {
    const a = unitFixture();
    const b = unitFixture();
    await h.fixtures.storeView(viewMessage(unitView(a, { seq: 1 })));
    await h.fixtures.storeView(viewMessage(unitView(b, { seq: 1 })));
    const lead = h.client({ token: await h.token({ role: 'lead', units: [a.unitId] }) });
    expect(await connectOutcome(lead)).toBe('connected');
    const holds = (r: ViewInterest | undefined, unitId: string) => !!r?.units.includes(unitId);

    expect((await lead.emitWithAck('subscribe', { scope: 'unit', id: a.unitId })).ok).toBe(true);
    const first = await waitFor(() => reports.findLast((r) => holds(r, a.unitId)), 10_000);
    expect(first.units).not.toContain(b.unitId);
    expect(first.ttlMs).toBeGreaterThan(0);

    // Another screen on b: both are held, in one server's report.
    const ops = h.client({ token: await h.token({ role: 'operations' }) });
    expect(await connectOutcome(ops)).toBe('connected');
    expect((await ops.emitWithAck('subscribe', { scope: 'unit', id: b.unitId })).ok).toBe(true);
    const both = await waitFor(() => reports.findLast((r) => holds(r, a.unitId) && holds(r, b.unitId)), 10_000);
    expect(both.server).toBe(first.server);

    // The lead leaves a; the last report drops it and keeps b.
    await lead.emitWithAck('unsubscribe', { scope: 'unit', id: a.unitId });
    await waitFor(() => {
      const last = reports.at(-1);
      return last && !holds(last, a.unitId) && holds(last, b.unitId) ? last : undefined;
    }, 10_000);
    // A disconnected screen holds nothing.
    ops.disconnect();
    await waitFor(() => {
      const last = reports.at(-1);
      return last && !holds(last, b.unitId) ? last : undefined;
    }, 10_000);
    lead.disconnect();
  });
});
