import { loadIngestConfig } from '../src/config.ts';
import { startIngest } from '../src/start.ts';

/**
 * Ingest as its own process for the bench, as it runs in production, with the NATS client
 * setting under comparison: `--async-traces` leaves nats.js's default (async stack traces on).
 */
const asyncTraces = process.argv.includes('--async-traces');
const ingest = await startIngest(loadIngestConfig(), { nats: { noAsyncTraces: !asyncTraces } });
console.log(`READY ${ingest.url}`);
const stop = () => void ingest.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
