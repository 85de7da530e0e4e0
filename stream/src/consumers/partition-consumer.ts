import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { EVENTS_STREAM, partitionConsumerName, partitionFilter } from '@caseload/shared';
import type { Logger } from 'pino';

const NS_PER_MS = 1_000_000;
/** The longest run of message handling between two turns of the event loop. */
const YIELD_AFTER_MS = 10;

/**
 * The partition's durable pull consumer, (re)created to start just after the owner's checkpoint:
 * the checkpoint, not the consumer's ack floor, is the position of record, so a new owner replays
 * in stream order from exactly where the state it restored stops.
 */
export async function openPartitionConsumer(
  js: JetStreamClient,
  jsm: JetStreamManager,
  partition: number,
  afterSeq: number,
  stream = EVENTS_STREAM,
) {
  const name = partitionConsumerName(partition);
  await jsm.consumers.delete(stream, name).catch(() => undefined);
  await jsm.consumers.add(stream, {
    durable_name: name,
    filter_subject: partitionFilter(partition),
    // Acking a message acks every earlier one: a checkpoint acks once, with its last message,
    // instead of holding every message (and its buffer) until then.
    ack_policy: AckPolicy.All,
    ...(afterSeq > 0
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 }
      : { deliver_policy: DeliverPolicy.All }),
    ack_wait: 60_000 * NS_PER_MS,
    // Acks wait for the checkpoint; this bounds what one partition has unacknowledged.
    max_ack_pending: 20_000,
  });
  return js.consumers.get(stream, name);
}

export interface ConsumeLoop {
  /** Resolves when the loop ended (stopped or failed). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * One consumer loop shape (nats.js examples 04/06): `consume()` with a bounded buffer, `for await`,
 * and a watcher on `status()` that logs missed heartbeats and a deleted consumer.
 */
export function consumeLoop(
  messages: ConsumerMessages,
  onMessage: (m: JsMsg) => void,
  log: Logger,
  onEnd: (err?: unknown) => void,
): ConsumeLoop {
  void (async () => {
    for await (const s of messages.status()) {
      if (s.type === 'heartbeats_missed') log.warn({ count: s.count }, 'consumer heartbeats missed');
      else if (s.type === 'consumer_deleted' || s.type === 'consumer_not_found')
        log.warn({ status: s.type }, 'consumer gone');
    }
  })().catch(() => undefined);
  const done = (async () => {
    try {
      let n = 0;
      let since = performance.now();
      for await (const m of messages) {
        onMessage(m);
        // Let timers (lease renewal, checkpoints, flushes) run between runs of messages: after
        // YIELD_AFTER_MS of work, whatever a message costs (a long note reads slower than a roster copy).
        if (++n % 16 === 0 && performance.now() - since >= YIELD_AFTER_MS) {
          await new Promise((r) => setImmediate(r));
          since = performance.now();
        }
      }
      onEnd();
    } catch (err) {
      onEnd(err);
    }
  })();
  return {
    done,
    async stop() {
      messages.stop();
      await done;
    },
  };
}
