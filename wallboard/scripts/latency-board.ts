import { loadavg } from 'node:os';
import { ensureBuild } from '../test/browser/support/build.ts';
import { launchChromium, type Browser } from '../test/browser/support/browser.ts';
import { currentFigure, figureShownAt, recordTileFigure } from './lib/board-probe.ts';
import { demoUnit, openCase, rosterEvents } from './lib/demo-unit.ts';
import { postAccepted } from './lib/ingest-client.ts';
import { startRealStack, type RealStack } from './lib/real-stack.ts';
import { summarise, type Summary } from './lib/stats.ts';
import { boardLive, pairedBoard } from './lib/tv.ts';
import { isMain, parseArgs } from './stack-env.ts';

/**
 * `npm run latency:board -- [--events 60] [--workers 14] [--gap-ms 500]`
 *
 * From ingest's 202 to the TV board's DOM showing the change, over the real processes: its own NATS,
 * Redis, ingest, processor and wallboard, and a paired TV board in Chromium at 1920×1080. Each event
 * opens a case for one worker, so that worker's tile's "open" figure goes up by one; a
 * MutationObserver in the page stamps the moment the new figure is in the DOM. Events go one at a
 * time with a pause between, so each is its own view (the processor's 250 ms throttle would merge
 * closer ones). Prints p50/p95/max; asserts nothing (speed is for people to judge).
 */
export interface LatencyResult {
  fromAccepted: Summary | undefined;
  fromSent: Summary | undefined;
  missed: number;
}

export async function measureLatency(opts: { events: number; workers: number; gapMs: number }): Promise<LatencyResult> {
  const built = ensureBuild();
  if (built) console.log(`built the wallboard in ${built} ms`);
  const stack: RealStack = await startRealStack({ clock: 'wall' });
  let browser: Browser | undefined;
  const stop = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    const unit = demoUnit(opts.workers);
    await postAccepted(stack.ingestUrl, stack.apiKey, rosterEvents(unit));
    await stack.processorReady();
    browser = await launchChromium();
    const page = await pairedBoard(stack, browser, unit.unitId);
    await boardLive(page);
    await page
      .locator('[data-testid="worker-tile"]')
      .nth(opts.workers - 1)
      .waitFor({ timeout: 60_000 });

    // The first tile's worker, found by the display name the tile shows.
    const shownName = (await page.locator('[data-testid="worker-tile"] .dn').first().innerText()).trim();
    const worker = unit.workers.find((w) => w.displayName === shownName);
    if (!worker) throw new Error(`the first tile shows "${shownName}", no worker of the unit`);
    await recordTileFigure(page, 0);

    const fromAccepted: number[] = [];
    const fromSent: number[] = [];
    let missed = 0;
    for (let i = 0; i < opts.events; i++) {
      const before = Number(await currentFigure(page));
      const expected = String(before + 1);
      const posted = await postAccepted(stack.ingestUrl, stack.apiKey, [openCase(unit, worker.workerId)]);
      const deadline = Date.now() + 10_000;
      let shownAt: number | undefined;
      while (shownAt === undefined && Date.now() < deadline) {
        shownAt = await figureShownAt(page, expected);
        if (shownAt === undefined) await new Promise((r) => setTimeout(r, 20));
      }
      if (shownAt === undefined) {
        missed++;
        console.log(`event ${i + 1}: "${expected}" not shown within 10 s`);
      } else {
        fromAccepted.push(shownAt - posted.answeredAt);
        fromSent.push(shownAt - posted.sentAt);
      }
      await new Promise((r) => setTimeout(r, opts.gapMs * (0.6 + 0.8 * Math.random())));
    }
    return { fromAccepted: summarise(fromAccepted), fromSent: summarise(fromSent), missed };
  } finally {
    process.off('SIGINT', stop);
    await browser?.close();
    await stack.stop();
  }
}

function row(label: string, s: Summary | undefined): string {
  if (!s) return `${label.padEnd(34)} no samples`;
  const f = (n: number) => `${Math.round(n)} ms`.padStart(8);
  return `${label.padEnd(34)} n=${String(s.n).padEnd(4)} p50 ${f(s.p50)}  p95 ${f(s.p95)}  max ${f(s.max)}`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const num = (name: string, fallback: number) => Number(args.get(name)?.[0] ?? fallback);
  const opts = { events: num('events', 60), workers: num('workers', 14), gapMs: num('gap-ms', 500) };
  console.log(`ingest 202 → TV board DOM: ${opts.events} events, ${opts.workers} workers`);
  const r = await measureLatency(opts);
  console.log(row('ingest 202 → TV DOM shows it', r.fromAccepted));
  console.log(row('POST sent → TV DOM shows it', r.fromSent));
  if (r.missed) console.log(`missed (not shown within 10 s): ${r.missed}`);
  console.log(
    `load average (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

if (isMain(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(`latency:board: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
