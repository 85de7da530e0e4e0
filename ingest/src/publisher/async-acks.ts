import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';

/** One message for JetStream: subject, de-duplication id, bytes. */
export interface OutMsg {
  subject: string;
  msgId: string;
  bytes: Uint8Array;
}

export interface Ack {
  seq: number;
  duplicate: boolean;
}

export class PublishFailedError extends Error {}

/** The messages of one publishMany() call: one promise, one timer, acks filled in as they come. */
interface Group {
  acks: Ack[];
  remaining: number;
  resolve(acks: Ack[]): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * JetStream publishing with asynchronous acks, the way the Go client's PublishAsync works: each
 * message is a core-NATS publish whose reply subject is a token under one inbox subscription, and
 * the acks are matched back by token. The token names the group and the message's place in it
 * (`<group>_<index>`), so a group of messages costs one promise, one timer and one map entry.
 *
 * Why not `js.publish()`: nats.js v3 gives every publish its own request object, timer, promise
 * and a `RequestError` built even on success; at tens of thousands of messages a second that
 * bookkeeping cost more than HTTP, validation and encryption together (see ingest/bench).
 */
export class AsyncAckPublisher {
  readonly #prefix: string;
  readonly #sub: Subscription;
  readonly #groups = new Map<number, Group>();
  #nextGroup = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs: number,
  ) {
    this.#prefix = `${createInbox()}.`;
    this.#sub = nc.subscribe(`${this.#prefix}*`, { callback: (_err, msg) => this.#onAck(msg) });
  }

  /** Publishes every message now; resolves with their acks in order, or rejects on the first failure. */
  publishMany(msgs: readonly OutMsg[]): Promise<Ack[]> {
    if (msgs.length === 0) return Promise.resolve([]);
    const id = this.#nextGroup++;
    const done = new Promise<Ack[]>((resolve, reject) => {
      const timer = setTimeout(
        () => this.#fail(id, new PublishFailedError(`no JetStream ack within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      this.#groups.set(id, { acks: new Array<Ack>(msgs.length), remaining: msgs.length, resolve, reject, timer });
    });
    const replyPrefix = `${this.#prefix}${id.toString(36)}_`;
    try {
      for (let i = 0; i < msgs.length; i++) {
        const m = msgs[i]!;
        const h = headers();
        h.set('Nats-Msg-Id', m.msgId);
        this.nc.publish(m.subject, m.bytes, { reply: replyPrefix + i.toString(36), headers: h });
      }
    } catch (err) {
      // e.g. the connection is closed or draining: nothing of this group will be acknowledged
      this.#fail(id, new PublishFailedError(`publish failed: ${(err as Error).message}`, { cause: err }));
    }
    return done;
  }

  close(): void {
    this.#sub.unsubscribe();
    for (const id of [...this.#groups.keys()]) this.#fail(id, new PublishFailedError('publisher closed'));
  }

  #fail(id: number, err: Error): void {
    const g = this.#groups.get(id);
    if (!g) return;
    this.#groups.delete(id);
    clearTimeout(g.timer);
    g.reject(err);
  }

  #onAck(msg: Msg): void {
    const token = msg.subject.slice(this.#prefix.length);
    const sep = token.indexOf('_');
    const id = parseInt(token.slice(0, sep), 36);
    const g = this.#groups.get(id);
    if (!g) return; // late ack of a group that already failed or timed out
    const index = parseInt(token.slice(sep + 1), 36);
    if (!(index >= 0 && index < g.acks.length) || g.acks[index] !== undefined) return; // not ours, or a repeat
    const ack = readAck(msg);
    if (ack instanceof Error) return this.#fail(id, ack);
    g.acks[index] = ack;
    if (--g.remaining === 0) {
      this.#groups.delete(id);
      clearTimeout(g.timer);
      g.resolve(g.acks);
    }
  }
}

/** A JetStream publish ack, or why it is not one. */
function readAck(msg: Msg): Ack | PublishFailedError {
  if (msg.headers?.hasError || msg.data.length === 0)
    // "503 No Responders": no stream listens on the subject (or JetStream is down)
    return new PublishFailedError(
      `JetStream refused: ${msg.headers?.code ?? ''} ${msg.headers?.description ?? 'empty reply'}`,
    );
  let ack: { seq?: number; duplicate?: boolean; error?: { code: number; description: string } };
  try {
    ack = msg.json();
  } catch {
    return new PublishFailedError('unreadable JetStream ack');
  }
  if (ack.error || typeof ack.seq !== 'number')
    return new PublishFailedError(`JetStream refused: ${ack.error?.code ?? '?'} ${ack.error?.description ?? ''}`);
  return { seq: ack.seq, duplicate: ack.duplicate === true };
}
