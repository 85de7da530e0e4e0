import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { EVENTS_STREAM, routesOf, type CaseloadEvent } from '@caseload/shared';
import { startNats, type OwnedServer } from '@caseload/shared/testing';
import { TEXT_MARK } from './support/event-arbitraries.ts';
import { materialize, requestPlanArb, type HostileRequest } from './support/ingest-requests.ts';
import { spawnIngest, type IngestProcess } from './support/ingest-process.ts';
import { makeClient, pool, rssMb, Tally } from './support/tally.ts';

/**
 * Fuzz run against a real ingest process with a real NATS: thousands of generated hostile requests
 * on keep-alive connections, 16 at a time. Every answer must be the one its mutation calls for
 * (never a 5xx), the process must stay up with bounded memory, and the stream must hold exactly the
 * events of the 202 answers — nothing of a refused request.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const GENERATED = 4_990;
const OVERSIZE = 5;
const BATCH_TOO_LARGE = 5;
const PARTITIONS = 4;

describe('hostile input: ingest POST /v1/events', () => {
  let nats: OwnedServer;
  let ingest: IngestProcess;
  let reader: NatsConnection;
  let jsm: JetStreamManager;
  let client: ReturnType<typeof makeClient>;

  beforeAll(async () => {
    nats = await startNats();
    ingest = await spawnIngest(nats.url, { PARTITIONS: String(PARTITIONS) });
    reader = await connect({ servers: nats.url });
    jsm = await jetstreamManager(reader, { timeout: 15_000 });
    client = makeClient(ingest.url);
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await reader?.close();
    await ingest?.stop();
    await nats?.destroy();
  }, 60_000);

  const streamCount = async () => (await jsm.streams.info(EVENTS_STREAM)).state.messages;

  it('answers every generated request as its mutation calls for, never 5xx, stores nothing refused', async () => {
    const plans = fc.sample(requestPlanArb, { numRuns: GENERATED, seed: SEED });
    const requests: HostileRequest[] = plans.map((p, i) => materialize(p, i));
    // The big ones spread through the run, not bunched at its end.
    for (let i = 0; i < OVERSIZE + BATCH_TOO_LARGE; i++) {
      const kind = i < OVERSIZE ? 'oversize_body' : 'batch_too_large';
      requests.splice(i * 450 + 7, 0, materialize(plans[i]!, GENERATED + i, kind));
    }

    // Warm up (JIT, first connections) before the "before" memory figure.
    for (let i = 0; i < 20; i++) await send(materialize(plans[i]!, 1_000_000 + i));
    const rssBefore = await rssMb(ingest.pid);
    const countBefore = await streamCount();

    const tally = new Tally();
    const failures: string[] = [];
    const acceptedIds = new Set<string>();
    const refusedIds = new Set<string>();
    const byId = new Map<string, CaseloadEvent>();
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      void rssMb(ingest.pid).then(
        (mb) => (peakRss = Math.max(peakRss, mb)),
        () => undefined,
      );
    }, 200);
    const started = Date.now();

    // Two rounds: memory that keeps growing from the first to the second would be a leak.
    const half = Math.floor(requests.length / 2);
    const rounds = [requests.slice(0, half), requests.slice(half)];
    const rssAfterRound: number[] = [];
    for (const [r, round] of rounds.entries()) {
      await pool(round, 16, (req, i) => check(req, r * half + i));
      rssAfterRound.push(await rssMb(ingest.pid));
    }
    async function check(req: HostileRequest, i: number) {
      const { status, text } = await send(req);
      tally.add(req.label, status);
      for (const e of req.events) byId.set(e.id, e as unknown as CaseloadEvent);
      const fail = (why: string) =>
        failures.length < 40 && failures.push(`#${i} ${req.label}: ${status} ${why} ${text.slice(0, 200)}`);
      if (typeof status !== 'number' || status >= 500) return void fail('server error or no answer');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return void fail('answer is not JSON');
      }
      if (text.includes(TEXT_MARK)) fail('the answer quotes note text');
      if (status === 202) {
        if (req.expect === 'reject') fail('accepted a request that must be refused');
        if (body.duplicates !== 0) fail('unexpected duplicates');
        const ids = body.ids as string[];
        for (const id of ids) acceptedIds.add(id);
        for (const e of req.events) if (!ids.includes(e.id)) refusedIds.add(e.id);
        if (req.mustReject !== undefined && ((body.rejected as unknown[]) ?? []).length < req.mustReject)
          fail(`partial mode refused fewer than ${req.mustReject}`);
      } else {
        for (const e of req.events) refusedIds.add(e.id);
        if (status < 400) fail('neither 202 nor 4xx');
        else if (req.expect === 'accept') fail('refused a valid request');
        else if (req.statuses && !req.statuses.includes(status)) fail(`expected ${req.statuses.join('/')}`);
        if (typeof body.error !== 'string' || typeof body.message !== 'string') fail('4xx without {error, message}');
      }
    }
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;

    // What the stream must hold: every copy of every accepted event (roster types go to all partitions).
    const unknownAccepted = [...acceptedIds].filter((id) => !byId.has(id));
    const expectedMessages = [...acceptedIds].reduce((n, id) => {
      const e = byId.get(id);
      return e ? n + routesOf(e, PARTITIONS).length : n;
    }, 0);
    const countAfter = await streamCount();
    const storedRefused = await storedIdsAmong(jsm, refusedIds);
    const health = await fetch(`${ingest.url}/healthz`);
    await new Promise((r) => setTimeout(r, 1000)); // let buffers of the last requests go
    const rssAfter = await rssMb(ingest.pid);
    const errorLines = ingest.output
      .join('')
      .split('\n')
      .filter((l) => /"level":(50|60)/.test(l));

    console.log(
      [
        tally.table(
          `hostile input → ingest (seed ${SEED}, ${requests.length + 20} requests, 16 concurrent, ${seconds.toFixed(1)} s)`,
        ),
        `5xx: ${tally.count((s) => s >= '500' && s < '600')}, no answer: ${tally.count((s) => !/^\d+$/.test(s))}, ` +
          `resent after a keep-alive reset: ${client.retries()}, ` +
          `ingest alive: ${ingest.alive()}, RSS before ${rssBefore} MB, after each half ${rssAfterRound.join(' / ')} MB, ` +
          `peak ${peakRss} MB, after ${rssAfter} MB`,
        `stream: ${countAfter - countBefore} messages added, ${expectedMessages} expected from ${acceptedIds.size} accepted events; ` +
          `${refusedIds.size} refused events, ${storedRefused.length} of them stored`,
      ].join('\n'),
    );

    expect(failures).toEqual([]);
    expect(unknownAccepted).toEqual([]);
    expect(tally.count()).toBe(requests.length);
    expect(tally.count((s) => s === '202')).toBeGreaterThan(500); // the valid controls did get through
    expect(tally.count((s) => s.startsWith('4'))).toBeGreaterThan(3000);
    expect(ingest.alive()).toBe(true);
    expect(health.status).toBe(200);
    expect(errorLines).toEqual([]);
    expect(countAfter - countBefore).toBe(expectedMessages);
    expect(storedRefused).toEqual([]);
    // Bounded: 10 MB bodies, 16 requests at a time, stay well under a 512 MB ceiling.
    expect(peakRss).toBeLessThan(512);
  }, 180_000);

  async function send(req: HostileRequest) {
    return client.send('POST', `/v1/events${req.query}`, req.headers, req.body());
  }
});

/** Ids of stored events that are in `refused` (they must never be there). */
async function storedIdsAmong(jsm: JetStreamManager, refused: Set<string>): Promise<string[]> {
  const info = await jsm.streams.info(EVENTS_STREAM);
  const out: string[] = [];
  for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(EVENTS_STREAM, { seq }).catch(() => null);
    if (!m) continue;
    const id = m.json<{ id: string }>().id;
    if (refused.has(id)) out.push(id);
  }
  return out;
}
