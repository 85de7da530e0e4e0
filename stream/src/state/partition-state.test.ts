import { describe, expect, it } from 'vitest';
import { loadDictionary, partitionOf, type EventData, type EventType } from '@caseload/shared';
import { typedEvent } from './stored-event.testkit.ts';
import { dayNumber } from '../windows/day.ts';
import { windowTotals } from '../windows/windows.ts';
import { PartitionState } from './partition-state.ts';
import { riskFinding } from '../notes/finding.testkit.ts';

const dict = loadDictionary();
const P = 4;
const unitId = 'U1';
const home = partitionOf(unitId, P);
const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;

/** An event `msAgo` before NOW, received at NOW. */
const e = <T extends EventType>(type: T, data: EventData<T>, msAgo = 0) => typedEvent(type, data, NOW - msAgo, NOW);

const risk = riskFinding;

function seeded(partition = home): PartitionState {
  const s = new PartitionState(partition, P, dict);
  s.apply(e('caseload.site.upserted', { siteId: 'S', name: 'S', timezone: 'America/Chicago' }, 10 * DAY));
  s.apply(e('caseload.unit.upserted', { unitId, siteId: 'S', name: 'U', wallShowsNames: false }, 10 * DAY));
  s.apply(
    e('caseload.worker.upserted', { workerId: 'W', unitId, name: 'Avery Jones', capacity: 20, active: true }, 10 * DAY),
  );
  s.apply(
    e(
      'caseload.case.opened',
      { caseId: 'C', clientId: 'K', unitId, track: 'housing', complexityFactors: ['court_involved'], workerId: 'W' },
      10 * DAY,
    ),
  );
  return s;
}

const note = (noteId: string, msAgo: number) =>
  e('caseload.note.submitted', { noteId, caseId: 'C', unitId, workerId: 'W', text: 'x' }, msAgo);

function week(s: PartitionState) {
  return windowTotals(s.cells.get('W'), dayNumber(NOW, 'America/Chicago'), 7);
}

