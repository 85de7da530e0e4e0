import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SITE_KEY } from '@caseload/shared/testing';
import { event, note, startStack, unit, type Stack } from './helpers.ts';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
  // The all-sites key places two units, one in the site key's site and one elsewhere.
  expect((await s.post([unit('U-north', 'north'), unit('U-south', 'south')])).status).toBe(202);
});
afterAll(async () => {
  await s?.close();
});

const siteKey = { key: TEST_SITE_KEY };
const ids = async () => new Set((await s.stored()).map((m) => m.event.id));

describe('API keys', () => {
  it('401 without a key, with a malformed header, or with an unknown key', async () => {
    for (const key of [null, 'not-a-known-key-000000']) {
      const r = await s.post(note(), { key });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
    }
    const r = await s.post(note(), { key: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(r.status).toBe(401);
  });
});

describe('site-limited keys', () => {
  it('may send events of units placed in their sites', async () => {
    const e = note('U-north');
    expect((await s.post(e, siteKey)).status).toBe(202);
    expect(await ids()).toContain(e.id);
  });

  it('403 for a request holding any event of another site, and nothing of it is published', async () => {
    const inside = note('U-north');
    const outside = note('U-south');
    const r = await s.post([inside, outside], siteKey);
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({
      error: 'forbidden',
      events: [expect.objectContaining({ index: 1, id: outside.id })],
    });
    const stored = await ids();
    expect(stored).not.toContain(inside.id);
    expect(stored).not.toContain(outside.id);
  });

  it('403 also in partial mode', async () => {
    const r = await s.post([note('U-north'), note('U-south')], { ...siteKey, query: '?mode=partial' });
    expect(r.status).toBe(403);
  });

  it('403 for a unit nobody placed yet', async () => {
    expect((await s.post(note('U-unknown'), siteKey)).status).toBe(403);
  });

  it('a unit placed earlier in the same request counts', async () => {
    const batch = [unit('U-new-north', 'north'), note('U-new-north')];
    expect((await s.post(batch, siteKey)).status).toBe(202);
    // …and stays placed for later requests
    expect((await s.post(note('U-new-north'), siteKey)).status).toBe(202);
  });

  it('may not place a unit in, or move a unit out of, a site it does not hold', async () => {
    expect((await s.post(unit('U-elsewhere', 'south'), siteKey)).status).toBe(403);
    expect((await s.post(unit('U-south', 'north'), siteKey)).status).toBe(403);
    expect((await s.post(note('U-south'), siteKey)).status).toBe(403);
  });

  it('site events: the siteId of the data decides', async () => {
    const site = (siteId: string) => event('caseload.site.upserted', { siteId, name: siteId });
    expect((await s.post(site('north'), siteKey)).status).toBe(202);
    expect((await s.post(site('south'), siteKey)).status).toBe(403);
  });

  it('a transfer needs both units in scope', async () => {
    const assign = (fromUnitId: string) =>
      event('caseload.case.assigned', { caseId: 'C1', unitId: 'U-north', workerId: 'W1', fromUnitId });
    expect((await s.post(assign('U-new-north'), siteKey)).status).toBe(202);
    expect((await s.post(assign('U-south'), siteKey)).status).toBe(403);
  });

  it('placements are shared through NATS KV: another ingest instance knows them', async () => {
    const other = await s.startAnotherIngest();
    expect((await s.post([unit('U-shared', 'north')], siteKey)).status).toBe(202);
    expect((await s.post(note('U-shared'), { ...siteKey, url: other.url })).status).toBe(202);
    expect((await s.post(note('U-south'), { ...siteKey, url: other.url })).status).toBe(403);
  });
});
