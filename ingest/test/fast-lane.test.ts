import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_API_KEY } from '@caseload/shared/testing';
import { note, startStack, type Stack } from './helpers.ts';

/**
 * POST /v1/events has two doors: the fast lane (a plain body with a Content-Length) and express (a
 * chunked or compressed body). The same request must get the same answer through either.
 */
let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.close();
});

interface Sent {
  status: number;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

type Door = 'fast' | 'chunked' | 'gzip';

/** Sends bytes through one door: with a Content-Length, chunked (no length), or gzip-compressed. */
function send(door: Door, bytes: Buffer, opts: { query?: string; key?: string | null; type?: string } = {}) {
  const url = new URL(`/v1/events${opts.query ?? ''}`, s.ingest.url);
  const headers: Record<string, string | number> = {
    'content-type': opts.type ?? 'application/cloudevents-batch+json',
  };
  const key = opts.key === undefined ? TEST_API_KEY : opts.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const payload = door === 'gzip' ? gzipSync(bytes) : bytes;
  if (door === 'gzip') headers['content-encoding'] = 'gzip';
  if (door !== 'chunked') headers['content-length'] = payload.length;
  return new Promise<Sent>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        }),
      );
    });
    req.on('error', reject);
    if (door === 'chunked') {
      // two writes without a declared length: Node sends Transfer-Encoding: chunked
      req.write(payload.subarray(0, 10));
      req.end(payload.subarray(10));
    } else req.end(payload);
  });
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('the fast lane and express answer POST /v1/events alike', () => {
  it('accepts a batch through either door, and the other door sees its events as duplicates', async () => {
    const batch = [note('U-fast'), note('U-fast')];
    const ids = batch.map((e) => e.id);
    const first = await send('fast', json(batch));
    expect(first).toEqual({
      status: 202,
      contentType: 'application/json; charset=utf-8',
      body: { accepted: 2, duplicates: 0, ids },
    });
    for (const door of ['chunked', 'gzip'] as const)
      expect(await send(door, json(batch))).toEqual({ ...first, body: { accepted: 2, duplicates: 2, ids } });
    expect((await s.stored()).filter((m) => ids.includes(m.event.id))).toHaveLength(2);
  });

  it('gives the same refusals: 401, 415, 400 for bad JSON, invalid events and a bad mode', async () => {
    const bad = { ...note('U-fast'), time: 'yesterday' };
    const cases: [string, Buffer, Parameters<typeof send>[2]][] = [
      ['no key', json([note()]), { key: null }],
      ['wrong type', json([note()]), { type: 'text/plain' }],
      ['malformed', Buffer.from('[{"id": '), {}],
      ['empty', Buffer.alloc(0), {}],
      ['invalid event', json([note('U-fast'), bad]), {}],
      ['mode twice', json([note('U-fast')]), { query: '?mode=partial&mode=partial' }],
      ['unknown mode', json([note('U-fast')]), { query: '?mode=some' }],
    ];
    for (const [label, bytes, opts] of cases) {
      const fast = await send('fast', bytes, opts);
      const viaExpress = await send('chunked', bytes, opts);
      expect({ label, ...viaExpress }).toEqual({ label, ...fast });
      expect(fast.status, label).toBeGreaterThanOrEqual(400);
      expect(fast.body, label).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    }
  });

  it('partial mode answers the same rejected list through either door', async () => {
    const bad = { ...note('U-fast'), time: 'yesterday' };
    const fast = await send('fast', json([note('U-fast'), bad]), { query: '?mode=partial' });
    const viaExpress = await send('chunked', json([note('U-fast'), bad]), { query: '?mode=partial' });
    expect(fast.status).toBe(202);
    expect(viaExpress.status).toBe(202);
    expect(fast.body.rejected).toEqual(viaExpress.body.rejected);
    expect((fast.body.rejected as unknown[]).length).toBe(1);
  });

  it('counts fast-lane requests in /metrics like the others', async () => {
    await send('fast', json([note('U-fast')]), { key: null });
    const text = await (await fetch(`${s.ingest.url}/metrics`)).text();
    expect(text).toMatch(/ingest_http_requests_total\{route="\/v1\/events",status="202"\} [1-9]/);
    expect(text).toMatch(/ingest_http_requests_total\{route="\/v1\/events",status="401"\} [1-9]/);
  });
});
