import {
  projectUnitViewForDisplay,
  type SitesView,
  type SiteView,
  type UnitView,
  type ViewMessage,
} from '@caseload/shared';

/**
 * What a display receives (CONTRACT §3): the unit projection from shared, and for site and sites
 * views only the contract's counts, picked field by field so that whatever the processor adds later
 * does not reach a wall unseen.
 */
export function projectForDisplay(msg: ViewMessage): ViewMessage {
  if (msg.scope === 'unit') return { ...msg, view: projectUnitViewForDisplay(msg.view as UnitView) };
  if (msg.scope === 'site') {
    const v = msg.view as SiteView;
    return {
      ...msg,
      view: {
        siteId: v.siteId,
        name: v.name,
        asOf: v.asOf,
        seq: v.seq,
        units: v.units.map((u) => ({
          unitId: u.unitId,
          name: u.name,
          workers: u.workers,
          openCases: u.openCases,
          weightedLoad: u.weightedLoad,
          capacity: u.capacity,
          signals: { drift: u.signals.drift, cluster: u.signals.cluster, tripwire: u.signals.tripwire },
          overdue: u.overdue,
        })),
      },
    };
  }
  const v = msg.view as SitesView;
  return {
    ...msg,
    view: {
      asOf: v.asOf,
      seq: v.seq,
      sites: v.sites.map((s) => ({
        siteId: s.siteId,
        name: s.name,
        units: s.units,
        workers: s.workers,
        openCases: s.openCases,
        weightedLoad: s.weightedLoad,
        capacity: s.capacity,
        signals: { drift: s.signals.drift, cluster: s.signals.cluster, tripwire: s.signals.tripwire },
        overdue: s.overdue,
        eventsPerMinute: s.eventsPerMinute,
      })),
    },
  };
}
