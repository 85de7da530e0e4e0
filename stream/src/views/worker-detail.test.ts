import { describe, expect, it } from 'vitest';
import { loadDictionary, type EventData, type EventType } from '@caseload/shared';
import { typedEvent } from '../state/stored-event.testkit.ts';
import { PartitionState } from '../state/partition-state.ts';
import { dayNumber, dayStartMs } from '../windows/day.ts';
import { riskFinding } from '../notes/finding.testkit.ts';
import { buildWorkerDetail, recentNotesByCase } from './worker-detail.ts';

const dict = loadDictionary();
const NOW = Date.parse('2026-11-20T18:00:00Z');
const DAY = 86_400_000;
/** An event `msAgo` before NOW, received at NOW. */
const e = <T extends EventType>(type: T, data: EventData<T>, msAgo = 0) => typedEvent(type, data, NOW - msAgo, NOW);
const flag = riskFinding('housing_instability');

/** Two units of one partition; A and B work in U1, M moved from U1 to U2 after writing there. */
function county(): PartitionState {
  const s = new PartitionState(0, 1, dict);
  s.apply(e('caseload.site.upserted', { siteId: 'S', name: 'S', timezone: 'America/Chicago' }, 30 * DAY));
  for (const unitId of ['U1', 'U2'])
    s.apply(e('caseload.unit.upserted', { unitId, siteId: 'S', name: unitId, wallShowsNames: false }, 30 * DAY));
  for (const workerId of ['A', 'B', 'M'])
    s.apply(
      e('caseload.worker.upserted', { workerId, unitId: 'U1', name: workerId, capacity: 20, active: true }, 30 * DAY),
    );
  const open = (caseId: string, workerId: string, unitId = 'U1') =>
    s.apply(
      e(
        'caseload.case.opened',
        { caseId, clientId: `k${caseId}`, unitId, track: 'housing', complexityFactors: [], workerId },
        30 * DAY,
      ),
    );
  open('CA1', 'A');
  open('CA2', 'A');
  open('CB1', 'B');
  open('CM1', 'M');
  const note = (noteId: string, caseId: string, workerId: string, daysAgo: number, flagged: boolean, unitId = 'U1') =>
    s.apply(
      e('caseload.note.submitted', { noteId, caseId, unitId, workerId, text: 'x' }, daysAgo * DAY),
      flagged ? [flag] : [],
    );
  note('n1', 'CA1', 'A', 1, true);
  note('n2', 'CA1', 'A', 2, false);
  note('n3', 'CA2', 'A', 3, true);
  note('n4', 'CA1', 'A', 20, true); // outside the 7-day window
  note('n5', 'CB1', 'B', 1, true);
  note('n6', 'CB1', 'B', 2, true);
  s.apply(
    e('caseload.note.retracted', { noteId: 'n6', caseId: 'CB1', unitId: 'U1', workerId: 'B', reason: 'wrong case' }),
  );
  note('n7', 'CM1', 'M', 1, true); // written in U1 before M moved
  s.apply(e('caseload.worker.upserted', { workerId: 'M', unitId: 'U2', name: 'M', capacity: 20, active: true }));
  open('CM2', 'M', 'U2');
  note('n8', 'CM2', 'M', 0, false, 'U2');
  return s;
}

describe('recentNotesByCase', () => {
  it('counts each worker’s notes and current flags per case over the short window, in their current unit only', () => {
    const s = county();
    const recent = recentNotesByCase(s, ['A', 'B', 'M', 'nobody'], NOW);
    expect(Object.fromEntries(recent.get('A')!)).toEqual({
      CA1: { notes: 2, flags: 1 },
      CA2: { notes: 1, flags: 1 },
    });
    // The retracted note stops counting.
    expect(Object.fromEntries(recent.get('B')!)).toEqual({ CB1: { notes: 1, flags: 1 } });
    // M's note from before the move stays with U1, as the unit's figures do.
    expect(Object.fromEntries(recent.get('M')!)).toEqual({ CM2: { notes: 1, flags: 0 } });
    expect(recent.has('nobody')).toBe(false);
  });

  it('gives each worker the same counts whether asked alone or with the whole unit', () => {
    const s = county();
    const together = recentNotesByCase(s, ['A', 'B', 'M'], NOW);
    for (const w of ['A', 'B', 'M']) expect(recentNotesByCase(s, [w], NOW).get(w)).toEqual(together.get(w));
  });
});

describe('buildWorkerDetail', () => {
  it('lists the worker’s open cases with their window counts and a sparkline per metric', () => {
    const s = county();
    const recent = recentNotesByCase(s, ['A'], NOW);
    // Series points sit at the start of their day in the site's zone.
    const yesterday = dayStartMs(dayNumber(NOW, 'America/Chicago') - 1, 'America/Chicago');
    const d = buildWorkerDetail(s, 'A', NOW, recent.get('A')!, ['notes'], [[{ t: yesterday, value: 3 }]]);
    expect(d.unitId).toBe('U1');
    expect(d.cases.map((c) => [c.caseId, c.notesInWindow, c.riskFlagsInWindow, c.riskDensity])).toEqual([
      ['CA1', 2, 1, 0.5],
      ['CA2', 1, 1, 1],
    ]);
    expect(d.sparklines.notes).toHaveLength(dict.windows.longDays);
    expect(d.sparklines.notes!.at(-2)).toBe(3);
    expect(d.sparklines.notes!.at(-1)).toBe(0);
  });
});
