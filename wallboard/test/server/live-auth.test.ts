import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { TEST_AUTH_SECRET } from '@caseload/shared/testing';
import type { Heartbeat } from '@caseload/shared';
import { connectOutcome, login, sessionCookieOf, startWallboard, type WallboardHarness } from '../support/harness.ts';

describe('/live handshake', () => {
  let h: WallboardHarness;
  beforeAll(async () => {
    h = await startWallboard({ users: true });
  });
  afterAll(() => h?.stop());

  it('accepts a valid bearer token', async () => {
    const token = await h.token({ role: 'operations' });
    expect(await connectOutcome(h.client({ token }))).toBe('connected');
  });

  it('refuses no credential, garbage, a tampered and an expired token as unauthorized', async () => {
    const good = await h.token({ role: 'lead', units: ['U1'] });
    const [head, body, sig] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const tamperedBody = Buffer.from(JSON.stringify({ ...claims, role: 'operations' })).toString('base64url');
    const expired = await new SignJWT({ kind: 'user', role: 'lead', name: 'x', units: [], sites: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('old')
      .setIssuer('caseload-wallboard')
      .setAudience('caseload-wallboard')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(TEST_AUTH_SECRET));
    const otherSecret = await new SignJWT({ kind: 'user', role: 'operations', name: 'x', units: [], sites: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('forger')
      .setIssuer('caseload-wallboard')
      .setAudience('caseload-wallboard')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    const outcomes = await Promise.all(
      [undefined, 'not-a-token', `${head}.${tamperedBody}.${sig}`, expired, otherSecret].map((token) =>
        connectOutcome(h.client(token ? { token } : {})),
      ),
    );
    expect(outcomes).toEqual(['unauthorized', 'unauthorized', 'unauthorized', 'unauthorized', 'unauthorized']);
  });

  it('accepts the session cookie only from the wallboard origin', async () => {
    const res = await login(h.url, 'ops', 'ops-password');
    const cookie = sessionCookieOf(res);
    expect(cookie).toBeDefined();
    expect(await connectOutcome(h.client({ cookie, origin: h.url }))).toBe('connected');
    expect(await connectOutcome(h.client({ cookie, origin: 'http://evil.example' }))).toBe('unauthorized');
    expect(await connectOutcome(h.client({ cookie }))).toBe('unauthorized');
  });

  it('ends a socket when its token expires; the reconnect is then refused', async () => {
    const token = await h.token({ role: 'operations' }, 2);
    const socket = h.client({ token });
    expect(await connectOutcome(socket)).toBe('connected');
    await new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    expect(await connectOutcome(h.client({ token }))).toBe('unauthorized');
  });

  it('sends a heartbeat at once on connection, not only after the first interval', async () => {
    const slow = await startWallboard({ heartbeatMs: 600_000 });
    try {
      const socket = slow.client({ token: await slow.token({ role: 'lead', units: ['U1'] }) });
      const beat = await new Promise<Heartbeat>((resolve) => socket.once('heartbeat', resolve));
      expect(Date.parse(beat.serverTime)).toBeGreaterThan(Date.now() - 60_000);
    } finally {
      await slow.stop();
    }
  });

  it('audits a refused handshake that presented a bad credential', async () => {
    const before = (await h.deps.audit.list({ count: 1 }))[0]?.id ?? '0-0';
    await connectOutcome(h.client({ token: 'bad.token.value' }));
    const after = await h.deps.audit.list({ count: 50 });
    const fresh = after.filter((e) => e.id > before && e.action === 'access.refused' && e.what.channel === 'socket');
    expect(fresh.length).toBeGreaterThanOrEqual(1);
    expect(fresh[0]!.what.reason).toBe('invalid');
  });
});
