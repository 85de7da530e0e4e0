import { join } from 'node:path';
import { loadavg } from 'node:os';
import { startService, type ServiceProcess } from '@caseload/shared/devstack';
import { ensureBuild } from '../test/browser/support/build.ts';
import { launchChromium, type Browser } from '../test/browser/support/browser.ts';
import { installCounters, readCounters, sampleMemory, type MemorySample } from './lib/board-probe.ts';
import { REPO_ROOT, startRealStack, type RealStack } from './lib/real-stack.ts';
import { growthPercent, slopePerHour } from './lib/stats.ts';
import { boardLive, pairedBoard } from './lib/tv.ts';
import { defaultDemoScope } from './demo-scope.ts';
import { isMain, parseArgs } from './stack-env.ts';

/**
 * `npm run soak:board -- [--minutes 30] [--speed N] [--scale unit|county] [--warmup-seconds S]`
 *
 * Runs the TV board for a long time against the whole system in accelerated time: its own NATS,
 * Redis, ingest, processor (CLOCK=event) and wallboard as child processes, the simulator sending 35
 * days at a speed that spans the soak, and the simulator's first unit on a paired TV in Chromium at
 * 1920×1080. After a warm-up it samples the JS heap (after a forced GC) and the DOM size every
 * minute, and at the end prints their growth against the goal of ≤ 10 %, and whether the board kept
 * showing new views every minute. Exits 1 when a goal is missed.
 */
const DAY_MS = 86_400_000;
const BACKFILL_DAYS = 35;
const GOAL_PERCENT = 10;

export interface SoakOptions {
  minutes: number;
  speed: number;
  scale: 'unit' | 'county';
  warmupSeconds: number;
}

interface Minute {
  sample: MemorySample;
  views: number;
  live: string | null;
}

const mb = (b: number) => `${(b / 1048576).toFixed(2)} MB`;

export async function soak(opts: SoakOptions): Promise<boolean> {
  const built = ensureBuild();
  if (built) console.log(`built the wallboard in ${built} ms`);
  const stack: RealStack = await startRealStack({ clock: 'event' });
  let sim: ServiceProcess | undefined;
  let browser: Browser | undefined;
  const interrupt = () =>
    void Promise.resolve(sim?.stop())
      .then(() => browser?.close())
      .then(() => stack.stop())
      .finally(() => process.exit(130));
  process.once('SIGINT', interrupt);
  try {
    const scope = await defaultDemoScope(opts.scale, 1);
    const unitId = scope.units[0]!;
    sim = startService({
      name: 'simulator',
      command: join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      args: [
        'shared/src/sim/cli.ts',
        ...['--scale', opts.scale, '--seed', '1', '--speed', String(opts.speed)],
        ...['--url', stack.ingestUrl, '--api-key', stack.apiKey],
      ],
      env: stack.env,
      cwd: REPO_ROOT,
      logFile: join(stack.logDir, 'simulator.log'),
    });
    console.log(`simulator: ${opts.scale} scale at ×${opts.speed}; TV on unit ${unitId}; logs in ${stack.logDir}`);
    await stack.processorReady();
    browser = await launchChromium();
    const page = await pairedBoard(stack, browser, unitId);
    await boardLive(page, 180_000);
    await installCounters(page, 'soak');
    console.log(`board live; warming up for ${opts.warmupSeconds} s`);
    await new Promise((r) => setTimeout(r, opts.warmupSeconds * 1000));

    const minutes: Minute[] = [];
    const first = await sampleMemory(page);
    let seen = (await readCounters(page))?.seqChanges ?? 0;
    console.log(
      `start: heap ${mb(first.heapUsed)}, ${first.elements} elements, ${first.domNodes} DOM nodes, ${first.listeners} listeners`,
    );
    const started = Date.now();
    for (let m = 1; m <= opts.minutes; m++) {
      await new Promise((r) => setTimeout(r, started + m * 60_000 - Date.now()));
      const sample = await sampleMemory(page);
      const counters = await readCounters(page);
      if (!counters || counters.marker !== 'soak') throw new Error('the board page was reloaded during the soak');
      const views = counters.seqChanges - seen;
      seen = counters.seqChanges;
      minutes.push({ sample, views, live: counters.live });
      console.log(
        `min ${String(m).padStart(3)}: heap ${mb(sample.heapUsed)}, ${sample.elements} elements, ${sample.domNodes} DOM nodes, ` +
          `${sample.listeners} listeners; ${views} new views; ${counters.live}; left live ${counters.leftLive}×; ` +
          `load ${loadavg()[0]!.toFixed(1)}`,
      );
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
    await browser?.close();
    await sim?.stop();
    await stack.stop();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const minutes = Number(args.get('minutes')?.[0] ?? 30);
  if (!(minutes >= 1)) throw new Error('--minutes must be at least 1');
  const scale = args.get('scale')?.[0] === 'county' ? 'county' : 'unit';
  const warmupSeconds = Number(args.get('warmup-seconds')?.[0] ?? Math.min(120, Math.max(30, minutes * 6)));
  // By default the accelerated clock spans the whole run (start-up, warm-up and soak: 35 days in that
  // time), so events keep coming to the end.
  const runMs = (minutes + 2) * 60_000 + warmupSeconds * 1000;
  const speed = Number(args.get('speed')?.[0] ?? Math.ceil((BACKFILL_DAYS * DAY_MS) / runMs));
  const ok = await soak({ minutes, speed, scale, warmupSeconds });
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
