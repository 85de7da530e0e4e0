import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient } from 'socket.io-client';
import { redisKeys, StoredAuditEntry, type AuditAction } from '@caseload/shared';
import { TEST_AUTH_SECRET, testServers } from '@caseload/shared/testing';
import { AuditLog } from '../../src/lib/server/audit/audit-log.ts';
import { issueToken } from '../../scripts/issue-token.ts';
import { connectOutcome, sessionCookieOf, startWallboard, type WallboardHarness } from '../support/harness.ts';
import {
  noteRecord,
  poolRecord,
  signalRecord,
  unitFixture,
  unitView,
  viewMessage,
  workerDetail,
  type UnitFixture,
} from '../support/fixtures.ts';
import { startIngestRecorder } from '../support/ingest-recorder.ts';
import { listRoutes } from '../support/routes.ts';

/**
 * Each audited action leaves exactly one entry with who, when, what and from where (CONTRACT §3-4).
 * Other test files write to the same audit stream at the same time, so every request here carries
 * its own User-Agent and the entries of an action are found by it.
 */
describe('audit log: one entry per action', () => {
  let h: WallboardHarness;
  let ingest: Awaited<ReturnType<typeof startIngestRecorder>>;
  let u: UnitFixture;
  let noteId: string;
  let signalId: string;
  const run = randomBytes(4).toString('hex');
  const tokens: Record<string, string> = {};
  /** Stream ids start with the ms time: entries of this file are all after this one. */
  const since = `${Date.now() - 1000}-0`;

  beforeAll(async () => {
    ingest = await startIngestRecorder();
    h = await startWallboard({ ingestUrl: ingest.url, users: true });
    u = unitFixture();
    const note = noteRecord(u, `${u.unitId}-N1`);
    const signal = signalRecord(u, note);
    noteId = note.noteId;
    signalId = signal.signalId;
    await h.fixtures.storeView(viewMessage(unitView(u)));
    await h.fixtures.putNote(note);
    await h.fixtures.putSignal(signal);
    await h.fixtures.putWorker(workerDetail(u, 0));
    await h.fixtures.putWorker(workerDetail(u, 1));
    await h.fixtures.putPool(poolRecord(u, `${u.unitId}-P1`));
    tokens.lead = await h.token({ role: 'lead', units: [u.unitId], id: `lead-${run}` });
    tokens.supervisor = await h.token({ role: 'supervisor', units: [u.unitId], id: `sup-${run}` });
    tokens.operations = await h.token({ role: 'operations', id: `ops-${run}` });
    tokens.admin = await h.token({ role: 'admin', id: `admin-${run}` });
    tokens.auditor = await h.token({ role: 'auditor', id: `aud-${run}` });
  });
  afterAll(async () => {
    await h?.stop();
    await ingest?.close();
  });

  let step = 0;
  /** A User-Agent no other request has. */
  const agent = () => `audit-test/${run}/${++step}`;

  /** Every entry written since the test began that came from `ua`. */
  async function entriesFrom(ua: string): Promise<StoredAuditEntry[]> {
    const rows = (await h.deps.redis.xRange(redisKeys.audit, since, '+')) ?? [];
    return rows
      .map((r) => StoredAuditEntry.parse({ id: r.id, ...JSON.parse(String(r.message.entry)) }))
      .filter((e) => e.from.userAgent === ua);
  }

  async function call(
    method: string,
    path: string,
    who: string | null,
    body?: unknown,
    extra: Record<string, string> = {},
  ) {
    const ua = agent();
    const res = await fetch(`${h.url}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        'user-agent': ua,
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...extra,
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { res, ua };
  }

  /** Exactly one entry from `ua`, of `action`, with a time, an actor and the caller's address. */
  async function theOneEntry(ua: string, action: AuditAction) {
    const entries = await entriesFrom(ua);
    expect(entries.map((e) => e.action)).toEqual([action]);
    const e = entries[0]!;
    expect(Date.now() - Date.parse(e.at)).toBeLessThan(60_000);
    expect(e.actor.id).toBeTruthy();
    expect(e.from.ip).toMatch(/127\.0\.0\.1/);
    return e;
  }

  it('a note read names the reader, the note, its case and the signal it came from', async () => {
    const { res, ua } = await call('GET', `/api/notes/${noteId}?via=${signalId}`, 'lead');
    expect(res.status).toBe(200);
    const e = await theOneEntry(ua, 'note.read');
    expect(e).toMatchObject({
      actor: { kind: 'user', id: `lead-${run}`, role: 'lead' },
      outcome: 'ok',
      what: { noteId, signalId, caseId: `${u.unitId}-C1`, unitId: u.unitId },
    });
    expect(JSON.stringify(e)).not.toContain('partner hit her');
  });

  it('a signal read with quotes is one entry naming the notes it opened', async () => {
    const { res, ua } = await call('GET', `/api/signals/${signalId}`, 'lead');
    expect(res.status).toBe(200);
    expect((await theOneEntry(ua, 'signal.read')).what).toMatchObject({ signalId, notes: noteId });
  });

  it('a break-glass read carries the reason given', async () => {
    const reason = `safeguarding review ${run}`;
    const { res, ua } = await call('GET', `/api/notes/${noteId}?reason=${encodeURIComponent(reason)}`, 'operations');
    expect(res.status).toBe(200);
    const e = await theOneEntry(ua, 'note.breakglass');
    expect(e).toMatchObject({ actor: { id: `ops-${run}`, role: 'operations' }, what: { noteId, reason } });
  });

  it('a break-glass attempt without a reason is one refusal, and shows no text', async () => {
    const { res, ua } = await call('GET', `/api/notes/${noteId}`, 'operations');
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('partner hit her');
    const e = await theOneEntry(ua, 'access.refused');
    expect(e).toMatchObject({ outcome: 'refused', what: { reason: 'breakglass_reason_required', noteId } });
  });

  it('a signal status change', async () => {
    const { res, ua } = await call('POST', `/api/signals/${signalId}/status`, 'supervisor', {
      status: 'acknowledged',
      note: 'talking to the worker on Tuesday',
    });
    expect(res.status).toBe(200);
    const e = await theOneEntry(ua, 'signal.status');
    expect(e).toMatchObject({
      actor: { id: `sup-${run}` },
      what: { signalId, unitId: u.unitId, status: 'acknowledged' },
    });
  });

  it('an assignment', async () => {
    const workerId = u.workers[1]!.workerId;
    const { res, ua } = await call('POST', `/api/pool/${u.unitId}-P1/assign`, 'supervisor', { workerId });
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    const e = await theOneEntry(ua, 'case.assign');
    expect(e.what).toMatchObject({ caseId: `${u.unitId}-P1`, workerId, unitId: u.unitId, eventId });
  });

  it('display creation, pairing and revocation: one entry each', async () => {
    const created = await call('POST', '/api/displays', 'admin', { units: [u.unitId], name: `TV ${run}` });
    expect(created.res.status).toBe(201);
    const { display, pairingUrl } = (await created.res.json()) as {
      display: { displayId: string };
      pairingUrl: string;
    };
    expect((await theOneEntry(created.ua, 'display.create')).what).toMatchObject({ displayId: display.displayId });

    const pairUa = agent();
    const paired = await fetch(pairingUrl, { redirect: 'manual', headers: { 'user-agent': pairUa } });
    expect(paired.status).toBe(303);
    expect(sessionCookieOf(paired)).toBeDefined();
    const pair = await theOneEntry(pairUa, 'display.pair');
    expect(pair).toMatchObject({
      actor: { kind: 'display', id: display.displayId },
      what: { displayId: display.displayId },
    });

    const revoked = await call('POST', `/api/displays/${display.displayId}/revoke`, 'admin');
    expect(revoked.res.status).toBe(200);
    const e = await theOneEntry(revoked.ua, 'display.revoke');
    expect(e).toMatchObject({ actor: { id: `admin-${run}`, role: 'admin' }, what: { displayId: display.displayId } });
  });

  it('a token issued by `npm run token`', async () => {
    const unit = `U-audit-${run}`;
    await issueToken(
      { role: 'lead', units: [unit], sites: [], ttlSeconds: 60 },
      { AUTH_SECRET: TEST_AUTH_SECRET, REDIS_URL: testServers().redisUrl, WALLBOARD_ORIGIN: h.url },
    );
    const rows = (await h.deps.redis.xRange(redisKeys.audit, since, '+')) ?? [];
    const mine = rows
      .map((r) => StoredAuditEntry.parse({ id: r.id, ...JSON.parse(String(r.message.entry)) }))
      .filter((e) => e.what.units === unit);
    expect(mine.map((e) => e.action)).toEqual(['token.issue']);
    expect(mine[0]).toMatchObject({ actor: { kind: 'service' }, what: { role: 'lead' }, from: { service: 'cli' } });
  });

  it('a login and a failed login', async () => {
    const login = async (password: string) => {
      const ua = agent();
      const res = await fetch(`${h.url}/auth/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', 'user-agent': ua },
        body: JSON.stringify({ username: 'lee', password }),
      });
      return { res, ua };
    };
    const ok = await login('lee-password');
    expect(sessionCookieOf(ok.res)).toBeDefined();
    expect((await theOneEntry(ok.ua, 'auth.login')).actor).toMatchObject({ id: 'lee', role: 'lead' });
    const bad = await login('wrong');
    expect((await theOneEntry(bad.ua, 'auth.login_failed')).what).toEqual({ reason: 'bad_credentials' });
  });

  it('refused access: one entry per refused request, handshake and subscription', async () => {
    const http = await call('GET', `/api/notes/${noteId}`, 'auditor');
    expect(http.res.status).toBe(403);
    expect((await theOneEntry(http.ua, 'access.refused')).what).toMatchObject({ channel: 'http', reason: 'forbidden' });

    const invalid = await call('GET', '/api/me', null, undefined, { authorization: 'Bearer not.a.token' });
    expect(invalid.res.status).toBe(401);
    expect((await theOneEntry(invalid.ua, 'access.refused')).what).toMatchObject({ credential: 'invalid' });

    const handshakeUa = agent();
    const badSocket = ioClient(`${h.url}/live`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: 'not.a.token' },
      extraHeaders: { 'user-agent': handshakeUa },
    });
    expect(await connectOutcome(badSocket)).toBe('unauthorized');
    badSocket.disconnect();
    expect((await theOneEntry(handshakeUa, 'access.refused')).what).toMatchObject({
      channel: 'socket',
      reason: 'invalid',
    });

    const subscribeUa = agent();
    const socket = ioClient(`${h.url}/live`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: tokens.lead },
      extraHeaders: { 'user-agent': subscribeUa },
    });
    expect(await connectOutcome(socket)).toBe('connected');
    expect(await socket.emitWithAck('subscribe', { scope: 'unit', id: 'U-not-mine' })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    socket.disconnect();
    const e = await theOneEntry(subscribeUa, 'access.refused');
    expect(e).toMatchObject({
      actor: { id: `lead-${run}` },
      what: { channel: 'socket', scope: 'unit', id: 'U-not-mine' },
    });
  });
});

