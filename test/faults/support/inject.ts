import { headers } from '@nats-io/transport-node';
import type { JetStreamClient } from '@nats-io/jetstream';
import { routesOf, sealEvent, type CaseloadEvent, type NoteKeyring } from '@caseload/shared';

/**
 * Publishes events straight into JetStream as ingest would (text sealed, partition subjects,
 * Nats-Msg-Id per copy), awaiting every ack with a bounded number in flight. For the processor's
 * faults: it builds a backlog far faster than HTTP could. Returns how many messages were acked.
 */
export async function injectEvents(
  js: JetStreamClient,
  events: CaseloadEvent[],
  partitions: number,
  ring: NoteKeyring,
  inFlight = 1000,
): Promise<number> {
  const receivedAt = new Date().toISOString();
  let pending: Promise<unknown>[] = [];
  let acked = 0;
  for (const e of events) {
    const body = JSON.stringify(sealEvent(e, ring, receivedAt));
    for (const r of routesOf(e, partitions)) {
      const h = headers();
      h.set('Nats-Msg-Id', r.msgId);
      pending.push(js.publish(r.subject, body, { headers: h, timeout: 30_000 }).then(() => acked++));
      if (pending.length >= inFlight) {
        await Promise.all(pending);
        pending = [];
      }
    }
  }
  await Promise.all(pending);
  return acked;
}
