import { loadConfig, makeKeyring, type NoteKeyring } from '@caseload/shared';

/** Everything the wallboard server reads from the environment, parsed once at start-up. */
export interface WallboardConfig {
  natsUrl: string;
  redisUrl: string;
  port: number;
  host: string;
  /** Public origin; sockets on the session cookie and cookie-authenticated POSTs must come from it. */
  origin: string;
  authSecret: string;
  keyring: NoteKeyring;
  ingestUrl: string;
  ingestApiKey: string | undefined;
  usersFile: string;
  secureCookies: 'auto' | 'always';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  instanceId: string;
}

const NAMES = [
  'NATS_URL',
  'REDIS_URL',
  'WALLBOARD_PORT',
  'WALLBOARD_HOST',
  'WALLBOARD_ORIGIN',
  'WALLBOARD_SECURE_COOKIES',
  'AUTH_SECRET',
  'NOTE_ENCRYPTION_KEY',
  'NOTE_ENCRYPTION_OLD_KEYS',
  'INGEST_URL',
  'INGEST_API_KEY',
  'USERS_FILE',
  'LOG_LEVEL',
  'INSTANCE_ID',
] as const;

export function loadWallboardConfig(env: Record<string, string | undefined> = process.env): WallboardConfig {
  const c = loadConfig(NAMES, env);
  return {
    natsUrl: c.NATS_URL,
    redisUrl: c.REDIS_URL,
    port: c.WALLBOARD_PORT,
    host: c.WALLBOARD_HOST,
    origin: normaliseOrigin(c.WALLBOARD_ORIGIN ?? `http://localhost:${c.WALLBOARD_PORT}`),
    authSecret: c.AUTH_SECRET,
    keyring: makeKeyring(c.NOTE_ENCRYPTION_KEY, c.NOTE_ENCRYPTION_OLD_KEYS),
    ingestUrl: c.INGEST_URL,
    ingestApiKey: c.INGEST_API_KEY,
    usersFile: c.USERS_FILE,
    secureCookies: c.WALLBOARD_SECURE_COOKIES,
    logLevel: c.LOG_LEVEL,
    instanceId: c.INSTANCE_ID ?? `wallboard-${process.pid}`,
  };
}

/** `http://localhost:3000/` → `http://localhost:3000`, the form browsers send in `Origin`. */
export function normaliseOrigin(url: string): string {
  return new URL(url).origin;
}
