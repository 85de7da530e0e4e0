import { describe, expect, it } from 'vitest';
import { format, signalsChange, sortSites, value, weekChange, type Site } from './site-metrics.ts';

const site = (id: string, load: number, over: Partial<Site> = {}): Site => ({
  siteId: id,
  name: id.toUpperCase(),
  units: 1,
  workers: 5,
  openCases: 40,
  weightedLoad: load,
  capacity: 100,
  signals: { drift: 2, cluster: 1, tripwire: 0 },
  overdue: 4,
  eventsPerMinute: 10,
  weekAgo: { weightedLoad: 80, signals: 1, overdue: 6, eventsPerMinute: 12 },
  ...over,
});

describe('sites compared', () => {
  it('reads each figure and its change over the week', () => {
    const s = site('a', 90);
    expect(value(s, 'load')).toBeCloseTo(0.9);
    expect(weekChange(s, 'load')).toBeCloseTo(0.1);
    expect(weekChange(s, 'overdue')).toBe(-2);
    expect(weekChange(s, 'epm')).toBe(-2);
    expect(signalsChange(s)).toBe(2);
    expect(format('load', 0.9)).toBe('90%');
  });

  it('has no change to show without a week-ago figure', () => {
    const { weekAgo: _w, ...rest } = site('a', 90);
    expect(weekChange(rest as Site, 'load')).toBeNull();
    expect(signalsChange(rest as Site)).toBeNull();
  });

  it('sorts by a figure either way, or by name', () => {
    const list = [site('b', 50), site('a', 120), site('c', 90)];
    expect(sortSites(list, 'load', 'desc').map((s) => s.siteId)).toEqual(['a', 'c', 'b']);
    expect(sortSites(list, 'name', 'asc').map((s) => s.siteId)).toEqual(['a', 'b', 'c']);
  });
});
