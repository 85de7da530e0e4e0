import { z } from 'zod';

/**
 * Settings come from the environment, validated once at start-up. A bad setting stops the service
 * with a message naming the variable; nothing else in the code reads `process.env`.
 */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const port = z.coerce.number().int().min(0).max(65535);
const url = (protocols: string[]) =>
  z.string().refine(
    (s) => {
      try {
        return protocols.includes(new URL(s).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

const csv = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** `KEY` or `KEY=SITE1|SITE2` entries; each key at least 16 characters. */
export const ApiKeys = z
  .string()
  .min(1, 'at least one key is required')
  .transform((s, ctx) => {
    const keys = new Map<string, Set<string> | 'all'>();
    for (const raw of s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)) {
      const [key, sites] = raw.split('=', 2) as [string, string | undefined];
      if (key.length < 16)
        ctx.addIssue({ code: 'custom', message: `key "${key.slice(0, 4)}…" is shorter than 16 characters` });
      keys.set(key, sites ? new Set(sites.split('|').filter(Boolean)) : 'all');
    }
    return keys;
  });
export type ApiKeys = z.infer<typeof ApiKeys>;

/** Every variable of CONTRACT §1, each service picking the ones it needs. */
export const settings = {
  NATS_URL: url(['nats:', 'tls:', 'ws:', 'wss:']).default('nats://127.0.0.1:4222'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  INGEST_PORT: port.default(8080),
  INGEST_HOST: z.string().default('0.0.0.0'),
  WALLBOARD_PORT: port.default(3000),
  WALLBOARD_HOST: z.string().default('0.0.0.0'),
  INGEST_URL: url(['http:', 'https:']).default('http://127.0.0.1:8080'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  INGEST_API_KEYS: ApiKeys,
  NOTE_ENCRYPTION_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (256 bits)'),
  NOTE_ENCRYPTION_OLD_KEYS: csv.pipe(
    z.array(z.string().regex(/^[0-9a-fA-F]{64}$/, 'each entry must be 64 hex characters')),
  ),
  CLOCK: z.enum(['wall', 'event']).default('wall'),
  GROQ_API_KEY: z.string().optional(),
  GROQ_MODEL: z.string().default('llama-3.3-70b-versatile'),
  GROQ_BASE_URL: url(['http:', 'https:']).optional(),
  /** LLM requests in flight at most, notes waiting at most (beyond: skipped, counted), per-request time-out. */
  GROQ_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  GROQ_QUEUE_MAX: z.coerce.number().int().min(0).max(100_000).default(500),
  GROQ_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  PARTITIONS: z.coerce.number().int().min(1).max(1024).default(16),
  /**
   * How long a processor's partition lease lives without renewal (renewed every third of it). Long
   * enough to ride out a stall under a county back-fill; a dead instance's partitions wait this long.
   */
  LEASE_TTL_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** The processor's health and metrics port (`/healthz`, `/metrics`); 0 picks a free one. */
  STREAM_METRICS_PORT: port.default(9464),
  DEDUP_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(600),
  EVENT_MAX_AGE_DAYS: z.coerce.number().min(1).max(3650).default(400),
  EVENT_MAX_FUTURE_SECONDS: z.coerce.number().min(0).max(86400).default(300),
  PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /**
   * Ingest processes sharing INGEST_PORT (node:cluster). One process is CPU-bound on one core; more
   * can help only where cores are free beside nats-server — on a 2-core box they did not (ingest/README.md).
   */
  INGEST_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DICTIONARY_PATH: z.string().optional(),
  INSTANCE_ID: z.string().optional(),
  /** The wallboard's public origin (scheme://host:port): session-cookie sockets and forms must come from it. */
  WALLBOARD_ORIGIN: url(['http:', 'https:']).optional(),
  /** `always` marks cookies Secure even without TLS headers (behind a TLS proxy that sends none). */
  WALLBOARD_SECURE_COOKIES: z.enum(['auto', 'always']).default('auto'),
  /** The wallboard's users file (scrypt hashes). */
  USERS_FILE: z.string().default('.data/users.json'),
  /** The ingest API key the wallboard uses to post `caseload.case.assigned`. */
  INGEST_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
} as const;

type Settings = typeof settings;
export type SettingName = keyof Settings;

/**
 * Parses the named settings from `env`. Empty strings count as unset so that `FOO= npm start`
 * falls back to the default rather than failing obscurely.
 */
export function loadConfig<K extends SettingName>(
  names: readonly K[],
  env: Record<string, string | undefined> = process.env,
): { [P in K]: z.output<Settings[P]> } {
  const shape = Object.fromEntries(names.map((n) => [n, settings[n]])) as { [P in K]: Settings[P] };
  const input = Object.fromEntries(names.map((n) => [n, env[n] === '' ? undefined : env[n]]));
  const parsed = z.object(shape).safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({
        variable: String(i.path[0] ?? '?'),
        message: i.message === 'Invalid input: expected string, received undefined' ? 'is required' : i.message,
      })),
    );
  }
  return parsed.data as { [P in K]: z.output<Settings[P]> };
}
