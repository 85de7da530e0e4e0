import { detectUnitDrift, type DriftDictionary } from '../src/analytics/drift.ts';
import { incrementMoments, llrIncrement, llrThresholdForArl } from '../src/analytics/cusum.ts';
import { chartModelFor, trialsPerExposure } from '../src/analytics/measures.ts';
import type { DailyCell, DriftInput } from '../src/analytics/types.ts';
import { DRIFT_DIMENSIONS, DRIFT_FACTOR, type County, type EvalDimension, type SimUnit } from './county.ts';

/**
 * The three drift detectors compared on the same county. Each returns alert episodes: a worker ×
 * dimension × direction that alerts on a day after not alerting the day before.
 */

export interface Episode {
  unitId: string;
  workerId: string;
  dimension: EvalDimension;
  direction: 'up' | 'down';
  /** Day offset from the start of the run. */
  day: number;
  /** Which of our tests raised it (ours only; for the breakdown). */
  test?: string;
}

export interface DimensionMeta {
  id: EvalDimension;
  label: string;
  measure: string;
  code?: string;
  alerting: boolean;
  trackShape?: Record<string, number>;
}

/**
 * Gap (days) after which an alert on the same worker × dimension × direction counts as a new episode;
 * shorter gaps are the same signal flickering (it keeps its id on the wallboard). Same for all three.
 */
export const EPISODE_GAP_DAYS = 7;

/** Reports the keys that switch on after being off for more than EPISODE_GAP_DAYS. */
export class EpisodeTracker {
  private lastOn = new Map<string, number>();
  readonly episodes: Episode[] = [];
  day(d: number, on: { key: string; e: Omit<Episode, 'day'> }[]) {
    for (const x of on) {
      const last = this.lastOn.get(x.key);
      if (last === undefined || d - last > EPISODE_GAP_DAYS) this.episodes.push({ ...x.e, day: d });
      this.lastOn.set(x.key, d);
    }
  }
}

