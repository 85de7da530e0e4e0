import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Heartbeat, UnitView } from '@caseload/shared';
import { connectOutcome, startWallboard, type LiveClient, type WallboardHarness } from '../support/harness.ts';
import { siteView, sitesView, unitFixture, unitView, viewMessage, type UnitFixture } from '../support/fixtures.ts';
import { collectViews, nextView, sleep } from '../support/waiting.ts';

async function connected(h: WallboardHarness, token: string): Promise<LiveClient> {
  const c = h.client({ token });
  expect(await connectOutcome(c)).toBe('connected');
  return c;
}

describe('/live subscriptions and views', () => {
  let h: WallboardHarness;
  let a: UnitFixture;
  let b: UnitFixture;
  beforeAll(async () => {
    h = await startWallboard();
    a = unitFixture();
    b = unitFixture();
    await h.fixtures.storeView(viewMessage(unitView(a, { seq: 5 })));
    await h.fixtures.storeView(viewMessage(unitView(b, { seq: 2 })));
    await h.fixtures.storeView(viewMessage(siteView(a.siteId, [a], 3)));
  });
  afterAll(() => h?.stop());

  it('acks a subscribe in scope with the whole current view', async () => {
    const c = await connected(h, await h.token({ role: 'lead', units: [a.unitId] }));
    const ack = await c.emitWithAck('subscribe', { scope: 'unit', id: a.unitId });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.view).toMatchObject({ scope: 'unit', id: a.unitId, seq: 5 });
    expect((ack.view.view as UnitView).workers[0]!.name).toBe('Alex Morgan');
  });

  it('answers forbidden, not_found and invalid', async () => {
    const c = await connected(h, await h.token({ role: 'lead', units: [a.unitId, 'U-missing'] }));
    expect(await c.emitWithAck('subscribe', { scope: 'unit', id: b.unitId })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await c.emitWithAck('subscribe', { scope: 'unit', id: 'U-missing' })).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await c.emitWithAck('subscribe', { scope: 'sites' })).toEqual({ ok: false, error: 'forbidden' });
    for (const bad of [{ scope: 'unit' }, { scope: 'unit', id: 'a.b' }, { scope: 'planet', id: 'x' }, 'unit', null]) {
      expect(await c.emitWithAck('subscribe', bad as never)).toEqual({ ok: false, error: 'invalid' });
    }
  });

  it('lets a site-scoped lead see the units of the site and the site view, and operations everything', async () => {
    const siteLead = await connected(h, await h.token({ role: 'lead', sites: [a.siteId] }));
    expect((await siteLead.emitWithAck('subscribe', { scope: 'unit', id: a.unitId })).ok).toBe(true);
    expect((await siteLead.emitWithAck('subscribe', { scope: 'site', id: a.siteId })).ok).toBe(true);
    expect(await siteLead.emitWithAck('subscribe', { scope: 'unit', id: b.unitId })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    const ops = await connected(h, await h.token({ role: 'operations' }));
    expect((await ops.emitWithAck('subscribe', { scope: 'unit', id: b.unitId })).ok).toBe(true);
    for (const role of ['auditor', 'admin'] as const) {
      const c = await connected(h, await h.token({ role }));
      expect(await c.emitWithAck('subscribe', { scope: 'unit', id: a.unitId })).toEqual({
        ok: false,
        error: 'forbidden',
      });
    }
  });

  it('pushes a view published on NATS to subscribers, and never one with a lower seq', async () => {
    const c = await connected(h, await h.token({ role: 'supervisor', units: [b.unitId] }));
    await c.emitWithAck('subscribe', { scope: 'unit', id: b.unitId });
    const seen = collectViews(c);
    await h.fixtures.putView(viewMessage(unitView(b, { seq: 3 })));
    await nextView(c, (m) => m.seq === 3);
    await h.fixtures.publishView(viewMessage(unitView(b, { seq: 1 })));
    await h.fixtures.publishView(viewMessage(unitView(b, { seq: 3 })));
    await h.fixtures.putView(viewMessage(unitView(b, { seq: 4 })));
    await nextView(c, (m) => m.seq === 4);
    expect(seen.map((m) => m.seq)).toEqual([3, 4]);
    // Redis now holding an older view (say, a lagging writer) does not take a subscriber back.
    await h.fixtures.storeView(viewMessage(unitView(b, { seq: 2 })));
    const late = await connected(h, await h.token({ role: 'supervisor', units: [b.unitId] }));
    const ack = await late.emitWithAck('subscribe', { scope: 'unit', id: b.unitId });
    expect(ack.ok && ack.view.seq).toBe(4);
  });

  it('keeps a not_found subscription, so the first published view arrives', async () => {
    const fresh = unitFixture();
    const c = await connected(h, await h.token({ role: 'lead', units: [fresh.unitId] }));
    expect(await c.emitWithAck('subscribe', { scope: 'unit', id: fresh.unitId })).toEqual({
      ok: false,
      error: 'not_found',
    });
    const first = nextView(c, (m) => m.id === fresh.unitId);
    await h.fixtures.putView(viewMessage(unitView(fresh, { seq: 1 })));
    expect((await first).seq).toBe(1);
  });

  it('stops pushing after unsubscribe', async () => {
    const c = await connected(h, await h.token({ role: 'operations' }));
    await c.emitWithAck('subscribe', { scope: 'sites' });
    await h.fixtures.putView(viewMessage(sitesView([a.siteId], 10)));
    await nextView(c, (m) => m.scope === 'sites' && m.seq === 10);
    expect(await c.emitWithAck('unsubscribe', { scope: 'sites' })).toEqual({ ok: true });
    const seen = collectViews(c);
    await h.fixtures.putView(viewMessage(sitesView([a.siteId], 11)));
    await sleep(300);
    expect(seen).toEqual([]);
  });

  it('gives a display the projection: no names, case ids, client ids, evidence or worker ids', async () => {
    const display = await h.deps.displays.create({ units: [a.unitId], sites: [], createdBy: 'test' });
    const c = await connected(
      h,
      await h.token({
        kind: 'display',
        id: display.display.displayId,
        role: 'display',
        units: [a.unitId],
      }),
    );
    const ack = await c.emitWithAck('subscribe', { scope: 'unit', id: a.unitId });
    expect(ack.ok).toBe(true);
    const pushed = nextView(c, (m) => m.seq === 6);
    await h.fixtures.putView(viewMessage(unitView(a, { seq: 6 })));
    for (const msg of [ack.ok ? ack.view : null, await pushed]) {
      const text = JSON.stringify(msg);
      for (const w of a.workers) {
        expect(text).not.toContain(w.workerId);
        expect(text).not.toContain(w.name);
      }
      expect(text).not.toContain(`${a.unitId}-C`);
      expect(text).not.toContain('"evidence"');
      expect(text).not.toContain('noteId');
      expect((msg!.view as UnitView).workers.map((w) => w.displayName)).toEqual(['Alex', 'Bea', 'Chidi']);
    }
    // The laptop room still gets the full view of the same change.
    const lead = await connected(h, await h.token({ role: 'lead', units: [a.unitId] }));
    await lead.emitWithAck('subscribe', { scope: 'unit', id: a.unitId });
    const full = nextView(lead, (m) => m.seq === 7);
    const projected = nextView(c, (m) => m.seq === 7);
    await h.fixtures.putView(viewMessage(unitView(a, { seq: 7 })));
    expect(JSON.stringify(await full)).toContain(a.workers[0]!.workerId);
    expect(JSON.stringify(await projected)).not.toContain(a.workers[0]!.workerId);
  });

  it('names workers on a display only where the unit has wallShowsNames', async () => {
    const named = unitFixture();
    await h.fixtures.storeView(viewMessage(unitView(named, { seq: 1, wallShowsNames: true })));
    const d = await h.deps.displays.create({ units: [named.unitId], sites: [], createdBy: 'test' });
    const c = await connected(
      h,
      await h.token({ kind: 'display', id: d.display.displayId, role: 'display', units: [named.unitId] }),
    );
    const ack = await c.emitWithAck('subscribe', { scope: 'unit', id: named.unitId });
    const view = ack.ok ? (ack.view.view as UnitView) : null;
    expect(view!.signals[0]!.workerId).toBe(named.workers[0]!.workerId);
    expect(view!.workers[0]!.name).toBe('Alex');
    expect(JSON.stringify(view)).not.toContain(`${named.unitId}-C`);
  });

  it('sends a heartbeat to every connection, with the processor lag once progress is heard', async () => {
    const c = await connected(h, await h.token({ role: 'auditor' }));
    const first = await new Promise<Heartbeat>((resolve) => c.once('heartbeat', resolve));
    expect(typeof first.serverTime).toBe('string');
    await h.fixtures.publishProgress({ instanceId: `p-${Date.now()}`, lagMs: 250 });
    const beat = await new Promise<Heartbeat>((resolve) => {
      const on = (hb: Heartbeat) => {
        if (hb.lagMs !== null) {
          c.off('heartbeat', on);
          resolve(hb);
        }
      };
      c.on('heartbeat', on);
    });
    expect(beat.lagMs).toBeGreaterThanOrEqual(250);
    expect(beat.asOf).not.toBeNull();
  });
});
