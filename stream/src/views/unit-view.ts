import type { OverdueItem, OverdueTotals, Signal, UnitView, WorkerSummary } from '@caseload/shared';
import type { PartitionState } from '../state/partition-state.ts';
import { dayNumber } from '../windows/day.ts';
import { contactsMade, windowTotals } from '../windows/windows.ts';

/** What the analytics add to a unit's view (signals, the overdue queue). */
export interface UnitAnalytics {
  signals: Signal[];
  overdue: OverdueItem[];
  overdueTotals: OverdueTotals;
  overdueByWorker: Map<string, number>;
  funnel?: UnitView['funnel'];
}

export const NO_ANALYTICS: UnitAnalytics = {
  signals: [],
  overdue: [],
  overdueTotals: { contact: 0, note: 0, supervision: 0, worker_silent: 0 },
  overdueByWorker: new Map(),
};

export function isAbsent(absences: readonly [number, number][], nowMs: number): boolean {
  return absences.some(([from, to]) => from <= nowMs && nowMs <= to);
}

/** Open cases and weighted load per worker of a unit. */
export function loadByWorker(state: PartitionState, unitId: string): Map<string, { open: number; load: number }> {
  const out = new Map<string, { open: number; load: number }>();
  for (const id of state.unitIndex().cases.get(unitId) ?? []) {
    const c = state.cases.get(id);
    if (!c || !c.open || c.unitId !== unitId || !c.workerId) continue;
    let x = out.get(c.workerId);
    if (!x) out.set(c.workerId, (x = { open: 0, load: 0 }));
    x.open++;
    x.load += c.complexity;
  }
  return out;
}

/** The unit's workers (active, on its roster), sorted by id for a stable view. */
export function unitWorkers(state: PartitionState, unitId: string): string[] {
  const ids = [...(state.unitIndex().workers.get(unitId) ?? [])].filter((id) => {
    const w = state.workers.get(id);
    return w?.unitId === unitId && w.active;
  });
  return ids.sort();
}

/** The unit view of CONTRACT §3 (its `seq` is set when published). */
export function buildUnitView(
  state: PartitionState,
  unitId: string,
  nowMs: number,
  a: UnitAnalytics,
  loads = loadByWorker(state, unitId),
): UnitView {
  const unit = state.units.get(unitId);
  const tz = state.tzOfUnit(unitId);
  const today = dayNumber(nowMs, tz);
  const days = state.dict.windows.shortDays;
  const workers: WorkerSummary[] = unitWorkers(state, unitId).map((id) => {
    const w = state.workers.get(id)!;
    const totals = windowTotals(state.cells.get(id), today, days);
    const l = loads.get(id);
    return {
      workerId: id,
      name: w.name,
      displayName: w.displayName,
      absent: isAbsent(w.absences, nowMs),
      openCases: l?.open ?? 0,
      weightedLoad: round2(l?.load ?? 0),
      capacity: w.capacity,
      notesInWindow: totals.n,
      contactsInWindow: contactsMade(totals),
      riskFlagsInWindow: totals.r,
      overdueCount: a.overdueByWorker.get(id) ?? 0,
      tracks: w.tracks,
    };
  });
  let unassigned = 0;
  let oldest = Infinity;
  for (const id of state.unitIndex().cases.get(unitId) ?? []) {
    const c = state.cases.get(id);
    if (c && c.open && c.unitId === unitId && !c.workerId) {
      unassigned++;
      oldest = Math.min(oldest, c.openedMs);
    }
  }
  return {
    unitId,
    siteId: unit?.siteId ?? '',
    name: unit?.name ?? unitId,
    asOf: new Date(nowMs).toISOString(),
    seq: 0,
    windowDays: days,
    wallShowsNames: unit?.wallShowsNames ?? false,
    timezone: tz,
    workers,
    signals: a.signals,
    overdue: a.overdue,
    overdueTotals: a.overdueTotals,
    pool: { unassigned, oldestWaitDays: unassigned ? round2(Math.max(0, nowMs - oldest) / 86_400_000) : 0 },
    ...(a.funnel ? { funnel: a.funnel } : {}),
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
