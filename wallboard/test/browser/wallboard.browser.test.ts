import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  noteRecord,
  poolRecord,
  signalRecord,
  siteView,
  sitesView,
  uniqueId,
  viewMessage,
  workerDetail,
} from '../support/fixtures.ts';
import { login, sessionCookieOf, startWallboard, type WallboardHarness } from '../support/harness.ts';
import { teamFixture, teamView } from './support/board-fixture.ts';
import { devRuntimeChunks, ensureBuild } from './support/build.ts';
import { LatencyLog, launchChromium, screenshot, seriousViolations, type Browser } from './support/browser.ts';

/**
 * The wallboard in real Chromium against the real server code (express, Socket.IO, the SvelteKit
 * build) with real NATS and Redis; the processor's part is played by fixtures written where it
 * writes them. One browser and one server for the file; the tests run in order and share a unit.
 * Waits are up to 10 s and the latencies seen are printed, never asserted.
 */
const WAIT = 10_000;
// Per test: several page loads, each waited on for up to WAIT on a shared, busy 2-core machine.
const TEST_TIMEOUT = 60_000;
const team = teamFixture(14);
const FRESH = 'staleAfter=3&maxLag=3';
const latencies = new LatencyLog();

let wb: WallboardHarness;
let browser: Browser;
let progress: ReturnType<typeof setInterval> | undefined;
let tv: BrowserContext;
let tvPage: Page;
const note = noteRecord(team, uniqueId('N'));
const signal = signalRecord(team, note);

function reportProgress(on: boolean) {
  if (progress) clearInterval(progress);
  progress = undefined;
  // A running processor reports about once a second; a stopped one goes silent and its lag grows.
  if (on) progress = setInterval(() => void wb.fixtures.publishProgress({ lagMs: 150 }), 400);
}

/** A browser context signed in as a demo user, through the same `POST /auth/login` the form uses. */
async function signedIn(username: string, viewport?: { width: number; height: number }): Promise<BrowserContext> {
  const res = await login(wb.url, username, `${username}-password`);
  const pair = sessionCookieOf(res);
  if (!pair) throw new Error(`login of ${username} failed: ${res.status}`);
  const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
  const ctx = await browser.context(viewport);
  await ctx.addCookies([{ name, value, url: wb.url }]);
  return ctx;
}

/** Waits for the board to call itself live; on a timeout says what the page showed instead. */
async function waitLive(page: Page): Promise<void> {
  try {
    await page.locator('[data-live="live"]').waitFor({ state: 'attached', timeout: WAIT });
  } catch (e) {
    const state = await page
      .locator('.board')
      .getAttribute('data-live')
      .catch(() => null);
    const text = (
      await page
        .locator('body')
        .innerText()
        .catch(() => '')
    ).slice(0, 300);
    throw new Error(`not live at ${page.url()} (data-live=${state}): ${text}`, { cause: e });
  }
}

/** Waits for a locator; on a timeout keeps a screenshot and says what the page showed. */
async function shows(page: Page, selector: string): Promise<void> {
  try {
    await page.locator(selector).first().waitFor({ timeout: WAIT });
  } catch (e) {
    const shot = await screenshot(page, `failure-${Date.now()}`, tmpdir());
    const text = (
      await page
        .locator('body')
        .innerText()
        .catch(() => '')
    ).slice(0, 400);
    throw new Error(`${selector} not shown at ${page.url()} (screenshot ${shot}): ${text}`, { cause: e });
  }
}

