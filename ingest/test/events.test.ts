import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteTextOf, partitionOf, SITE_TOKEN } from '@caseload/shared';
import { contact, event, note, NOTE_TEXT, PARTITIONS, ring, startStack, type Stack } from './helpers.ts';
import { msgIdOf } from '@caseload/shared';

let s: Stack;
const logs: string[] = [];
beforeAll(async () => {
  s = await startStack({ logs });
});
afterAll(async () => {
  await s?.close();
});

/** Messages stored for one event id. */
async function storedFor(id: string) {
  return (await s.stored()).filter((m) => m.event.id === id);
}

describe('POST /v1/events: modes', () => {
  it('structured mode: stores the event sealed, on its unit partition, readable with the key', async () => {
    const e = note('U-struct');
    const r = await s.post(e);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ accepted: 1, duplicates: 0, ids: [e.id] });

    const [m, ...more] = await storedFor(e.id);
    expect(more).toHaveLength(0);
    expect(m!.subject).toBe(`caseload.events.p${partitionOf('U-struct', PARTITIONS)}.U-struct.note.submitted`);
    expect(m!.msgId).toBe(msgIdOf(e.source, e.id));
    expect(Buffer.from(m!.bytes).toString('utf8')).not.toContain('eviction');
    expect(m!.event.data).not.toHaveProperty('text', NOTE_TEXT);
    expect(noteTextOf(m!.event, ring)).toBe(NOTE_TEXT);
    expect(Date.parse(m!.event.receivedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(m!.event).toMatchObject({ id: e.id, source: e.source, type: e.type, time: e.time });
  });

  it('plain application/json without ce- headers reads as structured mode', async () => {
    const e = contact('U-plain');
    const r = await s.post(e, { contentType: 'application/json; charset=utf-8' });
    expect(r.status).toBe(202);
    expect(await storedFor(e.id)).toHaveLength(1);
  });

  it('binary mode: attributes from ce- headers, the body is data', async () => {
    const e = note('U-bin');
    const r = await s.post(e.data, {
      contentType: 'application/json',
      headers: { 'ce-specversion': '1.0', 'ce-id': e.id, 'ce-source': e.source, 'ce-type': e.type, 'ce-time': e.time },
    });
    expect(r.status).toBe(202);
    const [m] = await storedFor(e.id);
    expect(m!.event).toMatchObject({ id: e.id, source: e.source, type: e.type, time: e.time });
    expect(noteTextOf(m!.event, ring)).toBe(NOTE_TEXT);
  });

  it('binary mode with a missing ce- header names it', async () => {
    const e = note('U-bin');
    const r = await s.post(e.data, {
      contentType: 'application/json',
      headers: { 'ce-specversion': '1.0', 'ce-id': e.id, 'ce-type': e.type, 'ce-time': e.time },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('"path":"source"');
  });

  it('batch: every event stored, ids in request order', async () => {
    const batch = [note('U-b1'), contact('U-b2'), note('U-b3')];
    const r = await s.post(batch);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ accepted: 3, duplicates: 0, ids: batch.map((e) => e.id) });
    for (const e of batch) expect(await storedFor(e.id)).toHaveLength(1);
  });

  it('batch size must be 1 to 1000', async () => {
    expect((await s.post([])).status).toBe(400);
    const big = Array.from({ length: 1001 }, () => contact('U-big'));
    const r = await s.post(big);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_batch');
  });
});

