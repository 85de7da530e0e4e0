import { ConfigError } from '@caseload/shared';
import { loadIngestConfig } from './config.ts';
import { startIngest } from './start.ts';

/** The ingest process: settings from the environment (fail fast, naming the variable), then serve. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadIngestConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`ingest: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const ingest = await startIngest(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`ingest: ${signal}, draining`);
    ingest.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('ingest: shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('ingest: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
