import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createClient } from 'redis';
import { makeKeyring, sealEvent } from '@caseload/shared';
import { waitForDrain } from './backlog.ts';
import { measureBaseline } from './baseline.ts';
import { buildCountyLoad, FlowCycle } from './county-load.ts';
import { BatchPoster, BatchSource, sendAll, sendPaced } from './http-sender.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { MarkerBook, markerRoster, markerUnits } from './markers.ts';
import type { BenchOptions } from './options.ts';
import { CLOCK_TICKS, memoryMB, snapshotCpu } from './proc-stats.ts';
import { DEFAULT_SEARCH, RateSearch } from './rate-search.ts';
import { checkedResult, type BenchResult } from './result.ts';
import { SocketFleet } from './socket-fleet.ts';
import { StackParts, startNatsAndRedis, startServices } from './stack.ts';
import { runStep, type ProcessorSample, type StepRecord } from './step-runner.ts';
import { operationsToken } from './token.ts';

const MARKER_UNITS = 4;
const MARKER_EVERY_MS = 100;
/** Seconds kept free at the end of the budget for stopping the stack and writing results. */
const RESERVE_S = 15;

export interface BenchIo {
  root: string;
  log: (line: string) => void;
  /** Set once a stop was asked for (Ctrl-C): the search ends and everything is stopped. */
  stopped: () => boolean;
  /** Receives the cleanup to run on Ctrl-C or an error. */
  onCleanup: (cleanup: () => Promise<void>) => void;
}

