import { describe, expect, it } from 'vitest';
import { CaseloadEvent } from '@caseload/shared';
import { buildCountyLoad, FlowCycle, replayed } from './county-load.ts';

describe('county load', () => {
  const now = Date.UTC(2026, 10, 20, 15);
  const load = buildCountyLoad({ scale: 'unit', seed: 3, flowDays: 2, nowMs: now });

  it('splits the opening roster from a flow that ends before now', () => {
    expect(load.opening[0]!.type).toBe('caseload.site.upserted');
    expect(load.opening.some((e) => e.type === 'caseload.case.opened')).toBe(true);
    expect(load.flow.length).toBeGreaterThan(20);
    expect(Math.max(...load.flow.map((e) => Date.parse(e.time)))).toBeLessThan(now);
    expect(load.units).toHaveLength(1);
  });

  it('replays the flow with fresh, valid ids', () => {
    const note = load.flow.find((e) => e.type === 'caseload.note.submitted')!;
    const again = replayed(note, 3);
    expect(again.id).not.toBe(note.id);
    expect((again.data as { noteId: string }).noteId).toBe(`${(note.data as { noteId: string }).noteId}-r3`);
    expect(CaseloadEvent.safeParse(again).success).toBe(true);
    const long = { ...note, id: 'x'.repeat(64) } as CaseloadEvent;
    expect(replayed(long, 40).id).toHaveLength(64);
    expect(replayed(note, 0)).toBe(note);
  });

  it('cycles without ever repeating an event id', () => {
    const cycle = new FlowCycle(load.flow);
    const ids = cycle.take(load.flow.length * 2 + 5).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(cycle.cycles).toBe(2);
  });
});
