// @ts-check
/**
 * The load tests' settings, read once from k6's `__ENV` (passed in, so Node tests can call these
 * too). Every variable is listed in load-tests/README.md. A bad value throws in the init context,
 * which stops k6 before any load with a message naming the variable.
 */

import { socketIoUrl } from './socketio.js';

/** @typedef {Record<string, string | undefined>} Env */
/** @typedef {{ duration: string, target: number }} Stage */
/** @typedef {import('./screen-session.js').Subscription} Subscription */

const DURATION = /^(\d+(\.\d+)?(ms|s|m|h))+$/;

/**
 * @param {Env} env
 * @param {string} name
 * @param {string} fallback
 */
export function text(env, name, fallback) {
  const v = env[name];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

/**
 * @param {Env} env
 * @param {string} name
 */
export function required(env, name) {
  const v = text(env, name, '');
  if (v === '') throw new Error(`${name} must be set (see load-tests/README.md)`);
  return v;
}

/**
 * @param {Env} env
 * @param {string} name
 * @param {number} fallback
 * @param {{ min?: number, max?: number, integer?: boolean }} [limits]
 */
export function number(env, name, fallback, limits) {
  const raw = text(env, name, '');
  const v = raw === '' ? fallback : Number(raw);
  const l = limits || {};
  const integer = l.integer !== false;
  if (isNaN(v) || (integer && Math.floor(v) !== v))
    throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'}, got ${raw}`);
  if (l.min !== undefined && v < l.min) throw new Error(`${name} must be at least ${l.min}, got ${v}`);
  if (l.max !== undefined && v > l.max) throw new Error(`${name} must be at most ${l.max}, got ${v}`);
  return v;
}

/**
 * @param {Env} env
 * @param {string} name
 * @param {string} fallback
 */
export function duration(env, name, fallback) {
  const v = text(env, name, fallback);
  if (!DURATION.test(v)) throw new Error(`${name} must be a k6 duration such as 30s or 2m, got ${v}`);
  return v;
}

/**
 * @param {Env} env
 * @param {string} name
 * @param {string[]} choices
 */
export function oneOf(env, name, choices) {
  const v = text(env, name, /** @type {string} */ (choices[0]));
  if (choices.indexOf(v) < 0) throw new Error(`${name} must be one of ${choices.join(', ')}, got ${v}`);
  return v;
}

/**
 * Stages as `duration:target` pairs, comma-separated: "30s:20,2m:20,10s:0".
 * @param {string} spec
 * @param {string} name the variable, for the error message
 * @returns {Stage[]}
 */
export function parseStages(spec, name) {
  const stages = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^([^:]+):(\d+)$/.exec(s);
      if (!m || !DURATION.test(/** @type {string} */ (m[1]))) {
        throw new Error(`${name}: "${s}" is not duration:target (e.g. 30s:20)`);
      }
      return { duration: /** @type {string} */ (m[1]), target: Number(m[2]) };
    });
  if (stages.length === 0) throw new Error(`${name} has no stages`);
  return stages;
}

/**
 * Tokens from `TOKENS` (comma-separated) and/or the text of `TOKENS_FILE`: one token per line, as
 * `npm run token` prints it last. Blank lines, lines with spaces or a URL and lines starting with `>`
 * or `#` (npm's banner, the pairing URL, the token's description) are skipped, so the raw output of several `npm run token` calls can be appended.
 * @param {string} list
 * @param {string} fileText
 * @returns {string[]}
 */
export function parseTokens(list, fileText) {
  const fromList = list
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const fromFile = fileText
    .split(/\r?\n/)
    .map((t) => t.trim())
    .filter((t) => t !== '' && !/\s/.test(t) && t.indexOf('://') < 0 && t.charAt(0) !== '>' && t.charAt(0) !== '#');
  return fromList.concat(fromFile);
}

/**
 * What each screen subscribes to: "unit:U1,unit:U2,site:S1,sites".
 * @param {string} spec
 * @returns {Subscription[]}
 */
export function parseSubscriptions(spec) {
  const subs = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      if (s === 'sites') return /** @type {Subscription} */ ({ scope: 'sites' });
      const m = /^(unit|site):([A-Za-z0-9_-]{1,64})$/.exec(s);
      if (!m) throw new Error(`SUBSCRIBE: "${s}" is not unit:<id>, site:<id> or sites`);
      return /** @type {Subscription} */ ({ scope: m[1], id: m[2] });
    });
  if (subs.length === 0) throw new Error('SUBSCRIBE is empty');
  return subs;
}

