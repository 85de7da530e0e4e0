import type { Evidence, Signal, SignalStatusRecord } from '@caseload/shared';
import { clusterAlpha, expectedPerHour, MIN_BASE_RATE, panelCodeRates, scanClusters } from '../analytics/clusters.ts';
import { stratumTrack } from '../analytics/standardise.ts';
import { detectUnitDrift, isoDay } from '../analytics/drift.ts';
import { trackShapeFor } from '../analytics/measures.ts';
import { computeOverdue, type OverdueResult } from '../analytics/overdue.ts';
import { evaluateTripwires, type TripwireFinding } from '../analytics/tripwires.ts';
import type {
  ClusterFinding,
  DriftFinding,
  DriftInput,
  EvidenceRef,
  FlagEvent,
  WorkerSeries,
} from '../analytics/types.ts';
import type { PartitionState } from '../state/partition-state.ts';
import { dayNumber } from '../windows/day.ts';
import { dimensionCells, partialDay, windowTotals } from '../windows/windows.ts';
import { loadByWorker, NO_ANALYTICS, unitWorkers, type UnitAnalytics } from './unit-view.ts';

export type SignalStatuses = Map<string, SignalStatusRecord>;

const HOUR_MS = 3_600_000;
const MAX_EVIDENCE = 50;

/**
 * Feeds the pure analytics (stream/src/analytics) from a unit's state and turns their findings into
 * the view's signals: drift per worker × dimension (overall and per track) and risk clusters per
 * code on each caseload and on the unit. Signal ids are stable (kind, unit, worker, dimension, track)
 * so a supervisor's status sticks to the signal across evaluations and restarts.
 *
 * `drift`: the unit's drift signals from a recent `computeDriftSignals` (before statuses), reused as
 * they are. Drift reads daily cells over weeks and is most of the cost, so the flusher re-evaluates
 * it less often than clusters and the overdue queue, which move by the hour.
 */
export function computeUnitAnalytics(
  state: PartitionState,
  unitId: string,
  nowMs: number,
  statuses: SignalStatuses,
  drift?: Signal[],
): UnitAnalytics {
  const workers = unitWorkers(state, unitId);
  if (!workers.length) return NO_ANALYTICS;
  const overdue = overdueOf(state, unitId, workers, nowMs);
  const signals: Signal[] = [
    ...(drift ?? computeDriftSignals(state, unitId, nowMs)),
    ...clusterSignals(state, unitId, workers, nowMs),
    ...tripwireSignals(state, unitId, workers, nowMs, overdue),
  ].map((s) => withStatus(s, statuses.get(s.signalId), nowMs));
  return {
    signals,
    overdue: overdue.items.slice(0, 50),
    overdueTotals: overdue.totals,
    overdueByWorker: overdue.byWorker,
  };
}

/** The overdue queue from the unit's cases, contacts awaiting notes, workers and absences. */
function overdueOf(state: PartitionState, unitId: string, workers: string[], nowMs: number): OverdueResult {
  const members = new Set(workers);
  const cases = [];
  const index = state.unitIndex();
  for (const caseId of index.cases.get(unitId) ?? []) {
    const c = state.cases.get(caseId);
    if (!c || !c.open || c.unitId !== unitId || !c.workerId || !members.has(c.workerId)) continue;
    cases.push({
      caseId,
      workerId: c.workerId,
      cadenceDays: c.cadenceDays,
      lastContactMs: c.lastContactMs ?? null,
      openedMs: c.openedMs,
    });
  }
  const awaitingNotes = [];
  for (const contactId of index.contacts.get(unitId) ?? []) {
    const k = state.contacts.get(contactId);
    if (k && k.u === unitId && k.o === 0 && k.nd === 0 && members.has(k.w))
      awaitingNotes.push({ contactId, caseId: k.c, workerId: k.w, contactMs: k.t });
  }
  const ws = workers.map((id) => {
    const w = state.workers.get(id)!;
    return {
      workerId: id,
      lastContactMs: w.lastContactMs ?? null,
      lastSupervisionMs: w.lastSupervisionMs ?? null,
      sinceMs: w.sinceMs ?? 0,
      active: w.active,
    };
  });
  const absences = workers.flatMap((id) =>
    state.workers.get(id)!.absences.map(([fromMs, toMs]) => ({ workerId: id, fromMs, toMs })),
  );
  return computeOverdue(
    { timeZone: state.tzOfUnit(unitId), nowMs, cases, awaitingNotes, workers: ws, absences },
    state.dict.overdue,
  );
}

