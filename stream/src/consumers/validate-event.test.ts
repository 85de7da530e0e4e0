import { describe, expect, it } from 'vitest';
import { CaseloadEvent } from '@caseload/shared';
import { simulateUnit } from '@caseload/shared/sim';
import { validateEvent } from './validate-event.ts';

const run = simulateUnit({ seed: 5, days: 10 });
/** One event of each type the simulator writes, with a stray key (the union drops unknown keys). */
const samples = [...new Map(run.events.map((e) => [e.type, e])).values()];

/** What the union makes of `raw`: its data when valid, else undefined. */
const byUnion = (raw: unknown) => {
  const r = CaseloadEvent.safeParse(raw);
  return r.success ? r.data : undefined;
};

describe('validateEvent', () => {
  it('accepts every simulated event exactly as the union does', () => {
    expect(samples.length).toBeGreaterThanOrEqual(8);
    for (const e of run.events) {
      const raw = JSON.parse(JSON.stringify({ ...e, receivedAt: '2026-11-20T12:00:01Z' })) as unknown;
      const ours = validateEvent(raw);
      expect(ours).toBeDefined();
      expect(ours).toEqual(byUnion(raw));
    }
  });

  it('rejects what the union rejects: a wrong or unknown type, a bad field, a missing one, no object', () => {
    const bad: unknown[] = [null, 'caseload.case.opened', 42, [], {}];
    for (const e of samples) {
      const other = samples.find((s) => s.type !== e.type)!;
      bad.push(
        { ...e, type: other.type },
        { ...e, type: 'caseload.unknown.thing' },
        { ...e, type: undefined },
        { ...e, time: 'yesterday' },
        { ...e, specversion: '2.0' },
        { ...e, data: { ...e.data, unitId: 'has space' } },
        { ...e, data: { ...e.data, extra: 1 } },
        { ...e, data: undefined },
      );
    }
    for (const raw of bad) {
      expect(byUnion(raw)).toBeUndefined();
      expect(validateEvent(raw)).toBeUndefined();
    }
  });
});
