import { redisKeys } from '@caseload/shared';
import type { RedisClient } from '../sinks/redis.ts';
import type { SignalStatuses } from '../views/unit-analytics.ts';
import type { FlushTimings } from '../health/flush-timings.ts';
import type { PartitionFlusher } from './partition-flush.ts';

export interface CycleMember {
  flusher: PartitionFlusher;
  /** "Now" for this partition (the wall clock, or its event clock). */
  nowMs: number;
  /** Whether the partition is still ours (checked again after each await). */
  live(): boolean;
}

/**
 * One flush cycle over every owned partition, in phases across all of them rather than one
 * partition after another: a view waits only for the CPU that builds the views before it, not for
 * every earlier partition's Redis round trips, series and worker details (16 partitions each
 * awaiting four or five round trips put most of a second between an event and its view under load).
 *
 * 1. upkeep and due units, per partition (awaits Redis only for transferred cases);
 * 2. supervisors' statuses of every unit whose analytics are due, in two round trips for all;
 * 3. views built and offered to the publisher, partition by partition, yielding to the event loop
 *    every BUILD_SLICE_MS so that deliveries keep flowing; their records in one pipeline;
 * 4. series and worker details, off the cycle, by the BackgroundQueue (with `final`, all of it now).
 */
/** Building views runs this long at most before deliveries get a turn (see flushCycle). */
const BUILD_SLICE_MS = 25;

export async function flushCycle(
  redis: RedisClient,
  members: CycleMember[],
  analyticsUntil: number,
  final = false,
  timings?: FlushTimings,
  background?: BackgroundQueue,
): Promise<void> {
  const t = Date.now();
  const due: { m: CycleMember; units: string[] }[] = [];
  for (const m of members) {
    if (!m.live()) continue;
    due.push({ m, units: await m.flusher.prepare(m.nowMs, t) });
  }
  const v0 = Date.now();
  const statuses = await readStatuses(
    redis,
    due.flatMap(({ m, units }) => m.flusher.analyticsDue(units, t)),
  );
  const multi = redis.multi();
  const built: PartitionFlusher[] = [];
  let since = performance.now();
  for (const { m, units } of due) {
    // Deliveries get a turn after each BUILD_SLICE_MS of building, not after every partition: each
    // turn lets every partition's consumer run its own slice first, so under load sixteen turns
    // stretched one cycle (and the views of its later partitions) to over a second.
    if (!final && performance.now() - since >= BUILD_SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
    }
    if (!m.live()) continue;
    m.flusher.buildViews(units, m.nowMs, t, analyticsUntil, statuses, multi);
    built.push(m.flusher);
  }
  let ok = false;
  try {
    await multi.execAsPipeline();
    ok = true;
  } finally {
    for (const f of built) f.committed(ok);
    timings?.add('viewsMs', Date.now() - v0);
  }
  const live = due.map(({ m }) => m).filter((m) => m.live());
  if (final) {
    await background?.idle();
    for (const m of live) await m.flusher.background(m.nowMs, true);
  } else background?.kick(live);
}

/**
 * Series and worker details of every partition, one partition after another, in rounds that start
 * when the last one ended. Started for all partitions at once they built thousands of details and
 * series points in one go: event-loop stalls of over half a second, and the roll-up's reads queued
 * behind their pipelines.
 */
export class BackgroundQueue {
  private round: Promise<void> | undefined;

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Starts a round over `members` unless one is running. */
  kick(members: CycleMember[]): void {
    if (this.round || !members.length) return;
    this.round = (async () => {
      for (const m of members) {
        if (!m.live()) continue;
        await m.flusher.background(m.nowMs);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })()
      .catch(this.onError)
      .finally(() => {
        this.round = undefined;
      });
  }

  /** Resolves when no round is running. */
  async idle(): Promise<void> {
    await this.round;
  }
}

/** Supervisors' statuses of the units' known signals, per unit, in two round trips. */
export async function readStatuses(redis: RedisClient, unitIds: string[]): Promise<Map<string, SignalStatuses>> {
  const out = new Map<string, SignalStatuses>();
  if (!unitIds.length) return out;
  const multi = redis.multi();
  for (const u of unitIds) multi.zRange(redisKeys.unitSignals(u), 0, -1);
  const idsByUnit = (await multi.execAsPipeline()) as unknown as string[][];
  const all = idsByUnit.flat();
  const values = all.length ? await redis.mGet(all.map((id) => redisKeys.signalStatus(id))) : [];
  let i = 0;
  unitIds.forEach((u, k) => {
    const m: SignalStatuses = new Map();
    for (const id of idsByUnit[k]!) {
      const v = values[i++];
      if (v) m.set(id, JSON.parse(v));
    }
    out.set(u, m);
  });
  return out;
}
