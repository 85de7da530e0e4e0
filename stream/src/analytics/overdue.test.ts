import { describe, expect, it } from 'vitest';
import { addWorkingDays, localDay, localMidnightMs, weekday, workingDays } from './business-days.ts';
import { cadenceBusinessDays, computeOverdue, type OverdueInput } from './overdue.ts';

const settings = {
  noteDueBusinessDays: 2,
  supervisionDays: 14,
  workerSilentBusinessDays: 5,
  lateDocumentationHours: 48,
};
const TZ = 'America/Chicago';
/** Local noon on a November 2026 date in Chicago (UTC−6). */
const at = (date: number, hour = 12) => Date.UTC(2026, 10, date, hour + 6);

function base(over: Partial<OverdueInput> = {}): OverdueInput {
  return {
    timeZone: TZ,
    nowMs: at(20), // Friday 20 Nov 2026
    cases: [],
    awaitingNotes: [],
    workers: [{ workerId: 'w1', lastContactMs: at(19), lastSupervisionMs: at(16), sinceMs: at(1) }],
    absences: [],
    ...over,
  };
}

describe('business days in the site time zone', () => {
  it('knows local days and weekdays across the date line of UTC', () => {
    // 03:00 UTC on Saturday 21 Nov is still Friday 20 Nov in Chicago.
    const d = localDay(Date.UTC(2026, 10, 21, 3), TZ);
    expect(weekday(d)).toBe(5);
    expect(localDay(Date.UTC(2026, 10, 21, 3), 'UTC')).toBe(d + 1);
  });
  it('finds local midnight through a DST change', () => {
    // 1 Nov 2026: US DST ends; midnight is still at UTC−5 (CDT).
    const day = localDay(at(1), TZ);
    expect(new Date(localMidnightMs(day, TZ)).toISOString()).toBe('2026-11-01T05:00:00.000Z');
    expect(new Date(localMidnightMs(day + 1, TZ)).toISOString()).toBe('2026-11-02T06:00:00.000Z');
  });
  it('skips weekends and absences', () => {
    const fri = localDay(at(20), TZ);
    expect(addWorkingDays(fri, 1, workingDays(new Set()))).toBe(fri + 3);
    expect(addWorkingDays(fri, 1, workingDays(new Set([fri + 3])))).toBe(fri + 4);
  });
  it('converts cadences', () => {
    expect([3, 7, 14].map(cadenceBusinessDays)).toEqual([2, 5, 10]);
  });
});

describe('computeOverdue', () => {
  it('a weekly case last seen 9 business days ago is 4 business days overdue', () => {
    const r = computeOverdue(
      base({ cases: [{ caseId: 'c1', workerId: 'w1', cadenceDays: 7, lastContactMs: at(9), openedMs: at(1) }] }),
      settings,
    );
    // Contact Mon 9 Nov; 5 business days → due end of Mon 16; overdue Tue 17 … Fri 20 = 4.
    expect(r.items).toEqual([
      { kind: 'contact', workerId: 'w1', caseId: 'c1', dueAt: '2026-11-17T06:00:00.000Z', daysOverdue: 4 },
    ]);
    expect(r.totals).toEqual({ contact: 1, note: 0, supervision: 0, worker_silent: 0 });
  });

  it('an absence pauses the clock', () => {
    const r = computeOverdue(
      base({
        cases: [{ caseId: 'c1', workerId: 'w1', cadenceDays: 7, lastContactMs: at(9), openedMs: at(1) }],
        absences: [{ workerId: 'w1', fromMs: at(16, 0), toMs: at(18, 23) }],
      }),
      settings,
    );
    // Three absent days push the due date to Thursday 19: one day overdue.
    expect(r.items[0]!.daysOverdue).toBe(1);
  });

  it('notes, supervision and silence, sorted most overdue first', () => {
    const r = computeOverdue(
      base({
        awaitingNotes: [
          { contactId: 'k1', caseId: 'c2', workerId: 'w1', contactMs: at(16) },
          { contactId: 'k2', caseId: 'c3', workerId: 'w1', contactMs: at(19) },
        ],
        workers: [
          { workerId: 'w1', lastContactMs: at(19), lastSupervisionMs: at(16), sinceMs: at(1) },
          { workerId: 'w2', lastContactMs: at(2), lastSupervisionMs: at(2), sinceMs: at(1) },
          { workerId: 'w3', lastContactMs: null, lastSupervisionMs: null, sinceMs: at(1), active: false },
        ],
      }),
      settings,
    );
    expect(r.items.map((i) => [i.kind, i.workerId, i.caseId ?? '', i.daysOverdue])).toEqual([
      ['worker_silent', 'w2', '', 9],
      ['supervision', 'w2', '', 4],
      ['note', 'w1', 'c2', 2],
    ]);
    expect(r.totals).toEqual({ contact: 0, note: 1, supervision: 1, worker_silent: 1 });
    expect(r.byWorker.get('w2')).toBe(2);
  });
});
