import type { FlushTimingSnapshot } from './flush-timings.ts';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** One reading of the processor's runtime health. */
export interface RuntimeSnapshot {
  /** Longest event-loop stall in the period since the last snapshot, and since start (ms). */
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
  loopDelayMaxEverMs: number;
  heapUsedMB: number;
  rssMB: number;
  /** CPU seconds (user + system) since start. */
  cpuS: number;
  /** Messages handled since start. */
  processed: number;
  /** Where the periodic flush spent its time in the period (set by the processor). */
  flush?: FlushTimingSnapshot;
  /** Longest time since an owned partition's last checkpoint, and the longest save in the period (ms). */
  checkpointAgeMaxMs?: number;
  checkpointSaveMaxMs?: number;
}

const MB = 1024 * 1024;
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Watches event-loop stalls with `perf_hooks.monitorEventLoopDelay` (a stall longer than a third
 * of the lease TTL can cost the leases) and reads memory and CPU. Each snapshot closes a period.
 */
export class RuntimeStats {
  private readonly hist: IntervalHistogram;
  private maxEverNs = 0;
  private readonly cpu0 = process.cpuUsage();

  constructor(private readonly processed: () => number) {
    this.hist = monitorEventLoopDelay({ resolution: 10 });
    this.hist.enable();
  }

  snapshot(): RuntimeSnapshot {
    const max = this.hist.max;
    if (max > this.maxEverNs) this.maxEverNs = max;
    const p99 = this.hist.percentile(99);
    this.hist.reset();
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage(this.cpu0);
    return {
      loopDelayMaxMs: round1(max / 1e6),
      loopDelayP99Ms: round1(p99 / 1e6),
      loopDelayMaxEverMs: round1(this.maxEverNs / 1e6),
      heapUsedMB: round1(mem.heapUsed / MB),
      rssMB: round1(mem.rss / MB),
      cpuS: Math.round((cpu.user + cpu.system) / 1e3) / 1e3,
      processed: this.processed(),
    };
  }

  stop(): void {
    this.hist.disable();
  }
}
