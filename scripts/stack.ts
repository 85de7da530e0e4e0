/**
 * The whole system on one machine, for a newcomer: NATS (JetStream), Redis, ingest, the stream
 * processor, the wallboard, and the county simulator. Ctrl-C stops everything it started.
 * Run through `npm start` (scripts/start.mjs installs npm dependencies first).
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  type Dirent,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  ensureDebianPackages,
  freePort,
  startNats,
  startRedis,
  startService,
  waitForHttp,
  type OwnedServer,
  type ServiceProcess,
} from '@caseload/shared/devstack';
import { parseStackArgs, STACK_HELP } from './stack-args.ts';
import { PROCESSOR_NODE_FLAGS } from '@caseload/shared/devstack';

const root = join(import.meta.dirname, '..');
const dataDir = join(root, '.data');
const logDir = join(dataDir, 'logs');
const lockFile = join(dataDir, 'stack.lock');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

const args = parseStackArgs(process.argv.slice(2));
if (args.help) {
  console.log(STACK_HELP);
  process.exit(0);
}

const say = (s: string) => console.log(`▶ ${s}`);
const servers: OwnedServer[] = [];
const services: ServiceProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (stopping) {
    // A second Ctrl-C: no more waiting, but still leave nothing behind.
    await Promise.all(services.map((s) => s.stop('SIGKILL', 0)));
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    rmSync(lockFile, { force: true });
    process.exit(code);
  }
  stopping = true;
  console.log('\n▶ stopping…');
  for (const s of [...services].reverse()) await s.stop();
  for (const s of [...servers].reverse()) await s.stop();
  rmSync(lockFile, { force: true });
  console.log('▶ stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
process.on('SIGHUP', () => void stopAll(0));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A second `npm start` says so instead of failing on busy ports. */
function takeLock(): void {
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(lockFile)) {
    const held = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; wallboardUrl?: string };
    if (pidAlive(held.pid)) {
      console.error(
        `The stack is already running (pid ${held.pid})${held.wallboardUrl ? ` — wallboard at ${held.wallboardUrl}` : ''}.\n` +
          `Stop it with Ctrl-C in its terminal (or kill ${held.pid}) before starting another.`,
      );
      process.exit(1);
    }
  }
  writeFileSync(lockFile, JSON.stringify({ pid: process.pid }));
}

/** Secrets the stack invents once and keeps, so notes stay readable across restarts. */
function loadOrMakeSecrets(): {
  AUTH_SECRET: string;
  NOTE_ENCRYPTION_KEY: string;
  INGEST_API_KEYS: string;
  invented: string[];
} {
  const file = join(dataDir, 'secrets.json');
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const invented: string[] = [];
  const pick = (name: string, make: () => string) => {
    if (process.env[name]) return process.env[name]!;
    if (saved[name]) return saved[name]!;
    invented.push(name);
    return (saved[name] = make());
  };
  const s = {
    AUTH_SECRET: pick('AUTH_SECRET', () => randomBytes(32).toString('base64url')),
    NOTE_ENCRYPTION_KEY: pick('NOTE_ENCRYPTION_KEY', () => randomBytes(32).toString('hex')),
    INGEST_API_KEYS: pick('INGEST_API_KEYS', () => `dev-${randomBytes(12).toString('hex')}`),
  };
  writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
  return { ...s, invented };
}

