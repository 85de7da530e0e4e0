import type { Heartbeat, ProgressMessage } from '@caseload/shared';

/**
 * The processor's progress, as heard on PROGRESS_SUBJECT from each instance, folded into the
 * heartbeat's `asOf` and `lagMs`. The lag grows with the time since the last report, so a stopped
 * processor makes every board stale by itself; an instance silent for `forgetAfterMs` while others
 * still report is forgotten (it was scaled away or its partitions moved). Sooner than that, a silent
 * instance whose partitions another instance has reported since is forgotten: its work was taken
 * over (a crashed processor restarted, or a takeover), so its silence no longer means anything lags.
 */
export class ProgressTracker {
  private readonly byInstance = new Map<string, { msg: ProgressMessage; receivedAt: number }>();

  /**
   * @param forgetAfterMs silence after which an instance is forgotten while others still report
   * @param silentAfterMs silence after which an instance whose partitions were taken over is forgotten
   *   (a few of the processor's 1 s reports)
   */
  constructor(
    private readonly forgetAfterMs = 30_000,
    private readonly silentAfterMs = 3_000,
  ) {}

  record(msg: ProgressMessage, receivedAt = Date.now()): void {
    this.byInstance.set(msg.instanceId, { msg, receivedAt });
  }

  heartbeat(now = Date.now()): Heartbeat {
    const newest = Math.max(...[...this.byInstance.values()].map((e) => e.receivedAt));
    for (const [id, e] of this.byInstance) {
      const silent = now - e.receivedAt;
      if (
        (silent > this.forgetAfterMs && newest - e.receivedAt > this.forgetAfterMs) ||
        (silent > this.silentAfterMs && this.takenOver(id, e.msg.partitions, e.receivedAt))
      )
        this.byInstance.delete(id);
    }
    const entries = [...this.byInstance.values()];
    if (entries.length === 0) return { serverTime: new Date(now).toISOString(), asOf: null, lagMs: null };
    const lagMs = Math.max(...entries.map((e) => e.msg.lagMs + Math.max(0, now - e.receivedAt)));
    const asOf = entries.map((e) => e.msg.asOf).reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
    return { serverTime: new Date(now).toISOString(), asOf, lagMs: Math.round(lagMs) };
  }

  /** Whether every partition of a silent instance was reported by other instances after it went quiet. */
  private takenOver(id: string, partitions: number[], silentSince: number): boolean {
    const covered = new Set<number>();
    for (const [other, e] of this.byInstance) {
      if (other !== id && e.receivedAt > silentSince) for (const p of e.msg.partitions) covered.add(p);
    }
    return covered.size > 0 && partitions.every((p) => covered.has(p));
  }
}
