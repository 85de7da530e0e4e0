import { describe, expect, it } from 'vitest';
import { loadDictionary } from '@caseload/shared';
import { funnelPlot } from './funnel-plot.ts';
import type { DailyCell, DriftInput } from './types.ts';

const dictionary = loadDictionary();
const TODAY = 20_000;

function cells(rate: number): DailyCell[] {
  return Array.from({ length: 28 }, (_, i) => ({
    day: TODAY - i,
    stratum: 'housing|1',
    events: rate * 10,
    exposure: 10,
  }));
}

describe('funnel plot', () => {
  it('places every present worker by volume and standardised rate, flags the outlier, and draws limits', () => {
    const input: DriftInput = {
      unitId: 'u',
      dimension: { id: 'risk_rate', label: 'Risk flags per note', measure: 'risk_rate', alerting: true },
      workers: [
        { workerId: 'hi', displayName: 'Hi', absentDays: [], cells: cells(0.9), evidence: [] },
        ...['a', 'b', 'c', 'd', 'e'].map((id) => ({
          workerId: id,
          displayName: id,
          absentDays: [],
          cells: cells(0.5),
          evidence: [],
        })),
        { workerId: 'away', displayName: 'Away', absentDays: [TODAY], cells: cells(0.5), evidence: [] },
      ],
      today: TODAY,
      windowDays: 28,
    };
    const plot = funnelPlot(input, dictionary, 8);
    expect(plot.points.map((p) => p.workerId)).toEqual(['hi', 'a', 'b', 'c', 'd', 'e']);
    expect(plot.points[0]!.flagged).toBe(true);
    expect(plot.points.slice(1).every((p) => !p.flagged)).toBe(true);
    expect(plot.points[0]!.volume).toBe(280);
    expect(plot.curve).toHaveLength(8);
    expect(plot.curve[7]!.watch.upper).toBeGreaterThan(plot.panelRate);
  });
});
