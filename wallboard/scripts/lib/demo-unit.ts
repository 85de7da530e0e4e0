import { randomBytes } from 'node:crypto';
import type { CaseloadEvent } from '@caseload/shared';

/**
 * A small real unit as producers would send it through ingest (CloudEvents of CONTRACT §2): its site,
 * the unit, its workers and a few open cases each. Ids carry a random tag so runs never collide.
 */
const FIRST_NAMES = [
  'Alex',
  'Bea',
  'Chidi',
  'Dana',
  'Eli',
  'Fern',
  'Gus',
  'Hana',
  'Ivo',
  'Jade',
  'Kit',
  'Lena',
  'Mo',
  'Nia',
  'Omar',
  'Pia',
  'Quin',
  'Rosa',
  'Sol',
  'Tove',
];

export interface DemoUnit {
  siteId: string;
  unitId: string;
  name: string;
  workers: { workerId: string; name: string; displayName: string }[];
}

export function demoUnit(workers: number, name = 'Riverside Family Support'): DemoUnit {
  const tag = randomBytes(3).toString('hex');
  const unitId = `U-${tag}`;
  return {
    siteId: `S-${tag}`,
    unitId,
    name,
    workers: Array.from({ length: workers }, (_, i) => {
      const first = FIRST_NAMES[i % FIRST_NAMES.length]!;
      return { workerId: `${unitId}-W${i + 1}`, name: `${first} Example${i + 1}`, displayName: first };
    }),
  };
}

let counter = 0;

/** One CloudEvent with a fresh id, timed now unless told. */
export function cloudEvent<T extends CaseloadEvent['type']>(
  type: T,
  data: Extract<CaseloadEvent, { type: T }>['data'],
  time = new Date(),
): CaseloadEvent {
  return {
    specversion: '1.0',
    id: `wb-${Date.now().toString(36)}-${++counter}-${randomBytes(3).toString('hex')}`,
    source: '/wallboard/scripts',
    type,
    time: time.toISOString(),
    datacontenttype: 'application/json',
    data,
  } as CaseloadEvent;
}

/** Site, unit, workers, then `casesEach` open cases per worker. */
export function rosterEvents(u: DemoUnit, casesEach = 3): CaseloadEvent[] {
  const events: CaseloadEvent[] = [
    cloudEvent('caseload.site.upserted', { siteId: u.siteId, name: 'Riverside', timezone: 'UTC' }),
    cloudEvent('caseload.unit.upserted', { unitId: u.unitId, siteId: u.siteId, name: u.name, wallShowsNames: false }),
  ];
  for (const w of u.workers) {
    events.push(
      cloudEvent('caseload.worker.upserted', {
        workerId: w.workerId,
        unitId: u.unitId,
        name: w.name,
        displayName: w.displayName,
        capacity: 30,
        tracks: ['housing'],
        active: true,
      }),
    );
  }
  for (const w of u.workers) {
    for (let c = 0; c < casesEach; c++) events.push(openCase(u, w.workerId));
  }
  return events;
}

/** A newly opened case for a worker: their tile's "open" figure goes up by one. */
export function openCase(u: DemoUnit, workerId: string): CaseloadEvent {
  const caseId = `${workerId}-C${randomBytes(4).toString('hex')}`;
  return cloudEvent('caseload.case.opened', {
    caseId,
    clientId: `K-${caseId}`,
    unitId: u.unitId,
    track: 'housing',
    complexityFactors: [],
    workerId,
  });
}
