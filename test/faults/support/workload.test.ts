import { describe, expect, it } from 'vitest';
import type { CaseloadEvent } from '@caseload/shared';
import { expectedCounts, splitAtMessages } from './workload.ts';

const T = '2026-11-20T10:00:00Z';
let n = 0;
const ev = (type: string, data: Record<string, unknown>, time = T) =>
  ({ specversion: '1.0', id: `e${++n}`, source: '/t', type, time, data }) as unknown as CaseloadEvent;
const worker = (workerId: string, unitId = 'U1') =>
  ev('caseload.worker.upserted', { workerId, unitId, name: workerId, capacity: 10 });
const note = (noteId: string, workerId = 'W1', time = T, unitId = 'U1') =>
  ev('caseload.note.submitted', { noteId, caseId: 'C1', unitId, workerId, text: 'x' }, time);
const contact = (contactId: string, outcome = 'completed', workerId = 'W1') =>
  ev('caseload.contact.logged', { contactId, caseId: 'C1', unitId: 'U1', workerId, mode: 'phone', outcome });

describe('expected counts', () => {
  it('counts a repeated noteId or contactId once', () => {
    const e = expectedCounts([worker('W1'), note('N1'), note('N1'), contact('K1'), contact('K1')], 7);
    expect(e.notes.get('W1')).toBe(1);
    expect(e.contacts.get('W1')).toBe(1);
  });

  it('drops retracted notes but keeps their record, and ignores a retraction of an unseen note', () => {
    const retract = (noteId: string) =>
      ev('caseload.note.retracted', { noteId, caseId: 'C1', unitId: 'U1', workerId: 'W1' });
    const e = expectedCounts([worker('W1'), retract('N2'), note('N1'), note('N2'), retract('N1')], 7);
    expect(e.notes.get('W1')).toBe(1);
    expect(e.noteIds.sort()).toEqual(['N1', 'N2']);
  });

  it('counts an amendment of an unseen note as the note, once', () => {
    const amend = ev('caseload.note.amended', { noteId: 'N1', caseId: 'C1', unitId: 'U1', workerId: 'W1', text: 'y' });
    expect(expectedCounts([worker('W1'), amend, note('N1')], 7).notes.get('W1')).toBe(1);
  });

  it('leaves out cancelled contacts, events outside the window and events of another unit', () => {
    const e = expectedCounts(
      [
        worker('W1'),
        contact('K1', 'cancelled'),
        contact('K2', 'no_show'),
        note('N1', 'W1', '2026-11-13T23:59:00Z'), // 7 days before the newest event's day
        note('N2', 'W1', '2026-11-14T00:00:00Z'),
        note('N3', 'W1', T, 'U2'),
      ],
      7,
    );
    expect(e.contacts.get('W1')).toBe(1);
    expect(e.notes.get('W1')).toBe(1);
  });

  it('lists every rostered worker, with zero when it has nothing', () => {
    expect(expectedCounts([worker('W1'), worker('W2', 'U2')], 7).notes).toEqual(
      new Map([
        ['W1', 0],
        ['W2', 0],
      ]),
    );
  });
});

describe('splitAtMessages', () => {
  it('returns the index just past the event that reaches the count', () => {
    const w = { cumulative: [4, 5, 6, 10] };
    expect(splitAtMessages(w, 4)).toBe(1);
    expect(splitAtMessages(w, 5)).toBe(2);
    expect(splitAtMessages(w, 7)).toBe(4);
    expect(splitAtMessages(w, 11)).toBe(4);
  });
});
