import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { io as ioClient } from 'socket.io-client';
import { TEST_AUTH_SECRET } from '@caseload/shared/testing';
import type { ViewMessage } from '@caseload/shared';
import { connectOutcome, login, startWallboard, type WallboardHarness } from '../support/harness.ts';
import { NOTE_TEXT, siteView, unitFixture, unitView, viewMessage, type UnitFixture } from '../support/fixtures.ts';
import { listRoutes } from '../support/routes.ts';

/**
 * The cells the role matrix (http-access.test.ts) leaves out: bad credentials of every kind on
 * every API route of the live route table, revoked displays, cross-origin polling handshakes, what
 * a site-scoped display receives, cookie flags behind TLS, and headers of the real pages.
 */
const claims = { kind: 'user', role: 'operations', name: 'x', units: [], sites: [] };
const sign = (secret: string, exp: number, alg: 'HS256' = 'HS256') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg })
    .setSubject('forger')
    .setIssuer('caseload-wallboard')
    .setAudience('caseload-wallboard')
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));

describe('bad credentials on every API route', () => {
  let h: WallboardHarness;
  const bad = new Map<string, string>();
  beforeAll(async () => {
    h = await startWallboard();
    const now = Math.floor(Date.now() / 1000);
    bad.set('expired', await sign(TEST_AUTH_SECRET, now - 60));
    bad.set('foreign secret', await sign('another-secret-another-secret-another-secret', now + 3600));
    const good = await h.token({ role: 'lead', units: ['U1'] });
    const [head, body, sig] = good.split('.') as [string, string, string];
    const lifted = { ...JSON.parse(Buffer.from(body, 'base64url').toString()), role: 'admin' };
    bad.set('tampered', `${head}.${Buffer.from(JSON.stringify(lifted)).toString('base64url')}.${sig}`);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    bad.set('alg none', `${none}.${Buffer.from(JSON.stringify(lifted)).toString('base64url')}.`);
    const d = await h.deps.displays.create({ units: ['U1'], sites: [], createdBy: 'test' });
    bad.set(
      'revoked display',
      await h.token({ kind: 'display', id: d.display.displayId, role: 'display', units: ['U1'] }),
    );
    await h.deps.displays.revoke(d.display.displayId, 'test');
  });
  afterAll(() => h?.stop());

  it('answers 401 to each, as bearer and as cookie, on every route the app serves', async () => {
    const routes = listRoutes(h.app).filter((r) => r.path.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    let cells = 0;
    for (const r of routes) {
      const path = r.path.replace(/:[A-Za-z]+/g, 'U1');
      for (const [name, token] of bad) {
        for (const carrier of ['bearer', 'cookie'] as const) {
          const res = await fetch(`${h.url}${path}`, {
            method: r.method,
            headers:
              carrier === 'bearer'
                ? { authorization: `Bearer ${token}` }
                : { cookie: `cw_session=${token}`, origin: h.url },
          });
          cells++;
          if (res.status !== 401) wrong.push(`${r.method} ${path} with ${name} (${carrier}): ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(cells).toBe(routes.length * bad.size * 2);
  });

  it('refuses each on the /live handshake too', async () => {
    const outcomes = await Promise.all([...bad.values()].map((token) => connectOutcome(h.client({ token }))));
    expect(outcomes).toEqual([...bad.keys()].map(() => 'unauthorized'));
  });
});

describe('cross-origin and projection', () => {
  let h: WallboardHarness;
  let u: UnitFixture;
  beforeAll(async () => {
    h = await startWallboard({ users: true });
    u = unitFixture();
    await h.fixtures.storeView(viewMessage(unitView(u)));
    await h.fixtures.storeView(viewMessage(siteView(u.siteId, [u])));
  });
  afterAll(() => h?.stop());

  it('refuses a session cookie from another origin over HTTP long-polling, as over WebSocket', async () => {
    const cookie = (await login(h.url, 'ops', 'ops-password')).headers
      .getSetCookie()
      .find((c) => c.startsWith('cw_session='))!
      .split(';')[0]!;
    const poll = (origin: string) =>
      ioClient(`${h.url}/live`, { transports: ['polling'], reconnection: false, extraHeaders: { cookie, origin } });
    const evil = poll('http://evil.example');
    const ours = poll(h.url);
    // Both listen from the start: either handshake may finish first, and an outcome nobody was
    // listening for yet would never arrive.
    const outcomes = Promise.all([connectOutcome(evil), connectOutcome(ours)]);
    try {
      expect(await outcomes).toEqual(['unauthorized', 'connected']);
    } finally {
      evil.disconnect();
      ours.disconnect();
    }
  });

  it('gives a site-scoped display no case ids, client ids, worker ids, full names or note text, on HTTP and /live', async () => {
    const d = await h.deps.displays.create({ units: [], sites: [u.siteId], createdBy: 'test' });
    const token = await h.token({ kind: 'display', id: d.display.displayId, role: 'display', sites: [u.siteId] });
    const received: string[] = [];
    for (const path of [`/api/views/unit/${u.unitId}`, `/api/views/site/${u.siteId}`]) {
      const res = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, path).toBe(200);
      received.push(await res.text());
    }
    const socket = h.client({ token });
    expect(await connectOutcome(socket)).toBe('connected');
    for (const sub of [
      { scope: 'unit', id: u.unitId },
      { scope: 'site', id: u.siteId },
    ] as const) {
      const ack = await socket.emitWithAck('subscribe', sub);
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
      received.push(JSON.stringify(ack));
    }
    const pushed = new Promise<ViewMessage>((resolve) => socket.once('view', resolve));
    await h.fixtures.putView(viewMessage(unitView(u, { seq: 2 })));
    received.push(JSON.stringify(await pushed));
    socket.disconnect();

    const all = received.join('\n');
    expect(all).toContain(u.workers[0]!.displayName); // the projection, not nothing
    const forbidden = [
      `${u.unitId}-C`, // case ids
      `${u.unitId}-CL`, // client ids
      ...u.workers.map((w) => w.workerId),
      ...u.workers.map((w) => w.name),
      ...NOTE_TEXT.split('\n\n').map((p) => p.slice(0, 30)),
    ];
    expect(forbidden.filter((s) => all.includes(s))).toEqual([]);
  });
});

describe('session cookies', () => {
  let h: WallboardHarness;
  beforeAll(async () => {
    h = await startWallboard({ users: true });
  });
  afterAll(() => h?.stop());

  const sessionSetCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('cw_session='))!;

  it('are HttpOnly and SameSite=Lax always, and Secure behind a TLS proxy only', async () => {
    const plain = sessionSetCookie(await login(h.url, 'lee', 'lee-password'));
    const tls = sessionSetCookie(
      await fetch(`${h.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ username: 'lee', password: 'lee-password' }),
        redirect: 'manual',
      }),
    );
    for (const c of [plain, tls]) {
      expect(c).toMatch(/; HttpOnly/);
      expect(c).toMatch(/; SameSite=Lax/);
      expect(c).toMatch(/; Path=\//);
    }
    expect(plain).not.toMatch(/Secure/);
    expect(tls).toMatch(/; Secure/);
    const out = await fetch(`${h.url}/auth/logout`, {
      method: 'POST',
      headers: { 'x-forwarded-proto': 'https' },
      redirect: 'manual',
    });
    expect(sessionSetCookie(out)).toMatch(/Max-Age=0.*Secure|Secure.*Max-Age=0/);
  });
});

const BUILD = fileURLToPath(new URL('../../build/handler.js', import.meta.url));

describe.skipIf(!existsSync(BUILD))('security headers on the real pages (SvelteKit build)', () => {
  let h: WallboardHarness;
  beforeAll(async () => {
    h = await startWallboard({ withPages: true });
  });
  afterAll(() => h?.stop());

  it('serves the login page with helmet headers and a nonce-based CSP that every inline script obeys', async () => {
    const res = await fetch(`${h.url}/login`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('script-src')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('base-uri')).toBe("base-uri 'self'");
    const nonce = /'nonce-([^']+)'/.exec(directive('script-src'))?.[1];
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]!);
    expect(inline.length).toBeGreaterThan(0);
    for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBeTruthy();
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
