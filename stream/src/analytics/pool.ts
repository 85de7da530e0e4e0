/**
 * The client pool: unassigned cases, how long each has waited, and a recommended worker for each —
 * the present worker with the most headroom (capacity − weighted load) among those whose tracks match
 * the case (any worker when none matches or none has room), taking the oldest case first and counting
 * each recommendation against that worker's headroom so the suggestions spread.
 */

const DAY_MS = 86_400_000;

export interface PoolCase {
  caseId: string;
  track: string;
  /** The case's weight (baseCaseWeight + factors). */
  weight: number;
  waitingSinceMs: number;
}

export interface PoolWorker {
  workerId: string;
  tracks: readonly string[];
  capacity: number;
  weightedLoad: number;
  absent: boolean;
}

export interface PoolItem {
  caseId: string;
  track: string;
  waitDays: number;
  recommendedWorkerId?: string;
  trackMatch: boolean;
  /** The recommended worker's headroom after taking this case. */
  headroomAfter?: number;
}

export interface PoolSummary {
  unassigned: number;
  oldestWaitDays: number;
  items: PoolItem[];
}

export function recommendPool(cases: readonly PoolCase[], workers: readonly PoolWorker[], nowMs: number): PoolSummary {
  const headroom = new Map(workers.filter((w) => !w.absent).map((w) => [w.workerId, w.capacity - w.weightedLoad]));
  const present = workers.filter((w) => !w.absent);
  const ordered = [...cases].sort((a, b) => a.waitingSinceMs - b.waitingSinceMs || a.caseId.localeCompare(b.caseId));
  const items: PoolItem[] = ordered.map((c) => {
    const waitDays = Math.max(0, (nowMs - c.waitingSinceMs) / DAY_MS);
    const matching = present.filter((w) => w.tracks.length === 0 || w.tracks.includes(c.track));
    const withRoom = (ws: readonly PoolWorker[]) => ws.filter((w) => headroom.get(w.workerId)! >= c.weight);
    const pool = withRoom(matching).length
      ? withRoom(matching)
      : withRoom(present).length
        ? withRoom(present)
        : matching.length
          ? matching
          : present;
    const best = [...pool].sort(
      (a, b) => headroom.get(b.workerId)! - headroom.get(a.workerId)! || a.workerId.localeCompare(b.workerId),
    )[0];
    if (!best) return { caseId: c.caseId, track: c.track, waitDays, trackMatch: false };
    const after = headroom.get(best.workerId)! - c.weight;
    headroom.set(best.workerId, after);
    return {
      caseId: c.caseId,
      track: c.track,
      waitDays,
      recommendedWorkerId: best.workerId,
      trackMatch: best.tracks.length === 0 || best.tracks.includes(c.track),
      headroomAfter: after,
    };
  });
  return {
    unassigned: cases.length,
    oldestWaitDays: items.reduce((m, i) => Math.max(m, i.waitDays), 0),
    items,
  };
}
