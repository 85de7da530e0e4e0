import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchSender, FatalSendError } from './sender.ts';
import type { CaseloadEvent } from '../schemas/events.ts';

interface Received {
  headers: IncomingMessage['headers'];
  url: string;
  ids: string[];
  bytes: number;
}

let server: Server;
let url = '';
const received: Received[] = [];
let behaviour: (
  n: number,
  req: IncomingMessage,
) => { status: number; headers?: Record<string, string>; body?: unknown } = () => ({ status: 202 });

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const events = JSON.parse(raw) as { id: string }[];
      received.push({ headers: req.headers, url: req.url ?? '', ids: events.map((e) => e.id), bytes: raw.length });
      const r = behaviour(received.length, req);
      res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
      res.end(JSON.stringify(r.body ?? { accepted: events.length, duplicates: 0, ids: events.map((e) => e.id) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const event = (i: number, text = 'x'): CaseloadEvent =>
  ({
    specversion: '1.0',
    id: `e-${i}`,
    source: '/sites/s01/cms',
    type: 'caseload.note.submitted',
    time: '2026-11-01T10:00:00Z',
    data: { noteId: `n-${i}`, caseId: 'c1', unitId: 'u1', workerId: 'w1', text },
  }) as CaseloadEvent;

describe('batch sender', () => {
  it('posts CloudEvents batches of at most 100 events with the bearer key', async () => {
    received.length = 0;
    behaviour = () => ({ status: 202 });
    const s = new BatchSender({ url, apiKey: 'k'.repeat(20), concurrency: 2, log: () => {} });
    for (let i = 0; i < 250; i++) await s.add(event(i));
    await s.drain();
    expect(received.map((r) => r.ids.length)).toEqual([100, 100, 50]);
    expect(received[0]!.headers['content-type']).toBe('application/cloudevents-batch+json');
    expect(received[0]!.headers.authorization).toBe(`Bearer ${'k'.repeat(20)}`);
    expect(s.stats.accepted).toBe(250);
  });

  it('keeps batches near 1 MB when events are large', async () => {
    received.length = 0;
    const s = new BatchSender({ url, apiKey: 'k'.repeat(20), log: () => {} });
    for (let i = 0; i < 60; i++) await s.add(event(i, 'y'.repeat(19_000)));
    await s.drain();
    expect(received.length).toBeGreaterThan(1);
    for (const r of received) expect(r.bytes).toBeLessThanOrEqual(1_000_000);
    expect(received.flatMap((r) => r.ids)).toHaveLength(60);
  });

  it('retries 503 after Retry-After and network errors with backoff, resending the same ids', async () => {
    received.length = 0;
    behaviour = (n) =>
      n <= 2 ? { status: 503, headers: { 'retry-after': '1' }, body: { error: 'unavailable' } } : { status: 202 };
    const waits: number[] = [];
    const s = new BatchSender({ url, apiKey: 'k'.repeat(20), log: () => {}, sleep: async (ms) => void waits.push(ms) });
    for (let i = 0; i < 10; i++) await s.add(event(i));
    await s.drain();
    expect(received).toHaveLength(3);
    expect(received[2]!.ids).toEqual(received[0]!.ids);
    expect(waits).toEqual([1000, 1000]);

    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      if (++calls <= 2) throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    received.length = 0;
    behaviour = () => ({ status: 202 });
    const waits2: number[] = [];
    const s2 = new BatchSender({
      url,
      apiKey: 'k'.repeat(20),
      fetchImpl: flaky,
      log: () => {},
      sleep: async (ms) => void waits2.push(ms),
    });
    await s2.add(event(1));
    await s2.drain();
    expect(waits2).toEqual([250, 500]);
    expect(received).toHaveLength(1);
    expect(s2.stats.retries).toBe(2);
  });

  it('resends a batch with invalid events in partial mode, and stops on a refused key', async () => {
    received.length = 0;
    behaviour = (n) =>
      n === 1
        ? { status: 400, body: { error: 'invalid_events', events: [{ index: 0, id: 'e-0', issues: [] }] } }
        : {
            status: 202,
            body: { accepted: 1, duplicates: 0, ids: ['e-1'], rejected: [{ index: 0, id: 'e-0', issues: [] }] },
          };
    const s = new BatchSender({ url, apiKey: 'k'.repeat(20), log: () => {} });
    await s.add(event(0));
    await s.add(event(1));
    await s.drain();
    expect(received.map((r) => r.url)).toEqual(['/v1/events', '/v1/events?mode=partial']);
    expect(s.stats.rejected).toBe(1);

    behaviour = () => ({ status: 401, body: { error: 'unauthorized' } });
    const bad = new BatchSender({ url, apiKey: 'wrong-key-wrong-key', log: () => {} });
    await bad.add(event(2));
    await expect(bad.drain()).rejects.toBeInstanceOf(FatalSendError);
  });
});
