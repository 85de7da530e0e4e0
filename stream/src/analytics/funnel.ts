import type { RateModel } from './measures.ts';
import {
  binomialCdf,
  binomialQuantile,
  binomialSf,
  chiSquareSf,
  normalCdf,
  normalQuantile,
  poissonCdf,
  poissonQuantile,
  poissonSf,
} from './stats.ts';

/**
 * Funnel-plot control limits (Spiegelhalter 2005, "Funnel plots for comparing institutional
 * performance"). For a target rate θ and a volume n, the exact p-limit of the count is the p-quantile
 * r of Binomial(n, θ) or Poisson(nθ), interpolated to a continuous value r − α with
 * α = (F(r) − p) / (F(r) − F(r − 1)), then divided by n to give a rate. Limits widen at low volume.
 *
 * Over-dispersion: we use the multiplicative φ of the paper (§4.2), not the additive τ² of
 * DerSimonian–Laird. A unit holds 5–20 workers, too few to estimate a between-worker variance
 * component well, and φ keeps the limits' funnel shape. φ is the mean of the squared standardised
 * Pearson residuals z = (O − E)/√V after winsorising z at the 10th and 90th percentiles (so a drifting
 * worker does not widen the limits that should catch them); it is applied only when it exceeds 1 and
 * Iφ is significant against χ²(I − 1) at 5%. The limits then sit √φ times farther from the target.
 */

export interface Limits {
  lower: number;
  upper: number;
}

function cdfFor(model: RateModel, rate: number, volume: number): (k: number) => number {
  return model === 'poisson' ? (k) => poissonCdf(k, rate * volume) : (k) => binomialCdf(k, volume, rate);
}

/** The continuous (interpolated) p-quantile of the count. */
function interpolatedQuantile(model: RateModel, rate: number, volume: number, p: number): number {
  const r = model === 'poisson' ? poissonQuantile(p, rate * volume) : binomialQuantile(p, volume, Math.min(rate, 1));
  const cdf = cdfFor(model, rate, volume);
  const fr = cdf(r);
  const below = cdf(r - 1);
  const alpha = fr > below ? (fr - p) / (fr - below) : 0;
  return Math.max(0, r - alpha);
}

/** Exact limits on the rate for a two-sided coverage (0.95, 0.998), optionally widened by φ. */
export function funnelLimits(model: RateModel, targetRate: number, volume: number, coverage: number, phi = 1): Limits {
  if (volume <= 0 || targetRate <= 0) return { lower: 0, upper: Infinity };
  const tail = (1 - coverage) / 2;
  let lower = interpolatedQuantile(model, targetRate, volume, tail) / volume;
  let upper = interpolatedQuantile(model, targetRate, volume, 1 - tail) / volume;
  if (phi > 1) {
    const s = Math.sqrt(phi);
    lower = Math.max(0, targetRate - s * (targetRate - lower));
    upper = targetRate + s * (upper - targetRate);
  }
  return { lower, upper };
}

function variance(model: RateModel, expected: number, volume: number): number {
  if (model === 'poisson') return expected;
  const p = volume > 0 ? expected / volume : 0;
  return volume * p * (1 - p);
}

/** Standardised Pearson residual of one worker. */
export function pearsonZ(model: RateModel, observed: number, expected: number, volume: number): number {
  const v = variance(model, expected, volume);
  return v > 0 ? (observed - expected) / Math.sqrt(v) : 0;
}

export interface PanelMember {
  observed: number;
  expected: number;
  volume: number;
}

/** Multiplicative over-dispersion φ from the panel (≥ 1; exactly 1 when not significant). */
export function overdispersion(model: RateModel, members: readonly PanelMember[]): number {
  const zs = members.filter((m) => m.expected > 0).map((m) => pearsonZ(model, m.observed, m.expected, m.volume));
  const n = zs.length;
  if (n < 3) return 1;
  const sorted = [...zs].sort((a, b) => a - b);
  const lo = sorted[Math.floor(0.1 * (n - 1))]!;
  const hi = sorted[Math.ceil(0.9 * (n - 1))]!;
  const phi = zs.reduce((s, z) => s + Math.min(hi, Math.max(lo, z)) ** 2, 0) / n;
  if (phi <= 1 || chiSquareSf(n * phi, n - 1) > 0.05) return 1;
  return phi;
}

export type FunnelLevel = 'none' | 'watch' | 'alert';

export interface FunnelTest {
  level: FunnelLevel;
  direction: 'up' | 'down';
  /** Two-sided p-value of the observed count (exact; normal on z/√φ when φ > 1). */
  pValue: number;
}

export function funnelTest(
  model: RateModel,
  observed: number,
  expected: number,
  volume: number,
  coverage: { watch: number; alert: number },
  phi = 1,
): FunnelTest {
  const target = volume > 0 ? expected / volume : 0;
  const rate = volume > 0 ? observed / volume : 0;
  const direction = observed >= expected ? 'up' : 'down';
  let pValue: number;
  if (phi > 1) {
    const z = pearsonZ(model, observed, expected, volume) / Math.sqrt(phi);
    pValue = 2 * normalCdf(-Math.abs(z));
  } else if (model === 'poisson') {
    pValue = 2 * Math.min(poissonSf(observed, expected), poissonCdf(observed, expected));
  } else {
    pValue = 2 * Math.min(binomialSf(observed, volume, target), binomialCdf(observed, volume, target));
  }
  pValue = Math.min(1, pValue);
  // The limits agree with the p-value up to the interpolation of discrete quantiles, so a p-value well
  // inside the watch coverage needs no limits (they are the costly part, and most tests land here).
  if (pValue > 2 * (1 - coverage.watch)) return { level: 'none', direction, pValue };
  const outside = (l: Limits) => rate > l.upper || rate < l.lower;
  const level: FunnelLevel = outside(funnelLimits(model, target, volume, coverage.alert, phi))
    ? 'alert'
    : outside(funnelLimits(model, target, volume, coverage.watch, phi))
      ? 'watch'
      : 'none';
  return { level, direction, pValue };
}

export interface FunnelCurvePoint {
  volume: number;
  watch: Limits;
  alert: Limits;
}

/**
 * The funnel's outline for the wallboard's plot: limits around `targetRate` at `points` volumes spaced
 * geometrically from 1 to `maxVolume` (the funnel narrows fast at low volume).
 */
export function funnelCurve(
  model: RateModel,
  targetRate: number,
  maxVolume: number,
  coverage: { watch: number; alert: number },
  phi = 1,
  points = 32,
): FunnelCurvePoint[] {
  if (maxVolume <= 0 || targetRate <= 0) return [];
  const out: FunnelCurvePoint[] = [];
  const start = Math.min(1, maxVolume);
  for (let i = 0; i < points; i++) {
    const volume = start * Math.pow(maxVolume / start, points === 1 ? 1 : i / (points - 1));
    out.push({
      volume,
      watch: funnelLimits(model, targetRate, volume, coverage.watch, phi),
      alert: funnelLimits(model, targetRate, volume, coverage.alert, phi),
    });
  }
  return out;
}

/** The z of a two-sided coverage, e.g. 1.96 for 0.95 — for callers that draw approximate limits. */
export function coverageZ(coverage: number): number {
  return normalQuantile(1 - (1 - coverage) / 2);
}
