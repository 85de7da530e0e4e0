import type { LoadedDictionary } from '@caseload/shared';
import { alertingDimensionIds } from '../src/analytics/drift.ts';
import { trackShapeFor } from '../src/analytics/measures.ts';
import { runClusterEval } from './cluster-eval.ts';
import { DRIFT_DIMENSIONS, generateCounty, type EvalDimension } from './county.ts';
import { prepareOracle, runNaive, runOracle, runOurs, type DimensionMeta, type Episode } from './detectors.ts';
import { scoreDrift, type DriftScores, type Scores } from './score.ts';

export interface EvalOptions {
  units: number;
  weeks: number;
  seed: number;
  dictionary: LoadedDictionary;
  onset?: [number, number];
  /** Skip the cluster scan (drift-only sweeps); clusters then score as empty. */
  skipClusters?: boolean;
}

export interface EvalResult {
  drift: {
    ours: Scores & { recall50: number; recallContact30: number; recall18: number; delayRatio18: number | null };
    naive: Scores;
    oracle: Scores & { arl0Days: number };
  };
  clusters: { ours: Scores };
  detail: {
    units: number;
    workers: number;
    weeks: number;
    alertingTestsPerUnit: number;
    ours: DriftScores;
    /** Our alert episodes (for breakdowns by dimension, direction and test). */
    oursEpisodes: Episode[];
    naive: DriftScores;
    oracle: DriftScores;
    clusterAlerts: number;
    clusterFalse: number;
    /** False cluster switch-ons counted separately even when the same signal returned within the window. */
    clusterFalseSwitchOns: number;
    seconds: Record<string, number>;
  };
}

const pick = (s: DriftScores): Scores => ({
  recall: s.recall,
  precision: s.precision,
  medianDelayDays: s.medianDelayDays,
  medianDelayEvents: s.medianDelayEvents,
  falseAlarmsPerUnitWeek: s.falseAlarmsPerUnitWeek,
});

/** Generates the county, runs the three drift detectors and the cluster scan, and scores them. */
export function runDetectionEval(opts: EvalOptions): EvalResult {
  const seconds: Record<string, number> = {};
  const timed = <T>(name: string, f: () => T): T => {
    const t0 = performance.now();
    const out = f();
    seconds[name] = (performance.now() - t0) / 1000;
    return out;
  };
  const dict = opts.dictionary;
  const county = timed('generate', () => generateCounty({ ...opts, dictionary: dict }));
  const dims: DimensionMeta[] = dict.drift.dimensions
    .filter((d) => (DRIFT_DIMENSIONS as readonly string[]).includes(d.id))
    .map((d) => ({
      id: d.id as EvalDimension,
      label: d.label,
      measure: d.measure,
      code: d.code,
      alerting: d.alerting,
      ...(trackShapeFor(d.measure, dict.tracks) ? { trackShape: trackShapeFor(d.measure, dict.tracks)! } : {}),
    }));
  const windowDays = dict.windows.longDays;

  const steadyFrom = dict.drift.cusumDays;
  const oursEpisodes = timed('ours', () => runOurs(county, dims, dict, windowDays).episodes);
  const ours = scoreDrift(county, oursEpisodes, steadyFrom);
  const naive = timed('naive', () =>
    scoreDrift(county, runNaive(county, windowDays, dict.drift.minRelDiff).episodes, steadyFrom),
  );
  // The oracle's ARL target is searched (log-bisection) so its false alarms match ours.
  const { oracle, arl0 } = timed('oracle', () => {
    const charts = prepareOracle(county, dict.drift.targetShift);
    const fa = (a: number) => scoreDrift(county, runOracle(charts, a), steadyFrom);
    let lo = Math.log(10);
    let hi = Math.log(1e10);
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (fa(Math.exp(mid)).falseAlarms > ours.falseAlarms) lo = mid;
      else hi = mid;
    }
    return { oracle: fa(Math.exp(hi)), arl0: Math.exp(hi) };
  });
  const clusters = timed('clusters', () =>
    opts.skipClusters
      ? {
          recall: 0,
          precision: 1,
          medianDelayDays: null,
          medianDelayEvents: null,
          falseAlarmsPerUnitWeek: 0,
          alerts: 0,
          falseAlarms: 0,
          falseSwitchOns: 0,
        }
      : runClusterEval(county, dict),
  );
  const workers = county.units.reduce((s, u) => s + u.workers.length, 0);
  const o18 = ours.byKind.risk18.medianDelayEvents;
  const x18 = oracle.byKind.risk18.medianDelayEvents;
  const rate = (k: keyof DriftScores['byKind']) =>
    ours.byKind[k].drifts ? ours.byKind[k].detected / ours.byKind[k].drifts : 0;
  return {
    drift: {
      ours: {
        ...pick(ours),
        recall50: rate('risk50'),
        recallContact30: rate('contact30'),
        recall18: rate('risk18'),
        delayRatio18: o18 !== null && x18 ? o18 / x18 : null,
      },
      naive: pick(naive),
      oracle: { ...pick(oracle), arl0Days: Math.round(arl0) },
    },
    clusters: {
      ours: {
        recall: clusters.recall,
        precision: clusters.precision,
        medianDelayDays: clusters.medianDelayDays,
        medianDelayEvents: clusters.medianDelayEvents,
        falseAlarmsPerUnitWeek: clusters.falseAlarmsPerUnitWeek,
      },
    },
    detail: {
      units: county.units.length,
      workers,
      weeks: opts.weeks,
      alertingTestsPerUnit: (workers / county.units.length) * alertingDimensionIds(dict.drift).size,
      ours,
      oursEpisodes,
      naive,
      oracle,
      clusterAlerts: clusters.alerts,
      clusterFalse: clusters.falseAlarms,
      clusterFalseSwitchOns: clusters.falseSwitchOns,
      seconds,
    },
  };
}
