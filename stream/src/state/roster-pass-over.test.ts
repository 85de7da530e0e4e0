import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadDictionary, partitionOf, type StoredEvent } from '@caseload/shared';
import { PartitionState } from './partition-state.ts';
import { storedEvent } from './stored-event.testkit.ts';

const dict = loadDictionary();
const P = 4;
const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;
const candidates = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
const mine = candidates.filter((u) => partitionOf(u, P) === 0).slice(0, 2);
const others = candidates.filter((u) => partitionOf(u, P) !== 0).slice(0, 2);
const UNITS = [...mine, ...others];

const ev = (type: string, data: Record<string, unknown>, msAgo: number) => storedEvent(type, data, NOW - msAgo);

const upsert = (workerId: string, unitId: string, msAgo: number) =>
  ev('caseload.worker.upserted', { workerId, unitId, name: 'Avery Jones', capacity: 20 }, msAgo);
const absence = (workerId: string, unitId: string, msAgo: number) =>
  ev(
    'caseload.worker.absence',
    {
      workerId,
      unitId,
      from: new Date(NOW + DAY).toISOString(),
      to: new Date(NOW + 3 * DAY).toISOString(),
    },
    msAgo,
  );

/** Applies an event as the partition worker does: a worker upsert may be passed over first. */
function applyLean(s: PartitionState, e: StoredEvent): void {
  if (e.type === 'caseload.worker.upserted' && s.passOverWorker(e.data.unitId, e.data.workerId, Date.parse(e.time)))
    return;
  s.apply(e);
}

function seeded(): PartitionState {
  const s = new PartitionState(0, P, dict);
  s.apply(ev('caseload.site.upserted', { siteId: 'S', name: 'S', timezone: 'UTC' }, 30 * DAY));
  for (const u of UNITS) s.apply(ev('caseload.unit.upserted', { unitId: u, siteId: 'S', name: u }, 30 * DAY));
  return s;
}

describe('passing over other partitions’ workers', () => {
  it('passes over a worker it never had in a unit of another partition, and moves the clock', () => {
    const s = seeded();
    const before = s.meta.maxEventMs;
    expect(s.passOverWorker(others[0]!, 'W', NOW)).toBe(true);
    expect(s.workers.has('W')).toBe(false);
    expect(s.meta.maxEventMs).toBe(NOW);
    expect(before).toBeLessThan(NOW);
    expect(s.dirty.has('m')).toBe(true);
    expect(s.passOverWorker(others[0]!, 'W', Number.NaN)).toBe(false);
  });

  it('applies a worker of its own units, and one it knows that moves away', () => {
    const s = seeded();
    expect(s.passOverWorker(mine[0]!, 'W', NOW)).toBe(false);
    s.apply(upsert('W', mine[0]!, DAY));
    expect(s.passOverWorker(others[0]!, 'W', NOW)).toBe(false);
    s.apply(upsert('W', others[0]!, 0));
    expect(s.unitIndex().workers.get(mine[0]!)).toBeUndefined();
    expect(s.workers.get('W')!.unitId).toBe(others[0]);
  });

  it('keeps the absences of a worker it passed over until the worker moves in, through a checkpoint', () => {
    const s = seeded();
    expect(s.passOverWorker(others[0]!, 'W', NOW - 5 * DAY)).toBe(true);
    s.apply(absence('W', others[0]!, 4 * DAY));
    s.apply(absence('W', others[0]!, 4 * DAY));
    expect(s.pendingAbsences.get('W')).toHaveLength(1);
    const restored = new PartitionState(0, P, dict);
    restored.restore([...s.dirty].flatMap((k) => (s.serialise(k) ? [[k, s.serialise(k)!] as [string, string]] : [])));
    expect(restored.pendingAbsences.get('W')).toEqual(s.pendingAbsences.get('W'));
    s.dirty.clear();
    s.apply(upsert('W', mine[0]!, DAY));
    const w = s.workers.get('W')!;
    expect(w.absences).toEqual([[NOW + DAY, NOW + 3 * DAY]]);
    // Its overdue clocks start at its arrival here.
    expect(w.sinceMs).toBe(NOW - DAY);
    expect(s.pendingAbsences.has('W')).toBe(false);
    expect(s.dirty.has('a:W')).toBe(true);
    expect(s.serialise('a:W')).toBeUndefined();
  });

  it('leaves the state of its own units as applying the whole roster does', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('upsert'), w: fc.nat(4), u: fc.nat(UNITS.length - 1) }),
      fc.record({ kind: fc.constant('absence'), w: fc.nat(4) }),
      fc.record({ kind: fc.constant('contact'), w: fc.nat(4), id: fc.nat(30) }),
      fc.record({ kind: fc.constant('supervision'), w: fc.nat(4) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 50 }), (ops) => {
        const full = seeded();
        const lean = seeded();
        // Where each worker is, as the roster says: workers act in their own unit.
        const unitOf = new Map<string, string>();
        ops.forEach((o, i) => {
          const w = `W${o.w}`;
          const ago = (ops.length - i) * 3_600_000;
          let e: StoredEvent | undefined;
          if (o.kind === 'upsert') {
            e = upsert(w, UNITS[o.u]!, ago);
            unitOf.set(w, UNITS[o.u]!);
          } else if (!unitOf.has(w)) return;
          else if (o.kind === 'absence') e = absence(w, unitOf.get(w)!, ago);
          else if (o.kind === 'contact')
            e = ev(
              'caseload.contact.logged',
              {
                contactId: `K${o.id}`,
                caseId: 'C',
                unitId: unitOf.get(w),
                workerId: w,
                mode: 'phone',
                outcome: 'completed',
              },
              ago,
            );
          else
            e = ev('caseload.supervision.completed', { workerId: w, unitId: unitOf.get(w), supervisorId: 'S1' }, ago);
          // Other events reach only their unit's partition (the roster reaches every one).
          const routedHere = e.type === 'caseload.worker.upserted' || e.type === 'caseload.worker.absence';
          if (!routedHere && !mine.includes(unitOf.get(w)!)) return;
          full.apply(e);
          applyLean(lean, e);
        });
        expect(lean.meta).toEqual(full.meta);
        for (const u of mine) {
          const ids = [...(full.unitIndex().workers.get(u) ?? [])].sort();
          expect([...(lean.unitIndex().workers.get(u) ?? [])].sort()).toEqual(ids);
          for (const id of ids) {
            const { sinceMs: a, ...fullRec } = full.workers.get(id)!;
            const { sinceMs: b, ...leanRec } = lean.workers.get(id)!;
            expect(leanRec).toEqual(fullRec);
            // Arrival from another partition's unit restarts the clock; never earlier than the roster's.
            expect(b!).toBeGreaterThanOrEqual(a!);
            expect(lean.serialise(`x:${id}:${Math.floor(NOW / DAY)}`)).toEqual(
              full.serialise(`x:${id}:${Math.floor(NOW / DAY)}`),
            );
          }
        }
        // Nothing of other partitions' workers is kept unless this partition had them.
        for (const [id, w] of lean.workers) expect(full.workers.get(id)?.unitId).toBe(w.unitId);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
