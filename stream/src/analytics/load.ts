import type { DictionaryData } from '@caseload/shared';

/**
 * Weighted caseload: each case weighs `baseCaseWeight` plus the weights of its complexity factors
 * (unknown factors weigh nothing); a worker's load is the sum over their open cases, and its ratio to
 * their capacity (weighted points) says who is overloaded.
 */

export type LoadDictionary = Pick<DictionaryData, 'baseCaseWeight' | 'complexityFactors' | 'complexityBands'>;

export function caseWeight(factors: readonly string[], dict: LoadDictionary): number {
  let w = dict.baseCaseWeight;
  for (const id of new Set(factors)) w += dict.complexityFactors.find((f) => f.id === id)?.weight ?? 0;
  return w;
}

/** Index of the first band whose upper bound holds the weight (the last band holds the rest). */
export function complexityBand(weight: number, bands: readonly number[]): number {
  const i = bands.findIndex((ub) => weight <= ub);
  return i < 0 ? bands.length - 1 : i;
}

/** The standardisation stratum of a case: `${track}|${band}`. */
export function stratumOf(track: string, weight: number, bands: readonly number[]): string {
  return `${track}|${complexityBand(weight, bands)}`;
}

export interface WorkerLoad {
  openCases: number;
  weightedLoad: number;
  capacity: number;
  /** weightedLoad / capacity; Infinity with cases and no capacity, 0 with neither. */
  ratio: number;
}

export function workerLoad(
  cases: readonly { complexityFactors: readonly string[] }[],
  capacity: number,
  dict: LoadDictionary,
): WorkerLoad {
  const weightedLoad = cases.reduce((s, c) => s + caseWeight(c.complexityFactors, dict), 0);
  const ratio = capacity > 0 ? weightedLoad / capacity : weightedLoad > 0 ? Infinity : 0;
  return { openCases: cases.length, weightedLoad, capacity, ratio };
}

/** A unit's load: sums of its present workers' loads and capacities. */
export function unitLoad(workers: readonly WorkerLoad[]): WorkerLoad {
  const weightedLoad = workers.reduce((s, w) => s + w.weightedLoad, 0);
  const capacity = workers.reduce((s, w) => s + w.capacity, 0);
  return {
    openCases: workers.reduce((s, w) => s + w.openCases, 0),
    weightedLoad,
    capacity,
    ratio: capacity > 0 ? weightedLoad / capacity : weightedLoad > 0 ? Infinity : 0,
  };
}
