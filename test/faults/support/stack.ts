import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createClient } from 'redis';
import { ensureEventsStream, makeKeyring, type NoteKeyring } from '@caseload/shared';
import {
  freePort,
  startNats,
  startRedis,
  TEST_API_KEY,
  TEST_AUTH_SECRET,
  TEST_NOTE_KEY,
  type OwnedServer,
} from '@caseload/shared/testing';
import { Service } from './services.ts';

/** The test's own Redis client: retries forever, so it rides out a Redis restart. */
function makeRedis(url: string) {
  return createClient({ url, socket: { reconnectStrategy: () => 200 } });
}
export type RedisClient = ReturnType<typeof makeRedis>;

/** Every process of every live stack: killed by PID if the test process exits first (a timeout). */
const live = new Set<() => (number | undefined)[]>();
process.once('exit', () => {
  for (const pids of live)
    for (const pid of pids())
      if (pid && pid > 0)
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
});

/** Where each fault's service logs are kept after its run (git-ignored). */
const LOGS = fileURLToPath(new URL('../results/logs', import.meta.url));

/**
 * A private stack per fault: its own nats-server (JetStream on a data directory that survives a
 * restart) and redis-server (appendonly on), and the services as child processes on free ports.
 * The events stream has a fixed name, so no two faults may share a NATS.
 */
export class FaultStack {
  readonly ring: NoteKeyring = makeKeyring(TEST_NOTE_KEY);
  readonly services: Service[] = [];
  private constructor(
    readonly name: string,
    readonly dir: string,
    readonly nats: OwnedServer,
    readonly redisServer: OwnedServer,
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly redis: RedisClient,
    readonly partitions: number,
  ) {
    live.add(this.pids);
  }

  private readonly pids = () => [this.nats.pid, this.redisServer.pid, ...this.services.map((s) => s.pid)];

  static async start(name: string, partitions: number): Promise<FaultStack> {
    const dir = mkdtempSync(join(tmpdir(), `faults-${name}-`));
    const [nats, redisServer] = await Promise.all([
      startNats({ dataDir: join(dir, 'nats') }),
      startRedis({ dataDir: join(dir, 'redis'), persist: true }),
    ]);
    // The test's own clients ride out the servers' restarts.
    const nc = await connect({
      servers: nats.url,
      noAsyncTraces: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    const jsm = await jetstreamManager(nc, { timeout: 15_000 });
    await ensureEventsStream(jsm, { partitions, dedupWindowSeconds: 600 });
    const redis = makeRedis(redisServer.url);
    redis.on('error', () => undefined);
    await redis.connect();
    return new FaultStack(name, dir, nats, redisServer, nc, jetstream(nc), jsm, redis, partitions);
  }

  private get commonEnv(): Record<string, string> {
    return {
      NATS_URL: this.nats.url,
      REDIS_URL: this.redisServer.url,
      NOTE_ENCRYPTION_KEY: TEST_NOTE_KEY,
      PARTITIONS: String(this.partitions),
      LOG_LEVEL: 'warn',
    };
  }

  processor(instanceId: string): Service {
    return this.add(
      new Service(
        instanceId,
        'stream/src/main.ts',
        { ...this.commonEnv, CLOCK: 'event', INSTANCE_ID: instanceId },
        this.dir,
      ),
    );
  }

  async ingest(): Promise<{ service: Service; url: string }> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const service = this.add(
      new Service(
        'ingest',
        'ingest/src/server.ts',
        {
          ...this.commonEnv,
          INGEST_PORT: String(port),
          INGEST_HOST: '127.0.0.1',
          INGEST_API_KEYS: TEST_API_KEY,
          PUBLISH_TIMEOUT_MS: '2000',
        },
        this.dir,
        `${url}/readyz`,
      ),
    );
    return { service, url };
  }

  async wallboard(name: string): Promise<{ service: Service; url: string }> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const service = this.add(
      new Service(
        name,
        'wallboard/server.ts',
        {
          ...this.commonEnv,
          WALLBOARD_PORT: String(port),
          WALLBOARD_HOST: '127.0.0.1',
          WALLBOARD_ORIGIN: url,
          AUTH_SECRET: TEST_AUTH_SECRET,
          USERS_FILE: join(this.dir, `${name}-users.json`),
          INGEST_URL: 'http://127.0.0.1:9',
          INSTANCE_ID: name,
        },
        this.dir,
        `${url}/healthz`,
      ),
    );
    return { service, url };
  }

  private add(s: Service): Service {
    this.services.push(s);
    return s;
  }

  /** Copies the services' logs to `dest` (kept for a failed run's post-mortem). */
  keepLogs(dest: string): void {
    mkdirSync(dest, { recursive: true });
    for (const f of readdirSync(this.dir).filter((x) => x.endsWith('.log'))) cpSync(join(this.dir, f), join(dest, f));
  }

  async destroy(): Promise<void> {
    for (const s of this.services) await s.stop().catch(() => undefined);
    this.keepLogs(join(LOGS, this.name));
    await this.redis.quit().catch(() => undefined);
    await this.nc.close().catch(() => undefined);
    await Promise.all([this.nats.stop(), this.redisServer.stop()]);
    live.delete(this.pids);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