async function expectAccessible(page: Page, name: string) {
  const violations = await seriousViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations)}`).toEqual([]);
}

beforeAll(async () => {
  const built = ensureBuild();
  if (built) console.log(`[browser] vite build took ${built} ms`);
  wb = await startWallboard({
    withPages: true,
    heartbeatMs: 500,
    demoScope: { units: [team.unitId], sites: [] },
  });
  await wb.fixtures.putView(viewMessage(teamView(team, 1)));
  await wb.fixtures.putView(viewMessage(siteView(team.siteId, [team])));
  await wb.fixtures.putView(viewMessage(sitesView([team.siteId, uniqueId('S')])));
  await wb.fixtures.putNote(note);
  await wb.fixtures.putSignal(signal);
  await wb.fixtures.putWorker(workerDetail(team, 0));
  await wb.fixtures.putPool(poolRecord(team, `${team.unitId}-C9`));
  reportProgress(true);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  reportProgress(false);
  latencies.print();
  await browser?.close();
  await wb?.stop();
});

describe('wallboard in chromium', () => {
  it('runs the production build, without Svelte’s development runtime', () => {
    // The dev runtime keeps stack traces and metadata per update: a TV on it grows its heap for hours.
    expect(devRuntimeChunks()).toEqual([]);
  });

  it(
    'sends a visitor to the login page and back to where they were going',
    async () => {
      const ctx = await browser.context();
      const page = await ctx.newPage();
      await page.goto(`${wb.url}/units/${team.unitId}`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await expectAccessible(page, 'login');
      await page.fill('#username', 'sam');
      await page.fill('#password', 'wrong-password');
      await page.click('button[type=submit]');
      await page.getByRole('alert').waitFor({ timeout: WAIT });
      await page.fill('#username', 'sam');
      await page.fill('#password', 'sam-password');
      const started = Date.now();
      await page.click('button[type=submit]');
      await page.waitForURL(`**/units/${team.unitId}`, { timeout: WAIT });
      await page.getByTestId('worker-row').first().waitFor({ timeout: WAIT });
      latencies.add('login → unit page with live data', Date.now() - started);
      expect(await page.getByTestId('worker-row').count()).toBe(14);
      await expectAccessible(page, 'unit page');
      await ctx.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'pairs a TV once, then shows its unit board without names, case ids or note text',
    async () => {
      const admin = await wb.token({ role: 'admin' });
      const created = await fetch(`${wb.url}/api/displays`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Northside TV', units: [team.unitId] }),
      });
      expect(created.status).toBe(201);
      const { pairingUrl } = (await created.json()) as { pairingUrl: string };
      tv = await browser.context({ width: 1920, height: 1080 });
      tvPage = await tv.newPage();
      await tvPage.goto(pairingUrl);
      await tvPage.waitForURL(`**/board/unit/${team.unitId}`, { timeout: WAIT });
      // The pairing link is single-use.
      const again = await fetch(pairingUrl, { redirect: 'manual' });
      expect(again.status).toBe(404);

      const started = Date.now();
      await tvPage.goto(`${wb.url}/board/unit/${team.unitId}?${FRESH}`);
      await tvPage.getByTestId('unit-board').waitFor({ timeout: WAIT });
      await waitLive(tvPage);
      latencies.add('TV board load → live', Date.now() - started);
      expect(await tvPage.getByTestId('worker-tile').count()).toBe(14);
      const text = await tvPage.locator('body').innerText();
      for (const w of team.workers) expect(text).not.toContain(w.name); // full names never on the wall
      expect(text).not.toContain(`${team.unitId}-C`); // no case ids
      expect(text).not.toContain('partner hit her'); // no note text
      expect(text).toMatch(/A worker in this unit is above the panel/); // drift shown unnamed
      // The page never scrolls at TV size.
      const overflow = await tvPage.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
      expect(overflow[0]).toBeLessThanOrEqual(overflow[1]!);
      await screenshot(tvPage, 'board-unit-1920x1080');
      await expectAccessible(tvPage, 'TV board');
    },
    TEST_TIMEOUT,
  );

  it(
    'updates the TV board when the processor publishes a new view, never going back to an older one',
    async () => {
      const next = teamView(team, 5);
      next.workers[2]!.openCases = 47;
      next.overdueTotals.contact = 9;
      const started = Date.now();
      await wb.fixtures.putView(viewMessage(next));
      await tvPage.locator('[data-testid="unit-board"][data-seq="5"]').waitFor({ timeout: WAIT });
      latencies.add('view published → TV DOM updated', Date.now() - started);
      await expect(tvPage.getByTestId('overdue-contact').innerText()).resolves.toBe('9');
      expect(await tvPage.getByTestId('worker-tile').nth(2).innerText()).toContain('47');
      // An older view (a late duplicate) is ignored: the board keeps seq 5.
      await wb.fixtures.publishView(viewMessage(teamView(team, 3)));
      await new Promise((r) => setTimeout(r, 800));
      expect(await tvPage.getByTestId('unit-board').getAttribute('data-seq')).toBe('5');
      // Nothing new for longer than the stale limit (3 s here): heartbeats keep a quiet unit live.
      await new Promise((r) => setTimeout(r, 3500));
      expect(await tvPage.locator('.board').getAttribute('data-live')).toBe('live');
    },
    TEST_TIMEOUT,
  );

  it(
    'shows the stale state when heartbeats stop and comes back live by itself',
    async () => {
      const banner = tvPage.getByTestId('stale-banner');
      const cut = Date.now();
      await tv.setOffline(true);
      await banner.waitFor({ timeout: WAIT });
      latencies.add('network cut → stale banner', Date.now() - cut);
      expect(await banner.innerText()).toMatch(/Not live — last update .+ ago — reconnecting/);
      await screenshot(tvPage, 'board-unit-stale-1920x1080');
      const back = Date.now();
      await tv.setOffline(false);
      await banner.waitFor({ state: 'detached', timeout: WAIT });
      await waitLive(tvPage);
      latencies.add('network back → live again', Date.now() - back);
    },
    TEST_TIMEOUT,
  );

  it(
    'shows the stale state when the processor stops reporting, and recovers when it resumes',
    async () => {
      const banner = tvPage.getByTestId('stale-banner');
      const stopped = Date.now();
      reportProgress(false);
      await banner.waitFor({ timeout: WAIT });
      latencies.add('processor silent → stale banner', Date.now() - stopped);
      expect(await banner.innerText()).toContain('processing delayed');
      reportProgress(true);
      await banner.waitFor({ state: 'detached', timeout: WAIT });
    },
    TEST_TIMEOUT,
  );

  it(
    'fills a 4K screen the same way',
    async () => {
      const big = await browser.context({ width: 3840, height: 2160 });
      await big.addCookies(await tv.cookies());
      const page = await big.newPage();
      await page.goto(`${wb.url}/board/unit/${team.unitId}?${FRESH}`);
      await waitLive(page);
      const overflow = await page.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight]);
      expect(overflow[0]).toBeLessThanOrEqual(overflow[1]!);
      await screenshot(page, 'board-unit-3840x2160');
      await big.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'fits a team of 20 on a 1080p and a 4K screen: no scrolling, nothing cut off, figures large',
    async () => {
      const big = teamFixture(20);
      await wb.fixtures.putView(viewMessage(teamView(big, 1)));
      const admin = await wb.token({ role: 'admin' });
      const created = await fetch(`${wb.url}/api/displays`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Big team TV', units: [big.unitId] }),
      });
      const { pairingUrl } = (await created.json()) as { pairingUrl: string };
      let cookies: Awaited<ReturnType<BrowserContext['cookies']>> = [];
      for (const [width, height] of [
        [1920, 1080],
        [3840, 2160],
      ] as const) {
        const ctx = await browser.context({ width, height });
        const page = await ctx.newPage();
        if (cookies.length === 0) {
          await page.goto(pairingUrl);
          await page.waitForURL(`**/board/unit/${big.unitId}`, { timeout: WAIT });
          cookies = await ctx.cookies();
        } else {
          await ctx.addCookies(cookies);
        }
        await page.goto(`${wb.url}/board/unit/${big.unitId}?${FRESH}`);
        await waitLive(page);
        expect(await page.getByTestId('worker-tile').count()).toBe(20);
        const fit = await page.evaluate(() => {
          const px = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
          const tiles = [...document.querySelectorAll('[data-testid="worker-tile"]')];
          return {
            scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
            // A tile's content taller or wider than the tile is cut off (tiles hide their overflow).
            clipped: tiles.filter((t) => t.scrollHeight > t.clientHeight + 1 || t.scrollWidth > t.clientWidth + 1)
              .length,
            // A display name cut short by its ellipsis.
            namesCut: [...document.querySelectorAll('[data-testid="worker-tile"] .dn')].filter(
              (n) => n.scrollWidth > n.clientWidth + 1,
            ).length,
            // A panel's data age cut short ("data just n…"): it must shorten itself instead.
            agesCut: [...document.querySelectorAll('[data-testid="panel-age"]')].filter(
              (n) => n.scrollWidth > n.clientWidth + 1,
            ).length,
            smallestFigure: Math.min(...tiles.flatMap((t) => [...t.querySelectorAll('.figure')].map(px))),
            smallestName: Math.min(...tiles.map((t) => px(t.querySelector('.dn')!))),
          };
        });
        console.log(
          `[browser] 20 workers at ${width}×${height}: smallest tile figure ${fit.smallestFigure.toFixed(1)} px, smallest name ${fit.smallestName.toFixed(1)} px`,
        );
        expect(fit.scroll[0]).toBeLessThanOrEqual(width);
        expect(fit.scroll[1]).toBeLessThanOrEqual(height);
        expect(fit.clipped).toBe(0);
        expect(fit.namesCut).toBe(0);
        expect(fit.agesCut).toBe(0);
        // From 3–5 m a figure needs to be about 1/45 of the screen's height or more.
        expect(fit.smallestFigure).toBeGreaterThanOrEqual(height / 45);
        await screenshot(page, `board-unit-20-workers-${width}x${height}`);
        await ctx.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'refuses the TV notes and other units',
    async () => {
      const page = await tv.newPage();
      await page.goto(`${wb.url}/notes/${note.noteId}`);
      await page.waitForURL('**/not-authorised', { timeout: WAIT });
      await expectAccessible(page, 'not-authorised');
      await page.goto(`${wb.url}/board/unit/${uniqueId('U')}`);
      await page.waitForURL('**/not-authorised', { timeout: WAIT });
      const api = await page.request.get(`${wb.url}/api/notes/${note.noteId}`);
      expect(api.status()).toBe(403);
      await page.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'takes two clicks from a drift signal to its paragraph, highlighted with its findings marked',
    async () => {
      const ctx = await signedIn('sam', { width: 1440, height: 900 });
      const page = await ctx.newPage();
      await page.goto(`${wb.url}/units/${team.unitId}`);
      const drift = page.locator('[data-testid="unit-signal"][data-kind="drift"]').getByTestId('signal-link');
      await drift.waitFor({ timeout: WAIT });
      const started = Date.now();
      await drift.click(); // click 1
      await page.getByTestId('evidence-link').first().waitFor({ timeout: WAIT });
      expect(await page.getByTestId('evidence').first().innerText()).toContain('partner hit her');
      // The header and the way back name the unit, not only its id.
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByText('Northside Family Support')
        .waitFor({ timeout: WAIT });
      await page.getByRole('link', { name: '← Northside Family Support' }).waitFor({ timeout: WAIT });
      await expectAccessible(page, 'signal page');
      await screenshot(page, 'drilldown-signal');
      await page.getByTestId('evidence-link').first().click(); // click 2
      const cited = page.getByTestId('cited-paragraph');
      await shows(page, '[data-testid="cited-paragraph"]');
      latencies.add('signal → evidence → paragraph (two clicks)', Date.now() - started);
      expect(new URL(page.url()).pathname).toBe(`/notes/${note.noteId}`);
      expect(await cited.innerText()).toContain('Mother disclosed');
      expect(await cited.getByTestId('finding').innerText()).toBe('partner hit her');
      await expectAccessible(page, 'note page');
      await screenshot(page, 'drilldown-note');
      await ctx.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'renders a note holding a <script> as text',
    async () => {
      const hostile = noteRecord(
        team,
        uniqueId('N'),
        'Client wrote in the portal: <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2">\n\nMother disclosed that her partner hit her.',
      );
      await wb.fixtures.putNote(hostile);
      const ctx = await signedIn('lee');
      const page = await ctx.newPage();
      await page.goto(`${wb.url}/notes/${hostile.noteId}`);
      const article = page.getByTestId('note');
      await article.waitFor({ timeout: WAIT });
      expect(await article.innerText()).toContain('<script>window.__pwned = 1</script>');
      expect(await article.locator('script, img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await ctx.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'has no serious accessibility violation on the other pages',
    async () => {
      const sam = await signedIn('sam');
      const page = await sam.newPage();
      for (const path of [`/workers/${team.workers[0]!.workerId}`, `/units/${team.unitId}/pool`]) {
        await page.goto(`${wb.url}${path}`);
        await shows(page, 'main table');
        await expectAccessible(page, path);
      }
      await sam.close();
      // A site board is for the site's screens and county-wide roles, not for a unit's lead.
      const ops = await signedIn('ops');
      const opsPage = await ops.newPage();
      await opsPage.goto(`${wb.url}/board/site/${team.siteId}`);
      await shows(opsPage, '[data-testid="site-board"]');
      await expectAccessible(opsPage, 'site board');
      await opsPage.goto(`${wb.url}/sites`);
      await opsPage.getByTestId('site-multiple').first().waitFor({ timeout: WAIT });
      expect(await opsPage.getByTestId('site-multiple').count()).toBe(2);
      await expectAccessible(opsPage, '/sites');
      await screenshot(opsPage, 'sites');
      await ops.close();
      const audrey = await signedIn('audrey');
      const auditPage = await audrey.newPage();
      await auditPage.goto(`${wb.url}/audit`);
      await auditPage.getByTestId('audit-entry').first().waitFor({ timeout: WAIT });
      // The note reads of the drill-down tests are in the log.
      expect(await auditPage.locator('main').innerText()).toContain('note.read');
      await expectAccessible(auditPage, '/audit');
      await audrey.close();
    },
    // Five pages, each loaded and scanned by axe: on a loaded 2-core box that outran one test's budget.
    3 * TEST_TIMEOUT,
  );
});
