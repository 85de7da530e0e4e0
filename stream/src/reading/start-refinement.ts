import type { JetStreamClient } from '@nats-io/jetstream';
import type { LoadedDictionary } from '@caseload/shared';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { groqAuditWriter, type AuditRedis } from './audit-writer.ts';
import type { CacheRedis } from './cache.ts';
import { groqRefinerFromConfig, type GroqConfig } from './groq-refiner.ts';
import { readingMetrics } from './metrics.ts';
import { RefinementRequester } from './refinement-requester.ts';

/**
 * The processor's LLM reading, when GROQ_API_KEY is set (sending note text out is the agency's
 * decision): logs which model and limits are in use (never the key) and returns the requester the
 * partitions hand their notes to; without a key, logs that the built-in reader serves alone.
 */
export function startRefinement(
  config: GroqConfig | undefined,
  deps: {
    redis: CacheRedis & AuditRedis;
    js: JetStreamClient;
    dictionary: LoadedDictionary;
    log: Logger;
    instanceId: string;
    registry?: Registry;
  },
): RefinementRequester | undefined {
  const refiner = config
    ? groqRefinerFromConfig(config, {
        redis: deps.redis,
        audit: groqAuditWriter(deps.redis, deps.instanceId),
        dictionary: deps.dictionary,
        ...(deps.registry ? { registry: deps.registry } : {}),
      })
    : undefined;
  if (!config || !refiner) {
    deps.log.info('LLM reading off (no GROQ_API_KEY): the built-in reader serves alone');
    return undefined;
  }
  const concurrency = config.GROQ_CONCURRENCY ?? 2;
  const queueMax = config.GROQ_QUEUE_MAX ?? 500;
  deps.log.info(
    {
      model: refiner.model,
      promptVersion: refiner.promptVersion,
      endpoint: config.GROQ_BASE_URL ? new URL(config.GROQ_BASE_URL).origin : 'https://api.groq.com',
      concurrency,
      queueMax,
      timeoutMs: config.GROQ_TIMEOUT_MS ?? 20_000,
    },
    'LLM reading on (Groq): each request is audited; built-in findings apply at once, refinements follow',
  );
  return new RefinementRequester({
    refiner,
    js: deps.js,
    dictionary: deps.dictionary,
    log: deps.log,
    metrics: readingMetrics(deps.registry),
    // Waiting in the refiner's queue plus in flight; beyond, a note keeps its built-in reading.
    maxPending: concurrency + queueMax,
  });
}
