import { describe, expect, it } from 'vitest';
import { loadDictionary } from '@caseload/shared';
import { detectDrift } from './drift.ts';
import { chartModelFor, trackShapeFor, trialsPerExposure } from './measures.ts';
import type { DailyCell, DriftInput, WorkerSeries } from './types.ts';

/**
 * Contacts per case-week: the expectation follows each track's cadence (the dictionary's shape) at the
 * panel's level, and the chart counts case-days as Bernoulli trials. A fortnightly unit where one worker
 * happens to hold more weekly off-track cases must not see that worker drift "up" for it.
 */

const dictionary = loadDictionary();
const TODAY = 20_000;
const isBusinessDay = (day: number) => {
  const wd = (((day + 4) % 7) + 7) % 7;
  return wd >= 1 && wd <= 5;
};

function prng(seed: number) {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

interface Spec {
  id: string;
  /** Cases per track. */
  cases: Record<string, number>;
  /** Multiplier on the contact probability from `shiftFrom` days before today. */
  factor?: number;
  shiftFrom?: number;
}

const cadence = Object.fromEntries(dictionary.tracks.map((t) => [t.id, t.defaultCadenceDays]));

/** Each open case is contacted on a business day with probability (7 / cadence) / 5, as on cadence. */
function series(spec: Spec, seed: number, days = 84): WorkerSeries {
  const u = prng(seed);
  const cells: DailyCell[] = [];
  for (let d = TODAY - days + 1; d <= TODAY; d++) {
    if (!isBusinessDay(d)) continue;
    const f = spec.shiftFrom !== undefined && d > TODAY - spec.shiftFrom ? (spec.factor ?? 1) : 1;
    for (const [track, n] of Object.entries(spec.cases)) {
      let events = 0;
      for (let i = 0; i < n; i++) if (u() < (7 / cadence[track]! / 5) * f) events++;
      cells.push({ day: d, stratum: `${track}|1`, events, exposure: n / 5 });
    }
  }
  return { workerId: spec.id, displayName: spec.id, absentDays: [], cells, evidence: [] };
}

function unit(specs: Spec[], shaped = true): DriftInput {
  const shape = trackShapeFor('contacts_per_case_week', dictionary.tracks);
  return {
    unitId: 'u1',
    dimension: {
      id: 'contacts_per_case_week',
      label: 'Contacts per case-week',
      measure: 'contacts_per_case_week',
      alerting: true,
      ...(shaped && shape ? { trackShape: shape } : {}),
    },
    workers: specs.map((s, i) => series(s, 17 + i * 7919)),
    today: TODAY,
    windowDays: 28,
  };
}

const fortnightly = dictionary.tracks.find((t) => t.defaultCadenceDays === 14)!.id;
const weekly = dictionary.tracks.find((t) => t.defaultCadenceDays === 7)!.id;
const panel = (n: number): Spec[] =>
  Array.from({ length: n }, (_, i) => ({ id: `w${i}`, cases: { [fortnightly]: 16, [weekly]: i % 4 === 0 ? 1 : 0 } }));

describe('contacts per case-week', () => {
  it('the dictionary shapes contacts by cadence; case-days are Bernoulli trials', () => {
    const shape = trackShapeFor('contacts_per_case_week', dictionary.tracks)!;
    expect(shape[weekly]).toBeCloseTo(1);
    expect(shape[fortnightly]).toBeCloseTo(0.5);
    expect(trackShapeFor('risk_rate', dictionary.tracks)).toBeUndefined();
    expect(trialsPerExposure('contacts_per_case_week')).toBe(5);
    expect(chartModelFor('contacts_per_case_week')).toBe('binomial');
    expect(chartModelFor('risk_rate')).toBe('poisson');
    expect(trialsPerExposure('late_doc_rate')).toBe(1);
  });

  it('holding more weekly off-track cases is not a drift', () => {
    const specs = [{ id: 'offtrack', cases: { [fortnightly]: 12, [weekly]: 6 } }, ...panel(9)];
    const alerts = detectDrift(unit(specs), dictionary).filter((f) => f.severity === 'alert');
    expect(alerts.filter((f) => f.workerId === 'offtrack')).toEqual([]);
  });

  it('a worker whose contacts fell by 40% for six weeks alerts downward, dated after the change', () => {
    const weeklyPanel = panel(9).map((p) => ({ ...p, cases: { [weekly]: 16 } }));
    const specs = [{ id: 'slow', cases: { [weekly]: 17 }, factor: 0.6, shiftFrom: 42 }, ...weeklyPanel];
    const slow = detectDrift(unit(specs), dictionary).find((f) => f.workerId === 'slow');
    expect(slow?.severity).toBe('alert');
    expect(slow!.relDiff).toBeLessThan(-0.15);
    expect(slow!.sinceDay).toBeGreaterThan(TODAY - 42);
  });

  it('a unit behind cadence as a whole sets a lower expectation for each worker', () => {
    const behind = panel(10).map((s) => ({ ...s, factor: 0.75, shiftFrom: 84 }));
    const found = detectDrift(unit(behind), dictionary).filter((f) => f.severity === 'alert');
    // Against the cadence itself all ten would be 25% behind; against the panel's level at most a chance
    // alert remains (the one-sided charts' budget makes one in a unit-quarter expected, seed 17 has one).
    expect(found.length).toBeLessThanOrEqual(1);
    // A worker 25% behind among a panel on cadence is behind the panel, and alerts (weekly cases here:
    // fortnightly ones take longer than the 84 days held to tell 25% from noise at this budget).
    const weeklyPanel = panel(9).map((p) => ({ ...p, cases: { [weekly]: 16 } }));
    const alone = [{ id: 'alone', cases: { [weekly]: 16 }, factor: 0.75, shiftFrom: 84 }, ...weeklyPanel];
    expect(detectDrift(unit(alone), dictionary).find((f) => f.workerId === 'alone')?.severity).toBe('alert');
  });

  it('more contacts than the cadence asks is not a concern: no alert', () => {
    const weeklyPanel = panel(9).map((p) => ({ ...p, cases: { [weekly]: 16 } }));
    const specs = [{ id: 'busy', cases: { [weekly]: 17 }, factor: 1.6, shiftFrom: 60 }, ...weeklyPanel];
    const busy = detectDrift(unit(specs), dictionary).filter((f) => f.workerId === 'busy');
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((f) => f.severity === 'watch' && f.relDiff > 0)).toBe(true);
  });
});
