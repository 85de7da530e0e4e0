import type { EventType } from '../schemas/events.ts';

/**
 * NATS names shared by every service. Events travel on
 *   caseload.events.p<k>.<unitToken>.<kind>.<verb>      e.g. caseload.events.p3.U17.note.submitted
 * where k = partitionOf(unitId, P). Site events carry no unit: their unit token is `~site`.
 * Roster events (site, unit, worker, absence) are published once to every partition, so each
 * partition's consumer sees the whole roster in order with its own events; a transfer between
 * units goes to both units' partitions.
 */
export const EVENTS_STREAM = 'CASELOAD_EVENTS';
export const EVENTS_SUBJECT_ROOT = 'caseload.events';
export const DEFAULT_PARTITIONS = 16;
export const SITE_TOKEN = '~site';

/**
 * FNV-1a (32-bit) over the UTF-8 bytes of the unit id, modulo the partition count.
 * Documented so that any producer or tool can compute the same partition.
 */
export function partitionOf(unitId: string, partitions: number): number {
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(unitId);
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % partitions;
}

/** `caseload.note.submitted` → `note.submitted` */
export function typeSuffix(type: EventType): string {
  return type.slice('caseload.'.length);
}

export function eventSubject(partition: number, unitToken: string, type: EventType): string {
  return `${EVENTS_SUBJECT_ROOT}.p${partition}.${unitToken}.${typeSuffix(type)}`;
}

export function partitionFilter(partition: number): string {
  return `${EVENTS_SUBJECT_ROOT}.p${partition}.>`;
}

export function partitionConsumerName(partition: number): string {
  return `processor-p${partition}`;
}

/** Parses the partition number back out of an event subject. */
export function partitionOfSubject(subject: string): number | undefined {
  const m = /^caseload\.events\.p(\d+)\./.exec(subject);
  return m ? Number(m[1]) : undefined;
}

/** Live views, published by the processor after each (throttled) change. */
export const viewSubjects = {
  unit: (unitId: string) => `views.unit.${unitId}`,
  site: (siteId: string) => `views.site.${siteId}`,
  sites: () => 'views.sites',
  all: 'views.>',
} as const;

/** Processor progress (newest accepted event time, processed position) for heartbeats' lag. */
export const PROGRESS_SUBJECT = 'caseload.progress';

/**
 * Each wallboard server tells the processors which unit views its screens hold (ViewInterest, in
 * schemas/records.ts), every few seconds and whenever the set changes: views nobody watches are
 * rebuilt less often.
 */
export const VIEW_INTEREST_SUBJECT = 'caseload.views.interest';

/** The wallboard tells the processor a supervisor changed a signal's status (see schemas/records.ts). */
export const CONTROL_SIGNAL_STATUS_SUBJECT = 'caseload.control.signal-status';

/** NATS KV buckets. */
export const LEASES_BUCKET = 'caseload_leases';
export const UNIT_SITES_BUCKET = 'caseload_unit_sites';

/** Redis keys shared between services (the processor writes them, the wallboard reads them). */
export const redisKeys = {
  view: (scope: 'unit' | 'site' | 'sites', id?: string) => (id ? `view:${scope}:${id}` : `view:${scope}`),
  viewSeq: (scope: 'unit' | 'site' | 'sites', id?: string) => (id ? `viewseq:${scope}:${id}` : `viewseq:${scope}`),
  signal: (signalId: string) => `signal:${signalId}`,
  signalStatus: (signalId: string) => `signalstatus:${signalId}`,
  capacityLog: (unitId: string) => `capacitylog:${unitId}`,
  note: (noteId: string) => `note:${noteId}`,
  worker: (workerId: string) => `workerdetail:${workerId}`,
  pool: (unitId: string) => `pool:${unitId}`,
  /** Sorted set of the unit's signal ids (so the wallboard can check a signal's unit quickly). */
  unitSignals: (unitId: string) => `unitsignals:${unitId}`,
  /** Append-only audit log (a Redis stream). */
  audit: 'audit:log',
} as const;
