import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's chromium driven by playwright-core (no browser downloads here), in a fresh profile each run,
 * plus the two checks every page gets: axe-core and the screenshot that a person then looks at.
 */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

export interface Browser {
  context(opts?: { width?: number; height?: number; scale?: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  // launch() gives chromium a new temporary profile (user-data-dir) each time and removes it on close.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
  });
  return {
    async context(opts = {}) {
      const size = { width: opts.width ?? 1366, height: opts.height ?? 900 };
      const ctx = await browser.newContext({ viewport: size, deviceScaleFactor: opts.scale ?? 1 });
      // Page errors and failed API calls are printed, so a failing test says what the page saw.
      ctx.on('page', (page) => {
        page.on('pageerror', (e) => console.log(`[page error] ${page.url()}: ${e.message}`));
        page.on('console', (m) => {
          if (m.type() === 'error') console.log(`[console error] ${page.url()}: ${m.text()}`);
        });
        page.on('response', (r) => {
          if (r.status() >= 400 && r.url().includes('/api/')) console.log(`[api ${r.status()}] ${r.url()}`);
        });
      });
      return ctx;
    },
    async close() {
      await browser.close();
    },
  };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** The first few offending elements, as axe names them, with its reason. */
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, so the page's strict CSP does not need loosening for it.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<AxeResults> } }).axe;
    type AxeNode = { target: string[]; failureSummary?: string };
    type AxeResults = { violations: { id: string; impact: string | null; help: string; nodes: AxeNode[] }[] };
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').slice(0, 160)}`),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Saves a screenshot; the kept ones go beside the tests, failure shots (`dir`) elsewhere. */
export async function screenshot(page: Page, name: string, dir = SCREENSHOTS): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Latencies the tests saw, printed at the end: speed is the bench's to judge, not an assertion here. */
export class LatencyLog {
  readonly entries: { what: string; ms: number }[] = [];
  add(what: string, ms: number) {
    this.entries.push({ what, ms: Math.round(ms) });
  }
  print() {
    for (const e of this.entries) console.log(`[browser latency] ${e.what}: ${e.ms} ms`);
  }
}
