import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type Msg, type NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import {
  CONTROL_SIGNAL_STATUS_SUBJECT,
  VIEW_INTEREST_SUBJECT,
  ViewInterest,
  loadDictionary,
  makeKeyring,
  SignalStatusCommand,
  type LoadedDictionary,
} from '@caseload/shared';
import pino, { type Logger } from 'pino';
import { ensureEventsStream, natsServerOptions } from '@caseload/shared';
import { CheckpointStore } from './checkpoint/checkpoint-store.ts';
import { Leases, openLeaseBucket } from './leases/leases.ts';
import { BackgroundQueue, flushCycle } from './partition/flush-cycle.ts';
import { PartitionFlusher } from './partition/partition-flush.ts';
import { PartitionWorker } from './partition/partition-worker.ts';
import { publishProgress } from './progress/progress.ts';
import { CoreSeriesStore } from './sinks/core-series-store.ts';
import { writeRecords } from './sinks/record-sink.ts';
import { connectRedis, type RedisClient } from './sinks/redis.ts';
import { hasTimeSeriesModule, type SeriesStore } from './sinks/series-store.ts';
import { TimeSeriesStore } from './sinks/ts-series-store.ts';
import { RollupBuilder } from './views/rollup-builder.ts';
import { FlushTimings } from './health/flush-timings.ts';
import { ViewPublisher } from './views/view-publisher.ts';
import { InterestBook } from './views/interest.ts';
import { InstanceRegistry } from './leases/instances.ts';
import { RuntimeStats, type RuntimeSnapshot } from './health/runtime-stats.ts';
import { startRefinement } from './reading/start-refinement.ts';
import type { GroqConfig } from './reading/groq-refiner.ts';

export interface ProcessorConfig {
  natsUrl: string;
  redisUrl: string;
  clock: 'wall' | 'event';
  partitions: number;
  noteKey: string;
  oldNoteKeys?: string[];
  dictionaryPath?: string;
  dictionary?: LoadedDictionary;
  instanceId?: string;
  dedupWindowSeconds?: number;
  logger?: Logger;
  logLevel?: string;
  /** Tunables (defaults suit production; tests shorten them). */
  leaseTtlMs?: number;
  checkpointMs?: number;
  flushMs?: number;
  viewThrottleMs?: number;
  unitRebuildMs?: number;
  /** Rebuild a unit view no wallboard screen holds at most this often (default 2 s). */
  unwatchedRebuildMs?: number;
  analyticsMs?: number;
  /** Re-evaluate a unit's drift at most this often (default 12 × analyticsMs). */
  driftMs?: number;
  workerDetailMs?: number;
  seriesMs?: number;
  /**
   * Wall time per flush tick that signal evaluation may take (the rest of a tick is for events);
   * default 40 % of flushMs.
   */
  analyticsBudgetMs?: number;
  /** Skip per-message schema validation (ingest validated already); off by default. */
  trustEvents?: boolean;
  /** GROQ_* settings: with GROQ_API_KEY, notes are refined by the LLM off the hot path. */
  groq?: GroqConfig;
}

export interface Processor {
  instanceId: string;
  backend: SeriesStore['backend'];
  /** Partitions owned right now. */
  owned(): number[];
  processed(): number;
  /** The latest runtime snapshot (event-loop stalls, heap, CPU), taken each second. */
  runtime(): RuntimeSnapshot | undefined;
  stop(): Promise<void>;
}

const ROLLUP_LEASE = 'rollup';
/** Where each instance keeps its latest runtime snapshot (see health/runtime-stats.ts). */
export const runtimeStatsKey = (instanceId: string) => `procstats:${instanceId}`;
const partitionLease = (k: number) => `p${k}`;

/**
 * Starts one processor instance: it takes a fair share of the partitions through leases, runs a
 * worker per owned partition, flushes views and series on a short tick, builds the roll-up when it
 * holds that lease, and reports progress each second.
 */
