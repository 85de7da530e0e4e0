import type { WorkerDetail } from '@caseload/shared';
import type { Sample } from '../sinks/series-store.ts';
import type { PartitionState } from '../state/partition-state.ts';
import { dayNumber, DAY_MS } from '../windows/day.ts';
import { isAbsent } from './unit-view.ts';

/** A case's notes and current risk flags over the short window. */
export interface CaseNotes {
  notes: number;
  flags: number;
}

/**
 * For each of `workerIds`, its notes per case over the short window, in one pass over each of their
 * units' retained notes. Counting per worker walked the unit's notes once per worker: a unit of ten
 * rescanned its whole 35-day window ten times, a cost that grew with the window until it was a
 * tenth of a busy processor.
 */
export function recentNotesByCase(
  state: PartitionState,
  workerIds: Iterable<string>,
  nowMs: number,
): Map<string, Map<string, CaseNotes>> {
  const out = new Map<string, Map<string, CaseNotes>>();
  const units = new Set<string>();
  for (const workerId of workerIds) {
    const w = state.workers.get(workerId);
    if (!w) continue;
    out.set(workerId, new Map());
    units.add(w.unitId);
  }
  const index = state.unitIndex();
  const shortDays = state.dict.windows.shortDays;
  for (const unitId of units) {
    const after = dayNumber(nowMs, state.tzOfUnit(unitId)) - shortDays;
    for (const noteId of index.notes.get(unitId) ?? []) {
      const n = state.notes.get(noteId);
      if (!n || n.x === 1 || n.d <= after) continue;
      const perCase = out.get(n.w);
      // A note of a worker who has since moved to another unit is not theirs to count here.
      if (!perCase || state.workers.get(n.w)?.unitId !== unitId) continue;
      const pc = perCase.get(n.c);
      if (pc) {
        pc.notes++;
        pc.flags += n.r.length;
      } else perCase.set(n.c, { notes: 1, flags: n.r.length });
    }
  }
  return out;
}

/**
 * A worker's drill-down record: their open cases with the short window's notes and flags (from
 * `recentNotesByCase`), contact recency, and sparklines of `metrics` over the long window (from
 * `ranges`, one series per metric, read back from the time series).
 */
export function buildWorkerDetail(
  state: PartitionState,
  workerId: string,
  nowMs: number,
  perCase: Map<string, CaseNotes>,
  metrics: string[],
  ranges: Sample[][],
): WorkerDetail {
  const w = state.workers.get(workerId)!;
  const tz = state.tzOfUnit(w.unitId);
  const today = dayNumber(nowMs, tz);
  const longDays = state.dict.windows.longDays;
  const sparklines: Record<string, number[]> = {};
  metrics.forEach((m, i) => {
    const byDay = new Map(ranges[i]!.map((s) => [dayNumber(s.t + DAY_MS / 2, tz), s.value]));
    sparklines[m] = Array.from({ length: longDays }, (_, k) => byDay.get(today - longDays + 1 + k) ?? 0);
  });
  let load = 0;
  const cases: WorkerDetail['cases'] = [];
  for (const caseId of state.unitIndex().cases.get(w.unitId) ?? []) {
    const c = state.cases.get(caseId);
    if (!c || !c.open || c.workerId !== workerId) continue;
    load += c.complexity;
    const pc = perCase.get(caseId) ?? { notes: 0, flags: 0 };
    const since = c.lastContactMs === undefined ? null : Math.floor((nowMs - c.lastContactMs) / DAY_MS);
    cases.push({
      caseId,
      clientId: c.clientId,
      track: c.track,
      complexity: c.complexity,
      complexityFactors: c.factors,
      riskFlagsInWindow: pc.flags,
      notesInWindow: pc.notes,
      riskDensity: pc.notes ? Math.round((pc.flags / pc.notes) * 100) / 100 : 0,
      lastContactAt: c.lastContactMs === undefined ? null : new Date(c.lastContactMs).toISOString(),
      daysSinceContact: since,
      overdue: since === null ? nowMs - c.openedMs > c.cadenceDays * DAY_MS : since > c.cadenceDays,
    });
  }
  return {
    workerId,
    unitId: w.unitId,
    siteId: state.units.get(w.unitId)?.siteId ?? '',
    name: w.name,
    displayName: w.displayName,
    capacity: w.capacity,
    weightedLoad: Math.round(load * 100) / 100,
    absent: isAbsent(w.absences, nowMs),
    asOf: new Date(nowMs).toISOString(),
    cases,
    sparklines,
  };
}
