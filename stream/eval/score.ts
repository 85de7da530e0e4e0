import type { County, DriftKind, InjectedDrift } from './county.ts';
import { affects, type Episode } from './detectors.ts';

export interface Scores {
  recall: number;
  precision: number;
  medianDelayDays: number | null;
  medianDelayEvents: number | null;
  falseAlarmsPerUnitWeek: number;
}

export interface DriftScores extends Scores {
  byKind: Record<
    DriftKind,
    { drifts: number; detected: number; medianDelayDays: number | null; medianDelayEvents: number | null }
  >;
  falseAlarms: number;
  alerts: number;
  /** False alarms per unit-week once the charts' look-back is full (the last weeks of the run). */
  falseAlarmsPerUnitWeekSteady: number | null;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The events a drift's delay is counted in: the worker's risk flags, or their contacts. */
function eventsBetween(county: County, drift: InjectedDrift, from: number, to: number): number {
  const w = county.units.find((u) => u.unitId === drift.unitId)!.workers.find((x) => x.workerId === drift.workerId)!;
  const series = drift.kind === 'contact30' ? w.contactsByDay : w.riskFlagsByDay;
  let n = 0;
  for (let d = from; d <= to; d++) n += series[d] ?? 0;
  return n;
}

/**
 * An episode is true when its worker carries a drift that moves its dimension in its direction and it
 * starts on or after the onset; a drift is found by its first true episode.
 */
export function scoreDrift(county: County, episodes: readonly Episode[], steadyFrom = 84): DriftScores {
  const byWorker = new Map(county.drifts.map((d) => [d.workerId, d]));
  const firstHit = new Map<InjectedDrift, number>();
  let falseAlarms = 0;
  let steadyFalse = 0;
  for (const e of episodes) {
    const drift = byWorker.get(e.workerId);
    if (drift && e.day >= drift.onset && affects(drift.kind, e.dimension, e.direction)) {
      const prev = firstHit.get(drift);
      if (prev === undefined || e.day < prev) firstHit.set(drift, e.day);
    } else {
      falseAlarms++;
      if (e.day >= steadyFrom) steadyFalse++;
    }
  }
  const kinds: DriftKind[] = ['risk18', 'risk50', 'contact30'];
  const byKind = Object.fromEntries(
    kinds.map((k) => {
      const ds = county.drifts.filter((d) => d.kind === k);
      const hits = ds.filter((d) => firstHit.has(d));
      return [
        k,
        {
          drifts: ds.length,
          detected: hits.length,
          medianDelayDays: median(hits.map((d) => firstHit.get(d)! - d.onset)),
          medianDelayEvents: median(hits.map((d) => eventsBetween(county, d, d.onset, firstHit.get(d)!))),
        },
      ];
    }),
  ) as DriftScores['byKind'];
  const hits = [...firstHit.entries()];
  const unitWeeks = county.units.length * (county.days / 7);
  return {
    recall: county.drifts.length ? firstHit.size / county.drifts.length : 0,
    precision: episodes.length ? (episodes.length - falseAlarms) / episodes.length : 1,
    medianDelayDays: median(hits.map(([d, day]) => day - d.onset)),
    medianDelayEvents: median(hits.map(([d, day]) => eventsBetween(county, d, d.onset, day))),
    falseAlarmsPerUnitWeek: falseAlarms / unitWeeks,
    byKind,
    falseAlarms,
    alerts: episodes.length,
    falseAlarmsPerUnitWeekSteady:
      county.days > steadyFrom ? steadyFalse / (county.units.length * ((county.days - steadyFrom) / 7)) : null,
  };
}
