/**
 * Builds the simulated world at the start of a run: sites, units, workers with their capacity and
 * tracks, and each worker's opening caseload. Deterministic for the generator given.
 */
import type { LoadedDictionary } from '../dictionary/index.ts';
import { DAY } from './calendar.ts';
import { mixSeed, type Rng } from './prng.ts';
import { FEMALE_NAMES, MALE_NAMES, CLIENT_SURNAMES } from './phrases.ts';
import type { CaseState, SiteState, UnitState, WorkerState } from './state.ts';
import {
  CAPACITY_HEADROOM,
  CASES_PER_WORKER,
  COMPLEXITY_FACTOR_CHANCE,
  OFF_TRACK_CASE_SHARE,
  OFFLINE_DEVICE_WORKER_SHARE,
  SCALES,
  SUPERVISION_DAYS,
  THREE_DAY_CADENCE_SHARE,
  TRACK_MIX,
  type Scale,
} from './volumes.ts';

const SITE_NAMES = [
  'North',
  'South',
  'East',
  'West',
  'Central',
  'Riverside',
  'Lakeview',
  'Hillcrest',
  'Harbor',
  'Oakwood',
  'Pine Ridge',
  'Fairview',
  'Brookside',
  'Summit',
  'Valley',
  'Cedar Falls',
  'Meadowbrook',
  'Westgate',
  'Eastport',
  'Millbrook',
];
const UNIT_KINDS: Record<string, string> = {
  child_welfare: 'Family Services',
  housing: 'Housing Stability',
  behavioral_health: 'Behavioral Health',
  workforce: 'Workforce',
};

export interface WorldShape {
  sites: number;
  unitsPerSite: number;
  units: number;
  workersPerUnit: number;
}

export function worldShape(scale: Scale, units?: number, workersPerUnit?: number): WorldShape {
  const s = SCALES[scale];
  const totalUnits = units ?? s.sites * s.unitsPerSite;
  return {
    sites: Math.ceil(totalUnits / s.unitsPerSite),
    unitsPerSite: s.unitsPerSite,
    units: totalUnits,
    workersPerUnit: workersPerUnit ?? s.workersPerUnit,
  };
}

export interface Ids {
  next(kind: 'case' | 'client'): string;
}

export interface BuildContext {
  dict: LoadedDictionary;
  rng: Rng;
  seed: number;
  timezone: string;
  startMs: number;
  startDay: number;
  ids: Ids;
}

/** Expected weight of one case: the base weight plus each factor's weight times its chance. */
export function meanCaseWeight(dict: LoadedDictionary): number {
  return dict.baseCaseWeight + dict.complexityFactors.reduce((s, f) => s + f.weight * COMPLEXITY_FACTOR_CHANCE, 0);
}

export function buildWorld(shape: WorldShape, ctx: BuildContext): SiteState[] {
  const pad = (n: number, total: number) => String(n).padStart(Math.max(2, String(total).length), '0');
  const sites: SiteState[] = [];
  let unitNo = 0;
  let workerNo = 0;
  const totalWorkers = shape.units * shape.workersPerUnit;
  for (let s = 0; s < shape.sites; s++) {
    const siteId = `s${pad(s + 1, shape.sites)}`;
    const base = SITE_NAMES[s % SITE_NAMES.length]!;
    const site: SiteState = {
      siteId,
      name: `${base}${s >= SITE_NAMES.length ? ` ${Math.floor(s / SITE_NAMES.length) + 1}` : ''} office`,
      timezone: ctx.timezone,
      units: [],
    };
    sites.push(site);
    for (let u = 0; u < shape.unitsPerSite && unitNo < shape.units; u++) {
      unitNo++;
      const unitId = `u${pad(unitNo, shape.units)}`;
      const rng = ctx.rng.fork(unitId);
      const track = rng.weighted(TRACK_MIX);
      const unit: UnitState = {
        unitId,
        siteId,
        name: `${site.name.replace(/ office$/, '')} ${UNIT_KINDS[track] ?? track} ${u + 1}`,
        supervisorId: `sup-${unitId}`,
        wallShowsNames: rng.chance(0.2),
        track,
        workers: [],
        pool: [],
        rng,
        site,
      };
      site.units.push(unit);
      for (let w = 0; w < shape.workersPerUnit; w++) {
        workerNo++;
        unit.workers.push(buildWorker(`w${pad(workerNo, totalWorkers)}`, unit, ctx));
      }
    }
  }
  return sites;
}

function buildWorker(workerId: string, unit: UnitState, ctx: BuildContext): WorkerState {
  const rng = ctx.rng.fork(workerId);
  const female = rng.chance(0.75);
  const first = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
  const track = rng.chance(0.7) ? unit.track : rng.weighted(TRACK_MIX);
  const intensive = ctx.dict.tracks.find((t) => t.id === track)?.intensive ?? false;
  const range = intensive ? CASES_PER_WORKER.intensive : CASES_PER_WORKER.standard;
  const caseCount = rng.between(range.min, range.max);
  const worker: WorkerState = {
    workerId,
    unitId: unit.unitId,
    name: `${first} ${rng.pick(CLIENT_SURNAMES)}`,
    capacity: Math.round(
      caseCount * meanCaseWeight(ctx.dict) * rng.uniform(CAPACITY_HEADROOM.min, CAPACITY_HEADROOM.max),
    ),
    tracks: [track],
    offlineDevice: rng.chance(OFFLINE_DEVICE_WORKER_SHARE),
    cases: [],
    absentUntilDay: -Infinity,
    nextSupervisionDay: ctx.startDay + rng.int(SUPERVISION_DAYS),
    supervisionSlipped: false,
    specialist: false,
    clusters: [],
    rng,
    unit,
  };
  for (let i = 0; i < caseCount; i++) worker.cases.push(newCase(worker, ctx, ctx.startMs));
  return worker;
}

/** A new case for a worker (or, without one, for the unit's pool), due for a first contact soon. */
export function newCase(
  owner: WorkerState | UnitState,
  ctx: Pick<BuildContext, 'dict' | 'ids' | 'seed'>,
  atMs: number,
  opening = true,
): CaseState {
  const rng = owner.rng;
  const home = 'tracks' in owner ? owner.tracks[0]! : owner.track;
  const track = rng.chance(OFF_TRACK_CASE_SHARE) ? rng.weighted(TRACK_MIX) : home;
  const def = ctx.dict.tracks.find((t) => t.id === track);
  const factors = ctx.dict.complexityFactors.filter(() => rng.chance(COMPLEXITY_FACTOR_CHANCE));
  const cadenceDays = def?.intensive && rng.chance(THREE_DAY_CADENCE_SHARE) ? 3 : (def?.defaultCadenceDays ?? 7);
  const caseId = ctx.ids.next('case');
  return {
    caseId,
    clientId: ctx.ids.next('client'),
    track,
    factors: factors.map((f) => f.id),
    weight: ctx.dict.baseCaseWeight + factors.reduce((s, f) => s + f.weight, 0),
    cadenceDays,
    // Opening caseloads are spread over one cadence; new cases are seen within a few days.
    nextDueMs: atMs + (opening ? rng.uniform(0, cadenceDays) : rng.uniform(1, 3)) * DAY,
    profileSeed: mixSeed(ctx.seed, caseId),
    open: true,
    touchedDay: -1,
    unitId: 'unitId' in owner ? owner.unitId : '',
    workerId: 'workerId' in owner ? owner.workerId : undefined,
  };
}
