import type { DriftDictionary } from './drift.ts';
import { funnelCurve, funnelTest, overdispersion, type FunnelCurvePoint } from './funnel.ts';
import { modelFor } from './measures.ts';
import {
  addInto,
  indirectlyStandardise,
  subtract,
  sumTotals,
  totalsByStratum,
  type StratumTotals,
} from './standardise.ts';
import type { DriftInput } from './types.ts';

/**
 * The wallboard's funnel plot for one dimension of a unit: each present worker at their volume
 * (exposure in the long window) and their case-mix-standardised rate (panel rate × observed / expected),
 * inside the 95% and 99.8% limits around the unit's rate, widened by the panel's φ.
 */

export interface FunnelPlotPoint {
  workerId: string;
  displayName: string;
  volume: number;
  observed: number;
  expected: number;
  /** Indirectly standardised rate: the unit's rate × observed / expected. */
  rate: number;
  flagged: boolean;
}

export interface FunnelPlot {
  dimension: string;
  panelRate: number;
  phi: number;
  points: FunnelPlotPoint[];
  curve: FunnelCurvePoint[];
}

export function funnelPlot(input: DriftInput, dictionary: DriftDictionary, curvePoints = 32): FunnelPlot {
  const s = dictionary.drift;
  const model = modelFor(input.dimension.measure);
  const coverage = { watch: s.funnelWatch, alert: s.funnelAlert };
  const present = input.workers.filter((w) => !w.absentDays.includes(input.today));
  const windows = present.map((w) =>
    totalsByStratum(w.cells, {
      fromDay: input.today - input.windowDays + 1,
      toDay: input.today,
      skipDays: new Set(w.absentDays),
      track: input.track,
    }),
  );
  const unit: StratumTotals = new Map();
  for (const t of windows) addInto(unit, t);
  const all = sumTotals(unit);
  const panelRate = all.exposure > 0 ? all.events / all.exposure : 0;
  const std = windows.map((t) => indirectlyStandardise(t, subtract(unit, t), input.dimension.trackShape));
  const phi = overdispersion(
    model,
    std.map((x) => ({ observed: x.observed, expected: x.expected, volume: x.exposure })),
  );
  const points = present.map((w, i): FunnelPlotPoint => {
    const x = std[i]!;
    const test = funnelTest(model, x.observed, x.expected, x.exposure, coverage, phi);
    const rel = x.expected > 0 ? (x.observed - x.expected) / x.expected : 0;
    return {
      workerId: w.workerId,
      displayName: w.displayName,
      volume: x.exposure,
      observed: x.observed,
      expected: x.expected,
      rate: x.expected > 0 ? (panelRate * x.observed) / x.expected : 0,
      flagged: test.level !== 'none' && Math.abs(rel) >= s.minRelDiff && x.expected >= s.minExpected,
    };
  });
  const maxVolume = Math.max(0, ...points.map((p) => p.volume));
  return {
    dimension: input.dimension.id,
    panelRate,
    phi,
    points,
    curve: funnelCurve(model, panelRate, maxVolume * 1.1, coverage, phi, curvePoints),
  };
}