function tripwireSignals(
  state: PartitionState,
  unitId: string,
  workers: string[],
  nowMs: number,
  overdue: OverdueResult,
): Signal[] {
  const today = dayNumber(nowMs, state.tzOfUnit(unitId));
  const days = state.dict.windows.shortDays;
  let notes = 0;
  let late = 0;
  let crisisThisWeek = 0;
  let crisisLastWeek = 0;
  for (const id of workers) {
    const cells = state.cells.get(id);
    const now = windowTotals(cells, today, days);
    notes += now.n;
    late += now.lt;
    crisisThisWeek += windowTotals(cells, today, 7).cr;
    crisisLastWeek += windowTotals(cells, today - 7, 7).cr;
  }
  const loads = loadByWorker(state, unitId);
  let weightedLoad = 0;
  let capacity = 0;
  let openCases = 0;
  for (const id of workers) {
    weightedLoad += loads.get(id)?.load ?? 0;
    openCases += loads.get(id)?.open ?? 0;
    capacity += state.workers.get(id)!.capacity;
  }
  // Each open case owes a follow-up within its cadence; an overdue contact is a missed one.
  const findings = evaluateTripwires(
    {
      lateNotes: late,
      notes,
      missedFollowups: overdue.totals.contact,
      followupsDue: openCases,
      crisisThisWeek,
      crisisLastWeek,
      weightedLoad,
      capacity,
    },
    state.dict.tripwires,
  );
  // `since` is when the tripwire was first seen tripped, kept in the checkpointed state (so a
  // restart or a take-over does not reset it); one that stopped tripping starts afresh next time.
  const tripped = new Set(findings.map((f) => f.id));
  for (const t of state.dict.tripwires) {
    if (!tripped.has(t.id)) state.markTripwire(tripwireSignalId(unitId, t.id), undefined);
  }
  return findings.map((f) => {
    const signalId = tripwireSignalId(unitId, f.id);
    const since = state.tripwireSince.get(signalId) ?? state.markTripwire(signalId, nowMs);
    return tripwireSignal(signalId, f, since);
  });
}

const tripwireSignalId = (unitId: string, tripwireId: string) => `tripwire.${unitId}.${tripwireId}`;

function tripwireSignal(signalId: string, f: TripwireFinding, sinceMs: number): Signal {
  return {
    signalId,
    kind: 'tripwire',
    test: 'rule',
    dimension: f.metric,
    value: f.value,
    panelValue: f.threshold,
    relDiff: f.threshold ? f.value / f.threshold - 1 : 0,
    severity: f.severity,
    status: 'open',
    since: new Date(sinceMs).toISOString(),
    explanation: f.explanation,
    evidenceCount: 0,
    action: f.action,
  };
}

function withStatus(s: Signal, st: SignalStatusRecord | undefined, nowMs: number): Signal {
  if (!st) return s;
  if (st.status === 'snoozed' && st.until && Date.parse(st.until) <= nowMs) return s;
  return { ...s, status: st.status };
}

function evidenceOf(refs: EvidenceRef[]): Evidence[] {
  return refs.slice(0, MAX_EVIDENCE).map((r) => ({ ...r }));
}

function absentDays(absences: [number, number][], tz: string, fromDay: number, today: number): number[] {
  const out = new Set<number>();
  for (const [a, b] of absences) {
    for (let d = Math.max(fromDay, dayNumber(a, tz)); d <= Math.min(today, dayNumber(b, tz)); d++) out.add(d);
  }
  return [...out];
}

/** Recent risk evidence of each of a unit's workers from their notes, newest first (one pass over the unit's notes). */
function riskEvidenceByWorker(state: PartitionState, unitId: string, fromDay: number): Map<string, EvidenceRef[]> {
  const out = new Map<string, EvidenceRef[]>();
  for (const noteId of state.unitIndex().notes.get(unitId) ?? []) {
    const n = state.notes.get(noteId);
    if (!n || n.x === 1 || n.d < fromDay || !n.e.length) continue;
    let list = out.get(n.w);
    if (!list) out.set(n.w, (list = []));
    const at = new Date(n.t).toISOString();
    for (const [code, paragraph, start, end] of n.e)
      list.push({ noteId, caseId: n.c, paragraph, start, end, code, at });
  }
  for (const list of out.values()) list.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return out;
}

/** The newest evidence of one code (or any), at most MAX_EVIDENCE. */
function evidenceFor(all: EvidenceRef[] | undefined, code?: string): EvidenceRef[] {
  if (!all) return [];
  if (!code) return all.slice(0, MAX_EVIDENCE);
  const out: EvidenceRef[] = [];
  for (const r of all) {
    if (r.code !== code) continue;
    out.push(r);
    if (out.length === MAX_EVIDENCE) break;
  }
  return out;
}

