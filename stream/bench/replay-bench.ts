/**
 * Processor replay bench: pre-fills a JetStream stream with county-scale events (5,000 workers,
 * ~75,000 open cases, then the simulator's days of notes and contacts), starts ONE processor as a
 * child process, and measures how fast it replays the stream and its peak RSS (VmHWM).
 *
 *   npm run bench:replay -- [--days 3] [--partitions 16] [--seed 7] [--cache file] [--heap-mb N] [--profile dir]
 *                           [--node-flags="…"] [--snapshot-at-mb N] [--cpus 1 | --cpus all]
 *
 * The processor is pinned to ONE core (taskset; `--cpus` picks which, the last one by default) so
 * the figure is what one instance does on one core: its GC and I/O threads share that core with its
 * JavaScript. NATS and Redis are not pinned. `--cpus all` lets it spread (the old, flattering figure).
 *
 * Prints messages/s and distinct events/s, the processor's CPU seconds per 1k (from /proc: the figure
 * to compare on a shared, noisy machine), peak RSS, peak V8 heap, the longest event-loop stall, the
 * load average and the Redis commands the replay cost. The processor runs with its own V8 settings
 * (shared/src/devstack/node-flags.ts). Goals: ≥ 10,000 events/s and ≤ 500 MB peak RSS.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';
import { makeKeyring, sealEvent, type CaseloadEvent } from '@caseload/shared';
import { Simulation } from '@caseload/shared/sim';
import { startNats, startRedis, TEST_NOTE_KEY } from '@caseload/shared/testing';
import { ensureEventsStream, routesOf } from '@caseload/shared';
import type { RuntimeSnapshot } from '../src/health/runtime-stats.ts';
import { PROCESSOR_NODE_FLAGS } from '@caseload/shared/devstack';
import { runtimeStatsKey } from '../src/processor.ts';
import { connectRedis } from '../src/sinks/redis.ts';

const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '3' },
    partitions: { type: 'string', default: '16' },
    seed: { type: 'string', default: '7' },
    /** Caps the processor's V8 old space (MB), to see the live set against the RSS goal. */
    'heap-mb': { type: 'string' },
    /** Write a CPU profile of the processor to this directory. */
    profile: { type: 'string' },
    /** V8 flags for the processor instead of its defaults (PROCESSOR_NODE_FLAGS), e.g. --node-flags="--max-semi-space-size=32". */
    'node-flags': { type: 'string' },
    /** Write one heap snapshot of the processor (into the cwd) when its heap first passes this many MB. */
    'snapshot-at-mb': { type: 'string' },
    /** Reuse the simulated events from this file (written on the first run): the simulator is slow. */
    cache: { type: 'string' },
    /** Cores the processor may run on (taskset list), or `all`; one core by default (the goal's terms). */
    cpus: { type: 'string' },
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

