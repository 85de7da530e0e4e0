import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { EVENTS_STREAM, PROGRESS_SUBJECT, type ProgressMessage } from '@caseload/shared';
import type { PartitionWorker } from '../partition/partition-worker.ts';

/**
 * Publishes how far this instance is behind: the newest accepted event's time (the stream's last
 * message) against the receivedAt of the newest event it processed, over the partitions it owns;
 * zero when each owned partition has consumed all there is.
 */
export async function publishProgress(
  nc: NatsConnection,
  jsm: JetStreamManager,
  instanceId: string,
  workers: PartitionWorker[],
  nowMs: number,
): Promise<void> {
  const info = await jsm.streams.info(EVENTS_STREAM);
  const newest = Date.parse(info.state.last_ts);
  let lagMs = 0;
  for (const w of workers) {
    if (w.state.meta.seq >= info.state.last_seq) continue;
    // The delivery's own count of what is left (no consumer-info request per partition each second).
    if (w.pending === 0) continue;
    if (w.lastReceivedMs) lagMs = Math.max(lagMs, newest - w.lastReceivedMs);
  }
  const msg: ProgressMessage = {
    instanceId,
    asOf: new Date(nowMs).toISOString(),
    lagMs: Math.max(0, lagMs),
    partitions: workers.map((w) => w.partition).sort((a, b) => a - b),
    at: new Date().toISOString(),
  };
  nc.publish(PROGRESS_SUBJECT, JSON.stringify(msg));
}
