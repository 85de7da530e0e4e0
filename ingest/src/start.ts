import type { AddressInfo } from 'node:net';
import { createServer, type RequestListener, type Server } from 'node:http';
import { connect, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { pino, type Logger } from 'pino';
import type { Registry } from 'prom-client';
import { EVENTS_STREAM, makeKeyring, natsServerOptions } from '@caseload/shared';
import type { IngestConfig } from './config.ts';
import { createApp, type IngestDeps } from './app.ts';
import { withEventsFastLane } from './routes/events-fast-lane.ts';
import { ApiKeyDirectory } from './auth/api-keys.ts';
import { UnitSitesDirectory } from './auth/unit-sites.ts';
import { EventPublisher } from './publisher/publisher.ts';
import { ensureEventsStream } from '@caseload/shared';
import { createMetrics } from './metrics.ts';
import type { MetricsSource } from './routes/metrics.ts';

export interface StartOptions {
  logger?: Logger;
  /** Overrides of the NATS connection options (benches compare client settings). */
  nats?: Partial<NodeConnectionOptions>;
  /** How long close() lets in-flight requests finish. */
  shutdownGraceMs?: number;
  /** Slow-client limits (tests shorten them). */
  httpTimeouts?: Partial<HttpTimeouts>;
  /** `/metrics` from another source than this process's registry (cluster workers: the sum of all). */
  metricsSource?: (own: Registry) => MetricsSource;
}

/**
 * A slow-loris client (headers or body trickled a byte at a time) must not hold a connection for
 * long: Node answers 408 and closes it once a limit passes. 10 MB in 60 s needs ~170 KB/s.
 */
export interface HttpTimeouts {
  /** All request headers must arrive within this. */
  headersMs: number;
  /** The whole request, body included, must arrive within this. */
  requestMs: number;
  /** How often Node checks those two limits (its default, 30 s, would let a client overstay them). */
  checkEveryMs: number;
}

/**
 * nats.js writes its outbound buffer to the socket once 32 KB are pending; a 100-event request is
 * ~200 KB, so that is seven writes (each a syscall and a copy of everything pending). A larger
 * threshold lets a request's publishes go out in one or two writes: about 6% less CPU per event in
 * ingest/bench. `pendingLimit` is a connection option nats.js reads but does not declare.
 */
const WRITE_BATCHING = { pendingLimit: 256 * 1024 } as Partial<NodeConnectionOptions>;

export const HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 60_000, checkEveryMs: 1_000 };

export interface RunningIngest {
  url: string;
  port: number;
  nc: NatsConnection;
  server: Server;
  /** Stops taking requests, lets in-flight ones finish (their publishes included), then drains NATS. */
  close(): Promise<void>;
}

/**
 * Connects to NATS, defines the events stream and the unit-placement bucket, and serves the app on
 * INGEST_HOST:INGEST_PORT (port 0 picks a free one). Used by server.ts, tests and benches.
 */
export async function startIngest(config: IngestConfig, opts: StartOptions = {}): Promise<RunningIngest> {
  const logger =
    opts.logger ?? pino({ level: config.LOG_LEVEL, base: { service: 'ingest', instance: config.INSTANCE_ID } });
  const nc = await connect({
    ...natsServerOptions(config.NATS_URL),
    name: `ingest${config.INSTANCE_ID ? `-${config.INSTANCE_ID}` : ''}`,
    noAsyncTraces: true, // about 2× publish throughput (MEASURED.md)
    maxReconnectAttempts: -1, // recover by itself whenever NATS returns
    reconnectTimeWait: 1000,
    ...WRITE_BATCHING,
    ...opts.nats,
  }).catch((err: unknown) => {
    throw new Error(`cannot reach NATS at ${config.NATS_URL} (NATS_URL): ${(err as Error).message}`, { cause: err });
  });
  const jsm = await jetstreamManager(nc, { timeout: config.PUBLISH_TIMEOUT_MS });
  const js = jetstream(nc, { timeout: config.PUBLISH_TIMEOUT_MS });
  const streamOpts = { partitions: config.PARTITIONS, dedupWindowSeconds: config.DEDUP_WINDOW_SECONDS };
  await ensureEventsStream(jsm, streamOpts);
  const unitSites = await UnitSitesDirectory.open(js, logger);

  const redefine = definitionsKeeper(logger, async () => {
    await ensureEventsStream(jsm, streamOpts);
    await UnitSitesDirectory.ensureBucket(js);
  });
  let connected = true;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        connected = false;
        logger.warn('NATS disconnected; answering 503 until it returns');
      } else if (s.type === 'reconnect') {
        connected = true;
        logger.info('NATS reconnected');
        redefine();
      }
    }
  })();

  const publisher = new EventPublisher(nc, {
    partitions: config.PARTITIONS,
    timeoutMs: config.PUBLISH_TIMEOUT_MS,
    ring: makeKeyring(config.NOTE_ENCRYPTION_KEY, config.NOTE_ENCRYPTION_OLD_KEYS),
    onFailure: redefine,
  });
  const metrics = createMetrics();
  const deps: IngestDeps = {
    keys: new ApiKeyDirectory(config.INGEST_API_KEYS),
    unitSites,
    publisher,
    metrics,
    metricsSource: opts.metricsSource?.(metrics.registry),
    logger,
    bounds: { maxAgeDays: config.EVENT_MAX_AGE_DAYS, maxFutureSeconds: config.EVENT_MAX_FUTURE_SECONDS },
    ready: () => isReady(nc, jsm, () => connected),
  };
  const app = createApp(deps);

  const server = await listen(withEventsFastLane(app, deps), config.INGEST_PORT, config.INGEST_HOST, {
    ...HTTP_TIMEOUTS,
    ...opts.httpTimeouts,
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.INGEST_HOST === '0.0.0.0' || config.INGEST_HOST === '::' ? '127.0.0.1' : config.INGEST_HOST;
  logger.info({ port, stream: EVENTS_STREAM, partitions: config.PARTITIONS }, 'ingest listening');

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    nc,
    server,
    close: () =>
      (closing ??= (async () => {
        await closeServer(server, opts.shutdownGraceMs ?? 10_000);
        await publisher.drain();
        unitSites.stop();
        await nc.drain().catch(() => nc.close());
        logger.info('ingest stopped');
      })()),
  };
}

async function listen(app: RequestListener, port: number, host: string, timeouts: HttpTimeouts): Promise<Server> {
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
    app,
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Stops accepting connections, closes idle keep-alive ones as they free up, forces the rest at the deadline. */
async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
  await Promise.race([closed, deadline]);
  clearInterval(sweep);
  server.closeAllConnections();
}

async function isReady(nc: NatsConnection, jsm: JetStreamManager, connected: () => boolean): Promise<boolean> {
  if (nc.isClosed() || !connected()) return false;
  try {
    await jsm.streams.info(EVENTS_STREAM);
    return true;
  } catch {
    return false;
  }
}

/** Runs `define` at most once at a time and at most every 2 s: after reconnects and failed publishes. */
function definitionsKeeper(logger: Logger, define: () => Promise<void>): () => void {
  let running = false;
  let last = 0;
  return () => {
    if (running || Date.now() - last < 2000) return;
    running = true;
    last = Date.now();
    define()
      .catch((err: unknown) => logger.warn({ err }, 'could not define the events stream / placement bucket yet'))
      .finally(() => (running = false));
  };
}
