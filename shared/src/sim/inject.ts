/**
 * Chooses the ground truth a run injects: workers whose risk-flag rate rises (+18%, +50%) or whose
 * contact frequency drops (−30%) from a given day, overloaded workers, and risk-signal clusters on
 * one caseload. Applies the choices to the world; the engine acts on them day by day.
 */
import type { LoadedDictionary } from '../dictionary/index.ts';
import { localDay } from './calendar.ts';
import type { Rng } from './prng.ts';
import { newCase, type BuildContext } from './roster.ts';
import type { SiteState, WorkerState } from './state.ts';
import { INJECT } from './volumes.ts';

export interface InjectedDrift {
  workerId: string;
  unitId: string;
  dimension: 'risk_rate' | 'contacts_per_case_week';
  /** Relative change from the onset: +0.18, +0.5 or −0.3. */
  change: number;
  fromDay: number;
  from: string;
}

export interface InjectedCluster {
  unitId: string;
  workerId: string;
  code: string;
  day: number;
  /** Filled in when the cluster is written: its cases, notes and the span of the notes' times. */
  caseIds?: string[];
  noteIds?: string[];
  from?: string;
  to?: string;
}

export interface Injection {
  drifts: InjectedDrift[];
  overloaded: string[];
  clusters: InjectedCluster[];
}

/** How many workers and units get each injected pattern (defaults: INJECT in volumes.ts). */
export interface InjectShares {
  riskDrift18Share: number;
  riskDrift50Share: number;
  contactDropShare: number;
  overloadedShare: number;
  clustersPerUnitPer35Days: number;
}

export function inject(
  sites: SiteState[],
  ctx: BuildContext,
  horizonDays: number,
  rng: Rng,
  shares: Partial<InjectShares> = {},
): Injection {
  const share = { ...INJECT, ...shares };
  const workers = sites.flatMap((s) => s.units.flatMap((u) => u.workers));
  const count = (x: number) => Math.max(1, Math.round(x * workers.length));
  const n18 = count(share.riskDrift18Share);
  const n50 = count(share.riskDrift50Share);
  const nDrop = count(share.contactDropShare);
  const nOver = count(share.overloadedShare);
  const chosen = rng.sample(workers, n18 + n50 + nDrop + nOver);
  const onset = () =>
    ctx.startDay + Math.round(horizonDays * rng.uniform(INJECT.onsetFraction.min, INJECT.onsetFraction.max));

  const drifts: InjectedDrift[] = [];
  const addDrift = (w: WorkerState, dimension: InjectedDrift['dimension'], change: number) => {
    const fromDay = onset();
    if (dimension === 'risk_rate') w.riskDrift = { fromDay, multiplier: 1 + change };
    else w.contactDrop = { fromDay, share: -change };
    drifts.push({
      workerId: w.workerId,
      unitId: w.unitId,
      dimension,
      change,
      fromDay,
      from: new Date(localDay(ctx.timezone, fromDay).startMs).toISOString(),
    });
  };
  let i = 0;
  for (; i < n18; i++) addDrift(chosen[i]!, 'risk_rate', 0.18);
  for (; i < n18 + n50; i++) addDrift(chosen[i]!, 'risk_rate', 0.5);
  for (; i < n18 + n50 + nDrop; i++) addDrift(chosen[i]!, 'contacts_per_case_week', -0.3);
  const overloaded: string[] = [];
  for (; i < chosen.length; i++) {
    const w = chosen[i]!;
    const extra = Math.ceil(w.cases.length * INJECT.overloadExtraCases);
    for (let k = 0; k < extra; k++) w.cases.push(newCase(w, ctx, ctx.startMs));
    w.specialist = true;
    overloaded.push(w.workerId);
  }

  const units = sites.flatMap((s) => s.units);
  const nClusters = Math.max(1, Math.round(units.length * (horizonDays / 35) * share.clustersPerUnitPer35Days));
  const clusters: InjectedCluster[] = [];
  for (let c = 0; c < nClusters; c++) {
    const unit = rng.pick(units);
    const worker = rng.pick(unit.workers);
    const code = clusterCode(ctx.dict, worker.tracks[0]!, rng);
    // Monday to Wednesday, so the cluster's two working days fall well inside 72 hours.
    let day = ctx.startDay + rng.between(5, Math.max(5, horizonDays - 4));
    while (![1, 2, 3].includes(localDay(ctx.timezone, day).weekday)) day++;
    worker.clusters.push({ day, code, index: c });
    clusters.push({ unitId: unit.unitId, workerId: worker.workerId, code, day });
  }
  return { drifts, overloaded, clusters };
}

/** An alerting code, weighted by its base rate on the worker's track. */
function clusterCode(dict: LoadedDictionary, track: string, rng: Rng): string {
  const weights: Record<string, number> = {};
  for (const c of dict.riskCodes) if (c.alerting) weights[c.id] = (c.baseRates[track] ?? 0) + 0.01;
  return rng.weighted(weights);
}
