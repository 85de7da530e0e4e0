import { describe, expect, it } from 'vitest';
import { loadDictionary, partitionOf, type EventData, type EventType, type StoredEvent } from '@caseload/shared';
import { PartitionState } from '../state/partition-state.ts';
import { computeUnitAnalytics } from './unit-analytics.ts';

const dict = loadDictionary();
const P = 2;
const unitId = 'UT';
const home = partitionOf(unitId, P);
const T0 = Date.parse('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;

let n = 0;
function e<T extends EventType>(type: T, data: EventData<T>, at: number): StoredEvent {
  const time = new Date(at).toISOString();
  return { specversion: '1.0', id: `t${++n}`, source: '/t', type, time, data, receivedAt: time } as StoredEvent;
}

const worker = (capacity: number, at: number) =>
  e('caseload.worker.upserted', { workerId: 'W', unitId, name: 'Avery', capacity, active: true }, at);

/** A one-worker unit loaded far over its capacity: the over-capacity tripwire trips. */
function overloaded(): PartitionState {
  const s = new PartitionState(home, P, dict);
  s.apply(e('caseload.site.upserted', { siteId: 'S', name: 'S', timezone: 'UTC' }, T0));
  s.apply(e('caseload.unit.upserted', { unitId, siteId: 'S', name: 'U', wallShowsNames: false }, T0));
  s.apply(worker(1, T0));
  for (let i = 0; i < 4; i++) {
    const data = { caseId: `C${i}`, clientId: `K${i}`, unitId, track: 'housing', complexityFactors: [], workerId: 'W' };
    s.apply(e('caseload.case.opened', data, T0));
  }
  return s;
}

const overCapacity = (s: PartitionState, nowMs: number) =>
  computeUnitAnalytics(s, unitId, nowMs, new Map()).signals.find(
    (x) => x.signalId === `tripwire.${unitId}.over_capacity`,
  );

describe('tripwire since', () => {
  it('survives a restart from the checkpointed state and starts afresh once the tripwire clears', () => {
    const s = overloaded();
    expect(overCapacity(s, T0)?.since).toBe(new Date(T0).toISOString());
    expect(overCapacity(s, T0 + HOUR)?.since).toBe(new Date(T0).toISOString());

    // A restart (or another instance taking over) restores the checkpoint: `since` stays.
    const records = [...s.dirty].map((k) => [k, s.serialise(k)] as const).filter(([, v]) => v !== undefined);
    const restored = new PartitionState(home, P, dict);
    restored.restore(records as [string, string][]);
    expect(overCapacity(restored, T0 + 2 * HOUR)?.since).toBe(new Date(T0).toISOString());

    // Capacity raised: the tripwire clears and its `since` is forgotten (and the checkpoint told).
    restored.dirty.clear();
    restored.apply(worker(100, T0 + 3 * HOUR));
    expect(overCapacity(restored, T0 + 3 * HOUR)).toBeUndefined();
    expect(restored.dirty.has(`t:tripwire.${unitId}.over_capacity`)).toBe(true);
    expect(restored.serialise(`t:tripwire.${unitId}.over_capacity`)).toBeUndefined();
    // Overloaded again later: a new `since`.
    restored.apply(worker(1, T0 + 4 * HOUR));
    expect(overCapacity(restored, T0 + 4 * HOUR)?.since).toBe(new Date(T0 + 4 * HOUR).toISOString());
  });
});
