import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { testServers } from '@caseload/shared/testing';
import { AsyncAckPublisher, PublishFailedError } from './async-acks.ts';

// The global test server, with a stream and subjects of this file's own.
const STREAM = `ASYNC_ACKS_TEST_${process.pid}`;
const ROOT = `asyncackstest${process.pid}`;
let nc: NatsConnection;
let pub: AsyncAckPublisher;

beforeAll(async () => {
  nc = await connect({ servers: testServers().natsUrl, noAsyncTraces: true });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: STREAM, subjects: [`${ROOT}.stored.>`], duplicate_window: 60_000_000_000 });
  pub = new AsyncAckPublisher(nc, 10_000); // generous: acks can be slow on a busy machine
});
afterAll(async () => {
  pub?.close();
  await (await jetstreamManager(nc)).streams.delete(STREAM).catch(() => undefined);
  await nc?.close();
});

const msg = (subject: string, msgId: string) => ({ subject, msgId, bytes: Buffer.from(`payload ${msgId}`) });

describe('AsyncAckPublisher', () => {
  it('resolves with acks in order, marking repeats of a msg id as duplicates', async () => {
    const acks = await pub.publishMany([
      msg(`${ROOT}.stored.a`, 'm1'),
      msg(`${ROOT}.stored.b`, 'm2'),
      msg(`${ROOT}.stored.a`, 'm1'),
    ]);
    expect(acks.map((a) => a.duplicate)).toEqual([false, false, true]);
    expect(acks[1]!.seq).toBe(acks[0]!.seq + 1);
    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info(STREAM)).state.messages).toBe(2);
  });

  it('many groups at once each get their own acks', async () => {
    const groups = await Promise.all(
      Array.from({ length: 20 }, (_, g) =>
        pub.publishMany(Array.from({ length: 50 }, (_, i) => msg(`${ROOT}.stored.g${g}`, `g${g}-${i}`))),
      ),
    );
    const seqs = groups.flat().map((a) => a.seq);
    expect(new Set(seqs).size).toBe(1000);
  });

  it('rejects when no stream takes the subject', async () => {
    await expect(pub.publishMany([msg(`${ROOT}.nostream.x`, 'n1')])).rejects.toBeInstanceOf(PublishFailedError);
  });

  it('rejects when no ack comes in time', async () => {
    // A plain subscriber takes the message (so no "no responders") but never answers.
    const silent = nc.subscribe(`${ROOT}.silent`);
    const impatient = new AsyncAckPublisher(nc, 300);
    const t0 = Date.now();
    await expect(impatient.publishMany([msg(`${ROOT}.silent`, 's1')])).rejects.toThrow(/within 300 ms/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    impatient.close();
    silent.unsubscribe();
  });
});

describe('AsyncAckPublisher on a closed connection', () => {
  it('rejects the group instead of throwing', async () => {
    const own = await connect({ servers: testServers().natsUrl, noAsyncTraces: true });
    const p = new AsyncAckPublisher(own, 5_000);
    await own.close();
    await expect(p.publishMany([msg(`${ROOT}.stored.closed`, 'c1')])).rejects.toBeInstanceOf(PublishFailedError);
    p.close();
  });
});
