import type { DictionaryData } from '@caseload/shared';
import type { DailyCell, DayNumber, FlagEvent } from '../src/analytics/types.ts';
import { Rng } from './prng.ts';

/**
 * A simulated county slice for the detection evaluation, generated straight into the daily cells the
 * processor keeps (the full simulator writes note text and is too heavy for 16 weeks × 50 units).
 * Volumes follow the foundation's documented ones (shared/src/sim/volumes.ts): 8–12 workers a unit,
 * 15–19 cases a worker (10–14 on intensive tracks), a Poisson(2.5) number of notes per worker per
 * business day, contacts on each case's cadence (weekly, or
 * fortnightly in workforce), risk rates per note from the dictionary's `baseRates` by track.
 *
 * Case mix matters: a case's complexity (base weight + factors, each present with a probability that
 * differs by worker, 4–20%) puts it in a complexity band, and rates scale by band (×0.75, ×1, ×1.4 for risk
 * flags; late documentation likewise). Rates depend only on the stratum (track × band), so the truth
 * the oracle knows is exact. About 30% of workers take a week off (no notes or contacts; drift pauses).
 *
 * Injected, one drift per unit in rotation (from a day in weeks 3–6 to the end of the run): every risk
 * code's rate ×1.18 or ×1.5 on one worker, or that worker's contact probability ×0.7. One cluster per
 * unit: either 6 distinct cases of one worker flagged for one code within 36 h, or 10 cases across at
 * least 4 workers of the unit within 48 h, each as an extra note (so exposure rises with it); the code
 * is one whose base rate in the cases' track is at most 5%.
 */

export const DRIFT_DIMENSIONS = [
  'risk_rate',
  'housing_instability_rate',
  'child_safety_rate',
  'substance_use_rate',
  'contacts_per_case_week',
  'late_doc_rate',
] as const;
export type EvalDimension = (typeof DRIFT_DIMENSIONS)[number];
const CODE_OF: Partial<Record<EvalDimension, string>> = {
  housing_instability_rate: 'housing_instability',
  child_safety_rate: 'child_safety',
  substance_use_rate: 'substance_use',
};

export const NOTES_PER_BUSINESS_DAY = 2.5;
/** Units lean to one track (mix as the simulator's volumes.ts); a tenth of their cases are off-track. */
export const TRACK_MIX: Record<string, number> = {
  child_welfare: 0.35,
  housing: 0.25,
  behavioral_health: 0.25,
  workforce: 0.15,
};
export const OFF_TRACK_SHARE = 0.1;
export const RISK_BAND_MULTIPLIER = [0.75, 1, 1.4];
export const LATE_BASE = 0.12;
export const LATE_BAND_MULTIPLIER = [0.8, 1, 1.3];
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export type DriftKind = 'risk18' | 'risk50' | 'contact30';
export const DRIFT_FACTOR: Record<DriftKind, number> = { risk18: 1.18, risk50: 1.5, contact30: 0.7 };

export interface InjectedDrift {
  kind: DriftKind;
  unitId: string;
  workerId: string;
  /** Day offset from the start of the run. */
  onset: number;
}

export interface InjectedCluster {
  unitId: string;
  /** Set for a one-caseload cluster; unset for one spread over the unit. */
  workerId?: string;
  workerIds: string[];
  code: string;
  startMs: number;
  endMs: number;
  /** Flag times of the injected cases (for the delay in events). */
  times: number[];
}

export interface SimCase {
  caseId: string;
  track: string;
  band: number;
  stratum: string;
}

export interface SimWorker {
  workerId: string;
  displayName: string;
  unitId: string;
  cases: SimCase[];
  absentDays: DayNumber[];
  /** Cells per dimension, as the processor would keep them. */
  cells: Record<EvalDimension, DailyCell[]>;
  /** Per day offset: risk flags and contacts (the events the delays count). */
  riskFlagsByDay: number[];
  contactsByDay: number[];
  /** Every current risk flag with its time, for the cluster scan. */
  flags: FlagEvent[];
  /** Every note's time and track, in time order (the cluster scan's exposure). */
  notes: { t: number; track: string }[];
  /** Notes per day offset and track (the cluster scan's baseline). */
  notesByDayTrack: Map<string, number>[];
  /** Flags per day offset, track and code. */
  flagsByDayTrackCode: Map<string, number>[];
}

