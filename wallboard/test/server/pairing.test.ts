import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitView } from '@caseload/shared';
import { connectOutcome, sessionCookieOf, startWallboard, type WallboardHarness } from '../support/harness.ts';
import { unitFixture, unitView, viewMessage, type UnitFixture } from '../support/fixtures.ts';
import { waitFor } from '../support/waiting.ts';

describe('TV pairing and revocation', () => {
  let h: WallboardHarness;
  let u: UnitFixture;
  let admin: string;
  beforeAll(async () => {
    h = await startWallboard({ revocationSweepMs: 60_000 });
    u = unitFixture();
    await h.fixtures.storeView(viewMessage(unitView(u, { seq: 1 })));
    admin = await h.token({ role: 'admin' });
  });
  afterAll(() => h?.stop());

  const createDisplay = async (body: object) => {
    const res = await fetch(`${h.url}/api/displays`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { display: { displayId: string }; pairingUrl: string; expiresAt: string };
  };

  const auditFor = async (displayId: string) =>
    (await h.deps.audit.list({ count: 500 })).filter((e) => e.what.displayId === displayId).map((e) => e.action);

  it('pairs once: cookie and redirect to the board, then the code is spent', async () => {
    const created = await createDisplay({ units: [u.unitId] });
    expect(created.pairingUrl.startsWith(`${h.url}/pair/`)).toBe(true);
    const first = await fetch(created.pairingUrl, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/board/unit/${u.unitId}`);
    const setCookie = first.headers.getSetCookie().find((c) => c.startsWith('cw_session='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    expect(Number(/Max-Age=(\d+)/.exec(setCookie)![1])).toBeGreaterThan(30 * 86400);
    const again = await fetch(created.pairingUrl, { redirect: 'manual' });
    expect(again.status).toBe(404);
    expect(sessionCookieOf(again)).toBeUndefined();
  });

  it('marks the cookie Secure behind a TLS proxy', async () => {
    const created = await createDisplay({ sites: [u.siteId] });
    const res = await fetch(created.pairingUrl, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('location')).toBe(`/board/site/${u.siteId}`);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('cw_session='))).toMatch(/; Secure/);
  });

  it('lets a pairing code expire after 10 minutes', async () => {
    const created = await createDisplay({ units: [u.unitId] });
    const code = created.pairingUrl.split('/pair/')[1]!;
    const key = `pairing:${createHash('sha256').update(code).digest('hex')}`;
    const ttl = await h.deps.redis.ttl(key);
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
    await h.deps.redis.pExpire(key, 1); // ten minutes, passed
    await new Promise((r) => setTimeout(r, 20));
    expect((await fetch(created.pairingUrl, { redirect: 'manual' })).status).toBe(404);
  });

  it('serves a paired TV its projected views, refuses it notes, and drops it when revoked', async () => {
    const created = await createDisplay({ units: [u.unitId], name: 'Hall TV' });
    const { displayId } = created.display;
    const cookie = sessionCookieOf(await fetch(created.pairingUrl, { redirect: 'manual' }))!;

    const view = await fetch(`${h.url}/api/views/unit/${u.unitId}`, { headers: { cookie } });
    expect(view.status).toBe(200);
    const body = (await view.json()) as { view: UnitView };
    expect(JSON.stringify(body)).not.toContain(u.workers[0]!.workerId);
    expect((await fetch(`${h.url}/api/notes/N1`, { headers: { cookie } })).status).toBe(403);
    expect((await fetch(`${h.url}/api/views/sites`, { headers: { cookie } })).status).toBe(403);

    const socket = h.client({ cookie, origin: h.url });
    expect(await connectOutcome(socket)).toBe('connected');
    expect((await socket.emitWithAck('subscribe', { scope: 'unit', id: u.unitId })).ok).toBe(true);
    const events: string[] = [];
    socket.on('revoked', () => events.push('revoked'));
    socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));

    const revoke = await fetch(`${h.url}/api/displays/${displayId}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(revoke.status).toBe(200);
    await waitFor(() => (events.length >= 2 ? true : undefined));
    expect(events).toEqual(['revoked', 'disconnect:io server disconnect']);

    expect((await fetch(`${h.url}/api/views/unit/${u.unitId}`, { headers: { cookie } })).status).toBe(401);
    expect(await connectOutcome(h.client({ cookie, origin: h.url }))).toBe('unauthorized');

    const listed = (await (
      await fetch(`${h.url}/api/displays`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as { displays: { displayId: string; revokedAt?: string; pairedAt?: string }[] };
    const mine = listed.displays.find((d) => d.displayId === displayId)!;
    expect(mine.pairedAt).toBeDefined();
    expect(mine.revokedAt).toBeDefined();
    expect((await auditFor(displayId)).sort()).toEqual(['display.create', 'display.pair', 'display.revoke']);
  });

  it('drops a revoked display on the periodic sweep when no revocation message came', async () => {
    const sweeping = await startWallboard({ revocationSweepMs: 100 });
    try {
      const created = await sweeping.deps.displays.create({ units: [u.unitId], sites: [], createdBy: 'test' });
      const token = await sweeping.token({
        kind: 'display',
        id: created.display.displayId,
        role: 'display',
        units: [u.unitId],
      });
      const socket = sweeping.client({ token });
      expect(await connectOutcome(socket)).toBe('connected');
      const revoked = new Promise<void>((resolve) => socket.once('revoked', () => resolve()));
      await sweeping.deps.displays.revoke(created.display.displayId, 'test'); // Redis only, no NATS message
      await revoked;
    } finally {
      await sweeping.stop();
    }
  });

  it('refuses display management to everyone but admins', async () => {
    for (const role of ['lead', 'supervisor', 'operations', 'auditor'] as const) {
      const token = await h.token({ role, units: [u.unitId] });
      const res = await fetch(`${h.url}/api/displays`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ units: [u.unitId] }),
      });
      expect(res.status, role).toBe(403);
    }
  });
});
