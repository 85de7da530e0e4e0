import cluster from 'node:cluster';
import { pino } from 'pino';
import { loadIngestConfig } from '../src/config.ts';
import { runPrimary, startWorker } from '../src/cluster.ts';
import { startIngest } from '../src/start.ts';

/**
 * Ingest as its own process for the bench, as it runs in production (alone, or with INGEST_WORKERS
 * workers), with the NATS client setting under comparison: `--async-traces` leaves nats.js's
 * default (async stack traces on).
 */
const asyncTraces = process.argv.includes('--async-traces');
const config = loadIngestConfig();
const opts = { nats: { noAsyncTraces: !asyncTraces } };
let stop: () => Promise<void>;
if (config.INGEST_WORKERS > 1 && cluster.isPrimary) {
  const primary = runPrimary(config.INGEST_WORKERS, pino({ level: 'warn' }));
  console.log(`READY ${await primary.ready}`);
  stop = () => primary.stop();
} else {
  const ingest = cluster.isWorker ? await startWorker(config, opts) : await startIngest(config, opts);
  if (cluster.isPrimary) console.log(`READY ${ingest.url}`);
  stop = () => ingest.close();
}
const onSignal = () => void stop().then(() => process.exit(0));
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);
