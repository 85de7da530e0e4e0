import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { PROGRESS_SUBJECT, ProgressMessage } from '@caseload/shared';
import {
  freePort,
  startNats,
  startRedis,
  startService,
  waitForHttp,
  type OwnedServer,
  type ServiceProcess,
} from '@caseload/shared/devstack';

/**
 * The whole system as real processes on free ports, for the soak and latency scripts and the
 * restart tests: its own nats-server and redis-server, then ingest, the stream processor and one or
 * more wallboard servers, each a child process in its own process group, stopped by PID. Services
 * can be stopped and started again on the same port, as an operator (or a crash) would.
 */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export type ServiceName = 'ingest' | 'stream' | `wallboard${number}`;

export interface RealStackOptions {
  clock?: 'wall' | 'event';
  wallboards?: number;
  partitions?: number;
  /** Where each service writes `<name>.log` (default: a temporary directory, removed on stop). */
  logDir?: string;
  /** Fixed secrets (tests pass the shared test ones); invented per run otherwise. */
  authSecret?: string;
  noteKey?: string;
  logLevel?: 'warn' | 'info';
}

export interface RealStack {
  natsUrl: string;
  redisUrl: string;
  ingestUrl: string;
  apiKey: string;
  /** One origin per wallboard server, e.g. http://127.0.0.1:41234. */
  wallboardUrls: string[];
  /** The variables every service got (secrets included), e.g. for `issueToken`. */
  env: Record<string, string>;
  logDir: string;
  /** Stops a service: SIGTERM (graceful) or SIGKILL (a crash). */
  stopService(name: ServiceName, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts a stopped service again with the same settings and port, and waits until it answers. */
  startService(name: ServiceName): Promise<void>;
  /** Resolves when some processor instance reports owning partitions (it is consuming). */
  processorReady(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface Spec {
  script: string;
  env: Record<string, string>;
  /** HTTP URL that answers 2xx when the service is ready; none for the processor. */
  readyUrl?: string;
}

export async function startRealStack(opts: RealStackOptions = {}): Promise<RealStack> {
  const ownLogDir = !opts.logDir;
  const logDir = opts.logDir ?? mkdtempSync(join(tmpdir(), 'caseload-stack-logs-'));
  const usersDir = mkdtempSync(join(tmpdir(), 'caseload-stack-users-'));
  const servers: OwnedServer[] = [];
  const running = new Map<ServiceName, ServiceProcess>();
  const specs = new Map<ServiceName, Spec>();
  try {
    const [nats, redis] = await Promise.all([startNats(), startRedis()]);
    servers.push(nats, redis);
    const apiKey = `stack-${randomBytes(12).toString('hex')}`;
    const ingestPort = await freePort();
    const ingestUrl = `http://127.0.0.1:${ingestPort}`;
    const env: Record<string, string> = {
      NATS_URL: nats.url,
      REDIS_URL: redis.url,
      AUTH_SECRET: opts.authSecret ?? randomBytes(32).toString('base64url'),
      NOTE_ENCRYPTION_KEY: opts.noteKey ?? randomBytes(32).toString('hex'),
      INGEST_API_KEYS: apiKey,
      INGEST_API_KEY: apiKey,
      INGEST_URL: ingestUrl,
      INGEST_PORT: String(ingestPort),
      INGEST_HOST: '127.0.0.1',
      USERS_FILE: join(usersDir, 'users.json'),
      CLOCK: opts.clock ?? 'wall',
      PARTITIONS: String(opts.partitions ?? 4),
      LOG_LEVEL: opts.logLevel ?? 'warn',
    };
    specs.set('ingest', { script: 'ingest/src/server.ts', env, readyUrl: `${ingestUrl}/readyz` });
    specs.set('stream', { script: 'stream/src/main.ts', env });
    const wallboardUrls: string[] = [];
    for (let i = 0; i < (opts.wallboards ?? 1); i++) {
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      wallboardUrls.push(origin);
      specs.set(`wallboard${i}`, {
        script: 'wallboard/server.ts',
        env: {
          ...env,
          WALLBOARD_PORT: String(port),
          WALLBOARD_HOST: '127.0.0.1',
          WALLBOARD_ORIGIN: origin,
          INSTANCE_ID: `wallboard-${i}`,
        },
        readyUrl: `${origin}/healthz`,
      });
    }

    const launch = async (name: ServiceName) => {
      const spec = specs.get(name);
      if (!spec) throw new Error(`no service ${name}`);
      const p = startService({
        name,
        command: TSX,
        args: [spec.script],
        env: spec.env,
        cwd: REPO_ROOT,
        logFile: join(logDir, `${name}.log`),
      });
      running.set(name, p);
      if (spec.readyUrl) await waitForHttp(spec.readyUrl, { process: p, timeoutMs: 90_000 });
    };
    const stopService = async (name: ServiceName, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
      const p = running.get(name);
      running.delete(name);
      await p?.stop(signal, signal === 'SIGKILL' ? 0 : 8000);
    };

    // Ingest creates the events stream; the processor and the wallboards start beside each other.
    await launch('ingest');
    await Promise.all([launch('stream'), ...wallboardUrls.map((_, i) => launch(`wallboard${i}`))]);

    const stack: RealStack = {
      natsUrl: nats.url,
      redisUrl: redis.url,
      ingestUrl,
      apiKey,
      wallboardUrls,
      env: { ...env, WALLBOARD_ORIGIN: wallboardUrls[0] ?? '' },
      logDir,
      stopService,
      startService: launch,
      processorReady: (timeoutMs = 60_000) => processorReporting(nats.url, timeoutMs),
      async stop() {
        for (const name of [...running.keys()].reverse()) await stopService(name);
        await Promise.all(servers.map((s) => s.destroy()));
        rmSync(usersDir, { recursive: true, force: true });
        if (ownLogDir) rmSync(logDir, { recursive: true, force: true });
      },
    };
    return stack;
  } catch (e) {
    for (const p of running.values()) await p.stop('SIGKILL', 0);
    await Promise.all(servers.map((s) => s.destroy()));
    rmSync(usersDir, { recursive: true, force: true });
    throw new Error(`the stack did not start (logs in ${logDir}): ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
}

/** Waits for a progress report from an instance that owns at least one partition. */
async function processorReporting(natsUrl: string, timeoutMs: number): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const sub = nc.subscribe(PROGRESS_SUBJECT);
    const timer = setTimeout(() => sub.unsubscribe(), timeoutMs);
    for await (const m of sub) {
      const parsed = ProgressMessage.safeParse(m.json());
      if (parsed.success && parsed.data.partitions.length > 0) {
        clearTimeout(timer);
        return;
      }
    }
    throw new Error(`no processor reported owning partitions within ${timeoutMs} ms`);
  } finally {
    await nc.close();
  }
}
