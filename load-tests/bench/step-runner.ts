import type { JetStreamManager } from '@nats-io/jetstream';
import { readPosition, type Position } from './backlog.ts';
import { sendPaced, type BatchPoster, type BatchSource } from './http-sender.ts';
import { judgeStep, type StepMeasure } from './judge.ts';
import type { MarkerBook } from './markers.ts';
import { percentiles } from './percentiles.ts';
import { cpuPercentBetween, memoryMB, snapshotCpu, type PidGroups } from './proc-stats.ts';
import type { Step, Verdict } from './rate-search.ts';
import type { SocketFleet } from './socket-fleet.ts';

/** Everything one step measured, for the search's verdict and for latest.json. */
export interface StepRecord {
  step: Step;
  verdict: Verdict;
  seconds: number;
  acceptedEvents: number;
  ingestPerSecond: number;
  processedPerSecond: number;
  messagesPerEvent: number;
  latency: { p50: number; p95: number; p99: number; samples: number; unobserved: number };
  viewAge: { p50: number; p95: number; p99: number };
  viewsPerSecond: number;
  cpuPercent: Record<string, number>;
  rssMB: Record<string, number>;
  streamPeakMB: number;
  backlogEnd: number;
  /** The processor's own health over the window (its per-second snapshots), when it could be read. */
  processor: ProcessorHealth | null;
}

/** One per-second snapshot the processor keeps in Redis (stream/src/health/runtime-stats.ts). */
export interface ProcessorSample {
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
  flush?: { cycles: number; cycleMaxMs: number };
}

export interface ProcessorHealth {
  /** The longest event-loop stall in the window, and the median of the per-second p99 delays. */
  loopDelayMaxMs: number;
  loopDelayP99MedianMs: number;
  /** The longest flush cycle, and flush cycles per second. */
  cycleMaxMs: number;
  cyclesPerSecond: number;
}

export interface StepDeps {
  jsm: JetStreamManager;
  partitions: number;
  poster: BatchPoster;
  source: BatchSource;
  book: MarkerBook;
  fleet: SocketFleet;
  cpuGroups: PidGroups;
  /** Per service, its processes; RSS is the largest of them (the processors are each one instance). */
  memoryPids: Record<string, number[]>;
  batchFor: (rate: number) => number;
  maxInFlight: number;
  stopped: () => boolean;
  /** The processor's latest per-second snapshot, if it can be read (see ProcessorSample). */
  processorSample?: () => Promise<ProcessorSample | undefined>;
}

/** Markers accepted at the very end of a window get this long to reach a view before they count as late. */
const GRACE_MS = 1200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runStep(step: Step, d: StepDeps): Promise<StepRecord> {
  const pos0 = await readPosition(d.jsm, d.partitions);
  const cpu0 = snapshotCpu(d.cpuGroups);
  const t0 = Date.now();
  const samples: Position[] = [pos0];
  const health: ProcessorSample[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sleep(1000);
      if (!sampling) break;
      samples.push(await readPosition(d.jsm, d.partitions));
      const h = await d.processorSample?.().catch(() => undefined);
      if (h) health.push(h);
    }
  })();
  const sent = await sendPaced({
    poster: d.poster,
    source: d.source,
    book: d.book,
    rate: step.rate,
    seconds: step.seconds,
    batchSize: d.batchFor(step.rate),
    maxInFlight: d.maxInFlight,
    stopped: d.stopped,
  });
  const t1 = Date.now();
  const cpu1 = snapshotCpu(d.cpuGroups);
  sampling = false;
  await sampler;
  const pos1 = await readPosition(d.jsm, d.partitions);
  samples.push(pos1);
  const rssMB = Object.fromEntries(
    Object.entries(d.memoryPids).map(([k, pids]) => [k, Math.max(...pids.map((pid) => memoryMB(pid).rss))]),
  );
  const streamPeakMB = Math.max(...d.memoryPids.stream!.map((pid) => memoryMB(pid).peak));
  await sleep(GRACE_MS);

  const seconds = (t1 - t0) / 1000;
  const { latenciesMs, unobserved } = d.book.latencies(t0, t1, Date.now());
  const messagesPerEvent =
    sent.acceptedEvents > 0 ? Math.max(1, (pos1.streamMessages - pos0.streamMessages) / sent.acceptedEvents) : 1;
  const processedPerSecond =
    ((Math.max(0, pos1.acked - pos0.acked) / (pos1.atMs - pos0.atMs)) * 1000) / messagesPerEvent;
  const views = d.fleet.window(t0, t1 + GRACE_MS);
  const measure: StepMeasure = {
    targetRate: step.rate,
    seconds,
    acceptedEvents: sent.acceptedEvents,
    failedRequests: sent.failedRequests,
    latenciesMs,
    unobservedMarkers: unobserved,
    backlog: samples.map((p) => ({ x: (p.atMs - t0) / 1000, y: p.backlog })),
  };
  const verdict = judgeStep(measure);
  const lat = latenciesMs.length ? percentiles(latenciesMs) : { p50: 0, p95: 0, p99: 0 };
  const age = views.agesMs.length ? percentiles(views.agesMs.map((a) => Math.max(0, a))) : { p50: 0, p95: 0, p99: 0 };
  return {
    step,
    verdict,
    seconds,
    acceptedEvents: sent.acceptedEvents,
    ingestPerSecond: sent.acceptedEvents / seconds,
    processedPerSecond,
    messagesPerEvent,
    latency: { ...lat, samples: latenciesMs.length, unobserved },
    viewAge: age,
    viewsPerSecond: views.views / ((t1 + GRACE_MS - t0) / 1000),
    cpuPercent: cpuPercentBetween(cpu0, cpu1),
    rssMB,
    streamPeakMB,
    backlogEnd: pos1.backlog,
    processor: summariseHealth(health, seconds),
  };
}

/** The window's processor health from its per-second snapshots (null when none could be read). */
export function summariseHealth(samples: ProcessorSample[], seconds: number): ProcessorHealth | null {
  if (!samples.length) return null;
  const p99s = samples.map((s) => s.loopDelayP99Ms).sort((a, b) => a - b);
  return {
    loopDelayMaxMs: Math.max(...samples.map((s) => s.loopDelayMaxMs)),
    loopDelayP99MedianMs: p99s[Math.floor((p99s.length - 1) / 2)]!,
    cycleMaxMs: Math.max(0, ...samples.map((s) => s.flush?.cycleMaxMs ?? 0)),
    cyclesPerSecond: Math.round((samples.reduce((n, s) => n + (s.flush?.cycles ?? 0), 0) / seconds) * 10) / 10,
  };
}
