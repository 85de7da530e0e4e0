import { defaultDictionary, type LoadedDictionary, type NoteFinding } from '@caseload/shared';
import type { Registry } from 'prom-client';
import { ReadingCache, type CacheRedis } from './cache.ts';
import { callGroq, createGroqClient } from './groq-call.ts';
import { mergeFindings, type RefinedFinding } from './merge.ts';
import { readingMetrics } from './metrics.ts';
import { buildMessages, PROMPT_VERSION, SEED } from './prompt.ts';
import { BoundedQueue, QueueFullError } from './queue.ts';
import { checkAnswer, type CheckedFinding } from './verify.ts';

/** The result of one request, as the audit log records it. */
export type LlmCallOutcome = 'ok' | 'rate_limited' | 'timeout' | 'malformed' | 'error';

/** One entry per request sent to the LLM (each sends the note text out), written when it ends. */
export interface LlmAuditEntry {
  noteId: string;
  model: string;
  promptVersion: string;
  dictionaryVersion: string;
  attempt: number;
  outcome: LlmCallOutcome;
  /** When the request was sent. */
  at: string;
}

export interface GroqRefinerOptions {
  redis: CacheRedis;
  apiKey: string;
  model: string;
  /** Overrides Groq's URL (tests point it at a local server). */
  baseURL?: string;
  /**
   * Called once per LLM request when it ends, with the note id, model and outcome. If it throws,
   * the answer is not used (nor cached): no reading is applied without its audit entry. (Redis
   * unreachable stops a request before it is sent: the cache lookup comes first.)
   */
  audit: (entry: LlmAuditEntry) => void | Promise<void>;
  dictionary?: LoadedDictionary;
  /** Requests in flight at most. */
  concurrency?: number;
  /** Notes waiting at most; beyond, a note keeps its built-in reading. */
  maxQueued?: number;
  /** Per request. */
  timeoutMs?: number;
  /** Requests per note at most (a 429 with Retry-After is the only reason to send again). */
  maxAttempts?: number;
  /** A Retry-After longer than this ends the attempt: the built-in reading stands. */
  maxRetryAfterMs?: number;
  keyPrefix?: string;
  registry?: Registry;
}

export interface GroqRefiner {
  /**
   * The note's findings refined by the LLM reading (cached, or fresh), merged with the built-in
   * ones; undefined when the LLM gave up (time-out, rate limit, malformed answer, full queue), in
   * which case the built-in reading stands.
   */
  refine(noteId: string, text: string, builtInFindings: NoteFinding[]): Promise<RefinedFinding[] | undefined>;
  /** The cache key of a text's reading: SHA-256 of (text, dictionary version, model, prompt version). */
  keyOf(text: string): string;
  readonly model: string;
  readonly promptVersion: string;
  readonly dictionaryVersion: string;
  /** Stops waiting on Retry-After and ends requests in flight. */
  close(): void;
}

/**
 * The opt-in second reading by Groq. Same input, same answer: a reading is cached under the hash of
 * (text, dictionary version, model, prompt version) and, once stored, never recomputed.
 */
