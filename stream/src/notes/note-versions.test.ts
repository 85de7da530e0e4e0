import { describe, expect, it } from 'vitest';
import {
  loadDictionary,
  NOTE_FINDINGS_REFINED,
  partitionOf,
  type CaseloadEvent,
  type EventData,
  type EventType,
  type NoteFindingsRefined,
  type StoredEvent,
  type StoredFinding,
} from '@caseload/shared';
import { PartitionState } from '../state/partition-state.ts';
import { applyRefined, noteVersionApplied, parseRefined } from './note-versions.ts';
import type { NoteFinding } from './read-note-findings.ts';
import { riskFinding } from './finding.testkit.ts';

const dict = loadDictionary();
const P = 4;
const unitId = 'U1';
const T = '2026-11-20T12:00:00Z';
let n = 0;
const e = <K extends EventType>(type: K, data: EventData<K>): StoredEvent =>
  ({
    specversion: '1.0',
    id: `e${++n}`,
    source: '/t',
    type,
    time: T,
    data,
    receivedAt: T,
  }) as CaseloadEvent as StoredEvent;

const finding = (code: string, current: boolean, source: 'builtin' | 'llm' = 'builtin'): StoredFinding => ({
  ...riskFinding(code, current),
  source,
});

function setup() {
  const s = new PartitionState(partitionOf(unitId, P), P, dict);
  s.apply(e('caseload.site.upserted', { siteId: 'S', name: 'S', timezone: 'UTC' }));
  s.apply(e('caseload.unit.upserted', { unitId, siteId: 'S', name: 'U', wallShowsNames: false }));
  s.apply(e('caseload.worker.upserted', { workerId: 'W', unitId, name: 'W W', capacity: 10, active: true }));
  return s;
}

const noteData = { noteId: 'N1', caseId: 'C1', unitId, workerId: 'W', text: 'x' };
const refined = (noteVersion: number, findings: StoredFinding[]): NoteFindingsRefined => ({
  type: NOTE_FINDINGS_REFINED,
  at: T,
  data: {
    noteId: 'N1',
    unitId,
    noteVersion,
    dictionaryVersion: dict.version,
    model: 'm',
    promptVersion: 'p',
    findings,
  },
});
const flags = (s: PartitionState) => s.notes.get('N1')!.r;

/** Applies a note event as the partition worker does, returning the version handed to the LLM. */
function applyNote(s: PartitionState, ev: StoredEvent, seq: number, findings: NoteFinding[]) {
  const known = s.notes.has('N1');
  s.apply(ev, findings);
  return noteVersionApplied(s, ev, seq, known, 'x');
}

describe('note versions and refined readings', () => {
  it('replaces the findings of the version that was read, once, however often it arrives', () => {
    const s = setup();
    const v = applyNote(s, e('caseload.note.submitted', noteData), 7, [finding('legal', true)]);
    expect(v).toEqual({ unitId, noteId: 'N1', noteVersion: 7, text: 'x' });
    expect(flags(s)).toEqual(['legal']);
    const r = refined(7, [finding('legal', false, 'llm'), finding('medical', true, 'llm')]);
    expect(applyRefined(s, r)).toBe(true);
    expect(flags(s)).toEqual(['medical']);
    // The worker's day cells hold the same counts after the same reading is applied again.
    const cells = () => [...s.dirty].filter((k) => k.startsWith('x:')).map((k) => s.serialise(k));
    const once = cells();
    expect(once.length).toBeGreaterThan(0);
    expect(applyRefined(s, r)).toBe(true);
    expect(cells()).toEqual(once);
    expect(s.dirty.has('n:N1')).toBe(true);
  });

  it('ignores a refinement of an older version, of a retracted note, or of an unknown one', () => {
    const s = setup();
    applyNote(s, e('caseload.note.submitted', noteData), 7, [finding('legal', true)]);
    expect(applyNote(s, e('caseload.note.amended', noteData), 9, [finding('substance_use', true)])).toMatchObject({
      noteVersion: 9,
    });
    expect(applyRefined(s, refined(7, [finding('medical', true, 'llm')]))).toBe(false);
    expect(flags(s)).toEqual(['substance_use']);
    expect(applyRefined(s, { ...refined(9, []), data: { ...refined(9, []).data, noteId: 'N2' } })).toBe(false);
    s.apply(e('caseload.note.retracted', { noteId: 'N1', caseId: 'C1', unitId, workerId: 'W' }));
    expect(applyRefined(s, refined(9, [finding('medical', true, 'llm')]))).toBe(false);
  });

  it('hands no version to the LLM for a repeated noteId or an amendment of a retracted note', () => {
    const s = setup();
    applyNote(s, e('caseload.note.submitted', noteData), 7, []);
    expect(applyNote(s, e('caseload.note.submitted', noteData), 8, [])).toBeUndefined();
    expect(s.notes.get('N1')!.v).toBe(7);
    s.apply(e('caseload.note.retracted', { noteId: 'N1', caseId: 'C1', unitId, workerId: 'W' }));
    expect(applyNote(s, e('caseload.note.amended', noteData), 10, [])).toBeUndefined();
  });

  it('accepts only well-formed refinements, never note text', () => {
    expect(parseRefined(refined(7, [finding('legal', true)]))).toBeDefined();
    expect(parseRefined({ ...refined(7, []), data: { ...refined(7, []).data, text: 'secret' } })).toBeUndefined();
    expect(parseRefined({ type: 'caseload.note.submitted', data: {} })).toBeUndefined();
  });
});
