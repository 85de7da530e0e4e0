import type { DictionaryData } from '@caseload/shared';
import {
  clusterAlpha,
  expectedPerHour,
  panelCodeRates,
  scanClusters,
  type ClusterDictionary,
} from '../src/analytics/clusters.ts';
import type { ClusterFinding, FlagEvent } from '../src/analytics/types.ts';
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

export interface ClusterEpisode {
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

/** Every alerting finding, for diagnostics (scripts that explain misses and false clusters). */
export type FindingHook = (unitId: string, f: ClusterFinding) => void;

export type ClusterEvalDictionary = ClusterDictionary & Pick<DictionaryData, 'riskCodes'>;

function scanUnit(
  county: County,
  unit: SimUnit,
  dictionary: ClusterEvalDictionary,
  hook?: FindingHook,
  raw?: ClusterEpisode[],
): ClusterEpisode[] {
  const alphaFor = (w: number, unitScope: boolean) =>
    clusterAlpha(dictionary.clusters, unit.workers.length, county.codes.length, w, unitScope);
  const baseRates = new Map(dictionary.riskCodes.map((c) => [c.id, c.baseRates]));
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
  const lastOn = new Map<string, number>();
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
      const flagsByTrack = new Map([...n.keys()].map((track) => [track, f.get(`${track}|${code}`) ?? 0]));
      return panelCodeRates(n, flagsByTrack, (track) => baseRates.get(code)?.[track] ?? 0);
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
            { alpha: alphaFor(dictionary.clusters.maxWindowHours, scope.workerId === undefined), alphaFor },
          );
          if (found) hook?.(unit.unitId, found);
          if (found?.severity !== 'alert') continue;
          const key = `${scope.workerId ?? ''}|${code}`;
          on.add(key);
          // One signal per scope × code (its id on the wallboard): an alert that lapses and returns while
          // its flags are still within the longest window is the same cluster, not a new one.
          const last = lastOn.get(key);
          lastOn.set(key, nowMs);
          if (!prevOn.has(key))
            raw?.push({
              unitId: unit.unitId,
              ...(scope.workerId !== undefined ? { workerId: scope.workerId } : {}),
              code,
              t: nowMs,
            });
          if (!prevOn.has(key) && (last === undefined || nowMs - last > maxMs))
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

export function matches(c: InjectedCluster, e: ClusterEpisode, maxWindowHours: number): boolean {
  if (c.unitId !== e.unitId || c.code !== e.code) return false;
  if (e.t < c.startMs || e.t > c.endMs + maxWindowHours * HOUR_MS) return false;
  return e.workerId === undefined || c.workerIds.includes(e.workerId);
}

export function runClusterEval(
  county: County,
  dictionary: ClusterEvalDictionary,
  hook?: FindingHook,
): Scores & { alerts: number; falseAlarms: number; falseSwitchOns: number; episodes: ClusterEpisode[] } {
  const raw: ClusterEpisode[] = [];
  const episodes = county.units.flatMap((u) => scanUnit(county, u, dictionary, hook, raw));
  const maxH = dictionary.clusters.maxWindowHours;
  // What the scorer counted before re-alerts within the longest window were merged (for the record).
  const falseSwitchOns = raw.filter((e) => !county.clusters.some((c) => matches(c, e, maxH))).length;
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
    falseSwitchOns,
    episodes,
  };
}
