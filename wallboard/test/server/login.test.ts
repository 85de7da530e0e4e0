import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, sessionCookieOf, startWallboard, type WallboardHarness } from '../support/harness.ts';

describe('login, logout and the login rate limit', () => {
  let h: WallboardHarness;
  beforeAll(async () => {
    h = await startWallboard({
      demoScope: { units: ['U-login'], sites: [] },
      loginLimits: { perIp: 8, perUser: 3, windowSeconds: 60 },
    });
  });
  afterAll(() => h?.stop());

  const form = (body: Record<string, string>, next?: string, origin?: string) =>
    fetch(`${h.url}/auth/login${next ? `?next=${encodeURIComponent(next)}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
      body: new URLSearchParams(body).toString(),
      redirect: 'manual',
    });

  it('logs in from the form, sets the session cookie and goes to ?next', async () => {
    const res = await form({ username: 'lee', password: 'lee-password' }, '/units/U-login', h.url);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/units/U-login');
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('cw_session='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const me = await fetch(`${h.url}/api/me`, { headers: { cookie: sessionCookieOf(res)! } });
    expect(await me.json()).toEqual({
      kind: 'user',
      id: 'lee',
      name: 'Lee Lead',
      role: 'lead',
      units: ['U-login'],
      sites: [],
    });
  });

  it('logs in with JSON and never redirects off the site', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const res = await login(h.url, 'ada', 'ada-password', next);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/');
    }
  });

  it('refuses a login form posted from another origin', async () => {
    const res = await fetch(`${h.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example', cookie: 'x=1' },
      body: JSON.stringify({ username: 'lee', password: 'lee-password' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
  });

  it('sends a bad password back to /login?error=1 without a cookie', async () => {
    const res = await form({ username: 'ops', password: 'wrong' }, '/sites');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?error=1&next=${encodeURIComponent('/sites')}`);
    expect(sessionCookieOf(res)).toBeUndefined();
    const unknown = await form({ username: 'nobody', password: 'x' });
    expect(unknown.headers.get('location')).toBe('/login?error=1');
  });

  it('limits failed logins per username, even for the right password afterwards', async () => {
    for (let i = 0; i < 3; i++) await login(h.url, 'audrey', `wrong-${i}`);
    const blocked = await login(h.url, 'audrey', 'audrey-password');
    expect(blocked.status).toBe(303);
    expect(blocked.headers.get('location')).toBe('/login?error=1&reason=rate_limited');
    expect(blocked.headers.get('retry-after')).toBeDefined();
    expect(sessionCookieOf(blocked)).toBeUndefined();
    const failures = (await h.deps.audit.list({ count: 500 })).filter(
      (e) => e.action === 'auth.login_failed' && e.actor.id === 'audrey',
    );
    expect(failures.map((e) => e.what.reason)).toEqual([
      'rate_limited',
      'bad_credentials',
      'bad_credentials',
      'bad_credentials',
    ]);
  });

  it('limits failed logins per address across usernames', async () => {
    // Five failures so far from this address (ops, nobody, audrey ×3); three more reach the limit of 8.
    for (let i = 0; i < 4; i++) await login(h.url, `stranger${i}`, 'x');
    const blocked = await login(h.url, 'sam', 'sam-password');
    expect(blocked.headers.get('location')).toBe('/login?error=1&reason=rate_limited');
  });

  it('logs out by clearing the cookie', async () => {
    const res = await fetch(`${h.url}/auth/logout`, { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
    expect(res.headers.getSetCookie().find((c) => c.startsWith('cw_session='))).toMatch(/Max-Age=0/);
  });
});
