import { describe, expect, it } from 'vitest';
import { emptyCell, type Cell } from '../state/records.ts';
import { dayNumber, dayStartMs } from './day.ts';
import { businessCaseWeeks, dayCellsOf, dimensionCells, measureOf, partialDay, windowTotals } from './windows.ts';

const cell = (over: Partial<Cell>): Cell => ({ ...emptyCell(), ...over });

describe('windows', () => {
  const cells = dayCellsOf(
    new Map([
      [100, new Map([['housing|0', cell({ n: 2, r: 1, cd: { violence: 1 }, oc: [1, 0, 1, 0], cs: 7 })]])],
      [
        106,
        new Map([
          ['housing|0', cell({ n: 1, dl: 1, lt: 1, cs: 7 })],
          ['child_welfare|2', cell({ n: 3, r: 2, cs: 14 })],
        ]),
      ],
      [107, new Map([['housing|0', cell({ n: 5 })]])],
    ]),
  );

  it('sums the days of a window ending today, optionally for one track', () => {
    expect(windowTotals(cells, 106, 7).n).toBe(6);
    expect(windowTotals(cells, 107, 7).n).toBe(9);
    expect(windowTotals(cells, 107, 7, 'housing').n).toBe(6);
    expect(windowTotals(cells, 107, 1).n).toBe(5);
  });

  it('projects each drift measure to events over exposure', () => {
    const c = cell({ n: 4, r: 3, cd: { violence: 2 }, th: { engagement: 1 }, dl: 2, lt: 1, oc: [3, 1, 2, 5], cs: 14 });
    expect(measureOf(c, { measure: 'risk_rate' })).toEqual({ events: 3, exposure: 4 });
    expect(measureOf(c, { measure: 'code_rate', code: 'violence' })).toEqual({ events: 2, exposure: 4 });
    expect(measureOf(c, { measure: 'theme_rate', code: 'engagement' })).toEqual({ events: 1, exposure: 4 });
    expect(measureOf(c, { measure: 'contacts_per_case_week' })).toEqual({ events: 6, exposure: 2 });
    expect(measureOf(c, { measure: 'late_doc_rate' })).toEqual({ events: 1, exposure: 2 });
    expect(measureOf(c, { measure: 'no_show_rate' })).toEqual({ events: 2, exposure: 6 });
  });

  it('gives the analytics daily cells per stratum from a day on', () => {
    const out = dimensionCells(cells, { measure: 'risk_rate' }, 101);
    expect(out).toEqual([
      { day: 106, stratum: 'housing|0', events: 0, exposure: 1 },
      { day: 106, stratum: 'child_welfare|2', events: 2, exposure: 3 },
      { day: 107, stratum: 'housing|0', events: 0, exposure: 5 },
    ]);
    expect(dimensionCells(cells, { measure: 'risk_rate' }, 0, 'child_welfare')).toHaveLength(1);
  });
  it('gives contacts per case-week exposure on business days only', () => {
    const sat = Math.floor(Date.parse('2026-11-21T00:00:00Z') / 86_400_000);
    const days = dayCellsOf(
      new Map([
        [sat, new Map([['housing|0', cell({ oc: [1, 0, 0, 0], cs: 10 })]])],
        [sat + 2, new Map([['housing|0', cell({ oc: [2, 0, 0, 0], cs: 10 })]])],
      ]),
    );
    expect(businessCaseWeeks(cell({ cs: 10 }), sat)).toBe(0);
    expect(dimensionCells(days, { measure: 'contacts_per_case_week' }, 0)).toEqual([
      { day: sat, stratum: 'housing|0', events: 1, exposure: 0 },
      { day: sat + 2, stratum: 'housing|0', events: 2, exposure: 2 },
    ]);
  });
});

describe('today’s partial day', () => {
  it('counts the case-day exposure of today only for the part that has passed, the same on any clock', () => {
    // Monday 2026-11-23, 18:00 in Chicago (00:00 UTC on the 24th): three quarters of the local day.
    const now = Date.parse('2026-11-24T00:00:00Z');
    const p = partialDay(now, 'America/Chicago');
    expect(p.day).toBe(dayNumber(now, 'America/Chicago'));
    expect(p.fraction).toBeCloseTo(0.75, 6);
    const days = dayCellsOf(
      new Map([
        [p.day - 7, new Map([['housing|0', cell({ oc: [2, 0, 0, 0], cs: 10 })]])],
        [p.day, new Map([['housing|0', cell({ oc: [1, 0, 0, 0], cs: 10 })]])],
      ]),
    );
    const out = dimensionCells(days, { measure: 'contacts_per_case_week' }, 0, undefined, p);
    expect(out.find((c) => c.day === p.day)!.exposure).toBeCloseTo(2 * 0.75, 6);
    expect(out.find((c) => c.day === p.day - 7)!.exposure).toBe(2);
    // Exposures that are events themselves (notes for risk rates) are partial already: unchanged.
    const risk = dimensionCells(
      dayCellsOf(new Map([[p.day, new Map([['housing|0', cell({ n: 4, r: 1 })]])]])),
      { measure: 'risk_rate' },
      0,
      undefined,
      p,
    );
    expect(risk[0]!.exposure).toBe(4);
  });
});

describe('day numbers in a site’s zone', () => {
  it('numbers days from 1970-01-01 in local time, across a DST change', () => {
    const utcDay = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);
    expect(dayNumber(Date.parse('2026-11-20T12:00:00Z'), 'UTC')).toBe(utcDay('2026-11-20T00:00:00Z'));
    // 02:00 UTC is still the evening before in Chicago (UTC−6 in November, UTC−5 in October).
    expect(dayNumber(Date.parse('2026-11-20T02:00:00Z'), 'America/Chicago')).toBe(utcDay('2026-11-19T00:00:00Z'));
    expect(dayNumber(Date.parse('2026-10-20T04:30:00Z'), 'America/Chicago')).toBe(utcDay('2026-10-19T00:00:00Z'));
    expect(dayNumber(Date.parse('2026-10-20T05:30:00Z'), 'America/Chicago')).toBe(utcDay('2026-10-20T00:00:00Z'));
    const d = dayNumber(Date.parse('2026-11-20T12:00:00Z'), 'America/Chicago');
    expect(new Date(dayStartMs(d, 'America/Chicago')).toISOString()).toBe('2026-11-20T06:00:00.000Z');
  });
});
