import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TEST_AUTH_SECRET, TEST_NOTE_KEY } from '@caseload/shared/testing';
import { installCounters, readCounters } from '../../scripts/lib/board-probe.ts';
import { demoUnit, openCase, rosterEvents, type DemoUnit } from '../../scripts/lib/demo-unit.ts';
import { postAccepted } from '../../scripts/lib/ingest-client.ts';
import { startRealStack, type RealStack } from '../../scripts/lib/real-stack.ts';
import { boardLive, pairedBoard } from '../../scripts/lib/tv.ts';
import { ensureBuild } from './support/build.ts';
import { LatencyLog, launchChromium, screenshot, type Browser } from './support/browser.ts';

/**
 * The TV board against the whole system as real processes (its own NATS and Redis; ingest, the
 * processor and two wallboard servers as child processes): stopping the wallboard server, and
 * killing the processor, each make the board say it is not live, and starting them again brings it
 * back live with nobody touching the TV (the page is never reloaded: a marker on `window` survives).
 * Meanwhile a quiet unit on the second wallboard server is watched for two minutes: nothing changes
 * in it, and it never stops calling itself live. Waits are generous; latencies are printed.
 */
const RESTART_TIMEOUT = 90_000;
/** Heartbeats come every 5 s from a real server; these thresholds make the restart board react sooner. */
const TIGHT = 'staleAfter=8&maxLag=8';
const QUIET_MS = 120_000;
const latencies = new LatencyLog();

let stack: RealStack;
let browser: Browser;
let unit: DemoUnit;
let quietUnit: DemoUnit;
let board: Page;
let quietBoard: Page;
let quietSince = 0;

/** The "open" figure of the tile showing `displayName`. */
async function openFigure(page: Page, displayName: string): Promise<number> {
  const tile = page.getByTestId('worker-tile').filter({ has: page.locator('.dn', { hasText: displayName }) });
  return Number(await tile.locator('.figs b').first().innerText());
}

async function waitForOpenFigure(page: Page, displayName: string, value: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while ((await openFigure(page, displayName)) !== value) {
    if (Date.now() > deadline) throw new Error(`${displayName}'s tile never showed ${value} open cases`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stateOf(page: Page): Promise<string | null> {
  return page.locator('.board').getAttribute('data-live');
}

beforeAll(async () => {
  const built = ensureBuild();
  if (built) console.log(`[browser] vite build took ${built} ms`);
  stack = await startRealStack({ wallboards: 2, authSecret: TEST_AUTH_SECRET, noteKey: TEST_NOTE_KEY });
  unit = demoUnit(6, 'Riverside Family Support');
  quietUnit = demoUnit(5, 'Harbour Street Intake');
  await postAccepted(stack.ingestUrl, stack.apiKey, [...rosterEvents(unit, 2), ...rosterEvents(quietUnit, 2)]);
  await stack.processorReady();
  browser = await launchChromium();
  // The quiet unit's TV, on the second server, with the production thresholds (30 s, 60 s).
  quietBoard = await pairedBoard(stack, browser, quietUnit.unitId, { wallboard: 1 });
  await boardLive(quietBoard);
  await quietBoard.getByTestId('worker-tile').nth(4).waitFor({ timeout: 30_000 });
  await installCounters(quietBoard, 'quiet');
  quietSince = Date.now();
  board = await pairedBoard(stack, browser, unit.unitId, { query: TIGHT });
  await boardLive(board);
  await board.getByTestId('worker-tile').nth(5).waitFor({ timeout: 30_000 });
  await installCounters(board, 'untouched');
}, 240_000);

afterAll(async () => {
  latencies.print();
  await browser?.close();
  await stack?.stop();
});

describe('TV board against the real processes', () => {
  it(
    'goes stale when its wallboard server stops and comes back live, untouched, when it restarts',
    async () => {
      const banner = board.getByTestId('stale-banner');
      const stopped = Date.now();
      await stack.stopService('wallboard0');
      await banner.waitFor({ timeout: 30_000 });
      latencies.add('wallboard server stopped → stale banner', Date.now() - stopped);
      expect(await banner.innerText()).toMatch(/Not live — last update .+ ago — reconnecting/);
      expect(await stateOf(board)).toBe('stale');

      const started = Date.now();
      await stack.startService('wallboard0');
      latencies.add('wallboard server restart → answering', Date.now() - started);
      await banner.waitFor({ state: 'detached', timeout: 60_000 });
      await board.locator('.board[data-live="live"]').waitFor({ state: 'attached', timeout: 30_000 });
      latencies.add('wallboard server restart → board live again', Date.now() - started);

      // The same page (never reloaded) takes new data through the restarted server.
      const w = unit.workers[0]!;
      const before = await openFigure(board, w.displayName);
      const posted = await postAccepted(stack.ingestUrl, stack.apiKey, [openCase(unit, w.workerId)]);
      await waitForOpenFigure(board, w.displayName, before + 1, 30_000);
      latencies.add('after server restart: ingest 202 → TV tile', Date.now() - posted.answeredAt);
      const counters = await readCounters(board);
      expect(counters?.marker).toBe('untouched');
      expect(counters?.leftLive).toBe(1);
    },
    RESTART_TIMEOUT,
  );

  it(
    'keeps a quiet unit live for two minutes: nothing changes, heartbeats keep it live',
    async () => {
      const left = quietSince + QUIET_MS - Date.now();
      if (left > 0) await new Promise((r) => setTimeout(r, left));
      const counters = await readCounters(quietBoard);
      latencies.add('quiet unit watched', Date.now() - quietSince);
      expect(counters?.marker).toBe('quiet');
      expect(counters?.seqChanges, 'the quiet unit received no new view').toBe(0);
      expect(counters?.leftLive, 'the quiet board never left live').toBe(0);
      expect(await stateOf(quietBoard)).toBe('live');
      // The panels' age is what heartbeats confirm, not the age of the last change.
      const age = await quietBoard.getByTestId('panel-age').first().innerText();
      expect(age).not.toMatch(/min/);
      await screenshot(quietBoard, 'board-unit-quiet-1920x1080');
    },
    QUIET_MS + 30_000,
  );

  it(
    'goes stale when the processor is killed and comes back live, untouched, when it restarts',
    async () => {
      const banner = board.getByTestId('stale-banner');
      const killed = Date.now();
      await stack.stopService('stream', 'SIGKILL');
      await banner.waitFor({ timeout: 30_000 });
      latencies.add('processor killed → stale banner', Date.now() - killed);
      expect(await banner.innerText()).toContain('processing delayed');

      // Ingest still accepts while the processor is down; nothing shows until it is back.
      const w = unit.workers[1]!;
      const before = await openFigure(board, w.displayName);
      await postAccepted(stack.ingestUrl, stack.apiKey, [openCase(unit, w.workerId)]);

      const restarted = Date.now();
      await stack.startService('stream');
      await banner.waitFor({ state: 'detached', timeout: 60_000 });
      await board.locator('.board[data-live="live"]').waitFor({ state: 'attached', timeout: 30_000 });
      latencies.add('processor restart → board live again', Date.now() - restarted);
      await waitForOpenFigure(board, w.displayName, before + 1, 30_000);
      latencies.add('processor restart → event sent while down shown', Date.now() - restarted);
      const counters = await readCounters(board);
      expect(counters?.marker).toBe('untouched');
      expect(counters?.leftLive).toBe(2);
    },
    RESTART_TIMEOUT,
  );
});
