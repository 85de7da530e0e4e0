import type { EvalResult } from './run.ts';
import type { Scores } from './score.ts';

const f = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));

function row(name: string, s: Scores): string {
  return [
    name.padEnd(18),
    f(s.recall).padStart(7),
    f(s.precision).padStart(10),
    f(s.medianDelayDays, 1).padStart(12),
    f(s.medianDelayEvents, 0).padStart(14),
    f(s.falseAlarmsPerUnitWeek, 3).padStart(16),
  ].join('');
}

/** The side-by-side table the eval prints. */
export function formatTable(r: EvalResult): string {
  const d = r.detail;
  const head = ['detector'.padEnd(18), 'recall', 'precision', 'delay days', 'delay events', 'false/unit-wk']
    .map((h, i) => (i === 0 ? h : h.padStart([7, 10, 12, 14, 16][i - 1]!)))
    .join('');
  const kinds = (['risk18', 'risk50', 'contact30'] as const)
    .map((k) => {
      const cell = (name: string, s: typeof d.ours) =>
        `${name} ${s.byKind[k].detected}/${s.byKind[k].drifts} found, delay ${f(s.byKind[k].medianDelayDays, 1)} d / ${f(s.byKind[k].medianDelayEvents, 0)} ev`;
      return `  ${k.padEnd(10)} ${cell('ours', d.ours)} | ${cell('naive', d.naive)} | ${cell('oracle', d.oracle)}`;
    })
    .join('\n');
  return [
    `Detection evaluation: ${d.units} units, ${d.workers} workers, ${d.weeks} weeks; ${d.alertingTestsPerUnit.toFixed(0)} alerting worker × dimension tests per unit (each with a one-sided CUSUM on its side of concern at the target shift δ, and a funnel test)`,
    '',
    'Drift',
    head,
    row('ours', r.drift.ours),
    row('naive ±15%', r.drift.naive),
    row('oracle CUSUM', r.drift.oracle),
    '',
    `ours: recall +50% ${f(r.drift.ours.recall50)}, −30% contacts ${f(r.drift.ours.recallContact30)}, +18% ${f(r.drift.ours.recall18)}; delay ratio +18% (events, ours/oracle) ${f(r.drift.ours.delayRatio18)}; oracle ARL0 ${r.drift.oracle.arl0Days} days`,
    `false alerts: ours ${d.ours.falseAlarms}, naive ${d.naive.falseAlarms}, oracle ${d.oracle.falseAlarms} (naive/ours ${d.ours.falseAlarms ? f(d.naive.falseAlarms / d.ours.falseAlarms, 1) : '∞'}×); ours per unit-week once the look-back is full: ${f(d.ours.falseAlarmsPerUnitWeekSteady, 3)}`,
    kinds,
    '',
    'Clusters',
    head,
    row('ours', r.clusters.ours),
    `false clusters: ${d.clusterFalse} (a signal that lapses and returns within the longest window counts once; counted at every switch-on: ${d.clusterFalseSwitchOns})`,
    '',
    `time (s): ${Object.entries(d.seconds)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}`,
  ].join('\n');
}
