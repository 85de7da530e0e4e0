import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadDictionary, partitionOf } from '@caseload/shared';
import { PartitionState } from './partition-state.ts';
import { storedEvent } from './stored-event.testkit.ts';
import { GroupIndex } from './unit-index.ts';

const dict = loadDictionary();
const P = 4;
const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;
// Two units of partition 0 and one elsewhere, so transfers both stay and leave.
const units = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8'];
const mine = units.filter((u) => partitionOf(u, P) === 0).slice(0, 2);
const other = units.find((u) => partitionOf(u, P) !== 0)!;
const UNITS = [...mine, other];

describe('GroupIndex', () => {
  it('groups ids, moves them and drops empty groups', () => {
    const g = new GroupIndex();
    g.add('a', '1');
    g.add('a', '2');
    g.move('a', 'b', '2');
    expect([...g.get('a')!]).toEqual(['1']);
    expect([...g.get('b')!]).toEqual(['2']);
    g.remove('a', '1');
    expect(g.get('a')).toBeUndefined();
    expect([...g.keys()]).toEqual(['b']);
    expect(g.size).toBe(1);
  });
});

const ev = (type: string, data: Record<string, unknown>, daysAgo: number) =>
  storedEvent(type, data, NOW - daysAgo * DAY);

/** The index as a full scan of the state's maps would build it. */
function scanned(s: PartitionState) {
  const group = <T>(m: Map<string, T>, unitOf: (r: T) => string) => {
    const out: Record<string, string[]> = {};
    for (const [id, r] of m) (out[unitOf(r)] ??= []).push(id);
    for (const k of Object.keys(out)) out[k]!.sort();
    return out;
  };
  return {
    workers: group(s.workers, (w) => w.unitId),
    cases: group(s.cases, (c) => c.unitId),
    notes: group(s.notes, (x) => x.u),
    contacts: group(s.contacts, (x) => x.u),
  };
}

function indexed(s: PartitionState) {
  const idx = s.unitIndex();
  const flat = (g: GroupIndex) => {
    const out: Record<string, string[]> = {};
    for (const k of g.keys()) out[k] = [...g.get(k)!].sort();
    return out;
  };
  return { workers: flat(idx.workers), cases: flat(idx.cases), notes: flat(idx.notes), contacts: flat(idx.contacts) };
}

const op = fc.oneof(
  fc.record({ kind: fc.constant('worker'), w: fc.nat(3), u: fc.nat(2) }),
  fc.record({ kind: fc.constant('open'), c: fc.nat(5), u: fc.nat(1), w: fc.nat(3) }),
  fc.record({ kind: fc.constant('assign'), c: fc.nat(5), u: fc.nat(2), from: fc.nat(2), w: fc.nat(3) }),
  fc.record({ kind: fc.constant('note'), id: fc.nat(20), c: fc.nat(5), u: fc.nat(1), w: fc.nat(3), ago: fc.nat(60) }),
  fc.record({
    kind: fc.constant('contact'),
    id: fc.nat(20),
    c: fc.nat(5),
    u: fc.nat(1),
    w: fc.nat(3),
    ago: fc.nat(60),
  }),
  fc.record({ kind: fc.constant('advance'), days: fc.nat(40) }),
  fc.record({ kind: fc.constant('close'), c: fc.nat(5) }),
  fc.record({ kind: fc.constant('tick') }),
);

/** Today's sampled open cases per stratum equal the open cases the worker holds (after advance). */
function checkSampling(s: PartitionState, nowMs: number) {
  const today = Math.floor(nowMs / DAY);
  for (const [workerId, w] of s.workers) {
    if (!s.ownsUnit(w.unitId)) continue;
    const want = new Map<string, number>();
    for (const c of s.cases.values())
      if (c.open && c.workerId === workerId) want.set(s.stratumOfCase(c), (want.get(s.stratumOfCase(c)) ?? 0) + 1);
    const got = new Map<string, number>();
    for (const [stratum, cell] of s.cells.get(workerId)?.get(today) ?? []) if (cell.cs) got.set(stratum, cell.cs);
    expect(got).toEqual(want);
  }
}

