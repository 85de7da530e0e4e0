import { loadConfig } from '@caseload/shared';

/** The settings ingest reads (CONTRACT §1), parsed once at start-up. */
export const INGEST_SETTINGS = [
  'NATS_URL',
  'INGEST_PORT',
  'INGEST_HOST',
  'INGEST_API_KEYS',
  'NOTE_ENCRYPTION_KEY',
  'NOTE_ENCRYPTION_OLD_KEYS',
  'PARTITIONS',
  'DEDUP_WINDOW_SECONDS',
  'EVENT_MAX_AGE_DAYS',
  'EVENT_MAX_FUTURE_SECONDS',
  'PUBLISH_TIMEOUT_MS',
  'LOG_LEVEL',
  'INSTANCE_ID',
  'INGEST_WORKERS',
] as const;

export type IngestConfig = ReturnType<typeof loadConfig<(typeof INGEST_SETTINGS)[number]>>;

export function loadIngestConfig(env?: Record<string, string | undefined>): IngestConfig {
  return loadConfig(INGEST_SETTINGS, env);
}

/** Request body limit of CONTRACT §2. */
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;
/** Events per batch request (CONTRACT §2). */
export const BATCH_MAX = 1000;
