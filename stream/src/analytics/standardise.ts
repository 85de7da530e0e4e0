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

/**
 * The known shape of a dimension's expected rate across tracks, when the dictionary states one: contacts
 * per case-week follow each track's contact cadence (7 / `defaultCadenceDays`), whatever the panel's
 * practice. Given a shape, the panel contributes one number — its ratio of observed events to what the
 * shape predicts on its own exposure (its compliance) — and a stratum's rate is that ratio × the shape of
 * its track. Pooling every stratum into one ratio removes the noise of small strata (a handful of
 * off-track cases with another cadence would otherwise read as their own worker's drift) while a unit that
 * runs behind cadence as a whole still sets a lower expectation for each of its workers.
 */
export type TrackShape = Readonly<Record<string, number>>;

export interface PanelRates {
  byStratum: Map<StratumKey, number>;
  overall: number;
  /** With a shape: the panel's ratio to it, and the shape itself (for strata the panel never saw). */
  shape?: { byTrack: TrackShape; factor: number };
}

function shapedRates(panel: StratumTotals, shape: TrackShape): PanelRates | null {
  let events = 0;
  let predicted = 0;
  let exposure = 0;
  for (const [k, v] of panel) {
    const q = shape[stratumTrack(k)];
    if (q === undefined || q <= 0) return null;
    events += v.events;
    exposure += v.exposure;
    predicted += v.exposure * q;
  }
  if (predicted <= 0) return null;
  const factor = events / predicted;
  const byStratum = new Map<StratumKey, number>();
  for (const k of panel.keys()) byStratum.set(k, factor * shape[stratumTrack(k)]!);
  return { byStratum, overall: exposure > 0 ? events / exposure : 0, shape: { byTrack: shape, factor } };
}

/**
 * Panel rates per stratum (shrunk as above); a stratum the panel never saw takes the overall rate. With a
 * track shape covering every stratum of the panel, the rates follow the shape instead (see TrackShape).
 */
export function panelRates(panel: StratumTotals, priorEvents = PRIOR_EVENTS, shape?: TrackShape): PanelRates {
  if (shape) {
    const shaped = shapedRates(panel, shape);
    if (shaped) return shaped;
  }
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

export function rateFor(rates: PanelRates, stratum: StratumKey): number {
  const known = rates.byStratum.get(stratum);
  if (known !== undefined) return known;
  const q = rates.shape?.byTrack[stratumTrack(stratum)];
  return q !== undefined && rates.shape ? rates.shape.factor * q : rates.overall;
}

export interface Standardised {
  observed: number;
  /** Σ over strata of the worker's exposure × the panel's rate in that stratum. */
  expected: number;
  exposure: number;
  /** The panel's crude rate, for display beside the case-mix-expected rate expected/exposure. */
  panelCrudeRate: number;
}

export function indirectlyStandardise(worker: StratumTotals, panel: StratumTotals, shape?: TrackShape): Standardised {
  const rates = panelRates(panel, PRIOR_EVENTS, shape);
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