export async function startProcessor(cfg: ProcessorConfig): Promise<Processor> {
  const instanceId = cfg.instanceId ?? `proc-${randomUUID().slice(0, 8)}`;
  const log = (cfg.logger ?? pino({ level: cfg.logLevel ?? 'info' })).child({ instanceId });
  const dict = cfg.dictionary ?? loadDictionary(cfg.dictionaryPath);
  const keyring = makeKeyring(cfg.noteKey, cfg.oldNoteKeys ?? []);
  const leaseTtlMs = cfg.leaseTtlMs ?? 30_000;
  // A short cycle: a quiet unit's first change is built within ~flushMs, not a quarter of a second
  // later; a busy unit is still rebuilt only every unitRebuildMs.
  const flushMs = cfg.flushMs ?? 100;
  const unitRebuildMs = cfg.unitRebuildMs ?? 250;

  const nc: NatsConnection = await connect({
    ...natsServerOptions(cfg.natsUrl),
    noAsyncTraces: true,
    name: instanceId,
  });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  await ensureEventsStream(jsm, { partitions: cfg.partitions, dedupWindowSeconds: cfg.dedupWindowSeconds ?? 600 });
  const redis = await connectRedis(cfg.redisUrl);
  const retentionMs = Math.max(dict.windows.retainDays, dict.windows.longDays) * 86_400_000;
  // The series get their own connection: their batches are large, and on the shared one they
  // queued ahead of checkpoints and view publishing.
  const seriesRedis = await connectRedis(cfg.redisUrl);
  const hasModule = await hasTimeSeriesModule(seriesRedis);
  const storeOn = (client: RedisClient): SeriesStore =>
    hasModule ? new TimeSeriesStore(client, retentionMs) : new CoreSeriesStore(client, retentionMs);
  // Series writes, and the worker details that read them back, run off the flush cycle on this
  // connection (see BackgroundQueue), so views and checkpoints never queue behind them.
  const series = storeOn(seriesRedis);
  log.info(
    { backend: series.backend },
    `time series backend: ${series.backend === 'timeseries' ? 'RedisTimeSeries module' : 'core Redis structures (no TimeSeries module)'}`,
  );

  const checkpoints = new CheckpointStore(redis);
  const bucket = await openLeaseBucket(nc, leaseTtlMs);
  if (bucket.previousTtlMs !== undefined)
    log.warn({ from: bucket.previousTtlMs, to: leaseTtlMs }, 'lease bucket TTL updated to this instance’s setting');
  const leases = new Leases(bucket.kv, instanceId);
  // Heartbeats come every ≤ 2 s (the balance tick): 10 s of silence is enough to count one gone.
  const registry = new InstanceRegistry(redis, instanceId, Math.min(leaseTtlMs, 10_000));
  // Views, their records and the roll-up's reads go on a connection of their own: behind the
  // checkpoints' scripts and the notes' records on the shared one, a flush cycle waited seconds
  // under load, and every view with it.
  const viewRedis = await connectRedis(cfg.redisUrl);
  const publisher = new ViewPublisher(nc, viewRedis, cfg.viewThrottleMs ?? 250);
  const rollup = new RollupBuilder(viewRedis, publisher);
  // Which unit views the wallboards' screens hold: the others are rebuilt less often.
  const interest = new InterestBook();
  const interestSub = nc.subscribe(VIEW_INTEREST_SUBJECT, {
    callback: (err, m) => {
      const report = err ? undefined : messageOf(ViewInterest, m);
      if (report) interest.record(report);
    },
  });
  const flushTimings = new FlushTimings();
  const workers = new Map<number, { worker: PartitionWorker; flusher: PartitionFlusher }>();
  let rollupEpoch: number | null = null;
  /** When each partition's lease was last renewed (a failed renewal keeps it until the TTL). */
  const renewedAt = new Map<number, number>();
  let stopping = false;

  const nowFor = (w: PartitionWorker) => (cfg.clock === 'event' ? w.state.eventNowMs || Date.now() : Date.now());

  const refinement = startRefinement(cfg.groq, { redis, js, dictionary: dict, log, instanceId });
  const deps = {
    ...(refinement ? { requestRefinement: refinement.request.bind(refinement) } : {}),
    js,
    jsm,
    checkpoints,
    dict,
    keyring,
    log,
    partitions: cfg.partitions,
    trustEvents: cfg.trustEvents ?? false,
    flushRecords: (state: PartitionWorker['state'], ops: Parameters<typeof writeRecords>[2]) =>
      writeRecords(redis, state, ops),
    onLost: (k: number) => {
      workers.delete(k);
    },
    onRestart: (k: number, epoch: number) => {
      workers.delete(k);
      // Hand the lease back and take it again: the new epoch fences anything the old worker
      // might still write, and the partition resumes from its last checkpoint.
      void leases
        .release(partitionLease(k), epoch)
        .then(() => (stopping ? undefined : take(k)))
        .catch((err: unknown) => log.warn({ partition: k, err: String(err) }, 'partition restart failed'));
    },
  };

  async function take(k: number): Promise<void> {
    const epoch = await leases.acquire(partitionLease(k));
    if (epoch === null) return;
    const worker = new PartitionWorker(k, epoch, deps, cfg.checkpointMs ?? 500);
    const flusher = new PartitionFlusher(
      worker,
      redis,
      seriesRedis,
      series,
      publisher,
      {
        unitRebuildMs,
        rebuildSlackMs: Math.min(flushMs, unitRebuildMs) / 2,
        analyticsMs: cfg.analyticsMs ?? 5000,
        ...(cfg.driftMs !== undefined ? { driftMs: cfg.driftMs } : {}),
        workerDetailMs: cfg.workerDetailMs ?? 5000,
        seriesMs: cfg.seriesMs ?? 2000,
        watched: (unitId) => interest.watched(unitId),
        ...(cfg.unwatchedRebuildMs !== undefined ? { unwatchedRebuildMs: cfg.unwatchedRebuildMs } : {}),
      },
      flushTimings,
    );
    workers.set(k, { worker, flusher });
    renewedAt.set(k, Date.now());
    try {
      await worker.start();
    } catch (err) {
      log.warn({ partition: k, err: String(err) }, 'could not start partition');
      workers.delete(k);
      await worker.stop(false);
      await leases.release(partitionLease(k), epoch);
    }
  }

  async function release(k: number): Promise<void> {
    const entry = workers.get(k);
    if (!entry) return;
    workers.delete(k);
    await entry.worker.stop(true);
    await leases.release(partitionLease(k), entry.worker.epoch);
    log.info({ partition: k }, 'partition released');
  }

  /** Renews every lease we hold, in parallel, on its own timer (never behind a slow acquisition). */
  async function renewAll(): Promise<void> {
    await Promise.all(
      [...workers].map(async ([k, { worker }]) => {
        const rev = await leases.renew(partitionLease(k), worker.epoch);
        const lastOk = renewedAt.get(k) ?? 0;
        if (rev === 'lost' || (rev === 'error' && Date.now() - lastOk > leaseTtlMs)) {
          if (workers.get(k)?.worker !== worker) return;
          log.warn({ partition: k }, 'lease lost; stopping without writing');
          workers.delete(k);
          await worker.stop(false);
        } else if (rev !== 'error') {
          worker.epoch = rev;
          renewedAt.set(k, Date.now());
        }
      }),
    );
    if (rollupEpoch !== null) {
      const rev = await leases.renew(ROLLUP_LEASE, rollupEpoch);
      if (rev === 'lost') rollupEpoch = null;
      else if (rev !== 'error') rollupEpoch = rev;
    }
  }

  /** Gives up extras and takes free partitions up to a fair share of the live instances. */
  async function rebalance(): Promise<void> {
    const live = await registry.heartbeat();
    const fair = Math.ceil(cfg.partitions / Math.max(1, live));
    const mine = [...workers.keys()].sort((a, b) => a - b);
    for (const k of mine.slice(fair)) await release(k);
    if (workers.size < fair) {
      const offset = Math.abs(hash(instanceId)) % cfg.partitions;
      for (let i = 0; i < cfg.partitions && workers.size < fair && !stopping; i++) {
        const k = (offset + i) % cfg.partitions;
        if (!workers.has(k)) await take(k);
      }
    }
    if (rollupEpoch === null) rollupEpoch = await leases.acquire(ROLLUP_LEASE);
  }

  const every = Math.max(200, Math.floor(leaseTtlMs / 3));
  let renewing: Promise<void> = Promise.resolve();
  const renewTimer = setInterval(() => {
    renewing = renewing
      .then(() => (stopping ? undefined : renewAll()))
      .catch((err) => log.warn({ err: String(err) }, 'lease renewal round failed'));
  }, every);
  let balancing: Promise<void> = rebalance();
  await balancing;
  // Rebalancing (and taking over a dead instance's expired leases) need not wait a renewal period.
  const balanceTimer = setInterval(
    () => {
      balancing = balancing
        .then(() => (stopping ? undefined : rebalance()))
        .catch((err) => log.warn({ err: String(err) }, 'rebalance round failed'));
    },
    Math.min(every, 2000),
  );

  // The flush loop: a cycle starts `flushMs` after the last one started (at once when it overran),
  // never two at a time. A view is rebuilt every cycle its unit changed, so a little slack lets a
  // view built on the last cycle be due again despite timer jitter.
  let flushing = false;
  let flushTimer: NodeJS.Timeout | undefined;
  let lastRollup = 0;
  const background = new BackgroundQueue((err) => log.warn({ err: String(err) }, 'series or details round failed'));
  const members = () =>
    [...workers.values()].map(({ worker, flusher }) => ({
      flusher,
      nowMs: nowFor(worker),
      live: () => !worker.isStopped,
    }));
  const flushLoop = async () => {
    if (stopping) return;
    flushing = true;
    const cycle0 = Date.now();
    try {
      await flushCycle(
        viewRedis,
        members(),
        cycle0 + (cfg.analyticsBudgetMs ?? 0.4 * flushMs),
        false,
        flushTimings,
        background,
      );
      // The roll-up re-reads every unit's summary: at most every 250 ms, whatever the cycle.
      const r0 = Date.now();
      if (rollupEpoch !== null && r0 - lastRollup >= 250) {
        lastRollup = r0;
        await rollup.build(new Date(latestNow()).toISOString());
      }
      flushTimings.add('rollupMs', Date.now() - r0);
      flushTimings.cycle(Date.now() - cycle0);
    } catch (err) {
      log.warn({ err: String(err) }, 'flush failed; will retry');
    } finally {
      flushing = false;
      if (!stopping) flushTimer = setTimeout(flushLoop, Math.max(0, cycle0 + flushMs - Date.now()));
    }
  };
  flushTimer = setTimeout(flushLoop, flushMs);

  const latestNow = () => {
    let now = 0;
    for (const { worker } of workers.values()) now = Math.max(now, nowFor(worker));
    return now || Date.now();
  };

  // Runtime health each second: longest event-loop stall, heap, CPU — in Redis (for benches and
  // operators) and in the log every 10 s, or at once when a stall nears the lease renewal interval.
  const stats = new RuntimeStats(() => [...workers.values()].reduce((s, e) => s + e.worker.processed, 0));
  let statsTicks = 0;
  let lastSnapshot: RuntimeSnapshot | undefined;
  const progressTimer = setInterval(() => {
    const now = Date.now();
    let checkpointAgeMaxMs = 0;
    let checkpointSaveMaxMs = 0;
    for (const { worker } of workers.values()) {
      checkpointAgeMaxMs = Math.max(checkpointAgeMaxMs, now - worker.lastCheckpointMs);
      checkpointSaveMaxMs = Math.max(checkpointSaveMaxMs, worker.checkpointSaveMaxMs);
      worker.checkpointSaveMaxMs = 0;
    }
    const snap = (lastSnapshot = {
      ...stats.snapshot(),
      flush: flushTimings.snapshot(),
      checkpointAgeMaxMs,
      checkpointSaveMaxMs,
    });
    void redis.set(runtimeStatsKey(instanceId), JSON.stringify(snap), { EX: 60 }).catch(() => undefined);
    if (snap.loopDelayMaxMs > every / 2) log.warn(snap, 'event loop stalled');
    else if (++statsTicks % 10 === 0) log.info(snap, 'processor stats');
    else log.debug(snap, 'processor stats');
    void publishProgress(
      nc,
      jsm,
      instanceId,
      [...workers.values()].map((e) => e.worker),
      latestNow(),
    ).catch(() => undefined);
  }, 1000);

  const control = nc.subscribe(CONTROL_SIGNAL_STATUS_SUBJECT, {
    callback: (err, m) => {
      const command = err ? undefined : messageOf(SignalStatusCommand, m);
      if (!command) return;
      for (const { worker, flusher } of workers.values()) {
        if (worker.state.ownsUnit(command.unitId)) flusher.invalidate(command.unitId);
      }
    },
  });

  return {
    instanceId,
    backend: series.backend,
    owned: () => [...workers.keys()].sort((a, b) => a - b),
    processed: () => [...workers.values()].reduce((s, e) => s + e.worker.processed, 0),
    runtime: () => lastSnapshot,
    async stop() {
      stopping = true;
      clearInterval(balanceTimer);
      clearInterval(renewTimer);
      clearTimeout(flushTimer);
      clearInterval(progressTimer);
      stats.stop();
      control.unsubscribe();
      interestSub.unsubscribe();
      await balancing.catch(() => undefined);
      await renewing.catch(() => undefined);
      while (flushing) await new Promise((r) => setTimeout(r, 20));
      // A last flush so the final views carry everything applied.
      await flushCycle(viewRedis, members(), Infinity, true, undefined, background).catch(() => undefined);
      await publisher.drain();
      await refinement?.close();
      for (const k of [...workers.keys()]) await release(k);
      if (rollupEpoch !== null) await leases.release(ROLLUP_LEASE, rollupEpoch);
      await registry.leave();
      await nc.drain().catch(() => undefined);
      await redis.quit().catch(() => undefined);
      await seriesRedis.quit().catch(() => undefined);
      await viewRedis.quit().catch(() => undefined);
    },
  };
}

/** A core NATS message's JSON body checked against `schema`, or undefined (bad JSON or shape). */
function messageOf<T>(schema: z.ZodType<T>, m: Msg): T | undefined {
  try {
    const parsed = schema.safeParse(m.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