/**
 * The item for a 1-based VU number, round robin, so screen n pairs token n with subscription n.
 * @template T
 * @param {readonly T[]} items
 * @param {number} vu
 * @returns {T}
 */
export function forVu(items, vu) {
  if (items.length === 0) throw new Error('nothing to pick from');
  return /** @type {T} */ (items[(((vu - 1) % items.length) + items.length) % items.length]);
}

/**
 * @typedef {{
 *   ingestUrl: string, apiKey: string, eventsFile: string, maxEvents: number, batchSize: number,
 *   startRate: number, stages: Stage[], preAllocatedVUs: number, maxVUs: number,
 *   p99Ms: number, maxFailedRate: number, maxRetries: number, maxRetryWaitSeconds: number,
 *   retryFallbackSeconds: number, eventTime: string, partial: boolean, timeout: string, runId: string
 * }} IngestConfig
 */

/**
 * @param {Env} env
 * @param {{ stages?: string }} [defaults]
 * @returns {IngestConfig}
 */
export function ingestConfig(env, defaults) {
  const d = defaults || {};
  const preAllocatedVUs = number(env, 'PRE_VUS', 20, { min: 1 });
  return {
    ingestUrl: text(env, 'INGEST_URL', 'http://localhost:8080').replace(/\/+$/, ''),
    apiKey: required(env, 'API_KEY'),
    eventsFile: required(env, 'EVENTS_FILE'),
    maxEvents: number(env, 'MAX_EVENTS', 0, { min: 0 }),
    batchSize: number(env, 'BATCH_SIZE', 100, { min: 1, max: 1000 }),
    startRate: number(env, 'START_RATE', 1, { min: 0 }),
    stages: parseStages(text(env, 'STAGES', d.stages || '30s:20,1m:20,10s:0'), 'STAGES'),
    preAllocatedVUs,
    // k6 refuses maxVUs below preAllocatedVUs.
    maxVUs: number(env, 'MAX_VUS', Math.max(200, preAllocatedVUs), { min: preAllocatedVUs }),
    p99Ms: number(env, 'P99_MS', 1000, { min: 1 }),
    maxFailedRate: number(env, 'MAX_FAILED_RATE', 0.01, { min: 0, max: 1, integer: false }),
    maxRetries: number(env, 'MAX_RETRIES', 5, { min: 0 }),
    maxRetryWaitSeconds: number(env, 'MAX_RETRY_WAIT', 10, { min: 0, integer: false }),
    retryFallbackSeconds: number(env, 'RETRY_FALLBACK', 1, { min: 0, integer: false }),
    eventTime: oneOf(env, 'EVENT_TIME', ['original', 'now']),
    partial: oneOf(env, 'INGEST_MODE', ['strict', 'partial']) === 'partial',
    timeout: duration(env, 'HTTP_TIMEOUT', '30s'),
    runId: text(env, 'RUN_ID', ''),
  };
}

/**
 * @typedef {{
 *   socketUrl: string, namespace: string, tokens: string[], subscriptions: Subscription[],
 *   screens: number, ramp: string, hold: string, sessionSeconds: number, viewAgeP99Ms: number,
 *   ackTimeoutMs: number, minConnectedRate: number
 * }} WallboardConfig
 */

/**
 * @param {Env} env
 * @param {string} tokensFileText the text of TOKENS_FILE ('' when not set)
 * @returns {WallboardConfig}
 */
export function wallboardConfig(env, tokensFileText) {
  const tokens = parseTokens(text(env, 'TOKENS', ''), tokensFileText);
  if (tokens.length === 0) throw new Error('TOKENS or TOKENS_FILE must give at least one token (npm run token)');
  return {
    socketUrl: socketIoUrl(
      text(env, 'WALLBOARD_URL', 'http://localhost:3000'),
      text(env, 'SOCKETIO_PATH', '/socket.io/'),
    ),
    namespace: text(env, 'NAMESPACE', '/live'),
    tokens,
    subscriptions: parseSubscriptions(text(env, 'SUBSCRIBE', 'sites')),
    screens: number(env, 'SCREENS', 50, { min: 1 }),
    ramp: duration(env, 'RAMP', '30s'),
    hold: duration(env, 'HOLD', '2m'),
    sessionSeconds: number(env, 'SESSION_SECONDS', 60, { min: 1 }),
    viewAgeP99Ms: number(env, 'VIEW_AGE_P99_MS', 1000, { min: 1 }),
    ackTimeoutMs: number(env, 'ACK_TIMEOUT_MS', 10000, { min: 1 }),
    minConnectedRate: number(env, 'MIN_CONNECTED_RATE', 0.99, { min: 0, max: 1, integer: false }),
  };
}
