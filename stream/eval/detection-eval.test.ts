import { describe, expect, it } from 'vitest';
import { loadDictionary } from '@caseload/shared';
import { runDetectionEval } from './run.ts';
import { formatTable } from './table.ts';

describe('detection evaluation (tiny county)', () => {
  const result = runDetectionEval({ units: 9, weeks: 12, seed: 3, dictionary: loadDictionary(), onset: [10, 14] });

  it('reports every figure for every detector', () => {
    const keys = ['recall', 'precision', 'medianDelayDays', 'medianDelayEvents', 'falseAlarmsPerUnitWeek'];
    for (const s of [result.drift.ours, result.drift.naive, result.drift.oracle, result.clusters.ours]) {
      for (const k of keys) expect(s).toHaveProperty(k);
    }
    for (const k of ['recall50', 'recallContact30', 'delayRatio18']) expect(result.drift.ours).toHaveProperty(k);
    expect(formatTable(result)).toContain('oracle CUSUM');
  });

  it('finds injected +50% drifts and clusters, with far fewer false alarms than the naive rule', () => {
    expect(result.drift.ours.recall50).toBeGreaterThan(0.5);
    expect(result.clusters.ours.recall).toBeGreaterThan(0.5);
    expect(result.drift.naive.falseAlarmsPerUnitWeek).toBeGreaterThan(10 * result.drift.ours.falseAlarmsPerUnitWeek);
  });

  it('finds the −30% contact drifts, and alerts only on each dimension’s side of concern', () => {
    expect(result.drift.ours.recallContact30).toBeGreaterThan(0.5);
    const episodes = result.detail.oursEpisodes;
    expect(episodes.length).toBeGreaterThan(0);
    for (const e of episodes) expect(e.direction).toBe(e.dimension === 'contacts_per_case_week' ? 'down' : 'up');
  });
});
