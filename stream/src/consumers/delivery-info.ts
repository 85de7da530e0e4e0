/**
 * The three delivery figures the partition worker reads from every message — stream sequence,
 * delivery sequence and pending — straight from the JetStream ack subject, without the client's
 * `JsMsg.info`, which splits the subject into an array of strings and builds an eleven-field object
 * per message (3 % of a replay's profile).
 *
 *   $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>                       (old form)
 *   $JS.ACK.<domain>.<account>.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>[.<token>]
 */
import type { JsMsg } from '@nats-io/jetstream';

export interface DeliveryFigures {
  streamSequence: number;
  deliverySequence: number;
  pending: number;
}

const PREFIX = '$JS.ACK.';
const MAX_TOKENS = 12;
/** Token starts of one subject (reused: parsing runs to completion). */
const starts = new Int32Array(MAX_TOKENS + 1);

/** The unsigned decimal integer in [from, to) of `s`, or NaN. */
function integerAt(s: string, from: number, to: number): number {
  if (to <= from) return NaN;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Token k of the subject whose token starts are in `starts`, as an integer (or NaN). */
function tokenInteger(s: string, k: number): number {
  return integerAt(s, starts[k]!, starts[k + 1]! - 1);
}

/** The figures of an ack subject, or undefined when it is not one (the caller falls back to `JsMsg.info`). */
export function deliveryFigures(reply: string): DeliveryFigures | undefined {
  if (!reply.startsWith(PREFIX)) return undefined;
  let count = 0;
  starts[count++] = 0;
  for (let i = reply.indexOf('.'); i >= 0; i = reply.indexOf('.', i + 1)) {
    if (count > MAX_TOKENS) return undefined;
    starts[count++] = i + 1;
  }
  starts[count] = reply.length + 1; // the end of the last token, as if a dot followed it
  // Index of the delivered-count token: 4 in the old nine-token form, else 6 (eleven or more tokens).
  const base = count === 9 ? 4 : count >= 11 ? 6 : -1;
  if (base < 0) return undefined;
  const f = {
    streamSequence: tokenInteger(reply, base + 1),
    deliverySequence: tokenInteger(reply, base + 2),
    pending: tokenInteger(reply, base + 4),
  };
  if (Number.isNaN(f.streamSequence) || Number.isNaN(f.deliverySequence) || Number.isNaN(f.pending)) return undefined;
  return f;
}

/**
 * A message's figures: from its ack subject (the client's JsMsg keeps it as `reply`, though its
 * interface does not declare it), else from `JsMsg.info`.
 */
export function figuresOf(m: JsMsg): DeliveryFigures {
  const reply = (m as JsMsg & { reply?: unknown }).reply;
  return (typeof reply === 'string' ? deliveryFigures(reply) : undefined) ?? m.info;
}
