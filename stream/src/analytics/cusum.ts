import type { RateModel } from './measures.ts';
import type { DayNumber } from './types.ts';

/**
 * One-sided CUSUMs of the log-likelihood ratio (Page 1954), for a count against its case-mix
 * expectation. Upward chart tests rate ratio ρ = 1 + δ, downward ρ = 1 − δ, with δ the smallest shift
 * that matters (dictionary `drift.targetShift`): tuned to that shift, the chart is the quickest test of
 * it for a given false-alarm rate (Moustakides 1986). Daily increment for one stratum with exposure n,
 * baseline rate p and observed count O:
 *   Poisson:  O ln ρ − (ρ − 1) n p
 *   binomial: O ln ρ + (n − O) ln((1 − ρp) / (1 − p))
 * S_t = max(0, S_{t−1} + X_t). The chart is recomputed from the retained daily cells at each
 * evaluation (stateless), so a replay yields the same value.
 *
 * Threshold h: for a per-test in-control average run length ARL0 (in days), h is solved from
 * Siegmund's approximation for a CUSUM of exact log-likelihood ratios. Such increments satisfy
 * E[e^X] = 1 in control, so the exponential tilt that the normal version estimates as −2μ/σ² is
 * exactly 1, and with μ < 0 the in-control mean increment (minus the Kullback–Leibler divergence per day)
 *   ARL0 ≈ (e^h − h − 1) / |μ|.
 * (The normal version, `siegmundArl`, badly overstates ARL0 for downward charts of rare events, whose
 * increments are skewed: many small steps up, a few large steps down.) Overshoot is ignored, which
 * errs towards a shorter ARL0, i.e. a slightly higher h than needed.
 * The drift module splits the unit's false-alert budget (dictionary `drift.falseAlertsPerUnitWeek`)
 * evenly over its alerting family (workers × alerting dimensions, one chart each on the measure's side of
 * concern), so each chart's ARL0 is 7 × family size / budget days — a Bonferroni split on the run-length
 * scale. Example: 10 workers × 6 dimensions = 60 charts at the default 0.5 per unit-week gives
 * ARL0 = 840 days; for 1.3 flags a day and δ = 18% (|μ| = 1.3 × (0.18 − ln 1.18) ≈ 0.019) this is
 * h ≈ 3.0 (the dictionary's floor `cusumThreshold`). A simulation of in-control charts (cusum.test.ts)
 * finds the approximation conservative by a factor of about 1.3–1.6 on ARL0. The budget is nominal: ARL0
 * describes a chart run for ever, but ours is recomputed over the last `drift.cusumDays` (84) of cells,
 * and a slow chart (a rare code, a fortnightly contact rate) cannot climb to h within that look-back by
 * chance, so far fewer false alerts happen: `npm run eval:detection` measured 0.043–0.066 per unit-week
 * over 16 weeks on seeds 1–3 (0.075–0.085 once the look-back is full) at the nominal 0.5; contacts and
 * all risk flags, the fast charts, raise nearly all of them. Two things were tried and dropped: taking
 * the in-control mean per calendar day rather than per chart day (weekends as steps of 0, as the budget
 * is per calendar week) lowered h for contacts only (risk charts sit on the floor) and raised false
 * alerts by a third (0.066 → 0.080 on seed 1, 0.11 once the look-back is full) without one more drift
 * found; and a lower floor (2.5) finds one more +50% drift on seeds 2 and 3 for 0.095 false alerts per
 * unit-week once the look-back is full — the dictionary's call, not made here.
 */

/**
 * The pieces of one stratum's daily LLR increment: events × onEvent + non-events × onNonEvent −
 * exposure × perExposure (non-events are exposure − events; Poisson has onNonEvent = 0). Charts cache
 * these per stratum rate, since the logs are the costly part.
 */
export interface LlrTerms {
  onEvent: number;
  onNonEvent: number;
  perExposure: number;
  /** Baseline rate (capped below 1 for binomial). */
  rate: number;
}

export function llrTerms(model: RateModel, rate: number, rho: number): LlrTerms {
  if (model === 'poisson') return { onEvent: Math.log(rho), onNonEvent: 0, perExposure: (rho - 1) * rate, rate };
  const p = Math.min(rate, 0.999);
  const p1 = Math.min(rho * p, 0.999);
  return { onEvent: Math.log(p1 / p), onNonEvent: Math.log((1 - p1) / (1 - p)), perExposure: 0, rate: p };
}

