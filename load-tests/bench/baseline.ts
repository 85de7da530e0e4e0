import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';

const BASELINE_STREAM = 'BENCH_BASELINE';

/**
 * The physical ceiling of this box for our message path: raw JetStream publish awaiting acks
 * (a window of 1,000 in flight) and, in a second process, a durable pull consumer with explicit
 * acks draining the same messages — the same payloads (events sealed as ingest stores them),
 * the same client settings as the services (`noAsyncTraces`), the same nats-server.
 * Messages/s = messages ÷ (first publish → last ack by the consumer).
 */
export async function measureBaseline(
  natsUrl: string,
  payloads: Buffer[],
): Promise<{ perSecond: number; seconds: number }> {
  const nc = await connect({ servers: natsUrl, noAsyncTraces: true });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(BASELINE_STREAM).catch(() => undefined);
  await jsm.streams.add({
    name: BASELINE_STREAM,
    subjects: ['bench.baseline.>'],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: 600 * 1_000_000_000,
  });
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./baseline-consumer.ts', import.meta.url)),
      natsUrl,
      BASELINE_STREAM,
      String(payloads.length),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const lines = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('READY')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`baseline consumer exited (${code}): ${out}`)));
  });
  try {
    await lines;
    const done = new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', () => {
        const m = /DONE (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`baseline consumer failed (${code})`))));
    });
    const js = jetstream(nc);
    const t0 = Date.now();
    let next = 0;
    const publisher = async () => {
      while (next < payloads.length) {
        const i = next++;
        const h = headers();
        h.set('Nats-Msg-Id', `b-${i}`);
        await js.publish(`bench.baseline.p${i % 16}`, payloads[i]!, { headers: h, timeout: 30_000 });
      }
    };
    await Promise.all(Array.from({ length: 1000 }, publisher));
    const doneAt = await done;
    const seconds = (doneAt - t0) / 1000;
    return { perSecond: payloads.length / seconds, seconds };
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await jsm.streams.delete(BASELINE_STREAM).catch(() => undefined);
    await nc.close();
  }
}
