import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import {
  makeKeyring,
  redisKeys,
  sealEvent,
  UnitView,
  type CaseloadEvent,
  type EventData,
  type EventType,
} from '@caseload/shared';
import { startNats, startRedis, TEST_NOTE_KEY, type OwnedServer } from '@caseload/shared/testing';
import { ensureEventsStream, routesOf } from '@caseload/shared';
import pino from 'pino';
import type { ProcessorConfig } from '../src/index.ts';
import { connectRedis, type RedisClient } from '../src/sinks/redis.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const keyring = makeKeyring(TEST_NOTE_KEY);

/** A private NATS and Redis per test file (the events stream and lease bucket have fixed names). */
export interface Stack {
  nats: OwnedServer;
  redisServer: OwnedServer;
  nc: NatsConnection;
  js: JetStreamClient;
  redis: RedisClient;
  destroy(): Promise<void>;
}

export async function startStack(partitions: number): Promise<Stack> {
  const [nats, redisServer] = await Promise.all([startNats(), startRedis()]);
  const nc = await connect({ servers: nats.url, noAsyncTraces: true });
  await ensureEventsStream(await jetstreamManager(nc), { partitions, dedupWindowSeconds: 600 });
  const redis = await connectRedis(redisServer.url);
  return {
    nats,
    redisServer,
    nc,
    js: jetstream(nc),
    redis,
    async destroy() {
      await redis.quit().catch(() => undefined);
      await nc.close().catch(() => undefined);
      await Promise.all([nats.destroy(), redisServer.destroy()]);
    },
  };
}

/**
 * An in-process processor on the stack, on the event clock and with every pace shortened so views
 * follow events within a test's patience; `overrides` for what a test needs otherwise.
 */
export function inProcessConfig(
  stack: Stack,
  partitions: number,
  overrides: Partial<ProcessorConfig> = {},
): ProcessorConfig {
  return {
    natsUrl: stack.nats.url,
    redisUrl: stack.redisServer.url,
    clock: 'event',
    partitions,
    noteKey: TEST_NOTE_KEY,
    logger: pino({ level: 'silent' }),
    leaseTtlMs: 3000,
    unitRebuildMs: 100,
    analyticsMs: 100,
    workerDetailMs: 100,
    ...overrides,
  };
}

let counter = 0;

/** A contract event with a fresh id at `time` (ISO). */
export function ev<T extends EventType>(type: T, data: EventData<T>, time: string, id?: string): CaseloadEvent {
  return {
    specversion: '1.0',
    id: id ?? `e${++counter}-${Math.random().toString(36).slice(2, 8)}`,
    source: '/test',
    type,
    time,
    data,
  } as CaseloadEvent;
}

/** Where each copy landed: its partition and stream sequence. */
export interface Landed {
  partition: number;
  seq: number;
}

/** Publishes events as ingest would (sealed text, partition subjects, msg ids), awaiting every ack. */
export async function publish(
  js: JetStreamClient,
  events: CaseloadEvent[],
  partitions: number,
  inFlight = 500,
): Promise<Landed[]> {
  const pending: Promise<Landed>[] = [];
  const landed: Landed[] = [];
  const receivedAt = new Date().toISOString();
  for (const e of events) {
    const stored = sealEvent(e, keyring, receivedAt);
    const body = JSON.stringify(stored);
    for (const r of routesOf(e, partitions)) {
      const h = headers();
      h.set('Nats-Msg-Id', r.msgId);
      const partition = Number(/\.p(\d+)\./.exec(r.subject)![1]);
      pending.push(
        js.publish(r.subject, body, { headers: h, timeout: 30_000 }).then((ack) => ({ partition, seq: ack.seq })),
      );
      if (pending.length >= inFlight) landed.push(...(await Promise.all(pending.splice(0))));
    }
  }
  landed.push(...(await Promise.all(pending)));
  return landed;
}

/** How many of the landed messages the partitions' checkpoints cover. */
export async function checkpointed(redis: RedisClient, landed: Landed[], partitions: number): Promise<number> {
  const seqs = await Promise.all(
    Array.from({ length: partitions }, async (_, k) => Number((await redis.hGet(`ckpt:p${k}:meta`, 'seq')) ?? 0)),
  );
  return landed.filter((l) => l.seq <= seqs[l.partition]!).length;
}

export async function unitView(redis: RedisClient, unitId: string): Promise<UnitView | undefined> {
  const raw = await redis.get(redisKeys.view('unit', unitId));
  if (!raw) return undefined;
  return UnitView.parse((JSON.parse(raw) as { view: unknown }).view);
}

export { waitFor } from '@caseload/shared/testing';