/** Drift per worker × dimension (overall and per track) of a unit, before supervisors' statuses. */
export function computeDriftSignals(state: PartitionState, unitId: string, nowMs: number): Signal[] {
  const workers = unitWorkers(state, unitId);
  if (!workers.length) return [];
  const dict = state.dict;
  const tz = state.tzOfUnit(unitId);
  const today = dayNumber(nowMs, tz);
  // Everything the cells hold: the CUSUM reads `drift.cusumDays` back (state.cellDays covers it).
  const fromDay = today - state.cellDays;
  const nowDay = partialDay(nowMs, tz);
  const tracks = new Set<string>();
  for (const id of workers) for (const t of state.workers.get(id)!.tracks) tracks.add(t);
  const evidence = riskEvidenceByWorker(state, unitId, today - dict.windows.longDays);
  const inputs: DriftInput[] = [];
  for (const dim of dict.drift.dimensions) {
    const needsEvidence = dim.measure === 'risk_rate' || dim.measure === 'code_rate';
    const shape = trackShapeFor(dim.measure, dict.tracks);
    for (const track of [undefined, ...tracks]) {
      const series: WorkerSeries[] = workers.map((workerId) => {
        const w = state.workers.get(workerId)!;
        return {
          workerId,
          displayName: w.displayName,
          absentDays: absentDays(w.absences, tz, fromDay, today),
          cells: dimensionCells(state.cells.get(workerId), dim, fromDay, track, nowDay),
          evidence: needsEvidence && track === undefined ? evidenceFor(evidence.get(workerId), dim.code) : [],
        };
      });
      inputs.push({
        unitId,
        dimension: {
          id: dim.id,
          label: dim.label,
          alerting: dim.alerting,
          measure: dim.measure,
          ...(dim.code ? { code: dim.code } : {}),
          ...(shape ? { trackShape: shape } : {}),
        },
        ...(track ? { track } : {}),
        workers: series,
        today,
        windowDays: dict.windows.longDays,
      });
    }
  }
  return detectUnitDrift(inputs, dict).map((f) => driftSignal(unitId, f));
}

function driftSignal(unitId: string, f: DriftFinding): Signal {
  return {
    signalId: `drift.${unitId}.${f.workerId}.${f.dimension}.${f.track ?? 'all'}`,
    kind: 'drift',
    test: f.test,
    workerId: f.workerId,
    dimension: f.dimension,
    ...(f.track ? { track: f.track } : {}),
    value: f.value,
    panelValue: f.panelValue,
    relDiff: f.relDiff,
    severity: f.severity,
    status: 'open',
    since: isoDay(f.sinceDay),
    explanation: f.explanation,
    evidenceCount: f.evidence.length,
    observed: f.observed,
    expected: f.expected,
    pValue: f.pValue,
    evidence: evidenceOf(f.evidence),
  };
}

/** Notes per track and flags per track × code of one scope over the baseline. */
interface ClusterBaseline {
  notes: Map<string, number>;
  flags: Map<string, Map<string, number>>;
}

const emptyBaseline = (): ClusterBaseline => ({ notes: new Map(), flags: new Map() });

function addNote(b: ClusterBaseline, track: string, codes: readonly string[]) {
  b.notes.set(track, (b.notes.get(track) ?? 0) + 1);
  for (const code of codes) {
    const m = b.flags.get(code) ?? new Map<string, number>();
    b.flags.set(code, m);
    m.set(track, (m.get(track) ?? 0) + 1);
  }
}

/** The unit less one worker: the caseload's leave-one-out panel. */
function without(unit: ClusterBaseline, mine: ClusterBaseline): ClusterBaseline {
  const out = emptyBaseline();
  for (const [t, n] of unit.notes) out.notes.set(t, n - (mine.notes.get(t) ?? 0));
  for (const [code, m] of unit.flags) {
    const o = new Map<string, number>();
    for (const [t, n] of m) o.set(t, n - (mine.flags.get(code)?.get(t) ?? 0));
    out.flags.set(code, o);
  }
  return out;
}

/**
 * Risk clusters per code on each caseload and on the unit. The panel's rate per note by track (the rest
 * of the unit for a caseload, the unit for itself) comes from the long window, shrunk toward the
 * dictionary's base rates; each window's expected count is the sum over the notes the scope wrote in it,
 * so busy mornings and quiet weekends are both right; α per window and scope from the recurrence budget.
 */
