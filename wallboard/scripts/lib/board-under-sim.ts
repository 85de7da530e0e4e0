import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startService, type ServiceProcess } from '@caseload/shared/devstack';
import { ensureBuild } from '../../test/browser/support/build.ts';
import { launchChromium, type Browser } from '../../test/browser/support/browser.ts';
import { defaultDemoScope } from '../demo-scope.ts';
import { REPO_ROOT, startRealStack } from './real-stack.ts';
import { boardLive, pairedBoard } from './tv.ts';

/**
 * The soak's set-up, shared with the heap diff: the whole system as child processes (CLOCK=event),
 * the simulator sending its history in accelerated time, and the simulator's first unit on a paired
 * TV in Chromium at 1920×1080, live.
 */
export interface BoardUnderSim {
  page: Page;
  unitId: string;
  logDir: string;
  /** Stops the simulator, the browser and the stack, in that order; safe to call twice. */
  stop(): Promise<void>;
}

export interface BoardUnderSimOptions {
  scale: 'unit' | 'county';
  speed: number;
  /** Start of the simulated history (epoch ms). */
  startMs: number;
  log?: (line: string) => void;
}

export async function startBoardUnderSim(opts: BoardUnderSimOptions): Promise<BoardUnderSim> {
  const log = opts.log ?? console.log;
  const built = ensureBuild();
  if (built) log(`built the wallboard in ${built} ms`);
  const stack = await startRealStack({ clock: 'event' });
  let sim: ServiceProcess | undefined;
  let browser: Browser | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await sim?.stop();
      await browser?.close();
      await stack.stop();
    })());
  try {
    const unitId = (await defaultDemoScope(opts.scale, 1)).units[0]!;
    sim = startService({
      name: 'simulator',
      command: join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      args: [
        'shared/src/sim/cli.ts',
        ...['--scale', opts.scale, '--seed', '1', '--speed', String(opts.speed)],
        ...['--start', new Date(opts.startMs).toISOString()],
        ...['--url', stack.ingestUrl, '--api-key', stack.apiKey],
      ],
      env: stack.env,
      cwd: REPO_ROOT,
      logFile: join(stack.logDir, 'simulator.log'),
    });
    log(
      `simulator: ${opts.scale} scale at ×${opts.speed} from ${new Date(opts.startMs).toISOString()}; ` +
        `TV on unit ${unitId}; logs in ${stack.logDir}`,
    );
    await stack.processorReady();
    browser = await launchChromium();
    const page = await pairedBoard(stack, browser, unitId);
    await boardLive(page, 180_000);
    return { page, unitId, logDir: stack.logDir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
