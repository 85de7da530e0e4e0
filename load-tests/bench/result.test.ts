import { describe, expect, it } from 'vitest';
import { buildResult, pickReported } from './bench.ts';
import { parseBenchArgs } from './options.ts';
import { BenchResult, historyLine, markdownTable } from './result.ts';
import type { StepRecord } from './step-runner.ts';

function record(kind: 'probe' | 'hold', rate: number, passed: boolean, extra: Partial<StepRecord> = {}): StepRecord {
  return {
    step: { kind, rate, seconds: kind === 'hold' ? 60 : 10 },
    verdict: { passed, reasons: passed ? [] : ['p99 ingest→view 1400 ms'] },
    seconds: kind === 'hold' ? 60.2 : 10.1,
    acceptedEvents: Math.round(rate * 60),
    ingestPerSecond: rate,
    processedPerSecond: rate * 0.99,
    messagesPerEvent: 1.02,
    latency: { p50: 120, p95: 400, p99: 800, samples: 600, unobserved: 0 },
    viewAge: { p50: 5, p95: 30, p99: 60 },
    viewsPerSecond: 640,
    cpuPercent: { nats: 20, redis: 10, ingest: 45, stream: 95, wallboard: 20, load: 30 },
    rssMB: { stream: 310, ingest: 120, wallboard: 140, redis: 60, nats: 40 },
    streamPeakMB: 330,
    backlogEnd: 12,
    processor: { loopDelayMaxMs: 180, loopDelayP99MedianMs: 40, cycleMaxMs: 150, cyclesPerSecond: 9.5 },
    ...extra,
  };
}

const inputs = (records: StepRecord[]) => ({
  o: parseBenchArgs([]),
  records,
  reported: pickReported(records)!,
  baseline: { perSecond: 8000, messages: 30000, payloadBytes: 915 },
  streamAfterRoster: 290,
  redisAfterRoster: 50,
  rosterLoad: { events: 77_414, messages: 160_000, seconds: 40, streamCpuSeconds: 30 },
  streamCpus: 'all',
  clients: 200,
  loadStart: [1.5, 1.2, 1],
  startedAt: Date.now() - 250_000,
});

describe('latest.json', () => {
  const records = [record('probe', 1000, true), record('probe', 1600, false), record('hold', 1260, true)];

  it('reports the passing hold in the contract’s shape, every field filled', () => {
    const r = buildResult(inputs(records));
    expect(BenchResult.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
    expect(r).toMatchObject({
      scenario: 'county',
      events: 75_600,
      throughput: { ingestEventsPerSecond: 1260, processedEventsPerSecond: 1247 },
      latencyMs: { ingestToView: { p50: 120, p95: 400, p99: 800 } },
      baseline: { jetstreamPublishConsumePerSecond: 8000 },
      ratioToBaseline: 0.156,
      cpuPercent: { nats: 20, redis: 10, ingest: 45, stream: 95, wallboard: 20, load: 30 },
      memoryMB: {
        stream: 310,
        ingest: 120,
        wallboard: 140,
        streamAfterRoster: 290,
        streamPeak: 330,
        redis: 60,
        nats: 40,
        redisAfterRoster: 50,
      },
      sockets: { clients: 200, viewsDeliveredPerSecond: 640 },
      sustained: { held: true, targetRate: 1260 },
    });
    expect(r.search).toHaveLength(3);
    // stream: 95 % of a core for 1247.4 events/s → 761.6 µs each, 1,313 events per core-second
    expect(r.cpuCost).toEqual({
      streamUsPerEvent: 761.6,
      ingestUsPerEvent: 357.1,
      natsUsPerEvent: 158.7,
      wallboardUsPerView: 312.5,
      streamEventsPerCoreSecond: 1313,
    });
  });

  it('says so when no hold passed, and refuses a result with a missing figure', () => {
    const failed = [record('probe', 1000, true), record('hold', 1000, false)];
    const r = buildResult(inputs(failed));
    expect(r.sustained).toMatchObject({ held: false, reasons: ['p99 ingest→view 1400 ms'] });
    expect(markdownTable(r)).toContain('NOT held (p99 ingest→view 1400 ms)');
    const idle = buildResult(inputs([record('hold', 1000, false, { processedPerSecond: 0 })]));
    expect(idle.cpuCost.streamUsPerEvent).toBeNull();
    expect(markdownTable(idle)).toContain('| stream events per core-second (from its CPU cost) | — |');
    const broken = [record('hold', 1000, true, { processedPerSecond: Number.NaN })];
    expect(() => buildResult(inputs(broken))).toThrow();
  });

  it('prints a table and a one-line history entry', () => {
    const r = buildResult(inputs(records));
    const table = markdownTable(r);
    expect(table).toMatch(/\| processed events\/s \| 1,247 \|/);
    expect(table).toMatch(/\| hold \| 1,260 \| 60 \| pass \|/);
    expect(table).toContain(
      '| processor event-loop delay worst / median p99 ms; flush cycle longest ms, cycles/s | 180 / 40; 150, 9.5 |',
    );
    const line = historyLine(r);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({ processedEventsPerSecond: 1247, baseline: 8000, held: true });
  });

  it('picks the passing hold, else the last hold, else the fastest passing probe', () => {
    expect(pickReported(records)!.step).toMatchObject({ kind: 'hold', rate: 1260 });
    const twoHolds = [record('hold', 2000, false), record('hold', 1600, false)];
    expect(pickReported(twoHolds)!.step.rate).toBe(1600);
    const probes = [record('probe', 1000, true), record('probe', 1600, true), record('probe', 2560, false)];
    expect(pickReported(probes)!.step.rate).toBe(1600);
  });
});