function clusterSignals(state: PartitionState, unitId: string, workers: string[], nowMs: number): Signal[] {
  const dict = state.dict;
  const tz = state.tzOfUnit(unitId);
  const today = dayNumber(nowMs, tz);
  const baselineDays = dict.windows.longDays;
  const longest = dict.clusters.maxWindowHours * HOUR_MS;
  const unitBase = emptyBaseline();
  const byWorker = new Map<string, ClusterBaseline>();
  const recentNotes: { t: number; w: string; track: string }[] = [];
  const flags = new Map<string, FlagEvent[]>();
  for (const noteId of state.unitIndex().notes.get(unitId) ?? []) {
    const n = state.notes.get(noteId);
    if (!n || n.u !== unitId || n.x === 1 || n.d <= today - baselineDays) continue;
    const track = stratumTrack(n.s);
    const mine = byWorker.get(n.w) ?? emptyBaseline();
    byWorker.set(n.w, mine);
    addNote(mine, track, n.r);
    addNote(unitBase, track, n.r);
    if (n.t <= nowMs - longest || n.t > nowMs) continue;
    recentNotes.push({ t: n.t, w: n.w, track });
    for (const code of n.r) {
      const ev = n.e.find(([c]) => c === code);
      const list = flags.get(code) ?? [];
      flags.set(code, list);
      list.push({
        caseId: n.c,
        workerId: n.w,
        code,
        t: n.t,
        evidence: {
          noteId,
          caseId: n.c,
          paragraph: ev?.[1] ?? 0,
          start: ev?.[2] ?? 0,
          end: ev?.[3] ?? 0,
          code,
          at: new Date(n.t).toISOString(),
        },
      });
    }
  }
  const alphaFor = (w: number, unitScope: boolean) =>
    clusterAlpha(dict.clusters, workers.length, dict.riskCodes.length, w, unitScope);
  const hours = baselineDays * 24;
  const out: Signal[] = [];
  for (const [code, codeFlags] of flags) {
    const risk = dict.riskCodes.find((c) => c.id === code);
    const label = risk?.label.toLowerCase() ?? code;
    const base = (track: string) => risk?.baseRates[track] ?? 0;
    for (const workerId of [undefined, ...workers]) {
      const scoped = workerId ? codeFlags.filter((f) => f.workerId === workerId) : codeFlags;
      if (new Set(scoped.map((f) => f.caseId)).size < dict.clusters.minCases) continue;
      const mine = workerId ? (byWorker.get(workerId) ?? emptyBaseline()) : unitBase;
      const panel = workerId ? without(unitBase, mine) : unitBase;
      const rates = panelCodeRates(panel.notes, panel.flags.get(code) ?? new Map(), base);
      const rateOf = (track: string) => rates.get(track) ?? Math.max(MIN_BASE_RATE, base(track));
      const exposure = recentNotes
        .filter((x) => workerId === undefined || x.w === workerId)
        .map((x) => ({ t: x.t, expected: rateOf(x.track) }));
      const displayName = workerId ? state.workers.get(workerId)?.displayName : undefined;
      const finding = scanClusters(
        {
          unitId,
          code,
          ...(workerId ? { workerId } : {}),
          flags: scoped,
          expectedPerHour: expectedPerHour(
            mine.notes,
            new Map([...mine.notes.keys()].map((t) => [t, rateOf(t)])),
            hours,
          ),
          exposure,
          nowMs,
        },
        dict,
        {
          alpha: alphaFor(dict.clusters.maxWindowHours, workerId === undefined),
          alphaFor,
          codeLabel: label,
          scopeLabel: displayName ? `${displayName}'s caseload` : 'the unit',
        },
      );
      if (finding) out.push(clusterSignal(unitId, finding));
    }
  }
  return out;
}

function clusterSignal(unitId: string, f: ClusterFinding): Signal {
  const value = f.cases;
  return {
    signalId: `cluster.${unitId}.${f.workerId ?? 'unit'}.${f.code}`,
    kind: 'cluster',
    test: 'scan',
    ...(f.workerId ? { workerId: f.workerId } : {}),
    dimension: f.code,
    value,
    panelValue: f.expected,
    relDiff: f.expected > 0 ? value / f.expected - 1 : 0,
    severity: f.severity,
    status: 'open',
    since: new Date(f.sinceMs).toISOString(),
    explanation: f.explanation,
    evidenceCount: f.evidence.length,
    observed: f.cases,
    expected: f.expected,
    pValue: f.pValue,
    evidence: evidenceOf(f.evidence),
  };
}
