import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import {
  CaseloadEvent,
  type CaseloadEvent as CaseloadEventType,
  EVENT_DATA,
  EVENT_TYPES,
  NOTE_TEXT_MAX,
  unitOf,
  type EventType,
} from './events.ts';

const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const time = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const text = fc.string({ minLength: 1, maxLength: 400 });
const name = fc.string({ minLength: 1, maxLength: 200 });
const track = fc.constantFrom('child_welfare', 'housing', 'behavioral_health', 'workforce');
const code = fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/);

/** Valid `data` for each type; optional fields present or absent at random. */
const DATA: { [T in EventType]: fc.Arbitrary<Record<string, unknown>> } = {
  'caseload.site.upserted': fc.record(
    { siteId: id, name, timezone: fc.constantFrom('UTC', 'America/Chicago', 'Europe/London') },
    { requiredKeys: ['siteId', 'name'] },
  ),
  'caseload.unit.upserted': fc.record(
    { unitId: id, siteId: id, name, supervisorId: id, wallShowsNames: fc.boolean() },
    { requiredKeys: ['unitId', 'siteId', 'name'] },
  ),
  'caseload.worker.upserted': fc.record(
    {
      workerId: id,
      unitId: id,
      name,
      capacity: fc.double({ min: 0.5, max: 10_000, noNaN: true }),
      displayName: fc.string({ minLength: 1, maxLength: 60 }),
      tracks: fc.array(track, { maxLength: 4 }),
      active: fc.boolean(),
    },
    { requiredKeys: ['workerId', 'unitId', 'name', 'capacity'] },
  ),
  'caseload.worker.absence': fc
    .tuple(
      id,
      id,
      time,
      fc.integer({ min: 0, max: 30 * 86_400_000 }),
      fc.option(fc.string({ maxLength: 100 }), { nil: undefined }),
    )
    .map(([workerId, unitId, from, ms, reason]) => ({
      workerId,
      unitId,
      from,
      to: new Date(Date.parse(from) + ms).toISOString(),
      ...(reason === undefined ? {} : { reason }),
    })),
  'caseload.case.opened': fc.record(
    {
      caseId: id,
      clientId: id,
      unitId: id,
      track,
      complexityFactors: fc.array(code, { maxLength: 6 }),
      workerId: id,
      contactCadenceDays: fc.integer({ min: 1, max: 365 }),
    },
    { requiredKeys: ['caseId', 'clientId', 'unitId', 'track', 'complexityFactors'] },
  ),
  'caseload.case.assigned': fc.record(
    { caseId: id, unitId: id, workerId: id, reason: fc.string({ maxLength: 100 }), fromUnitId: id },
    { requiredKeys: ['caseId', 'unitId', 'workerId'] },
  ),
  'caseload.case.closed': fc.record(
    { caseId: id, unitId: id, reason: fc.string({ maxLength: 100 }) },
    { requiredKeys: ['caseId', 'unitId'] },
  ),
  'caseload.contact.logged': fc.record(
    {
      contactId: id,
      caseId: id,
      unitId: id,
      workerId: id,
      mode: fc.constantFrom('home_visit', 'office', 'phone', 'video', 'collateral'),
      outcome: fc.constantFrom('completed', 'attempted', 'no_show', 'cancelled'),
      durationMinutes: fc.integer({ min: 0, max: 1440 }),
      crisis: fc.boolean(),
    },
    { requiredKeys: ['contactId', 'caseId', 'unitId', 'workerId', 'mode', 'outcome'] },
  ),
  'caseload.note.submitted': fc.record(
    { noteId: id, caseId: id, unitId: id, workerId: id, text, contactId: id, contactTime: time },
    { requiredKeys: ['noteId', 'caseId', 'unitId', 'workerId', 'text'] },
  ),
  'caseload.note.amended': fc.record(
    { noteId: id, caseId: id, unitId: id, workerId: id, text, reason: fc.string({ maxLength: 100 }) },
    { requiredKeys: ['noteId', 'caseId', 'unitId', 'workerId', 'text'] },
  ),
  'caseload.note.retracted': fc.record(
    { noteId: id, caseId: id, unitId: id, workerId: id, reason: fc.string({ maxLength: 100 }) },
    { requiredKeys: ['noteId', 'caseId', 'unitId', 'workerId'] },
  ),
  'caseload.supervision.completed': fc.record(
    { workerId: id, unitId: id, supervisorId: id, caseIds: fc.array(id, { maxLength: 5 }) },
    { requiredKeys: ['workerId', 'unitId', 'supervisorId'] },
  ),
};

const eventOf = (type: EventType) =>
  fc
    .record({
      id: fc.string({ minLength: 1, maxLength: 256 }),
      source: fc.string({ minLength: 1, maxLength: 100 }),
      time,
      data: DATA[type],
    })
    .map((e) => ({ specversion: '1.0', type, ...e }));
const anyEvent = fc.constantFrom(...EVENT_TYPES).chain(eventOf);

/** Fields a type's data cannot do without, read from the schema itself. */
function requiredFields(type: EventType): string[] {
  const shape = (EVENT_DATA[type] as unknown as z.ZodObject).shape;
  return Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
}

const paths = (r: { success: boolean; error?: z.ZodError }) => (r.error?.issues ?? []).map((i) => i.path.join('.'));

