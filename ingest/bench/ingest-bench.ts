/**
 * `npm run bench:ingest`: ingest throughput against a raw JetStream publish of the same payloads,
 * on its own nats-server, with both nats.js client settings (default, and noAsyncTraces).
 *
 *   raw        a plain client: js.publish() of the ~1.5 KB sealed events with msg ids, WINDOW acks
 *              in flight (the baseline the goal is stated against)
 *   raw-async  the same messages through ingest's AsyncAckPublisher, in groups of 100 with
 *              WINDOW/100 groups in flight (isolates what HTTP, validation and sealing cost)
 *   ingest     ingest in its own process; HTTP batches of 100 such events, CONCURRENCY requests
 *              in flight; every request answered only after all its JetStream acks
 *
 * Options: --events N (per run, default 30000) --runs R (median of R, default 3)
 *          --concurrency C (default 10) --window W (default 1000) --only default|noAsyncTraces
 *          --cpu-prof (profiles ingest into ingest/bench/profiles/)
 *          --ingest-only (skip both raw baselines: quicker A/B runs of ingest's own CPU per event)
 *          --node-flags "…" (V8 flags for the ingest process, e.g. "--max-semi-space-size=32")
 *          --workers N (INGEST_WORKERS: ingest as N cluster workers sharing the port; CPU is summed
 *          over the primary and its workers)
 *          --child PATH (another ingest child script, e.g. one importing a copy of an earlier ingest/src,
 *          to compare a change against its predecessor in the same run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { EVENTS_STREAM, eventSubject, partitionOf, sealEvent, makeKeyring, type CaseloadEvent } from '@caseload/shared';
import { startNats, TEST_API_KEY } from '@caseload/shared/testing';
import { ensureEventsStream, msgIdOf } from '@caseload/shared';
import { AsyncAckPublisher, type OutMsg } from '../src/publisher/async-acks.ts';
import { BENCH_NOTE_KEY, noteEvent } from './payloads.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const EVENTS = arg('events', 30_000);
const WORKERS = arg('workers', 1);
const RUNS = arg('runs', 3);
const CONCURRENCY = arg('concurrency', 10);
const WINDOW = arg('window', 1000);
const BATCH = 100;
const CPU_PROF = process.argv.includes('--cpu-prof');
const INGEST_ONLY = process.argv.includes('--ingest-only');
const flagsAt = process.argv.indexOf('--node-flags');
const childAt = process.argv.indexOf('--child');
const CHILD = childAt >= 0 ? process.argv[childAt + 1]! : join(here, 'ingest-child.ts');
const NODE_FLAGS = flagsAt >= 0 ? process.argv[flagsAt + 1]!.split(/\s+/).filter(Boolean) : [];
const onlyAt = process.argv.indexOf('--only');
const SETTINGS: Setting[] = onlyAt >= 0 ? [process.argv[onlyAt + 1] as Setting] : ['default', 'noAsyncTraces'];
const PARTITIONS = 16;

type Setting = 'default' | 'noAsyncTraces';

async function resetStream(jsm: JetStreamManager): Promise<void> {
  await jsm.streams.delete(EVENTS_STREAM).catch(() => undefined);
}

/** The bytes ingest would store for the bench's events. */
function storedMessages(run: string): OutMsg[] {
  const ring = makeKeyring(BENCH_NOTE_KEY);
  const now = new Date().toISOString();
  return Array.from({ length: EVENTS }, (_, i) => {
    const e = noteEvent(run, i, now) as CaseloadEvent;
    const unit = (e.data as { unitId: string }).unitId;
    return {
      subject: eventSubject(partitionOf(unit, PARTITIONS), unit, e.type),
      msgId: msgIdOf(e.source, e.id),
      bytes: Buffer.from(JSON.stringify(sealEvent(e, ring, now))),
    };
  });
}

