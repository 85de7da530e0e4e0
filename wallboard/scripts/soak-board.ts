import { loadavg } from 'node:os';
import {
  installCounters,
  readCounters,
  sampleMemory,
  viewSize,
  type MemorySample,
  type ViewSize,
} from './lib/board-probe.ts';
import { startBoardUnderSim } from './lib/board-under-sim.ts';
import { simClock } from './lib/sim-clock.ts';
import { growthPercent, slopePerHour } from './lib/stats.ts';
import { isMain, parseArgs } from './stack-env.ts';

/**
 * `npm run soak:board -- [--minutes 30] [--warmup-seconds 240] [--fill-days 29] [--speed N] [--scale unit|county]`
 *
 * Runs the TV board for a long time against the whole system in accelerated time: its own NATS,
 * Redis, ingest, processor (CLOCK=event) and wallboard as child processes, the simulator sending a
 * history long enough that its accelerated clock spans the whole run, and the simulator's first unit
 * on a paired TV in Chromium at 1920×1080 (lib/board-under-sim.ts). The warm-up plays `--fill-days`
 * simulated days (the default speed is chosen for that, lib/sim-clock.ts), so the board is full
 * before the first sample. Then it samples the JS heap (after a forced GC) and the DOM size every
 * minute, and at the end prints their growth against the goal of ≤ 10 %, and whether the board kept
 * showing new views every minute. Exits 1 when a goal is missed.
 */
/** Simulated days the warm-up plays: the processor's long window (28 days in the dictionary) and one more. */
const FILL_DAYS = 29;
const DEFAULT_WARMUP_S = 240;
const GOAL_PERCENT = 10;

export interface SoakOptions {
  minutes: number;
  speed: number;
  scale: 'unit' | 'county';
  warmupSeconds: number;
  /** Start of the simulated history (epoch ms). */
  startMs: number;
}

interface Minute {
  sample: MemorySample;
  views: number;
  live: string | null;
}

const mb = (b: number) => `${(b / 1048576).toFixed(2)} MB`;
const viewText = (v: ViewSize | undefined) =>
  v
    ? `${(v.bytes / 1024).toFixed(1)} KB (${v.signals} signals, ${v.overdue} overdue, ${v.funnelPoints} points)`
    : 'unread';

export async function soak(opts: SoakOptions): Promise<boolean> {
  const board = await startBoardUnderSim(opts);
  const interrupt = () => void board.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupt);
  try {
    const { page, unitId } = board;
    await installCounters(page, 'soak');
    console.log(`board live; warming up for ${opts.warmupSeconds} s`);
    await new Promise((r) => setTimeout(r, opts.warmupSeconds * 1000));

    const minutes: Minute[] = [];
    const first = await sampleMemory(page);
    const firstView = await viewSize(page, unitId);
    let lastView = firstView;
    let seen = (await readCounters(page))?.seqChanges ?? 0;
    console.log(
      `start: heap ${mb(first.heapUsed)}, ${first.elements} elements, ${first.domNodes} DOM nodes, ` +
        `${first.listeners} listeners; view ${viewText(firstView)}`,
    );
    const started = Date.now();
    for (let m = 1; m <= opts.minutes; m++) {
      await new Promise((r) => setTimeout(r, started + m * 60_000 - Date.now()));
      const sample = await sampleMemory(page);
      const counters = await readCounters(page);
      if (!counters || counters.marker !== 'soak') throw new Error('the board page was reloaded during the soak');
      const size = await viewSize(page, unitId);
      const views = counters.seqChanges - seen;
      seen = counters.seqChanges;
      minutes.push({ sample, views, live: counters.live });
      console.log(
        `min ${String(m).padStart(3)}: heap ${mb(sample.heapUsed)}, ${sample.elements} elements, ${sample.domNodes} DOM nodes, ` +
          `${sample.listeners} listeners; ${views} new views; ${counters.live}; left live ${counters.leftLive}×; ` +
          `view ${size ? `${(size.bytes / 1024).toFixed(1)} KB` : '?'}; load ${loadavg()[0]!.toFixed(1)}`,
      );
      lastView = size;
    }
    const last = minutes.at(-1)!.sample;
    const heap = growthPercent(first.heapUsed, last.heapUsed);
    const elements = growthPercent(first.elements, last.elements);
    const nodes = growthPercent(first.domNodes, last.domNodes);
    const quiet = minutes.filter((m) => m.views === 0).length;
    const sign = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)} %`;
    console.log('');
    console.log(`soak of ${opts.minutes} min (after ${opts.warmupSeconds} s warm-up), TV 1920×1080, unit ${unitId}`);
    console.log(`JS heap after GC   ${mb(first.heapUsed)} → ${mb(last.heapUsed)}  (${sign(heap)})`);
    console.log(`DOM elements       ${first.elements} → ${last.elements}  (${sign(elements)})`);
    console.log(`DOM nodes (all)    ${first.domNodes} → ${last.domNodes}  (${sign(nodes)})`);
    console.log(`event listeners    ${first.listeners} → ${last.listeners}`);
    // What the board had to show at each end: a heap that grows with the view is content, not a leak.
    console.log(`unit view (JSON)   ${viewText(firstView)} → ${viewText(lastView)}`);
    const trend = slopePerHour([first, ...minutes.map((m) => m.sample)].map((x) => ({ at: x.at, value: x.heapUsed })));
    if (trend !== undefined)
      console.log(`JS heap trend      ${trend >= 0 ? '+' : ''}${mb(trend)} per hour (least squares over every sample)`);
    console.log(
      `views shown        ${minutes.reduce((n, m) => n + m.views, 0)} in all; minutes without a new view: ${quiet}`,
    );
    console.log(
      `load average       ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const ok = heap <= GOAL_PERCENT && elements <= GOAL_PERCENT && nodes <= GOAL_PERCENT && quiet === 0;
    console.log(ok ? `goal met: growth ≤ ${GOAL_PERCENT} % and updating every minute` : 'goal MISSED');
    return ok;
  } finally {
    process.off('SIGINT', interrupt);
    await board.stop();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const minutes = Number(args.get('minutes')?.[0] ?? 30);
  if (!(minutes >= 1)) throw new Error('--minutes must be at least 1');
  const scale = args.get('scale')?.[0] === 'county' ? 'county' : 'unit';
  const warmupSeconds = Number(args.get('warmup-seconds')?.[0] ?? DEFAULT_WARMUP_S);
  const fixedSpeed = args.get('speed')?.[0];
  const { speed, startMs } = simClock({
    soakMinutes: minutes,
    warmupSeconds,
    fillDays: Number(args.get('fill-days')?.[0] ?? FILL_DAYS),
    speed: fixedSpeed === undefined ? undefined : Number(fixedSpeed),
    now: Date.now(),
  });
  const ok = await soak({ minutes, speed, scale, warmupSeconds, startMs });
  process.exitCode = ok ? 0 : 1;
}

if (isMain(import.meta.url)) {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (e: unknown) => {
      console.error(`soak:board: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
