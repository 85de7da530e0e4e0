import { describe, expect, it } from 'vitest';
import {
  indirectlyStandardise,
  panelRates,
  rateFor,
  subtract,
  totalsByStratum,
  type StratumTotals,
} from './standardise.ts';
import type { DailyCell } from './types.ts';

const cell = (day: number, stratum: string, events: number, exposure: number): DailyCell => ({
  day,
  stratum,
  events,
  exposure,
});
const totals = (entries: [string, number, number][]): StratumTotals =>
  new Map(entries.map(([k, e, x]) => [k, { events: e, exposure: x }]));

describe('indirect standardisation', () => {
  it('a worker with the hardest cases is expected to show more, not judged against the crude mean', () => {
    // The panel: easy cases 5% flagged, hard ones 30%.
    const panel = totals([
      ['housing|0', 50, 1000],
      ['housing|2', 300, 1000],
    ]);
    // The worker sees only hard cases, at the panel's hard-case rate.
    const worker = totals([['housing|2', 30, 100]]);
    const st = indirectlyStandardise(worker, panel);
    expect(st.observed).toBe(30);
    expect(st.expected).toBeCloseTo(30, 0);
    expect(st.panelCrudeRate).toBeCloseTo(0.175);
  });

  it('shrinks a barely seen stratum toward the overall rate', () => {
    const panel = totals([
      ['a|0', 100, 1000],
      ['a|1', 2, 2],
    ]);
    const r = panelRates(panel);
    expect(r.byStratum.get('a|1')!).toBeLessThan(0.2);
    expect(r.byStratum.get('a|0')!).toBeCloseTo(0.1, 2);
  });

  it('sums cells by stratum, skipping absent days, other tracks and days outside the window', () => {
    const cells = [cell(1, 'a|0', 1, 2), cell(2, 'a|0', 1, 2), cell(3, 'b|0', 5, 5), cell(9, 'a|0', 9, 9)];
    const t = totalsByStratum(cells, { fromDay: 1, toDay: 5, skipDays: new Set([2]), track: 'a' });
    expect([...t.entries()]).toEqual([['a|0', { events: 1, exposure: 2 }]]);
  });

  it('the leave-one-out panel is the unit less the worker', () => {
    const unit = totals([['a|0', 10, 100]]);
    const me = totals([['a|0', 4, 30]]);
    expect(subtract(unit, me).get('a|0')).toEqual({ events: 6, exposure: 70 });
  });
});

describe('rates shaped by the dictionary (contacts follow cadence)', () => {
  const shape = { weekly: 1, fortnightly: 0.5 };
  it('sets each stratum at the panel level × its track shape, pooling every stratum into one ratio', () => {
    // The panel contacts at 80% of cadence overall; its few weekly cases happen to read 100%.
    const panel = totals([
      ['fortnightly|0', 40, 100],
      ['weekly|0', 4, 4],
    ]);
    const r = panelRates(panel, 5, shape);
    const factor = 44 / (100 * 0.5 + 4 * 1);
    expect(r.byStratum.get('fortnightly|0')).toBeCloseTo(factor * 0.5);
    expect(r.byStratum.get('weekly|0')).toBeCloseTo(factor * 1);
    // A stratum the panel never saw follows its track's shape, not the panel's crude rate.
    expect(rateFor(r, 'weekly|2')).toBeCloseTo(factor);
  });
  it('falls back to per-stratum rates when the shape does not cover a track', () => {
    const panel = totals([['other|0', 10, 100]]);
    expect(panelRates(panel, 5, shape).shape).toBeUndefined();
    expect(panelRates(panel, 5, shape).byStratum.get('other|0')).toBeCloseTo(0.1, 2);
  });
  it('standardises a worker against the shaped panel', () => {
    const panel = totals([['fortnightly|0', 50, 100]]);
    const worker = totals([['weekly|0', 20, 20]]);
    expect(indirectlyStandardise(worker, panel, shape).expected).toBeCloseTo(20);
    expect(indirectlyStandardise(worker, panel).expected).toBeCloseTo(10, 0);
  });
});
