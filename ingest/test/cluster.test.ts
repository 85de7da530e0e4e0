import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, startNats, TEST_API_KEY, TEST_NOTE_KEY, type OwnedServer } from '@caseload/shared/testing';
import { note } from './helpers.ts';

/**
 * INGEST_WORKERS=2: the real process (`ingest/src/server.ts`) as a cluster primary with two workers
 * on one port. Requests on fresh connections reach both; `/metrics` from either sums both; SIGTERM to
 * the primary drains and stops every process; a worker that dies is replaced.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let nats: OwnedServer;
let primary: ChildProcess;
let url: string;
const output: string[] = [];

beforeAll(async () => {
  nats = await startNats();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  primary = spawn(process.execPath, ['--import', 'tsx', 'ingest/src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NATS_URL: nats.url,
      INGEST_PORT: String(port),
      INGEST_HOST: '127.0.0.1',
      INGEST_API_KEYS: TEST_API_KEY,
      NOTE_ENCRYPTION_KEY: TEST_NOTE_KEY,
      PARTITIONS: '4',
      INGEST_WORKERS: '2',
      LOG_LEVEL: 'info', // the primary says when every worker listens
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  primary.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
  primary.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
  const deadline = Date.now() + 45_000;
  // ready once both workers listen (the primary forks the second after the first is up)
  while (!output.join('').includes('ingest workers listening')) {
    if (primary.exitCode !== null) throw new Error(`ingest exited:\n${output.join('')}`);
    if (Date.now() > deadline) throw new Error(`ingest workers not ready:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 60_000);

afterAll(async () => {
  if (primary && primary.exitCode === null) primary.kill('SIGKILL');
  await nats?.destroy();
});

/** One batch of two notes on a fresh connection (the primary hands connections to workers in turn). */
async function postBatch(): Promise<number> {
  const r = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/cloudevents-batch+json',
      authorization: `Bearer ${TEST_API_KEY}`,
      connection: 'close',
    },
    body: JSON.stringify([note('U-c1'), note('U-c2')]),
    signal: AbortSignal.timeout(15_000),
  });
  await r.arrayBuffer();
  return r.status;
}

/** Live child processes of the primary that run ingest (its workers; not e.g. tsx's esbuild), from /proc. */
function workerPids(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const isIngest = readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('ingest/src/server.ts');
      if (Number(fields[1]) === primary.pid && fields[0] !== 'Z' && isIngest) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

it('serves from both workers on one port, sums their metrics, replaces a dead worker, stops all on SIGTERM', async () => {
  const pids = workerPids();
  expect(pids).toHaveLength(2);

  const REQUESTS = 6;
  for (let i = 0; i < REQUESTS; i++) expect(await postBatch()).toBe(202);
  // Each worker counts only what it served; the primary sums them, whichever worker answers.
  for (let i = 0; i < 2; i++) {
    const text = await (await fetch(`${url}/metrics`, { headers: { connection: 'close' } })).text();
    expect(text).toMatch(new RegExp(`ingest_events_total\\{outcome="accepted"\\} ${2 * REQUESTS}\\b`));
    expect(text).toMatch(new RegExp(`ingest_http_requests_total\\{route="/v1/events",status="202"\\} ${REQUESTS}\\b`));
  }

  // A worker that dies is replaced, and the port answers through the new one as well.
  process.kill(pids[0]!, 'SIGKILL');
  const deadline = Date.now() + 30_000;
  while (!output.join('').includes('"instance":"w3"') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  const now = workerPids();
  expect(now).toHaveLength(2);
  expect(now).toContain(pids[1]);
  expect(output.join('')).toContain('ingest worker died; starting another');
  for (let i = 0; i < 4; i++) expect(await postBatch()).toBe(202);

  const exited = new Promise<number | null>((r) => primary.once('exit', (code) => r(code)));
  primary.kill('SIGTERM');
  expect(await exited).toBe(0);
  for (const pid of now) expect(() => process.kill(pid, 0)).toThrow(); // no worker left behind
}, 60_000);
