import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  freePort,
  PROCESSOR_NODE_FLAGS,
  startNats,
  startRedis,
  startService,
  waitForHttp,
  type OwnedServer,
  type ServiceProcess,
} from '@caseload/shared/devstack';

/**
 * The bench's own stack, on free ports with data in a temporary directory: real nats-server
 * (JetStream) and redis-server, then ingest, the processor and the wallboard, each a plain
 * `node --import tsx` process in its own process group (so its pid is the one whose CPU and
 * memory we read), optionally pinned to cores with taskset and profiled with --cpu-prof.
 */
export type ServiceName = 'ingest' | 'stream' | 'wallboard';

export interface StackOptions {
  root: string;
  dir: string;
  partitions: number;
  /** taskset core list for the processor, e.g. "0" or "0,1". */
  streamCpus?: string;
  /** Processor instances (default 1). */
  processors?: number;
  /** Write CPU profiles of these services into `profileDir`. */
  profile?: { dir: string; services: ServiceName[] };
  log: (line: string) => void;
}

export interface BenchStack {
  natsUrl: string;
  redisUrl: string;
  ingestUrl: string;
  wallboardUrl: string;
  apiKey: string;
  env: Record<string, string>;
  pids: Record<'nats' | 'redis' | ServiceName, number>;
  /** Every processor instance (`pids.stream` is the first). */
  streams: number[];
  stop(): Promise<void>;
}

export class StackParts {
  servers: OwnedServer[] = [];
  services: ServiceProcess[] = [];
  stopping = false;

  /**
   * Services first, then the servers. The processor gets a long grace: it saves a final checkpoint,
   * and a --cpu-prof profile is written only on a clean exit.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const s of [...this.services].reverse()) await s.stop('SIGTERM', s.name === 'stream' ? 45_000 : 10_000);
    for (const s of [...this.servers].reverse()) await s.destroy();
    this.services = [];
    this.servers = [];
  }
}

export async function startNatsAndRedis(
  parts: StackParts,
  dir: string,
): Promise<{ nats: OwnedServer; redis: OwnedServer }> {
  // Each server is registered the moment it is up, and stopped at once if a stop came meanwhile,
  // so a Ctrl-C during start-up leaves nothing behind.
  const own = async (s: OwnedServer) => {
    parts.servers.push(s);
    if (parts.stopping) await parts.stop();
    return s;
  };
  const [nats, redis] = await Promise.all([
    startNats({ dataDir: join(dir, 'nats') }).then(own),
    startRedis({ dataDir: join(dir, 'redis') }).then(own),
  ]);
  if (parts.stopping) throw new Error('stopped');
  return { nats, redis };
}

export async function startServices(
  parts: StackParts,
  servers: { nats: OwnedServer; redis: OwnedServer },
  o: StackOptions,
): Promise<BenchStack> {
  const [ingestPort, wallboardPort] = [await freePort(), await freePort()];
  const apiKey = `bench-${randomBytes(12).toString('hex')}`;
  const ingestUrl = `http://127.0.0.1:${ingestPort}`;
  const wallboardUrl = `http://127.0.0.1:${wallboardPort}`;
  const env: Record<string, string> = {
    NATS_URL: servers.nats.url,
    REDIS_URL: servers.redis.url,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    NOTE_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    INGEST_API_KEYS: apiKey,
    INGEST_API_KEY: apiKey,
    INGEST_PORT: String(ingestPort),
    INGEST_HOST: '127.0.0.1',
    INGEST_URL: ingestUrl,
    WALLBOARD_PORT: String(wallboardPort),
    WALLBOARD_HOST: '127.0.0.1',
    WALLBOARD_ORIGIN: wallboardUrl,
    USERS_FILE: join(o.dir, 'users.json'),
    PARTITIONS: String(o.partitions),
    CLOCK: 'wall',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  };
  const run = (name: ServiceName, script: string, cpus?: string, instance: string = name) => {
    // The processor runs with the heap settings npm start and the image give it.
    const nodeArgs = [...(name === 'stream' ? PROCESSOR_NODE_FLAGS : []), '--import', 'tsx'];
    if (o.profile?.services.includes(name)) nodeArgs.unshift('--cpu-prof', `--cpu-prof-dir=${o.profile.dir}`);
    const node = [process.execPath, ...nodeArgs, join(o.root, script)];
    const [command, ...args] = cpus ? ['taskset', '-c', cpus, ...node] : node;
    const p = startService({
      name,
      command: command!,
      args,
      env: { ...env, INSTANCE_ID: `bench-${instance}` },
      cwd: o.root,
      logFile: join(o.dir, 'logs', `${instance}.log`),
    });
    parts.services.push(p);
    if (parts.stopping) void p.stop('SIGTERM', 5000);
    p.exited.then((code) => {
      if (!parts.stopping) o.log(`✖ ${instance} exited (${code}); see ${join(o.dir, 'logs', `${instance}.log`)}`);
    });
    return p;
  };
  const ingest = run('ingest', 'ingest/src/server.ts');
  // Several instances share the partitions through their leases; pinned, one listed core each in turn.
  const cores = o.streamCpus?.split(',');
  const n = o.processors ?? 1;
  const streams = Array.from({ length: n }, (_, i) =>
    run(
      'stream',
      'stream/src/main.ts',
      n > 1 && cores ? cores[i % cores.length] : o.streamCpus,
      n > 1 ? `stream-${i + 1}` : 'stream',
    ),
  );
  const stream = streams[0]!;
  const wallboard = run('wallboard', 'wallboard/server.ts');
  await Promise.all([
    waitForHttp(`${ingestUrl}/readyz`, { process: ingest, timeoutMs: 90_000 }),
    waitForHttp(`${wallboardUrl}/healthz`, { process: wallboard, timeoutMs: 90_000 }),
  ]);
  return {
    natsUrl: servers.nats.url,
    redisUrl: servers.redis.url,
    ingestUrl,
    wallboardUrl,
    apiKey,
    env,
    pids: {
      nats: servers.nats.pid,
      redis: servers.redis.pid,
      ingest: ingest.child.pid!,
      stream: stream.child.pid!,
      wallboard: wallboard.child.pid!,
    },
    streams: streams.map((s) => s.child.pid!),
    stop: () => parts.stop(),
  };
}