describe('fan-out', () => {
  it('roster events reach every partition, each copy de-duplicated on its own id', async () => {
    const site = event('caseload.site.upserted', { siteId: 'north', name: 'North', timezone: 'America/Chicago' });
    const worker = event('caseload.worker.upserted', {
      workerId: 'W9',
      unitId: 'U-ro',
      name: 'Ada Lovelace',
      capacity: 30,
    });
    expect((await s.post([site, worker])).status).toBe(202);
    const siteCopies = await storedFor(site.id);
    expect(siteCopies.map((m) => m.subject).sort()).toEqual(
      Array.from({ length: PARTITIONS }, (_, k) => `caseload.events.p${k}.${SITE_TOKEN}.site.upserted`).sort(),
    );
    expect(new Set(siteCopies.map((m) => m.msgId)).size).toBe(PARTITIONS);
    expect((await storedFor(worker.id)).map((m) => m.subject).sort()).toEqual(
      Array.from({ length: PARTITIONS }, (_, k) => `caseload.events.p${k}.U-ro.worker.upserted`).sort(),
    );
    // defaults applied on the way in
    expect(siteCopies[0]!.event.data).toMatchObject({ timezone: 'America/Chicago' });
    expect((await storedFor(worker.id))[0]!.event.data).toMatchObject({ active: true });

    const again = await s.post([site, worker]);
    expect(again.body).toMatchObject({ accepted: 2, duplicates: 2 });
    expect(await storedFor(site.id)).toHaveLength(PARTITIONS);
  });

  it("a transfer goes to both units' partitions", async () => {
    // two units on different partitions
    const from = 'U-from';
    const to = ['U-to1', 'U-to2', 'U-to3', 'U-to4', 'U-to5'].find(
      (u) => partitionOf(u, PARTITIONS) !== partitionOf(from, PARTITIONS),
    )!;
    const e = event('caseload.case.assigned', { caseId: 'C7', unitId: to, workerId: 'W2', fromUnitId: from });
    expect((await s.post(e)).status).toBe(202);
    expect((await storedFor(e.id)).map((m) => m.subject).sort()).toEqual(
      [
        `caseload.events.p${partitionOf(to, PARTITIONS)}.${to}.case.assigned`,
        `caseload.events.p${partitionOf(from, PARTITIONS)}.${from}.case.assigned`,
      ].sort(),
    );
  });
});

describe('duplicates', () => {
  it('the same (source, id) again answers 202 and is stored once', async () => {
    const e = note('U-dup');
    expect((await s.post(e)).body).toEqual({ accepted: 1, duplicates: 0, ids: [e.id] });
    expect((await s.post(e)).body).toEqual({ accepted: 1, duplicates: 1, ids: [e.id] });
    expect((await s.post([e, note('U-dup')])).body).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(await storedFor(e.id)).toHaveLength(1);
  });

  it('the same id from another source is a different event', async () => {
    const e = note('U-dup2');
    await s.post(e);
    const r = await s.post({ ...e, source: '/sites/south/cms' });
    expect(r.body).toMatchObject({ duplicates: 0 });
    expect(await storedFor(e.id)).toHaveLength(2);
  });
});

