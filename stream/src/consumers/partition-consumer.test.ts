import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { partitionFilter } from '@caseload/shared';
import { testServers } from '@caseload/shared/testing';
import { consumeLoop, openPartitionConsumer } from './partition-consumer.ts';

const STREAM = 'PARTITION_CONSUMER_TEST';
const log = pino({ level: 'silent' });
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connect({ servers: testServers().natsUrl });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(STREAM).catch(() => undefined);
  // The partition filter's subject space, so openPartitionConsumer's filter applies as in production.
  const p3 = partitionFilter(3);
  await jsm.streams.add({ name: STREAM, subjects: [p3] });
  const js = jetstream(nc);
  for (let i = 1; i <= 2500; i++) await js.publish(p3.replace('>', `u1.m${i}`), String(i));
});
afterAll(async () => {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(STREAM).catch(() => undefined);
  await nc.close();
});

async function open(afterSeq: number) {
  return openPartitionConsumer(jetstream(nc), await jetstreamManager(nc), 3, afterSeq, STREAM);
}

describe('consumeLoop', () => {
  it('hands every message after the start sequence to onMessage, in stream order, across pulls', async () => {
    const seqs: number[] = [];
    let ended = false;
    let resolveAll!: () => void;
    const all = new Promise<void>((r) => (resolveAll = r));
    const loop = await consumeLoop(
      await open(100),
      300,
      (m: JsMsg) => {
        seqs.push(m.seq);
        if (seqs.length === 2400) resolveAll();
      },
      log,
      () => (ended = true),
    );
    await all;
    expect(seqs).toEqual(Array.from({ length: 2400 }, (_, i) => 101 + i));
    expect(ended).toBe(false);
    await loop.stop();
    expect(ended).toBe(true);
  });

  it('ends with the error a handler throws, and hands over no message after it', async () => {
    let ended: unknown = 'not ended';
    let after = 0;
    const loop = await consumeLoop(
      await open(0),
      100,
      (m: JsMsg) => {
        if (m.seq === 5) throw new Error('boom');
        if (m.seq > 5) after++;
      },
      log,
      (err) => (ended = err),
    );
    await loop.done;
    expect(String(ended)).toContain('boom');
    expect(after).toBe(0);
  });
});
