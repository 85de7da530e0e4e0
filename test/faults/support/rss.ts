import { readFileSync } from 'node:fs';

/** Resident set size of a process in MB, from /proc (undefined once it is gone). */
export function rssMB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples the RSS of the processes it is given, keeping each one's peak, until stopped. */
export class RssSampler {
  private readonly peaks = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pids: () => Record<string, number | undefined>,
    everyMs = 100,
  ) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.sample();
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids())) {
      const mb = pid ? rssMB(pid) : undefined;
      if (mb !== undefined && mb > (this.peaks.get(name) ?? 0)) this.peaks.set(name, mb);
    }
  }

  stop(): Record<string, number> {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries([...this.peaks].map(([k, v]) => [k, Math.round(v)]));
  }
}
