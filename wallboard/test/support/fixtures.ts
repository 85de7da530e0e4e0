import { randomBytes } from 'node:crypto';
import {
  makeKeyring,
  PROGRESS_SUBJECT,
  redisKeys,
  sealText,
  viewSubjects,
  type NoteRecord,
  type PoolRecord,
  type ProgressMessage,
  type SignalRecord,
  type SitesView,
  type SiteView,
  type UnitView,
  type ViewMessage,
  type WorkerDetail,
} from '@caseload/shared';
import { TEST_NOTE_KEY } from '@caseload/shared/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from '../../src/lib/server/redis.ts';

/**
 * Fixture views and records shaped as the processor writes them, and the means to put them where it
 * would: Redis keys of `redisKeys`, NATS `views.*` subjects and PROGRESS_SUBJECT. Ids get a random
 * suffix so test files sharing one Redis and NATS never collide.
 */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export const testKeyring = makeKeyring(TEST_NOTE_KEY);

export interface UnitFixture {
  unitId: string;
  siteId: string;
  workers: { workerId: string; name: string; displayName: string }[];
}

export function unitFixture(opts: { unitId?: string; siteId?: string; workers?: number } = {}): UnitFixture {
  const unitId = opts.unitId ?? uniqueId('U');
  const names = ['Alex Morgan', 'Bea Lindqvist', 'Chidi Okafor', 'Dana Whitfield', 'Eli Navarro', 'Fern Osei'];
  return {
    unitId,
    siteId: opts.siteId ?? uniqueId('S'),
    workers: names.slice(0, opts.workers ?? 3).map((name, i) => ({
      workerId: `${unitId}-W${i + 1}`,
      name,
      displayName: name.split(' ')[0]!,
    })),
  };
}

export function unitView(
  u: UnitFixture,
  opts: { seq?: number; wallShowsNames?: boolean; name?: string } = {},
): UnitView {
  const seq = opts.seq ?? 1;
  const asOf = new Date().toISOString();
  const [w1, w2] = u.workers;
  return {
    unitId: u.unitId,
    siteId: u.siteId,
    name: opts.name ?? `Unit ${u.unitId}`,
    asOf,
    seq,
    windowDays: 28,
    wallShowsNames: opts.wallShowsNames ?? false,
    workers: u.workers.map((w, i) => ({
      workerId: w.workerId,
      name: w.name,
      displayName: w.displayName,
      absent: false,
      openCases: 10 + i,
      weightedLoad: 20 + i * 3,
      capacity: 25,
      notesInWindow: 30 + i,
      contactsInWindow: 28 + i,
      riskFlagsInWindow: 4 + i,
      overdueCount: i,
    })),
    signals: [
      {
        signalId: `drift-${w1!.workerId}-risk`,
        kind: 'drift',
        test: 'funnel',
        workerId: w1!.workerId,
        dimension: 'risk_flags',
        value: 0.3,
        panelValue: 0.12,
        relDiff: 1.5,
        severity: 'alert',
        status: 'open',
        since: asOf,
        explanation: `${w1!.name} flags risk in 30% of notes against 12% expected for the case mix.`,
        evidenceCount: 1,
        evidence: [{ noteId: `${u.unitId}-N1`, caseId: `${u.unitId}-C1`, paragraph: 1, start: 0, end: 10 }],
      },
    ],
    overdue: [{ kind: 'contact', workerId: w2!.workerId, caseId: `${u.unitId}-C2`, dueAt: asOf, daysOverdue: 3 }],
    overdueTotals: { contact: 1, note: 0, supervision: 0, worker_silent: 0 },
    pool: { unassigned: 1, oldestWaitDays: 2 },
    funnel: {
      dimension: 'risk_flags',
      panelRate: 0.12,
      points: u.workers.map((w, i) => ({
        workerId: w.workerId,
        displayName: w.displayName,
        volume: 30 + i,
        observed: i === 0 ? 9 : 3,
        expected: 3.6,
        rate: i === 0 ? 0.3 : 0.1,
        flagged: i === 0,
      })),
    },
  };
}

