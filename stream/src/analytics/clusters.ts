import type { DictionaryData } from '@caseload/shared';
import { explainCluster } from './explain.ts';
import { poissonSf } from './stats.ts';
import type { ClusterFinding, ClusterInput, FlagEvent } from './types.ts';

/**
 * Prospective temporal scan for risk-signal clusters (in the spirit of Kulldorff's prospective
 * space-time scan, time only). For one code on one scope (a worker's caseload or a whole unit) the
 * windows end at "now" and reach back 1/12, 1/6, 1/3, 2/3 and all of `clusters.maxWindowHours`
 * (6, 12, 24, 48, 72 h by default). In each window the distinct cases flagged are compared with the
 * count the panel's rate predicts for the scope's exposure in the window (the notes written in it, when
 * `exposure` is given; else an hourly average); the window with the smallest
 * Poisson tail P(X ≥ cases) is the candidate, and it is a cluster when that tail is under α and it holds
 * at least `clusters.minCases` cases.
 *
 * α comes from the target recurrence of false clusters (`clusters.falseClustersPerUnitYear`, default 1
 * per unit-year). A unit runs (workers + 1) scopes × codes scans, each continuously over a year. A scan
 * looks back one longest window, and a false cluster stays in view for about that long, so a year holds
 * 8760 / maxWindowHours independent looks, each testing the ladder's 5 windows. The tests per unit-year
 * are T = (workers + 1) × codes × (8760 / maxWindowHours) × 5, and α = target / T (a Bonferroni split;
 * conservative, since the nested windows of one look are strongly dependent and counts are discrete).
 * With 10 workers, 13 codes and 72 h: T = 11 × 13 × 121.7 × 5 ≈ 87,000 and α ≈ 1.15e-5. Counting every
 * hourly placement of every window instead (Σ_w 8760/w) would give α ≈ 2.4e-6, which the evaluation
 * found ~20 times stricter than needed. Tails between α and 1000α with enough cases show as `watch`.
 */

export type ClusterSettings = DictionaryData['clusters'];
export interface ClusterDictionary {
  clusters: ClusterSettings;
}

const HOUR_MS = 3_600_000;
const LADDER = [1 / 12, 1 / 6, 1 / 3, 2 / 3, 1];

export function windowLadder(maxWindowHours: number): number[] {
  return LADDER.map((f) => f * maxWindowHours);
}

/** Scans per unit-year (see above). */
export function testsPerUnitYear(workers: number, codes: number, maxWindowHours: number): number {
  return (workers + 1) * codes * (8760 / maxWindowHours) * LADDER.length;
}

/** The per-scan significance level that yields the dictionary's false clusters per unit-year. */
export function clusterAlpha(settings: ClusterSettings, workers: number, codes: number): number {
  return settings.falseClustersPerUnitYear / testsPerUnitYear(workers, codes, settings.maxWindowHours);
}

/**
 * Expected flagged cases per hour for a scope: Σ over strata of the scope's exposure (notes) in the
 * baseline period × the panel's rate per note in that stratum, spread over the period's hours.
 */
export function expectedPerHour(exposure: Map<string, number>, panelRate: Map<string, number>, hours: number): number {
  if (hours <= 0) return 0;
  let e = 0;
  for (const [stratum, n] of exposure) e += n * (panelRate.get(stratum) ?? 0);
  return e / hours;
}

export interface ScanOptions {
  alpha: number;
  codeLabel?: string;
  /** How the explanation names the scope ("Avery's caseload", "the unit"). */
  scopeLabel?: string;
}

/** The strongest window of one scope × code, or null when none holds enough cases or is unusual. */
export function scanClusters(
  input: ClusterInput,
  dictionary: ClusterDictionary,
  opts: ScanOptions,
): ClusterFinding | null {
  const s = dictionary.clusters;
  const longest = s.maxWindowHours * HOUR_MS;
  const recent = input.flags.filter((f) => f.t <= input.nowMs && f.t > input.nowMs - longest);
  if (new Set(recent.map((f) => f.caseId)).size < s.minCases) return null;
  let best: { w: number; cases: number; expected: number; p: number; flags: FlagEvent[] } | null = null;
  for (const w of windowLadder(s.maxWindowHours)) {
    const from = input.nowMs - w * HOUR_MS;
    const inWindow = recent.filter((f) => f.t > from);
    const cases = new Set(inWindow.map((f) => f.caseId)).size;
    if (cases < s.minCases) continue;
    const expected = input.exposure
      ? input.exposure.reduce((sum, e) => (e.t > from && e.t <= input.nowMs ? sum + e.expected : sum), 0)
      : input.expectedPerHour * w;
    const p = poissonSf(cases, expected);
    if (!best || p < best.p) best = { w, cases, expected, p, flags: inWindow };
  }
  if (!best) return null;
  const severity = best.p < opts.alpha ? 'alert' : best.p < opts.alpha * 1000 ? 'watch' : null;
  if (!severity) return null;
  const sinceMs = Math.min(...best.flags.map((f) => f.t));
  return {
    unitId: input.unitId,
    ...(input.workerId !== undefined ? { workerId: input.workerId } : {}),
    code: input.code,
    cases: best.cases,
    expected: best.expected,
    windowHours: best.w,
    pValue: best.p,
    severity,
    sinceMs,
    explanation: explainCluster({
      scope: opts.scopeLabel ?? (input.workerId ? 'one caseload' : 'the unit'),
      codeLabel: opts.codeLabel ?? input.code.replace(/_/g, ' '),
      cases: best.cases,
      expected: best.expected,
      windowHours: best.w,
    }),
    evidence: [...best.flags].sort((a, b) => b.t - a.t).map((f) => f.evidence),
  };
}
