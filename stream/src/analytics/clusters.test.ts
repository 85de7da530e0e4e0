import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clusterAlpha, expectedPerHour, panelCodeRates, PRIOR_NOTES, scanClusters } from './clusters.ts';
import type { ClusterInput, FlagEvent } from './types.ts';

const settings = { clusters: { maxWindowHours: 72, minCases: 3, falseClustersPerUnitYear: 1, unitScopeShare: 0.5 } };
const H = 3_600_000;
const NOW = Date.UTC(2026, 10, 20, 16);

const flag = (caseId: string, hoursAgo: number, workerId = 'w1'): FlagEvent => ({
  caseId,
  workerId,
  code: 'suicide_self_harm',
  t: NOW - hoursAgo * H,
  evidence: {
    noteId: `n-${caseId}-${hoursAgo}`,
    caseId,
    paragraph: 1,
    start: 0,
    end: 9,
    code: 'suicide_self_harm',
    at: new Date(NOW - hoursAgo * H).toISOString(),
  },
});

const input = (flags: FlagEvent[], expectedPerHourValue = 0.002): ClusterInput => ({
  unitId: 'u1',
  workerId: 'w1',
  code: 'suicide_self_harm',
  flags,
  expectedPerHour: expectedPerHourValue,
  nowMs: NOW,
});

describe('the threshold arithmetic', () => {
  it('splits one false cluster per unit-year: half to the unit, half over caseloads, by window placements', () => {
    // The unit scope: ½ of the budget over 13 codes × 5 windows × 8760/w placements.
    expect(clusterAlpha(settings.clusters, 10, 13, 72, true)).toBeCloseTo(0.5 / (13 * 5 * (8760 / 72)), 12);
    // One of 10 caseloads: ½ / 10 of it.
    expect(clusterAlpha(settings.clusters, 10, 13, 72, false)).toBeCloseTo(0.05 / (13 * 5 * (8760 / 72)), 12);
    // A 6-hour window has 12 times the placements of a 72-hour one, so a 12 times smaller α.
    expect(clusterAlpha(settings.clusters, 10, 13, 6, true) * 12).toBeCloseTo(
      clusterAlpha(settings.clusters, 10, 13, 72, true),
      12,
    );
    expect(clusterAlpha({ ...settings.clusters, falseClustersPerUnitYear: 2 }, 10, 13, 24, true)).toBeCloseTo(
      2 * clusterAlpha(settings.clusters, 10, 13, 24, true),
      12,
    );
  });
  it('the α of all tests a unit runs in a year adds up to its false-cluster budget', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 20 }),
        // The dictionary schema admits a share in [0, 1]; NaN is no setting.
        fc.double({ min: 0, max: 1, noNaN: true }),
        (workers, codes, share) => {
          const c = { ...settings.clusters, unitScopeShare: share };
          let total = 0;
          for (const w of [6, 12, 24, 48, 72]) {
            const looks = codes * (8760 / w);
            total +=
              looks * clusterAlpha(c, workers, codes, w, true) +
              workers * looks * clusterAlpha(c, workers, codes, w, false);
          }
          return Math.abs(total - 1) < 1e-9;
        },
      ),
    );
  });
  it('panel code rates lean on the dictionary base rate until the panel has seen enough notes', () => {
    const base = () => 0.04;
    // No notes yet: the base rate, not 0 (against which any 3 cases would be a cluster).
    expect(panelCodeRates(new Map([['housing', 0]]), new Map(), base).get('housing')).toBeCloseTo(0.04);
    // 20 notes, none flagged: still near the base rate.
    expect(panelCodeRates(new Map([['housing', 20]]), new Map(), base).get('housing')).toBeCloseTo(
      (PRIOR_NOTES * 0.04) / (20 + PRIOR_NOTES),
    );
    // Thousands of notes: the panel's own rate.
    const many = panelCodeRates(new Map([['housing', 10_000]]), new Map([['housing', 100]]), base).get('housing')!;
    expect(many).toBeCloseTo((100 + PRIOR_NOTES * 0.04) / (10_000 + PRIOR_NOTES), 9);
    expect(Math.abs(many / 0.01 - 1)).toBeLessThan(0.05);
  });
  it('expected per hour sums exposure × rate per stratum', () => {
    expect(
      expectedPerHour(
        new Map([
          ['a', 100],
          ['b', 50],
        ]),
        new Map([
          ['a', 0.1],
          ['b', 0.2],
        ]),
        200,
      ),
    ).toBeCloseTo(0.1);
  });
});

describe('scanClusters', () => {
  const alpha = clusterAlpha(settings.clusters, 10, 13);

  it('finds six distinct cases in a day where 0.05 were expected, with the notes as evidence', () => {
    const flags = ['a', 'b', 'c', 'd', 'e', 'f'].map((c, i) => flag(c, 2 + i * 3));
    const found = scanClusters(input(flags), settings, {
      alpha,
      scopeLabel: "Avery's caseload",
      codeLabel: 'suicide or self-harm',
    });
    expect(found).not.toBeNull();
    expect(found!.severity).toBe('alert');
    expect(found!.cases).toBe(6);
    expect(found!.windowHours).toBe(24);
    expect(found!.pValue).toBeLessThan(alpha);
    expect(found!.evidence).toHaveLength(6);
    expect(found!.sinceMs).toBe(NOW - 17 * H);
    expect(found!.explanation).toBe(
      "6 cases flagged for suicide or self-harm on Avery's caseload in 24 hours; 0.0 expected from the panel's rate.",
    );
  });

  it('counts cases, not notes: one case flagged six times is no cluster', () => {
    const flags = [1, 2, 3, 4, 5, 6].map((h) => flag('same', h));
    expect(scanClusters(input(flags), settings, { alpha })).toBeNull();
  });

  it('needs the minimum number of cases whatever the tail', () => {
    expect(scanClusters(input([flag('a', 1), flag('b', 2)], 1e-9), settings, { alpha })).toBeNull();
  });

  it('ignores flags older than the longest window or in the future', () => {
    const flags = [flag('a', 80), flag('b', 90), flag('c', 100), flag('d', -1)];
    expect(scanClusters(input(flags), settings, { alpha })).toBeNull();
  });

  it('is no cluster when the panel expects that many', () => {
    const flags = ['a', 'b', 'c', 'd'].map((c, i) => flag(c, 5 + i * 10));
    expect(scanClusters(input(flags, 0.1), settings, { alpha })).toBeNull();
  });

  it('uses the exposure in each window when given (notes written in it)', () => {
    const flags = ['a', 'b', 'c', 'd', 'e'].map((c, i) => flag(c, 1 + i));
    // Many notes in the last 6 hours, each expected to carry 0.3 flags: 5 cases are ordinary.
    const busy = Array.from({ length: 20 }, (_, i) => ({ t: NOW - (i * 0.25 + 0.1) * H, expected: 0.3 }));
    expect(scanClusters({ ...input(flags, 1e-6), exposure: busy }, settings, { alpha })).toBeNull();
    const quiet = busy.map((e) => ({ ...e, expected: 0.001 }));
    expect(scanClusters({ ...input(flags, 1), exposure: quiet }, settings, { alpha })?.severity).toBe('alert');
  });
});
