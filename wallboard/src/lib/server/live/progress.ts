import type { Heartbeat, ProgressMessage } from '@caseload/shared';

/**
 * The processor's progress, as heard on PROGRESS_SUBJECT from each instance, folded into the
 * heartbeat's `asOf` and `lagMs`. The lag grows with the time since the last report, so a stopped
 * processor makes every board stale by itself; an instance silent for `forgetAfterMs` while others
 * still report is forgotten (it was scaled away or its partitions moved).
 */
export class ProgressTracker {
  private readonly byInstance = new Map<string, { msg: ProgressMessage; receivedAt: number }>();

  constructor(private readonly forgetAfterMs = 30_000) {}

  record(msg: ProgressMessage, receivedAt = Date.now()): void {
    this.byInstance.set(msg.instanceId, { msg, receivedAt });
  }

  heartbeat(now = Date.now()): Heartbeat {
    const newest = Math.max(...[...this.byInstance.values()].map((e) => e.receivedAt));
    for (const [id, e] of this.byInstance) {
      if (now - e.receivedAt > this.forgetAfterMs && newest - e.receivedAt > this.forgetAfterMs)
        this.byInstance.delete(id);
    }
    const entries = [...this.byInstance.values()];
    if (entries.length === 0) return { serverTime: new Date(now).toISOString(), asOf: null, lagMs: null };
    const lagMs = Math.max(...entries.map((e) => e.msg.lagMs + Math.max(0, now - e.receivedAt)));
    const asOf = entries.map((e) => e.msg.asOf).reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
    return { serverTime: new Date(now).toISOString(), asOf, lagMs: Math.round(lagMs) };
  }
}