/** Raw: a plain client, js.publish() with WINDOW acks in flight; or (async) ingest's publisher. */
async function rawRun(natsUrl: string, setting: Setting, run: string, async = false): Promise<Measure> {
  const nc = await connect({ servers: natsUrl, noAsyncTraces: setting === 'noAsyncTraces' });
  const jsm = await jetstreamManager(nc);
  await resetStream(jsm);
  await ensureEventsStream(jsm, { partitions: PARTITIONS, dedupWindowSeconds: 600 });
  const js = jetstream(nc);
  const msgs = storedMessages(run);
  const asyncPub = new AsyncAckPublisher(nc, 30_000);
  const cpu0 = cpuSeconds(process.pid);
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < msgs.length) {
      const m = msgs[next++]!;
      await js.publish(m.subject, m.bytes, { msgID: m.msgId });
    }
  };
  const groupWorker = async () => {
    while (next < msgs.length) {
      const group = msgs.slice(next, next + BATCH);
      next += group.length;
      await asyncPub.publishMany(group);
    }
  };
  if (async) await Promise.all(Array.from({ length: Math.max(1, WINDOW / BATCH) }, groupWorker));
  else await Promise.all(Array.from({ length: WINDOW }, worker));
  asyncPub.close();
  const seconds = (performance.now() - t0) / 1000;
  const cpuUs = ((cpuSeconds(process.pid) - cpu0) * 1e6) / EVENTS;
  await nc.close();
  return { rate: EVENTS / seconds, cpuUs };
}

/** Events per wall-clock second, and CPU microseconds per event spent by the publishing process. */
interface Measure {
  rate: number;
  cpuUs: number;
}

const SKIPPED: Measure = { rate: NaN, cpuUs: NaN };

interface IngestProc {
  child: ChildProcess;
  url: string;
}

async function startIngestProcess(natsUrl: string, setting: Setting): Promise<IngestProc> {
  const nodeArgs = [...NODE_FLAGS, '--import', 'tsx'];
  if (CPU_PROF) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${join(here, 'profiles')}`);
  const args = [...nodeArgs, CHILD, ...(setting === 'default' ? ['--async-traces'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      NATS_URL: natsUrl,
      INGEST_PORT: '0',
      INGEST_HOST: '127.0.0.1',
      INGEST_API_KEYS: TEST_API_KEY,
      NOTE_ENCRYPTION_KEY: BENCH_NOTE_KEY,
      PARTITIONS: String(PARTITIONS),
      INGEST_WORKERS: String(WORKERS),
      LOG_LEVEL: 'warn',
    },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`ingest exited (${code}) before it was ready`)));
  });
  return { child, url };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Fields of /proc/<pid>/stat after the command name: [0] state, [1] ppid, [11] utime, [12] stime. */
function statOf(pid: number | string): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return undefined; // gone meanwhile
  }
}

/** CPU seconds a process used so far (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = statOf(pid)!;
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100/s)
}

/** CPU seconds of a process and its live children (cluster workers). */
function treeCpuSeconds(pid: number): number {
  let total = cpuSeconds(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statOf(entry);
    if (f && Number(f[1]) === pid) total += (Number(f[11]) + Number(f[12])) / 100;
  }
  return total;
}

function post(agent: Agent, url: URL, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/cloudevents-batch+json',
          'content-length': body.length,
          authorization: `Bearer ${TEST_API_KEY}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Ingest over HTTP: batches of 100 events, CONCURRENCY requests in flight. */
async function ingestRun(natsUrl: string, setting: Setting, run: string): Promise<Measure> {
  const nc = await connect({ servers: natsUrl });
  await resetStream(await jetstreamManager(nc));
  await nc.close();
  const proc = await startIngestProcess(natsUrl, setting);
  try {
    const now = new Date().toISOString();
    const bodies: Buffer[] = [];
    for (let i = 0; i < EVENTS; i += BATCH)
      bodies.push(
        Buffer.from(
          JSON.stringify(Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, j) => noteEvent(run, i + j, now))),
        ),
      );
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const url = new URL('/v1/events', proc.url);
    await post(agent, url, bodies[0]!); // warm-up: JIT and connections (its events count below as duplicates)
    const cpu0 = treeCpuSeconds(proc.child.pid!);
    const t0 = performance.now();
    let next = 0;
    let accepted = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const r = await post(agent, url, bodies[next++]!);
        if (r.status !== 202) throw new Error(`ingest answered ${r.status}: ${r.text.slice(0, 300)}`);
        accepted += (JSON.parse(r.text) as { accepted: number }).accepted;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - t0) / 1000;
    const cpuUs = ((treeCpuSeconds(proc.child.pid!) - cpu0) * 1e6) / EVENTS;
    agent.destroy();
    if (accepted !== EVENTS) throw new Error(`ingest accepted ${accepted} of ${EVENTS}`);
    return { rate: EVENTS / seconds, cpuUs };
  } finally {
    await stopProcess(proc.child);
  }
}

