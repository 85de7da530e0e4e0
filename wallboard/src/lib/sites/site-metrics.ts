import type { SitesView } from '@caseload/shared';

/** The figures /sites compares, each with its value a week ago when the processor gave one. */
export type Site = SitesView['sites'][number];

export const METRICS = ['load', 'drift', 'clusters', 'overdue', 'epm'] as const;
export type Metric = (typeof METRICS)[number];

export const METRIC_LABEL: Record<Metric, string> = {
  load: 'Load vs capacity',
  drift: 'Drift signals',
  clusters: 'Risk clusters',
  overdue: 'Overdue',
  epm: 'Events / min',
};

export function value(site: Site, m: Metric): number {
  switch (m) {
    case 'load':
      return site.capacity > 0 ? site.weightedLoad / site.capacity : 0;
    case 'drift':
      return site.signals.drift;
    case 'clusters':
      return site.signals.cluster;
    case 'overdue':
      return site.overdue;
    case 'epm':
      return site.eventsPerMinute;
  }
}

/**
 * Change over the last week. The processor gives a week-ago figure for load (absolute), all signals
 * together, overdue and events per minute; drift and clusters are compared through the signals total.
 */
export function weekChange(site: Site, m: Metric): number | null {
  const w = site.weekAgo;
  if (!w) return null;
  switch (m) {
    case 'load':
      return site.capacity > 0 ? (site.weightedLoad - w.weightedLoad) / site.capacity : null;
    case 'drift':
    case 'clusters':
      return null;
    case 'overdue':
      return site.overdue - w.overdue;
    case 'epm':
      return site.eventsPerMinute - w.eventsPerMinute;
  }
}

export function signalsChange(site: Site): number | null {
  if (!site.weekAgo) return null;
  return site.signals.drift + site.signals.cluster + site.signals.tripwire - site.weekAgo.signals;
}

export function sortSites(sites: Site[], m: Metric | 'name', dir: 'asc' | 'desc'): Site[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...sites].sort((a, b) => {
    const c = m === 'name' ? a.name.localeCompare(b.name) : value(a, m) - value(b, m);
    return c * sign || a.siteId.localeCompare(b.siteId);
  });
}

export function format(m: Metric, v: number): string {
  if (m === 'load') return `${Math.round(v * 100)}%`;
  if (m === 'epm') return v.toFixed(1);
  return String(Math.round(v));
}
