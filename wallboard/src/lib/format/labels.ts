import type { Signal } from '@caseload/shared';

/** Dimension codes from the dictionary as words: `late_doc_rate` → "late doc rate". */
export function words(code: string): string {
  return code.replace(/[_.]+/g, ' ').trim();
}

export function percent(x: number, digits = 0): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/** Load against capacity as a share; 0 capacity counts as fully loaded when any load exists. */
export function loadRatio(weightedLoad: number, capacity: number): number {
  if (capacity <= 0) return weightedLoad > 0 ? 2 : 0;
  return weightedLoad / capacity;
}

export type LoadBand = 'ok' | 'high' | 'over';

/** Bands a supervisor acts on: up to 85% fine, to 100% high, above that over capacity. */
export function loadBand(ratio: number): LoadBand {
  if (ratio > 1) return 'over';
  if (ratio > 0.85) return 'high';
  return 'ok';
}

export const SEVERITY_TEXT: Record<Signal['severity'], string> = { alert: 'ALERT', watch: 'Watch' };

export const KIND_TEXT: Record<Signal['kind'], string> = {
  drift: 'Drift',
  cluster: 'Cluster',
  tripwire: 'Tripwire',
};

export const OVERDUE_TEXT = {
  contact: 'Contacts',
  note: 'Notes',
  supervision: 'Supervision',
  worker_silent: 'Silent workers',
} as const;

/** Newest first; alerts before watches at the same moment. */
export function bySignalRecency(a: Signal, b: Signal): number {
  const t = Date.parse(b.since) - Date.parse(a.since);
  if (t !== 0 && Number.isFinite(t)) return t;
  return a.severity === b.severity ? 0 : a.severity === 'alert' ? -1 : 1;
}
