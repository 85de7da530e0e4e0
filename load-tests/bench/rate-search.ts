/**
 * Finding the highest sustainable rate (CONTRACT §6) by stepping: short probes climb geometrically
 * until one fails, one probe refines between the last pass and the first failure, then the best
 * passing rate is held for the full window. A failed hold steps down and holds again while the
 * time budget allows. Pure: the caller runs each step and reports its verdict.
 */

export interface SearchSettings {
  startRate: number;
  /** Each passing probe multiplies the rate by this. */
  factor: number;
  maxRate: number;
  minRate: number;
  probeSeconds: number;
  holdSeconds: number;
  maxProbes: number;
  maxHolds: number;
  /** A failed hold is retried at rate × stepDown. */
  stepDown: number;
  /** Refine between the last pass and the first failure only when they are further apart than this ratio. */
  refineRatio: number;
  /** Skip the probes: hold this rate once (the `--rate` mode). */
  fixedRate?: number;
}

export const DEFAULT_SEARCH: SearchSettings = {
  startRate: 1000,
  factor: 1.6,
  maxRate: 50_000,
  minRate: 50,
  probeSeconds: 10,
  holdSeconds: 60,
  maxProbes: 8,
  // Three holds: on a 2-core box a 10 s probe passes at rates a 60 s hold does not (state grows,
  // GC pauses land in the window), and with two the default run often ended with nothing held.
  maxHolds: 3,
  stepDown: 0.8,
  // 1.3, not 1.2: each failed probe leaves a backlog that slows the next step, and the time a
  // second refinement took is what the third hold needs to fit in the 5-minute run.
  refineRatio: 1.3,
};

export interface Step {
  kind: 'probe' | 'hold';
  rate: number;
  seconds: number;
}

export interface Verdict {
  passed: boolean;
  /** Why it failed (empty when it passed). */
  reasons: string[];
}

export interface SearchResult {
  /** The held rate that passed, if any. */
  sustainableRate: number | undefined;
  history: (Step & Verdict)[];
}

export class RateSearch {
  private phase: 'probe' | 'hold' | 'done' = 'probe';
  private rate: number;
  private bestPass: number | undefined;
  private firstFail: number | undefined;
  private probes = 0;
  private holds = 0;
  private holdRate: number | undefined;
  private sustained: number | undefined;
  private readonly history: (Step & Verdict)[] = [];

  constructor(private readonly s: SearchSettings) {
    if (s.fixedRate !== undefined) {
      this.phase = 'hold';
      this.holdRate = s.fixedRate;
    }
    this.rate = s.startRate;
  }

  /** The next step to run, or undefined when the search is over. `budgetSeconds`: time left for steps. */
  next(budgetSeconds: number): Step | undefined {
    if (this.phase === 'probe') {
      // The first probe always runs, so even a short budget ends with a measured rate.
      const fits = budgetSeconds >= this.s.probeSeconds + this.s.holdSeconds || this.probes === 0;
      if (this.probes < this.s.maxProbes && fits)
        return { kind: 'probe', rate: round(this.rate), seconds: this.s.probeSeconds };
      this.startHolding();
    }
    if (this.phase === 'hold') {
      // The first hold always runs (the contract's window); a retry only when it still fits.
      if (this.holdRate === undefined || (this.holds > 0 && budgetSeconds < this.s.holdSeconds)) {
        this.phase = 'done';
        return undefined;
      }
      return { kind: 'hold', rate: round(this.holdRate), seconds: this.s.holdSeconds };
    }
    return undefined;
  }

  /**
   * `processedRate`: what the system processed during the step. While nothing has passed, a
   * failed probe's next rate is at most 90 % of it, so a system far slower than the start rate is
   * found in one step instead of many (each failed probe leaves a backlog that slows the next).
   */
  record(step: Step, verdict: Verdict, processedRate?: number): void {
    this.history.push({ ...step, ...verdict });
    if (step.kind === 'hold') return this.recordHold(step, verdict);
    this.probes++;
    if (verdict.passed) {
      this.bestPass = Math.max(this.bestPass ?? 0, step.rate);
      if (this.firstFail !== undefined) return this.refineOrHold();
      if (step.rate >= this.s.maxRate) return this.startHolding();
      this.rate = Math.min(step.rate * this.s.factor, this.s.maxRate);
      return;
    }
    this.firstFail = Math.min(this.firstFail ?? Infinity, step.rate);
    if (this.bestPass === undefined) {
      // Nothing passed even at the floor: there is no sustainable rate to hold.
      if (step.rate <= this.s.minRate) {
        this.phase = 'done';
        return;
      }
      this.rate = step.rate / this.s.factor;
      if (processedRate !== undefined && processedRate * 0.9 < this.rate) this.rate = processedRate * 0.9;
      this.rate = Math.max(this.s.minRate, this.rate);
      return;
    }
    this.refineOrHold();
  }

  result(): SearchResult {
    return { sustainableRate: this.sustained, history: [...this.history] };
  }

  private refineOrHold(): void {
    const lo = this.bestPass!;
    const hi = this.firstFail!;
    const mid = Math.sqrt(lo * hi);
    const alreadyTried = this.history.some((h) => h.kind === 'probe' && Math.abs(h.rate - round(mid)) < 1);
    if (hi / lo > this.s.refineRatio && !alreadyTried) this.rate = mid;
    else this.startHolding();
  }

  private startHolding(): void {
    this.phase = 'hold';
    this.holdRate = this.bestPass;
  }

  private recordHold(step: Step, verdict: Verdict): void {
    this.holds++;
    if (verdict.passed) {
      this.sustained = step.rate;
      this.phase = 'done';
      return;
    }
    if (this.holds >= this.s.maxHolds || this.s.fixedRate !== undefined) {
      this.phase = 'done';
      return;
    }
    this.holdRate = step.rate * this.s.stepDown;
    if (this.holdRate < this.s.minRate) this.phase = 'done';
  }
}

/** Rates are whole events per second; above 1,000 they are rounded to tens for readable tables. */
function round(rate: number): number {
  return rate >= 1000 ? Math.round(rate / 10) * 10 : Math.round(rate);
}
