import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { testServers } from '@caseload/shared/testing';
import { deliveryFigures, figuresOf } from './delivery-info.ts';

const STREAM = 'DELIVERY_INFO_TEST';

describe('deliveryFigures', () => {
  it('reads both subject forms as the client does', () => {
    const seq = fc.integer({ min: 0, max: 2 ** 40 });
    fc.assert(
      fc.property(seq, seq, seq, seq, seq, fc.boolean(), fc.boolean(), (dc, sseq, dseq, ts, pending, old, token) => {
        const tail = `${dc}.${sseq}.${dseq}.${ts}.${pending}`;
        const reply = old ? `$JS.ACK.EVENTS.p3.${tail}` : `$JS.ACK._.ACCT1.EVENTS.p3.${tail}${token ? '.Xy7kQ' : ''}`;
        expect(deliveryFigures(reply)).toEqual({ streamSequence: sseq, deliverySequence: dseq, pending });
      }),
    );
  });

  it('gives undefined for what is not an ack subject', () => {
    for (const s of [
      '',
      '_INBOX.abc',
      '$JS.ACK.EVENTS.p3.1.2.3',
      '$JS.ACK.EVENTS.p3.1.2.x.4.5',
      '$JS.ACK.a.b.c.d.1.2.3.4.5.6.7.8',
      '$JS.ACK._.A.EVENTS.p3.1.2..4.5',
    ])
      expect(deliveryFigures(s)).toBeUndefined();
  });

  it('agrees with JsMsg.info on messages from a real consumer, read from their ack subjects', async () => {
    const nc = await connect({ servers: testServers().natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(STREAM).catch(() => undefined);
      await jsm.streams.add({ name: STREAM, subjects: [`${STREAM}.>`] });
      const js = jetstream(nc);
      for (let i = 0; i < 5; i++) await js.publish(`${STREAM}.x`, `m${i}`);
      await jsm.consumers.add(STREAM, { durable_name: 'c', ack_policy: AckPolicy.Explicit });
      const consumer = await js.consumers.get(STREAM, 'c');
      const batch = await consumer.fetch({ max_messages: 5, expires: 2000 });
      let n = 0;
      for await (const m of batch) {
        const { streamSequence, deliverySequence, pending } = m.info;
        expect(figuresOf(m)).toEqual({ streamSequence, deliverySequence, pending });
        // Read from the subject, not from the client's info.
        const subject = (m as unknown as { reply: string }).reply;
        expect(deliveryFigures(subject)).toEqual({ streamSequence, deliverySequence, pending });
        n++;
      }
      expect(n).toBe(5);
      await jsm.streams.delete(STREAM);
    } finally {
      await nc.close();
    }
  });
});