describe('PartitionState', () => {
  it('applies a repeated noteId or contactId once', () => {
    const s = seeded();
    s.apply(note('N1', DAY), [risk('violence')]);
    s.apply(note('N1', DAY), [risk('violence')]);
    const k = e(
      'caseload.contact.logged',
      { contactId: 'K1', caseId: 'C', unitId, workerId: 'W', mode: 'phone', outcome: 'no_show' },
      DAY,
    );
    s.apply(k);
    s.apply({ ...k, id: 'other' });
    const t = week(s);
    expect(t.n).toBe(1);
    expect(t.r).toBe(1);
    expect(t.oc).toEqual([0, 0, 1, 0]);
  });

  it('replaces an amended note’s findings and stops counting a retracted one', () => {
    const s = seeded();
    s.apply(note('N1', DAY), [risk('violence'), risk('legal', false)]);
    expect(week(s).cd).toEqual({ violence: 1 });
    s.apply(e('caseload.note.amended', { noteId: 'N1', caseId: 'C', unitId, workerId: 'W', text: 'y' }, 0), [
      risk('housing_instability'),
    ]);
    expect(week(s).cd).toEqual({ housing_instability: 1 });
    expect(week(s).n).toBe(1);
    s.apply(e('caseload.note.retracted', { noteId: 'N1', caseId: 'C', unitId, workerId: 'W' }, 0));
    s.apply(e('caseload.note.retracted', { noteId: 'N1', caseId: 'C', unitId, workerId: 'W' }, 0));
    expect(week(s)).toMatchObject({ n: 0, r: 0, cd: {} });
  });

  it('puts a late offline note in the day of its own time, in the site’s zone', () => {
    const s = seeded();
    s.apply(note('N-new', 0));
    // 03:00 UTC on Nov 15 is still Nov 14 in Chicago.
    const t = Date.parse('2026-11-15T03:00:00Z');
    s.apply(note('N-late', NOW - t));
    const day = dayNumber(t, 'America/Chicago');
    expect(day).toBe(dayNumber(Date.parse('2026-11-14T12:00:00Z'), 'UTC'));
    expect([...s.cells.get('W')!.get(day)!.values()][0]!.n).toBe(1);
  });

  it('marks notes late when written more than 48 h after their contact', () => {
    const s = seeded();
    s.apply(
      e(
        'caseload.contact.logged',
        { contactId: 'K1', caseId: 'C', unitId, workerId: 'W', mode: 'phone', outcome: 'completed' },
        4 * DAY,
      ),
    );
    s.apply(
      e(
        'caseload.note.submitted',
        { noteId: 'N1', caseId: 'C', unitId, workerId: 'W', text: 'x', contactId: 'K1' },
        DAY,
      ),
    );
    s.apply(
      e(
        'caseload.note.submitted',
        {
          noteId: 'N2',
          caseId: 'C',
          unitId,
          workerId: 'W',
          text: 'x',
          contactTime: new Date(NOW - DAY - 3600_000).toISOString(),
        },
        DAY,
      ),
    );
    expect(week(s)).toMatchObject({ n: 2, dl: 2, lt: 1 });
  });

  it('moves a transferred case out of its old unit and into the new one', () => {
    const other = ['U2', 'U3', 'U4', 'U5', 'U6', 'U7'].find((u) => partitionOf(u, P) !== home)!;
    const from = seeded();
    const to = new PartitionState(partitionOf(other, P), P, dict);
    const move = e('caseload.case.assigned', { caseId: 'C', unitId: other, workerId: 'W2', fromUnitId: unitId }, 0);
    from.apply(move);
    to.apply(move);
    expect(from.cases.has('C')).toBe(false);
    expect(to.cases.get('C')).toMatchObject({ unitId: other, workerId: 'W2', pending: true });
    to.completeCase('C', {
      clientId: 'K',
      track: 'housing',
      factors: ['court_involved'],
      cadenceDays: 7,
      openedMs: NOW - 10 * DAY,
    });
    expect(to.cases.get('C')).toMatchObject({ complexity: 1.75, clientId: 'K' });
    expect(to.cases.get('C')!.pending).toBeUndefined();
  });

  it('samples case-days over the retained history on first sight, from the day each case opened', () => {
    // A wall-clock back-fill delivers weeks of contacts at once: their exposure must cover those days too.
    const s = seeded();
    s.advance(NOW);
    const tz = 'America/Chicago';
    const today = dayNumber(NOW, tz);
    const opened = dayNumber(NOW - 10 * DAY, tz);
    const caseDays = (day: number) => [...(s.cells.get('W')?.get(day)?.values() ?? [])].reduce((a, c) => a + c.cs, 0);
    expect(caseDays(today)).toBe(1);
    expect(caseDays(opened)).toBe(1);
    expect(caseDays(opened + 3)).toBe(1);
    expect(caseDays(opened - 1)).toBe(0);
    expect(windowTotals(s.cells.get('W'), today, 28).cs).toBe(today - opened + 1);
  });

  it('serialises only what changed and restores to the same state', () => {
    const s = seeded();
    s.apply(note('N1', DAY), [risk('violence')]);
    s.advance(NOW);
    const records = [...s.dirty].map((k) => [k, s.serialise(k)!] as [string, string]);
    s.dirty.clear();
    s.apply(note('N2', 0));
    expect([...s.dirty].sort()).toEqual(['m', 'n:N2', `x:W:${dayNumber(NOW, 'America/Chicago')}`].sort());
    const copy = new PartitionState(home, P, dict);
    copy.restore(records);
    expect(week(copy)).toEqual({ ...week(s), n: 1, r: 1, cd: { violence: 1 } });
    expect(copy.cases.get('C')).toEqual(s.cases.get('C'));
  });

  it('keeps daily cells as long as the CUSUM reads (cusumDays) while notes go after retainDays', () => {
    const s = seeded();
    s.apply(note('N-old', 0), [risk('violence')]);
    const tz = 'America/Chicago';
    const noteDay = dayNumber(NOW, tz);
    expect(dict.drift.cusumDays).toBeGreaterThan(s.retainDays);
    // The clock moves on past the events' retention but within the CUSUM's history.
    const later = NOW + (s.retainDays + 5) * DAY;
    s.advance(later);
    expect(s.notes.has('N-old')).toBe(false);
    expect(s.cells.get('W')?.get(noteDay)?.get('housing|1')?.cd).toEqual({ violence: 1 });
    expect(windowTotals(s.cells.get('W'), dayNumber(later, tz), dict.drift.cusumDays).n).toBe(1);
    // Past the CUSUM's history it goes too (and the checkpoint is told so).
    s.dirty.clear();
    s.advance(NOW + (dict.drift.cusumDays + 3) * DAY);
    expect(s.cells.get('W')?.get(noteDay)).toBeUndefined();
    expect(s.dirty.has(`x:W:${noteDay}`)).toBe(true);
  });

  it('ignores the cases and notes of units of other partitions but keeps the whole roster', () => {
    const s = seeded((home + 1) % P);
    s.apply(note('N1', DAY));
    expect(s.cases.size).toBe(0);
    expect(s.notes.size).toBe(0);
    expect(s.workers.has('W')).toBe(true);
  });
});
