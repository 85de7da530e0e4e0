import type { Signal, WorkerSummary } from '@caseload/shared';
import { loadRatio } from '../format/labels.ts';

/** Sorting and track filtering of the unit page; the state lives in the URL (`?sort=&dir=&track=`). */
export const SORT_KEYS = ['name', 'load', 'open', 'overdue', 'risk', 'notes'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export function parseSort(raw: string | null): SortKey {
  return (SORT_KEYS as readonly string[]).includes(raw ?? '') ? (raw as SortKey) : 'load';
}

const VALUE: Record<SortKey, (w: WorkerSummary) => number | string> = {
  name: (w) => w.name.toLowerCase(),
  load: (w) => loadRatio(w.weightedLoad, w.capacity),
  open: (w) => w.openCases,
  overdue: (w) => w.overdueCount,
  risk: (w) => w.riskFlagsInWindow,
  notes: (w) => w.notesInWindow,
};

export function sortWorkers(workers: WorkerSummary[], key: SortKey, dir: 'asc' | 'desc'): WorkerSummary[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...workers].sort((a, b) => {
    const x = VALUE[key](a);
    const y = VALUE[key](b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return c * sign || a.workerId.localeCompare(b.workerId);
  });
}

/** Workers with a case in the track (when the view says which tracks they hold); all when none chosen. */
export function byTrack(workers: WorkerSummary[], track: string | null): WorkerSummary[] {
  if (!track) return workers;
  return workers.filter((w) => !w.tracks || w.tracks.includes(track));
}

export function signalsOnTrack(signals: Signal[], track: string | null): Signal[] {
  if (!track) return signals;
  return signals.filter((s) => !s.track || s.track === track);
}

export function tracksOf(workers: WorkerSummary[], signals: Signal[]): string[] {
  const set = new Set<string>();
  for (const w of workers) for (const t of w.tracks ?? []) set.add(t);
  for (const s of signals) if (s.track) set.add(s.track);
  return [...set].sort();
}
