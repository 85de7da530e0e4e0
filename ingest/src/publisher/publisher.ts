import type { NatsConnection } from '@nats-io/transport-node';
import { sealEvent, type CaseloadEvent, type NoteKeyring } from '@caseload/shared';
import { AsyncAckPublisher, type OutMsg } from './async-acks.ts';
import { msgIdOf, routesOf } from '@caseload/shared';
import { NatsUnavailableError } from './unavailable.ts';

export interface PublisherOptions {
  partitions: number;
  timeoutMs: number;
  ring: NoteKeyring;
  /**
   * Called when a publish failed, so the owner can check the stream is still defined (a server
   * restarted without its data answers "no responders" until the stream exists again).
   */
  onFailure?: () => void;
}

/**
 * Seals events and publishes them to the events stream, awaiting every JetStream ack. Each event is
 * serialised once; the same bytes go to every partition it fans out to.
 */
export class EventPublisher {
  readonly #pending = new Set<Promise<unknown>>();
  readonly #acks: AsyncAckPublisher;

  constructor(
    nc: NatsConnection,
    private readonly opts: PublisherOptions,
  ) {
    this.#acks = new AsyncAckPublisher(nc, opts.timeoutMs);
  }

  /**
   * Publishes all events at once; resolves with, per event, whether JetStream had it already (every
   * copy a duplicate). Rejects with NatsUnavailableError if any copy was not acknowledged in time.
   */
  async publishAll(events: readonly CaseloadEvent[], receivedAt: string): Promise<boolean[]> {
    const stored = encodeAll(events.map((e) => JSON.stringify(sealEvent(e, this.opts.ring, receivedAt))));
    const msgs: OutMsg[] = [];
    const firstCopy: number[] = [];
    events.forEach((e, i) => {
      firstCopy.push(msgs.length);
      for (const r of routesOf(e, this.opts.partitions, msgIdOf(e.source, e.id)))
        msgs.push({ subject: r.subject, msgId: r.msgId, bytes: stored[i]! });
    });
    firstCopy.push(msgs.length);
    const work = this.#acks.publishMany(msgs);
    this.#pending.add(work);
    try {
      const acks = await work;
      return events.map((_, i) => acks.slice(firstCopy[i], firstCopy[i + 1]).every((a) => a.duplicate));
    } catch (err) {
      this.opts.onFailure?.();
      throw new NatsUnavailableError('JetStream did not acknowledge every event', { cause: err });
    } finally {
      this.#pending.delete(work);
    }
  }

  /** Waits for publishes still in flight (graceful shutdown), then stops listening for acks. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
    this.#acks.close();
  }
}

/**
 * The UTF-8 bytes of each text, as views of one buffer: a request's ~200 KB in one allocation
 * instead of a new 8 KB pool slab every few events (Buffer.from's pool), which showed in profiles.
 */
export function encodeAll(texts: readonly string[]): Buffer[] {
  let total = 0;
  const lengths = texts.map((t) => {
    const n = Buffer.byteLength(t);
    total += n;
    return n;
  });
  const all = Buffer.allocUnsafe(total);
  let at = 0;
  return texts.map((t, i) => {
    const end = at + lengths[i]!;
    all.write(t, at, 'utf8');
    const view = all.subarray(at, end);
    at = end;
    return view;
  });
}
