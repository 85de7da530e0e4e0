/**
 * Local calendar days in a site's time zone: where each day starts in UTC, which days are weekends,
 * and business-day arithmetic. Offsets come from Intl, cached per (zone, day), so DST is right.
 */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC in ms at an instant (positive east of Greenwich). */
export function zoneOffsetMs(zone: string, atMs: number): number {
  // Offsets change at most on the hour; cache per (zone, hour) since Intl is slow.
  const key = `${zone}|${Math.floor(atMs / HOUR)}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const v = computeOffset(zone, atMs);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, v);
  return v;
}

const offsetCache = new Map<string, number>();

function computeOffset(zone: string, atMs: number): number {
  let f = offsetFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormatters.set(zone, f);
  }
  const name = f.formatToParts(atMs).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * HOUR + Number(m[3]) * 60_000);
}

/** A calendar day in a zone, numbered in days since 1970-01-01 (local). */
export interface LocalDay {
  /** Days since the epoch of the local date. */
  index: number;
  /** UTC ms of local midnight. */
  startMs: number;
  /** UTC ms of the next local midnight. */
  endMs: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  isBusinessDay: boolean;
}

const dayCache = new Map<string, LocalDay>();

/** Local midnight (UTC ms) of the local date `index` days after 1970-01-01 in `zone`. */
function localMidnight(zone: string, index: number): number {
  const naive = index * DAY;
  // Two passes settle the offset even on a DST change day.
  let ms = naive - zoneOffsetMs(zone, naive);
  ms = naive - zoneOffsetMs(zone, ms);
  return ms;
}

export function localDay(zone: string, index: number): LocalDay {
  const key = `${zone}|${index}`;
  let d = dayCache.get(key);
  if (!d) {
    const weekday = (((index + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    d = {
      index,
      startMs: localMidnight(zone, index),
      endMs: localMidnight(zone, index + 1),
      weekday,
      isBusinessDay: weekday !== 0 && weekday !== 6,
    };
    if (dayCache.size > 50_000) dayCache.clear();
    dayCache.set(key, d);
  }
  return d;
}

/** The local day that contains an instant. */
export function localDayIndexAt(zone: string, atMs: number): number {
  return Math.floor((atMs + zoneOffsetMs(zone, atMs)) / DAY);
}

/** UTC ms of a local clock time (hours, may be fractional) on a local day. */
export function atLocalHour(zone: string, index: number, hour: number): number {
  const d = localDay(zone, index);
  return d.startMs + hour * HOUR;
}

/** The instant `n` business days after `atMs` (same local clock time; weekends skipped). */
export function addBusinessDays(zone: string, atMs: number, n: number): number {
  let index = localDayIndexAt(zone, atMs);
  const sinceMidnight = atMs - localDay(zone, index).startMs;
  let left = n;
  while (left > 0) {
    index++;
    if (localDay(zone, index).isBusinessDay) left--;
  }
  return localDay(zone, index).startMs + sinceMidnight;
}

/** The first business day at or after `index`. */
export function nextBusinessDay(zone: string, index: number): number {
  let i = index;
  while (!localDay(zone, i).isBusinessDay) i++;
  return i;
}
