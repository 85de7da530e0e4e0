import { describe, expect, it } from 'vitest';
import { loadDictionary } from '@caseload/shared';
import { caseWeight, complexityBand, stratumOf, unitLoad, workerLoad } from './load.ts';

const dict = loadDictionary();

describe('weighted load', () => {
  it('weighs a case as base + its factors, once each, unknown factors nothing', () => {
    expect(caseWeight([], dict)).toBe(1);
    expect(caseWeight(['court_involved', 'prior_removal', 'court_involved', 'nope'], dict)).toBe(2.5);
  });
  it('bands and strata follow the dictionary’s band bounds', () => {
    expect([1, 1.5, 1.75, 2.5, 4].map((w) => complexityBand(w, dict.complexityBands))).toEqual([0, 0, 1, 1, 2]);
    expect(stratumOf('housing', 3, dict.complexityBands)).toBe('housing|2');
  });
  it('a worker’s ratio to capacity, and a unit’s', () => {
    const w = workerLoad([{ complexityFactors: ['court_involved'] }, { complexityFactors: [] }], 2, dict);
    expect(w).toEqual({ openCases: 2, weightedLoad: 2.75, capacity: 2, ratio: 1.375 });
    expect(workerLoad([], 0, dict).ratio).toBe(0);
    expect(unitLoad([w, { openCases: 1, weightedLoad: 1, capacity: 2, ratio: 0.5 }]).ratio).toBeCloseTo(3.75 / 4);
  });
});
