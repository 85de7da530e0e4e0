/**
 * Processor replay bench: pre-fills a JetStream stream with county-scale events (5,000 workers,
 * ~75,000 open cases, then the simulator's days of notes and contacts), starts ONE processor as a
 * child process, and measures how fast it replays the stream and its peak RSS (VmHWM).
 *
 *   npm run bench:replay -- [--days 3] [--partitions 16] [--seed 7] [--cache file] [--heap-mb N] [--profile dir]
 *
 * Goals: ≥ 10,000 events/s and ≤ 500 MB peak RSS.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';
import { makeKeyring, sealEvent, type CaseloadEvent } from '@caseload/shared';
import { Simulation } from '@caseload/shared/sim';
import { startNats, startRedis, TEST_NOTE_KEY } from '@caseload/shared/testing';
import { ensureEventsStream, routesOf } from '@caseload/shared';
import { connectRedis } from '../src/sinks/redis.ts';

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '3' },
    partitions: { type: 'string', default: '16' },
    seed: { type: 'string', default: '7' },
    /** Caps the processor's V8 old space (MB), to see the live set against the RSS goal. */
    'heap-mb': { type: 'string' },
    /** Write a CPU profile of the processor to this directory. */
    profile: { type: 'string' },
    /** Reuse the simulated events from this file (written on the first run): the simulator is slow. */
    cache: { type: 'string' },
  },
});
const days = Number(args.days);
const P = Number(args.partitions);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function procStatus(pid: number): { rssMB: number; peakMB: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(s)?.[1] ?? 0);
    return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
  } catch {
    return { rssMB: 0, peakMB: 0 };
  }
}

const nats = await startNats();
const redisServer = await startRedis();
const nc = await connect({ servers: nats.url, noAsyncTraces: true });
const js = jetstream(nc);
await ensureEventsStream(await jetstreamManager(nc), { partitions: P, dedupWindowSeconds: 600 });
const ring = makeKeyring(TEST_NOTE_KEY);

// 1. Pre-fill: the simulator's county, `days` days, published as ingest would.
const startMs = Date.UTC(2026, 10, 1);
function* simulated(): Generator<CaseloadEvent> {
  if (args.cache && existsSync(args.cache)) {
    for (const line of readFileSync(args.cache, 'utf8').split('\n')) if (line) yield JSON.parse(line) as CaseloadEvent;
    return;
  }
  const lines: string[] = [];
  for (const item of new Simulation({ scale: 'county', days, seed: Number(args.seed), startMs })) {
    if (args.cache) lines.push(JSON.stringify(item.event));
    yield item.event;
  }
  if (args.cache) writeFileSync(args.cache, lines.join('\n'));
}
const perPartition = Array.from({ length: P }, () => 0);
const lastSeq = Array.from({ length: P }, () => 0);
let events = 0;
let messages = 0;
let openCases = 0;
const workers = new Set<string>();
const t0 = Date.now();
let inflight: Promise<unknown>[] = [];
const receivedAt = new Date().toISOString();
for (const e of simulated()) {
  events++;
  if (e.type === 'caseload.case.opened') openCases++;
  if (e.type === 'caseload.case.closed') openCases--;
  if (e.type === 'caseload.worker.upserted') workers.add(e.data.workerId);
  const body = JSON.stringify(sealEvent(e, ring, receivedAt));
  for (const r of routesOf(e, P)) {
    const k = Number(/\.p(\d+)\./.exec(r.subject)![1]);
    const h = headers();
    h.set('Nats-Msg-Id', r.msgId);
    messages++;
    perPartition[k]!++;
    inflight.push(
      js.publish(r.subject, body, { headers: h, timeout: 60_000 }).then((ack) => {
        if (ack.seq > lastSeq[k]!) lastSeq[k] = ack.seq;
      }),
    );
    if (inflight.length >= 1000) {
      await Promise.all(inflight);
      inflight = [];
    }
  }
}
await Promise.all(inflight);
const fillS = (Date.now() - t0) / 1000;
console.log(
  `pre-filled ${messages} messages (${events} events; ${workers.size} workers, ${openCases} open cases) in ${fillS.toFixed(1)} s`,
);

// 2. One processor replays it all.
const redis = await connectRedis(redisServer.url);
const profileArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
// A larger young generation: the processor allocates many short-lived objects per event.
const heapArgs = args['heap-mb'] ? [`--max-old-space-size=${Number(args['heap-mb'])}`] : [];
const nodeFlags = ['--max-semi-space-size=32', ...heapArgs, ...profileArgs];
const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'stream/src/main.ts'], {
  cwd: ROOT,
  env: {
    ...process.env,
    NATS_URL: nats.url,
    REDIS_URL: redisServer.url,
    CLOCK: 'event',
    PARTITIONS: String(P),
    NOTE_ENCRYPTION_KEY: TEST_NOTE_KEY,
    LOG_LEVEL: 'warn',
    INSTANCE_ID: 'bench',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const spawnedAt = Date.now();
let firstProgressAt = 0;
let peakMB = 0;
let done = false;
const deadline = Date.now() + 15 * 60_000;
while (!done && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 250));
  const st = procStatus(child.pid!);
  peakMB = Math.max(peakMB, st.peakMB);
  const seqs = await Promise.all(
    Array.from({ length: P }, async (_, k) => Number((await redis.hGet(`ckpt:p${k}:meta`, 'seq')) ?? 0)),
  );
  if (!firstProgressAt && seqs.some((s) => s > 0)) firstProgressAt = Date.now();
  done = seqs.every((s, k) => s >= lastSeq[k]!);
}
const endAt = Date.now();
peakMB = Math.max(peakMB, procStatus(child.pid!).peakMB);
await new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
});
await redis.quit();
await nc.close();
await Promise.all([nats.destroy(), redisServer.destroy()]);

if (!done) {
  console.log('the processor did not finish within 15 minutes');
  process.exit(1);
}
const replayS = (endAt - firstProgressAt) / 1000;
const wallS = (endAt - spawnedAt) / 1000;
console.log('');
console.log('| figure | value |');
console.log('| --- | --- |');
console.log(`| messages replayed (roster copied to ${P} partitions) | ${messages} |`);
console.log(`| distinct events | ${events} |`);
console.log(`| replay time (first checkpoint → all checkpointed) | ${replayS.toFixed(1)} s |`);
console.log(`| processed messages/s | ${Math.round(messages / replayS)} |`);
console.log(`| processed messages/s incl. start-up (${wallS.toFixed(1)} s) | ${Math.round(messages / wallS)} |`);
console.log(`| peak RSS of the processor (VmHWM) | ${peakMB.toFixed(0)} MB |`);
console.log(`| processor node flags | ${nodeFlags.join(' ')} |`);
console.log(`| goals | ≥ 10,000 events/s, ≤ 500 MB |`);