export function termsIncrement(t: LlrTerms, events: number, exposure: number): number {
  return events * t.onEvent + Math.max(0, exposure - events) * t.onNonEvent - exposure * t.perExposure;
}

/** In-control mean increment for an exposure. */
export function termsMean(t: LlrTerms, exposure: number): number {
  return exposure * (t.rate * t.onEvent + (1 - t.rate) * t.onNonEvent - t.perExposure);
}

/** The LLR increment of one stratum-day for rate ratio `rho` against baseline `rate`. */
export function llrIncrement(model: RateModel, observed: number, exposure: number, rate: number, rho: number): number {
  if (exposure <= 0 || rate <= 0) return 0;
  return termsIncrement(llrTerms(model, rate, rho), observed, exposure);
}

/** In-control mean and variance of one stratum-day's increment. */
export function incrementMoments(
  model: RateModel,
  exposure: number,
  rate: number,
  rho: number,
): { mean: number; variance: number } {
  if (exposure <= 0 || rate <= 0) return { mean: 0, variance: 0 };
  const t = llrTerms(model, rate, rho);
  const mean = termsMean(t, exposure);
  const variance =
    model === 'poisson'
      ? exposure * rate * t.onEvent ** 2
      : exposure * t.rate * (1 - t.rate) * (t.onEvent - t.onNonEvent) ** 2;
  return { mean, variance };
}

/** Siegmund's approximation of the average run length for increments with mean `mean` and sd `sd`. */
export function siegmundArl(mean: number, sd: number, h: number): number {
  if (sd <= 0) return Infinity;
  const b = h + 1.166 * sd;
  if (Math.abs(mean) < 1e-12) return (b / sd) ** 2;
  const k = (2 * mean * b) / (sd * sd);
  return (Math.exp(-k) + k - 1) / ((2 * mean * mean) / (sd * sd));
}

/** In-control ARL (days) of an LLR CUSUM with mean daily increment `mean` (< 0) and threshold h. */
export function llrArl(mean: number, h: number): number {
  if (mean >= 0) return Infinity;
  return (Math.expm1(h) - h) / -mean;
}

/** The threshold h of an LLR CUSUM whose in-control ARL is `arl0` days. */
export function llrThresholdForArl(mean: number, arl0: number): number {
  if (mean >= 0) return Infinity;
  let lo = 0;
  let hi = 1;
  while (llrArl(mean, hi) < arl0 && hi < 1e3) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (llrArl(mean, mid) < arl0) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The threshold h at which the normal-approximation ARL equals `arl0` (bisection; ARL grows with h). */
export function thresholdForArl(mean: number, sd: number, arl0: number): number {
  if (sd <= 0 || mean >= 0) return Infinity;
  let lo = 0;
  let hi = 1;
  while (siegmundArl(mean, sd, hi) < arl0 && hi < 1e4) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (siegmundArl(mean, sd, mid) < arl0) lo = mid;
    else hi = mid;
  }
  return hi;
}

export interface CusumDay {
  day: DayNumber;
  increment: number;
}

export interface CusumResult {
  /** S on the last day. */
  value: number;
  /** First day of the current excursion (the day after S was last 0); the change-point estimate. */
  runStartDay: DayNumber | null;
  /** First day of the current excursion on which S reached h (null if it has not). */
  overSinceDay: DayNumber | null;
  /** Largest S in the series. */
  max: number;
}

/** Runs the chart over days in ascending order. Days absent from the list (absences) pause it. */
export function runCusum(days: readonly CusumDay[], h: number): CusumResult {
  let s = 0;
  let max = 0;
  let runStartDay: DayNumber | null = null;
  let overSinceDay: DayNumber | null = null;
  for (const d of days) {
    const next = Math.max(0, s + d.increment);
    if (next === 0) {
      runStartDay = null;
      overSinceDay = null;
    } else if (s === 0) {
      runStartDay = d.day;
      overSinceDay = null;
    }
    s = next;
    if (s >= h && overSinceDay === null) overSinceDay = d.day;
    if (s < h) overSinceDay = null;
    if (s > max) max = s;
  }
  return { value: s, runStartDay, overSinceDay, max };
}
