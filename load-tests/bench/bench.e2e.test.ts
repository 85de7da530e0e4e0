import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BenchResult } from './result.ts';

/**
 * `npm run bench` end to end in a tiny mode: the real stack (its own nats-server, redis-server,
 * ingest, processor, wallboard), a small unit-scale load at a fixed rate, 5 screens in 2 processes.
 * It writes to a temporary directory, never over the committed results.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'bench-e2e-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'load-tests/bench/run.ts'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const committed = join(root, 'load-tests/bench/results/latest.json');
const committedStamp = () => (existsSync(committed) ? statSync(committed).mtimeMs : 0);
const committedBefore = committedStamp();

describe('npm run bench (tiny mode)', () => {
  it(
    'runs the whole stack and writes a latest.json that validates against the CONTRACT §6 schema',
    { timeout: 180_000 },
    async () => {
      const { code, output } = await runBench([
        ...['--scale', 'unit', '--flow-days', '2', '--rate', '60', '--duration', '4', '--batch', '10'],
        ...['--clients', '5', '--client-procs', '2', '--baseline-messages', '1000', '--warm-up', '6', '--out', out],
      ]);
      expect(code, output).toBe(0);
      const result = BenchResult.parse(JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')));
      expect(result.scenario).toBe('unit');
      expect(result.search).toHaveLength(1);
      expect(result.search[0]).toMatchObject({ kind: 'hold', rate: 60, seconds: 4 });
      expect(result.events).toBeGreaterThan(100);
      expect(result.throughput.processedEventsPerSecond).toBeGreaterThan(0);
      expect(result.baseline.jetstreamPublishConsumePerSecond).toBeGreaterThan(0);
      expect(result.ratioToBaseline).toBeCloseTo(
        result.throughput.processedEventsPerSecond / result.baseline.jetstreamPublishConsumePerSecond,
        2,
      );
      expect(result.latencyMs.ingestToView.samples).toBeGreaterThan(5);
      expect(result.sockets.clients).toBe(5);
      expect(result.sockets.viewsDeliveredPerSecond).toBeGreaterThan(0);
      expect(result.cpuPercent.stream).toBeGreaterThan(0);
      expect(result.memoryMB.stream).toBeGreaterThan(20);
      const history = readFileSync(join(out, 'history.jsonl'), 'utf8').trim().split('\n');
      expect(history).toHaveLength(1);
      expect(JSON.parse(history[0]!)).toMatchObject({
        processedEventsPerSecond: result.throughput.processedEventsPerSecond,
      });
      expect(output).toContain('| ratio to baseline |');
      expect(committedStamp()).toBe(committedBefore);
    },
  );
});
