import type { Signal, UnitView } from '@caseload/shared';
import { unitView, uniqueId, type UnitFixture } from '../../support/fixtures.ts';

/**
 * A unit the size of a real team (14 workers, up to 20) with every panel of the board in use, built on the
 * shared fixtures so its first drift signal is the one whose evidence the drill-down test follows.
 */
const NAMES = [
  'Alex Morgan',
  'Bea Lindqvist',
  'Chidi Okafor',
  'Dana Whitfield',
  'Eli Navarro',
  'Fern Osei',
  'Gus Ferreira',
  'Hana Sato',
  'Ivo Petrov',
  'Jade Mensah',
  'Kit Brennan',
  'Lena Fischer',
  'Mo Haddad',
  'Nia Roberts',
  'Oskar Lindgren',
  'Priya Raman',
  'Quentin Achterberg',
  'Rosa Delgado',
  'Sami Virtanen',
  'Tomasz Wójcik',
];

export function teamFixture(workers = 14): UnitFixture {
  const unitId = uniqueId('U');
  return {
    unitId,
    siteId: uniqueId('S'),
    workers: NAMES.slice(0, workers).map((name, i) => ({
      workerId: `${unitId}-W${i + 1}`,
      name,
      displayName: name.split(' ')[0]!,
    })),
  };
}

export function teamView(u: UnitFixture, seq: number, opts: { wallShowsNames?: boolean } = {}): UnitView {
  const base = unitView(u, { seq, name: 'Northside Family Support', ...opts });
  const now = Date.now();
  const ago = (min: number) => new Date(now - min * 60_000).toISOString();
  const loads = [31, 22, 18, 27, 12, 24, 20, 29, 16, 23, 19, 26, 21, 14];
  const extra: Signal[] = [
    {
      signalId: `cluster-${u.unitId}-housing`,
      kind: 'cluster',
      test: 'scan',
      dimension: 'eviction_risk',
      track: 'housing',
      value: 7,
      panelValue: 2.4,
      relDiff: 1.9,
      severity: 'watch',
      status: 'open',
      since: ago(42),
      explanation: '7 housing cases flagged eviction risk this week against 2.4 expected.',
      evidenceCount: 7,
    },
    {
      signalId: `trip-${u.unitId}-latedoc`,
      kind: 'tripwire',
      test: 'rule',
      dimension: 'late_doc_rate',
      value: 0.31,
      panelValue: 0.12,
      relDiff: 1.6,
      severity: 'alert',
      status: 'open',
      since: ago(95),
      explanation: 'Late documentation rose to 31% of notes over 5 days.',
      evidenceCount: 0,
      action: 'Review caseloads at the next huddle',
    },
  ];
  return {
    ...base,
    signals: [...base.signals.map((s) => ({ ...s, since: ago(8) })), ...extra],
    workers: base.workers.map((w, i) => ({
      ...w,
      weightedLoad: loads[i % loads.length]!,
      openCases: 8 + ((i * 5) % 11),
      overdueCount: [0, 2, 0, 1, 0, 0, 3, 0, 0, 1, 0, 0, 0, 0][i] ?? 0,
      absent: i === 4,
    })),
    overdue: [
      {
        kind: 'contact',
        workerId: u.workers[1]!.workerId,
        caseId: `${u.unitId}-C2`,
        dueAt: ago(3 * 1440 + 130),
        daysOverdue: 3.1,
      },
      {
        kind: 'note',
        workerId: u.workers[6]!.workerId,
        caseId: `${u.unitId}-C7`,
        dueAt: ago(1440 + 20),
        daysOverdue: 1,
      },
      { kind: 'supervision', workerId: u.workers[3]!.workerId, dueAt: ago(300), daysOverdue: 0.2 },
    ],
    overdueTotals: { contact: 4, note: 2, supervision: 1, worker_silent: 0 },
    funnel: {
      dimension: 'risk_flags',
      panelRate: 0.12,
      points: u.workers.map((w, i) => ({
        workerId: w.workerId,
        displayName: w.displayName,
        volume: 12 + ((i * 7) % 40),
        observed: 0,
        expected: 0,
        rate: i === 0 ? 0.34 : 0.06 + ((i * 3) % 10) / 100,
        flagged: i === 0,
      })),
    },
  };
}
