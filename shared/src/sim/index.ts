/**
 * The deterministic county simulator (`@caseload/shared/sim`). `new Simulation(opts)` is a lazy,
 * ordered stream of events; `simulateUnit` collects a small run for tests.
 */
export { Simulation, type SimItem, type SimOptions, type NoteTruth } from './engine.ts';
export type { GroundTruth } from './truth.ts';
export type { InjectedDrift, InjectedCluster, InjectShares } from './inject.ts';
export { writeNote, clientProfile, type NotePlan, type Mention } from './note-writer.ts';
export { RISK_PHRASES, NON_CURRENT, type MentionContext } from './phrases-risk.ts';
export { Rng, mixSeed, seedFrom } from './prng.ts';
export * as volumes from './volumes.ts';
export { SCALES, BACKFILL_DAYS, type Scale } from './volumes.ts';

import type { CaseloadEvent } from '../schemas/events.ts';
import { Simulation, type SimItem, type SimOptions } from './engine.ts';
import type { GroundTruth } from './truth.ts';

export interface SimulatedRun {
  items: SimItem[];
  events: CaseloadEvent[];
  groundTruth: GroundTruth;
  sim: Simulation;
}

/** A whole small run in memory: one unit of 12 workers by default, 35 days from `startMs`. */
export function simulateUnit(
  opts: { seed?: number | string; days?: number; startMs?: number } & SimOptions = {},
): SimulatedRun {
  const sim = new Simulation({
    scale: 'unit',
    days: 35,
    startMs: Date.UTC(2026, 9, 1),
    ...opts,
  });
  const items = [...sim];
  return { items, events: items.map((i) => i.event), groundTruth: sim.groundTruth(sim.endMs), sim };
}
