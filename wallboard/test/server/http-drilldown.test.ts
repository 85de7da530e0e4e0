import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTROL_SIGNAL_STATUS_SUBJECT,
  makeKeyring,
  redisKeys,
  sealText,
  SignalStatusCommand,
  type StoredAuditEntry,
} from '@caseload/shared';
import { TEST_OLD_NOTE_KEY } from '@caseload/shared/testing';
import { login, sessionCookieOf, startWallboard, type WallboardHarness } from '../support/harness.ts';
import {
  NOTE_TEXT,
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

interface NoteAnswer {
  noteId: string;
  caseId: string;
  paragraphs: {
    index: number;
    text: string;
    findings: { code: string; quote: string; localStart: number; localEnd: number }[];
  }[];
}

describe('drill-down, actions and audit over HTTP', () => {
  let h: WallboardHarness;
  let u: UnitFixture;
  let ingest: Awaited<ReturnType<typeof startIngestRecorder>>;
  let lead: string;
  let ops: string;
  const noteId = () => `${u.unitId}-N1`;
  const signalId = () => `drift-${u.workers[0]!.workerId}-risk`;

  const get = (path: string, token: string) =>
    fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const auditOf = async (pred: (e: StoredAuditEntry) => boolean) =>
    (await h.deps.audit.list({ count: 1000 })).filter(pred);

  beforeAll(async () => {
    u = unitFixture();
    ingest = await startIngestRecorder();
    h = await startWallboard({ ingestUrl: ingest.url, demoScope: { units: [u.unitId], sites: [] } });
    const note = noteRecord(u, noteId());
    await h.fixtures.storeView(viewMessage(unitView(u)));
    await h.fixtures.putNote(note);
    await h.fixtures.putSignal(signalRecord(u, note));
    await h.fixtures.putWorker(workerDetail(u, 1));
    await h.fixtures.putPool(poolRecord(u, `${u.unitId}-P1`));
    lead = await h.token({ role: 'lead', units: [u.unitId], id: 'lee-token' });
    ops = await h.token({ role: 'operations', id: 'ops-token' });
  });
  afterAll(async () => {
    await h?.stop();
    await ingest?.close();
  });

  it('resolves evidence quotes from the sealed note for a lead', async () => {
    const res = await get(`/api/signals/${signalId()}`, lead);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { evidence: { quote?: string; noteId: string }[] };
    expect(body.evidence[0]!.quote).toBe('partner hit her');
    // The stored record holds no quote: it exists only in the answer.
    expect(await h.deps.redis.get(redisKeys.signal(signalId()))).not.toContain('partner hit her');
  });

  it('gives operations no quotes without a reason, and audits the break-glass read that has one', async () => {
    const plain = (await (await get(`/api/signals/${signalId()}`, ops)).json()) as { evidence: { quote?: string }[] };
    expect(plain.evidence[0]!.quote).toBeUndefined();
    const reason = 'county safeguarding review 2026-11';
    const res = await get(`/api/notes/${noteId()}?reason=${encodeURIComponent(reason)}`, ops);
    expect(res.status).toBe(200);
    const entries = await auditOf((e) => e.action === 'note.breakglass' && e.what.reason === reason);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actor).toEqual({ kind: 'user', id: 'ops-token', role: 'operations' });
  });

  it('returns the note as paragraphs with findings quoted, and audits each read exactly once', async () => {
    const before = await auditOf((e) => e.action === 'note.read' && e.what.noteId === noteId());
    const res = await get(`/api/notes/${noteId()}?via=${signalId()}`, lead);
    expect(res.status).toBe(200);
    const note = (await res.json()) as NoteAnswer;
    expect(note.paragraphs.map((p) => p.text)).toEqual(NOTE_TEXT.split('\n\n'));
    const finding = note.paragraphs[1]!.findings[0]!;
    expect(finding.quote).toBe('partner hit her');
    expect(note.paragraphs[1]!.text.slice(finding.localStart, finding.localEnd)).toBe('partner hit her');
    await get(`/api/notes/${noteId()}`, lead);
    const after = await auditOf((e) => e.action === 'note.read' && e.what.noteId === noteId());
    expect(after.length - before.length).toBe(2);
    const viaSignal = after.find((e) => e.what.signalId === signalId())!;
    expect(viaSignal).toMatchObject({ actor: { id: 'lee-token', role: 'lead' }, what: { caseId: `${u.unitId}-C1` } });
    expect(viaSignal.from.ip).toBeDefined();
    expect(JSON.stringify(after)).not.toContain('partner hit her');
  });

  it('refuses a `via` signal that does not cite the note', async () => {
    expect((await get(`/api/notes/${noteId()}?via=some-other-signal`, lead)).status).toBe(400);
  });

  it('still reads a note sealed with a rotated-out key', async () => {
    const old = {
      ...noteRecord(u, `${u.unitId}-N-old`),
      sealedText: sealText(NOTE_TEXT, makeKeyring(TEST_OLD_NOTE_KEY)),
    };
    await h.fixtures.putNote(old);
    const note = (await (await get(`/api/notes/${old.noteId}`, lead)).json()) as NoteAnswer;
    expect(note.paragraphs[1]!.findings[0]!.quote).toBe('partner hit her');
  });

  it('stores a supervisor status change, logs it in the capacity log and tells the processor', async () => {
    const commands: unknown[] = [];
    const sub = h.deps.nats.subscribe(CONTROL_SIGNAL_STATUS_SUBJECT, {
      callback: (_e, m) => void commands.push(m.json()),
    });
    await h.deps.nats.flush();
    const sam = sessionCookieOf(await login(h.url, 'sam', 'sam-password'))!;
    const post = (origin: string | undefined) =>
      fetch(`${h.url}/api/signals/${signalId()}/status`, {
        method: 'POST',
        headers: { cookie: sam, 'content-type': 'application/json', ...(origin ? { origin } : {}) },
        body: JSON.stringify({ status: 'snoozed', note: 'on leave until Monday', until: '2026-12-01T09:00:00Z' }),
      });
    // Cookie-borne POSTs need our own Origin (CSRF).
    expect((await post('http://evil.example')).status).toBe(403);
    expect((await post(undefined)).status).toBe(403);
    const ok = await post(h.url);
    expect(ok.status).toBe(200);
    const stored = JSON.parse((await h.deps.redis.get(redisKeys.signalStatus(signalId())))!);
    expect(stored).toMatchObject({ status: 'snoozed', by: 'sam', unitId: u.unitId });
    const log = (await (await get(`/api/units/${u.unitId}/capacity-log`, lead)).json()) as { entries: unknown[] };
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({ signalId: signalId(), status: 'snoozed', note: 'on leave until Monday' });
    await h.deps.nats.flush();
    await new Promise((r) => setTimeout(r, 50));
    sub.unsubscribe();
    expect(commands).toHaveLength(1);
    expect(SignalStatusCommand.parse(commands[0])).toMatchObject({ signalId: signalId(), status: 'snoozed' });
    expect(await auditOf((e) => e.action === 'signal.status' && e.what.signalId === signalId())).toHaveLength(1);
    const signal = (await (await get(`/api/signals/${signalId()}`, lead)).json()) as {
      statusRecord?: { status: string };
    };
    expect(signal.statusRecord?.status).toBe('snoozed');
  });

  it('assigns a pool case by posting caseload.case.assigned to ingest, audited', async () => {
    const sup = await h.token({ role: 'supervisor', units: [u.unitId], id: 'sam-token' });
    const caseId = `${u.unitId}-P1`;
    const res = await fetch(`${h.url}/api/pool/${caseId}/assign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sup}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workerId: u.workers[1]!.workerId }),
    });
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    const post = ingest.posts.find((p) => p.event.id === eventId)!;
    expect(post.authorization).toBe('Bearer test-key-all-sites-0001');
    expect(post.event).toMatchObject({
      type: 'caseload.case.assigned',
      data: { caseId, unitId: u.unitId, workerId: u.workers[1]!.workerId },
    });
    expect(await auditOf((e) => e.action === 'case.assign' && e.what.eventId === eventId)).toHaveLength(1);
    const missing = await fetch(`${h.url}/api/pool/not-in-pool/assign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sup}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workerId: u.workers[1]!.workerId }),
    });
    expect(missing.status).toBe(404);
  });

  it('serves health, readiness, metrics and strict security headers', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${h.url}/readyz`)).json()).toEqual({ ok: true, redis: true, nats: true });
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toContain('wallboard_http_requests_total');
    const me = await get('/api/me', lead);
    const csp = me.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(me.headers.get('x-content-type-options')).toBe('nosniff');
    expect(me.headers.get('x-powered-by')).toBeNull();
    expect((await fetch(`${h.url}/api/nothing-here`, { headers: { authorization: `Bearer ${lead}` } })).status).toBe(
      404,
    );
  });
});
