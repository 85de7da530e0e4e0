import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError, parseCliArgs } from './cli-args.ts';
import type { GroundTruth } from './truth.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simulate CLI', () => {
  it('parses its options and refuses bad ones naming them', () => {
    expect(parseCliArgs([])).toMatchObject({ scale: 'county', seed: '1', concurrency: 4 });
    const a = parseCliArgs([
      '--scale',
      'unit',
      '--speed',
      '500',
      '--seed',
      'abc',
      '--url',
      'http://x:1/',
      '--rate',
      '200',
      '--days',
      '7',
    ]);
    expect(a).toMatchObject({ scale: 'unit', speed: 500, seed: 'abc', url: 'http://x:1', rate: 200, days: 7 });
    expect(() => parseCliArgs(['--scale', 'planet'])).toThrow(/--scale/);
    expect(() => parseCliArgs(['--speed'])).toThrow(CliError);
    expect(() => parseCliArgs(['--bogus'])).toThrow(/--bogus/);
  });

  it('writes NDJSON events and a ground-truth file whose totals match them, and sends the same events to a URL', async () => {
    const out = join(dir, 'events.ndjson');
    const truth = join(dir, 'truth.json');
    const args = [
      'shared/src/sim/cli.ts',
      '--scale',
      'unit',
      '--seed',
      '4',
      '--days',
      '14',
      '--start',
      '2026-03-02T12:00:00Z',
    ];
    const { stderr } = await run(
      join(root, 'node_modules/.bin/tsx'),
      [...args, '--out', out, '--ground-truth', truth],
      { cwd: root },
    );
    expect(stderr).toMatch(/done: \d+ events written/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const gt = JSON.parse(readFileSync(truth, 'utf8')) as GroundTruth;
    expect(gt.totals.events).toBe(lines.length);
    const notes = lines.filter((l) => l.includes('"caseload.note.submitted"')).length;
    expect(gt.totals.notes.submitted).toBe(notes);
    expect(gt.drifts.length).toBe(3);
    expect(gt.clusters.length).toBeGreaterThanOrEqual(1);
    expect(gt.overloaded.some((o) => o.injected)).toBe(true);
    expect(Object.keys(gt.totals.flagsPerWorker)).toHaveLength(12);
    expect(gt.rules.overdueNote).toMatch(/business days/);
    // The same run sent to an ingest URL posts exactly those events, in batches, with the key.
    const got: { auth?: string; type?: string; ids: string[] }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const events = JSON.parse(body) as { id: string }[];
        got.push({ auth: req.headers.authorization, type: req.headers['content-type'], ids: events.map((e) => e.id) });
        res
          .writeHead(202, { 'content-type': 'application/json' })
          .end(JSON.stringify({ accepted: events.length, duplicates: 0 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await run(
        join(root, 'node_modules/.bin/tsx'),
        [...args, '--url', url, '--api-key', 'test-key-0123456789', '--speed', '10000000'],
        { cwd: root },
      );
    } finally {
      server.close();
    }
    const sent = got.flatMap((g) => g.ids);
    const parsed = lines.map((l) => JSON.parse(l) as { id: string; type: string });
    expect(sent.slice().sort()).toEqual(parsed.map((e) => e.id).sort());
    // Batches may overtake each other in flight, but the roster is all in before any case, and the
    // opening caseloads before the day-to-day flow.
    const pos = new Map(sent.map((id, i) => [id, i]));
    const firstCase = parsed.findIndex((e) => e.type === 'caseload.case.opened');
    const firstFlow = parsed.findIndex((e) => e.type !== 'caseload.case.opened' && parsed.indexOf(e) > firstCase);
    const maxPos = (xs: { id: string }[]) => Math.max(...xs.map((e) => pos.get(e.id)!));
    const minPos = (xs: { id: string }[]) => Math.min(...xs.map((e) => pos.get(e.id)!));
    expect(maxPos(parsed.slice(0, firstCase))).toBeLessThan(minPos(parsed.slice(firstCase)));
    expect(maxPos(parsed.slice(0, firstFlow))).toBeLessThan(minPos(parsed.slice(firstFlow)));
    expect(
      got.every((g) => g.auth === 'Bearer test-key-0123456789' && g.type === 'application/cloudevents-batch+json'),
    ).toBe(true);
    expect(Math.max(...got.map((g) => g.ids.length))).toBeLessThanOrEqual(100);
  });
});
