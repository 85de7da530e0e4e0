import cluster from 'node:cluster';
import { pino } from 'pino';
import { ConfigError } from '@caseload/shared';
import { loadIngestConfig, type IngestConfig } from './config.ts';
import { runPrimary, startWorker } from './cluster.ts';
import { startIngest } from './start.ts';

/**
 * The ingest process: settings from the environment (fail fast, naming the variable), then serve —
 * alone, or with INGEST_WORKERS > 1 as the primary of that many workers sharing the port.
 */
async function main(): Promise<void> {
  let config: IngestConfig;
  try {
    config = loadIngestConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`ingest: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  if (config.INGEST_WORKERS > 1 && cluster.isPrimary) {
    const log = pino({ level: config.LOG_LEVEL, base: { service: 'ingest', role: 'primary' } });
    const primary = runPrimary(config.INGEST_WORKERS, log);
    void primary.ready.then((url) => log.info({ url, workers: config.INGEST_WORKERS }, 'ingest workers listening'));
    onSignals(() => primary.stop());
    return;
  }
  const ingest = cluster.isWorker ? await startWorker(config) : await startIngest(config);
  onSignals(() => ingest.close());
}

/** The first SIGINT/SIGTERM drains and exits; a second one is ignored while it drains. */
function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`ingest${cluster.isWorker ? ` worker ${cluster.worker!.id}` : ''}: ${signal}, draining`);
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('ingest: shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handle('SIGINT'));
  process.on('SIGTERM', () => handle('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('ingest: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
