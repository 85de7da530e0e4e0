import { describe, expect, it } from 'vitest';
import { cpuPercentBetween, memoryMB, parseStatTicks, parseStatusMB, snapshotCpu } from './proc-stats.ts';

describe('proc stats', () => {
  it('reads utime + stime even when the command name holds spaces and parens', () => {
    const stat = '4242 (node (tsx) x) S 1 4242 4242 0 -1 4194304 500 0 0 0 1234 567 0 0 20 0 11 0 100 0 0';
    expect(parseStatTicks(stat)).toBe(1234 + 567);
  });

  it('reads RSS and its peak in MB', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(parseStatusMB(status, 'VmRSS')).toBe(100);
    expect(parseStatusMB(status, 'VmHWM')).toBe(200);
    expect(parseStatusMB('Name: x', 'VmRSS')).toBe(0);
  });

  it('turns tick differences into percent of a core', () => {
    const a = { atMs: 0, ticks: { stream: 1000, gone: 50 } };
    const b = { atMs: 2000, ticks: { stream: 1300, gone: 0 } };
    expect(cpuPercentBetween(a, b)).toEqual({ stream: 150, gone: 0 });
  });

  it('measures this very process burning CPU', () => {
    const groups = { self: () => [process.pid] };
    const a = snapshotCpu(groups);
    const until = Date.now() + 300;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    const b = snapshotCpu(groups);
    expect(x).toBeGreaterThan(0);
    expect(b.ticks.self!).toBeGreaterThan(a.ticks.self!);
    expect(memoryMB(process.pid).rss).toBeGreaterThan(10);
  });
});
