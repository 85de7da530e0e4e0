/** The simulator's mutable world: who works where and which cases they carry. */
import type { Rng } from './prng.ts';

export interface SiteState {
  siteId: string;
  name: string;
  timezone: string;
  units: UnitState[];
}

export interface UnitState {
  unitId: string;
  siteId: string;
  name: string;
  supervisorId: string;
  wallShowsNames: boolean;
  /** The track most of the unit's cases follow. */
  track: string;
  workers: WorkerState[];
  /** Cases waiting in the unit's client pool, with the local day they will be assigned. */
  pool: { c: CaseState; assignDay: number; openedMs: number }[];
  rng: Rng;
  site: SiteState;
}

export interface WorkerState {
  workerId: string;
  unitId: string;
  name: string;
  capacity: number;
  tracks: string[];
  /** This worker's tablet loses signal on home visits and syncs later. */
  offlineDevice: boolean;
  cases: CaseState[];
  /** Local day index of the first day back after an absence (absent while day < this). */
  absentUntilDay: number;
  nextSupervisionDay: number;
  supervisionSlipped: boolean;
  /** Injected drifts: risk-rate multiplier and contact drop, from a local day on. */
  riskDrift?: { fromDay: number; multiplier: number };
  contactDrop?: { fromDay: number; share: number };
  /** Injected overload: intake prefers this worker (see INJECT.specialistRatioBonus). */
  specialist: boolean;
  /** Injected clusters still to be written (local day, code). */
  clusters: { day: number; code: string; index: number }[];
  rng: Rng;
  unit: UnitState;
}

export interface CaseState {
  caseId: string;
  clientId: string;
  track: string;
  factors: string[];
  weight: number;
  cadenceDays: number;
  nextDueMs: number;
  /** Seed of the client's profile (names in notes). */
  profileSeed: number;
  open: boolean;
  /** Local day the case last changed hands (at most once a day). */
  touchedDay: number;
  unitId: string;
  workerId?: string;
}

export function weightedLoad(w: WorkerState): number {
  let sum = 0;
  for (const c of w.cases) sum += c.weight;
  return sum;
}
