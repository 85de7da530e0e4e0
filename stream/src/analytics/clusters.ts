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
 * `exposure` is given; else an hourly average); a window is a cluster when its Poisson tail
 * P(X ≥ cases) is under that window's α and it holds at least `clusters.minCases` cases. The reported
 * window is the one most significant against its own α.
 *
 * α comes from the target recurrence of false clusters (`clusters.falseClustersPerUnitYear`, default 1
 * per unit-year), split by weighted Bonferroni over every test a unit runs in a year:
 *  - between the unit's own scans and its caseloads' scans: `clusters.unitScopeShare` (default ½) of the
 *    budget goes to the unit scope, the rest is shared by the workers' caseloads (a cluster spread over
 *    several caseloads shows only at the unit scope, and it is one scope against many);
 *  - evenly over the ladder's windows, and within a window over its independent placements in a year
 *    (8760 / w for a w-hour window) and the codes.
 * So α(scope, w) = budget × share(scope) / (scopes sharing it × codes × windows × 8760 / w). Short windows
 * have many more placements, so they need stronger evidence: the evaluation found the old split (the same
 * α for every window, as if a year held only 8760 / 72 looks) let short unit windows raise most false
 * clusters while the 48 h unit windows of spread clusters fell just short.
 * Tails between α and 1000α with enough cases show as `watch`.
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

/** Independent tests a year of one scope × code on one window of `w` hours. */
function placementsPerYear(w: number): number {
  return 8760 / w;
}

/**
 * The per-test significance level of a window of `windowHours` on one scope (the unit when `unitScope`),
 * for a unit of `workers` caseloads scanning `codes` codes (see the header).
 */
export function clusterAlpha(
  settings: ClusterSettings,
  workers: number,
  codes: number,
  windowHours = settings.maxWindowHours,
  unitScope = false,
): number {
  const share = settings.unitScopeShare;
  const scopeBudget = unitScope ? share : (1 - share) / Math.max(1, workers);
  return (
    (settings.falseClustersPerUnitYear * scopeBudget) /
    (Math.max(1, codes) * LADDER.length * placementsPerYear(windowHours))
  );
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

/**
 * Weight (in notes) of the dictionary's base rate in a panel's rate of one code in one track: the rate is
 * (flags + PRIOR_NOTES × base) / (notes + PRIOR_NOTES). About four days of a ten-worker unit's notes: in the
 * first days of a unit, or for an off-track case, the panel has seen too few notes to say a code is rare
 * (0 flags in 20 notes is not a rate of 0, against which any 3 cases would be a "cluster").
 */
export const PRIOR_NOTES = 100;
/** The floor of a base rate, so a code the dictionary puts at 0 in a track still has an expectation. */
export const MIN_BASE_RATE = 0.001;

/** The panel's rate per note of one code by track, shrunk toward the dictionary's base rates. */
export function panelCodeRates(
  notesByTrack: ReadonlyMap<string, number>,
  flagsByTrack: ReadonlyMap<string, number>,
  baseRate: (track: string) => number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [track, notes] of notesByTrack) {
    const base = Math.max(MIN_BASE_RATE, baseRate(track));
    out.set(track, ((flagsByTrack.get(track) ?? 0) + PRIOR_NOTES * base) / (Math.max(0, notes) + PRIOR_NOTES));
  }
  return out;
}

export interface ScanOptions {
  /** One α for every window (tests and simple callers)… */
  alpha: number;
  /** …or α per window length and scope (see clusterAlpha), which takes precedence. */
  alphaFor?: (windowHours: number, unitScope: boolean) => number;
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
  const unitScope = input.workerId === undefined;
  let best: { w: number; cases: number; expected: number; p: number; alpha: number; flags: FlagEvent[] } | null = null;
  for (const w of windowLadder(s.maxWindowHours)) {
    const from = input.nowMs - w * HOUR_MS;
    const inWindow = recent.filter((f) => f.t > from);
    const cases = new Set(inWindow.map((f) => f.caseId)).size;
    if (cases < s.minCases) continue;
    const expected = input.exposure
      ? input.exposure.reduce((sum, e) => (e.t > from && e.t <= input.nowMs ? sum + e.expected : sum), 0)
      : input.expectedPerHour * w;
    const p = poissonSf(cases, expected);
    const alpha = opts.alphaFor ? opts.alphaFor(w, unitScope) : opts.alpha;
    if (!best || p / alpha < best.p / best.alpha) best = { w, cases, expected, p, alpha, flags: inWindow };
  }
  if (!best) return null;
  const severity = best.p < best.alpha ? 'alert' : best.p < best.alpha * 1000 ? 'watch' : null;
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