async function answers(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = connect(Number(u.port), u.hostname);
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

async function portFor(preferred: number): Promise<number> {
  return (await answers(`tcp://127.0.0.1:${preferred}`)) ? freePort() : preferred;
}

async function main() {
  takeLock();
  const t0 = Date.now();

  // 1. NATS and Redis: the ones NATS_URL / REDIS_URL point at, or our own.
  let natsUrl = process.env.NATS_URL;
  let redisUrl = process.env.REDIS_URL;
  const useNats = natsUrl && (await answers(natsUrl));
  const useRedis = redisUrl && (await answers(redisUrl));
  if (natsUrl && !useNats) say(`NATS_URL ${natsUrl} does not answer: starting a local nats-server instead`);
  if (redisUrl && !useRedis) say(`REDIS_URL ${redisUrl} does not answer: starting a local redis-server instead`);
  const needed = [
    ...(useNats ? [] : [{ cmd: 'nats-server', pkg: 'nats-server' }]),
    ...(useRedis ? [] : [{ cmd: 'redis-server', pkg: 'redis-server' }]),
  ];
  const missing = ensureDebianPackages(needed, say);
  if (missing.length) {
    console.error(
      `Missing: ${missing.join(', ')}. Install them (Debian/Ubuntu: sudo apt-get install ${missing.join(' ')}; ` +
        `macOS: brew install nats-server redis), or point NATS_URL / REDIS_URL at running servers, ` +
        `or run the production-shaped stack with \`docker compose up\`.`,
    );
    return stopAll(1);
  }
  if (!useNats) {
    const port = await portFor(4222);
    say(`starting nats-server (JetStream) on ${port}, data in .data/nats`);
    const s = await startNats({ port, dataDir: join(dataDir, 'nats') });
    servers.push(s);
    natsUrl = s.url;
  }
  if (!useRedis) {
    const port = await portFor(6379);
    say(`starting redis-server on ${port}, data in .data/redis`);
    const s = await startRedis({ port, dataDir: join(dataDir, 'redis'), persist: true });
    servers.push(s);
    redisUrl = s.url;
  }

  // 2. The services, each logging to .data/logs/<name>.log.
  const secrets = loadOrMakeSecrets();
  const ingestPort = Number(process.env.INGEST_PORT ?? (await portFor(8080)));
  const wallboardPort = Number(process.env.WALLBOARD_PORT ?? (await portFor(3000)));
  const apiKey = secrets.INGEST_API_KEYS.split(',')[0]!.split('=')[0]!.trim();
  const ingestUrl = `http://127.0.0.1:${ingestPort}`;
  const wallboardUrl = `http://localhost:${wallboardPort}`;
  writeFileSync(lockFile, JSON.stringify({ pid: process.pid, wallboardUrl }));
  const env = {
    NATS_URL: natsUrl,
    REDIS_URL: redisUrl,
    AUTH_SECRET: secrets.AUTH_SECRET,
    NOTE_ENCRYPTION_KEY: secrets.NOTE_ENCRYPTION_KEY,
    INGEST_API_KEYS: secrets.INGEST_API_KEYS,
    INGEST_PORT: String(ingestPort),
    INGEST_URL: ingestUrl,
    INGEST_API_KEY: apiKey,
    WALLBOARD_PORT: String(wallboardPort),
    WALLBOARD_ORIGIN: wallboardUrl,
    USERS_FILE: join(dataDir, 'users.json'),
    CLOCK: args.fast ? 'event' : (process.env.CLOCK ?? 'wall'),
  };
  const run = (name: string, script: string, extra: string[] = [], nodeOptions: readonly string[] = []) => {
    const p = startService({
      name,
      command: tsx,
      args: [script, ...extra],
      env: nodeOptions.length
        ? { ...env, NODE_OPTIONS: [process.env.NODE_OPTIONS, ...nodeOptions].filter(Boolean).join(' ') }
        : env,
      cwd: root,
      logFile: join(logDir, `${name}.log`),
    });
    services.push(p);
    p.exited.then((code) => {
      if (!stopping && name !== 'simulator') {
        console.error(`✖ ${name} exited (${code}); see .data/logs/${name}.log`);
        void stopAll(1);
      }
    });
    return p;
  };

  say('starting ingest');
  const ingest = run('ingest', 'ingest/src/server.ts');
  await waitForHttp(`${ingestUrl}/readyz`, { process: ingest, timeoutMs: 60_000 });
  say(`ingest ready at ${ingestUrl} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  say('starting the stream processor');
  run('stream', 'stream/src/main.ts', [], PROCESSOR_NODE_FLAGS);

  if (needsBuild()) {
    say('building the wallboard (first run)…');
    const b = startService({
      name: 'build',
      command: 'npm',
      args: ['run', 'build', '-w', 'wallboard'],
      env: {},
      cwd: root,
      logFile: join(logDir, 'build.log'),
    });
    if ((await b.exited) !== 0) {
      console.error('✖ the wallboard build failed; see .data/logs/build.log');
      return stopAll(1);
    }
  }
  say('starting the wallboard');
  const wallboard = run('wallboard', 'wallboard/server.ts');
  await waitForHttp(`http://127.0.0.1:${wallboardPort}/healthz`, { process: wallboard, timeoutMs: 60_000 });

  const logins = await seedDemo(env, args.scale);

  if (args.simulator) {
    const simArgs = [
      '--scale',
      args.scale,
      '--url',
      ingestUrl,
      '--api-key',
      apiKey,
      '--seed',
      String(args.seed),
      '--ground-truth',
      join(dataDir, 'ground-truth.json'),
    ];
    if (args.fast) simArgs.push('--speed', String(args.speed));
    say(
      `starting the ${args.scale} simulator (${args.fast ? `accelerated ×${args.speed} from 35 days back` : 'back-fills 35 days, then live'})`,
    );
    const sim = startService({
      name: 'simulator',
      command: tsx,
      args: ['shared/src/sim/cli.ts', ...simArgs],
      env,
      cwd: root,
      logFile: join(logDir, 'simulator.log'),
      onLine: (l) => {
        if (/progress|back-fill|live|done|caught up/i.test(l)) console.log(`  sim: ${l.trim()}`);
      },
    });
    services.push(sim);
  }

  console.log(`
────────────────────────────────────────────────────────────────────────
  Wallboard      ${wallboardUrl}
  TV pairing     ${logins.pairingUrl ?? '(npm run token -- --role display --unit <unit>)'}
  Ingest         ${ingestUrl}/v1/events   (API key: ${apiKey})
  Demo logins    ${logins.users.map((u) => `${u.username} / ${u.password} (${u.role})`).join('\n                 ')}
  Logs           .data/logs/*.log
${secrets.invented.length ? `  Invented and saved in .data/secrets.json: ${secrets.invented.join(', ')}\n` : ''}  Ctrl-C stops everything.
────────────────────────────────────────────────────────────────────────`);
}

/** The wallboard needs a build when none exists or a source file is newer than it. */
function needsBuild(): boolean {
  const marker = join(root, 'wallboard', 'build', 'handler.js');
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  const newest = (dir: string): number => {
    let m = 0;
    for (const entry of readdirRecursive(dir)) m = Math.max(m, statSync(entry).mtimeMs);
    return m;
  };
  return newest(join(root, 'wallboard', 'src')) > built;
}

function readdirRecursive(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSyncSafe(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...readdirRecursive(p));
    else out.push(p);
  }
  return out;
}

function readdirSyncSafe(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Demo users and a TV pairing URL, from the wallboard's own seeding script. */
async function seedDemo(
  env: Record<string, string | undefined>,
  scale: string,
): Promise<{ users: { username: string; password: string; role: string }[]; pairingUrl?: string }> {
  const out: string[] = [];
  const p = startService({
    name: 'seed',
    command: tsx,
    args: ['wallboard/scripts/seed-demo.ts', '--json', '--scale', scale],
    env,
    cwd: root,
    onLine: (l) => out.push(l),
  });
  if ((await p.exited) !== 0) {
    console.error('✖ seeding demo users failed:\n' + out.join('\n'));
    return { users: [] };
  }
  return JSON.parse(out.at(-1) ?? '{"users":[]}');
}

main().catch((e) => {
  console.error(`✖ ${e instanceof Error ? e.message : String(e)}`);
  void stopAll(1);
});