export interface SimUnit {
  unitId: string;
  workers: SimWorker[];
}

export interface County {
  startDay: DayNumber;
  days: number;
  units: SimUnit[];
  drifts: InjectedDrift[];
  clusters: InjectedCluster[];
  codes: string[];
  /** The true in-control rate of a dimension in a stratum (what the oracle knows). */
  trueRate(dim: EvalDimension, stratum: string): number;
}

export interface CountyOptions {
  units: number;
  weeks: number;
  seed: number;
  dictionary: Pick<DictionaryData, 'tracks' | 'riskCodes' | 'complexityFactors' | 'complexityBands' | 'baseCaseWeight'>;
  /** Range of drift onsets (day offsets); default weeks 3–6. */
  onset?: [number, number];
}

/** Monday 2026-07-27 as a day number: weekday of day n is (n + 4) % 7 with 0 = Sunday. */
export const START_DAY: DayNumber = Math.floor(Date.UTC(2026, 6, 27) / DAY_MS);
export const isBusinessDay = (day: DayNumber) => {
  const wd = (day + 4) % 7;
  return wd >= 1 && wd <= 5;
};

class CellBuilder {
  private readonly m = new Map<string, DailyCell>();
  add(day: DayNumber, stratum: string, events: number, exposure: number) {
    const k = `${day}|${stratum}`;
    const c = this.m.get(k);
    if (c) {
      c.events += events;
      c.exposure += exposure;
    } else this.m.set(k, { day, stratum, events, exposure });
  }
  cells(): DailyCell[] {
    return [...this.m.values()].sort((a, b) => a.day - b.day);
  }
}