export function createGroqRefiner(opts: GroqRefinerOptions): GroqRefiner {
  const dictionary = opts.dictionary ?? defaultDictionary;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const maxAttempts = opts.maxAttempts ?? 3;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 30_000;
  const client = createGroqClient({ apiKey: opts.apiKey, baseURL: opts.baseURL, timeoutMs });
  const cache = new ReadingCache(opts.redis, opts.keyPrefix ?? '');
  const queue = new BoundedQueue(opts.concurrency ?? 2, opts.maxQueued ?? 500);
  const metrics = readingMetrics(opts.registry);
  const stop = new AbortController();
  const inFlight = new Map<string, Promise<CheckedFinding[] | undefined>>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      stop.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });

  async function ask(noteId: string, text: string): Promise<CheckedFinding[] | undefined> {
    const messages = buildMessages(text, dictionary);
    for (let attempt = 1; attempt <= maxAttempts && !stop.signal.aborted; attempt++) {
      const at = new Date().toISOString();
      const outcome = await callGroq(client, { model: opts.model, seed: SEED, messages }, stop.signal);
      const result = outcome.ok ? 'ok' : outcome.reason;
      metrics.requests.inc({ outcome: result });
      await opts.audit({
        noteId,
        model: opts.model,
        promptVersion: PROMPT_VERSION,
        dictionaryVersion: dictionary.version,
        attempt,
        outcome: result,
        at,
      });
      if (outcome.ok) {
        const { findings, dropped } = checkAnswer(text, outcome.answer, dictionary);
        for (const reason of dropped) metrics.dropped.inc({ reason });
        return findings;
      }
      if (outcome.reason !== 'rate_limited') return undefined;
      const wait = outcome.retryAfterMs ?? 1000 * attempt;
      if (wait > maxRetryAfterMs || attempt === maxAttempts) return undefined;
      await sleep(wait);
    }
    return undefined;
  }

  async function reading(key: string, noteId: string, text: string): Promise<CheckedFinding[] | undefined> {
    const cached = await cache.get(key);
    if (cached) {
      metrics.readings.inc({ result: 'cached' });
      return cached;
    }
    let fresh: CheckedFinding[] | undefined;
    try {
      fresh = await queue.run(() => ask(noteId, text));
    } catch (e) {
      if (e instanceof QueueFullError) {
        metrics.readings.inc({ result: 'queue_full' });
        return undefined;
      }
      throw e;
    }
    if (!fresh) {
      metrics.readings.inc({ result: 'gave_up' });
      return undefined;
    }
    metrics.readings.inc({ result: 'fresh' });
    return cache.lock(key, fresh);
  }

  return {
    async refine(noteId, text, builtInFindings) {
      const key = cache.key(text, dictionary.version, opts.model, PROMPT_VERSION);
      // The same text asked twice at once is read once.
      let pending = inFlight.get(key);
      if (!pending) {
        // Redis down or the audit log refusing: no LLM reading, and the built-in one stands.
        pending = reading(key, noteId, text)
          .catch(() => {
            metrics.readings.inc({ result: 'failed' });
            return undefined;
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      const llm = await pending;
      return llm ? mergeFindings(text, builtInFindings, llm, dictionary) : undefined;
    },
    keyOf: (text) => cache.key(text, dictionary.version, opts.model, PROMPT_VERSION),
    model: opts.model,
    promptVersion: PROMPT_VERSION,
    dictionaryVersion: dictionary.version,
    close() {
      stop.abort();
    },
  };
}

/**
 * The opt-in switch: a refiner only when GROQ_API_KEY is set (sending note text out is the
 * agency's decision); otherwise undefined and the built-in reader serves alone.
 */
export function groqRefinerFromConfig(
  config: GroqConfig,
  deps: Omit<GroqRefinerOptions, 'apiKey' | 'model' | 'baseURL'>,
): GroqRefiner | undefined {
  if (!config.GROQ_API_KEY) return undefined;
  return createGroqRefiner({
    ...deps,
    apiKey: config.GROQ_API_KEY,
    model: config.GROQ_MODEL,
    baseURL: config.GROQ_BASE_URL,
    ...(config.GROQ_CONCURRENCY !== undefined ? { concurrency: config.GROQ_CONCURRENCY } : {}),
    ...(config.GROQ_QUEUE_MAX !== undefined ? { maxQueued: config.GROQ_QUEUE_MAX } : {}),
    ...(config.GROQ_TIMEOUT_MS !== undefined ? { timeoutMs: config.GROQ_TIMEOUT_MS } : {}),
  });
}

/** The GROQ_* settings (shared `loadConfig`); without GROQ_API_KEY there is no LLM reading. */
export interface GroqConfig {
  GROQ_API_KEY?: string | undefined;
  GROQ_MODEL: string;
  GROQ_BASE_URL?: string | undefined;
  GROQ_CONCURRENCY?: number;
  GROQ_QUEUE_MAX?: number;
  GROQ_TIMEOUT_MS?: number;
}
