import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { TEST_API_KEY, TEST_AUTH_SECRET } from '@caseload/shared/testing';
import { loadIngestConfig } from '../../../ingest/src/config.ts';
import { startIngest, type RunningIngest } from '../../../ingest/src/start.ts';
import { startProcessor, type Processor } from '../../../stream/src/processor.ts';
import { loadWallboardConfig } from '../../../wallboard/src/lib/server/config.ts';
import { closeDeps, createDeps, type WallboardDeps } from '../../../wallboard/src/lib/server/deps.ts';
import { createApp } from '../../../wallboard/src/lib/server/http/app.ts';
import { signToken } from '../../../wallboard/src/lib/server/auth/tokens.ts';

/**
 * The whole path of a note — ingest → JetStream → processor → Redis → wallboard HTTP — in this
 * process, against given NATS and Redis servers, each service logging everything (trace level)
 * to its own file so the logs can be searched afterwards.
 */
export const PARTITIONS = 2;

export interface Keys {
  current: string;
  old?: string[];
}

export function fileLogger(path: string): Logger {
  return pino({ level: 'trace' }, pino.destination({ dest: path, sync: true }));
}

export function startIngestWith(natsUrl: string, keys: Keys, logger: Logger): Promise<RunningIngest> {
  const config = loadIngestConfig({
    NATS_URL: natsUrl,
    INGEST_PORT: '0',
    INGEST_HOST: '127.0.0.1',
    INGEST_API_KEYS: TEST_API_KEY,
    NOTE_ENCRYPTION_KEY: keys.current,
    NOTE_ENCRYPTION_OLD_KEYS: (keys.old ?? []).join(','),
    PARTITIONS: String(PARTITIONS),
    EVENT_MAX_AGE_DAYS: '400',
  });
  return startIngest(config, { logger, shutdownGraceMs: 2000 });
}

export function startProcessorWith(natsUrl: string, redisUrl: string, keys: Keys, logger: Logger): Promise<Processor> {
  return startProcessor({
    natsUrl,
    redisUrl,
    clock: 'event',
    partitions: PARTITIONS,
    noteKey: keys.current,
    oldNoteKeys: keys.old ?? [],
    logger,
    leaseTtlMs: 3000,
    unitRebuildMs: 100,
    analyticsMs: 200,
    workerDetailMs: 200,
  });
}

export interface RunningWallboard {
  url: string;
  deps: WallboardDeps;
  /** A bearer token for a role over some units. */
  token(role: 'lead' | 'supervisor' | 'operations', units: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startWallboardWith(
  natsUrl: string,
  redisUrl: string,
  keys: Keys,
  logger: Logger,
): Promise<RunningWallboard> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadWallboardConfig({
    NATS_URL: natsUrl,
    REDIS_URL: redisUrl,
    WALLBOARD_ORIGIN: url,
    AUTH_SECRET: TEST_AUTH_SECRET,
    NOTE_ENCRYPTION_KEY: keys.current,
    NOTE_ENCRYPTION_OLD_KEYS: (keys.old ?? []).join(','),
    USERS_FILE: join(mkdtempSync(join(tmpdir(), 'security-users-')), 'users.json'),
    INGEST_URL: 'http://127.0.0.1:9',
    LOG_LEVEL: 'trace',
  });
  const deps = await createDeps(config, { logger });
  server.on('request', createApp(deps));
  return {
    url,
    deps,
    token: (role, units) =>
      signToken(
        { kind: 'user', id: `sec-${role}`, name: `Security ${role}`, role, units, sites: [] },
        TEST_AUTH_SECRET,
        3600,
      ),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeDeps(deps);
    },
  };
}

/** Posts events to ingest in batches, each answered 202 (else throws). */
export async function postAll(ingestUrl: string, events: unknown[], batch = 200): Promise<void> {
  for (let i = 0; i < events.length; i += batch) {
    const res = await fetch(`${ingestUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/cloudevents-batch+json' },
      body: JSON.stringify(events.slice(i, i + batch)),
    });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
