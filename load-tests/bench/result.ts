import { z } from 'zod';

/**
 * The bench's output, CONTRACT §6 (`bench/results/latest.json`): the contract's fields, every one a
 * finite number, plus additions (the contract allows adding, never renaming) that say how the
 * figures were reached: the search, the machine's load, the processor's cores.
 */
const num = z.number().finite().nonnegative();
const Quantiles = z.object({ p50: num, p95: num, p99: num });

export const BenchResult = z.object({
  machine: z.object({
    hostname: z.string(),
    cpus: z.number().int().positive(),
    cpuModel: z.string(),
    memoryMB: num,
    node: z.string(),
    natsServer: z.string(),
    redisServer: z.string(),
    /** 1, 5 and 15-minute load averages at the start and the end of the run (a shared machine is noisy). */
    loadAverageStart: z.array(num).length(3),
    loadAverageEnd: z.array(num).length(3),
    /** Cores the processor was pinned to (taskset), or "all". */
    streamCpus: z.string(),
    /** Processor instances sharing the partitions (1 unless `--processors`). */
    processors: z.number().int().positive().optional(),
  }),
  /** The simulator's scale: `county` for the contract's figures, `unit` only for the harness's own test. */
  scenario: z.enum(['county', 'unit']),
  date: z.string(),
  /** Events accepted by ingest during the reported (held) window. */
  events: z.number().int().nonnegative(),
  durationSeconds: num,
  throughput: z.object({ ingestEventsPerSecond: num, processedEventsPerSecond: num }),
  latencyMs: z.object({
    ingestToView: Quantiles.extend({
      samples: z.number().int().nonnegative(),
      /** Markers that reached no view before the window closed; counted at their lower bound. */
      unobserved: z.number().int().nonnegative(),
    }),
    /** `generatedAt` → receipt, over every view every client received. */
    viewAge: Quantiles,
  }),
  baseline: z.object({
    jetstreamPublishConsumePerSecond: num,
    messages: z.number().int().positive(),
    payloadBytes: num,
  }),
  ratioToBaseline: num,
  /**
   * The processor's health in the window, from its per-second snapshots: event-loop stalls (worst,
   * and the median second's p99) and its flush cycles (longest, per second). Null if unreadable.
   */
  processorHealth: z
    .object({ loopDelayMaxMs: num, loopDelayP99MedianMs: num, cycleMaxMs: num, cyclesPerSecond: num })
    .nullable()
    .optional(),
  cpuPercent: z.object({ nats: num, redis: num, ingest: num, stream: num, wallboard: num, load: num }),
  memoryMB: z.object({
    stream: num,
    ingest: num,
    wallboard: num,
    /** Processor RSS once the county roster and opening caseloads were processed. */
    streamAfterRoster: num,
    streamPeak: num,
    /** redis-server and nats-server RSS at the end of the window (Redis keeps views, records, series). */
    redis: num,
    nats: num,
    redisAfterRoster: num,
  }),
  /**
   * CPU time per unit of work over the reported window (µs; null when nothing was processed):
   * steadier than wall-clock rates on a shared machine, and the basis of docs/CAPACITY.md.
   */
  cpuCost: z.object({
    streamUsPerEvent: num.nullable(),
    ingestUsPerEvent: num.nullable(),
    natsUsPerEvent: num.nullable(),
    wallboardUsPerView: num.nullable(),
    /** 1e6 ÷ streamUsPerEvent: events one processor core could take at full use. */
    streamEventsPerCoreSecond: num.nullable(),
  }),
  /** The opening roster and caseloads: messages (roster fanned out per partition), wall and processor CPU time. */
  rosterLoad: z.object({ events: num, messages: num, seconds: num, streamCpuSeconds: num }),
  sockets: z.object({ clients: z.number().int().nonnegative(), viewsDeliveredPerSecond: num, processes: num }),
  sustained: z.object({
    /** True when the reported window passed the contract's test (p99 ≤ 1 s, backlog flat, rate accepted). */
    held: z.boolean(),
    targetRate: num,
    reasons: z.array(z.string()),
    quick: z.boolean(),
  }),
  search: z.array(
    z.object({
      kind: z.enum(['probe', 'hold']),
      rate: num,
      seconds: num,
      passed: z.boolean(),
      reasons: z.array(z.string()),
      p99Ms: num,
      processedEventsPerSecond: num,
    }),
  ),
  totalSeconds: num,
});
export type BenchResult = z.infer<typeof BenchResult>;

/** Validates before anything is written, so a broken run never leaves a half-filled latest.json. */
export function checkedResult(r: BenchResult): BenchResult {
  return BenchResult.parse(r);
}

/** One line of history.jsonl: the date and the figures that show regressions. */
export function historyLine(r: BenchResult): string {
  return JSON.stringify({
    date: r.date,
    host: r.machine.hostname,
    load1: r.machine.loadAverageStart[0],
    streamCpus: r.machine.streamCpus,
    processors: r.machine.processors ?? 1,
    quick: r.sustained.quick,
    held: r.sustained.held,
    targetRate: r.sustained.targetRate,
    ingestEventsPerSecond: r.throughput.ingestEventsPerSecond,
    processedEventsPerSecond: r.throughput.processedEventsPerSecond,
    baseline: r.baseline.jetstreamPublishConsumePerSecond,
    ratioToBaseline: r.ratioToBaseline,
    p99Ms: r.latencyMs.ingestToView.p99,
    streamMB: r.memoryMB.stream,
    clients: r.sockets.clients,
  });
}

