/** What other workspaces, tests and benches use from ingest. */
export { createApp, type IngestDeps } from './app.ts';
export { startIngest, type RunningIngest, type StartOptions } from './start.ts';
export { loadIngestConfig, INGEST_SETTINGS, type IngestConfig } from './config.ts';
