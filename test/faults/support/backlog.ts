import type { JetStreamManager } from '@nats-io/jetstream';
import { EVENTS_STREAM, partitionConsumerName } from '@caseload/shared';

/** Where the processor stands against the stream, read from JetStream itself. */
export interface Backlog {
  /** Messages in the events stream. */
  stored: number;
  /** Messages its partition consumers have not acknowledged (pending delivery or awaiting ack). */
  unacked: number;
  /** stored − unacked: what the processor acknowledged, i.e. covered by a saved checkpoint. */
  acked: number;
}

/**
 * The processor acks a message only once a checkpoint covers it, so the consumers' counts are the
 * exact "unacknowledged by the processor" figure. A partition without a consumer yet counts all
 * its messages as unacknowledged.
 */
export async function readBacklog(jsm: JetStreamManager, partitions: number): Promise<Backlog> {
  const info = await jsm.streams.info(EVENTS_STREAM);
  let unacked = 0;
  let covered = 0;
  for (let k = 0; k < partitions; k++) {
    const c = await jsm.consumers.info(EVENTS_STREAM, partitionConsumerName(k)).catch(() => undefined);
    if (!c) continue;
    covered++;
    unacked += c.num_pending + c.num_ack_pending;
  }
  if (covered < partitions) return { stored: info.state.messages, unacked: info.state.messages, acked: 0 };
  return { stored: info.state.messages, unacked, acked: info.state.messages - unacked };
}

/** A fault's moment, as measured: the run's share the processor has acknowledged and its backlog. */
export interface AtFault {
  unacked: number;
  acked: number;
  /** acked / the run's total messages. */
  fraction: number;
}

export function atFault(b: Backlog, runMessages: number): AtFault {
  return { unacked: b.unacked, acked: b.acked, fraction: b.acked / runMessages };
}

/** The suite's condition for striking a fault (issue 7). */
export const STRIKE = { minUnacked: 10_000, minFraction: 0.1, maxFraction: 0.9 } as const;

export function inStrikeWindow(a: AtFault): boolean {
  return a.unacked >= STRIKE.minUnacked && a.fraction >= STRIKE.minFraction && a.fraction <= STRIKE.maxFraction;
}
