/**
 * Per-key publish throttle: the first change goes out at once, then at most one per interval; a
 * change offered meanwhile waits for the interval's end and only the latest survives, so the last
 * state is never dropped. Emits per key run one after another.
 */
export class Throttle<T> {
  private readonly last = new Map<string, number>();
  private readonly pending = new Map<string, T>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (key: string, value: T) => Promise<void> | void,
    private readonly now: () => number = Date.now,
  ) {}

  offer(key: string, value: T): void {
    const last = this.last.get(key);
    const t = this.now();
    if (last === undefined || t - last >= this.intervalMs) {
      if (!this.timers.has(key)) {
        this.send(key, value, t);
        return;
      }
    }
    this.pending.set(key, value);
    if (!this.timers.has(key)) {
      const wait = Math.max(0, (last ?? t) + this.intervalMs - t);
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          const v = this.pending.get(key);
          if (v === undefined) return;
          this.pending.delete(key);
          this.send(key, v, this.now());
        }, wait),
      );
    }
  }

  private send(key: string, value: T, t: number): void {
    this.last.set(key, t);
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.then(() => this.emit(key, value)).catch(() => undefined);
    this.chains.set(key, next);
  }

  /** Sends whatever waits, now (on shutdown), and waits for every emit. */
  async drain(): Promise<void> {
    for (const [key, timer] of this.timers) {
      clearTimeout(timer);
      const v = this.pending.get(key);
      if (v !== undefined) this.send(key, v, this.now());
    }
    this.timers.clear();
    this.pending.clear();
    await Promise.all(this.chains.values());
  }
}
