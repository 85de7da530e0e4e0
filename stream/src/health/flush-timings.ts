/** Wall time the periodic flush spent per phase since the last snapshot (ms, rounded). */
export interface FlushTimingSnapshot {
  cycles: number;
  /** The longest full cycle over every owned partition and the roll-up. */
  cycleMaxMs: number;
  /** State upkeep: the clock's advance, transferred cases, dirty sets. */
  prepareMs: number;
  /** Unit views and analytics, and their Redis records. */
  viewsMs: number;
  /** Worker time series. */
  seriesMs: number;
  /** Worker detail records (with sparklines read back from the series). */
  detailsMs: number;
  rollupMs: number;
}

export type FlushPhase = 'prepareMs' | 'viewsMs' | 'seriesMs' | 'detailsMs' | 'rollupMs';

const zero = (): FlushTimingSnapshot => ({
  cycles: 0,
  cycleMaxMs: 0,
  prepareMs: 0,
  viewsMs: 0,
  seriesMs: 0,
  detailsMs: 0,
  rollupMs: 0,
});

/**
 * Where the flush loop's time goes. A view reflects an event only after the loop has reached its
 * partition, so a long cycle is ingest → view latency even when the CPU is not saturated.
 */
export class FlushTimings {
  private acc = zero();

  add(phase: FlushPhase, ms: number): void {
    this.acc[phase] += ms;
  }

  cycle(ms: number): void {
    this.acc.cycles++;
    if (ms > this.acc.cycleMaxMs) this.acc.cycleMaxMs = ms;
  }

  snapshot(): FlushTimingSnapshot {
    const out = this.acc;
    this.acc = zero();
    for (const k of Object.keys(out) as (keyof FlushTimingSnapshot)[]) out[k] = Math.round(out[k]);
    return out;
  }
}
