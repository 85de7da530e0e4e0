import { clusterAlpha, expectedPerHour, scanClusters, type ClusterDictionary } from '../src/analytics/clusters.ts';
import type { FlagEvent } from '../src/analytics/types.ts';
import type { County, InjectedCluster, SimUnit } from './county.ts';
import { median, type Scores } from './score.ts';

/**
 * Runs the cluster scan every simulated hour on every scope (each worker's caseload and the unit) ×
 * risk code, as the processor would, and scores its alerts against the injected clusters. The panel
 * rate per track comes from the previous 28 days: the rest of the unit for a caseload, the unit itself
 * for the unit scope.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const BASELINE_DAYS = 28;

interface ClusterEpisode {
  unitId: string;
  workerId?: string;
  code: string;
  t: number;
}

/** Index of the first element with t > x. */
function upperBound(ts: readonly { t: number }[], x: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]!.t <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function scanUnit(county: County, unit: SimUnit, dictionary: ClusterDictionary): ClusterEpisode[] {
  const alpha = clusterAlpha(dictionary.clusters, unit.workers.length, county.codes.length);
  const maxMs = dictionary.clusters.maxWindowHours * HOUR_MS;
  type Scope = { workerId?: string; flagsByCode: Map<string, FlagEvent[]>; notes: { t: number; track: string }[] };
  const byCode = (flags: FlagEvent[]) => {
    const m = new Map<string, FlagEvent[]>();
    for (const f of flags) m.set(f.code, [...(m.get(f.code) ?? []), f]);
    for (const xs of m.values()) xs.sort((a, b) => a.t - b.t);
    return m;
  };
  const scopes: Scope[] = [
    ...unit.workers.map((w) => ({ workerId: w.workerId, flagsByCode: byCode(w.flags), notes: w.notes })),
    {
      flagsByCode: byCode(unit.workers.flatMap((w) => w.flags)),
      notes: unit.workers.flatMap((w) => w.notes).sort((a, b) => a.t - b.t),
    },
  ];
  const episodes: ClusterEpisode[] = [];
  let prevOn = new Set<string>();
  for (let d = 7; d < county.days; d++) {
    // Baseline exposure (notes per track) and flags per track × code over the previous 28 days.
    const from = Math.max(0, d - BASELINE_DAYS);
    const notes = unit.workers.map((w) => {
      const m = new Map<string, number>();
      for (let k = from; k < d; k++) for (const [t, n] of w.notesByDayTrack[k]!) m.set(t, (m.get(t) ?? 0) + n);
      return m;
    });
    const flags = unit.workers.map((w) => {
      const m = new Map<string, number>();
      for (let k = from; k < d; k++) for (const [t, n] of w.flagsByDayTrackCode[k]!) m.set(t, (m.get(t) ?? 0) + n);
      return m;
    });
    const hours = (d - from) * 24;
    const sum = (maps: Map<string, number>[]) => {
      const m = new Map<string, number>();
      for (const x of maps) for (const [k, v] of x) m.set(k, (m.get(k) ?? 0) + v);
      return m;
    };
    const unitNotes = sum(notes);
    const unitFlags = sum(flags);
    const rateMap = (n: Map<string, number>, f: Map<string, number>, code: string) => {
      const r = new Map<string, number>();
      for (const [track, count] of n) if (count > 0) r.set(track, (f.get(`${track}|${code}`) ?? 0) / count);
      return r;
    };
    // Per scope and code: the panel's rate per note by track, and the hourly average as a fallback.
    const panel = scopes.map((scope, i) => {
      const rates = new Map<string, Map<string, number>>();
      const perHour = new Map<string, number>();
      for (const code of county.codes) {
        if (scope.workerId === undefined) {
          rates.set(code, rateMap(unitNotes, unitFlags, code));
          perHour.set(code, expectedPerHour(unitNotes, rates.get(code)!, hours));
        } else {
          const panelNotes = new Map([...unitNotes].map(([k, v]) => [k, v - (notes[i]!.get(k) ?? 0)]));
          const panelFlags = new Map([...unitFlags].map(([k, v]) => [k, v - (flags[i]!.get(k) ?? 0)]));
          rates.set(code, rateMap(panelNotes, panelFlags, code));
          perHour.set(code, expectedPerHour(notes[i]!, rates.get(code)!, hours));
        }
      }
      return { rates, perHour };
    });
    for (let hr = 1; hr <= 24; hr++) {
      const nowMs = (county.startDay + d) * DAY_MS + hr * HOUR_MS;
      const on = new Set<string>();
      scopes.forEach((scope, i) => {
        for (const [code, all] of scope.flagsByCode) {
          const hi = upperBound(all, nowMs);
          const lo = upperBound(all, nowMs - maxMs);
          if (hi - lo < dictionary.clusters.minCases) continue;
          const rates = panel[i]!.rates.get(code)!;
          const exposure = scope.notes
            .slice(upperBound(scope.notes, nowMs - maxMs), upperBound(scope.notes, nowMs))
            .map((n) => ({ t: n.t, expected: rates.get(n.track) ?? 0 }));
          const found = scanClusters(
            {
              unitId: unit.unitId,
              ...(scope.workerId !== undefined ? { workerId: scope.workerId } : {}),
              code,
              flags: all.slice(lo, hi),
              expectedPerHour: panel[i]!.perHour.get(code) ?? 0,
              exposure,
              nowMs,
            },
            dictionary,
            { alpha },
          );
          if (found?.severity !== 'alert') continue;
          const key = `${scope.workerId ?? ''}|${code}`;
          on.add(key);
          if (!prevOn.has(key))
            episodes.push({
              unitId: unit.unitId,
              ...(scope.workerId !== undefined ? { workerId: scope.workerId } : {}),
              code,
              t: nowMs,
            });
        }
      });
      prevOn = on;
    }
  }
  return episodes;
}

function matches(c: InjectedCluster, e: ClusterEpisode, maxWindowHours: number): boolean {
  if (c.unitId !== e.unitId || c.code !== e.code) return false;
  if (e.t < c.startMs || e.t > c.endMs + maxWindowHours * HOUR_MS) return false;
  return e.workerId === undefined || c.workerIds.includes(e.workerId);
}

export function runClusterEval(
  county: County,
  dictionary: ClusterDictionary,
): Scores & { alerts: number; falseAlarms: number } {
  const episodes = county.units.flatMap((u) => scanUnit(county, u, dictionary));
  const maxH = dictionary.clusters.maxWindowHours;
  let falseAlarms = 0;
  const first = new Map<InjectedCluster, number>();
  for (const e of episodes) {
    const c = county.clusters.find((x) => matches(x, e, maxH));
    if (!c) {
      falseAlarms++;
      continue;
    }
    const prev = first.get(c);
    if (prev === undefined || e.t < prev) first.set(c, e.t);
  }
  const hits = [...first.entries()];
  return {
    recall: county.clusters.length ? first.size / county.clusters.length : 0,
    precision: episodes.length ? (episodes.length - falseAlarms) / episodes.length : 1,
    medianDelayDays: median(hits.map(([c, t]) => (t - c.startMs) / DAY_MS)),
    medianDelayEvents: median(hits.map(([c, t]) => c.times.filter((x) => x <= t).length)),
    falseAlarmsPerUnitWeek: falseAlarms / (county.units.length * (county.days / 7)),
    alerts: episodes.length,
    falseAlarms,
  };
}
