import { readFileSync } from 'node:fs';

/**
 * CPU and memory of the stack's processes from Linux /proc: utime + stime from /proc/<pid>/stat,
 * VmRSS / VmHWM from /proc/<pid>/status. Reading /proc costs the bench almost nothing, unlike
 * asking each process for its own figures.
 */

/** Clock ticks per second (`getconf CLK_TCK`); 100 on every Linux the project runs on. */
export const CLOCK_TICKS = 100;

/** utime + stime in ticks, from the text of /proc/<pid>/stat (the name may hold spaces or parens). */
export function parseStatTicks(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
  return Number(rest[11]) + Number(rest[12]);
}

/** A `Name: <n> kB` line of /proc/<pid>/status, in MB (0 when absent). */
export function parseStatusMB(status: string, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) / 1024 : 0;
}

export function cpuTicks(pid: number): number | undefined {
  try {
    return parseStatTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // gone
  }
}

export function memoryMB(pid: number): { rss: number; peak: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: parseStatusMB(s, 'VmRSS'), peak: parseStatusMB(s, 'VmHWM') };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

/** Named groups of pids (e.g. `load` = the bench and its client processes). */
export type PidGroups = Record<string, () => number[]>;

export interface CpuSnapshot {
  atMs: number;
  ticks: Record<string, number>;
}

export function snapshotCpu(groups: PidGroups, atMs = Date.now()): CpuSnapshot {
  const ticks: Record<string, number> = {};
  for (const [name, pids] of Object.entries(groups))
    ticks[name] = pids().reduce((sum, pid) => sum + (cpuTicks(pid) ?? 0), 0);
  return { atMs, ticks };
}

/** Percent of one core each group used between two snapshots (200 % = both cores of a 2-core box). */
export function cpuPercentBetween(a: CpuSnapshot, b: CpuSnapshot): Record<string, number> {
  const seconds = (b.atMs - a.atMs) / 1000;
  const out: Record<string, number> = {};
  for (const name of Object.keys(b.ticks)) {
    const used = Math.max(0, (b.ticks[name] ?? 0) - (a.ticks[name] ?? 0)) / CLOCK_TICKS;
    out[name] = seconds > 0 ? (100 * used) / seconds : 0;
  }
  return out;
}
