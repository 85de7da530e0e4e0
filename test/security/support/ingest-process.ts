import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, TEST_API_KEY, TEST_NOTE_KEY, TEST_SITE_KEY } from '@caseload/shared/testing';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface IngestProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote (its pino log lines and any crash output). */
  output: string[];
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * Ingest as its own process (`ingest/src/server.ts`), so its memory is its own to measure and a
 * crash shows as an exit. Settings come from the environment, as in production.
 */
export async function spawnIngest(natsUrl: string, env: Record<string, string> = {}): Promise<IngestProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'ingest/src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NATS_URL: natsUrl,
      INGEST_PORT: String(port),
      INGEST_HOST: '127.0.0.1',
      INGEST_API_KEYS: `${TEST_API_KEY},${TEST_SITE_KEY}=north`,
      NOTE_ENCRYPTION_KEY: TEST_NOTE_KEY,
      PARTITIONS: '4',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
  child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ingest exited with ${child.exitCode}:\n${output.join('')}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`ingest not ready within 30 s:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    child,
    output,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => (clearTimeout(force), resolve()));
        child.kill('SIGTERM');
      }),
  };
}
