import type { DictionaryData } from '@caseload/shared';
import {
  addWorkingDays,
  daysCovered,
  localDay,
  localMidnightMs,
  workingDays,
  workingDaysBetween,
  type WorkingDay,
} from './business-days.ts';
import type { DayNumber } from './types.ts';

/**
 * The overdue queue (the "missing" report), against "now", in business days in the site's time zone,
 * paused by absences (a worker's absent days do not count):
 *  - contact: no contact within the case's cadence since the last one (or since the case opened);
 *    a cadence of c calendar days is round(5c/7) business days (7 → 5, 14 → 10, 3 → 2);
 *  - note: a completed contact without a note `overdue.noteDueBusinessDays` business days later;
 *  - supervision: no sign-off within `overdue.supervisionDays` (14 calendar days → 10 business days);
 *  - worker_silent: no contact logged in `overdue.workerSilentBusinessDays` business days.
 * An item is due at the end of its last allowed day; `daysOverdue` counts the worker's business days
 * since (today included when it is one).
 */

export type OverdueSettings = DictionaryData['overdue'];

export interface OverdueCase {
  caseId: string;
  workerId: string;
  cadenceDays: number;
  /** epoch ms of the last contact (any outcome that reached the client: the caller decides), or null. */
  lastContactMs: number | null;
  openedMs: number;
}

/** A completed contact still waiting for its note. */
export interface AwaitingNote {
  contactId: string;
  caseId: string;
  workerId: string;
  contactMs: number;
}

export interface OverdueWorker {
  workerId: string;
  /** epoch ms of the worker's last logged contact, or null. */
  lastContactMs: number | null;
  lastSupervisionMs: number | null;
  /** When the worker joined the unit (clocks start there when nothing has happened yet). */
  sinceMs: number;
  active?: boolean;
}

export interface OverdueAbsence {
  workerId: string;
  fromMs: number;
  toMs: number;
}

export interface OverdueInput {
  timeZone: string;
  nowMs: number;
  cases: readonly OverdueCase[];
  awaitingNotes: readonly AwaitingNote[];
  workers: readonly OverdueWorker[];
  absences: readonly OverdueAbsence[];
}

export type OverdueKind = 'contact' | 'note' | 'supervision' | 'worker_silent';

export interface OverdueQueueItem {
  kind: OverdueKind;
  workerId: string;
  caseId?: string;
  dueAt: string;
  daysOverdue: number;
}

export interface OverdueResult {
  items: OverdueQueueItem[];
  totals: Record<OverdueKind, number>;
  /** Overdue items per worker (for the worker rows of the unit view). */
  byWorker: Map<string, number>;
}

export function cadenceBusinessDays(cadenceDays: number): number {
  return Math.max(1, Math.round((cadenceDays * 5) / 7));
}

export function computeOverdue(input: OverdueInput, settings: OverdueSettings): OverdueResult {
  const tz = input.timeZone;
  const today = localDay(input.nowMs, tz);
  const absentByWorker = new Map<string, Set<DayNumber>>();
  for (const a of input.absences) {
    const set = absentByWorker.get(a.workerId) ?? new Set<DayNumber>();
    for (const d of daysCovered(a.fromMs, a.toMs, tz)) set.add(d);
    absentByWorker.set(a.workerId, set);
  }
  const calendars = new Map<string, WorkingDay>();
  const calendar = (workerId: string) => {
    let c = calendars.get(workerId);
    if (!c) {
      c = workingDays(absentByWorker.get(workerId) ?? new Set());
      calendars.set(workerId, c);
    }
    return c;
  };
  const items: OverdueQueueItem[] = [];
  const check = (kind: OverdueKind, workerId: string, fromMs: number, allowed: number, caseId?: string) => {
    const cal = calendar(workerId);
    const dueDay = addWorkingDays(localDay(fromMs, tz), allowed, cal);
    if (today <= dueDay) return;
    items.push({
      kind,
      workerId,
      ...(caseId !== undefined ? { caseId } : {}),
      dueAt: new Date(localMidnightMs(dueDay + 1, tz)).toISOString(),
      daysOverdue: workingDaysBetween(dueDay, today, cal),
    });
  };

  const inactive = new Set(input.workers.filter((w) => w.active === false).map((w) => w.workerId));
  for (const c of input.cases) {
    if (inactive.has(c.workerId)) continue;
    check('contact', c.workerId, c.lastContactMs ?? c.openedMs, cadenceBusinessDays(c.cadenceDays), c.caseId);
  }
  for (const n of input.awaitingNotes) {
    if (inactive.has(n.workerId)) continue;
    check('note', n.workerId, n.contactMs, settings.noteDueBusinessDays, n.caseId);
  }
  for (const w of input.workers) {
    if (w.active === false) continue;
    check('supervision', w.workerId, w.lastSupervisionMs ?? w.sinceMs, cadenceBusinessDays(settings.supervisionDays));
    check('worker_silent', w.workerId, w.lastContactMs ?? w.sinceMs, settings.workerSilentBusinessDays);
  }
  items.sort((a, b) => b.daysOverdue - a.daysOverdue || a.dueAt.localeCompare(b.dueAt) || a.kind.localeCompare(b.kind));
  const totals: Record<OverdueKind, number> = { contact: 0, note: 0, supervision: 0, worker_silent: 0 };
  const byWorker = new Map<string, number>();
  for (const i of items) {
    totals[i.kind]++;
    byWorker.set(i.workerId, (byWorker.get(i.workerId) ?? 0) + 1);
  }
  return { items, totals, byWorker };
}
