import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts real nats-server (JetStream) and redis-server processes on free loopback ports, for tests,
 * benches and `npm start`. Each call owns its processes and data directories and stops them by PID.
 */
export interface ManagedServer {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Stops the process (SIGTERM, then SIGKILL after a grace period). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function managed(
  name: string,
  port: number,
  dataDir: string,
  url: string,
  command: string,
  args: string[],
  opts: { ownsDir: boolean; log?: (line: string) => void },
): ManagedServer {
  let child: ChildProcess | undefined;
  const launch = async () => {
    const c = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    let output = '';
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-4000);
      opts.log?.(b.toString());
    };
    c.stdout?.on('data', keep);
    c.stderr?.on('data', keep);
    const exited = new Promise<never>((_, reject) =>
      c.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it listened:\n${output}`))),
    );
    await Promise.race([waitForPort(port), exited]);
    c.removeAllListeners('exit');
  };
  const server: ManagedServer = {
    url,
    port,
    dataDir,
    get pid() {
      return child?.pid ?? -1;
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => c.kill('SIGKILL'), 5000);
        c.once('exit', () => (clearTimeout(t), resolve()));
        c.kill(signal);
      });
    },
    async restart() {
      await server.stop();
      await launch();
    },
  };
  const origStop = server.stop;
  const cleanup = async (signal?: NodeJS.Signals) => {
    await origStop(signal);
  };
  return Object.assign(server, {
    stop: cleanup,
    start: launch,
    destroy: async () => {
      await cleanup();
      if (opts.ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export type OwnedServer = ManagedServer & { start(): Promise<void>; destroy(): Promise<void> };

export interface StartOptions {
  port?: number;
  dataDir?: string;
  log?: (line: string) => void;
}

export async function startNats(opts: StartOptions = {}): Promise<OwnedServer> {
  const port = opts.port ?? (await freePort());
  const ownsDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'caseload-nats-'));
  mkdirSync(dataDir, { recursive: true });
  const s = managed(
    'nats-server',
    port,
    dataDir,
    `nats://127.0.0.1:${port}`,
    'nats-server',
    ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dataDir],
    { ownsDir, log: opts.log },
  ) as OwnedServer;
  await s.start();
  return s;
}

export async function startRedis(opts: StartOptions & { persist?: boolean } = {}): Promise<OwnedServer> {
  const port = opts.port ?? (await freePort());
  const ownsDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'caseload-redis-'));
  mkdirSync(dataDir, { recursive: true });
  const persistence = opts.persist
    ? ['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '60 1000']
    : ['--appendonly', 'no', '--save', ''];
  const s = managed(
    'redis-server',
    port,
    dataDir,
    `redis://127.0.0.1:${port}`,
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--protected-mode', 'no', ...persistence],
    { ownsDir, log: opts.log },
  ) as OwnedServer;
  await s.start();
  return s;
}
