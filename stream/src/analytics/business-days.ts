import { zoneOffsetMs } from '../windows/day.ts';
import type { DayNumber } from './types.ts';

/**
 * Calendar arithmetic in a site's IANA time zone (offsets from windows/day.ts, cached per hour). Days are local calendar days
 * numbered from 1970-01-01 (`DayNumber`), so weekday and business-day arithmetic is plain integers.
 */

const DAY_MS = 86_400_000;
/** The wall-clock fields of an instant in a zone, as if they were UTC (ms); offsets cached per hour. */
function wallClockMs(ms: number, timeZone: string): number {
  return ms + zoneOffsetMs(ms, timeZone);
}

/** The local calendar day of an instant. */
export function localDay(ms: number, timeZone: string): DayNumber {
  return Math.floor(wallClockMs(ms, timeZone) / DAY_MS);
}

/** The instant of local midnight starting `day` (handles DST by re-checking the offset). */
export function localMidnightMs(day: DayNumber, timeZone: string): number {
  const guess = day * DAY_MS;
  const offset = wallClockMs(guess, timeZone) - guess;
  let at = guess - offset;
  const offset2 = wallClockMs(at, timeZone) - at;
  if (offset2 !== offset) at = guess - offset2;
  return at;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekday(day: DayNumber): boolean {
  const w = weekday(day);
  return w >= 1 && w <= 5;
}

/** A working day for a worker: Monday to Friday and not one of their absent days. */
export type WorkingDay = (day: DayNumber) => boolean;

export function workingDays(absent: ReadonlySet<DayNumber>): WorkingDay {
  return (day) => isWeekday(day) && !absent.has(day);
}

/** The day on which `n` working days after `from` have elapsed (from itself not counted). */
export function addWorkingDays(from: DayNumber, n: number, isWorking: WorkingDay, maxSpan = 3660): DayNumber {
  let day = from;
  let left = n;
  while (left > 0 && day - from < maxSpan) {
    day++;
    if (isWorking(day)) left--;
  }
  return day;
}

/** Working days in (from, to]. */
export function workingDaysBetween(from: DayNumber, to: DayNumber, isWorking: WorkingDay): number {
  let n = 0;
  for (let d = from + 1; d <= to; d++) if (isWorking(d)) n++;
  return n;
}

/** Local days covered by [fromMs, toMs] in a zone. */
export function daysCovered(fromMs: number, toMs: number, timeZone: string): DayNumber[] {
  const a = localDay(fromMs, timeZone);
  const b = localDay(toMs, timeZone);
  const out: DayNumber[] = [];
  for (let d = a; d <= b; d++) out.push(d);
  return out;
}
