import { describe, expect, it } from 'vitest';
import { ProgressTracker } from './progress.ts';

const report = (instanceId: string, lagMs: number, asOf: string) => ({
  instanceId,
  lagMs,
  asOf,
  partitions: [0],
  at: asOf,
});

describe('ProgressTracker', () => {
  it('is null before any report', () => {
    expect(new ProgressTracker().heartbeat(1000)).toMatchObject({ asOf: null, lagMs: null });
  });

  it('takes the worst lag and the newest asOf across instances, lag growing with silence', () => {
    const t = new ProgressTracker();
    t.record(report('a', 100, '2026-11-24T08:00:00.000Z'), 10_000);
    t.record(report('b', 400, '2026-11-24T08:00:05.000Z'), 10_000);
    expect(t.heartbeat(10_000)).toMatchObject({ asOf: '2026-11-24T08:00:05.000Z', lagMs: 400 });
    // Nobody reported for 3 s: the processor may be down, so the board must drift towards stale.
    expect(t.heartbeat(13_000).lagMs).toBe(3400);
  });

  it('forgets an instance long silent while others still report', () => {
    const t = new ProgressTracker(30_000);
    t.record(report('gone', 50, '2026-11-24T08:00:00.000Z'), 0);
    t.record(report('alive', 200, '2026-11-24T08:01:00.000Z'), 40_000);
    expect(t.heartbeat(40_000).lagMs).toBe(200);
  });

  it('keeps the only instance even when it is silent, so its lag keeps growing', () => {
    const t = new ProgressTracker(30_000);
    t.record(report('only', 0, '2026-11-24T08:00:00.000Z'), 0);
    expect(t.heartbeat(60_000).lagMs).toBe(60_000);
  });
});
