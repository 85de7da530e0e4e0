import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWallboard, type WallboardHarness } from '../support/harness.ts';
import {
  noteRecord,
  poolRecord,
  signalRecord,
  siteView,
  sitesView,
  unitFixture,
  unitView,
  viewMessage,
  workerDetail,
  type UnitFixture,
} from '../support/fixtures.ts';
import { startIngestRecorder } from '../support/ingest-recorder.ts';
import { listRoutes } from '../support/routes.ts';

/**
 * Every API route against every role (CONTRACT §4), in scope and out of it. The table must name each
 * route the app actually has: a new route without expected answers fails the test.
 */
type Who =
  'none' | 'display' | 'lead' | 'supervisor' | 'operations' | 'auditor' | 'admin' | 'otherLead' | 'otherSupervisor';
const WHO: Who[] = [
  'none',
  'display',
  'lead',
  'supervisor',
  'operations',
  'auditor',
  'admin',
  'otherLead',
  'otherSupervisor',
];

interface Row {
  method: 'GET' | 'POST';
  route: string;
  path: (f: Fixture) => string;
  body?: (f: Fixture) => object;
  expect: Partial<Record<Who, number>> & { default: number };
}

interface Fixture {
  u: UnitFixture;
  noteId: string;
  signalId: string;
  caseId: string;
  displayId: string;
}

const VIEWERS = { display: 200, lead: 200, supervisor: 200, operations: 200 };
const DRILL = { lead: 200, supervisor: 200, operations: 200 };

const TABLE: Row[] = [
  { method: 'GET', route: '/api/me', path: () => '/api/me', expect: { default: 200, none: 401 } },
  {
    method: 'GET',
    route: '/api/views/unit/:unitId',
    path: (f) => `/api/views/unit/${f.u.unitId}`,
    expect: { default: 403, none: 401, ...VIEWERS },
  },
  {
    method: 'GET',
    route: '/api/views/site/:siteId',
    path: (f) => `/api/views/site/${f.u.siteId}`,
    expect: { default: 403, none: 401, operations: 200 },
  },
  {
    method: 'GET',
    route: '/api/views/sites',
    path: () => '/api/views/sites',
    expect: { default: 403, none: 401, operations: 200 },
  },
  {
    method: 'GET',
    route: '/api/signals/:signalId',
    path: (f) => `/api/signals/${f.signalId}`,
    expect: { default: 403, none: 401, ...DRILL },
  },
  {
    method: 'GET',
    route: '/api/notes/:noteId',
    path: (f) => `/api/notes/${f.noteId}`,
    expect: { default: 403, none: 401, lead: 200, supervisor: 200 },
  },
  {
    method: 'GET',
    route: '/api/notes/:noteId',
    path: (f) => `/api/notes/${f.noteId}?reason=${encodeURIComponent('safeguarding review')}`,
    expect: { default: 403, none: 401, ...DRILL },
  },
  {
    method: 'GET',
    route: '/api/workers/:workerId',
    path: (f) => `/api/workers/${f.u.workers[0]!.workerId}`,
    expect: { default: 403, none: 401, ...DRILL },
  },
  {
    method: 'GET',
    route: '/api/pool/:unitId',
    path: (f) => `/api/pool/${f.u.unitId}`,
    expect: { default: 403, none: 401, ...DRILL },
  },
  {
    method: 'GET',
    route: '/api/units/:unitId/capacity-log',
    path: (f) => `/api/units/${f.u.unitId}/capacity-log`,
    expect: { default: 403, none: 401, ...DRILL },
  },
  {
    method: 'POST',
    route: '/api/signals/:signalId/status',
    path: (f) => `/api/signals/${f.signalId}/status`,
    body: () => ({ status: 'acknowledged', note: 'seen, talking to the worker on Tuesday' }),
    expect: { default: 403, none: 401, supervisor: 200 },
  },
  {
    method: 'POST',
    route: '/api/pool/:caseId/assign',
    path: (f) => `/api/pool/${f.caseId}/assign`,
    body: (f) => ({ workerId: f.u.workers[1]!.workerId }),
    expect: { default: 403, none: 401, supervisor: 202 },
  },
  {
    method: 'GET',
    route: '/api/audit',
    path: () => '/api/audit?limit=5',
    expect: { default: 403, none: 401, auditor: 200 },
  },
  {
    method: 'GET',
    route: '/api/displays',
    path: () => '/api/displays',
    expect: { default: 403, none: 401, admin: 200 },
  },
  {
    method: 'POST',
    route: '/api/displays',
    path: () => '/api/displays',
    body: (f) => ({ units: [f.u.unitId] }),
    expect: { default: 403, none: 401, admin: 201 },
  },
  {
    method: 'POST',
    route: '/api/displays/:displayId/revoke',
    path: () => '/api/displays/d-no-such-display/revoke',
    expect: { default: 403, none: 401, admin: 404 },
  },
];

