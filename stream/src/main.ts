import { loadConfig } from '@caseload/shared';
import pino from 'pino';
import { startMetricsServer } from './health/metrics-server.ts';
import { startProcessor } from './processor.ts';

/** The processor service: settings from the environment (validated once), stops cleanly on signals. */
const cfg = loadConfig([
  'NATS_URL',
  'REDIS_URL',
  'CLOCK',
  'PARTITIONS',
  'NOTE_ENCRYPTION_KEY',
  'NOTE_ENCRYPTION_OLD_KEYS',
  'DEDUP_WINDOW_SECONDS',
  'LOG_LEVEL',
  'DICTIONARY_PATH',
  'INSTANCE_ID',
  'GROQ_API_KEY',
  'GROQ_MODEL',
  'GROQ_BASE_URL',
  'GROQ_CONCURRENCY',
  'GROQ_QUEUE_MAX',
  'GROQ_TIMEOUT_MS',
  'LEASE_TTL_MS',
  'STREAM_METRICS_PORT',
]);
const logger = pino({ level: cfg.LOG_LEVEL });

const processor = await startProcessor({
  natsUrl: cfg.NATS_URL,
  redisUrl: cfg.REDIS_URL,
  clock: cfg.CLOCK,
  partitions: cfg.PARTITIONS,
  noteKey: cfg.NOTE_ENCRYPTION_KEY,
  oldNoteKeys: cfg.NOTE_ENCRYPTION_OLD_KEYS,
  dedupWindowSeconds: cfg.DEDUP_WINDOW_SECONDS,
  ...(cfg.DICTIONARY_PATH ? { dictionaryPath: cfg.DICTIONARY_PATH } : {}),
  ...(cfg.INSTANCE_ID ? { instanceId: cfg.INSTANCE_ID } : {}),
  logger,
  groq: cfg,
  leaseTtlMs: cfg.LEASE_TTL_MS,
});
logger.info({ instanceId: processor.instanceId, partitions: processor.owned() }, 'processor started');
// Health and metrics are a convenience: a taken port (several instances on one host) is no reason to stop.
const metrics = await startMetricsServer(processor, cfg.STREAM_METRICS_PORT).catch((err: unknown) => {
  logger.warn({ err: String(err), port: cfg.STREAM_METRICS_PORT }, 'metrics server not started');
  return undefined;
});

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal: sig }, 'stopping');
    metrics?.close();
    processor
      .stop()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error({ err: String(err) }, 'stop failed');
        process.exit(1);
      });
  });
}
