/**
 * `npx tsx stream/eval/diagnose.ts [--units 50 --weeks 16 --seed 1]`: why drifts are missed. For every
 * injected +50% and −30% drift (and, with --all, every drift) it prints the unit's main track, the onset,
 * the days the worker was away after it, the events expected after onset at the in-control rate, the
 * oracle's best log-likelihood ratio after onset (the information there is, at the true shift), and
 * our charts' best S/h ratio over the days after onset (and the chart that came closest).
 */
import { loadDictionary } from '@caseload/shared';
import { chartCells, chartRatios, cusumChart, perTestArl0 } from '../src/analytics/drift.ts';
import { llrIncrement, llrThresholdForArl, runCusum } from '../src/analytics/cusum.ts';
import { chartModelFor, trackShapeFor, trialsPerExposure } from '../src/analytics/measures.ts';
import {
  addInto,
  panelRates,
  PRIOR_EVENTS,
  subtract,
  totalsByStratum,
  type StratumTotals,
} from '../src/analytics/standardise.ts';
import { DRIFT_FACTOR, generateCounty, type EvalDimension } from './county.ts';
import { runDetectionEval } from './run.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

const dictionary = loadDictionary();
const opts = { units: arg('units', 50), weeks: arg('weeks', 16), seed: arg('seed', 1), dictionary };
const county = generateCounty(opts);
const s = dictionary.drift;
const result = runDetectionEval(opts);
const arl0Oracle = result.drift.oracle.arl0Days;
const all = process.argv.includes('--all');

const measureOf: Record<string, string> = { risk_rate: 'risk_rate', contacts_per_case_week: 'contacts_per_case_week' };
console.log(
  'kind       unit  track              onset away  expEv  oracleLLR(h)   ours best S/h (rho, day)   ours finding',
);
for (const d of county.drifts) {
  if (!all && d.kind === 'risk18') continue;
  const unit = county.units.find((u) => u.unitId === d.unitId)!;
  const w = unit.workers.find((x) => x.workerId === d.workerId)!;
  const dim: EvalDimension = d.kind === 'contact30' ? 'contacts_per_case_week' : 'risk_rate';
  const model = chartModelFor(measureOf[dim]!);
  const k = trialsPerExposure(measureOf[dim]!);
  const tracks = new Map<string, number>();
  for (const c of w.cases) tracks.set(c.track, (tracks.get(c.track) ?? 0) + 1);
  const mainTrack = [...tracks].sort((a, b) => b[1] - a[1])[0]![0];
  const onsetDay = county.startDay + d.onset;
  const away = w.absentDays.filter((x) => x >= onsetDay).length;
  // Oracle information: LLR at the true shift, from onset, best running value.
  let expEv = 0;
  let llr = 0;
  let bestLlr = 0;
  const byDay = new Map<number, number>();
  for (const c of w.cells[dim]) {
    if (c.day < onsetDay) continue;
    const rate = county.trueRate(dim, c.stratum);
    expEv += rate * c.exposure;
    byDay.set(
      c.day,
      (byDay.get(c.day) ?? 0) + llrIncrement(model, c.events, c.exposure * k, rate / k, DRIFT_FACTOR[d.kind]),
    );
  }
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    llr = Math.max(0, llr + byDay.get(day)!);
    bestLlr = Math.max(bestLlr, llr);
  }
  // Ours: the worker's charts for the dimension on each day after onset.
  let best = { ratio: 0, rho: 0, day: 0, s: 0, h: 0 };
  for (let today = onsetDay; today < county.startDay + county.days; today++) {
    const filter = (absent: Set<number>) => ({ fromDay: today - s.cusumDays + 1, toDay: today, skipDays: absent });
    const unitHist: StratumTotals = new Map();
    let mine: StratumTotals = new Map();
    let tested = 0;
    for (const x of unit.workers) {
      const absent = new Set(x.absentDays);
      if (!absent.has(today)) tested++;
      const t = totalsByStratum(x.cells[dim], filter(absent));
      addInto(unitHist, t);
      if (x === w) mine = t;
    }
    if (w.absentDays.includes(today)) continue;
    const list = chartCells(
      w.cells[dim],
      filter(new Set(w.absentDays)),
      panelRates(subtract(unitHist, mine), PRIOR_EVENTS, trackShapeFor(measureOf[dim]!, dictionary.tracks)),
    );
    const arl0 = perTestArl0(tested, s);
    for (const rho of chartRatios(s, measureOf[dim]!)) {
      const chart = cusumChart(list, measureOf[dim]!, rho);
      const h = Math.max(s.cusumThreshold, llrThresholdForArl(chart.meanPerDay, arl0));
      const run = runCusum(chart.days, h);
      if (run.value / h > best.ratio) best = { ratio: run.value / h, rho, day: today - onsetDay, s: run.value, h };
    }
  }
  // The oracle's h is about ln(ARL0 × |μ|); |μ| ≈ 0.09 a day is typical of these charts (a rough guide only).
  const hOracle = Math.log(arl0Oracle * 0.09);
  const tag = best.ratio >= 1 ? 'chart over h' : '';
  console.log(
    [
      d.kind.padEnd(10),
      d.unitId.padEnd(5),
      mainTrack.padEnd(18),
      String(d.onset).padStart(5),
      String(away).padStart(5),
      expEv.toFixed(0).padStart(6),
      `${bestLlr.toFixed(1)} (~${hOracle.toFixed(1)})`.padStart(13),
      `${best.ratio.toFixed(2)} = ${best.s.toFixed(1)}/${best.h.toFixed(1)} (ρ ${best.rho.toFixed(2)}, +${best.day} d)`.padStart(
        30,
      ),
      tag.padStart(14),
    ].join(' '),
  );
}