export function siteView(siteId: string, units: UnitFixture[], seq = 1): SiteView {
  return {
    siteId,
    name: `Site ${siteId}`,
    asOf: new Date().toISOString(),
    seq,
    units: units.map((u) => ({
      unitId: u.unitId,
      name: `Unit ${u.unitId}`,
      workers: u.workers.length,
      openCases: 30,
      weightedLoad: 66,
      capacity: 75,
      signals: { drift: 1, cluster: 0, tripwire: 0 },
      overdue: 1,
    })),
  };
}

export function sitesView(siteIds: string[], seq = 1): SitesView {
  return {
    asOf: new Date().toISOString(),
    seq,
    sites: siteIds.map((siteId) => ({
      siteId,
      name: `Site ${siteId}`,
      units: 1,
      workers: 3,
      openCases: 30,
      weightedLoad: 66,
      capacity: 75,
      signals: { drift: 1, cluster: 0, tripwire: 0 },
      overdue: 1,
      eventsPerMinute: 12,
      weekAgo: { weightedLoad: 60, signals: 0, overdue: 2, eventsPerMinute: 10 },
    })),
  };
}

export function viewMessage(view: UnitView | SiteView | SitesView): ViewMessage {
  const scope = 'unitId' in view ? 'unit' : 'siteId' in view ? 'site' : 'sites';
  const id = 'unitId' in view ? view.unitId : 'siteId' in view ? view.siteId : undefined;
  return {
    scope,
    ...(id ? { id } : {}),
    seq: view.seq,
    asOf: view.asOf,
    generatedAt: new Date().toISOString(),
    view,
  };
}

/** A note of three paragraphs, sealed as ingest seals it, with a finding in the second paragraph. */
export const NOTE_TEXT = [
  'Home visit with the family at 10:00. Mother and both children present.',
  'Mother disclosed that her partner hit her last week in front of the children.',
  'Safety plan reviewed; follow-up visit booked for Friday.',
].join('\n\n');

export function noteRecord(u: UnitFixture, noteId: string, text = NOTE_TEXT): NoteRecord {
  const p1 = text.indexOf('\n\n') + 2;
  const start = text.indexOf('partner hit her');
  return {
    noteId,
    caseId: `${u.unitId}-C1`,
    unitId: u.unitId,
    workerId: u.workers[0]!.workerId,
    siteId: u.siteId,
    time: new Date().toISOString(),
    sealedText: sealText(text, testKeyring),
    dictionaryVersion: 'test-1',
    findings: [
      {
        code: 'domestic_violence',
        kind: 'risk',
        paragraph: 1,
        start: start >= p1 ? start : p1,
        end: (start >= p1 ? start : p1) + 'partner hit her'.length,
        current: true,
        context: { negated: false, hypothetical: false, historical: false, experiencer: 'client' },
        source: 'builtin',
      },
    ],
    status: 'current',
  };
}

export function signalRecord(u: UnitFixture, note: NoteRecord): SignalRecord {
  const f = note.findings[0]!;
  return {
    signalId: `drift-${u.workers[0]!.workerId}-risk`,
    unitId: u.unitId,
    siteId: u.siteId,
    kind: 'drift',
    test: 'funnel',
    workerId: u.workers[0]!.workerId,
    dimension: 'risk_flags',
    value: 0.3,
    panelValue: 0.12,
    relDiff: 1.5,
    severity: 'alert',
    status: 'open',
    since: new Date().toISOString(),
    explanation: 'Flags risk in 30% of notes against 12% expected.',
    evidenceCount: 1,
    evidence: [
      { noteId: note.noteId, caseId: note.caseId, paragraph: f.paragraph, start: f.start, end: f.end, code: f.code },
    ],
  };
}