/** The processor as a child process (`node --import tsx stream/src/main.ts`), for kill -9 tests. */
export function spawnProcessor(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'stream/src/main.ts'], {
    cwd: ROOT,
    // A 10 s lease keeps take-over waits short; port 0: several instances run side by side.
    env: { ...process.env, LOG_LEVEL: 'warn', LEASE_TTL_MS: '10000', STREAM_METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', () => undefined);
  return child;
}

export async function killed(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Roster of one site with `units` units of `workers` workers each, plus one open case per worker. */
export function roster(
  time: string,
  units: number,
  workers: number,
  prefix = 'U',
): { events: CaseloadEvent[]; workerIds: Map<string, string[]> } {
  const events: CaseloadEvent[] = [
    ev('caseload.site.upserted', { siteId: 'S1', name: 'North', timezone: 'UTC' }, time),
  ];
  const workerIds = new Map<string, string[]>();
  for (let u = 0; u < units; u++) {
    const unitId = `${prefix}${u}`;
    events.push(ev('caseload.unit.upserted', { unitId, siteId: 'S1', name: `Unit ${u}`, wallShowsNames: false }, time));
    const ids: string[] = [];
    for (let w = 0; w < workers; w++) {
      const workerId = `${unitId}-W${w}`;
      ids.push(workerId);
      events.push(
        ev(
          'caseload.worker.upserted',
          { workerId, unitId, name: `Worker ${w} of ${unitId}`, capacity: 20, tracks: ['housing'], active: true },
          time,
        ),
      );
      events.push(
        ev(
          'caseload.case.opened',
          {
            caseId: `${workerId}-C0`,
            clientId: `${workerId}-K0`,
            unitId,
            track: 'housing',
            complexityFactors: [],
            workerId,
          },
          time,
        ),
      );
    }
    workerIds.set(unitId, ids);
  }
  return { events, workerIds };
}

/** A small seeded PRNG (mulberry32), so a failing run can be repeated. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Truth {
  notes: Map<string, number>;
  contacts: Map<string, number>;
}

/**
 * `n` notes and contacts spread over the units' workers within `spanMs` before `endMs`; about 5%
 * repeat an earlier noteId/contactId under a new event id (they must count once). Returns the
 * events and the true count per worker.
 */
export function activity(
  workerIds: Map<string, string[]>,
  n: number,
  seed: number,
  endMs: number,
  spanMs: number,
  tag = 'x',
): { events: CaseloadEvent[]; truth: Truth } {
  const rnd = prng(seed);
  const all = [...workerIds].flatMap(([unitId, ids]) => ids.map((workerId) => ({ unitId, workerId })));
  const truth: Truth = { notes: new Map(), contacts: new Map() };
  const events: CaseloadEvent[] = [];
  const sent: CaseloadEvent[] = [];
  for (let i = 0; i < n; i++) {
    if (sent.length && rnd() < 0.05) {
      const again = sent[Math.floor(rnd() * sent.length)]!;
      events.push({ ...again, id: `${again.id}-again-${i}` } as CaseloadEvent);
      continue;
    }
    const { unitId, workerId } = all[Math.floor(rnd() * all.length)]!;
    const caseId = `${workerId}-C0`;
    const time = new Date(endMs - Math.floor(rnd() * spanMs)).toISOString();
    let e: CaseloadEvent;
    if (rnd() < 0.5) {
      e = ev(
        'caseload.note.submitted',
        { noteId: `${tag}N${i}`, caseId, unitId, workerId, text: `Home visit ${i}: talked about the plan.` },
        time,
      );
      truth.notes.set(workerId, (truth.notes.get(workerId) ?? 0) + 1);
    } else {
      e = ev(
        'caseload.contact.logged',
        { contactId: `${tag}K${i}`, caseId, unitId, workerId, mode: 'home_visit', outcome: 'completed' },
        time,
      );
      truth.contacts.set(workerId, (truth.contacts.get(workerId) ?? 0) + 1);
    }
    events.push(e);
    sent.push(e);
  }
  return { events, truth };
}

/** Per-worker differences between the unit views and the truth (empty when exactly right). */
export async function viewMismatches(
  redis: RedisClient,
  workerIds: Map<string, string[]>,
  truth: Truth,
): Promise<string[]> {
  const out: string[] = [];
  for (const [unitId, ids] of workerIds) {
    const v = await unitView(redis, unitId);
    for (const workerId of ids) {
      const w = v?.workers.find((x) => x.workerId === workerId);
      const notes = truth.notes.get(workerId) ?? 0;
      const contacts = truth.contacts.get(workerId) ?? 0;
      if (w?.notesInWindow !== notes || w.contactsInWindow !== contacts)
        out.push(`${workerId}: notes ${w?.notesInWindow}/${notes}, contacts ${w?.contactsInWindow}/${contacts}`);
    }
  }
  return out;
}