describe('validation', () => {
  it('all-or-nothing: 400 names every problem of every bad event and publishes nothing', async () => {
    const good = note('U-val');
    const badText = note('U-val', '');
    const badIds = {
      ...contact('U-val'),
      data: { ...contact('U-val').data, unitId: 'bad id!', mode: 'carrier_pigeon' },
    };
    const badType = { ...note('U-val'), type: 'caseload.nope' };
    const r = await s.post([good, badText, badIds, badType]);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_events');
    const events = r.body.events as { index: number; id: string; issues: { path: string; message: string }[] }[];
    expect(events.map((e) => e.index)).toEqual([1, 2, 3]);
    expect(events[0]).toMatchObject({ id: badText.id, issues: [{ path: 'data.text' }] });
    expect(events[1]!.issues.map((i) => i.path).sort()).toEqual(['data.mode', 'data.unitId']);
    expect(events[2]!.issues.map((i) => i.path)).toEqual(['type']);
    for (const e of events) for (const i of e.issues) expect(i.message.length).toBeGreaterThan(0);
    expect(await storedFor(good.id)).toHaveLength(0);
  });

  it('?mode=partial publishes the valid events and reports the rest', async () => {
    const good = [note('U-part'), contact('U-part')];
    const bad = { ...note('U-part'), data: { noteId: 'n' } };
    const r = await s.post([good[0], bad, good[1]], { query: '?mode=partial' });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ accepted: 2, duplicates: 0, ids: good.map((e) => e.id) });
    expect(r.body.rejected).toEqual([expect.objectContaining({ index: 1, id: bad.id })]);
    for (const e of good) expect(await storedFor(e.id)).toHaveLength(1);
    expect(await storedFor(bad.id)).toHaveLength(0);
  });

  it('event time must lie within now − EVENT_MAX_AGE_DAYS … now + EVENT_MAX_FUTURE_SECONDS', async () => {
    const day = 86_400_000;
    const old = note('U-time', NOTE_TEXT, { time: new Date(Date.now() - 401 * day).toISOString() });
    const oldOk = note('U-time', NOTE_TEXT, { time: new Date(Date.now() - 399 * day).toISOString() });
    const future = note('U-time', NOTE_TEXT, { time: new Date(Date.now() + 10 * 60_000).toISOString() });
    const soon = note('U-time', NOTE_TEXT, { time: new Date(Date.now() + 60_000).toISOString() });
    const r = await s.post([old, oldOk, future, soon]);
    expect(r.status).toBe(400);
    expect(r.body.events).toEqual([
      { index: 0, id: old.id, issues: [{ path: 'time', message: expect.stringContaining('400 days') }] },
      { index: 2, id: future.id, issues: [{ path: 'time', message: expect.stringContaining('300 seconds') }] },
    ]);
    expect((await s.post([oldOk, soon])).status).toBe(202);
  });

  it('malformed JSON: 400 with a JSON body that does not echo the text', async () => {
    const r = await s.post(null, { raw: '{"data": {"text": "the client disclosed something private" ' });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('malformed_json');
    expect(typeof r.body.message).toBe('string');
    expect(JSON.stringify(r.body)).not.toContain('private');
  });

  it('wrong content type: 415 with a JSON body', async () => {
    const r = await s.post(note(), { contentType: 'text/plain' });
    expect(r.status).toBe(415);
    expect(r.body).toMatchObject({ error: 'unsupported_media_type', message: expect.any(String) });
  });

  it('a body over 10 MB: 413 with a JSON body', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 0x20);
    const r = await s.post(null, { raw: big });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ error: 'payload_too_large', message: expect.any(String) });
  });

  it('note text over 20,000 characters is refused; exactly 20,000 is fine', async () => {
    const r = await s.post([note('U-len', 'a'.repeat(20_000)), note('U-len', 'a'.repeat(20_001))]);
    expect(r.status).toBe(400);
    expect(r.body.events).toEqual([
      expect.objectContaining({ index: 1, issues: [expect.objectContaining({ path: 'data.text' })] }),
    ]);
  });
});

describe('operations endpoints', () => {
  it('/healthz and /readyz answer 200 while NATS is up', async () => {
    expect((await fetch(`${s.ingest.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${s.ingest.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('/metrics counts requests by status and events by outcome, with a publish latency histogram', async () => {
    const text = await (await fetch(`${s.ingest.url}/metrics`)).text();
    expect(text).toMatch(/ingest_http_requests_total\{route="\/v1\/events",status="202"\} \d+/);
    expect(text).toMatch(/ingest_http_requests_total\{route="\/v1\/events",status="400"\} \d+/);
    expect(text).toMatch(/ingest_events_total\{outcome="accepted"\} \d+/);
    expect(text).toMatch(/ingest_events_total\{outcome="duplicate"\} [1-9]/);
    expect(text).toMatch(/ingest_events_total\{outcome="rejected"\} [1-9]/);
    expect(text).toMatch(/ingest_publish_duration_seconds_bucket\{le="0.1"\} [1-9]/);
  });

  it('/openapi.json describes POST /v1/events with every event type', async () => {
    const doc = (await (await fetch(`${s.ingest.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: { CloudEvent: { oneOf: { properties: { type: { const?: string } } }[] } } };
    };
    expect(doc.paths['/v1/events']).toBeDefined();
    const types = doc.components.schemas.CloudEvent.oneOf.map((o) => o.properties.type.const);
    expect(types).toContain('caseload.note.submitted');
    expect(types).toHaveLength(12);
  });
});

describe('logs', () => {
  // Runs after the tests above, which sent note text in valid, invalid and malformed requests.
  it('carry ids and counts, never note text', () => {
    expect(logs.length).toBeGreaterThan(10);
    const all = logs.join('\n');
    expect(all).toContain('events accepted');
    for (const secret of ['eviction', 'homeless', 'private', 'aaaaaaaaaa']) expect(all).not.toContain(secret);
  });
});