/** One run: baseline, stack, roster, screens, rate search, and the CONTRACT §6 result. */
export async function runBench(o: BenchOptions, io: BenchIo): Promise<BenchResult> {
  const startedAt = Date.now();
  const elapsedS = () => (Date.now() - startedAt) / 1000;
  const loadStart = loadAverage();
  const { log } = io;

  log(`simulating the ${o.scale}: opening roster and ${o.flowDays} days of flow…`);
  const load = buildCountyLoad({ scale: o.scale, seed: o.seed, flowDays: o.flowDays, nowMs: Date.now() });
  log(
    `  ${load.opening.length} opening events, ${load.flow.length} flow events, ${load.units.length} units (${elapsedS().toFixed(0)} s)`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'caseload-bench-'));
  const parts = new StackParts();
  let fleet: SocketFleet | undefined;
  let closeNats: (() => Promise<void>) | undefined;
  let closeRedis: (() => Promise<void>) | undefined;
  let poster: BatchPoster | undefined;
  // Ctrl-C and the run's own `finally` may both ask: one cleanup, shared.
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      try {
        poster?.close();
        await fleet?.stop();
        await closeNats?.().catch(() => undefined);
        await closeRedis?.().catch(() => undefined);
        await parts.stop();
      } finally {
        // BENCH_KEEP=1 keeps the run's folder (the services' logs) for a post-mortem.
        if (process.env.BENCH_KEEP === '1') io.log(`▶ kept ${dir}`);
        else rmSync(dir, { recursive: true, force: true });
      }
    })());
  io.onCleanup(cleanup);
  try {
    const servers = await startNatsAndRedis(parts, dir);

    // The baseline runs first, on a quiet stack, with payloads sealed exactly as ingest stores them.
    const ring = makeKeyring(randomBytes(32).toString('hex'));
    const receivedAt = new Date().toISOString();
    const cycle = new FlowCycle(load.flow);
    const payloads = cycle
      .take(o.baselineMessages)
      .map((e) => Buffer.from(JSON.stringify(sealEvent(e, ring, receivedAt))));
    const payloadBytes = payloads.reduce((s, p) => s + p.length, 0) / payloads.length;
    log(
      `baseline: raw JetStream publish + durable consumer, ${payloads.length} messages of ~${payloadBytes.toFixed(0)} bytes…`,
    );
    const baseline = await measureBaseline(servers.nats.url, payloads);
    log(`  ${baseline.perSecond.toFixed(0)} msgs/s (${baseline.seconds.toFixed(1)} s)`);

    log('starting ingest, the processor and the wallboard…');
    const profileDir = join(io.root, 'load-tests/bench/profiles');
    const stack = await startServices(parts, servers, {
      root: io.root,
      dir,
      partitions: o.partitions,
      ...(o.streamCpus ? { streamCpus: o.streamCpus } : {}),
      processors: o.processors,
      ...(o.cpuProf ? { profile: { dir: profileDir, services: ['ingest', 'stream', 'wallboard'] } } : {}),
      log,
    });
    const nc = await connect({ servers: stack.natsUrl, noAsyncTraces: true });
    const redis = await createClient({ url: stack.redisUrl }).connect();
    closeRedis = () => redis.quit().then(() => undefined);
    closeNats = () => nc.close();
    const jsm = await jetstreamManager(nc);
    const token = await operationsToken(io.root, stack.env);
    log(`  up (${elapsedS().toFixed(0)} s)`);

    // The opening roster and caseloads, then the marker units, all processed before any step.
    const runTag = randomBytes(3).toString('hex');
    const markers = markerUnits(MARKER_UNITS, o.partitions, runTag);
    const siteId = load.units[0]!.siteId;
    poster = new BatchPoster(stack.ingestUrl, stack.apiKey, 64);
    const opening = [...load.opening, ...markerRoster(markers, siteId, new Date().toISOString())];
    log(`loading the opening roster: ${opening.length} events…`);
    const rosterCpu0 = snapshotCpu({ stream: () => stack.streams });
    const rosterT0 = Date.now();
    await sendAll(poster, opening, o.batch, 8);
    const drained = await waitForDrain(jsm, o.partitions, 300_000);
    const rosterCpu1 = snapshotCpu({ stream: () => stack.streams });
    const rosterLoad = {
      events: opening.length,
      messages: drained.streamMessages,
      seconds: round1((Date.now() - rosterT0) / 1000),
      streamCpuSeconds: round1((rosterCpu1.ticks.stream! - rosterCpu0.ticks.stream!) / CLOCK_TICKS),
    };
    if (drained.consumers < o.partitions || drained.backlog > 0)
      throw new Error(
        `the processor did not take in the opening roster (backlog ${drained.backlog}, ${drained.consumers} consumers)`,
      );
    // Per instance: the largest (the goal is each processor's footprint).
    const streamAfterRoster = Math.max(...stack.streams.map((pid) => memoryMB(pid).rss));
    const redisAfterRoster = memoryMB(stack.pids.redis).rss;
    log(`  processed; stream RSS ${streamAfterRoster.toFixed(0)} MB (${elapsedS().toFixed(0)} s)`);

    const holds = Array.from({ length: o.clients }, (_, i) =>
      i < markers.length ? markers[i]!.unitId : load.units[(i - markers.length) % load.units.length]!.unitId,
    );
    log(`connecting ${o.clients} Socket.IO screens in ${o.clientProcs} processes…`);
    const book = new MarkerBook();
    fleet = await SocketFleet.start({
      url: stack.wallboardUrl,
      token,
      holds,
      markers: markers.map((m) => ({ unitId: m.unitId, workerId: m.workerId })),
      processes: o.clientProcs,
    });
    fleet.onMarker = (unitId, count, atMs) => book.observed(unitId, count, atMs);
    const liveFleet = fleet;

    const search = new RateSearch({
      ...DEFAULT_SEARCH,
      startRate: o.startRate,
      maxRate: o.maxRate,
      probeSeconds: o.probeSeconds,
      holdSeconds: o.holdSeconds,
      ...(o.fixedRate !== undefined ? { fixedRate: o.fixedRate } : {}),
    });
    const source = new BatchSource(new FlowCycle(load.flow), markers, siteId, book, MARKER_EVERY_MS);
    const services: Record<string, number[]> = {
      nats: [stack.pids.nats],
      redis: [stack.pids.redis],
      ingest: [stack.pids.ingest],
      stream: stack.streams,
      wallboard: [stack.pids.wallboard],
    };
    const deps = {
      jsm,
      partitions: o.partitions,
      poster,
      source,
      book,
      fleet: liveFleet,
      cpuGroups: {
        ...Object.fromEntries(Object.entries(services).map(([k, pids]) => [k, () => pids])),
        load: () => [process.pid, ...liveFleet.pids],
      },
      memoryPids: services,
      maxInFlight: 32,
      // Below 500 events/s batches shrink so that at least 5 leave per second, as a real
      // producer's would, and markers (one per batch at most) keep coming.
      batchFor: (rate: number) => Math.min(o.batch, Math.max(1, Math.round(rate / 5))),
      stopped: io.stopped,
      processorSample: () => latestProcessorSample(redis),
    };
    await warmUp(deps, o.warmUpSeconds * 1000, log);
    const records: StepRecord[] = [];
    for (;;) {
      if (io.stopped()) throw new Error('stopped');
      const step = search.next(o.budgetSeconds - elapsedS() - RESERVE_S);
      if (!step) break;
      log(`${step.kind} ${step.rate} events/s for ${step.seconds} s…`);
      const r = await runStep(step, deps);
      search.record(step, r.verdict, r.processedPerSecond);
      records.push(r);
      for (const [name, pids] of Object.entries(services))
        if (pids.some((pid) => memoryMB(pid).rss === 0))
          throw new Error(`${name} died during the ${step.kind} at ${step.rate}/s`);
      log(
        `  ${r.verdict.passed ? 'pass' : 'FAIL'}: ingest ${r.ingestPerSecond.toFixed(0)}/s, processed ${r.processedPerSecond.toFixed(0)}/s, ` +
          `p99 ${r.latency.p99.toFixed(0)} ms (${r.latency.samples} markers), backlog ${r.backlogEnd}, ` +
          `CPU ${Object.entries(r.cpuPercent)
            .map(([k, v]) => `${k} ${v.toFixed(0)}%`)
            .join(' ')}` +
          (r.verdict.passed ? '' : ` — ${r.verdict.reasons.join('; ')}`),
      );
      // A failed step leaves a backlog: the next step must start clean, or it measures the backlog.
      const left = await waitForDrain(jsm, o.partitions, 120_000);
      if (left.backlog > 0) log(`  the backlog did not drain in 120 s (${left.backlog} messages left)`);
    }
    const reported = pickReported(records);
    if (!reported) throw new Error('no step ran: raise --budget or lower --duration');
    const result = buildResult({
      o,
      records,
      reported,
      baseline: { perSecond: baseline.perSecond, messages: payloads.length, payloadBytes },
      streamAfterRoster,
      redisAfterRoster,
      rosterLoad,
      streamCpus: o.streamCpus ?? 'all',
      clients: fleet.connected(),
      loadStart,
      startedAt,
    });
    return result;
  } finally {
    log('stopping the stack…');
    await cleanup();
  }
}

