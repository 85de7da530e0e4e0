import { describe, expect, it } from 'vitest';
import { ProgressTracker } from './progress.ts';

const report = (instanceId: string, lagMs: number, asOf: string, partitions = [0]) => ({
  instanceId,
  lagMs,
  asOf,
  partitions,
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

  it('forgets a crashed instance soon once another reports all its partitions', () => {
    const t = new ProgressTracker(30_000, 3_000);
    t.record(report('crashed', 0, '2026-11-24T08:00:00.000Z', [0, 1, 2]), 0);
    // The restarted processor has taken partitions 0 and 1 so far: the crashed one still counts.
    t.record(report('restarted', 100, '2026-11-24T08:00:09.000Z', [0, 1]), 9_000);
    expect(t.heartbeat(9_000).lagMs).toBe(9_000);
    // Now it reports all three: the silent instance's work is taken over, its silence no longer lags.
    t.record(report('restarted', 100, '2026-11-24T08:00:10.000Z', [0, 1, 2]), 10_000);
    expect(t.heartbeat(10_000).lagMs).toBe(100);
  });

  it('keeps a silent instance whose partitions nobody has reported since', () => {
    const t = new ProgressTracker(30_000, 3_000);
    t.record(report('other', 0, '2026-11-24T08:00:00.000Z', [1]), 0);
    t.record(report('stuck', 0, '2026-11-24T08:00:01.000Z', [0]), 1_000);
    t.record(report('other', 0, '2026-11-24T08:00:08.000Z', [1]), 8_000);
    expect(t.heartbeat(8_000).lagMs).toBe(7_000);
  });

  it('keeps a briefly quiet instance even when its partitions moved (it may still be handing over)', () => {
    const t = new ProgressTracker(30_000, 3_000);
    t.record(report('old', 0, '2026-11-24T08:00:00.000Z', [0]), 0);
    t.record(report('new', 0, '2026-11-24T08:00:01.000Z', [0]), 1_000);
    expect(t.heartbeat(2_000).lagMs).toBe(2_000);
  });
});
