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

interface Waiter {
  resolve(a: Ack): void;
  reject(e: Error): void;
}

/**
 * JetStream publishing with asynchronous acks, the way the Go client's PublishAsync works: each
 * message is a core-NATS publish whose reply subject is a token under one inbox subscription, and
 * the acks are matched back by token. A group of messages shares one timer.
 *
 * Why not `js.publish()`: nats.js v3 gives every publish its own request object, timer, promise
 * and a `RequestError` built even on success; at tens of thousands of messages a second that
 * bookkeeping cost more than HTTP, validation and encryption together (see ingest/bench).
 */
export class AsyncAckPublisher {
  readonly #prefix: string;
  readonly #sub: Subscription;
  readonly #waiting = new Map<string, Waiter>();
  #next = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs: number,
  ) {
    this.#prefix = `${createInbox()}.`;
    this.#sub = nc.subscribe(`${this.#prefix}*`, { callback: (_err, msg) => this.#onAck(msg) });
  }

  /** Publishes every message now; resolves with their acks in order, or rejects on the first failure. */
  publishMany(msgs: readonly OutMsg[]): Promise<Ack[]> {
    const tokens: string[] = [];
    const acks = msgs.map((m) => {
      const token = (this.#next++).toString(36);
      tokens.push(token);
      const h = headers();
      h.set('Nats-Msg-Id', m.msgId);
      const ack = new Promise<Ack>((resolve, reject) => this.#waiting.set(token, { resolve, reject }));
      this.nc.publish(m.subject, m.bytes, { reply: this.#prefix + token, headers: h });
      return ack;
    });
    const timer = setTimeout(() => {
      for (const t of tokens) this.#fail(t, new PublishFailedError(`no JetStream ack within ${this.timeoutMs} ms`));
    }, this.timeoutMs);
    const all = Promise.all(acks);
    // Whatever happens, the timer goes and no waiter outlives its group.
    return all.finally(() => {
      clearTimeout(timer);
      for (const t of tokens) this.#waiting.delete(t);
    });
  }

  close(): void {
    this.#sub.unsubscribe();
    for (const t of [...this.#waiting.keys()]) this.#fail(t, new PublishFailedError('publisher closed'));
  }

  #fail(token: string, err: Error): void {
    const w = this.#waiting.get(token);
    if (!w) return;
    this.#waiting.delete(token);
    w.reject(err);
  }

  #onAck(msg: Msg): void {
    const token = msg.subject.slice(this.#prefix.length);
    const w = this.#waiting.get(token);
    if (!w) return; // late ack of a group that already timed out
    this.#waiting.delete(token);
    if (msg.headers?.hasError || msg.data.length === 0) {
      // "503 No Responders": no stream listens on the subject (or JetStream is down)
      w.reject(
        new PublishFailedError(
          `JetStream refused: ${msg.headers?.code ?? ''} ${msg.headers?.description ?? 'empty reply'}`,
        ),
      );
      return;
    }
    let ack: { seq?: number; duplicate?: boolean; error?: { code: number; description: string } };
    try {
      ack = msg.json();
    } catch {
      w.reject(new PublishFailedError('unreadable JetStream ack'));
      return;
    }
    if (ack.error || typeof ack.seq !== 'number')
      w.reject(new PublishFailedError(`JetStream refused: ${ack.error?.code ?? '?'} ${ack.error?.description ?? ''}`));
    else w.resolve({ seq: ack.seq, duplicate: ack.duplicate === true });
  }
}