describe('HTTP access matrix', () => {
  let h: WallboardHarness;
  let f: Fixture;
  let other: UnitFixture;
  const tokens = new Map<Who, string>();
  let ingest: Awaited<ReturnType<typeof startIngestRecorder>>;

  beforeAll(async () => {
    ingest = await startIngestRecorder();
    h = await startWallboard({ ingestUrl: ingest.url });
    const u = unitFixture();
    other = unitFixture();
    const note = noteRecord(u, `${u.unitId}-N1`);
    const signal = signalRecord(u, note);
    const caseId = `${u.unitId}-P1`;
    await h.fixtures.storeView(viewMessage(unitView(u)));
    await h.fixtures.storeView(viewMessage(siteView(u.siteId, [u])));
    await h.fixtures.storeView(viewMessage(sitesView([u.siteId])));
    await h.fixtures.putNote(note);
    await h.fixtures.putSignal(signal);
    await h.fixtures.putWorker(workerDetail(u, 0));
    await h.fixtures.putWorker(workerDetail(u, 1));
    await h.fixtures.putPool(poolRecord(u, caseId));
    const display = await h.deps.displays.create({ units: [u.unitId], sites: [], createdBy: 'test' });
    f = { u, noteId: note.noteId, signalId: signal.signalId, caseId, displayId: display.display.displayId };
    tokens.set('display', await h.token({ kind: 'display', id: f.displayId, role: 'display', units: [u.unitId] }));
    for (const role of ['lead', 'supervisor'] as const) tokens.set(role, await h.token({ role, units: [u.unitId] }));
    for (const role of ['operations', 'auditor', 'admin'] as const) tokens.set(role, await h.token({ role }));
    tokens.set('otherLead', await h.token({ role: 'lead', units: [other.unitId], sites: [other.siteId] }));
    tokens.set('otherSupervisor', await h.token({ role: 'supervisor', units: [other.unitId] }));
  });
  afterAll(async () => {
    await h?.stop();
    await ingest?.close();
  });

  it('has an expected answer for every API route the app serves', () => {
    const served = listRoutes(h.app)
      .filter((r) => r.path.startsWith('/api/'))
      .map((r) => `${r.method} ${r.path}`);
    const covered = new Set(TABLE.map((r) => `${r.method} ${r.route}`));
    expect(served.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !served.includes(r))).toEqual([]);
  });

  it('answers each role as CONTRACT §4 says, and audits each 403', async () => {
    const cells: string[] = [];
    const failures: string[] = [];
    for (const row of TABLE) {
      for (const who of WHO) {
        const token = tokens.get(who);
        const res = await fetch(`${h.url}${row.path(f)}`, {
          method: row.method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(row.body ? { 'content-type': 'application/json' } : {}),
          },
          ...(row.body ? { body: JSON.stringify(row.body(f)) } : {}),
        });
        const want = row.expect[who] ?? row.expect.default;
        cells.push(`${row.method} ${row.path(f)} ${who}`);
        if (res.status !== want)
          failures.push(`${row.method} ${row.path(f)} as ${who}: ${res.status}, expected ${want}`);
      }
    }
    expect(failures).toEqual([]);
    expect(cells.length).toBe(TABLE.length * WHO.length);
    const refusals = (await h.deps.audit.list({ count: 1000 })).filter(
      (e) => e.action === 'access.refused' && e.what.channel === 'http',
    );
    const expected403 = TABLE.flatMap((row) => WHO.filter((w) => (row.expect[w] ?? row.expect.default) === 403));
    // Other test files share the log; at least this file's refusals must be there.
    expect(refusals.length).toBeGreaterThanOrEqual(expected403.length);
    expect(ingest.posts.length).toBe(1);
  });

  it('answers 400 to malformed ids and bodies rather than 500', async () => {
    const sup = tokens.get('supervisor')!;
    const auth = { authorization: `Bearer ${sup}`, 'content-type': 'application/json' };
    const answers = await Promise.all([
      fetch(`${h.url}/api/views/unit/${encodeURIComponent('a.b>*')}`, { headers: auth }),
      fetch(`${h.url}/api/signals/${f.signalId}/status`, { method: 'POST', headers: auth, body: '{"status":1}' }),
      fetch(`${h.url}/api/signals/${f.signalId}/status`, { method: 'POST', headers: auth, body: '{not json' }),
      fetch(`${h.url}/api/pool/${f.caseId}/assign`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ workerId: 'x', __proto__: { admin: true }, extra: 1 }),
      }),
      fetch(`${h.url}/api/signals/${f.signalId}/status`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ status: 'snoozed', note: 'later' }),
      }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
  });
});
