import type { DailyCell } from '../analytics/types.ts';
import { emptyCell, type Cell } from '../state/records.ts';
import { dayNumber, dayStartMs, DAY_MS } from './day.ts';

/**
 * Sliding windows over a worker's daily cells: pure sums and projections. A window of `days` ending
 * on `today` covers days today−days+1 … today, so a late offline note counts in the window its own
 * time falls in, not the one in which it arrived.
 */
export interface DayCells {
  /** Each cell with fromDay ≤ day ≤ toDay; the Cell passed is valid only during the call. */
  forEach(fromDay: number, toDay: number, fn: (day: number, stratum: string, c: Cell) => void): void;
}

/** Plain day → stratum → cell maps as DayCells (small fixtures, tests). */
export function dayCellsOf(map: ReadonlyMap<number, ReadonlyMap<string, Cell>>): DayCells {
  return {
    forEach(fromDay, toDay, fn) {
      for (const [day, byStratum] of map) {
        if (day < fromDay || day > toDay) continue;
        for (const [stratum, c] of byStratum) fn(day, stratum, c);
      }
    },
  };
}

function trackOf(stratum: string): string {
  const i = stratum.indexOf('|');
  return i < 0 ? stratum : stratum.slice(0, i);
}

export function addCell(into: Cell, c: Cell): void {
  into.n += c.n;
  into.r += c.r;
  into.dl += c.dl;
  into.lt += c.lt;
  for (let i = 0; i < 4; i++) into.oc[i]! += c.oc[i]!;
  into.cr += c.cr;
  into.cs += c.cs;
  for (const k in c.cd) into.cd[k] = (into.cd[k] ?? 0) + c.cd[k]!;
  for (const k in c.th) into.th[k] = (into.th[k] ?? 0) + c.th[k]!;
}

/** Sum of a worker's cells over the window (optionally one track); `cs` becomes case-days. */
export function windowTotals(cells: DayCells | undefined, today: number, days: number, track?: string): Cell {
  const out = emptyCell();
  cells?.forEach(today - days + 1, today, (_, stratum, c) => {
    if (track === undefined || trackOf(stratum) === track) addCell(out, c);
  });
  return out;
}

/** Contacts that reached or tried to reach the client (cancelled ones are not contacts made). */
export function contactsMade(c: Cell): number {
  return c.oc[0] + c.oc[1] + c.oc[2];
}

export interface DimensionSpec {
  measure: string;
  code?: string;
}

/** Numerator and exposure of one drift dimension in one cell (see analytics/measures.ts). */
export function measureOf(c: Cell, dim: DimensionSpec): { events: number; exposure: number } {
  switch (dim.measure) {
    case 'risk_rate':
      return { events: c.r, exposure: c.n };
    case 'code_rate':
      return { events: (dim.code && c.cd[dim.code]) || 0, exposure: c.n };
    case 'theme_rate':
      return { events: (dim.code && c.th[dim.code]) || 0, exposure: c.n };
    case 'contacts_per_case_week':
      return { events: contactsMade(c), exposure: c.cs / 7 };
    case 'late_doc_rate':
      return { events: c.lt, exposure: c.dl };
    case 'no_show_rate':
      return { events: c.oc[2], exposure: contactsMade(c) };
    default:
      return { events: 0, exposure: 0 };
  }
}

/**
 * Contacts happen on business days, so a case-week for the daily drift charts is five business
 * days of an open case; weekend case-days carry no exposure (else every weekend reads as a drop).
 * Day numbers count from 1970-01-01, a Thursday.
 */
export function businessCaseWeeks(c: Cell, day: number): number {
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
  return weekday === 0 || weekday === 6 ? 0 : c.cs / 5;
}

/**
 * The day "now" falls in and how much of it has passed (0–1), on whichever clock "now" comes
 * from: case-day exposure of that day counts only for the part that has passed, so the same
 * events give the same rates on the wall clock and on the event clock.
 */
export interface PartialDay {
  day: number;
  fraction: number;
}

export function partialDay(nowMs: number, tz: string): PartialDay {
  const day = dayNumber(nowMs, tz);
  const fraction = (nowMs - dayStartMs(day, tz)) / DAY_MS;
  return { day, fraction: Math.min(1, Math.max(0, fraction)) };
}

/** The worker's daily cells for one dimension (all strata, or one track's), for the analytics. */
export function dimensionCells(
  cells: DayCells | undefined,
  dim: DimensionSpec,
  fromDay: number,
  track?: string,
  partial?: PartialDay,
): DailyCell[] {
  const out: DailyCell[] = [];
  cells?.forEach(fromDay, Infinity, (day, stratum, c) => {
    if (track !== undefined && trackOf(stratum) !== track) return;
    const m = measureOf(c, dim);
    let exposure = dim.measure === 'contacts_per_case_week' ? businessCaseWeeks(c, day) : m.exposure;
    // Today's open cases are sampled whole, but only part of today's contacts can have happened.
    if (partial && day === partial.day && dim.measure === 'contacts_per_case_week') exposure *= partial.fraction;
    if (exposure > 0 || m.events > 0) out.push({ day, stratum, events: m.events, exposure });
  });
  return out;
}
