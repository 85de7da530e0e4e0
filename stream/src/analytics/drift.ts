import type { DictionaryData } from '@caseload/shared';
import {
  llrArl,
  llrTerms,
  llrThresholdForArl,
  runCusum,
  termsIncrement,
  termsMean,
  type CusumDay,
  type LlrTerms,
} from './cusum.ts';
import { benjaminiHochberg } from './fdr.ts';
import { funnelTest, overdispersion, type PanelMember } from './funnel.ts';
import { chartModelFor, concernOf, modelFor, trialsPerExposure, type RateModel } from './measures.ts';
import {
  addInto,
  cellIncluded,
  indirectlyStandardise,
  panelRates,
  PRIOR_EVENTS,
  rateFor,
  subtract,
  totalsByStratum,
  type CellFilter,
  type PanelRates,
  type StratumTotals,
} from './standardise.ts';
import { explainDrift } from './explain.ts';
import type { DailyCell, DayNumber, DriftFinding, DriftInput, WorkerSeries } from './types.ts';

/**
 * Drift of one worker from the unit's panel, per dimension. A signal needs BOTH a relative gap of at
 * least `drift.minRelDiff` between the observed count and the count expected for the worker's case
 * mix (indirect standardisation against the panel without the worker), AND statistical evidence:
 *  - the funnel: outside the exact limits for the worker's volume over the long window (95% → watch,
 *    99.8% → alert), with the panel's over-dispersion φ; alerts (on the measure's side of concern only)
 *    then go through Benjamini–Hochberg at `drift.fdr` across the unit's alerting family (workers ×
 *    alerting dimensions) with their one-sided p-values, or
 *  - the one-sided CUSUM on the measure's side of concern (see `concernOf`: risk flags up, contacts down
 *    …), tuned to `drift.targetShift`, over its threshold h; its gap is measured over the current
 *    excursion (since the chart last left zero: the change-point estimate). Its multiplicity is paid in
 *    h, which splits the unit's false-alert budget over the family (see cusum.ts).
 * Only the overall (all-tracks) tests of the dictionary's first `maxAlertingPerWorker` alerting
 * dimensions may raise `alert`; per-track tests and the other dimensions show as `watch`. A worker
 * absent today is not tested; their absent days are left out of every sum (the clocks pause).
 */

export type DriftSettings = DictionaryData['drift'];
export interface DriftDictionary {
  drift: DriftSettings;
}

export interface Candidate {
  finding: DriftFinding;
  /** A funnel alert that still has to pass BH across the family. */
  needsFdr: boolean;
  /** The p-value BH sees: one-sided on the side of concern (the only side that may alert). */
  fdrP?: number;
}

export interface DriftEvaluation {
  candidates: Candidate[];
  /** Workers tested (present today), for the family's size. */
  workersTested: number;
}

const DAY_MS = 86_400_000;

