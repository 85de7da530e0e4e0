import { connect as connectTcp, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { EVENTS_STREAM } from '@caseload/shared';
import { startNats, TEST_API_KEY, TEST_NOTE_KEY, type OwnedServer } from '@caseload/shared/testing';
import { loadIngestConfig } from '../../ingest/src/config.ts';
import { HTTP_TIMEOUTS, startIngest, type RunningIngest } from '../../ingest/src/start.ts';

/**
 * Slow-loris clients against ingest: headers or a body trickled a byte at a time must be cut off
 * with 408 once the header or request limit passes, and must not stop others being served.
 * Limits are shortened here (the mechanism is the same as in production, where they are 10 s / 60 s).
 */
const LIMITS = { headersMs: 800, requestMs: 1_500, checkEveryMs: 100 };

describe('slow-loris uploads to ingest', () => {
  let nats: OwnedServer;
  let ingest: RunningIngest;
  let reader: NatsConnection;
  let jsm: JetStreamManager;
  const config = () =>
    loadIngestConfig({
      NATS_URL: nats.url,
      INGEST_PORT: '0',
      INGEST_HOST: '127.0.0.1',
      INGEST_API_KEYS: TEST_API_KEY,
      NOTE_ENCRYPTION_KEY: TEST_NOTE_KEY,
      PARTITIONS: '2',
      LOG_LEVEL: 'silent',
    });

  beforeAll(async () => {
    nats = await startNats();
    ingest = await startIngest(config(), { logger: pino({ level: 'silent' }), httpTimeouts: LIMITS });
    reader = await connect({ servers: nats.url });
    jsm = await jetstreamManager(reader);
  }, 60_000);
  afterAll(async () => {
    await reader?.close();
    await ingest?.close();
    await nats?.destroy();
  }, 60_000);

  /** Opens a socket that writes `head` at once, then one byte of `drip` every `everyMs`. */
  function trickle(head: string, drip: string, everyMs = 100) {
    const socket = connectTcp(ingest.port, '127.0.0.1');
    let answer = '';
    let i = 0;
    const timer = setInterval(() => {
      if (i < drip.length && !socket.destroyed) socket.write(drip[i++]!);
    }, everyMs);
    socket.on('data', (b) => (answer += b.toString()));
    socket.write(head);
    const closed = new Promise<{ answer: string; ms: number; sent: number }>((resolve) => {
      const started = Date.now();
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ answer, ms: Date.now() - started, sent: i });
      });
      socket.on('error', () => undefined);
    });
    return { socket, closed };
  }

  const body = JSON.stringify({
    specversion: '1.0',
    id: 'slow-1',
    source: '/slow',
    type: 'caseload.case.closed',
    time: new Date().toISOString(),
    data: { caseId: 'C1', unitId: 'U1' },
  });
  const head = (length: number) =>
    `POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_API_KEY}\r\n` +
    `Content-Type: application/cloudevents+json\r\nContent-Length: ${length}\r\n\r\n`;

  it('cuts off headers trickled past the header limit with 408', async () => {
    const { closed } = trickle('POST /v1/events HTTP/1.1\r\nHost: x\r\n', 'X-Slow: ' + 'a'.repeat(500));
    const { answer, ms, sent } = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(sent).toBeLessThan(500); // closed before the client finished
    expect(ms).toBeLessThan(LIMITS.headersMs + 5_000);
  });

  it('cuts off a body trickled past the request limit with 408 and publishes nothing', async () => {
    const before = (await jsm.streams.info(EVENTS_STREAM)).state.messages;
    const { closed } = trickle(head(Buffer.byteLength(body)), body);
    const { answer, sent } = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(sent).toBeLessThan(body.length);
    expect((await jsm.streams.info(EVENTS_STREAM)).state.messages).toBe(before);
  });

  it('keeps serving others while 40 slow clients hang on, then drops them all', async () => {
    const slow: { socket: Socket; closed: Promise<{ answer: string }> }[] = [];
    for (let i = 0; i < 40; i++) slow.push(trickle(head(Buffer.byteLength(body)), body, 200));
    const res = await fetch(`${ingest.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/cloudevents+json' },
      body: body.replace('slow-1', 'quick-1'),
    });
    expect(res.status).toBe(202);
    const answers = await Promise.all(slow.map((s) => s.closed));
    expect(answers.filter((a) => /^HTTP\/1\.1 408/.test(a.answer))).toHaveLength(40);
  });

  it('sets production limits by default: headers 10 s, request 60 s, checked every second', async () => {
    const plain = await startIngest(config(), { logger: pino({ level: 'silent' }) });
    try {
      expect(HTTP_TIMEOUTS).toEqual({ headersMs: 10_000, requestMs: 60_000, checkEveryMs: 1_000 });
      expect(plain.server.headersTimeout).toBe(10_000);
      expect(plain.server.requestTimeout).toBe(60_000);
    } finally {
      await plain.close();
    }
  });
});