const f0 = (x: number) => Math.round(x).toLocaleString('en-US');
const f2 = (x: number) => x.toFixed(2);

/** The printed summary, as a markdown table. */
export function markdownTable(r: BenchResult): string {
  const rows: [string, string][] = [
    ['date', r.date],
    [
      'machine',
      `${r.machine.cpus} × ${r.machine.cpuModel}, load ${r.machine.loadAverageStart.map(f2).join(' ')} → ${r.machine.loadAverageEnd.map(f2).join(' ')}`,
    ],
    [
      'processor cores (instances)',
      `${r.machine.streamCpus} (${r.machine.processors ?? 1} instance${(r.machine.processors ?? 1) > 1 ? 's' : ''})`,
    ],
    [
      'window',
      `${r.sustained.quick ? 'quick, ' : ''}${r.durationSeconds.toFixed(0)} s at ${f0(r.sustained.targetRate)} events/s target — ${r.sustained.held ? 'held' : `NOT held (${r.sustained.reasons.join('; ')})`}`,
    ],
    ['events accepted in the window', f0(r.events)],
    ['ingest events/s', f0(r.throughput.ingestEventsPerSecond)],
    ['processed events/s', f0(r.throughput.processedEventsPerSecond)],
    ['baseline: raw JetStream publish + consume msgs/s', f0(r.baseline.jetstreamPublishConsumePerSecond)],
    ['ratio to baseline', f2(r.ratioToBaseline)],
    [
      'ingest → view p50 / p95 / p99 ms',
      [r.latencyMs.ingestToView.p50, r.latencyMs.ingestToView.p95, r.latencyMs.ingestToView.p99].map(f0).join(' / ') +
        ` (${r.latencyMs.ingestToView.samples} markers)`,
    ],
    [
      'view age p50 / p95 / p99 ms',
      [r.latencyMs.viewAge.p50, r.latencyMs.viewAge.p95, r.latencyMs.viewAge.p99].map(f0).join(' / '),
    ],
    [
      'processor event-loop delay worst / median p99 ms; flush cycle longest ms, cycles/s',
      r.processorHealth
        ? `${f0(r.processorHealth.loopDelayMaxMs)} / ${f0(r.processorHealth.loopDelayP99MedianMs)}; ${f0(r.processorHealth.cycleMaxMs)}, ${r.processorHealth.cyclesPerSecond}`
        : '—',
    ],
    [
      'CPU % nats / redis / ingest / stream / wallboard / load',
      [
        r.cpuPercent.nats,
        r.cpuPercent.redis,
        r.cpuPercent.ingest,
        r.cpuPercent.stream,
        r.cpuPercent.wallboard,
        r.cpuPercent.load,
      ]
        .map(f0)
        .join(' / '),
    ],
    [
      'RSS MB stream / ingest / wallboard',
      [r.memoryMB.stream, r.memoryMB.ingest, r.memoryMB.wallboard].map(f0).join(' / '),
    ],
    ['stream RSS after county roster / peak MB', `${f0(r.memoryMB.streamAfterRoster)} / ${f0(r.memoryMB.streamPeak)}`],
    [
      'RSS MB redis (after roster) / nats',
      `${f0(r.memoryMB.redis)} (${f0(r.memoryMB.redisAfterRoster)}) / ${f0(r.memoryMB.nats)}`,
    ],
    [
      'CPU µs per event: stream / ingest / nats; wallboard per view',
      [r.cpuCost.streamUsPerEvent, r.cpuCost.ingestUsPerEvent, r.cpuCost.natsUsPerEvent, r.cpuCost.wallboardUsPerView]
        .map((v) => (v === null ? '—' : f0(v)))
        .join(' / '),
    ],
    [
      'stream events per core-second (from its CPU cost)',
      r.cpuCost.streamEventsPerCoreSecond === null ? '—' : f0(r.cpuCost.streamEventsPerCoreSecond),
    ],
    [
      'opening roster: events / messages / s / stream CPU s',
      `${f0(r.rosterLoad.events)} / ${f0(r.rosterLoad.messages)} / ${r.rosterLoad.seconds} / ${r.rosterLoad.streamCpuSeconds}`,
    ],
    ['Socket.IO clients (processes)', `${r.sockets.clients} (${r.sockets.processes})`],
    ['views delivered/s', f0(r.sockets.viewsDeliveredPerSecond)],
    ['total bench time', `${r.totalSeconds.toFixed(0)} s`],
  ];
  const steps = r.search.map(
    (s) =>
      `| ${s.kind} | ${f0(s.rate)} | ${s.seconds} | ${s.passed ? 'pass' : 'fail'} | ${f0(s.processedEventsPerSecond)} | ${f0(s.p99Ms)} | ${s.reasons.join('; ')} |`,
  );
  return [
    '| figure | value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| step | target events/s | s | verdict | processed events/s | p99 ms | why |',
    '| --- | ---: | ---: | --- | ---: | ---: | --- |',
    ...steps,
  ].join('\n');
}