export function isoDay(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The dimensions that may alert: the dictionary's first `maxAlertingPerWorker` marked alerting. */
export function alertingDimensionIds(settings: DriftSettings): Set<string> {
  return new Set(
    settings.dimensions
      .filter((d) => d.alerting)
      .slice(0, settings.maxAlertingPerWorker)
      .map((d) => d.id),
  );
}

/**
 * The rate ratio the chart of a measure is tuned to: one chart, on the measure's side of concern (see
 * `concernOf`), at the smallest shift that matters (ρ = 1 ± δ, δ = `targetShift`), the quickest test of
 * that shift for a given false-alarm rate (Moustakides 1986). A second chart tuned to large shifts (5δ/3)
 * was tried and dropped: it doubles the family, which raises every chart's h by about ln 2, and the δ
 * chart with the lower h finds +50% and −30% drifts as soon. The other side has no chart: a drift there is
 * not a concern, and the two-sided funnel still shows it as `watch`.
 */
export function chartRatios(settings: DriftSettings, measure: string): number[] {
  const d = settings.targetShift;
  return [concernOf(measure) === 'up' ? 1 + d : Math.max(0.01, 1 - d)];
}

/** One-sided CUSUMs in the unit's alerting family: workers × Σ over alerting dimensions of their charts. */
export function cusumFamilySize(workers: number, settings: DriftSettings): number {
  const alerting = alertingDimensionIds(settings);
  const charts = settings.dimensions
    .filter((d) => alerting.has(d.id))
    .reduce((n, d) => n + chartRatios(settings, d.measure).length, 0);
  return Math.max(1, workers * charts);
}

/** The per-test in-control ARL (days) that spends the unit's weekly false-alert budget over the family. */
export function perTestArl0(workers: number, settings: DriftSettings): number {
  return (7 * cusumFamilySize(workers, settings)) / settings.falseAlertsPerUnitWeek;
}

function canAlert(input: DriftInput, settings: DriftSettings): boolean {
  return (
    input.dimension.alerting && input.track === undefined && alertingDimensionIds(settings).has(input.dimension.id)
  );
}

interface WorkerPrep {
  series: WorkerSeries;
  absent: Set<DayNumber>;
  window: StratumTotals;
  history: StratumTotals;
}

function evidenceSince(series: WorkerSeries, day: DayNumber) {
  const from = (day - 1) * DAY_MS;
  return series.evidence.filter((e) => Date.parse(e.at) >= from).slice(0, 50);
}

/** Runs every test of one dimension for every present worker; BH is left to `resolveFamily`. */
export function evaluateDrift(input: DriftInput, dictionary: DriftDictionary): DriftEvaluation {
  const s = dictionary.drift;
  const model = modelFor(input.dimension.measure);
  const shape = input.dimension.trackShape;
  const { today, windowDays, track } = input;
  const windowFilter = (absent: Set<DayNumber>): CellFilter => ({
    fromDay: today - windowDays + 1,
    toDay: today,
    skipDays: absent,
    track,
  });
  const historyFilter = (absent: Set<DayNumber>): CellFilter => ({
    fromDay: today - s.cusumDays + 1,
    toDay: today,
    skipDays: absent,
    track,
  });
  const preps: WorkerPrep[] = input.workers.map((series) => {
    const absent = new Set(series.absentDays);
    return {
      series,
      absent,
      window: totalsByStratum(series.cells, windowFilter(absent)),
      history: totalsByStratum(series.cells, historyFilter(absent)),
    };
  });
  const unitWindow: StratumTotals = new Map();
  const unitHistory: StratumTotals = new Map();
  for (const p of preps) {
    addInto(unitWindow, p.window);
    addInto(unitHistory, p.history);
  }
  const tested = preps.filter((p) => !p.absent.has(today));
  const standardised = tested.map((p) => indirectlyStandardise(p.window, subtract(unitWindow, p.window), shape));
  const phi = overdispersion(
    model,
    standardised.map((st): PanelMember => ({ observed: st.observed, expected: st.expected, volume: st.exposure })),
  );
  const alerting = canAlert(input, s);
  const arl0 = perTestArl0(tested.length, s);
  const candidates: Candidate[] = [];

  tested.forEach((p, idx) => {
    const st = standardised[idx]!;
    const base = {
      workerId: p.series.workerId,
      dimension: input.dimension.id,
      ...(track !== undefined ? { track } : {}),
    };
    // Funnel over the long window.
    const windowGap = st.expected > 0 ? (st.observed - st.expected) / st.expected : 0;
    if (st.expected >= s.minExpected && st.exposure > 0 && Math.abs(windowGap) >= s.minRelDiff) {
      const relDiff = windowGap;
      const ft = funnelTest(
        model,
        st.observed,
        st.expected,
        st.exposure,
        { watch: s.funnelWatch, alert: s.funnelAlert },
        phi,
      );
      if (ft.level !== 'none') {
        // Only the side of concern alerts; the other shows as watch (see concernOf).
        const concerning = relDiff > 0 === (concernOf(input.dimension.measure) === 'up');
        const severity = alerting && concerning && ft.level === 'alert' ? 'alert' : 'watch';
        const sinceDay = funnelSince(input, preps, p, model, phi, s, ft.level);
        candidates.push({
          needsFdr: severity === 'alert',
          // The alternative is one-sided, so its p-value is half the two-sided one (exact, and normal on z).
          fdrP: ft.pValue / 2,
          finding: {
            ...base,
            test: 'funnel',
            value: st.observed / st.exposure,
            panelValue: st.expected / st.exposure,
            relDiff,
            observed: st.observed,
            expected: st.expected,
            exposure: st.exposure,
            pValue: ft.pValue,
            severity,
            sinceDay,
            explanation: explainDrift({
              name: p.series.displayName,
              dimension: input.dimension,
              observed: st.observed,
              expected: st.expected,
              exposure: st.exposure,
              days: windowDays,
            }),
            evidence: evidenceSince(p.series, today - windowDays + 1),
          },
        });
      }
    }
    // CUSUM up and down over the retained history, against the leave-one-out panel's stratum rates.
    const list = chartCells(
      p.series.cells,
      historyFilter(p.absent),
      panelRates(subtract(unitHistory, p.history), PRIOR_EVENTS, shape),
    );
    for (const rho of chartRatios(s, input.dimension.measure)) {
      const chart = cusumChart(list, input.dimension.measure, rho);
      if (chart.days.length === 0) continue;
      const h = Math.max(s.cusumThreshold, llrThresholdForArl(chart.meanPerDay, arl0));
      const run = runCusum(chart.days, h);
      if (run.value < h || run.runStartDay === null || run.overSinceDay === null) continue;
      const period = chart.totalsFrom(run.runStartDay);
      if (period.expected < s.minExpected || period.exposure <= 0) continue;
      const relDiff = (period.observed - period.expected) / period.expected;
      if (Math.abs(relDiff) < s.minRelDiff || Math.sign(relDiff) !== Math.sign(rho - 1)) continue;
      const arlAtValue = llrArl(chart.meanPerDay, run.value);
      candidates.push({
        needsFdr: false,
        finding: {
          ...base,
          test: 'cusum',
          value: period.observed / period.exposure,
          panelValue: period.expected / period.exposure,
          relDiff,
          observed: period.observed,
          expected: period.expected,
          exposure: period.exposure,
          pValue: Math.min(1, chart.days.length / arlAtValue),
          severity: alerting ? 'alert' : 'watch',
          sinceDay: run.overSinceDay,
          explanation: explainDrift({
            name: p.series.displayName,
            dimension: input.dimension,
            observed: period.observed,
            expected: period.expected,
            exposure: period.exposure,
            days: today - run.runStartDay + 1,
            sinceIso: isoDay(run.runStartDay),
          }),
          evidence: evidenceSince(p.series, run.runStartDay),
        },
      });
    }
  });
  return { candidates, workersTested: tested.length };
}

export interface Chart {
  days: CusumDay[];
  meanPerDay: number;
  totalsFrom(day: DayNumber): { observed: number; expected: number; exposure: number };
}

export interface ChartCell {
  day: DayNumber;
  events: number;
  exposure: number;
  rate: number;
}

/** A worker's cells in the chart's period, each with the panel's rate for its stratum, by day. */
export function chartCells(cells: readonly DailyCell[], filter: CellFilter, rates: PanelRates): ChartCell[] {
  const out: ChartCell[] = [];
  for (const c of cells) {
    if (!cellIncluded(c, filter) || c.exposure <= 0) continue;
    const rate = rateFor(rates, c.stratum);
    if (rate > 0) out.push({ day: c.day, events: c.events, exposure: c.exposure, rate });
  }
  return out.sort((a, b) => a.day - b.day);
}

/**
 * Daily LLR increments of one worker for one rate ratio, with the in-control mean that sets h. The
 * likelihood is the measure's chart model: contacts count as Bernoulli trials per case-day.
 */
export function cusumChart(list: readonly ChartCell[], measure: string, rho: number): Chart {
  const model = chartModelFor(measure);
  const k = trialsPerExposure(measure);
  const terms = new Map<number, LlrTerms>();
  const days: CusumDay[] = [];
  let mean = 0;
  for (const c of list) {
    let t = terms.get(c.rate);
    if (!t) {
      t = llrTerms(model, c.rate / k, rho);
      terms.set(c.rate, t);
    }
    const inc = termsIncrement(t, c.events, c.exposure * k);
    mean += termsMean(t, c.exposure * k);
    const last = days[days.length - 1];
    if (last && last.day === c.day) last.increment += inc;
    else days.push({ day: c.day, increment: inc });
  }
  return {
    days,
    meanPerDay: mean / Math.max(1, days.length),
    totalsFrom(from) {
      let observed = 0;
      let expected = 0;
      let exposure = 0;
      for (const c of list) {
        if (c.day < from) continue;
        observed += c.events;
        expected += c.exposure * c.rate;
        exposure += c.exposure;
      }
      return { observed, expected, exposure };
    },
  };
}

/** First day of the current run of days on which the worker's funnel test was at `level` or beyond. */
function funnelSince(
  input: DriftInput,
  preps: readonly WorkerPrep[],
  worker: WorkerPrep,
  model: RateModel,
  phi: number,
  s: DriftSettings,
  level: 'watch' | 'alert',
): DayNumber {
  let since = input.today;
  for (let end = input.today - 1; end > input.today - input.windowDays; end--) {
    const filter = (absent: Set<DayNumber>): CellFilter => ({
      fromDay: end - input.windowDays + 1,
      toDay: end,
      skipDays: absent,
      track: input.track,
    });
    const unit: StratumTotals = new Map();
    let mine: StratumTotals = new Map();
    for (const p of preps) {
      const t = totalsByStratum(p.series.cells, filter(p.absent));
      addInto(unit, t);
      if (p === worker) mine = t;
    }
    const st = indirectlyStandardise(mine, subtract(unit, mine), input.dimension.trackShape);
    if (st.expected < s.minExpected || st.exposure <= 0) break;
    const relDiff = (st.observed - st.expected) / st.expected;
    const ft = funnelTest(
      model,
      st.observed,
      st.expected,
      st.exposure,
      { watch: s.funnelWatch, alert: s.funnelAlert },
      phi,
    );
    const reached = level === 'alert' ? ft.level === 'alert' : ft.level !== 'none';
    if (!reached || Math.abs(relDiff) < s.minRelDiff) break;
    since = end;
  }
  return since;
}

/**
 * Settles a unit's family of evaluations: funnel alerts face Benjamini–Hochberg at `drift.fdr` across
 * the family (present workers × alerting dimensions; tests without a candidate count in m), losers drop
 * to `watch`; then one finding per worker × dimension × track remains (alert before watch, CUSUM
 * before funnel as it dates the change).
 */
export function resolveFamily(evaluations: readonly DriftEvaluation[], dictionary: DriftDictionary): DriftFinding[] {
  const s = dictionary.drift;
  const all = evaluations.flatMap((e) => e.candidates);
  const workers = Math.max(0, ...evaluations.map((e) => e.workersTested));
  const familySize = Math.max(1, workers * alertingDimensionIds(s).size);
  const eligible = all.filter((c) => c.needsFdr);
  const keep = benjaminiHochberg(
    eligible.map((c) => c.fdrP ?? c.finding.pValue),
    s.fdr,
    familySize,
  );
  eligible.forEach((c, i) => {
    if (!keep[i]) c.finding = { ...c.finding, severity: 'watch' };
  });
  const best = new Map<string, DriftFinding>();
  const rank = (f: DriftFinding) => (f.severity === 'alert' ? 2 : 0) + (f.test === 'cusum' ? 1 : 0);
  for (const { finding } of all) {
    const key = `${finding.workerId}|${finding.dimension}|${finding.track ?? ''}`;
    const prev = best.get(key);
    if (!prev || rank(finding) > rank(prev)) best.set(key, finding);
  }
  return [...best.values()].sort((a, b) => a.pValue - b.pValue);
}

/** Drift findings of one dimension (its own BH family sized from the dictionary's alerting set). */
export function detectDrift(input: DriftInput, dictionary: DriftDictionary): DriftFinding[] {
  return resolveFamily([evaluateDrift(input, dictionary)], dictionary);
}

/** Drift findings of a whole unit: every dimension (and per-track test) with BH across the family. */
export function detectUnitDrift(inputs: readonly DriftInput[], dictionary: DriftDictionary): DriftFinding[] {
  return resolveFamily(
    inputs.map((i) => evaluateDrift(i, dictionary)),
    dictionary,
  );
}
