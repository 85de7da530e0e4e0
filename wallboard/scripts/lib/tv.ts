import type { Page } from 'playwright-core';
import { issueToken } from '../issue-token.ts';
import type { Browser } from '../../test/browser/support/browser.ts';
import type { RealStack } from './real-stack.ts';

/**
 * A TV paired the way a real one is (CONTRACT §4 `display`, issue 5 "TV pairing"): a display is
 * created for the unit, the TV opens its one-time pairing URL once and from then on holds its
 * session cookie. Returns the board page, on `query` (e.g. freshness thresholds) when given.
 */
export async function pairedBoard(
  stack: RealStack,
  browser: Browser,
  unitId: string,
  opts: { width?: number; height?: number; query?: string; wallboard?: number } = {},
): Promise<Page> {
  const origin = stack.wallboardUrls[opts.wallboard ?? 0]!;
  const { pairingUrl } = await issueToken(
    { role: 'display', units: [unitId], sites: [], name: `TV ${unitId}`, ttlSeconds: 86_400 },
    { ...stack.env, WALLBOARD_ORIGIN: origin },
  );
  if (!pairingUrl) throw new Error('no pairing URL was issued');
  const ctx = await browser.context({ width: opts.width ?? 1920, height: opts.height ?? 1080 });
  const page = await ctx.newPage();
  await page.goto(pairingUrl);
  await page.waitForURL(`**/board/unit/${unitId}`, { timeout: 30_000 });
  if (opts.query) await page.goto(`${origin}/board/unit/${unitId}?${opts.query}`);
  return page;
}

/** Waits until the board calls itself live and shows a view. */
export async function boardLive(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('[data-testid="unit-board"]').waitFor({ timeout: timeoutMs });
  await page.locator('.board[data-live="live"]').waitFor({ state: 'attached', timeout: timeoutMs });
}
