import type { JetStreamManager } from '@nats-io/jetstream';
import { EVENTS_STREAM, partitionConsumerName } from '@caseload/shared';

/**
 * The processor's position, read from JetStream: per partition consumer, what it has acknowledged
 * (it acks after each checkpoint, so this is processed and saved) and what is still to do.
 */
export interface Position {
  atMs: number;
  /** Σ acknowledged deliveries over the partition consumers. */
  acked: number;
  /** Σ (pending + delivered but unacknowledged). */
  backlog: number;
  /** Partition consumers that exist (the processor creates them when it takes its leases). */
  consumers: number;
  /** Messages in the events stream (a roster event is one message per partition). */
  streamMessages: number;
}

export async function readPosition(jsm: JetStreamManager, partitions: number): Promise<Position> {
  const infos = await Promise.all(
    Array.from({ length: partitions }, (_, k) =>
      jsm.consumers.info(EVENTS_STREAM, partitionConsumerName(k)).catch(() => undefined),
    ),
  );
  const stream = await jsm.streams.info(EVENTS_STREAM).catch(() => undefined);
  let acked = 0;
  let backlog = 0;
  let consumers = 0;
  for (const i of infos) {
    if (!i) continue;
    consumers++;
    acked += i.ack_floor.consumer_seq;
    backlog += i.num_pending + i.num_ack_pending;
  }
  return { atMs: Date.now(), acked, backlog, consumers, streamMessages: stream?.state.messages ?? 0 };
}

/** Waits until every partition consumer exists and has nothing left, or time runs out. */
export async function waitForDrain(
  jsm: JetStreamManager,
  partitions: number,
  timeoutMs: number,
  onProgress?: (p: Position) => void,
): Promise<Position> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await readPosition(jsm, partitions);
    onProgress?.(p);
    if ((p.consumers === partitions && p.backlog === 0) || Date.now() > deadline) return p;
    await new Promise((r) => setTimeout(r, 500));
  }
}