describe('audit log: append-only, auditors only', () => {
  let h: WallboardHarness;
  beforeAll(async () => {
    h = await startWallboard();
  });
  afterAll(() => h?.stop());

  it('offers no way to change or delete an entry: no such route, method or store operation', async () => {
    const auditRoutes = listRoutes(h.app).filter((r) => r.path.includes('audit'));
    expect(auditRoutes).toEqual([{ method: 'GET', path: '/api/audit' }]);
    expect(Object.getOwnPropertyNames(AuditLog.prototype).sort()).toEqual(['append', 'constructor', 'list']);

    const before = await h.deps.redis.xLen(redisKeys.audit);
    const [last] = (await h.deps.redis.xRevRange(redisKeys.audit, '+', '-', { COUNT: 1 })) ?? [];
    for (const role of ['auditor', 'admin'] as const) {
      const token = await h.token({ role });
      for (const method of ['DELETE', 'PUT', 'PATCH', 'POST']) {
        for (const path of ['/api/audit', `/api/audit/${last?.id ?? '0-1'}`]) {
          const res = await fetch(`${h.url}${path}`, {
            method,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: method === 'DELETE' ? null : '{"entries":[]}',
          });
          expect(res.status, `${method} ${path} as ${role}`).toBe(404);
        }
      }
    }
    // Other files append meanwhile, but nothing is ever removed, and the old newest entry is intact.
    expect(await h.deps.redis.xLen(redisKeys.audit)).toBeGreaterThanOrEqual(before);
    if (last) {
      const [again] = (await h.deps.redis.xRange(redisKeys.audit, last.id, last.id)) ?? [];
      expect(again?.message).toEqual(last.message);
    }
  });

  it('lets auditors read the log, newest first, with paging; every other role is refused', async () => {
    const auditor = await h.token({ role: 'auditor' });
    const res = await fetch(`${h.url}/api/audit?limit=3`, { headers: { authorization: `Bearer ${auditor}` } });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { entries: StoredAuditEntry[]; next: string | null };
    expect(page.entries.length).toBeGreaterThan(0);
    for (const e of page.entries) StoredAuditEntry.parse(e);
    const ids = page.entries.map((e) => e.id);
    expect([...ids].sort(byStreamId).reverse()).toEqual(ids);
    if (page.next) {
      const older = (await (
        await fetch(`${h.url}/api/audit?limit=3&before=${page.next}`, {
          headers: { authorization: `Bearer ${auditor}` },
        })
      ).json()) as { entries: StoredAuditEntry[] };
      expect(older.entries.every((e) => byStreamId(e.id, page.next!) < 0)).toBe(true);
    }
    for (const role of ['lead', 'supervisor', 'operations', 'admin'] as const) {
      const token = await h.token({ role, units: ['U1'] });
      const refused = await fetch(`${h.url}/api/audit`, { headers: { authorization: `Bearer ${token}` } });
      expect(refused.status, role).toBe(403);
    }
    const display = await h.deps.displays.create({ units: ['U1'], sites: [], createdBy: 'test' });
    const tv = await h.token({ kind: 'display', id: display.display.displayId, role: 'display', units: ['U1'] });
    expect((await fetch(`${h.url}/api/audit`, { headers: { authorization: `Bearer ${tv}` } })).status).toBe(403);
    expect((await fetch(`${h.url}/api/audit`)).status).toBe(401);
  });
});

/** Orders Redis stream ids (`ms-seq`) as Redis does. */
function byStreamId(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am - bm || as - bs;
}
