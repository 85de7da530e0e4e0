import type { DailyCell, DayNumber, StratumKey } from './types.ts';

/**
 * Indirect standardisation. The panel (the unit without the worker) gives a rate per stratum
 * (track × complexity band); applied to the worker's own exposure in each stratum it gives the count
 * the worker would show with the panel's practice on their case mix. A worker with the hardest cases
 * is thus compared with how the panel fares on hard cases, not with the panel's average.
 */

export interface Totals {
  events: number;
  exposure: number;
}

export type StratumTotals = Map<StratumKey, Totals>;

export interface CellFilter {
  fromDay: DayNumber;
  toDay: DayNumber;
  /** Days to leave out (the worker's absences). */
  skipDays?: ReadonlySet<DayNumber>;
  /** Only strata of this track (`${track}|band`). */
  track?: string;
}

export function stratumTrack(stratum: StratumKey): string {
  const bar = stratum.indexOf('|');
  return bar < 0 ? stratum : stratum.slice(0, bar);
}

export function cellIncluded(cell: DailyCell, f: CellFilter): boolean {
  if (cell.day < f.fromDay || cell.day > f.toDay) return false;
  if (f.skipDays?.has(cell.day)) return false;
  return f.track === undefined || stratumTrack(cell.stratum) === f.track;
}

/** Sums a worker's cells per stratum over the filter's days. */
export function totalsByStratum(cells: readonly DailyCell[], f: CellFilter): StratumTotals {
  const out: StratumTotals = new Map();
  for (const c of cells) {
    if (!cellIncluded(c, f)) continue;
    const t = out.get(c.stratum);
    if (t) {
      t.events += c.events;
      t.exposure += c.exposure;
    } else out.set(c.stratum, { events: c.events, exposure: c.exposure });
  }
  return out;
}

export function addInto(into: StratumTotals, add: StratumTotals): StratumTotals {
  for (const [k, v] of add) {
    const t = into.get(k);
    if (t) {
      t.events += v.events;
      t.exposure += v.exposure;
    } else into.set(k, { ...v });
  }
  return into;
}

/** The unit's totals less one worker's: the leave-one-out panel. */
export function subtract(unit: StratumTotals, worker: StratumTotals): StratumTotals {
  const out: StratumTotals = new Map();
  for (const [k, v] of unit) {
    const w = worker.get(k);
    out.set(k, { events: v.events - (w?.events ?? 0), exposure: v.exposure - (w?.exposure ?? 0) });
  }
  return out;
}

export function sumTotals(t: StratumTotals): Totals {
  let events = 0;
  let exposure = 0;
  for (const v of t.values()) {
    events += v.events;
    exposure += v.exposure;
  }
  return { events, exposure };
}

/**
 * Weight of the panel's overall rate in each stratum's rate, in events: a stratum's rate is
 * (events + PRIOR_EVENTS) / (exposure + PRIOR_EVENTS / overall), i.e. shrunk toward the overall rate as
 * if it held PRIOR_EVENTS more events at that rate. A stratum the panel saw a handful of times (a new
 * off-track case, the first days of a unit) would otherwise give wild rates — 2 late notes out of 2 is
 * not a 100% late rate.
 */
export const PRIOR_EVENTS = 5;

/** Panel rates per stratum (shrunk as above); a stratum the panel never saw takes the overall rate. */
export function panelRates(
  panel: StratumTotals,
  priorEvents = PRIOR_EVENTS,
): { byStratum: Map<StratumKey, number>; overall: number } {
  const all = sumTotals(panel);
  const overall = all.exposure > 0 ? all.events / all.exposure : 0;
  const byStratum = new Map<StratumKey, number>();
  if (overall <= 0) return { byStratum, overall };
  const priorExposure = priorEvents / overall;
  for (const [k, v] of panel) {
    if (v.exposure > 0) byStratum.set(k, (v.events + priorEvents) / (v.exposure + priorExposure));
  }
  return { byStratum, overall };
}

export function rateFor(rates: { byStratum: Map<StratumKey, number>; overall: number }, stratum: StratumKey): number {
  return rates.byStratum.get(stratum) ?? rates.overall;
}

export interface Standardised {
  observed: number;
  /** Σ over strata of the worker's exposure × the panel's rate in that stratum. */
  expected: number;
  exposure: number;
  /** The panel's crude rate, for display beside the case-mix-expected rate expected/exposure. */
  panelCrudeRate: number;
}

export function indirectlyStandardise(worker: StratumTotals, panel: StratumTotals): Standardised {
  const rates = panelRates(panel);
  let observed = 0;
  let expected = 0;
  let exposure = 0;
  for (const [k, v] of worker) {
    observed += v.events;
    exposure += v.exposure;
    expected += v.exposure * rateFor(rates, k);
  }
  return { observed, expected, exposure, panelCrudeRate: rates.overall };
}
