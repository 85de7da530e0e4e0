/**
 * The baseline's consumer, in its own process as the processor is: a durable pull consumer with
 * explicit acks on the baseline stream, draining `expect` messages. Prints `READY` once consuming
 * and `DONE <epoch ms> <count>` after acknowledging the last one.
 *
 *   node --import tsx baseline-consumer.ts <natsUrl> <stream> <expect>
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

const [natsUrl, stream, expectText] = process.argv.slice(2) as [string, string, string];
const expected = Number(expectText);
const nc = await connect({ servers: natsUrl, noAsyncTraces: true });
const jsm = await jetstreamManager(nc);
await jsm.consumers.add(stream, {
  durable_name: 'baseline',
  ack_policy: AckPolicy.Explicit,
  deliver_policy: DeliverPolicy.All,
  max_ack_pending: 20_000,
});
const consumer = await jetstream(nc).consumers.get(stream, 'baseline');
const messages = await consumer.consume({ max_messages: 1000 });
console.log('READY');
let n = 0;
for await (const m of messages) {
  m.json(); // the processor parses each message; so does the baseline
  m.ack();
  if (++n >= expected) {
    await nc.flush();
    console.log(`DONE ${Date.now()} ${n}`);
    break;
  }
}
await nc.close();
process.exit(0);
