import { partitionOf, type CaseloadEvent } from '@caseload/shared';

/**
 * Marker events measure ingest 202 → the `view` that reflects the event. Each marker unit has one
 * worker with one case; marker n is that worker's n-th note, so a unit view whose marker worker
 * shows notesInWindow ≥ n reflects markers 1..n. Marker units sit on distinct partitions.
 */
export interface MarkerUnit {
  unitId: string;
  workerId: string;
  caseId: string;
  partition: number;
}

export function markerUnits(count: number, partitions: number, runTag: string): MarkerUnit[] {
  const out: MarkerUnit[] = [];
  const used = new Set<number>();
  for (let i = 0; out.length < count && i < 10_000; i++) {
    const unitId = `bench-${runTag}-m${i}`;
    const partition = partitionOf(unitId, partitions);
    if (used.has(partition) && used.size < partitions) continue;
    used.add(partition);
    out.push({ unitId, workerId: `${unitId}-w`, caseId: `${unitId}-c`, partition });
  }
  return out;
}

const envelope = (id: string, siteId: string, type: CaseloadEvent['type'], time: string, data: object) =>
  ({
    specversion: '1.0',
    id,
    source: `/sites/${siteId}/bench`,
    type,
    time,
    datacontenttype: 'application/json',
    data,
  }) as CaseloadEvent;

/** The unit, its worker and the worker's one case. */
export function markerRoster(units: MarkerUnit[], siteId: string, time: string): CaseloadEvent[] {
  return units.flatMap((u) => [
    envelope(`${u.unitId}-unit`, siteId, 'caseload.unit.upserted', time, {
      unitId: u.unitId,
      siteId,
      name: `Bench marker ${u.unitId}`,
    }),
    envelope(`${u.unitId}-worker`, siteId, 'caseload.worker.upserted', time, {
      workerId: u.workerId,
      unitId: u.unitId,
      name: 'Marker Worker',
      capacity: 40,
    }),
    envelope(`${u.unitId}-case`, siteId, 'caseload.case.opened', time, {
      caseId: u.caseId,
      clientId: `${u.unitId}-cl`,
      unitId: u.unitId,
      track: 'housing',
      complexityFactors: [],
      workerId: u.workerId,
    }),
  ]);
}

export function markerNote(u: MarkerUnit, ordinal: number, siteId: string, time: string): CaseloadEvent {
  return envelope(`${u.unitId}-n${ordinal}`, siteId, 'caseload.note.submitted', time, {
    noteId: `${u.unitId}-n${ordinal}`,
    caseId: u.caseId,
    unitId: u.unitId,
    workerId: u.workerId,
    text: `Bench marker ${ordinal}. Office visit; client attended and the plan was reviewed.`,
  });
}

interface MarkerState {
  unitId: string;
  ordinal: number;
  acceptedAt?: number;
  observedAt?: number;
}

/** The markers sent, when ingest accepted each, and when a view first reflected it. */
export class MarkerBook {
  private readonly markers = new Map<string, MarkerState[]>();
  private readonly seenCount = new Map<string, number>();

  sent(unitId: string, ordinal: number): void {
    const list = this.markers.get(unitId) ?? [];
    list[ordinal - 1] = { unitId, ordinal };
    this.markers.set(unitId, list);
  }

  accepted(unitId: string, ordinal: number, atMs: number): void {
    const m = this.markers.get(unitId)?.[ordinal - 1];
    if (m && m.acceptedAt === undefined) m.acceptedAt = atMs;
  }

  /** A view of the unit showed the marker worker with `count` notes: markers 1..count are reflected. */
  observed(unitId: string, count: number, atMs: number): void {
    const before = this.seenCount.get(unitId) ?? 0;
    if (count <= before) return;
    this.seenCount.set(unitId, count);
    const list = this.markers.get(unitId) ?? [];
    for (let i = before; i < Math.min(count, list.length); i++) {
      const m = list[i];
      if (m && m.observedAt === undefined) m.observedAt = atMs;
    }
  }

  /**
   * Latencies of the markers accepted in [fromMs, toMs). One reflected in a view before its 202
   * arrived counts 0; one not yet reflected at `nowMs` counts `nowMs − acceptedAt`, a lower bound.
   */
  latencies(fromMs: number, toMs: number, nowMs: number): { latenciesMs: number[]; unobserved: number } {
    const latenciesMs: number[] = [];
    let unobserved = 0;
    for (const list of this.markers.values())
      for (const m of list) {
        if (!m || m.acceptedAt === undefined || m.acceptedAt < fromMs || m.acceptedAt >= toMs) continue;
        if (m.observedAt === undefined) {
          unobserved++;
          latenciesMs.push(Math.max(0, nowMs - m.acceptedAt));
        } else latenciesMs.push(Math.max(0, m.observedAt - m.acceptedAt));
      }
    return { latenciesMs, unobserved };
  }
}