describe('the open-case sample', () => {
  it('follows a case closed within the hour it was last taken', () => {
    const s = new PartitionState(0, P, dict);
    s.apply(ev('caseload.site.upserted', { siteId: 'S', name: 'S', timezone: 'UTC' }, 70));
    s.apply(ev('caseload.unit.upserted', { unitId: mine[0]!, siteId: 'S', name: 'A' }, 70));
    s.apply(ev('caseload.worker.upserted', { workerId: 'W', unitId: mine[0]!, name: 'A B', capacity: 20 }, 70));
    const open = { clientId: 'K', unitId: mine[0]!, workerId: 'W', track: 'housing', complexityFactors: [] };
    s.apply(ev('caseload.case.opened', { caseId: 'C1', ...open }, 70));
    s.apply(ev('caseload.case.opened', { caseId: 'C2', ...open }, 70));
    s.advance(NOW);
    checkSampling(s, NOW);
    s.apply(ev('caseload.case.closed', { caseId: 'C1', unitId: mine[0]! }, 0));
    s.advance(NOW + 1000);
    checkSampling(s, NOW);
    s.apply(ev('caseload.case.closed', { caseId: 'C2', unitId: mine[0]! }, 0));
    s.advance(NOW + 2000);
    checkSampling(s, NOW);
  });
});

describe('the indexes kept by PartitionState', () => {
  it('always equal a full scan of the state (unit index, pending cases, today’s case sample), through transfers, pruning and a restore', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = new PartitionState(0, P, dict);
        const site = ev('caseload.site.upserted', { siteId: 'S', name: 'S', timezone: 'UTC' }, 70);
        s.apply(site);
        for (const u of UNITS) s.apply(ev('caseload.unit.upserted', { unitId: u, siteId: 'S', name: u }, 70));
        let shift = 0;
        for (const o of ops) {
          const unit = (i: number) => UNITS[i]!;
          if (o.kind === 'worker')
            s.apply(
              ev('caseload.worker.upserted', { workerId: `W${o.w}`, unitId: unit(o.u), name: 'A B', capacity: 20 }, 70),
            );
          else if (o.kind === 'open')
            s.apply(
              ev(
                'caseload.case.opened',
                {
                  caseId: `C${o.c}`,
                  clientId: 'K',
                  unitId: unit(o.u),
                  workerId: `W${o.w}`,
                  track: 'housing',
                  complexityFactors: [],
                },
                70,
              ),
            );
          else if (o.kind === 'assign')
            s.apply(
              ev(
                'caseload.case.assigned',
                { caseId: `C${o.c}`, unitId: unit(o.u), workerId: `W${o.w}`, fromUnitId: unit(o.from) },
                70,
              ),
            );
          else if (o.kind === 'note')
            s.apply(
              ev(
                'caseload.note.submitted',
                { noteId: `N${o.id}`, caseId: `C${o.c}`, unitId: unit(o.u), workerId: `W${o.w}`, text: 'x' },
                o.ago - shift,
              ),
            );
          else if (o.kind === 'contact')
            s.apply(
              ev(
                'caseload.contact.logged',
                {
                  contactId: `K${o.id}`,
                  caseId: `C${o.c}`,
                  unitId: unit(o.u),
                  workerId: `W${o.w}`,
                  outcome: 'completed',
                  mode: 'home_visit',
                },
                o.ago - shift,
              ),
            );
          else if (o.kind === 'close') s.apply(ev('caseload.case.closed', { caseId: `C${o.c}`, unitId: mine[0]! }, 70));
          else if (o.kind === 'tick') {
            // The same hour again: sampling is skipped unless cases or workers changed since.
            s.advance(NOW + shift * DAY + 1000);
            checkSampling(s, NOW + shift * DAY);
          } else {
            shift += o.days;
            s.advance(NOW + shift * DAY);
            checkSampling(s, NOW + shift * DAY);
          }
          expect(indexed(s)).toEqual(scanned(s));
          expect([...s.pendingCases].sort()).toEqual(
            [...s.cases]
              .filter(([, c]) => c.pending)
              .map(([id]) => id)
              .sort(),
          );
        }
        const restored = new PartitionState(0, P, dict);
        restored.restore(
          [...s.dirty].flatMap((k) => {
            const v = s.serialise(k);
            return v === undefined ? [] : [[k, v] as [string, string]];
          }),
        );
        expect(indexed(restored)).toEqual(scanned(restored));
        expect(indexed(restored)).toEqual(indexed(s));
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});
