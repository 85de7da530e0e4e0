import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express, RequestHandler } from 'express';
import { pino } from 'pino';
import { io as ioClient, type Socket } from 'socket.io-client';
import { TEST_AUTH_SECRET, TEST_NOTE_KEY, TEST_OLD_NOTE_KEY, testServers } from '@caseload/shared/testing';
import type { ClientEvents, ServerEvents } from '../../src/lib/live-events.ts';
import type { Principal } from '../../src/lib/server/auth/principal.ts';
import { signToken } from '../../src/lib/server/auth/tokens.ts';
import { seedDemoUsers, UserStore, type DemoLogin, type DemoScope } from '../../src/lib/server/auth/users.ts';
import type { LoginLimits } from '../../src/lib/server/auth/rate-limit.ts';
import { loadWallboardConfig } from '../../src/lib/server/config.ts';
import { closeDeps, createDeps, type WallboardDeps } from '../../src/lib/server/deps.ts';
import { createApp } from '../../src/lib/server/http/app.ts';
import { createLiveServer, type LiveServer } from '../../src/lib/server/live/server.ts';
import { loadPages } from '../../src/lib/server/pages.ts';
import { ProcessorFixtures } from './fixtures.ts';

export interface HarnessOptions {
  natsUrl?: string;
  redisUrl?: string;
  /** Heartbeat interval (default 200 ms so tests need not wait 5 s). */
  heartbeatMs?: number;
  revocationSweepMs?: number;
  loginLimits?: LoginLimits;
  ingestUrl?: string;
  ingestApiKey?: string;
  /** Serve the SvelteKit build too (for browser tests); fails if `wallboard/build/handler.js` is missing. */
  withPages?: boolean;
  /** Any handler mounted where the SvelteKit handler goes (instead of `withPages`). */
  pages?: RequestHandler;
  /** Seed the demo users (passwords are `<username>-password`); off by default, hashing costs time. */
  users?: boolean;
  /** The demo users' scope (implies `users`). */
  demoScope?: DemoScope;
  logLevel?: 'silent' | 'info' | 'debug';
}

export interface WallboardHarness {
  /** e.g. http://127.0.0.1:40123, also the wallboard's origin. */
  url: string;
  deps: WallboardDeps;
  app: Express;
  live: LiveServer;
  fixtures: ProcessorFixtures;
  /** Demo users with known passwords. */
  logins: DemoLogin[];
  /** A bearer token for any principal (defaults: a user with no scope). */
  token(p: Partial<Principal> & Pick<Principal, 'role'>, ttlSeconds?: number): Promise<string>;
  /** A socket.io-client on /live; not connected until `.connect()` unless `autoConnect`. */
  client(opts?: { token?: string; cookie?: string; origin?: string; autoConnect?: boolean }): LiveClient;
  stop(): Promise<void>;
}

export type LiveClient = Socket<ServerEvents, ClientEvents>;

const BUILD_HANDLER = fileURLToPath(new URL('../../build/handler.js', import.meta.url));

/**
 * A whole wallboard server in-process on a free port, against the test NATS and Redis (the global
 * setup's, unless given): express app, `/live`, demo users in a temporary users file.
 */
export async function startWallboard(opts: HarnessOptions = {}): Promise<WallboardHarness> {
  const servers = opts.natsUrl && opts.redisUrl ? { natsUrl: opts.natsUrl, redisUrl: opts.redisUrl } : testServers();
  const dir = mkdtempSync(join(tmpdir(), 'wallboard-test-'));
  const httpServer = createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const config = loadWallboardConfig({
    NATS_URL: opts.natsUrl ?? servers.natsUrl,
    REDIS_URL: opts.redisUrl ?? servers.redisUrl,
    WALLBOARD_ORIGIN: url,
    AUTH_SECRET: TEST_AUTH_SECRET,
    NOTE_ENCRYPTION_KEY: TEST_NOTE_KEY,
    // A rotated-out key stays readable, as after a rotation in production.
    NOTE_ENCRYPTION_OLD_KEYS: TEST_OLD_NOTE_KEY,
    USERS_FILE: join(dir, 'users.json'),
    INGEST_URL: opts.ingestUrl ?? 'http://127.0.0.1:9',
    INGEST_API_KEY: opts.ingestApiKey ?? 'test-key-all-sites-0001',
    LOG_LEVEL: opts.logLevel ?? 'silent',
    INSTANCE_ID: `wallboard-test-${process.pid}`,
  });
  const deps = await createDeps(config, {
    heartbeatMs: opts.heartbeatMs ?? 200,
    revocationSweepMs: opts.revocationSweepMs ?? 30_000,
    ...(opts.loginLimits ? { loginLimits: opts.loginLimits } : {}),
    rateLimitNamespace: `ratelimit:test:${randomBytes(4).toString('hex')}`,
    logger: pino({ level: opts.logLevel ?? 'silent' }),
  });
  let pages: RequestHandler | undefined = opts.pages;
  if (opts.withPages) {
    process.env.ORIGIN = url;
    pages = await loadPages(BUILD_HANDLER, url, deps.log);
    if (!pages) throw new Error('no SvelteKit build: run `npm run build -w wallboard` first');
  }
  const app = createApp(deps, pages ? { pages } : {});
  httpServer.on('request', app);
  const live = createLiveServer(httpServer, deps);
  const scope = opts.demoScope ?? { units: [], sites: [] };
  const users = new UserStore(config.usersFile);
  const passwords = Object.fromEntries(['sam', 'lee', 'ops', 'audrey', 'ada'].map((u) => [u, `${u}-password`]));
  const logins = opts.users || opts.demoScope ? await seedDemoUsers(users, scope, passwords) : [];
  const clients: LiveClient[] = [];

  return {
    url,
    deps,
    app,
    live,
    fixtures: new ProcessorFixtures(deps.redis, deps.nats),
    logins,
    token: (p, ttlSeconds = 3600) =>
      signToken(
        { kind: 'user', id: `test-${p.role}`, name: `Test ${p.role}`, units: [], sites: [], ...p },
        TEST_AUTH_SECRET,
        ttlSeconds,
      ),
    client(o = {}) {
      const headers: Record<string, string> = {};
      if (o.cookie) headers.cookie = o.cookie;
      if (o.origin) headers.origin = o.origin;
      const socket: LiveClient = ioClient(`${url}/live`, {
        transports: ['websocket'],
        reconnection: false,
        autoConnect: o.autoConnect ?? true,
        ...(o.token ? { auth: { token: o.token } } : {}),
        extraHeaders: headers,
      });
      clients.push(socket);
      return socket;
    },
    async stop() {
      for (const c of clients) c.disconnect();
      await live.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await closeDeps(deps);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the `connect_error` message, or 'connected'. */
export function connectOutcome(socket: LiveClient): Promise<string> {
  // Asked after the handshake already finished (another socket was awaited first): the event is gone.
  if (socket.connected) return Promise.resolve('connected');
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (e) => resolve(e.message));
  });
}

/** The `cw_session` cookie pair (`cw_session=…`) from a login or pairing answer. */
export function sessionCookieOf(res: Response): string | undefined {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('cw_session='));
  return set?.split(';')[0];
}

/** Logs in through `POST /auth/login` (JSON) and returns the answer. */
export async function login(url: string, username: string, password: string, next?: string): Promise<Response> {
  return fetch(`${url}/auth/login${next ? `?next=${encodeURIComponent(next)}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    redirect: 'manual',
  });
}

export type { Server };
