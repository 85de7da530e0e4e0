import { describe, expect, it } from 'vitest';
import type { Signal, UnitView } from '@caseload/shared';
import { badgesByWorker, boardSafe, effectiveNow, mostOverdue, openSignals, tileGrid } from './board-view.ts';

const signal = (over: Partial<Signal>): Signal => ({
  signalId: 'drift-w1-risk',
  kind: 'drift',
  test: 'funnel',
  workerId: 'w1',
  dimension: 'risk_rate',
  value: 0.3,
  panelValue: 0.1,
  relDiff: 2,
  severity: 'alert',
  status: 'open',
  since: '2026-11-20T10:00:00Z',
  explanation: 'Alex Morgan flags risk in 30% of notes.',
  evidenceCount: 1,
  ...over,
});

const view = (over: Partial<UnitView> = {}): UnitView => ({
  unitId: 'u1',
  siteId: 's1',
  name: 'Unit',
  asOf: '2026-11-20T12:00:00Z',
  seq: 1,
  windowDays: 28,
  workers: [
    {
      workerId: 'w1',
      name: 'Alex Morgan',
      displayName: 'Alex',
      absent: false,
      openCases: 3,
      weightedLoad: 10,
      capacity: 20,
      notesInWindow: 1,
      contactsInWindow: 1,
      riskFlagsInWindow: 1,
      overdueCount: 0,
    },
  ],
  signals: [signal({})],
  overdue: [{ kind: 'contact', workerId: 'w1', caseId: 'c1', dueAt: '2026-11-19T12:00:00Z', daysOverdue: 1 }],
  overdueTotals: { contact: 1, note: 0, supervision: 0, worker_silent: 0 },
  pool: { unassigned: 0, oldestWaitDays: 0 },
  ...over,
});

describe('board view', () => {
  it('strips names, case ids and the worker behind a signal unless the unit shows names', () => {
    const safe = boardSafe(view());
    const text = JSON.stringify(safe);
    expect(text).not.toContain('Alex Morgan');
    expect(text).not.toContain('c1');
    expect(safe.signals[0]!.workerId).toBeUndefined();
    expect(safe.signals[0]!.signalId).not.toContain('w1');
  });

  it('keeps the worker on signals where the wall shows names', () => {
    const safe = boardSafe(view({ wallShowsNames: true }));
    expect(safe.signals[0]!.workerId).toBe('w1');
    expect(badgesByWorker(safe.signals).get('w1')).toEqual(new Set(['drift']));
  });

  it('lists open signals newest first and leaves resolved ones out', () => {
    const list = openSignals(
      view({
        signals: [
          signal({ signalId: 'a', since: '2026-11-20T09:00:00Z' }),
          signal({ signalId: 'b', since: '2026-11-20T11:00:00Z' }),
          signal({ signalId: 'c', status: 'resolved' }),
        ],
      }),
    );
    expect(list.map((s) => s.signalId)).toEqual(['b', 'a']);
  });

  it('orders the most overdue first', () => {
    const items = [1, 5, 3].map((d) => ({ kind: 'note' as const, workerId: 'w', dueAt: '', daysOverdue: d }));
    expect(mostOverdue(items, 2).map((i) => i.daysOverdue)).toEqual([5, 3]);
  });

  it("moves the processor's clock on locally between views", () => {
    expect(effectiveNow('2026-11-20T12:00:00Z', 1_000, 61_000)).toBe(Date.parse('2026-11-20T12:01:00Z'));
  });

  it('chooses a grid that fits 5 to 20 tiles without wasting the screen', () => {
    for (let n = 5; n <= 20; n++) {
      const g = tileGrid(n, 1.4);
      expect(g.cols * g.rows).toBeGreaterThanOrEqual(n);
      expect(g.cols * g.rows - n).toBeLessThan(g.cols);
    }
    // 4×5 tiles of 0.35×0.2 give 0.2 of height each; 5×4 only 0.175 once held to 1.6:1.
    expect(tileGrid(20, 1.4)).toEqual({ cols: 4, rows: 5 });
    expect(tileGrid(6, 3)).toEqual({ cols: 3, rows: 2 });
  });
});
