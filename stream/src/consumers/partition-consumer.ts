import {
  AckPolicy,
  DeliverPolicy,
  type Consumer,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { EVENTS_STREAM, partitionConsumerName, partitionFilter } from '@caseload/shared';
import type { Logger } from 'pino';

const NS_PER_MS = 1_000_000;

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
 * Consumes with a bounded buffer (`max_messages`) and hands each message to `onMessage` as the
 * client parses it (`consume({ callback })`), with a watcher on `status()` that logs missed
 * heartbeats and a deleted consumer. A callback, not `for await`: the async iterator cost a promise
 * and several microtasks per message (2 % of a replay's profile). Timers (lease renewal,
 * checkpoints, flushes) still run between socket reads, each a bounded run of messages. A throw in
 * `onMessage` stops the consumer, and `onEnd` receives it.
 */
export async function consumeLoop(
  consumer: Consumer,
  maxMessages: number,
  onMessage: (m: JsMsg) => void,
  log: Logger,
  onEnd: (err?: unknown) => void,
): Promise<ConsumeLoop> {
  const messages = await consumer.consume({ max_messages: maxMessages, callback: onMessage });
  void (async () => {
    for await (const s of messages.status()) {
      if (s.type === 'heartbeats_missed') log.warn({ count: s.count }, 'consumer heartbeats missed');
      else if (s.type === 'consumer_deleted' || s.type === 'consumer_not_found')
        log.warn({ status: s.type }, 'consumer gone');
    }
  })().catch(() => undefined);
  const done = messages.closed().then(
    (err) => onEnd(err ?? undefined),
    (err: unknown) => onEnd(err),
  );
  return {
    done,
    async stop() {
      messages.stop();
      await done;
    },
  };
}