/** Index of the first cell after `day` (cells are sorted by day). */
function cellsEnd(cells: readonly DailyCell[], day: number): number {
  let lo = 0;
  let hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cells[mid]!.day <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The inputs the processor would build today: each worker's cells of the retained history. */
function driftInputs(
  unit: SimUnit,
  dims: readonly DimensionMeta[],
  today: number,
  windowDays: number,
  historyDays: number,
): DriftInput[] {
  return dims.map((dim) => ({
    unitId: unit.unitId,
    dimension: dim,
    workers: unit.workers.map((w) => {
      const cells = w.cells[dim.id];
      return {
        workerId: w.workerId,
        displayName: w.displayName,
        absentDays: w.absentDays,
        cells: cells.slice(cellsEnd(cells, today - historyDays), cellsEnd(cells, today)),
        evidence: [],
      };
    }),
    today,
    windowDays,
  }));
}

/** Our detector, evaluated once a day per unit exactly as the processor calls it. */
export function runOurs(
  county: County,
  dims: readonly DimensionMeta[],
  dictionary: DriftDictionary,
  windowDays: number,
) {
  const episodes: Episode[] = [];
  let findings = 0;
  for (const unit of county.units) {
    const tracker = new EpisodeTracker();
    for (let d = 0; d < county.days; d++) {
      const found = detectUnitDrift(
        driftInputs(unit, dims, county.startDay + d, windowDays, dictionary.drift.cusumDays),
        dictionary,
      );
      findings += found.length;
      tracker.day(
        d,
        found
          .filter((f) => f.severity === 'alert')
          .map((f) => {
            const direction = f.relDiff >= 0 ? ('up' as const) : ('down' as const);
            return {
              key: `${f.workerId}|${f.dimension}|${direction}`,
              e: {
                unitId: unit.unitId,
                workerId: f.workerId,
                dimension: f.dimension as EvalDimension,
                direction,
                test: f.test,
              },
            };
          }),
      );
    }
    episodes.push(...tracker.episodes);
  }
  return { episodes, findings };
}

/** The field's habit: any worker whose crude 28-day rate is ±15% from the unit's, checked daily. */
export function runNaive(county: County, windowDays: number, gap = 0.15) {
  const episodes: Episode[] = [];
  for (const unit of county.units) {
    const tracker = new EpisodeTracker();
    // Daily totals per worker × dimension, for sliding sums.
    const daily = unit.workers.map((w) =>
      Object.fromEntries(
        DRIFT_DIMENSIONS.map((dim) => {
          const ev = new Float64Array(county.days);
          const ex = new Float64Array(county.days);
          for (const c of w.cells[dim]) {
            ev[c.day - county.startDay]! += c.events;
            ex[c.day - county.startDay]! += c.exposure;
          }
          return [dim, { ev, ex }];
        }),
      ),
    );
    for (let d = 0; d < county.days; d++) {
      const on: { key: string; e: Omit<Episode, 'day'> }[] = [];
      for (const dim of DRIFT_DIMENSIONS) {
        const sums = unit.workers.map((_, i) => {
          let ev = 0;
          let ex = 0;
          for (let k = Math.max(0, d - windowDays + 1); k <= d; k++) {
            ev += daily[i]![dim]!.ev[k]!;
            ex += daily[i]![dim]!.ex[k]!;
          }
          return { ev, ex };
        });
        const totEv = sums.reduce((s, x) => s + x.ev, 0);
        const totEx = sums.reduce((s, x) => s + x.ex, 0);
        if (totEx <= 0 || totEv <= 0) continue;
        const unitRate = totEv / totEx;
        unit.workers.forEach((w, i) => {
          if (w.absentDays.includes(county.startDay + d)) return;
          const s = sums[i]!;
          if (s.ex <= 0) return;
          const rel = s.ev / s.ex / unitRate - 1;
          if (Math.abs(rel) < gap) return;
          const direction = rel > 0 ? ('up' as const) : ('down' as const);
          on.push({
            key: `${w.workerId}|${dim}|${direction}`,
            e: { unitId: unit.unitId, workerId: w.workerId, dimension: dim, direction },
          });
        });
      }
      tracker.day(d, on);
    }
    episodes.push(...tracker.episodes);
  }
  return { episodes };
}

interface OracleChart {
  unitId: string;
  workerId: string;
  dimension: EvalDimension;
  direction: 'up' | 'down';
  increments: Float64Array;
  mean: number;
  sd: number;
}

/**
 * The yardstick: a CUSUM per worker × dimension × direction that knows the true in-control rate of
 * every stratum and the true shift of the drifted worker (others are tuned to the target shift), run
 * over the whole series with a restart after each alarm. Its ARL target is then searched so that its
 * false alarms per unit-week match ours.
 */
export function prepareOracle(county: County, targetShift: number): OracleChart[] {
  const charts: OracleChart[] = [];
  const driftOf = new Map(county.drifts.map((d) => [d.workerId, d]));
  for (const unit of county.units) {
    for (const w of unit.workers) {
      const drift = driftOf.get(w.workerId);
      for (const dim of DRIFT_DIMENSIONS) {
        // The same likelihood as ours (contacts as Bernoulli trials per case-day: the simulator's truth).
        const measure = dim === 'risk_rate' ? 'risk_rate' : dim === 'contacts_per_case_week' ? dim : 'code_rate';
        const model = chartModelFor(measure);
        const k = trialsPerExposure(measure);
        for (const direction of ['up', 'down'] as const) {
          let rho = direction === 'up' ? 1 + targetShift : 1 - targetShift;
          if (drift && affects(drift.kind, dim, direction)) rho = DRIFT_FACTOR[drift.kind];
          const increments = new Float64Array(county.days);
          let mean = 0;
          let variance = 0;
          const activeDays = new Set<number>();
          for (const c of w.cells[dim]) {
            const rate = county.trueRate(dim, c.stratum);
            increments[c.day - county.startDay]! += llrIncrement(model, c.events, c.exposure * k, rate / k, rho);
            const m = incrementMoments(model, c.exposure * k, rate / k, rho);
            mean += m.mean;
            variance += m.variance;
            activeDays.add(c.day);
          }
          const n = Math.max(1, activeDays.size);
          charts.push({
            unitId: unit.unitId,
            workerId: w.workerId,
            dimension: dim,
            direction,
            increments,
            mean: mean / n,
            sd: Math.sqrt(variance / n),
          });
        }
      }
    }
  }
  return charts;
}

export function runOracle(charts: readonly OracleChart[], arl0: number): Episode[] {
  const episodes: Episode[] = [];
  for (const c of charts) {
    const h = llrThresholdForArl(c.mean, arl0);
    const tracker = new EpisodeTracker();
    let s = 0;
    for (let d = 0; d < c.increments.length; d++) {
      s = Math.max(0, s + c.increments[d]!);
      if (s >= h) {
        tracker.day(d, [
          { key: 'x', e: { unitId: c.unitId, workerId: c.workerId, dimension: c.dimension, direction: c.direction } },
        ]);
        s = 0;
      }
    }
    episodes.push(...tracker.episodes);
  }
  return episodes;
}

/** Which dimensions and direction a drift moves. */
export function affects(kind: keyof typeof DRIFT_FACTOR, dim: EvalDimension, direction: 'up' | 'down'): boolean {
  if (kind === 'contact30') return dim === 'contacts_per_case_week' && direction === 'down';
  return direction === 'up' && dim !== 'contacts_per_case_week' && dim !== 'late_doc_rate';
}
