import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pino, type Logger } from 'pino';
import { natsServerOptions } from '@caseload/shared';
import { AuditLog } from './audit/audit-log.ts';
import { DisplayStore } from './auth/displays.ts';
import { DEFAULT_LOGIN_LIMITS, LoginRateLimiter, type LoginLimits } from './auth/rate-limit.ts';
import { UserStore } from './auth/users.ts';
import type { WallboardConfig } from './config.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { connectRedis, type Redis } from './redis.ts';
import { ProgressTracker } from './live/progress.ts';
import { ViewStore } from './views/view-store.ts';

/** Everything the HTTP app and the live server need, built once by the entry (or a test harness). */
export interface WallboardDeps {
  config: WallboardConfig;
  log: Logger;
  redis: Redis;
  nats: NatsConnection;
  /** False while the NATS client is reconnecting. */
  natsUp: () => boolean;
  users: UserStore;
  displays: DisplayStore;
  audit: AuditLog;
  views: ViewStore;
  progress: ProgressTracker;
  metrics: Metrics;
  loginLimiter: LoginRateLimiter;
  /** How often every socket gets a heartbeat (CONTRACT: 5 s; shorter in tests). */
  heartbeatMs: number;
  /** How often display sockets are re-checked for revocation, in case a revocation message was missed. */
  revocationSweepMs: number;
  /** Posts to ingest (replaceable so that tests can point it at their own server). */
  fetch: typeof fetch;
}

export interface DepsOptions {
  heartbeatMs?: number;
  revocationSweepMs?: number;
  loginLimits?: LoginLimits;
  rateLimitNamespace?: string;
  logger?: Logger;
}

export async function createDeps(config: WallboardConfig, opts: DepsOptions = {}): Promise<WallboardDeps> {
  const log =
    opts.logger ?? pino({ level: config.logLevel, base: { service: 'wallboard', instance: config.instanceId } });
  const redis = await connectRedis(config.redisUrl, (e) => log.warn({ err: e.message }, 'redis error'));
  const nats = await connect({
    ...natsServerOptions(config.natsUrl),
    name: config.instanceId,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    noAsyncTraces: true,
  });
  let natsConnected = true;
  void (async () => {
    for await (const s of nats.status()) {
      if (s.type === 'disconnect') natsConnected = false;
      if (s.type === 'reconnect') natsConnected = true;
      if (s.type === 'disconnect' || s.type === 'reconnect') log.info({ nats: s.type }, 'nats connection');
    }
  })();
  return {
    config,
    log,
    redis,
    nats,
    natsUp: () => natsConnected && !nats.isClosed(),
    users: new UserStore(config.usersFile),
    displays: new DisplayStore(redis),
    audit: new AuditLog(redis),
    views: new ViewStore(redis, (key, problem) => log.warn({ key, problem }, 'invalid view in redis')),
    progress: new ProgressTracker(),
    metrics: createMetrics(),
    loginLimiter: new LoginRateLimiter(redis, opts.loginLimits ?? DEFAULT_LOGIN_LIMITS, opts.rateLimitNamespace),
    heartbeatMs: opts.heartbeatMs ?? 5000,
    revocationSweepMs: opts.revocationSweepMs ?? 30_000,
    fetch: globalThis.fetch,
  };
}

export async function closeDeps(deps: WallboardDeps): Promise<void> {
  await deps.nats.drain().catch(() => deps.nats.close());
  await deps.redis.close().catch(() => deps.redis.destroy());
}

/** Redis and NATS both answering: the server can serve live data. */
export function depsReady(deps: WallboardDeps): boolean {
  return deps.redis.isReady && deps.natsUp();
}
