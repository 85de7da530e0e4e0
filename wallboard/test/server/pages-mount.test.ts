import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestHandler } from 'express';
import { principalOnRequest } from '../../src/lib/server/auth/request-principal.ts';
import { login, sessionCookieOf, startWallboard, type WallboardHarness } from '../support/harness.ts';

/** What the SvelteKit handler receives when mounted last: the untouched body and the principal. */
describe('pages mounted after the API', () => {
  let h: WallboardHarness;
  const seen: { body: string; principal: unknown }[] = [];
  const pages: RequestHandler = (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ body, principal: principalOnRequest(req) });
      res.status(200).send('page');
    });
  };
  beforeAll(async () => {
    h = await startWallboard({ pages, demoScope: { units: ['U-pages'], sites: [] } });
  });
  afterAll(() => h?.stop());

  it('leaves a form action’s body for SvelteKit and hands it the principal', async () => {
    const cookie = sessionCookieOf(await login(h.url, 'sam', 'sam-password'))!;
    const res = await fetch(`${h.url}/units/U-pages?/acknowledge`, {
      method: 'POST',
      headers: { cookie, origin: h.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'signalId=s1&note=seen',
    });
    expect(res.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ body: 'signalId=s1&note=seen', principal: { id: 'sam', role: 'supervisor' } });
  });

  it('sends a revoked TV to the not-authorised notice instead of a login form', async () => {
    const created = await h.deps.displays.create({ units: ['U-pages'], sites: [], createdBy: 'test' });
    const tv = `cw_session=${await h.token({ kind: 'display', id: created.display.displayId, role: 'display', units: ['U-pages'] })}`;
    const live = await fetch(`${h.url}/board/unit/U-pages`, { headers: { cookie: tv }, redirect: 'manual' });
    expect(live.status).toBe(200);
    await h.deps.displays.revoke(created.display.displayId, 'test');
    const revoked = await fetch(`${h.url}/board/unit/U-pages`, { headers: { cookie: tv }, redirect: 'manual' });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('/not-authorised');
    const notice = await fetch(`${h.url}/not-authorised`, { headers: { cookie: tv }, redirect: 'manual' });
    expect(notice.status).toBe(200);
  });

  it('gives pages a null principal for nobody, and refuses cross-origin cookie posts before them', async () => {
    await fetch(`${h.url}/board/unit/U-pages`);
    expect(seen.at(-1)!.principal).toBeNull();
    const before = seen.length;
    const res = await fetch(`${h.url}/units/U-pages?/acknowledge`, {
      method: 'POST',
      headers: { cookie: 'cw_session=x', origin: 'http://evil.example', 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(res.status).toBe(403);
    expect(seen.length).toBe(before);
  });
});
