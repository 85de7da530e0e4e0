import { describe, expect, it } from 'vitest';
import type { SitesView, SiteView, UnitView, ViewMessage } from '@caseload/shared';
import { unitFixture, unitView } from '../../../../test/support/fixtures.ts';
import { projectForDisplay } from './projection.ts';

const envelope = (scope: ViewMessage['scope'], view: ViewMessage['view']): ViewMessage => ({
  scope,
  seq: 3,
  asOf: '2026-11-24T08:00:00Z',
  generatedAt: '2026-11-24T08:00:00Z',
  view,
});

describe('projectForDisplay for site and sites views', () => {
  it('keeps the contract counts only, dropping fields the processor may add', () => {
    const site = {
      siteId: 'S',
      name: 'North',
      asOf: 'x',
      seq: 3,
      units: [
        {
          unitId: 'U',
          name: 'Intake',
          workers: 5,
          openCases: 40,
          weightedLoad: 80,
          capacity: 100,
          signals: { drift: 1, cluster: 0, tripwire: 2 },
          overdue: 4,
          topWorker: 'Alex Morgan',
        },
      ],
    } as unknown as SiteView;
    const out = projectForDisplay(envelope('site', site)).view as SiteView;
    expect(out.units[0]).not.toHaveProperty('topWorker');
    expect(out.units[0]!.signals).toEqual({ drift: 1, cluster: 0, tripwire: 2 });
    const sites: SitesView = {
      asOf: 'x',
      seq: 3,
      sites: [
        {
          siteId: 'S',
          name: 'North',
          units: 1,
          workers: 5,
          openCases: 40,
          weightedLoad: 80,
          capacity: 100,
          signals: { drift: 1, cluster: 0, tripwire: 2 },
          overdue: 4,
          eventsPerMinute: 3,
          weekAgo: { weightedLoad: 1, signals: 1, overdue: 1, eventsPerMinute: 1 },
        },
      ],
    };
    expect((projectForDisplay(envelope('sites', sites)).view as SitesView).sites[0]).not.toHaveProperty('weekAgo');
  });
});

describe('projectForDisplay for unit views (shared projectUnitViewForDisplay)', () => {
  const view = unitView(unitFixture({ workers: 3 }), { seq: 1 });
  view.funnel!.points = [
    { workerId: 'x1', displayName: 'Alex', volume: 40, observed: 12, expected: 5, rate: 0.3, flagged: true },
    { workerId: 'x2', displayName: 'Bea', volume: 10, observed: 1, expected: 1.2, rate: 0.1, flagged: false },
    { workerId: 'x3', displayName: 'Chidi', volume: 25, observed: 3, expected: 3, rate: 0.12, flagged: false },
  ];

  it('unlinks an anonymous wall’s funnel from its tiles: no ids, no names, order by volume', () => {
    const out = projectForDisplay(envelope('unit', view)).view as UnitView;
    expect(out.funnel!.points.map((p) => p.volume)).toEqual([10, 25, 40]);
    expect(JSON.stringify(out.funnel)).not.toMatch(/x1|Alex|workerId/);
    expect(out.workers.map((w) => w.workerId)).toEqual(['w1', 'w2', 'w3']);
    expect(out.overdue.every((o) => !('caseId' in o) && /^w\d$/.test(o.workerId))).toBe(true);
  });

  it('keeps names and order where the unit has wallShowsNames', () => {
    const out = projectForDisplay(envelope('unit', { ...view, wallShowsNames: true })).view as UnitView;
    expect(out.funnel!.points.map((p) => p.displayName)).toEqual(['Alex', 'Bea', 'Chidi']);
    expect(out.workers.every((w) => w.name === w.displayName)).toBe(true);
  });
});
