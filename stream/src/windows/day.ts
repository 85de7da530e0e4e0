/**
 * Day numbers (days since 1970-01-01) in a site's time zone: an event's own time decides its day.
 * Intl is slow per call, so the zone's UTC offset is cached per zone and hour (offsets only change on
 * hour boundaries in every real zone).
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Local wall time minus UTC, in ms, at instant `ms` in zone `tz`. */
export function zoneOffsetMs(ms: number, tz: string): number {
  if (tz === 'UTC') return 0;
  const hour = Math.floor(ms / HOUR_MS);
  let byHour = offsets.get(tz);
  if (!byHour) offsets.set(tz, (byHour = new Map()));
  const cached = byHour.get(hour);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(tz).formatToParts(new Date(hour * HOUR_MS))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
  const off = local - hour * HOUR_MS;
  if (byHour.size > 20_000) byHour.clear();
  byHour.set(hour, off);
  return off;
}

export function dayNumber(ms: number, tz = 'UTC'): number {
  return Math.floor((ms + zoneOffsetMs(ms, tz)) / DAY_MS);
}

/** The UTC instant at which local day `day` starts in `tz` (approximate across a DST change by ≤ 1 h). */
export function dayStartMs(day: number, tz = 'UTC'): number {
  const guess = day * DAY_MS;
  return guess - zoneOffsetMs(guess, tz);
}

export { DAY_MS };
