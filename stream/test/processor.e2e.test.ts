import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTROL_SIGNAL_STATUS_SUBJECT,
  redisKeys,
  SiteView,
  SitesView,
  UnitView,
  viewSubjects,
  ViewMessage,
  NoteRecord,
} from '@caseload/shared';
import { startProcessor, type Processor, type ProcessorConfig } from '../src/index.ts';
import { ev, inProcessConfig, publish, roster, startStack, unitView, waitFor, type Stack } from './helpers.ts';

const P = 4;
const DAY = 86_400_000;
const now = Date.parse('2026-11-20T12:00:00Z');
const at = (msAgo: number) => new Date(now - msAgo).toISOString();

describe('processor end to end (in-process, real NATS + Redis)', () => {
  let stack: Stack;
  let proc: Processor | undefined;
  let cfg: ProcessorConfig;

  beforeAll(async () => {
    stack = await startStack(P);
    cfg = inProcessConfig(stack, P);
  });

  afterAll(async () => {
    await proc?.stop();
    await stack?.destroy();
  });

  it('builds unit, site and sites views; idempotent notes, amend, retract, transfer; seq grows across a restart', async () => {
    const { events } = roster(at(5 * DAY), 2, 2, 'A');
    const note = (
      noteId: string,
      unitId: string,
      workerId: string,
      caseId: string,
      t: string,
      text = 'Visited the home.',
    ) => ev('caseload.note.submitted', { noteId, caseId, unitId, workerId, text }, t);
    events.push(
      note('N1', 'A0', 'A0-W0', 'A0-W0-C0', at(2 * DAY)),
      // the same noteId again under another event id: applied once
      note('N1', 'A0', 'A0-W0', 'A0-W0-C0', at(2 * DAY)),
      note('N2', 'A0', 'A0-W0', 'A0-W0-C0', at(1 * DAY)),
      note('N3', 'A0', 'A0-W1', 'A0-W1-C0', at(1 * DAY)),
      ev('caseload.note.retracted', { noteId: 'N3', caseId: 'A0-W1-C0', unitId: 'A0', workerId: 'A0-W1' }, at(DAY / 2)),
      ev(
        'caseload.note.amended',
        { noteId: 'N2', caseId: 'A0-W0-C0', unitId: 'A0', workerId: 'A0-W0', text: 'Amended text.' },
        at(DAY / 2),
      ),
      // a late offline note from 20 days ago: outside the 7-day window
      note('N4', 'A0', 'A0-W1', 'A0-W1-C0', at(20 * DAY)),
      ev(
        'caseload.contact.logged',
        { contactId: 'K1', caseId: 'A0-W1-C0', unitId: 'A0', workerId: 'A0-W1', mode: 'phone', outcome: 'completed' },
        at(DAY),
      ),
      ev(
        'caseload.contact.logged',
        { contactId: 'K1', caseId: 'A0-W1-C0', unitId: 'A0', workerId: 'A0-W1', mode: 'phone', outcome: 'completed' },
        at(DAY),
      ),
      ev(
        'caseload.case.opened',
        {
          caseId: 'T1',
          clientId: 'KT1',
          unitId: 'A0',
          track: 'housing',
          complexityFactors: ['court_involved'],
          workerId: 'A0-W0',
        },
        at(3 * DAY),
      ),
      ev(
        'caseload.case.opened',
        { caseId: 'P1', clientId: 'KP1', unitId: 'A1', track: 'housing', complexityFactors: [] },
        at(3 * DAY),
      ),
      ev(
        'caseload.contact.logged',
        { contactId: 'K2', caseId: 'A1-W0-C0', unitId: 'A1', workerId: 'A1-W0', mode: 'phone', outcome: 'completed' },
        at(0),
      ),
    );
    const sub = stack.nc.subscribe(viewSubjects.unit('A0'));
    const received: ViewMessage[] = [];
    void (async () => {
      for await (const m of sub) received.push(ViewMessage.parse(m.json()));
    })();
    await publish(stack.js, events, P);
    proc = await startProcessor(cfg);
    expect(proc.backend).toBe('core');
    expect(proc.owned()).toEqual([0, 1, 2, 3]);

    const a0 = await waitFor('unit A0 view', async () => {
      const v = await unitView(stack.redis, 'A0');
      const w1 = v?.workers.find((w) => w.workerId === 'A0-W1');
      return v && w1?.contactsInWindow === 1 && v.workers.find((w) => w.workerId === 'A0-W0')?.openCases === 2
        ? v
        : undefined;
    });
    const w0 = a0.workers.find((w) => w.workerId === 'A0-W0')!;
    const w1 = a0.workers.find((w) => w.workerId === 'A0-W1')!;
    expect(w0.notesInWindow).toBe(2); // N1 once, N2 (amended, still counted)
    expect(w1.notesInWindow).toBe(0); // N3 retracted, N4 outside the window
    expect(w1.contactsInWindow).toBe(1); // K1 once
    expect(w0.weightedLoad).toBe(1 + 1.75);
    expect(a0.windowDays).toBe(7);
    const a1 = await waitFor('unit A1 pool', async () => {
      const v = await unitView(stack.redis, 'A1');
      return v?.pool.unassigned === 1 ? v : undefined;
    });
    expect(a1.pool.oldestWaitDays).toBeCloseTo(3, 1);
    // Note records are written with the checkpoint that covers them.
    const noteRec = await waitFor('the retracted note record', async () => {
      const raw = await stack.redis.get(redisKeys.note('N3'));
      const rec = raw ? NoteRecord.parse(JSON.parse(raw)) : undefined;
      return rec?.status === 'retracted' ? rec : undefined;
    });
    expect(noteRec.status).toBe('retracted');
    expect(noteRec.sealedText.startsWith('enc:v1:')).toBe(true);

    // Published on NATS, seq growing.
    await waitFor('a published A0 view', async () => received.length > 0);
    const seqs = received.map((m) => m.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

    // Site and sites views from the roll-up.
    const site = await waitFor('site view', async () => {
      const raw = await stack.redis.get(redisKeys.view('site', 'S1'));
      const v = raw ? SiteView.parse((JSON.parse(raw) as ViewMessage).view) : undefined;
      return v && v.units.length === 2 && v.units.find((u) => u.unitId === 'A0')?.openCases === 3 ? v : undefined;
    });
    expect(site.units.map((u) => u.unitId)).toEqual(['A0', 'A1']);
    const sites = await waitFor('sites view', async () => {
      const raw = await stack.redis.get(redisKeys.view('sites'));
      const v = raw ? SitesView.parse((JSON.parse(raw) as ViewMessage).view) : undefined;
      return v?.sites[0]?.openCases === 5 ? v : undefined;
    });
    expect(sites.sites[0]!.workers).toBe(4);

    // Transfer T1 from A0 to A1 (which may live in another partition): its figures move.
    await publish(
      stack.js,
      [ev('caseload.case.assigned', { caseId: 'T1', unitId: 'A1', workerId: 'A1-W1', fromUnitId: 'A0' }, at(0))],
      P,
    );
    await waitFor('transfer applied', async () => {
      const [x, y] = await Promise.all([unitView(stack.redis, 'A0'), unitView(stack.redis, 'A1')]);
      const from = x?.workers.find((w) => w.workerId === 'A0-W0');
      const to = y?.workers.find((w) => w.workerId === 'A1-W1');
      return from?.openCases === 1 && from.weightedLoad === 1 && to?.openCases === 2 && to.weightedLoad === 2.75;
    });

    // Restart: seq keeps growing (every A1 view the new instance publishes is numbered after the old ones).
    const a1Seqs: number[] = [];
    const subA1 = stack.nc.subscribe(viewSubjects.unit('A1'), {
      callback: (_err, m) => {
        a1Seqs.push(ViewMessage.parse(m.json()).seq);
      },
    });
    await proc.stop();
    await stack.nc.flush();
    const before = Number(await stack.redis.get(redisKeys.viewSeq('unit', 'A1')));
    const oldCount = a1Seqs.length;
    proc = await startProcessor(cfg);
    await publish(
      stack.js,
      [
        ev(
          'caseload.contact.logged',
          {
            contactId: 'K3',
            caseId: 'A1-W1-C0',
            unitId: 'A1',
            workerId: 'A1-W1',
            mode: 'office',
            outcome: 'completed',
          },
          at(0),
        ),
      ],
      P,
    );
    const after = await waitFor('A1 after restart', async () => {
      const raw = await stack.redis.get(redisKeys.view('unit', 'A1'));
      const m = raw ? ViewMessage.parse(JSON.parse(raw)) : undefined;
      const w = m && UnitView.parse(m.view).workers.find((x) => x.workerId === 'A1-W1');
      return w?.contactsInWindow === 1 ? m : undefined;
    });
    expect(after.seq).toBeGreaterThan(before);
    await waitFor('the new instance to publish A1', async () => a1Seqs.length > oldCount);
    for (const seq of a1Seqs.slice(oldCount)) expect(seq).toBeGreaterThan(before);
    subA1.unsubscribe();
    // A supervisor acknowledges a tripwire: the unit's view is rebuilt with the status.
    await publish(
      stack.js,
      [
        ev('caseload.unit.upserted', { unitId: 'A9', siteId: 'S1', name: 'Busy', wallShowsNames: false }, at(0)),
        ev(
          'caseload.worker.upserted',
          { workerId: 'A9-W0', unitId: 'A9', name: 'Sam Busy', capacity: 1, active: true },
          at(0),
        ),
        ev(
          'caseload.case.opened',
          {
            caseId: 'B1',
            clientId: 'KB1',
            unitId: 'A9',
            track: 'housing',
            complexityFactors: ['court_involved'],
            workerId: 'A9-W0',
          },
          at(0),
        ),
      ],
      P,
    );
    const signalId = 'tripwire.A9.over_capacity';
    const tripped = await waitFor('over-capacity tripwire', async () =>
      (await unitView(stack.redis, 'A9'))?.signals.find((x) => x.signalId === signalId),
    );
    expect(tripped).toMatchObject({ kind: 'tripwire', test: 'rule', severity: 'alert', status: 'open' });
    expect(tripped.action).toBeTruthy();
    const status = {
      signalId,
      unitId: 'A9',
      status: 'acknowledged',
      note: 'rebalancing',
      by: 'sup1',
      at: new Date().toISOString(),
    };
    await stack.redis.set(redisKeys.signalStatus(signalId), JSON.stringify(status));
    stack.nc.publish(CONTROL_SIGNAL_STATUS_SUBJECT, JSON.stringify(status));
    await waitFor('acknowledged in the view', async () =>
      (await unitView(stack.redis, 'A9'))?.signals.find((x) => x.signalId === signalId && x.status === 'acknowledged'),
    );

    // State came back from the checkpoint, not from a replay that would count twice.
    const v = (await unitView(stack.redis, 'A1'))!;
    expect(v.workers.find((w) => w.workerId === 'A1-W0')?.contactsInWindow).toBe(1);
    expect(v.workers.find((w) => w.workerId === 'A1-W1')?.openCases).toBe(2);
    sub.unsubscribe();
  }, 60_000);
});
