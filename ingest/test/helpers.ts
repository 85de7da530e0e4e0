import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { pino } from 'pino';
import { EVENTS_STREAM, makeKeyring, type EventType, type StoredEvent } from '@caseload/shared';
import { startNats, TEST_API_KEY, TEST_NOTE_KEY, TEST_SITE_KEY, type OwnedServer } from '@caseload/shared/testing';
import { loadIngestConfig } from '../src/config.ts';
import { startIngest, type RunningIngest } from '../src/start.ts';

/**
 * Ingest end-to-end tests each run their own nats-server: the events stream and the placement
 * bucket have fixed names (CONTRACT), so sharing the global server would mix test files' events.
 */
export const ring = makeKeyring(TEST_NOTE_KEY);
export const SITE_KEY_SITE = 'north';
export const PARTITIONS = 4;

export interface Stack {
  nats: OwnedServer;
  ingest: RunningIngest;
  /** A plain NATS client for reading the stream back. */
  reader: NatsConnection;
  jsm: JetStreamManager;
  post(body: unknown, opts?: PostOptions): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  /** Every message of the events stream, in order. */
  stored(): Promise<{ subject: string; msgId: string | undefined; bytes: Uint8Array; event: StoredEvent }[]>;
  startAnotherIngest(): Promise<RunningIngest>;
  close(): Promise<void>;
}

export interface PostOptions {
  contentType?: string;
  key?: string | null;
  query?: string;
  headers?: Record<string, string>;
  /** Send these bytes as they are instead of JSON.stringify(body). */
  raw?: string | Buffer;
  url?: string;
}

export function ingestEnv(natsUrl: string, extra: Record<string, string> = {}) {
  return loadIngestConfig({
    NATS_URL: natsUrl,
    INGEST_PORT: '0',
    INGEST_HOST: '127.0.0.1',
    INGEST_API_KEYS: `${TEST_API_KEY},${TEST_SITE_KEY}=${SITE_KEY_SITE}`,
    NOTE_ENCRYPTION_KEY: TEST_NOTE_KEY,
    PARTITIONS: String(PARTITIONS),
    LOG_LEVEL: 'silent',
    ...extra,
  });
}

export async function startStack(
  opts: {
    env?: Record<string, string>;
    nats?: OwnedServer;
    reconnectTimeWait?: number;
    /** Collects every log line (at debug level) instead of discarding them. */
    logs?: string[];
  } = {},
): Promise<Stack> {
  const nats = opts.nats ?? (await startNats());
  const config = ingestEnv(nats.url, opts.env);
  const start = () =>
    startIngest(config, {
      logger: opts.logs
        ? pino({ level: 'debug' }, { write: (line: string) => void opts.logs!.push(line) })
        : pino({ level: 'silent' }),
      nats: opts.reconnectTimeWait ? { reconnectTimeWait: opts.reconnectTimeWait } : {},
      shutdownGraceMs: 2000,
    });
  const ingest = await start();
  const others: RunningIngest[] = [];
  const reader = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  const jsm = await jetstreamManager(reader, { timeout: 15_000 }); // generous: shared CI machines get busy
  // Right after NATS restarts, a request sent while this reader was reconnecting can be lost and
  // time out (seen once on CI): ask again once the connection answers a ping.
  const streamInfo = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await jsm.streams.info(EVENTS_STREAM);
      } catch (err) {
        if (attempt >= 3) throw err;
        await reader.flush();
      }
    }
  };
  const post: Stack['post'] = async (body, o = {}) => {
    const headers: Record<string, string> = {
      'content-type':
        o.contentType ?? (Array.isArray(body) ? 'application/cloudevents-batch+json' : 'application/cloudevents+json'),
      ...o.headers,
    };
    const key = o.key === undefined ? TEST_API_KEY : o.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const r = await fetch(`${o.url ?? ingest.url}/v1/events${o.query ?? ''}`, {
      method: 'POST',
      headers,
      body: o.raw ?? JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: r.headers };
  };
  const stored: Stack['stored'] = async () => {
    const info = await streamInfo();
    const out = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(EVENTS_STREAM, { seq });
      if (!m) continue;
      out.push({
        subject: m.subject,
        msgId: m.header?.get('Nats-Msg-Id'),
        bytes: m.data,
        event: m.json<StoredEvent>(),
      });
    }
    return out;
  };
  return {
    nats,
    ingest,
    reader,
    jsm,
    post,
    stored,
    async startAnotherIngest() {
      const i = await start();
      others.push(i);
      return i;
    },
    async close() {
      await Promise.all([ingest, ...others].map((i) => i.close()));
      await reader.close();
      if (!opts.nats) await nats.destroy();
    },
  };
}

/** A valid CloudEvent of the given type, with a fresh id and time "now". */
let counter = 0;
export function event(type: EventType, data: Record<string, unknown>, over: Record<string, unknown> = {}) {
  counter += 1;
  return {
    specversion: '1.0',
    id: `evt-${process.pid}-${counter}`,
    source: '/sites/north/cms',
    type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data,
    ...over,
  };
}

export const NOTE_TEXT =
  'Home visit with mother and two children.\n\nMother reports the landlord served an eviction notice; worried about becoming homeless.\n\nNext visit in seven days.';

export function note(unitId = 'U1', text = NOTE_TEXT, over: Record<string, unknown> = {}) {
  counter += 1;
  return event('caseload.note.submitted', { noteId: `n${counter}`, caseId: 'C1', unitId, workerId: 'W1', text }, over);
}

export function unit(unitId: string, siteId: string) {
  return event('caseload.unit.upserted', { unitId, siteId, name: `Unit ${unitId}` });
}

export function contact(unitId = 'U1') {
  counter += 1;
  return event('caseload.contact.logged', {
    contactId: `k${counter}`,
    caseId: 'C1',
    unitId,
    workerId: 'W1',
    mode: 'home_visit',
    outcome: 'completed',
  });
}
