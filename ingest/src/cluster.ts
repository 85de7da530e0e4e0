import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { IngestConfig } from './config.ts';
import type { MetricsSource } from './routes/metrics.ts';
import { startIngest, type RunningIngest, type StartOptions } from './start.ts';

/**
 * INGEST_WORKERS > 1: several ingest processes share INGEST_PORT through node:cluster (the primary
 * accepts connections and hands them to workers in turn). One ingest process is CPU-bound on one
 * core; nats-server and the other services want the rest, so measure before raising it (see the
 * README's benchmark section).
 *
 * The primary serves nothing itself: it forks the workers (the first alone, so the events stream
 * and the placement bucket are defined once), forks a new one when a worker dies, answers workers'
 * `/metrics` requests with the sum over the workers that are up, and on stop lets every worker drain.
 */

type Metrics = MetricObjectWithValues<MetricValue<string>>[];
type ToPrimary =
  | { type: 'ingest:ready'; url: string }
  | { type: 'ingest:metrics?'; id: number }
  | { type: 'ingest:metrics-part'; id: number; metrics: Metrics };
type ToWorker =
  { type: 'ingest:metrics'; id: number; text?: string; error?: string } | { type: 'ingest:metrics-part?'; id: number };

const RESTART_DELAY_MS = 1000;
const STOP_GRACE_MS = 15_000;
/** How long the primary waits for every worker's part of `/metrics`, and a worker for the sum. */
const METRICS_TIMEOUT_MS = 3000;

export interface Primary {
  /** The URL the workers answer on, once all of them listen. */
  ready: Promise<string>;
  /** Asks each worker to drain (SIGTERM) and waits for all of them to exit. */
  stop(): Promise<void>;
}

export function runPrimary(workers: number, log: Logger): Primary {
  const up = new Map<number, Worker>();
  const gathering = new Map<number, { parts: Metrics[]; missing: number; done(parts?: Metrics[]): void }>();
  let nextGathering = 0;
  let stopping = false;
  let resolveReady!: (url: string) => void;
  const ready = new Promise<string>((r) => (resolveReady = r));

  /** The metrics of every worker that is up, or undefined if one did not answer in time. */
  const gather = () =>
    new Promise<Metrics[] | undefined>((resolve) => {
      const id = nextGathering++;
      const timer = setTimeout(() => done(), METRICS_TIMEOUT_MS);
      const done = (parts?: Metrics[]) => {
        clearTimeout(timer);
        gathering.delete(id);
        resolve(parts);
      };
      gathering.set(id, { parts: [], missing: up.size, done });
      for (const w of up.values()) send(w, { type: 'ingest:metrics-part?', id });
    });

  const fork = (): Worker => {
    const w = cluster.fork();
    w.on('message', (m: ToPrimary) => {
      if (m.type === 'ingest:ready') {
        const first = up.size === 0 && !stopping;
        up.set(w.id, w);
        if (first && cluster.workers && Object.keys(cluster.workers).length === 1)
          for (let i = 1; i < workers; i++) fork(); // the rest once the stream exists
        if (up.size === workers) resolveReady(m.url);
      } else if (m.type === 'ingest:metrics-part') {
        const g = gathering.get(m.id);
        if (!g) return;
        g.parts.push(m.metrics);
        if (--g.missing === 0) g.done(g.parts);
      } else if (m.type === 'ingest:metrics?') {
        void gather().then(
          async (parts) =>
            send(
              w,
              parts
                ? { type: 'ingest:metrics', id: m.id, text: await AggregatorRegistry.aggregate(parts).metrics() }
                : { type: 'ingest:metrics', id: m.id, error: 'a worker did not answer in time' },
            ),
          (err: unknown) => send(w, { type: 'ingest:metrics', id: m.id, error: (err as Error).message }),
        );
      }
    });
    w.on('exit', (code, signal) => {
      up.delete(w.id);
      if (stopping) return;
      log.error({ worker: w.id, code, signal }, 'ingest worker died; starting another');
      setTimeout(() => {
        if (!stopping) fork();
      }, RESTART_DELAY_MS).unref();
    });
    return w;
  };
  fork();

  return {
    ready,
    stop: async () => {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
      const exited = alive.map((w) => new Promise((r) => w.once('exit', r)));
      for (const w of alive) w.process.kill('SIGTERM');
      const deadline = new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref());
      await Promise.race([Promise.all(exited), deadline]);
      for (const w of alive) if (!w.isDead()) w.process.kill('SIGKILL');
    },
  };
}

function send(w: Worker, m: ToWorker): void {
  if (w.isConnected()) w.send(m);
}

/**
 * One worker: ingest as usual, named after its worker id in logs and on NATS, its metrics summed
 * with the other workers' on `/metrics`, and the primary told once it listens.
 */
export async function startWorker(config: IngestConfig, opts: StartOptions = {}): Promise<RunningIngest> {
  const id = cluster.worker?.id ?? 0;
  const ingest = await startIngest(
    { ...config, INSTANCE_ID: `${config.INSTANCE_ID ? `${config.INSTANCE_ID}-` : ''}w${id}` },
    { ...opts, metricsSource: clusterMetricsSource },
  );
  process.send?.({ type: 'ingest:ready', url: ingest.url } satisfies ToPrimary);
  return ingest;
}

/** Answers the primary's requests for this worker's part; reads the sum through the primary. */
function clusterMetricsSource(own: Registry): MetricsSource {
  const waiting = new Map<number, (m: { text?: string; error?: string }) => void>();
  let next = 0;
  process.on('message', (m: ToWorker) => {
    if (m?.type === 'ingest:metrics-part?')
      void own
        .getMetricsAsJSON()
        .then((metrics) => process.send?.({ type: 'ingest:metrics-part', id: m.id, metrics } satisfies ToPrimary));
    else if (m?.type === 'ingest:metrics') waiting.get(m.id)?.(m);
  });
  return {
    contentType: own.contentType,
    text: () =>
      new Promise<string>((resolve, reject) => {
        const id = next++;
        const settle = (m: { text?: string; error?: string }) => {
          clearTimeout(timer);
          waiting.delete(id);
          if (m.text !== undefined) resolve(m.text);
          else reject(new Error(`cluster metrics: ${m.error ?? 'no answer'}`));
        };
        const timer = setTimeout(() => settle({ error: 'the primary did not answer' }), 2 * METRICS_TIMEOUT_MS);
        waiting.set(id, settle);
        process.send!({ type: 'ingest:metrics?', id } satisfies ToPrimary);
      }),
  };
}