/**
 * After the roster the processor first catches up on periodic work (analytics of every unit it
 * just learned); a step started then would measure that. A trickle with markers runs until one
 * marker round-trip comes back under a second (at most `--warm-up`, 90 s), so the steps measure the flow.
 */
async function warmUp(deps: Parameters<typeof runStep>[1], maxMs: number, log: (line: string) => void): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < maxMs && !deps.stopped()) {
    const from = Date.now();
    await sendPaced({ ...deps, rate: 20, seconds: 3, batchSize: 4 });
    const to = Date.now();
    await new Promise((r) => setTimeout(r, 1200));
    const { latenciesMs, unobserved } = deps.book.latencies(from, to, Date.now());
    if (latenciesMs.length > 0 && unobserved === 0 && Math.max(...latenciesMs) < 1000) break;
  }
  log(`  warmed up in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** The window latest.json reports: the hold that passed, else the last hold, else the best probe. */
export function pickReported(records: StepRecord[]): StepRecord | undefined {
  const holds = records.filter((r) => r.step.kind === 'hold');
  return (
    holds.find((r) => r.verdict.passed) ??
    holds.at(-1) ??
    [...records].filter((r) => r.verdict.passed).sort((a, b) => b.step.rate - a.step.rate)[0] ??
    records.at(-1)
  );
}

export function buildResult(x: {
  o: BenchOptions;
  records: StepRecord[];
  reported: StepRecord;
  baseline: { perSecond: number; messages: number; payloadBytes: number };
  streamAfterRoster: number;
  redisAfterRoster: number;
  rosterLoad: BenchResult['rosterLoad'];
  streamCpus: string;
  clients: number;
  loadStart: number[];
  startedAt: number;
}): BenchResult {
  const r = x.reported;
  const cpu = (k: string) => round1(r.cpuPercent[k] ?? 0);
  return checkedResult({
    machine: {
      ...describeMachine(),
      loadAverageStart: x.loadStart,
      loadAverageEnd: loadAverage(),
      streamCpus: x.streamCpus,
      processors: x.o.processors,
    },
    scenario: x.o.scale === 'county' ? 'county' : 'unit',
    date: new Date().toISOString(),
    events: r.acceptedEvents,
    durationSeconds: round1(r.seconds),
    throughput: {
      ingestEventsPerSecond: Math.round(r.ingestPerSecond),
      processedEventsPerSecond: Math.round(r.processedPerSecond),
    },
    latencyMs: {
      ingestToView: {
        p50: r.latency.p50,
        p95: r.latency.p95,
        p99: r.latency.p99,
        samples: r.latency.samples,
        unobserved: r.latency.unobserved,
      },
      viewAge: r.viewAge,
    },
    baseline: {
      jetstreamPublishConsumePerSecond: Math.round(x.baseline.perSecond),
      messages: x.baseline.messages,
      payloadBytes: Math.round(x.baseline.payloadBytes),
    },
    ratioToBaseline: Math.round((r.processedPerSecond / x.baseline.perSecond) * 1000) / 1000,
    processorHealth: r.processor,
    cpuPercent: {
      nats: cpu('nats'),
      redis: cpu('redis'),
      ingest: cpu('ingest'),
      stream: cpu('stream'),
      wallboard: cpu('wallboard'),
      load: cpu('load'),
    },
    memoryMB: {
      stream: round1(r.rssMB.stream ?? 0),
      ingest: round1(r.rssMB.ingest ?? 0),
      wallboard: round1(r.rssMB.wallboard ?? 0),
      streamAfterRoster: round1(x.streamAfterRoster),
      streamPeak: round1(Math.max(...x.records.map((s) => s.streamPeakMB))),
      redis: round1(r.rssMB.redis ?? 0),
      nats: round1(r.rssMB.nats ?? 0),
      redisAfterRoster: round1(x.redisAfterRoster),
    },
    cpuCost: cpuCost(r),
    rosterLoad: x.rosterLoad,
    sockets: { clients: x.clients, viewsDeliveredPerSecond: round1(r.viewsPerSecond), processes: x.o.clientProcs },
    sustained: {
      held: r.step.kind === 'hold' && r.verdict.passed,
      targetRate: r.step.rate,
      reasons: r.verdict.reasons,
      quick: x.o.quick,
    },
    search: x.records.map((s) => ({
      kind: s.step.kind,
      rate: s.step.rate,
      seconds: s.step.seconds,
      passed: s.verdict.passed,
      reasons: s.verdict.reasons,
      p99Ms: s.latency.p99,
      processedEventsPerSecond: Math.round(s.processedPerSecond),
    })),
    totalSeconds: round1((Date.now() - x.startedAt) / 1000),
  });
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** µs of CPU per event (or per view delivered) in the window; null where there was no work to divide by. */
export function cpuCost(r: StepRecord): BenchResult['cpuCost'] {
  const per = (cpuPercent: number | undefined, work: number) =>
    work > 0 && cpuPercent !== undefined ? round1(((cpuPercent / 100) * 1e6) / work) : null;
  const stream = per(r.cpuPercent.stream, r.processedPerSecond);
  return {
    streamUsPerEvent: stream,
    ingestUsPerEvent: per(r.cpuPercent.ingest, r.ingestPerSecond),
    natsUsPerEvent: per(r.cpuPercent.nats, r.ingestPerSecond),
    wallboardUsPerView: per(r.cpuPercent.wallboard, r.viewsPerSecond),
    streamEventsPerCoreSecond: stream ? Math.round(1e6 / stream) : null,
  };
}

/**
 * The processors' latest per-second health (each instance keeps one in Redis), folded into one:
 * the worst stall and p99 of any instance, its longest cycle, and the fewest cycles.
 */
async function latestProcessorSample(redis: {
  keys(p: string): Promise<string[]>;
  mGet(k: string[]): Promise<(string | null)[]>;
}): Promise<ProcessorSample | undefined> {
  const keys = await redis.keys('procstats:*');
  if (!keys.length) return undefined;
  const all = (await redis.mGet(keys)).flatMap((raw) => (raw ? [JSON.parse(raw) as ProcessorSample] : []));
  if (!all.length) return undefined;
  return {
    loopDelayMaxMs: Math.max(...all.map((s) => s.loopDelayMaxMs)),
    loopDelayP99Ms: Math.max(...all.map((s) => s.loopDelayP99Ms)),
    flush: {
      cycles: Math.min(...all.map((s) => s.flush?.cycles ?? 0)),
      cycleMaxMs: Math.max(...all.map((s) => s.flush?.cycleMaxMs ?? 0)),
    },
  };
}
