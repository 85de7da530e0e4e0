import type { SitesView, SiteView, UnitView } from '@caseload/shared';

/** What each unit contributes to the site and sites views (kept in Redis by the unit's owner). */
export interface UnitSummary {
  unitId: string;
  siteId: string;
  name: string;
  workers: number;
  openCases: number;
  weightedLoad: number;
  capacity: number;
  signals: { drift: number; cluster: number; tripwire: number };
  overdue: number;
  eventsPerMinute: number;
  asOf: string;
}

export interface SiteInfo {
  name: string;
  tz: string;
}

export function summariseUnit(view: UnitView, eventsPerMinute: number): UnitSummary {
  const signals = { drift: 0, cluster: 0, tripwire: 0 };
  for (const s of view.signals) if (s.status !== 'resolved') signals[s.kind]++;
  const t = view.overdueTotals;
  return {
    unitId: view.unitId,
    siteId: view.siteId,
    name: view.name,
    workers: view.workers.length,
    openCases: view.workers.reduce((s, w) => s + w.openCases, 0),
    weightedLoad: round2(view.workers.reduce((s, w) => s + w.weightedLoad, 0)),
    capacity: round2(view.workers.reduce((s, w) => s + w.capacity, 0)),
    signals,
    overdue: t.contact + t.note + t.supervision + t.worker_silent,
    eventsPerMinute,
    asOf: view.asOf,
  };
}

/** Site views and the sites view, summed from unit summaries (no client sums them). */
export function buildRollup(
  units: readonly UnitSummary[],
  sites: ReadonlyMap<string, SiteInfo>,
  asOf: string,
): { sites: SiteView[]; all: SitesView } {
  const bySite = new Map<string, UnitSummary[]>();
  for (const u of units) {
    let arr = bySite.get(u.siteId);
    if (!arr) bySite.set(u.siteId, (arr = []));
    arr.push(u);
  }
  const siteViews: SiteView[] = [];
  const rows: SitesView['sites'] = [];
  for (const siteId of [...bySite.keys()].sort()) {
    const us = bySite.get(siteId)!.sort((a, b) => a.unitId.localeCompare(b.unitId));
    const name = sites.get(siteId)?.name ?? siteId;
    siteViews.push({
      siteId,
      name,
      asOf,
      seq: 0,
      units: us.map((u) => ({
        unitId: u.unitId,
        name: u.name,
        workers: u.workers,
        openCases: u.openCases,
        weightedLoad: u.weightedLoad,
        capacity: u.capacity,
        signals: u.signals,
        overdue: u.overdue,
      })),
    });
    const sum = (f: (u: UnitSummary) => number) => us.reduce((s, u) => s + f(u), 0);
    rows.push({
      siteId,
      name,
      units: us.length,
      workers: sum((u) => u.workers),
      openCases: sum((u) => u.openCases),
      weightedLoad: round2(sum((u) => u.weightedLoad)),
      capacity: round2(sum((u) => u.capacity)),
      signals: {
        drift: sum((u) => u.signals.drift),
        cluster: sum((u) => u.signals.cluster),
        tripwire: sum((u) => u.signals.tripwire),
      },
      overdue: sum((u) => u.overdue),
      eventsPerMinute: sum((u) => u.eventsPerMinute),
    });
  }
  return { sites: siteViews, all: { asOf, seq: 0, sites: rows } };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
