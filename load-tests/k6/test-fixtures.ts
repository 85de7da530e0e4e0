/** A small events file in the simulator's NDJSON shape, shared by the tests of the k6 scripts. */
export const T = '2026-11-17T09:14:00Z';
const envelope = (id: string, type: string, data: unknown) => ({
  specversion: '1.0',
  id,
  source: '/sites/north/cms',
  type,
  time: T,
  datacontenttype: 'application/json',
  data,
});

/** A small file in the simulator's NDJSON shape: one CloudEvent per line, roster first. */
export const FILE_EVENTS = [
  envelope('e1', 'caseload.site.upserted', { siteId: 'north', name: 'North', timezone: 'America/Chicago' }),
  envelope('e2', 'caseload.unit.upserted', { unitId: 'U1', siteId: 'north', name: 'Unit 1' }),
  envelope('e3', 'caseload.worker.upserted', { workerId: 'W1', unitId: 'U1', name: 'Ana Diaz', capacity: 30 }),
  envelope('e4', 'caseload.case.opened', {
    caseId: 'C1',
    clientId: 'P1',
    unitId: 'U1',
    track: 'housing',
    complexityFactors: [],
    workerId: 'W1',
  }),
  envelope('e5', 'caseload.contact.logged', {
    contactId: 'K1',
    caseId: 'C1',
    unitId: 'U1',
    workerId: 'W1',
    mode: 'home_visit',
    outcome: 'completed',
  }),
  envelope('e6', 'caseload.note.submitted', {
    noteId: 'N1',
    caseId: 'C1',
    unitId: 'U1',
    workerId: 'W1',
    text: 'Home visit completed.\n\nRent is paid through December.',
  }),
];
export const NDJSON = FILE_EVENTS.map((e) => JSON.stringify(e)).join('\n') + '\n\n';