export function generateCounty(opts: CountyOptions): County {
  const rng = new Rng(opts.seed);
  const dict = opts.dictionary;
  const days = opts.weeks * 7;
  const codes = dict.riskCodes.map((c) => c.id);
  const tracks = dict.tracks.map((t) => t.id);
  const cadence = new Map(dict.tracks.map((t) => [t.id, t.defaultCadenceDays]));
  const baseRate = (code: string, track: string) => dict.riskCodes.find((c) => c.id === code)?.baseRates[track] ?? 0;
  const bandOf = (weight: number) => {
    const i = dict.complexityBands.findIndex((ub) => weight <= ub);
    return i < 0 ? dict.complexityBands.length - 1 : i;
  };
  const codeRate = (code: string, stratum: string) => {
    const [track, band] = stratum.split('|') as [string, string];
    return Math.min(0.95, baseRate(code, track) * RISK_BAND_MULTIPLIER[Number(band)]!);
  };
  const trueRate = (dim: EvalDimension, stratum: string): number => {
    const [track, band] = stratum.split('|') as [string, string];
    if (dim === 'risk_rate') return codes.reduce((s, c) => s + codeRate(c, stratum), 0);
    if (dim === 'contacts_per_case_week') return 7 / (cadence.get(track) ?? 7);
    if (dim === 'late_doc_rate') return LATE_BASE * LATE_BAND_MULTIPLIER[Number(band)]!;
    return codeRate(CODE_OF[dim]!, stratum);
  };

  const intensive = new Set(dict.tracks.filter((t) => t.intensive).map((t) => t.id));
  const weightedTrack = (x: number) => {
    let acc = 0;
    for (const t of tracks) {
      acc += TRACK_MIX[t] ?? 0;
      if (x < acc) return t;
    }
    return tracks[tracks.length - 1]!;
  };
  const units: SimUnit[] = [];
  const drifts: InjectedDrift[] = [];
  const clusters: InjectedCluster[] = [];
  const kinds: DriftKind[] = ['risk18', 'risk50', 'contact30'];

  for (let u = 0; u < opts.units; u++) {
    const unitId = `u${String(u).padStart(3, '0')}`;
    const mainTrack = weightedTrack(rng.next());
    const nWorkers = rng.int(8, 12);
    const specs = Array.from({ length: nWorkers }, (_, w) => {
      const workerId = `${unitId}w${String(w).padStart(2, '0')}`;
      const difficulty = 0.04 + rng.next() * 0.16;
      const size = intensive.has(mainTrack) ? rng.int(10, 14) : rng.int(15, 19);
      const cases: SimCase[] = Array.from({ length: size }, (_, c) => {
        const track = rng.bernoulli(1 - OFF_TRACK_SHARE) ? mainTrack : rng.pick(tracks);
        let weight = dict.baseCaseWeight;
        for (const f of dict.complexityFactors) if (rng.bernoulli(difficulty)) weight += f.weight;
        const band = bandOf(weight);
        return { caseId: `${workerId}c${c}`, track, band, stratum: `${track}|${band}` };
      });
      const absent = new Set<number>();
      if (rng.bernoulli(0.3)) {
        const monday = 7 * rng.int(1, opts.weeks - 2);
        for (let d = monday; d < monday + 7; d++) absent.add(d);
      }
      return { workerId, displayName: `Worker ${u}.${w}`, cases, absent };
    });
    const drifted = rng.int(0, nWorkers - 1);
    const drift: InjectedDrift = {
      kind: kinds[u % kinds.length]!,
      unitId,
      workerId: specs[drifted]!.workerId,
      onset: opts.onset ? rng.int(opts.onset[0], opts.onset[1]) : rng.int(14, Math.min(42, Math.max(14, days - 14))),
    };
    drifts.push(drift);

    // Extra flagged notes of the unit's cluster, by worker.
    const extra = new Map<string, { caseId: string; t: number; code: string }[]>();
    const clusterDay = rng.int(10, Math.max(10, days - 10));
    const clusterStart = (START_DAY + clusterDay) * DAY_MS + (8 + rng.next() * 6) * HOUR_MS;
    const oneCaseload = u % 2 === 0;
    const spanH = oneCaseload ? 36 : 48;
    const involved = oneCaseload ? [rng.pick(specs)] : rng.shuffle([...specs]).slice(0, 4);
    const track = involved[0]!.cases[0]!.track;
    const rare = codes.filter((c) => baseRate(c, track) <= 0.05 && baseRate(c, track) > 0);
    const code = rng.pick(rare.length ? rare : codes);
    const nCases = oneCaseload ? 6 : 10;
    const times: number[] = [];
    for (let i = 0; i < nCases; i++) {
      const spec = involved[i % involved.length]!;
      const used = new Set((extra.get(spec.workerId) ?? []).map((e) => e.caseId));
      const free = spec.cases.filter((c) => !used.has(c.caseId));
      const kase = rng.pick(free.length ? free : spec.cases);
      const t = clusterStart + rng.next() * spanH * HOUR_MS;
      times.push(t);
      extra.set(spec.workerId, [...(extra.get(spec.workerId) ?? []), { caseId: kase.caseId, t, code }]);
    }
    times.sort((a, b) => a - b);
    clusters.push({
      unitId,
      ...(oneCaseload ? { workerId: involved[0]!.workerId } : {}),
      workerIds: involved.map((s) => s.workerId),
      code,
      startMs: clusterStart,
      endMs: clusterStart + spanH * HOUR_MS,
      times,
    });

    const workers = specs.map((spec) => {
      const myDrift = drift.workerId === spec.workerId ? drift : undefined;
      return simulateWorker(spec, unitId, myDrift, extra.get(spec.workerId) ?? []);
    });
    units.push({ unitId, workers });
  }

  function simulateWorker(
    spec: { workerId: string; displayName: string; cases: SimCase[]; absent: Set<number> },
    unitId: string,
    drift: InjectedDrift | undefined,
    extra: { caseId: string; t: number; code: string }[],
  ): SimWorker {
    const builders = Object.fromEntries(DRIFT_DIMENSIONS.map((d) => [d, new CellBuilder()])) as Record<
      EvalDimension,
      CellBuilder
    >;
    const riskFlagsByDay = new Array<number>(days).fill(0);
    const contactsByDay = new Array<number>(days).fill(0);
    const notesByDayTrack = Array.from({ length: days }, () => new Map<string, number>());
    const flagsByDayTrackCode = Array.from({ length: days }, () => new Map<string, number>());
    const flags: FlagEvent[] = [];
    const notes: { t: number; track: string }[] = [];
    const byCase = new Map(spec.cases.map((c) => [c.caseId, c]));

    const writeNote = (d: number, kase: SimCase, t: number, forced?: string) => {
      const day = START_DAY + d;
      const riskFactor = drift && drift.kind !== 'contact30' && d >= drift.onset ? DRIFT_FACTOR[drift.kind] : 1;
      let nFlags = 0;
      const coded = new Set<string>();
      for (const code of codes) {
        const p = Math.min(0.95, codeRate(code, kase.stratum) * riskFactor);
        if (code === forced || rng.bernoulli(p)) coded.add(code);
      }
      for (const code of coded) {
        nFlags++;
        flags.push({
          caseId: kase.caseId,
          workerId: spec.workerId,
          code,
          t,
          evidence: {
            noteId: `n${t}`,
            caseId: kase.caseId,
            paragraph: 0,
            start: 0,
            end: 1,
            code,
            at: new Date(t).toISOString(),
          },
        });
        const k = `${kase.track}|${code}`;
        flagsByDayTrackCode[d]!.set(k, (flagsByDayTrackCode[d]!.get(k) ?? 0) + 1);
      }
      notesByDayTrack[d]!.set(kase.track, (notesByDayTrack[d]!.get(kase.track) ?? 0) + 1);
      notes.push({ t, track: kase.track });
      builders.risk_rate.add(day, kase.stratum, nFlags, 1);
      for (const dim of ['housing_instability_rate', 'child_safety_rate', 'substance_use_rate'] as const)
        builders[dim].add(day, kase.stratum, coded.has(CODE_OF[dim]!) ? 1 : 0, 1);
      const late = rng.bernoulli(trueRate('late_doc_rate', kase.stratum));
      builders.late_doc_rate.add(day, kase.stratum, late ? 1 : 0, 1);
      riskFlagsByDay[d]! += nFlags;
    };

    for (let d = 0; d < days; d++) {
      const day = START_DAY + d;
      if (!isBusinessDay(day) || spec.absent.has(d)) continue;
      const contactFactor = drift?.kind === 'contact30' && d >= drift.onset ? DRIFT_FACTOR.contact30 : 1;
      for (const kase of spec.cases) {
        const perDay = 7 / (cadence.get(kase.track) ?? 7) / 5;
        builders.contacts_per_case_week.add(day, kase.stratum, 0, 1 / 5);
        if (rng.bernoulli(perDay * contactFactor)) {
          builders.contacts_per_case_week.add(day, kase.stratum, 1, 0);
          contactsByDay[d]!++;
        }
      }
      const n = rng.poisson(NOTES_PER_BUSINESS_DAY);
      const times = Array.from({ length: n }, () => day * DAY_MS + (8 + rng.next() * 9) * HOUR_MS).sort(
        (a, b) => a - b,
      );
      for (const t of times) writeNote(d, rng.pick(spec.cases), t);
    }
    for (const e of extra) {
      const d = Math.floor(e.t / DAY_MS) - START_DAY;
      if (d >= 0 && d < days) writeNote(d, byCase.get(e.caseId)!, e.t, e.code);
    }
    flags.sort((a, b) => a.t - b.t);
    notes.sort((a, b) => a.t - b.t);
    const absentDays = [...spec.absent].map((d) => START_DAY + d);
    return {
      workerId: spec.workerId,
      displayName: spec.displayName,
      unitId,
      cases: spec.cases,
      absentDays,
      cells: Object.fromEntries(DRIFT_DIMENSIONS.map((d) => [d, builders[d].cells()])) as Record<
        EvalDimension,
        DailyCell[]
      >,
      riskFlagsByDay,
      contactsByDay,
      flags,
      notes,
      notesByDayTrack,
      flagsByDayTrackCode,
    };
  }

  return { startDay: START_DAY, days, units, drifts, clusters, codes, trueRate };
}
