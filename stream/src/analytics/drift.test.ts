import { describe, expect, it } from 'vitest';
import { loadDictionary } from '@caseload/shared';
import {
  chartRatios,
  cusumFamilySize,
  detectDrift,
  detectUnitDrift,
  evaluateDrift,
  perTestArl0,
  resolveFamily,
  type DriftEvaluation,
} from './drift.ts';
import { concernOf } from './measures.ts';
import type { DailyCell, DriftInput, WorkerSeries } from './types.ts';

const dictionary = loadDictionary();
const TODAY = 20_000;

/** A deterministic xorshift PRNG so the factories are repeatable. */
function prng(seed: number) {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

interface WorkerSpec {
  id: string;
  /** Share of the worker's notes on hard cases (stratum housing|2). */
  hardShare?: number;
  /** Multiplier on the flag rate from `shiftFrom` days before today. */
  factor?: number;
  shiftFrom?: number;
  absentDays?: number[];
}

/** Notes per day and a binomial flag per note: easy cases 8%, hard cases 30%. */
function series(spec: WorkerSpec, days: number, seed: number): WorkerSeries {
  const u = prng(seed);
  const cells: DailyCell[] = [];
  for (let d = TODAY - days + 1; d <= TODAY; d++) {
    if (spec.absentDays?.includes(d)) continue;
    const shifted = spec.shiftFrom !== undefined && d > TODAY - spec.shiftFrom;
    for (const [stratum, share, rate] of [
      ['housing|0', 1 - (spec.hardShare ?? 0.2), 0.08],
      ['housing|2', spec.hardShare ?? 0.2, 0.3],
    ] as const) {
      const notes = Math.round(4 * share);
      if (notes === 0) continue;
      let events = 0;
      for (let i = 0; i < notes; i++) if (u() < rate * (shifted ? (spec.factor ?? 1) : 1)) events++;
      cells.push({ day: d, stratum, events, exposure: notes });
    }
  }
  return {
    workerId: spec.id,
    displayName: spec.id.charAt(0).toUpperCase() + spec.id.slice(1),
    absentDays: spec.absentDays ?? [],
    cells,
    evidence: [
      {
        noteId: 'n1',
        caseId: 'c1',
        paragraph: 0,
        start: 3,
        end: 20,
        code: 'housing_instability',
        at: new Date(TODAY * 86_400_000).toISOString(),
      },
    ],
  };
}

function unit(specs: WorkerSpec[], opts: { alerting?: boolean; id?: string } = {}): DriftInput {
  return {
    unitId: 'unit-1',
    dimension: {
      id: opts.id ?? 'housing_instability_rate',
      label: 'Housing instability per note',
      measure: 'code_rate',
      code: 'housing_instability',
      alerting: opts.alerting ?? true,
    },
    workers: specs.map((s, i) => series(s, 84, 1000 + i * 7919)),
    today: TODAY,
    windowDays: 28,
  };
}

const panel = (n: number, extra: Partial<WorkerSpec> = {}): WorkerSpec[] =>
  Array.from({ length: n }, (_, i) => ({ id: `worker${i}`, ...extra }));

describe('detectDrift', () => {
  it('finds a worker whose flag rate doubled, with an alert, the numbers and a plain sentence', () => {
    const input = unit([{ id: 'avery', factor: 2, shiftFrom: 40 }, ...panel(9)]);
    const found = detectDrift(input, dictionary);
    const avery = found.find((f) => f.workerId === 'avery');
    expect(avery).toBeDefined();
    expect(avery!.severity).toBe('alert');
    expect(avery!.relDiff).toBeGreaterThan(0.5);
    expect(avery!.observed).toBeGreaterThan(avery!.expected);
    expect(avery!.explanation).toMatch(
      /^Avery's notes flag housing instability in \d+% of notes over .*\d+% expected for their case mix; \d+ observed, [\d.]+ expected\.$/,
    );
    expect(avery!.explanation).not.toMatch(/\b(her|his|she|he)\b/);
    expect(avery!.evidence).toHaveLength(1);
    expect(avery!.sinceDay).toBeLessThanOrEqual(TODAY);
    expect(found.filter((f) => f.workerId !== 'avery' && f.severity === 'alert')).toHaveLength(0);
  });

  it('does not flag a worker for the hardness of their cases alone', () => {
    const input = unit([{ id: 'hard', hardShare: 1 }, ...panel(9, { hardShare: 0.25 })]);
    const found = detectDrift(input, dictionary);
    expect(found.find((f) => f.workerId === 'hard')).toBeUndefined();
    // The crude rate alone would put this worker far above the panel.
    const crude = (w: WorkerSeries) =>
      w.cells.reduce((s, c) => s + c.events, 0) / w.cells.reduce((s, c) => s + c.exposure, 0);
    expect(crude(input.workers[0]!) / crude(input.workers[1]!)).toBeGreaterThan(1.5);
  });

  it('a non-alerting dimension only watches', () => {
    const input = unit([{ id: 'avery', factor: 2, shiftFrom: 40 }, ...panel(9)], {
      alerting: false,
      id: 'engagement_rate',
    });
    const found = detectDrift(input, dictionary);
    expect(found.find((f) => f.workerId === 'avery')?.severity).toBe('watch');
    expect(found.every((f) => f.severity === 'watch')).toBe(true);
  });

  it('a worker absent today is not tested', () => {
    const input = unit([{ id: 'avery', factor: 2, shiftFrom: 40, absentDays: [TODAY - 1, TODAY] }, ...panel(9)]);
    expect(detectDrift(input, dictionary).find((f) => f.workerId === 'avery')).toBeUndefined();
  });

  it('a small gap is not a signal however long it lasts, and no finding comes without expected volume', () => {
    const input = unit([{ id: 'avery', factor: 1.05, shiftFrom: 84 }, ...panel(9)]);
    expect(detectDrift(input, dictionary).filter((f) => f.workerId === 'avery' && f.severity === 'alert')).toHaveLength(
      0,
    );
    const tiny: DriftInput = {
      ...input,
      workers: input.workers.map((w) => ({ ...w, cells: w.cells.filter((c) => c.day === TODAY) })),
    };
    expect(detectDrift(tiny, dictionary)).toHaveLength(0);
  });

  it('is pure: the same input gives the same findings', () => {
    const input = unit([{ id: 'avery', factor: 2, shiftFrom: 40 }, ...panel(9)]);
    expect(detectDrift(input, dictionary)).toEqual(detectDrift(structuredClone(input), dictionary));
  });
});

describe('the unit family', () => {
  it('runs dimensions together and keeps one finding per worker × dimension', () => {
    const a = unit([{ id: 'avery', factor: 2, shiftFrom: 40 }, ...panel(9)]);
    const b = unit([{ id: 'avery' }, ...panel(9)], { id: 'child_safety_rate' });
    const found = detectUnitDrift([a, b], dictionary);
    const keys = found.map((f) => `${f.workerId}|${f.dimension}|${f.track ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(found.some((f) => f.workerId === 'avery' && f.dimension === 'housing_instability_rate')).toBe(true);
  });

  it('spreads the weekly false-alert budget over the family', () => {
    const s = dictionary.drift;
    expect(perTestArl0(20, s)).toBeCloseTo(2 * perTestArl0(10, s));
  });

  it('charts only the side of concern: one CUSUM per worker × alerting dimension', () => {
    const s = dictionary.drift;
    expect(chartRatios(s, 'risk_rate')).toEqual([1 + s.targetShift]);
    expect(chartRatios(s, 'late_doc_rate')).toEqual([1 + s.targetShift]);
    expect(chartRatios(s, 'contacts_per_case_week')).toEqual([1 - s.targetShift]);
    const alerting = dictionary.drift.dimensions.filter((d) => d.alerting).slice(0, s.maxAlertingPerWorker).length;
    expect(cusumFamilySize(10, s)).toBe(10 * alerting);
    expect(perTestArl0(10, s)).toBeCloseTo((7 * 10 * alerting) / s.falseAlertsPerUnitWeek);
  });
});

describe('the side of concern', () => {
  it('fewer risk flags than the case mix predicts never alerts, though the funnel may watch it', () => {
    expect(concernOf('code_rate')).toBe('up');
    const input = unit([{ id: 'quiet', factor: 0.3, shiftFrom: 70 }, ...panel(9)]);
    const found = detectDrift(input, dictionary).filter((f) => f.workerId === 'quiet');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.severity === 'watch' && f.test === 'funnel' && f.relDiff < 0)).toBe(true);
    // The same gap the other way alerts.
    const up = detectDrift(unit([{ id: 'loud', factor: 1.7, shiftFrom: 70 }, ...panel(9)]), dictionary);
    expect(up.find((f) => f.workerId === 'loud')?.severity).toBe('alert');
  });

  it('funnel alerts face BH with their one-sided p-value', () => {
    const input = unit([{ id: 'avery', factor: 2, shiftFrom: 40 }, ...panel(9)]);
    const funnel = evaluateDrift(input, dictionary).candidates.find(
      (c) => c.finding.workerId === 'avery' && c.finding.test === 'funnel',
    );
    expect(funnel?.fdrP).toBeCloseTo(funnel!.finding.pValue / 2, 15);
    // A two-sided p between q/m and 2q/m passes only as one-sided (m = 10 workers × alerting dimensions).
    const m = 10 * dictionary.drift.dimensions.filter((d) => d.alerting).length;
    const pTwo = (1.5 * dictionary.drift.fdr) / m;
    const evaluation = (fdrP?: number): DriftEvaluation => ({
      workersTested: 10,
      candidates: [
        {
          needsFdr: true,
          ...(fdrP !== undefined ? { fdrP } : {}),
          finding: { ...funnel!.finding, pValue: pTwo, severity: 'alert' },
        },
      ],
    });
    expect(resolveFamily([evaluation(pTwo / 2)], dictionary)[0]!.severity).toBe('alert');
    expect(resolveFamily([evaluation()], dictionary)[0]!.severity).toBe('watch');
  });
});