const fmt = (m: Measure) => `${m.rate.toFixed(0)}/${m.cpuUs.toFixed(0)}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const nats = await startNats();
  const sample = JSON.stringify(noteEvent('x', 0, new Date().toISOString()));
  console.log(
    `ingest bench: ${EVENTS} events/run, ~${(sample.length / 1024).toFixed(2)} KB each, ${RUNS} run(s), median shown; ` +
      `raw window ${WINDOW} acks; ingest ${CONCURRENCY} × ${BATCH}-event requests in flight, ` +
      `${WORKERS} process${WORKERS > 1 ? 'es' : ''}; ${cpus().length} cores`,
  );
  const rows: { setting: Setting; raw: Measure; rawAsync: Measure; ingest: Measure }[] = [];
  try {
    for (const setting of SETTINGS) {
      const runs: { raw: Measure; rawAsync: Measure; ingest: Measure }[] = [];
      for (let r = 0; r < RUNS; r++) {
        const raw = INGEST_ONLY ? SKIPPED : await rawRun(nats.url, setting, `raw-${setting}-${r}`);
        const rawAsync = INGEST_ONLY ? SKIPPED : await rawRun(nats.url, setting, `rawa-${setting}-${r}`, true);
        const ingest = await ingestRun(nats.url, setting, `ing-${setting}-${r}`);
        runs.push({ raw, rawAsync, ingest });
        console.log(
          `  ${setting} run ${r + 1}: raw ${fmt(raw)}, raw-async ${fmt(rawAsync)}, ingest ${fmt(ingest)}  (events/s, CPU µs/event)`,
        );
      }
      const med = (pick: (x: (typeof runs)[number]) => Measure): Measure => ({
        rate: median(runs.map((x) => pick(x).rate)),
        cpuUs: median(runs.map((x) => pick(x).cpuUs)),
      });
      rows.push({ setting, raw: med((x) => x.raw), rawAsync: med((x) => x.rawAsync), ingest: med((x) => x.ingest) });
    }
  } finally {
    await nats.destroy();
  }
  console.log('');
  console.log('Throughput (events/s, wall clock, median):');
  console.log('| client setting | raw js.publish | raw async-ack | ingest | ingest / raw | ingest / raw async-ack |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(
      `| ${r.setting} | ${r.raw.rate.toFixed(0)} | ${r.rawAsync.rate.toFixed(0)} | ${r.ingest.rate.toFixed(0)} | ${(r.ingest.rate / r.raw.rate).toFixed(2)} | ${(r.ingest.rate / r.rawAsync.rate).toFixed(2)} |`,
    );
  console.log('');
  console.log('CPU of the publishing process per event (µs, median; steadier than wall clock on a busy machine):');
  console.log('| client setting | raw js.publish | raw async-ack | ingest (whole process) | raw / ingest |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(
      `| ${r.setting} | ${r.raw.cpuUs.toFixed(1)} | ${r.rawAsync.cpuUs.toFixed(1)} | ${r.ingest.cpuUs.toFixed(1)} | ${(r.raw.cpuUs / r.ingest.cpuUs).toFixed(2)} |`,
    );
  console.log('Goal: ingest / raw ≥ 0.70 with the same client setting.');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