export function workerDetail(u: UnitFixture, index = 0): WorkerDetail {
  const w = u.workers[index]!;
  return {
    workerId: w.workerId,
    unitId: u.unitId,
    siteId: u.siteId,
    name: w.name,
    displayName: w.displayName,
    capacity: 25,
    weightedLoad: 20,
    absent: false,
    asOf: new Date().toISOString(),
    cases: [
      {
        caseId: `${u.unitId}-C1`,
        clientId: `${u.unitId}-CL1`,
        track: 'child_welfare',
        complexity: 2.5,
        complexityFactors: ['domestic_violence'],
        riskFlagsInWindow: 2,
        notesInWindow: 6,
        riskDensity: 0.33,
        lastContactAt: new Date().toISOString(),
        daysSinceContact: 1,
        overdue: false,
      },
    ],
    sparklines: { weightedLoad: [18, 19, 20] },
  };
}

export function poolRecord(u: UnitFixture, caseId: string): PoolRecord {
  return {
    unitId: u.unitId,
    asOf: new Date().toISOString(),
    cases: [
      {
        caseId,
        clientId: `${caseId}-CL`,
        track: 'housing',
        complexity: 1.5,
        openedAt: new Date().toISOString(),
        waitDays: 2,
        recommendedWorkerId: u.workers[1]!.workerId,
        recommendedReason: 'lowest weighted load with the housing track',
      },
    ],
  };
}

/** Writes the records and views the processor would, so the wallboard finds them. */
export class ProcessorFixtures {
  constructor(
    private readonly redis: Redis,
    private readonly nats: NatsConnection,
  ) {}

  /** The latest view in Redis, as the processor stores it before publishing. */
  async storeView(msg: ViewMessage): Promise<void> {
    await this.redis
      .multi()
      .set(redisKeys.view(msg.scope, msg.id), JSON.stringify(msg))
      .set(redisKeys.viewSeq(msg.scope, msg.id), String(msg.seq))
      .exec();
  }

  /** Publishes a view on its NATS subject, as the processor does after a change. */
  async publishView(msg: ViewMessage): Promise<void> {
    const subject =
      msg.scope === 'unit'
        ? viewSubjects.unit(msg.id!)
        : msg.scope === 'site'
          ? viewSubjects.site(msg.id!)
          : viewSubjects.sites();
    this.nats.publish(subject, JSON.stringify(msg));
    await this.nats.flush();
  }

  /** Stores then publishes: what a processor's change looks like from outside. */
  async putView(msg: ViewMessage): Promise<void> {
    await this.storeView(msg);
    await this.publishView(msg);
  }

  async publishProgress(p: Partial<ProgressMessage> = {}): Promise<void> {
    const msg: ProgressMessage = {
      instanceId: 'test-processor',
      asOf: new Date().toISOString(),
      lagMs: 120,
      partitions: [0],
      at: new Date().toISOString(),
      ...p,
    };
    this.nats.publish(PROGRESS_SUBJECT, JSON.stringify(msg));
    await this.nats.flush();
  }

  async putNote(note: NoteRecord): Promise<void> {
    await this.redis.set(redisKeys.note(note.noteId), JSON.stringify(note));
  }

  async putSignal(signal: SignalRecord): Promise<void> {
    await this.redis
      .multi()
      .set(redisKeys.signal(signal.signalId), JSON.stringify(signal))
      .zAdd(redisKeys.unitSignals(signal.unitId), { score: Date.now(), value: signal.signalId })
      .exec();
  }

  async putWorker(worker: WorkerDetail): Promise<void> {
    await this.redis.set(redisKeys.worker(worker.workerId), JSON.stringify(worker));
  }

  async putPool(pool: PoolRecord): Promise<void> {
    await this.redis.set(redisKeys.pool(pool.unitId), JSON.stringify(pool));
  }
}