describe('CaseloadEvent (property-based)', () => {
  it('accepts every valid event of every type', () => {
    fc.assert(
      fc.property(anyEvent, (e) => {
        const r = CaseloadEvent.safeParse(e);
        expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
        expect(r.data!.type).toBe(e.type);
      }),
      { numRuns: 600 },
    );
  });

  it('refuses an event missing any required data field, naming it', () => {
    fc.assert(
      fc.property(
        anyEvent.chain((e) => fc.constantFrom(...requiredFields(e.type)).map((field) => ({ e, field }))),
        ({ e, field }) => {
          const data = { ...e.data };
          delete data[field];
          expect(paths(CaseloadEvent.safeParse({ ...e, data }))).toContain(`data.${field}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses ids outside ^[A-Za-z0-9_-]{1,64}$ wherever they appear', () => {
    const badId = fc.oneof(
      fc.constant(''),
      fc.string({ minLength: 65, maxLength: 80 }).map((s) => s.replace(/[^A-Za-z0-9_-]/g, 'x')),
      fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/^[A-Za-z0-9_-]+$/.test(s)),
    );
    fc.assert(
      fc.property(anyEvent, badId, (e, bad) => {
        const idField = Object.keys(e.data).find((k) => k.endsWith('Id') && typeof e.data[k] === 'string')!;
        expect(paths(CaseloadEvent.safeParse({ ...e, data: { ...e.data, [idField]: bad } }))).toContain(
          `data.${idField}`,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('refuses unknown data fields, a wrong specversion and a malformed time', () => {
    fc.assert(
      fc.property(anyEvent, fc.stringMatching(/^[a-z]{3,12}$/), (e, key) => {
        fc.pre(!(key in e.data));
        expect(paths(CaseloadEvent.safeParse({ ...e, data: { ...e.data, [key]: 1 } }))).toContain('data');
        expect(paths(CaseloadEvent.safeParse({ ...e, specversion: '0.3' }))).toContain('specversion');
        expect(paths(CaseloadEvent.safeParse({ ...e, time: e.time.replace('T', ' ').replace('Z', '') }))).toContain(
          'time',
        );
      }),
      { numRuns: 200 },
    );
  });

  it('refuses unknown types', () => {
    fc.assert(
      fc.property(anyEvent, fc.string(), (e, type) => {
        fc.pre(!(EVENT_TYPES as string[]).includes(type));
        expect(paths(CaseloadEvent.safeParse({ ...e, type }))).toEqual(['type']);
      }),
    );
  });
});

describe('CaseloadEvent (examples)', () => {
  const envelope = { specversion: '1.0', id: 'evt-1', source: '/sites/north/cms', time: '2026-11-17T09:14:00Z' };
  const noteData = { noteId: 'n1', caseId: 'c1', unitId: 'u1', workerId: 'w1' };
  const parse = (type: string, data: unknown) => CaseloadEvent.safeParse({ ...envelope, type, data });

  it('note text: 1 to 20,000 characters', () => {
    expect(parse('caseload.note.submitted', { ...noteData, text: 'x'.repeat(NOTE_TEXT_MAX) }).success).toBe(true);
    expect(paths(parse('caseload.note.submitted', { ...noteData, text: 'x'.repeat(NOTE_TEXT_MAX + 1) }))).toEqual([
      'data.text',
    ]);
    expect(paths(parse('caseload.note.amended', { ...noteData, text: '' }))).toEqual(['data.text']);
  });

  it('applies defaults: timezone UTC, wallShowsNames false, active true', () => {
    expect(parse('caseload.site.upserted', { siteId: 's', name: 'S' }).data?.data).toEqual({
      siteId: 's',
      name: 'S',
      timezone: 'UTC',
    });
    expect(parse('caseload.unit.upserted', { unitId: 'u', siteId: 's', name: 'U' }).data?.data).toMatchObject({
      wallShowsNames: false,
    });
    expect(
      parse('caseload.worker.upserted', { workerId: 'w', unitId: 'u', name: 'W', capacity: 20 }).data?.data,
    ).toMatchObject({
      active: true,
    });
  });

  it('refuses an unknown time zone, a capacity of 0, an absence ending before it starts', () => {
    expect(paths(parse('caseload.site.upserted', { siteId: 's', name: 'S', timezone: 'Mars/Olympus' }))).toEqual([
      'data.timezone',
    ]);
    expect(paths(parse('caseload.worker.upserted', { workerId: 'w', unitId: 'u', name: 'W', capacity: 0 }))).toEqual([
      'data.capacity',
    ]);
    expect(
      paths(
        parse('caseload.worker.absence', {
          workerId: 'w',
          unitId: 'u',
          from: '2026-11-10T00:00:00Z',
          to: '2026-11-09T00:00:00Z',
        }),
      ),
    ).toEqual(['data.to']);
  });

  it('refuses contact modes and outcomes outside the lists', () => {
    const contact = { contactId: 'k', caseId: 'c', unitId: 'u', workerId: 'w', mode: 'fax', outcome: 'lost' };
    expect(paths(parse('caseload.contact.logged', contact)).sort()).toEqual(['data.mode', 'data.outcome']);
  });

  it('unitOf: the unit of unit-scoped events, none for site events', () => {
    const typed = (type: string, data: unknown) => parse(type, data).data as CaseloadEventType;
    expect(unitOf(typed('caseload.note.retracted', noteData))).toBe('u1');
    expect(unitOf(typed('caseload.site.upserted', { siteId: 's', name: 'S' }))).toBeUndefined();
  });
});