/** CPU seconds (user + system) the process has used, from /proc (clock ticks of 10 ms). */
function procCpuS(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
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
const heapArgs = args['heap-mb'] ? [`--max-old-space-size=${Number(args['heap-mb'])}`] : [];
const snapshotAtMB = args['snapshot-at-mb'] ? Number(args['snapshot-at-mb']) : Infinity;
const snapshotArgs = Number.isFinite(snapshotAtMB) ? ['--heapsnapshot-signal=SIGUSR2'] : [];
let snapshotTaken = false;
// The processor's own V8 settings (see shared/src/devstack/node-flags.ts), unless --node-flags overrides them.
const baseFlags =
  args['node-flags'] !== undefined ? args['node-flags'].split(/\s+/).filter(Boolean) : [...PROCESSOR_NODE_FLAGS];
const nodeFlags = [...baseFlags, ...heapArgs, ...profileArgs, ...snapshotArgs];
const cpuList = args.cpus ?? String(cpus().length - 1);
const nodeCommand = [process.execPath, ...nodeFlags, '--import', 'tsx', 'stream/src/main.ts'];
// taskset execs node in place, so the child's pid is the processor's (for /proc figures).
const [command, ...commandArgs] = cpuList === 'all' ? nodeCommand : ['taskset', '-c', cpuList, ...nodeCommand];
const child = spawn(command!, commandArgs, {
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
    STREAM_METRICS_PORT: '0',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const spawnedAt = Date.now();
let firstProgressAt = 0;
let cpuAtFirstProgress = 0;
let peakMB = 0;
let peakHeapMB = 0;
let maxStallMs = 0;
let done = false;
let cpuS = 0;
const loadBefore = loadavg();
const deadline = Date.now() + 15 * 60_000;
while (!done && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 250));
  const st = procStatus(child.pid!);
  peakMB = Math.max(peakMB, st.peakMB);
  const seqs = await Promise.all(
    Array.from({ length: P }, async (_, k) => Number((await redis.hGet(`ckpt:p${k}:meta`, 'seq')) ?? 0)),
  );
  if (!firstProgressAt && seqs.some((s) => s > 0)) {
    firstProgressAt = Date.now();
    cpuAtFirstProgress = procCpuS(child.pid!);
  }
  cpuS = procCpuS(child.pid!) || cpuS;
  const snap = await redis.get(runtimeStatsKey('bench'));
  if (snap) {
    const r = JSON.parse(snap) as RuntimeSnapshot;
    peakHeapMB = Math.max(peakHeapMB, r.heapUsedMB);
    if (!snapshotTaken && r.heapUsedMB >= snapshotAtMB) {
      snapshotTaken = true;
      child.kill('SIGUSR2');
    }
    maxStallMs = Math.max(maxStallMs, r.loopDelayMaxEverMs);
  }
  done = seqs.every((s, k) => s >= lastSeq[k]!);
}
const loadAfter = loadavg();
const endAt = Date.now();
peakMB = Math.max(peakMB, procStatus(child.pid!).peakMB);
await new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
});
// Which Redis commands the replay cost (calls and server time), to see where writes go.
const commandStats = (await redis.info('commandstats'))
  .split('\n')
  .map((l) => /^cmdstat_(\w+):calls=(\d+),usec=(\d+)/.exec(l))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ cmd: m[1]!, calls: Number(m[2]), usec: Number(m[3]) }))
  .sort((a, b) => b.usec - a.usec)
  .slice(0, 8);
// Bytes the processor sent to Redis (checkpoints, records, series): a write's cost grows with them.
const redisInMB = Number(/total_net_input_bytes:(\d+)/.exec(await redis.info('stats'))?.[1] ?? 0) / 1048576;
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
console.log(`| distinct events/s | ${Math.round(events / replayS)} |`);
console.log(
  `| processor CPU-s per 1k messages (replay only) | ${((1000 * (cpuS - cpuAtFirstProgress)) / messages).toFixed(3)} |`,
);
console.log(`| processor CPU-s per 1k distinct events (incl. start-up) | ${((1000 * cpuS) / events).toFixed(3)} |`);
console.log(
  `| processor CPU use during replay | ${((100 * (cpuS - cpuAtFirstProgress)) / replayS).toFixed(0)} % of one core |`,
);
// What the replay rate would be with the core to itself: the figure that survives a busy box.
console.log(
  `| distinct events per processor CPU-second (replay only) | ${Math.round(events / (cpuS - cpuAtFirstProgress))} |`,
);
console.log(`| peak RSS of the processor (VmHWM) | ${peakMB.toFixed(0)} MB |`);
console.log(`| peak V8 heap used (1 s samples) | ${peakHeapMB.toFixed(0)} MB |`);
console.log(`| longest event-loop stall | ${maxStallMs.toFixed(0)} ms |`);
console.log(
  `| load average before → after (1/5/15 min, ${cpus().length} cores) | ${fmtLoad(loadBefore)} → ${fmtLoad(loadAfter)} |`,
);
console.log(`| processor pinned to CPUs (taskset) | ${cpuList} of ${cpus().length} |`);
console.log(`| processor node flags | ${nodeFlags.join(' ')} |`);
console.log(
  `| top Redis commands (calls, server ms) | ${commandStats.map((c) => `${c.cmd} ${c.calls} ${Math.round(c.usec / 1000)}`).join('; ')} |`,
);
console.log(`| bytes sent to Redis (all clients) | ${redisInMB.toFixed(0)} MB |`);
console.log(`| goals | ≥ 10,000 events/s, ≤ 500 MB |`);
