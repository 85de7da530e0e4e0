import fc from 'fast-check';
import type { EventType } from '@caseload/shared';

/**
 * fast-check arbitraries for VALID contract events (CONTRACT §2), the starting point of every
 * hostile mutation. Event ids are left out: the fuzzer stamps each event with a unique one.
 */
export const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);

const DAY = 86_400_000;

/** An event time inside the accepted window (now − 400 days … now + 5 min), kept well inside it. */
export const recentTimeArb = fc
  .integer({ min: 0, max: 30 * DAY })
  .map((ago) => new Date(Date.now() - ago).toISOString());

/** Marks note text so an answer or a log that quotes it can be found. */
export const TEXT_MARK = 'SECRETNOTE';

const noteTextArb = fc
  .tuple(fc.nat({ max: 1_000_000 }), fc.string({ minLength: 0, maxLength: 300, unit: 'grapheme' }))
  .map(([n, s]) => `${TEXT_MARK}${n} ${s}`);
const nameArb = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((s) => s.length <= 200);
const trackArb = fc.constantFrom('child_welfare', 'housing', 'behavioral_health', 'workforce');

/** The `data` of each type, valid, with the fields that are required listed for mutations. */
export const DATA: Record<EventType, { arb: fc.Arbitrary<Record<string, unknown>>; required: string[] }> = {
  'caseload.site.upserted': {
    arb: fc.record({ siteId: idArb, name: nameArb, timezone: fc.constantFrom('UTC', 'Europe/London') }),
    required: ['siteId', 'name'],
  },
  'caseload.unit.upserted': {
    arb: fc.record({ unitId: idArb, siteId: idArb, name: nameArb, wallShowsNames: fc.boolean() }),
    required: ['unitId', 'siteId', 'name'],
  },
  'caseload.worker.upserted': {
    arb: fc.record({
      workerId: idArb,
      unitId: idArb,
      name: nameArb,
      capacity: fc.double({ min: 0.5, max: 100, noNaN: true }),
      tracks: fc.subarray(['child_welfare', 'housing', 'behavioral_health', 'workforce']),
    }),
    required: ['workerId', 'unitId', 'name', 'capacity'],
  },
  'caseload.worker.absence': {
    arb: fc
      .record({ workerId: idArb, unitId: idArb, days: fc.integer({ min: 0, max: 20 }), from: recentTimeArb })
      .map(({ days, from, ...rest }) => ({
        ...rest,
        from,
        to: new Date(Date.parse(from) + days * DAY).toISOString(),
      })),
    required: ['workerId', 'unitId', 'from', 'to'],
  },
  'caseload.case.opened': {
    arb: fc.record({
      caseId: idArb,
      clientId: idArb,
      unitId: idArb,
      track: trackArb,
      complexityFactors: fc.constant([]),
      workerId: idArb,
      contactCadenceDays: fc.integer({ min: 1, max: 365 }),
    }),
    required: ['caseId', 'clientId', 'unitId', 'track', 'complexityFactors'],
  },
  'caseload.case.assigned': {
    arb: fc.record(
      { caseId: idArb, unitId: idArb, workerId: idArb, fromUnitId: idArb },
      { requiredKeys: ['caseId', 'unitId', 'workerId'] },
    ),
    required: ['caseId', 'unitId', 'workerId'],
  },
  'caseload.case.closed': {
    arb: fc.record({ caseId: idArb, unitId: idArb }),
    required: ['caseId', 'unitId'],
  },
  'caseload.contact.logged': {
    arb: fc.record({
      contactId: idArb,
      caseId: idArb,
      unitId: idArb,
      workerId: idArb,
      mode: fc.constantFrom('home_visit', 'office', 'phone', 'video', 'collateral'),
      outcome: fc.constantFrom('completed', 'attempted', 'no_show', 'cancelled'),
      durationMinutes: fc.integer({ min: 0, max: 1440 }),
      crisis: fc.boolean(),
    }),
    required: ['contactId', 'caseId', 'unitId', 'workerId', 'mode', 'outcome'],
  },
  'caseload.note.submitted': {
    arb: fc.record({ noteId: idArb, caseId: idArb, unitId: idArb, workerId: idArb, text: noteTextArb }),
    required: ['noteId', 'caseId', 'unitId', 'workerId', 'text'],
  },
  'caseload.note.amended': {
    arb: fc.record({ noteId: idArb, caseId: idArb, unitId: idArb, workerId: idArb, text: noteTextArb }),
    required: ['noteId', 'caseId', 'unitId', 'workerId', 'text'],
  },
  'caseload.note.retracted': {
    arb: fc.record({ noteId: idArb, caseId: idArb, unitId: idArb, workerId: idArb }),
    required: ['noteId', 'caseId', 'unitId', 'workerId'],
  },
  'caseload.supervision.completed': {
    arb: fc.record({ workerId: idArb, unitId: idArb, supervisorId: idArb, caseIds: fc.array(idArb, { maxLength: 5 }) }),
    required: ['workerId', 'unitId', 'supervisorId'],
  },
};

export const TYPES = Object.keys(DATA) as EventType[];

export interface ValidEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: EventType;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

/** A valid event of any type (id filled in later). */
export const validEventArb: fc.Arbitrary<ValidEvent> = fc
  .constantFrom(...TYPES)
  .chain((type) =>
    fc.record({
      type: fc.constant(type),
      data: DATA[type].arb,
      time: recentTimeArb,
      source: fc.constantFrom('/sites/north/cms', '/fuzz', 'urn:fuzz:producer'),
    }),
  )
  .map(({ type, data, time, source }) => ({
    specversion: '1.0',
    id: '',
    source,
    type,
    time,
    datacontenttype: 'application/json',
    data,
  }));

const OTHER_VALUES: [string, unknown[]][] = [
  ['number', [0, -1, 1.5, 1e21, -0]],
  ['string', ['', 'x', '1', 'true', 'null']],
  ['boolean', [true, false]],
  ['null', [null]],
  ['array', [[], [1], ['x', null], [[]]]],
  ['object', [{}, { a: 1 }, { '': null }, { length: 1 }]],
];

/** A value whose JSON type differs from `v`'s, picked by `pick`. */
export function wrongTypeValue(v: unknown, pick: number): unknown {
  const kind = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  const choices = OTHER_VALUES.filter(([k]) => k !== kind).flatMap(([, vs]) => vs);
  return choices[pick % choices.length];
}
